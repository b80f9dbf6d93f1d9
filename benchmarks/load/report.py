#!/usr/bin/env python3
"""The report of a kept load run: statistics, Markdown tables and SVG charts from run.sh's results directory.

    benchmarks/load/report.py RESULTS_DIR [--charts DIR]

Reads what run.sh wrote into RESULTS_DIR (meta.tsv, targets.tsv, results.tsv, rss.tsv, profile.*, pool-sample.txt,
switch-*, tls-handshakes.tsv, mirror-metrics.txt, curve-*.tsv, admin-*.tsv, soak-*), prints the report as Markdown
on stdout and writes one SVG chart per curve into DIR (default RESULTS_DIR/charts). Python 3 standard library only
(Debian's python3), so anyone can re-report a run. Its statistics are tested by test_report.py beside it.
"""

import argparse
import math
import os
import sys
from xml.sax.saxutils import escape

# Columns of a measured run (results.tsv; curve-*.tsv have the curve's x first).
COLUMNS = ("label", "round", "requests", "duration_us", "rps", "p50_us", "p90_us", "p99_us",
           "socket_errors", "non2xx", "blue", "green", "cpu_ticks", "bytes", "connections")
NAN = float("nan")
# The TLS targets (TLS=1) and the same proxy without TLS: BlueGreen, plain YARP, nginx, HAProxy.
PLAIN_OF = {"T": "C", "U": "B", "V": "D", "X": "E"}
# Green share expected of a target, in %, where it is not 5 (95/5).
EXPECTED_GREEN = {"A": "0", "B": "~50", "U": "~50", "M": "0", "N": "0"}
# The acceptance of a hanging mirror pool (issue 16): M's p99 at most this many times N's.
MIRROR_P99_LIMIT = 1.10

# ---------------------------------------------------------------------------------------------- statistics


