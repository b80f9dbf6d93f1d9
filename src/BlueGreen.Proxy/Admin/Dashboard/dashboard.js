// BlueGreen's dashboard: vanilla JS, no library, served by the proxy with script-src 'self'.
// Every value that comes from the API is written with textContent (never as markup), so a reason or a
// destination id can only ever show as text.
"use strict";

(() => {
  const TOKEN_KEY = "bluegreen.adminToken";
  const POLL_MS = 1000;              // the contract allows polling once a second
  const WINDOW_SECONDS = 300;        // the charts show the last five minutes
  const POOLS = ["blue", "green"];
  const COLORS = { blue: "#2b6cb0", green: "#2f855a" };

  const $ = (id) => document.getElementById(id);

  let role = null;          // "operator" or "viewer" once logged in
  let pollTimer = null;
  let lastState = null;
  let weightsDirty = false; // the user is editing the weights: polling leaves the inputs alone
  let lastScrape = null;    // { at, pools: { blue: {...}, green: {...} } }
  const series = { rps: { blue: [], green: [] }, errors: { blue: [], green: [] }, p99: { blue: [], green: [] } };

  // ---------- messages ----------

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = false;
  }

  function clearError() {
    $("error").hidden = true;
    $("error").textContent = "";
  }

  function showNotice(message) {
    const box = $("notice");
    box.textContent = message;
    box.hidden = false;
    clearTimeout(showNotice.timer);
    showNotice.timer = setTimeout(() => { box.hidden = true; }, 4000);
  }

  // ---------- API ----------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function problemText(response) {
    let text = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      text = `${response.status} ${problem.title || response.statusText}`;
      if (problem.detail) {
        text += `: ${problem.detail}`;
      }
      if (problem.errors) {
        for (const [field, messages] of Object.entries(problem.errors)) {
          text += `\n${field}: ${[].concat(messages).join(" ")}`;
        }
      }
    } catch {
      // Not JSON: the status line says enough.
    }
    return text;
  }

  async function api(method, path, body, extraHeaders) {
    const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}`, ...extraHeaders };
    const init = { method, headers, cache: "no-store", credentials: "omit", redirect: "error" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    if (response.status === 404 && method === "GET") {
      return null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, await problemText(response));
    }
    const type = response.headers.get("Content-Type") || "";
    return type.includes("json") ? response.json() : response.text();
  }

  // A write from a control: shows the problem the API answers, or a short notice, then refreshes at once.
  async function write(method, path, body, done, extraHeaders) {
    clearError();
    try {
      await api(method, path, body, extraHeaders);
      showNotice(done);
      await refresh();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        logout("The token was refused (401); enter it again.");
      } else {
        showError(error.message);
      }
      return false;
    }
  }

  // ---------- login ----------

  async function login(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    try {
      const who = await api("GET", "/api/v1/whoami");
      role = who.name;
    } catch (error) {
      sessionStorage.removeItem(TOKEN_KEY);
      showError(error instanceof ApiError && error.status === 401
        ? "That token was refused (401 Unauthorized). Use the operator or viewer token of this proxy."
        : `Cannot reach the admin API: ${error.message}`);
      return;
    }

    clearError();
    $("token").value = "";
    $("login").hidden = true;
    $("dashboard").hidden = false;
    $("logout").hidden = false;
    $("who").textContent = `signed in as ${role}`;
    if (role !== "operator") {
      // The viewer token is read-only: its page has no controls at all.
      document.body.classList.add("viewer");
      for (const control of document.querySelectorAll(".control")) {
        control.remove();
      }
    }
    await refresh();
  }

  function logout(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    clearTimeout(pollTimer);
    pollTimer = null;
    // A fresh page restores the controls a viewer's page removed.
    if (role === "viewer") {
      location.reload();
      return;
    }
    role = null;
    $("dashboard").hidden = true;
    $("logout").hidden = true;
    $("login").hidden = false;
    $("who").textContent = "";
    if (message) {
      showError(message);
    }
  }

  // ---------- polling ----------

  async function refresh() {
    clearTimeout(pollTimer);
    try {
      const [state, rollout, history, metrics] = await Promise.all([
        api("GET", "/api/v1/state"),
        api("GET", "/api/v1/rollouts/current"),
        api("GET", "/api/v1/history?limit=20"),
        fetch("/metrics", { cache: "no-store", credentials: "omit" }).then((r) => (r.ok ? r.text() : "")),
      ]);
      lastState = state;
      renderState(state);
      renderRollout(rollout);
      renderHistory(history || []);
      addScrape(metrics);
      $("updated").textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        logout("The token was refused (401); enter it again.");
        return;
      }
      $("updated").textContent = `update failed: ${error.message}`;
    }
    if (role) {
      // A write's refresh may overlap the polling one: whichever ends last leaves the only timer.
      clearTimeout(pollTimer);
      pollTimer = setTimeout(refresh, POLL_MS);
    }
  }

  // ---------- rendering ----------

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function badge(text, kind) {
    const span = document.createElement("span");
    span.className = `badge ${kind || text}`;
    span.textContent = text;
    return span;
  }

  function setBadge(element, text) {
    element.textContent = text;
    element.className = `badge ${text}`;
  }

  function percent(value) {
    return `${Number(value).toLocaleString("en-US", { maximumFractionDigits: 2 })} %`;
  }

  function renderState(state) {
    setBadge($("stable"), `stable: ${state.stable}`);
    $("stable").className = `badge ${state.stable}`;
    $("version").textContent = `version ${state.version}`;

    const blue = Number(state.weights.blue);
    const green = Number(state.weights.green);
    $("bar-blue").style.width = `${blue}%`;
    $("bar-green").style.width = `${green}%`;
    $("bar-blue-label").textContent = blue > 0 ? `blue ${percent(blue)}` : "";
    $("bar-green-label").textContent = green > 0 ? `green ${percent(green)}` : "";
    $("pool-blue-weight").textContent = percent(blue);
    $("pool-green-weight").textContent = percent(green);

    if (role === "operator") {
      if (!weightsDirty) {
        $("weight-blue").value = String(blue);
        $("weight-green").value = String(green);
        $("weight-slider").value = String(green);
      }
      if (document.activeElement !== $("rollout-to")) {
        $("rollout-to").value = state.stable === "blue" ? "green" : "blue";
      }
    }

    for (const pool of POOLS) {
      const body = $(`destinations-${pool}`);
      body.replaceChildren();
      for (const destination of state.pools[pool].destinations) {
        const row = document.createElement("tr");
        row.dataset.destination = destination.id;
        cell(row, destination.id);
        cell(row, destination.address);
        cell(row, "").appendChild(badge(destination.health));
        cell(row, "").appendChild(badge(destination.mode));
        cell(row, destination.inFlight);
        if (role === "operator") {
          const actions = cell(row, "", "control");
          const action = destination.mode === "active" ? "drain" : "enable";
          const button = document.createElement("button");
          button.type = "button";
          button.textContent = action === "drain" ? "Drain" : "Enable";
          button.addEventListener("click", () => write(
            "POST",
            `/api/v1/pools/${encodeURIComponent(pool)}/destinations/${encodeURIComponent(destination.id)}/${action}`,
            { reason: "from the dashboard" },
            `${action === "drain" ? "Draining" : "Enabled"} ${destination.id}.`));
          actions.appendChild(button);
        }
        body.appendChild(row);
      }
    }
  }

  function formatFigure(value, digits) {
    return value === null || value === undefined || Number.isNaN(value) ? "–" : Number(value).toFixed(digits);
  }

  function renderRollout(rollout) {
    $("rollout-none").hidden = rollout !== null;
    $("rollout-info").hidden = rollout === null;
    if (rollout === null) {
      return;
    }
    setBadge($("rollout-status"), rollout.status);
    $("rollout-direction").textContent = `${rollout.from} → ${rollout.to}:`;
    $("rollout-step").textContent = `step ${rollout.step + 1} of ${rollout.steps.length}`;
    $("rollout-steps").textContent =
      `(steps ${rollout.steps.map((s) => `${s} %`).join(", ")}; now blue ${percent(rollout.weights.blue)} / green ${percent(rollout.weights.green)}; every ${rollout.stepInterval})`;
    $("rollout-reason").textContent = rollout.reason ? `reason: ${rollout.reason}` : "";
    const analysis = rollout.analysis || { verdict: "waiting", detail: "", pools: {} };
    setBadge($("rollout-verdict"), analysis.verdict);
    $("rollout-detail").textContent = analysis.detail;

    const body = $("rollout-figures");
    body.replaceChildren();
    for (const pool of POOLS) {
      const figures = analysis.pools[pool];
      if (!figures) {
        continue;
      }
      const row = document.createElement("tr");
      cell(row, pool);
      cell(row, figures.requests);
      cell(row, figures.errors);
      cell(row, `${formatFigure(figures.errorRate * 100, 2)} %`);
      cell(row, figures.p99Ms === null ? "–" : `${formatFigure(figures.p99Ms, 1)} ms`);
      body.appendChild(row);
    }
  }

  function renderHistory(events) {
    const body = $("history");
    body.replaceChildren();
    for (const event of events) {
      const row = document.createElement("tr");
      cell(row, new Date(event.at).toLocaleString());
      cell(row, event.actor);
      cell(row, event.action);
      cell(row, `${event.from} → ${event.to}`);
      cell(row, event.version);
      cell(row, event.reason, "reason");
      body.appendChild(row);
    }
  }

  // ---------- metrics: rates and p99 from successive scrapes of /metrics ----------

  // Reads the two series the charts need from Prometheus' text format; everything else is skipped.
  function parseMetrics(text) {
    const pools = {};
    for (const pool of POOLS) {
      pools[pool] = { requests: 0, errors: 0, buckets: new Map() };
    }
    const line = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}\s+(\S+)/;
    const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
    for (const raw of text.split("\n")) {
      if (!raw.startsWith("bluegreen_request")) {
        continue;
      }
      const match = line.exec(raw);
      if (!match) {
        continue;
      }
      const labels = {};
      for (const [, key, value] of match[2].matchAll(label)) {
        labels[key] = value;
      }
      const figures = pools[labels.pool];
      const value = Number(match[3]);
      if (!figures || Number.isNaN(value)) {
        continue;
      }
      if (match[1] === "bluegreen_requests_total") {
        figures.requests += value;
        if (labels.code && labels.code.startsWith("5")) {
          figures.errors += value;
        }
      } else if (match[1] === "bluegreen_request_duration_seconds_bucket") {
        figures.buckets.set(labels.le === "+Inf" ? Infinity : Number(labels.le), value);
      }
    }
    return pools;
  }

  // The 0.99 quantile of the requests between two scrapes, interpolated inside its bucket as histogram_quantile does.
  function p99Between(before, after) {
    const bounds = [...after.buckets.keys()].sort((a, b) => a - b);
    const deltas = bounds.map((le) => (after.buckets.get(le) || 0) - (before.buckets.get(le) || 0));
    const total = deltas[deltas.length - 1];
    if (!total || total <= 0) {
      return null;
    }
    const rank = 0.99 * total;
    for (let i = 0; i < bounds.length; i++) {
      if (deltas[i] >= rank) {
        if (bounds[i] === Infinity) {
          return i > 0 ? bounds[i - 1] : null;
        }
        const lower = i > 0 ? bounds[i - 1] : 0;
        const below = i > 0 ? deltas[i - 1] : 0;
        const inBucket = deltas[i] - below;
        return inBucket > 0 ? lower + (bounds[i] - lower) * ((rank - below) / inBucket) : bounds[i];
      }
    }
    return null;
  }

  function addScrape(text) {
    if (!text) {
      return;
    }
    const now = { at: performance.now(), pools: parseMetrics(text) };
    const previous = lastScrape;
    if (previous && now.at - previous.at < 500) {
      return; // a write's extra refresh: keep one point a second, measured from the older scrape
    }
    lastScrape = now;
    if (previous) {
      const seconds = (now.at - previous.at) / 1000;
      for (const pool of POOLS) {
        const requests = now.pools[pool].requests - previous.pools[pool].requests;
        const errors = now.pools[pool].errors - previous.pools[pool].errors;
        if (seconds <= 0 || requests < 0) {
          continue; // a counter reset (a restarted proxy): no point this time
        }
        push(series.rps[pool], requests / seconds);
        push(series.errors[pool], requests > 0 ? errors / requests : null);
        const p99 = p99Between(previous.pools[pool], now.pools[pool]);
        push(series.p99[pool], p99 === null ? null : p99 * 1000);
      }
    }
    drawChart($("chart-rps"), series.rps, (v) => v.toFixed(v < 10 ? 1 : 0));
    drawChart($("chart-errors"), series.errors, (v) => `${(v * 100).toFixed(1)} %`, 0.05);
    drawChart($("chart-p99"), series.p99, (v) => `${v.toFixed(v < 10 ? 1 : 0)} ms`);
  }

  function push(points, value) {
    points.push(value);
    if (points.length > WINDOW_SECONDS) {
      points.shift();
    }
  }

  // ---------- charts: hand-drawn on canvas ----------

  function drawChart(canvas, data, format, minimumMax) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || canvas.width;
    const height = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);

    const left = 48;
    const top = 8;
    const right = width - 8;
    const bottom = height - 20;
    let max = minimumMax || 0;
    for (const pool of POOLS) {
      for (const v of data[pool]) {
        if (v !== null && v > max) {
          max = v;
        }
      }
    }
    if (max <= 0) {
      max = 1;
    }
    max *= 1.1;

    g.strokeStyle = "#d0d5dd";
    g.fillStyle = "#667085";
    g.font = "11px system-ui, sans-serif";
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = bottom - ((bottom - top) * i) / 4;
      g.beginPath();
      g.moveTo(left, y + 0.5);
      g.lineTo(right, y + 0.5);
      g.stroke();
      g.textAlign = "right";
      g.textBaseline = "middle";
      g.fillText(format((max * i) / 4), left - 4, y);
    }
    g.textAlign = "left";
    g.textBaseline = "top";
    g.fillText(`last ${WINDOW_SECONDS / 60} min`, left, bottom + 4);
    g.textAlign = "right";
    g.fillText("now", right, bottom + 4);

    const step = (right - left) / (WINDOW_SECONDS - 1);
    for (const pool of POOLS) {
      const points = data[pool];
      const offset = WINDOW_SECONDS - points.length;
      g.strokeStyle = COLORS[pool];
      g.lineWidth = 2;
      g.beginPath();
      let drawing = false;
      points.forEach((v, i) => {
        if (v === null) {
          drawing = false;
          return;
        }
        const x = left + (offset + i) * step;
        const y = bottom - ((bottom - top) * v) / max;
        if (drawing) {
          g.lineTo(x, y);
        } else {
          g.moveTo(x, y);
          drawing = true;
        }
      });
      g.stroke();
    }
  }

  // ---------- controls ----------

  function roundWeight(value) {
    return Math.round(value * 100) / 100;
  }

  let confirmAction = null;

  function confirmThen(text, okLabel, action) {
    $("confirm-text").textContent = text;
    $("confirm-ok").textContent = okLabel;
    $("confirm-reason").value = "";
    confirmAction = action;
    $("confirm").showModal();
  }

  function wireControls() {
    $("login-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const token = $("token").value.trim();
      if (token) {
        login(token);
      }
    });
    $("logout").addEventListener("click", () => logout());

    $("confirm-cancel").addEventListener("click", () => $("confirm").close());
    $("confirm-ok").addEventListener("click", () => {
      const action = confirmAction;
      const reason = $("confirm-reason").value.trim();
      $("confirm").close();
      confirmAction = null;
      if (action) {
        action(reason);
      }
    });

    $("weight-slider").addEventListener("input", () => {
      weightsDirty = true;
      const green = Number($("weight-slider").value);
      $("weight-green").value = String(green);
      $("weight-blue").value = String(roundWeight(100 - green));
    });
    $("weight-green").addEventListener("input", () => {
      weightsDirty = true;
      const green = Number($("weight-green").value);
      $("weight-blue").value = String(roundWeight(100 - green));
      $("weight-slider").value = String(green);
    });
    $("weight-blue").addEventListener("input", () => {
      weightsDirty = true;
      const green = roundWeight(100 - Number($("weight-blue").value));
      $("weight-green").value = String(green);
      $("weight-slider").value = String(green);
    });
    $("weights-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = { blue: Number($("weight-blue").value), green: Number($("weight-green").value) };
      const reason = $("weights-reason").value.trim();
      if (reason) {
        body.reason = reason;
      }
      // Guarded by the version on screen: a change someone else made meanwhile gets 412, not overwritten.
      const guard = lastState ? { "If-Match": `"${lastState.version}"` } : {};
      if (await write("PUT", "/api/v1/weights", body, `Weights set: blue ${body.blue} %, green ${body.green} %.`, guard)) {
        weightsDirty = false;
        $("weights-reason").value = "";
      }
    });

    for (const pool of POOLS) {
      $(`switch-${pool}`).addEventListener("click", () => confirmThen(
        `Switch all traffic to ${pool}? ${pool} becomes the stable pool; requests in flight finish where they are.`,
        `Switch to ${pool}`,
        (reason) => write("POST", "/api/v1/switch", reason ? { to: pool, reason } : { to: pool }, `Switched to ${pool}.`)));
    }
    $("rollback").addEventListener("click", () => confirmThen(
      `Roll back: all traffic to the stable pool (${lastState ? lastState.stable : "stable"}) at once, aborting any rollout?`,
      "Roll back",
      (reason) => write("POST", "/api/v1/rollback", reason ? { reason } : {}, "Rolled back.")));

    const rolloutControl = (name, done) => $(`rollout-${name}`).addEventListener("click", () =>
      write("POST", `/api/v1/rollouts/current/${name}`, { reason: "from the dashboard" }, done));
    rolloutControl("pause", "Rollout paused.");
    rolloutControl("resume", "Rollout resumed.");
    rolloutControl("promote", "Rollout promoted.");
    $("rollout-abort").addEventListener("click", () => confirmThen(
      "Abort the rollout and return to the stable pool?",
      "Abort rollout",
      (reason) => write("POST", "/api/v1/rollouts/current/abort", reason ? { reason } : {}, "Rollout aborted.")));

    $("rollout-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const steps = $("rollout-steps-input").value.split(/[\s,;]+/).filter((s) => s.length > 0).map(Number);
      const seconds = Math.max(1, Math.floor(Number($("rollout-interval").value)));
      const pad = (n) => String(n).padStart(2, "0");
      const body = {
        to: $("rollout-to").value,
        steps,
        stepInterval: `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`,
      };
      const reason = $("rollout-reason-input").value.trim();
      if (reason) {
        body.reason = reason;
      }
      write("POST", "/api/v1/rollouts", body, `Rollout to ${body.to} started.`);
    });
  }

  function start() {
    wireControls();
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      login(token);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