def number(text):
    """A float from a field, NaN when it is not a number (a failed sample, an empty field)."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return NAN


def median(values):
    """The median of the numbers among values (the mean of the two middle ones for an even count); NaN for none."""
    v = sorted(x for x in values if not math.isnan(x))
    if not v:
        return NAN
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


def percentile(values, q):
    """The nearest-rank q-th percentile (0 < q <= 100) of the numbers among values; NaN for none."""
    v = sorted(x for x in values if not math.isnan(x))
    if not v:
        return NAN
    return v[max(0, math.ceil(q / 100 * len(v)) - 1)]


def paired_ratios(rows, a, b, field="rps"):
    """a's field / b's field in each round both ran (b's not zero), in round order: the noise of a round falls on both."""
    x = {r["round"]: r[field] for r in rows if r["label"] == a}
    y = {r["round"]: r[field] for r in rows if r["label"] == b}
    return [x[r] / y[r] for r in sorted(x) if r in y and y[r] > 0]


def paired_ratio(rows, a, b, field="rps"):
    """Median over rounds of (a's field / b's field in the same round)."""
    return median(paired_ratios(rows, a, b, field))


def median_interval(values, confidence=0.95):
    """The distribution-free confidence interval of the median: the order statistics x(j) and x(n + 1 - j), j the
    largest with P(Binomial(n, 1/2) < j) <= (1 - confidence) / 2. It assumes only that the values are independent
    draws of one distribution, which paired rounds of a load run are closer to than to any named distribution.
    (NaN, NaN) for fewer values than it needs (6 at 95 %): even [min, max] would cover less."""
    v = sorted(x for x in values if not math.isnan(x))
    n = len(v)
    tail = (1 - confidence) / 2
    below, j = 0.0, 0   # below: P(Binomial(n, 1/2) < j)
    while j < n and below + (step := math.comb(n, j) / 2 ** n) <= tail:
        below += step
        j += 1
    return (v[j - 1], v[n - j]) if j > 0 else (NAN, NAN)


def cpu_per_request(rows, label, clk_tck):
    """Median over rounds of the CPU µs the target's processes spent per request."""
    return median(r["cpu_ticks"] * 1e6 / clk_tck / r["requests"] for r in rows if r["label"] == label and r["requests"] > 0)


def green_share(rows, label):
    """Percentage of the backends' requests that green served during the label's runs; NaN when none were counted."""
    blue = sum(r["blue"] for r in rows if r["label"] == label)
    green = sum(r["green"] for r in rows if r["label"] == label)
    return 100 * green / (blue + green) if blue + green > 0 else NAN


def errors(rows, label=None):
    """Socket errors plus non-2xx/3xx answers over the label's runs (all runs when label is None)."""
    return int(sum(r["socket_errors"] + r["non2xx"] for r in rows if label is None or r["label"] == label))


def column(rows, label, field):
    return [r[field] for r in rows if r["label"] == label]


def prometheus_samples(lines):
    """[(name, {label: value}, value)] from Prometheus text lines such as 'name{pool="green",kind="timeout"} 12'."""
    out = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, _, value = line.rpartition(" ")
        name, _, labels = head.partition("{")
        pairs = {}
        for part in labels.rstrip("}").split(","):
            key, _, text = part.partition("=")
            if key:
                pairs[key.strip()] = text.strip().strip('"')
        out.append((name, pairs, number(value)))
    return out


def mirror_summary(samples, pool="green"):
    """What the mirrors to pool did, from its /metrics samples: ended (answered or failed), errors by kind, mean
    duration in seconds, dropped at the cap, skipped by reason; absent series count 0."""
    def total(name, key=None):
        found = {}
        for n, labels, v in samples:
            if n == name and labels.get("pool") == pool:
                k = labels.get(key, "") if key else ""
                found[k] = found.get(k, 0.0) + v
        return found
    ended = total("bluegreen_mirrored_requests_total").get("", 0.0)
    count = total("bluegreen_mirrored_request_duration_seconds_count").get("", 0.0)
    seconds = total("bluegreen_mirrored_request_duration_seconds_sum").get("", 0.0)
    return {"ended": ended, "errors": total("bluegreen_mirrored_request_errors_total", "kind"),
            "mean_seconds": seconds / count if count > 0 else NAN,
            "dropped": total("bluegreen_mirrored_requests_dropped_total").get("", 0.0),
            "skipped": total("bluegreen_mirrored_requests_skipped_total", "reason")}


def growth(samples, field, total_seconds):
    """(first, last, growth %, warm-up s, window s) of a soak field: the median over the minute after the first one
    (the warm-up) against the median over the last minute. Shorter soaks shrink both: the warm-up is at most a
    third of the soak, each window at most half of the rest."""
    warm = min(60.0, total_seconds / 3)
    window = min(60.0, (total_seconds - warm) / 2)
    first = median(s[field] for s in samples if warm <= s["seconds"] < warm + window)
    last = median(s[field] for s in samples if s["seconds"] >= total_seconds - window)
    change = 100 * (last / first - 1) if not math.isnan(first) and first > 0 else NAN
    return first, last, change, warm, window


# ---------------------------------------------------------------------------------------------- reading a run


class Run:
    """What run.sh kept of one run."""

    def __init__(self, directory):
        self.dir = directory
        self.meta = dict(self._table("meta.tsv", 2))
        self.targets = [(k, v) for k, v in self._table("targets.tsv", 2)]
        self.names = dict(self.targets)
        self.results = self.rows("results.tsv")
        self.clk_tck = number(self.meta.get("clk_tck", "100"))

    def path(self, name):
        return os.path.join(self.dir, name)

    def exists(self, name):
        return os.path.isfile(self.path(name))

    def lines(self, name):
        if not self.exists(name):
            return []
        with open(self.path(name), encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f]

    def _table(self, name, width):
        return [(line.split("\t") + [""] * width)[:width] for line in self.lines(name) if line]

    def rows(self, name, x=False):
        """The measured runs in a results file, numbers as floats (label kept as text); with x, the curve's x first."""
        out = []
        for line in self.lines(name):
            if not line:
                continue
            fields = line.split("\t")
            row = {}
            if x:
                row["x"] = number(fields.pop(0))
            for key, value in zip(COLUMNS, fields):
                row[key] = value if key == "label" else number(value)
            out.append(row)
        return out

    def int_meta(self, key, default=0):
        value = number(self.meta.get(key, ""))
        return default if math.isnan(value) else int(value)


# ---------------------------------------------------------------------------------------------- formatting


def f2(v):
    return "nan" if math.isnan(v) else f"{v:.2f}"


def f0(v):
    return "nan" if math.isnan(v) else f"{v:.0f}"


def f1(v):
    return "nan" if math.isnan(v) else f"{v:.1f}"


def g6(v):
    """As awk prints a number: up to six significant digits."""
    return "nan" if math.isnan(v) else f"{v:.6g}"


def interval(bounds):
    """A confidence interval as "low-high" with two decimals; "—" when there is none."""
    low, high = bounds
    return "—" if math.isnan(low) else f"{f2(low)}-{f2(high)}"


def ms(us):
    return us / 1000


def size_label(n):
    n = int(n)
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return f"{n >> 20} MB"
    if n >= 1 << 10 and n % (1 << 10) == 0:
        return f"{n >> 10} KB"
    return f"{n} B"


def plain_number(v):
    return f"{int(v):,}" if v == int(v) else g6(v)


# ---------------------------------------------------------------------------------------------- SVG charts

PALETTE = {"A": "#7f7f7f", "B": "#ff7f0e", "C": "#1f77b4", "D": "#2ca02c", "E": "#9467bd", "F": "#8c564b",
           "H": "#17becf", "R": "#e377c2", "P": "#bcbd22"}
EXTRA_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def nice_ticks(low, high, count=5):
    """Round tick values from low to at least high (about count of them), for a linear axis."""
    if not high > low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    t = first
    while t < high + step * 0.999:
        ticks.append(round(t, 10))
        t += step
        if t > high and ticks[-1] >= high:
            break
    return ticks


def line_chart(title, x_label, y_label, series, log_x=False, x_tick_labels=None):
    """An SVG line chart: series is [(name, colour or None, [(x, y), ...])]; NaN points break a line. The y axis starts
    at 0; the x axis is log10 when log_x (ticks at the data's x values), linear otherwise. Returns the SVG text."""
    width, height = 760, 420
    left, right, top, bottom = 80, 230, 44, 62
    plot_w, plot_h = width - left - right, height - top - bottom
    points = [(x, y) for _, _, pts in series for x, y in pts if not math.isnan(y) and not math.isnan(x)]
    xs = sorted({x for x, _ in points}) or [1]
    y_ticks = nice_ticks(0, max([y for _, y in points] + [0]) or 1)
    y_max = y_ticks[-1]

    if log_x:
        lo, hi = math.log10(xs[0]), math.log10(xs[-1])
        x_ticks = xs

        def fx(x):
            return left + (0.5 if hi == lo else (math.log10(x) - lo) / (hi - lo)) * plot_w
    else:
        x_ticks = nice_ticks(min(0, xs[0]), xs[-1])
        lo, hi = x_ticks[0], x_ticks[-1]

        def fx(x):
            return left + (x - lo) / (hi - lo) * plot_w

    def fy(y):
        return top + plot_h - y / y_max * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2:.1f}" y="24" text-anchor="middle" font-size="15" font-weight="bold">{escape(title)}</text>']
    for t in y_ticks:
        y = fy(t)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(plain_number(t))}</text>')
    for t in x_ticks:
        x = fx(t)
        label = x_tick_labels(t) if x_tick_labels else plain_number(t)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#f0f0f0"/>')
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{escape(label)}</text>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="black"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="black"/>')
    scale = " (log scale)" if log_x else ""
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 18}" text-anchor="middle">{escape(x_label + scale)}</text>')
    out.append(f'<text transform="translate(18 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle">{escape(y_label)}</text>')

    for i, (name, colour, pts) in enumerate(series):
        colour = colour or EXTRA_COLOURS[i % len(EXTRA_COLOURS)]
        segment = []
        segments = [segment]
        for x, y in sorted(pts):
            if math.isnan(y) or math.isnan(x):
                segment = []
                segments.append(segment)
            else:
                segment.append((fx(x), fy(y)))
        for seg in segments:
            if len(seg) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in seg)
                out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
            for px, py in (seg if len(pts) <= 40 else []):   # a long series (the soak's samples) is a plain line
                out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>')
        ly = top + 10 + i * 20
        lx = left + plot_w + 16
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 22}" y2="{ly}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{lx + 28}" y="{ly + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------- the report


class Report:
    """Builds the Markdown (lines) and the charts (name -> SVG text) of a run."""

    def __init__(self, run):
        self.run = run
        self.out = []
        self.charts = {}

    def p(self, text=""):
        self.out.append(text)

    def name(self, label):
        return self.run.names.get(label, label)

    def series_name(self, label):
        return f"{label} {self.name(label)}"

    def build(self):
        run = self.run
        self.header()
        if run.int_meta("main", 1) and any(r["label"] in run.names for r in run.results):
            self.main_table()
            self.ratio_intervals()
            self.tls_table()
            self.mirror_table()
            self.profile()
            self.pool_sample()
            self.switch_cost()
            self.switching()
            self.checks()
        self.connections_curve()
        self.size_curve()
        self.destinations_curve()
        self.admin_curve()
        self.soak()
        if self.charts:
            self.p(f"Charts: {', '.join(sorted(self.charts))}")
            self.p()
        if "total_seconds" in run.meta:
            self.p(f"Total run time: {run.meta['total_seconds']} s")
        return "\n".join(self.out) + "\n"

    # ------------------------------------------------------------------------------------------ main targets
    def header(self):
        m = self.run.meta
        self.p("# BlueGreen load run")
        self.p()
        self.p(f"- date: {m.get('date', '?')}; machine: {m.get('machine', '?')}")
        if m.get("load_average"):
            self.p(f"- load average at the start: {m['load_average']}")
        if self.run.int_meta("main", 1):
            self.p(f"- load: wrk -t{m.get('threads', '?')} -c{m.get('connections', '?')}, {m.get('rounds', '?')} interleaved rounds of "
                   f"{m.get('duration', '?')} s per target ({m.get('warmup', '?')} s warm-up before each, {m.get('first_warmup', '?')} s per "
                   "target before round 1); medians over rounds")
        else:
            self.p(f"- load: wrk -t{m.get('threads', '?')} -c{m.get('connections', '?')}; the main targets were not measured (MAIN=0)")
        self.p(f"- tools: {m.get('tools', '?')}")
        if m.get("code"):
            self.p(f"- code: {m['code']}")
        self.p(f"- backends: {m.get('backends', '?')}")
        self.p(f"- runtime settings of plain YARP (B) and BlueGreen (C), the same for both: {m.get('runtime_env', '?')}")
        self.p(f"  - runtimeconfig (B): {m.get('runtimeconfig_b', '')}; (C): {m.get('runtimeconfig_c', '')}")
        if m.get("bluegreen_env"):
            self.p(f"- F = BlueGreen with, in addition: {m['bluegreen_env']}")
        if m.get("f_dll"):
            self.p(f"- F = BlueGreen from {m['f_dll']}")
        if m.get("curves"):
            self.p(f"- curves: {m['curves']}, {m.get('curve_rounds', '?')} interleaved rounds of {m.get('curve_duration', '?')} s per point and target")
        if self.run.int_meta("soak_seconds"):
            self.p(f"- soak: {m['soak_seconds']} s, memory sampled every {m.get('soak_sample_seconds', '?')} s")
        self.p()

    def main_table(self):
        run, rows = self.run, self.run.results
        labels = [t for t, _ in run.targets]
        rounds = run.int_meta("rounds", 1)
        rss = dict(run._table("rss.tsv", 2))
        self.p(f"## Throughput and latency (medians over {rounds} rounds)")
        self.p()
        self.p("| target | req/s | × plain YARP | × nginx | p50 ms | p90 ms | p99 ms | CPU µs/req | RSS after load | green share (expected) | errors |")
        self.p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for t in labels:
            rps = median(column(rows, t, "rps"))
            p50, p90, p99 = (ms(median(column(rows, t, f))) for f in ("p50_us", "p90_us", "p99_us"))
            cpu = f1(cpu_per_request(rows, t, run.clk_tck))
            if t == "A":
                cpu = f"(backend) {cpu}"
            expected = EXPECTED_GREEN.get(t, "5")
            share = green_share(rows, t)
            self.p(f"| {t} {self.name(t)} | {f0(rps)} | {f2(paired_ratio(rows, t, 'B'))} | {f2(paired_ratio(rows, t, 'D'))} | "
                   f"{f2(p50)} | {f2(p90)} | {f2(p99)} | {cpu} | {f0(number(rss.get(t)) / 1024)} MB | {f2(share)} % ({expected} %) | {errors(rows, t)} |")
        self.p()
        self.p("Ratios are paired: the median over rounds of (target's req/s ÷ B's, or D's, req/s in the same round).")
        self.p("CPU µs/req: user+system CPU time of the proxy's processes (nginx: master and worker) during the measured run,")
        self.p("÷ requests; for A it is the blue backend's own cost. RSS: VmRSS from /proc after the last round (nginx: master")
        self.p("+ worker). Green share: requests counted by the backends' stub_status during the measured runs.")
        self.p()
        self.p("Per round (req/s):")
        self.p()
        self.p("```")
        self.p("round" + "".join(f"{t:>10}" for t in labels))
        for r in range(1, rounds + 1):
            values = {x["label"]: f0(x["rps"]) for x in rows if x["round"] == r}
            self.p(f"{r:5d}" + "".join(f"{values.get(t, ''):>10}" for t in labels))
        self.p("```")
        self.p()

    def ratio_intervals(self):
        run, rows = self.run, self.run.results
        paired = {t: paired_ratios(rows, t, "B") for t, _ in run.targets if t != "B"}
        paired = {t: rps for t, rps in paired.items() if rps}
        if not paired:
            return
        self.p("## How sure the ratios to plain YARP are")
        self.p()
        self.p("| target | paired rounds | req/s ÷ B | 95 % interval | per round | p99 ÷ B | 95 % interval |")
        self.p("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for t, rps in paired.items():
            p99 = paired_ratios(rows, t, "B", "p99_us")
            self.p(f"| {t} {self.name(t)} | {len(rps)} | {f2(median(rps))} | {interval(median_interval(rps))} | "
                   f"{f2(min(rps))}-{f2(max(rps))} | {f2(median(p99))} | {interval(median_interval(p99))} |")
        self.p()
        self.p("The interval is the median's, distribution-free (order statistics of the per-round ratios): a target is")
        self.p("met with 95 % confidence only when its whole interval clears it. Under 6 paired rounds there is none (—).")
        self.p()

    def tls_table(self):
        run, rows = self.run, self.run.results
        labels = [t for t, _ in run.targets if t in PLAIN_OF]
        if not labels:
            return
        self.p("## TLS termination (same certificate)")
        self.p()
        self.p(f"Every target serves the same certificate: {run.meta.get('tls_certificate', '?')}.")
        self.p("wrk speaks HTTP/1.1 over TLS (no ALPN) on connections it keeps alive, so the handshakes fall in the warm-ups")
        self.p("and a measured run is mostly the encryption of requests and answers. Ratios are paired per round, as above.")
        self.p()
        self.p("| target | req/s | × nginx TLS | × BlueGreen plain | × itself plain | p50 ms | p99 ms | p99 × itself plain | CPU µs/req | errors |")
        self.p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for t in labels:
            plain = PLAIN_OF[t]
            p50, p99 = (ms(median(column(rows, t, f))) for f in ("p50_us", "p99_us"))
            self.p(f"| {t} {self.name(t)} | {f0(median(column(rows, t, 'rps')))} | {f2(paired_ratio(rows, t, 'V'))} | "
                   f"{f2(paired_ratio(rows, t, 'C'))} | {f2(paired_ratio(rows, t, plain))} | {f2(p50)} | {f2(p99)} | "
                   f"{f2(paired_ratio(rows, t, plain, 'p99_us'))} | {f1(cpu_per_request(rows, t, run.clk_tck))} | {errors(rows, t)} |")
        self.p()
        self.p("× nginx TLS: ÷ V; × BlueGreen plain: ÷ C (BlueGreen 95/5 without TLS); × itself plain: ÷ the same proxy")
        self.p("without TLS (T ÷ C, U ÷ B, V ÷ D, X ÷ E). nan: that target was not measured (ONLY).")
        self.p()
        handshakes = run._table("tls-handshakes.tsv", 4)
        if handshakes:
            expected = run.meta.get("tls_fingerprint", "")
            self.p("| target | protocol | cipher | certificate served |")
            self.p("| --- | --- | --- | --- |")
            for t, protocol, cipher, fingerprint in handshakes:
                served = "the run's" if fingerprint and fingerprint == expected else (f"another: {fingerprint}" if fingerprint else "none (no handshake)")
                self.p(f"| {t} {self.name(t)} | {protocol or '?'} | {cipher or '?'} | {served} |")
            self.p()
            if len({(p, c) for _, p, c, _ in handshakes}) > 1:
                self.p("Not every target negotiated the same protocol and cipher: their ratios compare unlike work.")
                self.p()

    def mirror_table(self):
        run, rows = self.run, self.run.results
        labels = [t for t, _ in run.targets]
        if "M" not in labels or "N" not in labels:
            return
        self.p("## Mirroring into a pool that hangs (M against N)")
        self.p()
        self.p(f"M: {self.name('M')}; green accepts connections and never answers, so every copy waits until its timeout.")
        self.p(f"N: {self.name('N')}, otherwise the same. Interleaved in every round (M first in odd rounds, N in even")
        self.p("ones); ratios paired per round.")
        self.p()
        self.p("| round | N req/s | M req/s | M ÷ N req/s | N p99 ms | M p99 ms | M ÷ N p99 |")
        self.p("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        m = {r["round"]: r for r in rows if r["label"] == "M"}
        n = {r["round"]: r for r in rows if r["label"] == "N"}
        paired = sorted(set(m) & set(n))
        for r in paired:
            a, b = m[r], n[r]
            self.p(f"| {r:.0f} | {f0(b['rps'])} | {f0(a['rps'])} | {f2(a['rps'] / b['rps'] if b['rps'] > 0 else NAN)} | "
                   f"{f2(ms(b['p99_us']))} | {f2(ms(a['p99_us']))} | {f2(a['p99_us'] / b['p99_us'] if b['p99_us'] > 0 else NAN)} |")
        rps_ratio, p99_ratio = paired_ratio(rows, "M", "N"), paired_ratio(rows, "M", "N", "p99_us")
        self.p(f"| median | {f0(median(column(rows, 'N', 'rps')))} | {f0(median(column(rows, 'M', 'rps')))} | {f2(rps_ratio)} | "
               f"{f2(ms(median(column(rows, 'N', 'p99_us'))))} | {f2(ms(median(column(rows, 'M', 'p99_us'))))} | {f2(p99_ratio)} |")
        self.p()
        if math.isnan(p99_ratio):
            verdict = "no paired round: not judged"
        elif p99_ratio <= MIRROR_P99_LIMIT:
            verdict = f"within {MIRROR_P99_LIMIT:.2f}: met"
        else:
            verdict = f"above {MIRROR_P99_LIMIT:.2f}: not met"
        self.p(f"- p99 M ÷ N = {number_or_nan(p99_ratio, '.3f')} (paired median over {len(paired)} rounds; acceptance: a mirror "
               f"pool that hangs adds no client latency, p99 within {MIRROR_P99_LIMIT:.2f}× of mirroring off): {verdict}")
        self.p(f"- req/s M ÷ N = {number_or_nan(rps_ratio, '.3f')} (paired)")
        self.p(f"- socket errors and non-2xx answers: M {errors(rows, 'M')}, N {errors(rows, 'N')}")
        samples = prometheus_samples(run.lines("mirror-metrics.txt"))
        if samples:
            summary = mirror_summary(samples)
            kinds = ", ".join(f"{plain_number(v)} {k}" for k, v in sorted(summary["errors"].items()) if v) or "none"
            skipped = ", ".join(f"{plain_number(v)} {k}" for k, v in sorted(summary["skipped"].items()) if v) or "none"
            mean = "" if math.isnan(summary["mean_seconds"]) else f", {summary['mean_seconds']:.1f} s each on average"
            self.p(f"- M's copies to green over the whole run (its /metrics, warm-ups included): {plain_number(summary['ended'])} ended "
                   f"(errors: {kinds}){mean}; {plain_number(summary['dropped'])} dropped at the cap (32 in flight, 32 queued); "
                   f"skipped: {skipped}")
            if summary["ended"] + summary["dropped"] == 0:
                self.p("- M copied nothing to green: the run did not test a hanging mirror")
        self.p()

    def profile(self):
        run = self.run
        if not (run.exists("profile.B.us") and run.exists("profile.C.us")):
            return
        us_b, us_c = (run.lines(f"profile.{k}.us")[0].strip() for k in ("B", "C"))
        b = {a: number(s) * number(us_b) / 100 for a, s in run._table("profile.B.tsv", 2)}
        c = {a: number(s) * number(us_c) / 100 for a, s in run._table("profile.C.tsv", 2)}
        seconds = run.meta.get("profile_seconds", "?")
        self.p(f"## Where the CPU goes: plain YARP (B) and BlueGreen (C), perf, {seconds} s each at wrk -c{run.meta.get('connections', '?')}")
        self.p()
        self.p("Self time by .NET assembly (kernel: network stack and syscalls; BlueGreen's own code is BlueGreen.Core and")
        self.p("BlueGreen.Proxy), in CPU µs per request: the assembly's share of the samples × the target's CPU µs per request")
        self.p(f"in the sampled window (B {us_b}, C {us_c}). Rows under 0.3 µs in both are left out.")
        self.p()
        self.p("| where | B µs/req | C µs/req | C − B |")
        self.p("| --- | ---: | ---: | ---: |")
        kept = [(a, b.get(a, 0.0), c.get(a, 0.0)) for a in set(b) | set(c) if b.get(a, 0.0) >= 0.3 or c.get(a, 0.0) >= 0.3]
        for a, vb, vc in sorted(kept, key=lambda k: -k[2]):
            self.p(f"| {a} | {vb:.2f} | {vc:.2f} | {vc - vb:+.2f} |")
        self.p(f"| **total** | **{us_b}** | **{us_c}** | **{number(us_c) - number(us_b):+.1f}** |")
        self.p()
        self.p("BlueGreen's hottest functions (self time, at least 0.7 % of its samples):")
        self.p()
        self.p("```")
        for line in run.lines("profile.C.top"):
            self.p(line)
        self.p("```")
        self.p()

    def pool_sample(self):
        lines = self.run.lines("pool-sample.txt")
        if not lines:
            return
        counts = {}
        for line in lines:
            key = line.strip() or "(none)"
            counts[key] = counts.get(key, 0) + 1
        text = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        self.p(f"X-BlueGreen-Pool over {len(lines):,} sequential requests to C at 95/5: {text}")
        self.p()

    def switch_cost(self):
        rows = self.run._table("switch-samples.tsv", 4)
        if not rows:
            return
        self.p("## What a switch costs (BlueGreen, C)")
        self.p()
        self.p("Each sample: one curl process sends PUT /api/v1/weights (0/100, then 100/0, alternating) and, as soon as it")
        self.p("returns, GETs through the data plane until an answer carries the new pool in X-BlueGreen-Pool. 'to new pool' is")
        self.p("the time from the PUT's return to that answer (its round trip included); 'stale' counts answers from the old pool")
        self.p("after the PUT returned (the contract says 0).")
        self.p()
        self.p("| condition | samples | to new pool, median ms | max ms | PUT round trip, median ms | stale answers |")
        self.p("| --- | ---: | ---: | ---: | ---: | ---: |")
        for condition in dict.fromkeys(r[0] for r in rows):
            mine = [r for r in rows if r[0] == condition]
            to_new = [number(r[1]) for r in mine]
            failed = sum(1 for v in to_new if math.isnan(v))
            note = f" ({failed} without a new-pool answer)" if failed else ""
            self.p(f"| {condition} | {len(mine)}{note} | {g6(median(to_new))} | {g6(max((v for v in to_new if not math.isnan(v)), default=NAN))} | "
                   f"{g6(median(number(r[3]) for r in mine))} | {int(sum(number(r[2]) for r in mine if not math.isnan(number(r[2]))))} |")
        self.p()

    def switching(self):
        rows = self.run.results
        if not any(r["label"] == "C-switching" for r in rows):
            return
        self.p(f"## Throughput while switching every 100 ms (BlueGreen, C; {self.run.meta.get('switch_rounds', '?')} interleaved rounds, medians)")
        self.p()
        self.p("| run | req/s | p50 ms | p99 ms | green share | errors |")
        self.p("| --- | ---: | ---: | ---: | ---: | ---: |")
        for t in ("C-steady", "C-switching"):
            self.p(f"| {t} | {f0(median(column(rows, t, 'rps')))} | {f2(ms(median(column(rows, t, 'p50_us'))))} | "
                   f"{f2(ms(median(column(rows, t, 'p99_us'))))} | {f2(green_share(rows, t))} % | {errors(rows, t)} |")
        self.p()
        codes = {}
        for line in self.run.lines("switch-codes.txt"):
            if line.strip():
                codes[line.strip()] = codes.get(line.strip(), 0) + 1
        changes = ", ".join(f"{n} × HTTP {code}" for code, n in sorted(codes.items()))
        self.p(f"Switching ÷ steady (paired): {number_or_nan(paired_ratio(rows, 'C-switching', 'C-steady'), '.3f')}; weight changes during the runs: {changes}")
        self.p()

    def checks(self):
        run, rows = self.run, self.run.results
        labels = [t for t, _ in run.targets]
        self.p("## Checks")
        self.p()
        odd = False
        bg = paired_ratio(rows, "C", "B")
        if not math.isnan(bg) and bg < 0.97:
            self.p(f"- BlueGreen ÷ plain YARP = {bg:.3f}, below 0.97")
            odd = True
        for t in labels:
            share = green_share(rows, t)
            if t in ("C", "D", "E", "F", "R", "P", "H", "T", "V", "X") and (share < 4 or share > 6):
                self.p(f"- {t} {self.name(t)}: green share {f2(share)} %, expected 5 %")
                odd = True
            if EXPECTED_GREEN.get(t) == "0" and share > 0.1:
                self.p(f"- {t}: the green backend was hit while only blue was loaded")
                odd = True
            if errors(rows, t):
                self.p(f"- {t} {self.name(t)}: {errors(rows, t)} socket errors or non-2xx answers")
                odd = True
        if "P" in labels and "C" in labels:
            self.p(f"- BlueGreen with the dashboard open ÷ as shipped = {number_or_nan(paired_ratio(rows, 'P', 'C'), '.3f')} (P ÷ C, paired)")
        if "H" in labels and "C" in labels:
            self.p(f"- BlueGreen with consistent hash ÷ as shipped = {number_or_nan(paired_ratio(rows, 'H', 'C'), '.3f')} (H ÷ C, paired)")
        for t, _, _, fingerprint in run._table("tls-handshakes.tsv", 4):
            if t in labels and fingerprint != run.meta.get("tls_fingerprint", ""):
                self.p(f"- {t} {self.name(t)}: did not serve the run's certificate")
                odd = True
        if "M" in labels and "N" in labels:
            ratio = paired_ratio(rows, "M", "N", "p99_us")
            if not math.isnan(ratio) and ratio > MIRROR_P99_LIMIT:
                self.p(f"- mirroring into a hanging pool: p99 M ÷ N = {ratio:.3f}, above {MIRROR_P99_LIMIT:.2f}")
                odd = True
        if "R" in labels:
            self.p(f"- BlueGreen with a rollout running ÷ plain YARP = {number_or_nan(paired_ratio(rows, 'R', 'B'), '.3f')} (R ÷ B, paired); with F's settings when given")
            end = " ".join(run.lines("rollout-end.txt")).strip()
            if end:
                self.p(f"- R's rollout at the end: {end}")
        if not odd:
            self.p("- nothing odd: BlueGreen ≥ 0.97 × plain YARP, every 95/5 split within 4-6 % green, no errors")
        self.p()

    # ------------------------------------------------------------------------------------------ curves
    def curve_rows(self, name):
        return self.run.rows(f"curve-{name}.tsv", x=True) if self.run.exists(f"curve-{name}.tsv") else []

    @staticmethod
    def by_point(rows, label, x, field):
        return [r[field] for r in rows if r["label"] == label and r["x"] == x]

    @staticmethod
    def points(rows):
        """A curve's x values, in order, and its targets, in the order they were measured."""
        return sorted({r["x"] for r in rows}), list(dict.fromkeys(r["label"] for r in rows))

    def median_at(self, rows, field):
        """The median of a field of a target's runs at a point of the curve."""
        return lambda t, x: median(self.by_point(rows, t, x, field))

    def p99_at(self, rows):
        """The median p99 in ms of a target at a point of the curve."""
        median_p99 = self.median_at(rows, "p99_us")
        return lambda t, x: ms(median_p99(t, x))

    def paired_at(self, rows, x, a, b, field="rps"):
        return paired_ratio([r for r in rows if r["x"] == x], a, b, field)

    def curve_table(self, rows, xs, labels, heading, value, fmt, x_fmt=plain_number):
        self.p(heading)
        self.p()
        self.p("| target | " + " | ".join(x_fmt(x) for x in xs) + " |")
        self.p("| --- |" + " ---: |" * len(xs))
        for t in labels:
            self.p(f"| {t} {self.name(t)} | " + " | ".join(fmt(value(t, x)) for x in xs) + " |")
        self.p()

    def curve_errors(self, rows):
        n = errors(rows)
        self.p(f"Socket errors and non-2xx answers over the curve: {n}" + ("" if n == 0 else " (see the per-run rows in the results directory)"))
        self.p()

    def chart_series(self, rows, labels, xs, value):
        return [(self.series_name(t), PALETTE.get(t), [(x, value(t, x)) for x in xs]) for t in labels]

    def connections_curve(self):
        rows = self.curve_rows("connections")
        if not rows:
            return
        xs, labels = self.points(rows)
        p99 = self.p99_at(rows)
        rps = self.median_at(rows, "rps")

        self.p("## Curve: connections")
        self.p()
        self.p(f"wrk -t{self.run.meta.get('threads', '?')} with the given connections, same targets as above; medians over the rounds.")
        self.p()
        self.curve_table(rows, xs, labels, "Requests per second:", rps, f0)
        self.curve_table(rows, xs, labels, "p99 ms:", p99, f2)
        if "B" in labels and "C" in labels:
            self.p("BlueGreen ÷ plain YARP (req/s, paired per round): " +
                   ", ".join(f"{plain_number(x)}: {f2(self.paired_at(rows, x, 'C', 'B'))}" for x in xs))
            self.p()
        self.curve_errors(rows)
        self.charts["connections-rps.svg"] = line_chart(
            "Requests per second against connections", "wrk connections", "requests per second",
            self.chart_series(rows, labels, xs, rps), log_x=True)
        self.charts["connections-p99.svg"] = line_chart(
            "p99 latency against connections", "wrk connections", "p99 (ms)",
            self.chart_series(rows, labels, xs, p99), log_x=True)

    def size_curve(self):
        rows = self.curve_rows("size")
        if not rows:
            return
        xs, labels = self.points(rows)
        p99 = self.p99_at(rows)

        def mbps(t, x):
            return median(r["bytes"] / r["duration_us"] for r in rows if r["label"] == t and r["x"] == x and r["duration_us"] > 0)

        self.p("## Curve: response size")
        self.p()
        self.p(f"wrk -c{self.run.meta.get('connections', '?')} fetching a body of the given size, served by the backends from memory "
               "(the page cache); MB/s is what wrk read (headers included, 1 MB = 10⁶ bytes).")
        self.p()
        self.curve_table(rows, xs, labels, "MB/s:", mbps, f1, size_label)
        self.curve_table(rows, xs, labels, "p99 ms:", p99, f2, size_label)
        self.curve_errors(rows)
        self.charts["size-throughput.svg"] = line_chart(
            "Throughput against response size", "response body", "MB/s",
            self.chart_series(rows, labels, xs, mbps), log_x=True, x_tick_labels=size_label)

    def destinations_curve(self):
        rows = self.curve_rows("destinations")
        if not rows:
            return
        xs, labels = self.points(rows)
        p99 = self.p99_at(rows)
        rps = self.median_at(rows, "rps")

        def cpu(t, x):
            return cpu_per_request([r for r in rows if r["x"] == x], t, self.run.clk_tck)

        self.p("## Curve: destinations per pool")
        self.p()
        self.p("BlueGreen (C) with N blue and N green destinations; plain YARP (B) with one cluster of the same 2N. Each")
        self.p("destination is a loopback address of its own (127.0.1.1, ...) on two 1-worker nginx backends, so each has its")
        self.p("own connection pool. Per-request cost is the CPU µs per request; flat means it does not grow with N.")
        self.p()
        self.curve_table(rows, xs, labels, "CPU µs per request:", cpu, f1)
        self.curve_table(rows, xs, labels, "Requests per second:", rps, f0)
        self.curve_table(rows, xs, labels, "p99 ms:", p99, f2)
        self.curve_table(rows, xs, labels, "Green share, % (C expects 5, B about 50):",
                         lambda t, x: green_share([r for r in rows if r["x"] == x], t), f2)
        self.curve_errors(rows)
        self.charts["destinations-cpu.svg"] = line_chart(
            "CPU per request against destinations per pool", "destinations per pool", "CPU µs per request",
            self.chart_series(rows, labels, xs, cpu), log_x=True)
        self.charts["destinations-rps.svg"] = line_chart(
            "Requests per second against destinations per pool", "destinations per pool", "requests per second",
            self.chart_series(rows, labels, xs, rps), log_x=True)

    def admin_curve(self):
        latency = [(number(h), c, code, number(v)) for h, c, code, v in self.run._table("admin-latency.tsv", 4)]
        writes = [(number(w), number(r), number(s), code, number(v)) for w, r, s, code, v in self.run._table("admin-writes.tsv", 5)]
        serving = self.curve_rows("admin")
        if not latency and not serving:
            return
        self.p("## Curve: admin writes (file store)")
        self.p()
        if latency:
            self.p("PUT /api/v1/weights, one curl process, writes back to back, on a BlueGreen of its own; 'history' is the")
            self.p("number of audit events in the store before the samples (the file store rewrites the document, history")
            self.p("included, on every write; it keeps the last 1,000). Under load: wrk on its data plane at the same time.")
            self.p()
            self.p("| history events | condition | writes | p50 ms | p90 ms | max ms | not 200 |")
            self.p("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
            points = list(dict.fromkeys((h, c) for h, c, _, _ in latency))
            for h, c in points:
                values = [v for hh, cc, _, v in latency if hh == h and cc == c]
                bad = sum(1 for hh, cc, code, _ in latency if hh == h and cc == c and code != "200")
                self.p(f"| {plain_number(h)} | {c} | {len(values)} | {f2(median(values))} | {f2(percentile(values, 90))} | "
                       f"{f2(max(values, default=NAN))} | {bad} |")
            self.p()
            conditions = list(dict.fromkeys(c for _, c in points))
            series = []
            for c in conditions:
                hs = sorted({h for h, cc in points if cc == c and h > 0})
                for q, label in ((50, "p50"), (90, "p90")):
                    series.append((f"{c}, {label}", None,
                                   [(h, percentile([v for hh, cc, _, v in latency if hh == h and cc == c], q)) for h in hs]))
            self.charts["admin-write-latency.svg"] = line_chart(
                "Admin write latency against audit history", "audit events in the history", "PUT /api/v1/weights (ms)",
                series, log_x=True)
        if serving:
            xs = sorted({r["x"] for r in serving})
            self.p(f"Writes sustained while serving: W writers (curl, back to back, no pause) during each measured run of wrk on "
                   f"the data plane, with {self.run.meta.get('history_events', '?')} audit events in the history; 0 writers is the "
                   "same load without writes. Writes/s: the writes answered during the run ÷ its length, median over rounds.")
            self.p()
            self.p("| writers | writes/s | write p50 ms | write p99 ms | not 200 | data plane req/s | × without writes (paired) | data plane p99 ms |")
            self.p("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            rates = {}
            for x in xs:
                mine = [w for w in writes if w[0] == x]
                rows_x = [r for r in serving if r["x"] == x]
                rates[x] = median(write_rate(mine, r["round"], r["duration_us"] / 1000) for r in rows_x) if x > 0 else 0.0
                values = [v for *_, v in mine]
                bad = sum(1 for w in mine if w[3] != "200")
                base = [dict(r, label="base") for r in serving if r["x"] == 0]
                ratio = paired_ratio(rows_x + base, "W", "base")
                dash = (lambda v, fmt: fmt(v)) if x > 0 else (lambda v, fmt: "–")
                self.p(f"| {plain_number(x)} | {dash(rates[x], f1)} | {dash(median(values), f2)} | {dash(percentile(values, 99), f2)} | {bad} | "
                       f"{f0(median(column(rows_x, 'W', 'rps')))} | {f2(ratio)} | {f2(ms(median(column(rows_x, 'W', 'p99_us'))))} |")
            self.p()
            self.curve_errors(serving)
            self.charts["admin-writes.svg"] = line_chart(
                "Admin writes sustained while serving", "concurrent writers", "writes per second",
                [("writes/s (file store)", None, [(x, rates[x]) for x in xs if x > 0])], log_x=True)

    # ------------------------------------------------------------------------------------------ soak
    def soak(self):
        run = self.run
        samples = []
        for line in run.lines("soak-samples.tsv")[1:]:
            fields = line.split("\t")
            if len(fields) >= 3:
                samples.append({"seconds": number(fields[0]), "rss_mb": number(fields[1]) / 1024,
                                "managed_mb": number(fields[2]) / 1e6,
                                "gen2_collections": number(fields[6]) if len(fields) > 6 else NAN})
        if not samples:
            return
        total = run.int_meta("soak_seconds", int(max(s["seconds"] for s in samples)))
        result = (run.lines("soak-wrk.txt") or [""])[0].split()
        admin = {}
        for line in run.lines("soak-admin.txt"):
            if line.strip():
                admin[line.strip()] = admin.get(line.strip(), 0) + 1
        self.p(f"## Soak: {total} s under load, weights changed every second, a destination drained or enabled every 10 s")
        self.p()
        if len(result) >= 8:
            req, dur, p50, p90, p99, sock, non2xx = (number(v) for v in result[1:8])
            failed = int(sock + non2xx)
            self.p(f"- requests: {int(req):,} at {req / (dur / 1e6):.0f} req/s; p50 {ms(p50):.2f} ms, p99 {ms(p99):.2f} ms")
            self.p(f"- failed requests: **{failed}** ({int(sock)} socket errors, {int(non2xx)} non-2xx answers)")
        else:
            self.p("- wrk gave no result line (it was stopped or failed): failed requests unknown")
        self.p(f"- admin calls: {', '.join(f'{n} × {k}' for k, n in sorted(admin.items())) or 'none recorded'}")
        for field, label in (("rss_mb", "RSS"), ("managed_mb", "managed heap (dotnet_total_memory_bytes)")):
            first, last, change, warm, window = growth(samples, field, total)
            self.p(f"- {label}: {f1(first)} MB (median, {warm:g}-{warm + window:g} s), {f1(last)} MB (median, last {window:g} s): "
                   f"growth {number_or_nan(change, '+.1f')} % (target < 5 %)")
        gen2 = [s["gen2_collections"] for s in samples if not math.isnan(s["gen2_collections"])]
        if gen2:
            self.p(f"- gen2 collections during the soak: {int(gen2[-1] - gen2[0])}")
        self.p()
        self.p("Memory figures: RSS from /proc every sample; the managed heap from the admin plane's /metrics, which has no")
        self.p("per-generation size (prometheus-net's DotNetStats), so it stands in for gen2 (it includes gen0 garbage not yet")
        self.p("collected, so it saw-tooths; the medians over a window smooth that). The first minute is warm-up (JIT, pools).")
        self.p()
        self.charts["soak-memory.svg"] = line_chart(
            "Soak: memory under load with a change every second", "seconds", "MB",
            [("RSS", "#1f77b4", [(s["seconds"], s["rss_mb"]) for s in samples]),
             ("managed heap", "#ff7f0e", [(s["seconds"], s["managed_mb"]) for s in samples])])


def write_rate(writes, round_number, default_window_ms):
    """Writes per second in one round: the writes answered during the measured run ÷ the run's window (as run.sh
    timed it around the run; wrk's own duration when no write came back, which makes the rate 0)."""
    mine = [w for w in writes if w[1] == round_number]
    window_ms = mine[0][2] if mine else default_window_ms
    return len(mine) / (window_ms / 1000) if window_ms > 0 else NAN


def number_or_nan(v, spec):
    return "nan" if math.isnan(v) else format(v, spec)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Report, statistics and charts of a kept load run (benchmarks/load/run.sh).")
    parser.add_argument("results", help="the run's results directory (run.sh's RESULTS_DIR)")
    parser.add_argument("--charts", help="where to write the SVG charts (default: RESULTS/charts)")
    args = parser.parse_args(argv)
    if not os.path.isfile(os.path.join(args.results, "meta.tsv")):
        print(f"report.py: {args.results} has no meta.tsv: not a results directory of run.sh", file=sys.stderr)
        return 2
    report = Report(Run(args.results))
    sys.stdout.write(report.build())
    charts = args.charts or os.path.join(args.results, "charts")
    if report.charts:
        os.makedirs(charts, exist_ok=True)
        for name, svg in report.charts.items():
            with open(os.path.join(charts, name), "w", encoding="utf-8") as f:
                f.write(svg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
