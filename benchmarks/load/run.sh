#!/usr/bin/env bash
# The hot path, measured: BlueGreen against plain YARP, nginx and HAProxy, on this machine, in one run.
#
#   benchmarks/load/run.sh                       # defaults: 5 interleaved rounds of 10 s per target
#   ROUNDS=3 DURATION=5 benchmarks/load/run.sh   # quicker
#   BLUEGREEN_ENV="DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0" benchmarks/load/run.sh
#                                                # adds target F: BlueGreen with those variables
#
# Targets, measured in interleaved rounds (A B C D E [F], A B C D E [F], ...) so that the noise of a shared
# machine falls on all of them alike; the table shows medians over the rounds.
#   A  wrk -> backend directly (the floor: what the backend and wrk cost on their own)
#   B  plain YARP (benchmarks/PlainYarp): one route, one cluster of both backends, nothing added
#   C  BlueGreen, weights 95/5, stickiness None
#   D  nginx, 1 worker, upstream weights 95/5, upstream keep-alive
#   E  HAProxy, nbthread 1, roundrobin weights 95/5
#   F  BlueGreen with $BLUEGREEN_ENV, or from the build $BLUEGREEN_F_DLL (only when one of them is set)
#   R  BlueGreen while a progressive rollout runs (5 % green, judged five times a second), with $BLUEGREEN_ENV
#   P  BlueGreen as shipped with the dashboard open (its admin requests once a second)
# Backends: two nginx instances (1 worker each, a small body from memory, no access log) on 127.0.0.1; each
# one's stub_status counts its requests, which gives every proxy's observed split.
# Then, for BlueGreen: what a switch costs (admin call returned -> first answer from the new pool) and the
# throughput while switching every 100 ms under load, against the same load without switching.
#
# Installs wrk, nginx and haproxy with apt-get when missing. Everything listens on 127.0.0.1 only; every
# process started here is stopped on exit. Environment knobs: ROUNDS, DURATION, WARMUP, FIRST_WARMUP, THREADS,
# CONNECTIONS, SWITCH_ROUNDS, SWITCH_SAMPLES (0 skips that part), BASE_PORT, BLUEGREEN_ENV, BLUEGREEN_F_DLL, ROLLOUT (0: no R),
# DASHBOARD (0: no P),
# ONLY="B C" (measure only those targets), SKIP_BUILD=1 (use the builds in artifacts/bin), KEEP_WORK=1 (keep the
# temp dir), PROFILE_SECONDS=N (after the rounds, sample BlueGreen's CPU with perf for N s under the same load and
# print where its time goes next to plain YARP's; starts B and C with DOTNET_PerfMapEnabled=1 and
# DOTNET_EnableWriteXorExecute=0 so perf can name JIT-compiled methods; B and C are then alike, but unlike F).
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}          # seconds per measured run
WARMUP=${WARMUP:-1}               # seconds of warm-up before every measured run (fresh connections)
FIRST_WARMUP=${FIRST_WARMUP:-5}   # seconds of warm-up per target before round 1 (JIT tiering)
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
SWITCH_ROUNDS=${SWITCH_ROUNDS:-3}
SWITCH_SAMPLES=${SWITCH_SAMPLES:-10}
BASE_PORT=${BASE_PORT:-19100}
BLUEGREEN_ENV=${BLUEGREEN_ENV:-}
BLUEGREEN_F_DLL=${BLUEGREEN_F_DLL:-}   # another BlueGreen.Proxy.dll (e.g. an older commit's build) as target F
PROFILE_SECONDS=${PROFILE_SECONDS:-0}
TOKEN=bench

for n in ROUNDS DURATION WARMUP FIRST_WARMUP THREADS CONNECTIONS SWITCH_ROUNDS SWITCH_SAMPLES BASE_PORT PROFILE_SECONDS; do
  [[ ${!n} =~ ^[0-9]+$ ]] || { echo "run.sh: $n must be a whole number, not '${!n}'" >&2; exit 2; }
done
(( ROUNDS >= 1 && DURATION >= 1 )) || { echo "run.sh: ROUNDS and DURATION must be at least 1" >&2; exit 2; }
for kv in $BLUEGREEN_ENV; do
  [[ $kv =~ ^[A-Za-z_][A-Za-z0-9_]*=.*$ ]] || { echo "run.sh: BLUEGREEN_ENV takes NAME=value words, not '$kv'" >&2; exit 2; }
done

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
START_TIME=$(date +%s)
log() { printf '[%4ds] %s\n' "$(( $(date +%s) - START_TIME ))" "$*" >&2; }

# ---------------------------------------------------------------------------------------------- tools
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || need+=(haproxy)
command -v curl >/dev/null || need+=(curl)
if (( ${#need[@]} )); then
  sudo=; (( EUID == 0 )) || sudo=sudo
  log "installing ${need[*]} (apt-get)"
  timeout 300 $sudo apt-get update -qq
  timeout 300 $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
# Nothing below may go through a proxy: all traffic stays on 127.0.0.1.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY='*' no_proxy='*'
CURL=(curl -s --max-time 5)

# ---------------------------------------------------------------------------------------------- build
if [[ ${SKIP_BUILD:-0} == 1 ]]; then
  log "SKIP_BUILD=1: using the Release builds already in artifacts/bin"
else
log "building BlueGreen.Proxy and PlainYarp (Release)"
(
  cd "$REPO"
  timeout 300 dotnet build -c Release src/BlueGreen.Proxy/BlueGreen.Proxy.csproj -nologo -v q -clp:ErrorsOnly
  timeout 300 dotnet build -c Release benchmarks/PlainYarp/PlainYarp.csproj -nologo -v q -clp:ErrorsOnly
) >&2
fi
BLUEGREEN_DLL=$REPO/artifacts/bin/BlueGreen.Proxy/release/BlueGreen.Proxy.dll
PLAINYARP_DLL=$REPO/artifacts/bin/PlainYarp/release/PlainYarp.dll
for f in "$BLUEGREEN_DLL" "$PLAINYARP_DLL"; do [[ -f $f ]] || { echo "run.sh: $f is missing after the build" >&2; exit 1; }; done

# ---------------------------------------------------------------------------------------------- processes
WORK=$(mktemp -d /tmp/bluegreen-load.XXXXXX)
chmod 755 "$WORK"   # nginx workers run as nobody when started by root
RESULTS=$WORK/results.tsv
: >"$RESULTS"
PIDS=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid i
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for (( i = 0; i < 100; i++ )); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  if [[ ${KEEP_WORK:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

NEXT_PORT=$BASE_PORT
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alloc_port() { # alloc_port VAR
  while port_in_use "$NEXT_PORT"; do NEXT_PORT=$(( NEXT_PORT + 1 )); done
  printf -v "$1" '%d' "$NEXT_PORT"
  NEXT_PORT=$(( NEXT_PORT + 1 ))
}

wait_http() { # wait_http URL SECONDS [PID]: until it answers 2xx (and while PID lives)
  local deadline=$(( $(date +%s) + $2 ))
  until "${CURL[@]}" -o /dev/null -f "$1"; do
    (( $(date +%s) < deadline )) || { echo "run.sh: $1 did not answer within $2 s" >&2; return 1; }
    [[ -z ${3:-} ]] || kill -0 "$3" 2>/dev/null || { echo "run.sh: the process behind $1 exited" >&2; return 1; }
    sleep 0.2
  done
}

# Backends: one nginx each, 1 worker, body from memory, stub_status for counting.
start_backend() { # start_backend NAME PORT
  local dir=$WORK/backend-$1
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  client_body_temp_path $dir/tmp;
  proxy_temp_path $dir/tmp;
  fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp;
  scgi_temp_path $dir/tmp;
  server {
    listen 127.0.0.1:$2;
    location = /__status { stub_status; }
    location / { default_type text/plain; return 200 "hello from $1\n"; }
  }
}
EOF
  "$NGINX" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/out.log" 2>&1 &
  PIDS+=($!)
}

backend_requests() { # backend_requests PORT: requests served so far (this status request included)
  "${CURL[@]}" "http://127.0.0.1:$1/__status" | awk 'NR == 3 { print $3 }'
}

alloc_port BLUE_PORT
alloc_port GREEN_PORT
start_backend blue "$BLUE_PORT"
start_backend green "$GREEN_PORT"
wait_http "http://127.0.0.1:$BLUE_PORT/" 10
wait_http "http://127.0.0.1:$GREEN_PORT/" 10
BACKEND_BLUE_PID=${PIDS[0]}

declare -A NAME URL PID_OF
TARGETS=(A B C D E)
NAME[A]="direct to backend (floor)"
URL[A]="http://127.0.0.1:$BLUE_PORT/"
PID_OF[A]=$BACKEND_BLUE_PID

# With PROFILE_SECONDS, B and C run with perf maps, and with W^X off: with it on, JIT-compiled code runs from a
# memfd double mapping that perf cannot match to the map.
if (( PROFILE_SECONDS > 0 )); then PROFILE_ENV="DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0"; else PROFILE_ENV=""; fi

# B: plain YARP.
alloc_port YARP_PORT
mkdir -p "$WORK/plainyarp"
# shellcheck disable=SC2086 # PROFILE_ENV holds NAME=value words on purpose
( cd "$WORK/plainyarp" && exec env $PROFILE_ENV dotnet "$PLAINYARP_DLL" "http://127.0.0.1:$YARP_PORT" \
    "http://127.0.0.1:$BLUE_PORT" "http://127.0.0.1:$GREEN_PORT" ) >"$WORK/plainyarp/out.log" 2>&1 &
PIDS+=($!)
NAME[B]="plain YARP"
URL[B]="http://127.0.0.1:$YARP_PORT/"
PID_OF[B]=$!

# C (and F): BlueGreen, each with its own ports and state file, run from its own temp dir.
start_bluegreen() { # start_bluegreen KEY "ENV WORDS" DLL
  local key=$1 envwords=$2 dll=$3 dir=$WORK/bluegreen-$1 port admin
  alloc_port port
  alloc_port admin
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # envwords are NAME=value words on purpose
  ( cd "$dir" && exec env $envwords dotnet "$dll" \
      "--BlueGreen:Listen:Proxy=http://127.0.0.1:$port" \
      "--BlueGreen:Listen:Admin=http://127.0.0.1:$admin" \
      "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:$BLUE_PORT" \
      "--BlueGreen:Pools:green:Destinations:g1=http://127.0.0.1:$GREEN_PORT" \
      "--BlueGreen:State:Path=$dir/state.json" \
      "--BlueGreen:Stickiness:Mode=None" \
      "--BlueGreen:InitialWeights:Blue=95" \
      "--BlueGreen:InitialWeights:Green=5" \
      "--BlueGreen:Admin:Token=$TOKEN" ) >"$dir/out.log" 2>&1 &
  PIDS+=($!)
  PID_OF[$key]=$!
  URL[$key]="http://127.0.0.1:$port/"
  eval "ADMIN_$key=http://127.0.0.1:$admin"
}
start_bluegreen C "$PROFILE_ENV" "$BLUEGREEN_DLL"
NAME[C]="BlueGreen 95/5"
ADMIN_C=${ADMIN_C:?}

# D: nginx, 1 worker, weighted upstream with keep-alive (as a production nginx in front of two pools would be).
alloc_port NGINX_PORT
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  upstream pools {
    server 127.0.0.1:$BLUE_PORT weight=95;
    server 127.0.0.1:$GREEN_PORT weight=5;
    keepalive 128;
    keepalive_requests 10000000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://pools;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
"$NGINX" -e "$WORK/nginx/error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$WORK/nginx/out.log" 2>&1 &
PIDS+=($!)
NAME[D]="nginx 95/5 (1 worker)"
URL[D]="http://127.0.0.1:$NGINX_PORT/"
PID_OF[D]=$!

# E: HAProxy, 1 thread, weighted round robin, server-side keep-alive (its default).
alloc_port HAPROXY_PORT
mkdir -p "$WORK/haproxy"
cat >"$WORK/haproxy/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend front
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend pools
backend pools
  balance roundrobin
  server b1 127.0.0.1:$BLUE_PORT weight 95
  server g1 127.0.0.1:$GREEN_PORT weight 5
EOF
"$HAPROXY" -db -f "$WORK/haproxy/haproxy.cfg" >"$WORK/haproxy/out.log" 2>&1 &
PIDS+=($!)
NAME[E]="HAProxy 95/5 (nbthread 1)"
URL[E]="http://127.0.0.1:$HAPROXY_PORT/"
PID_OF[E]=$!

if [[ -n $BLUEGREEN_ENV || -n $BLUEGREEN_F_DLL ]]; then
  [[ -z $BLUEGREEN_F_DLL || -f $BLUEGREEN_F_DLL ]] || { echo "run.sh: BLUEGREEN_F_DLL=$BLUEGREEN_F_DLL does not exist" >&2; exit 2; }
  start_bluegreen F "$BLUEGREEN_ENV" "${BLUEGREEN_F_DLL:-$BLUEGREEN_DLL}"
  if [[ -n $BLUEGREEN_F_DLL ]]; then NAME[F]="BlueGreen 95/5 (other build)"; else NAME[F]="BlueGreen 95/5 with $BLUEGREEN_ENV"; fi
  TARGETS+=(F)
fi
# R: BlueGreen while a progressive rollout runs (judged five times a second, sequential test on), with F's settings
# when BLUEGREEN_ENV gives them (plain YARP's), else as shipped. ROLLOUT=0 leaves it out.
if [[ ${ROLLOUT:-1} != 0 ]]; then
  start_bluegreen R "$BLUEGREEN_ENV" "$BLUEGREEN_DLL"
  NAME[R]="BlueGreen 95/5 with a rollout running${BLUEGREEN_ENV:+ and $BLUEGREEN_ENV}"
  TARGETS+=(R)
fi
# P: BlueGreen as shipped with the dashboard open: what the page asks the admin plane for, once a second (state,
# rollout, history, metrics). DASHBOARD=0 leaves it out.
if [[ ${DASHBOARD:-1} != 0 ]]; then
  start_bluegreen P "" "$BLUEGREEN_DLL"
  NAME[P]="BlueGreen 95/5 with the dashboard open"
  TARGETS+=(P)
fi
if [[ -n ${ONLY:-} ]]; then   # e.g. ONLY="B C": measure only those targets (everything still starts)
  selected=()
  for t in "${TARGETS[@]}"; do if [[ " $ONLY " == *" $t "* ]]; then selected+=("$t"); fi; done
  (( ${#selected[@]} )) || { echo "run.sh: ONLY='$ONLY' names none of ${TARGETS[*]}" >&2; exit 2; }
  TARGETS=("${selected[@]}")
fi

log "starting targets ${TARGETS[*]}"
for t in "${TARGETS[@]}"; do
  if ! wait_http "${URL[$t]}" 30 "${PID_OF[$t]}"; then
    for f in "$WORK"/*/out.log; do echo "== $f" >&2; tail -n 20 "$f" >&2; done
    exit 1
  fi
done
wait_http "$ADMIN_C/readyz" 10
if [[ -n ${ADMIN_P:-} ]]; then
  wait_http "$ADMIN_P/readyz" 10
  ( while :; do
      for path in /api/v1/state /api/v1/rollouts/current "/api/v1/history?limit=20" /metrics; do
        curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$ADMIN_P$path"
      done
      sleep 1
    done ) &
  PIDS+=($!)
fi
if [[ -n ${ADMIN_R:-} ]]; then
  # 5 % to green for an hour: the step never ends during the run, so the split stays 95/5 while it is judged (error
  # rate, p99, failovers, ejections, five times a second). Without the sequential test: here the green nginx, idle
  # most of the time, is woken on a saturated machine for each of its requests, so green really is slower than
  # blue's p99 more often, and the test rightly rolls back within seconds (seen in the run of 2026-11-30).
  wait_http "$ADMIN_R/readyz" 10
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -X POST "$ADMIN_R/api/v1/rollouts" \
    -d '{"to":"green","steps":[5,100],"stepInterval":"01:00:00","analysis":{"sequential":false},"reason":"load run"}'
  log "R: rollout started ($(curl -fsS -H "Authorization: Bearer $TOKEN" "$ADMIN_R/api/v1/rollouts/current" | grep -o '"status":"[a-zA-Z]*"'))"
fi

# The processes whose CPU time and memory a target costs (nginx: master and worker).
target_pids() {
  local pid=${PID_OF[$1]}
  echo "$pid"
  pgrep -P "$pid" 2>/dev/null || true
}
cpu_ticks() { # total utime+stime of the target's processes
  local sum=0 p t
  for p in $(target_pids "$1"); do
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0)
    sum=$(( sum + t ))
  done
  echo "$sum"
}
rss_kb() {
  local sum=0 p r
  for p in $(target_pids "$1"); do
    r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)
    sum=$(( sum + ${r:-0} ))
  done
  echo "$sum"
}
CLK_TCK=$(getconf CLK_TCK)

run_wrk() { # run_wrk URL SECONDS -> RESULT line
  timeout $(( $2 + 20 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" --timeout 5s -s "$HERE/report.lua" "$1" | grep '^RESULT'
}

# measure LABEL ROUND URL CPU-KEY: one measured run, one line in results.tsv
measure() {
  local label=$1 round=$2 url=$3 key=$4 b0 g0 c0 b1 g1 c1 result req dur p50 p90 p99 sockerr non2xx
  b0=$(backend_requests "$BLUE_PORT"); g0=$(backend_requests "$GREEN_PORT"); c0=$(cpu_ticks "$key")
  result=$(run_wrk "$url" "$DURATION")
  c1=$(cpu_ticks "$key"); b1=$(backend_requests "$BLUE_PORT"); g1=$(backend_requests "$GREEN_PORT")
  # RESULT requests duration_us p50 p90 p99 sockerr non2xx
  read -r _ req dur p50 p90 p99 sockerr non2xx <<<"$result"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$round" "$req" "$dur" \
    "$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.0f", r / (d / 1e6) }')" \
    "$p50" "$p90" "$p99" "$sockerr" "$non2xx" "$(( b1 - b0 - 1 ))" "$(( g1 - g0 - 1 ))" >>"$RESULTS"
  printf '%s\n' "$(( c1 - c0 ))" >>"$RESULTS.cpu.$label"
  log "round $round $label: $(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.0f", r / (d / 1e6) }') rps, p99 $p99 us"
}

# ---------------------------------------------------------------------------------------------- header
echo "# BlueGreen load run"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GB RAM", $2 / 1048576 }' /proc/meminfo); kernel $(uname -r)"
echo "- load: wrk -t$THREADS -c$CONNECTIONS, $ROUNDS interleaved rounds of ${DURATION} s per target (${WARMUP} s warm-up before each, ${FIRST_WARMUP} s per target before round 1); medians over rounds"
echo "- tools: $(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }'), $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), $("$HAPROXY" -v | head -n 1 | awk '{ print "HAProxy", $3 }'), .NET runtime $(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App/ { v = $2 } END { print v }'), ASP.NET Core $(dotnet --list-runtimes | awk '/^Microsoft.AspNetCore.App/ { v = $2 } END { print v }')"
echo "- code: HEAD $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '(no git)')$(git -C "$REPO" status --porcelain -- src 2>/dev/null | grep -q . && echo ' + uncommitted changes in src/') at run time; BlueGreen.Proxy.dll built $(date -u -r "$BLUEGREEN_DLL" '+%Y-%m-%d %H:%M:%S UTC')"
echo "- backends: 2 × nginx (1 worker, 15-byte body from memory, no access log) on 127.0.0.1"
echo "- runtime settings of plain YARP (B) and BlueGreen (C), the same for both: $(
  env | grep -E '^(DOTNET|COMPlus|ASPNETCORE)_' | sort | tr '\n' ' ' | sed 's/ $//' | grep . || echo 'no DOTNET_/COMPlus_/ASPNETCORE_ variables (defaults)')"
echo "  - runtimeconfig (B): $(grep -oE '"System\.GC\.[A-Za-z]+": [a-z0-9]+|"System\.Runtime\.TieredPGO": [a-z]+' "${PLAINYARP_DLL%.dll}.runtimeconfig.json" | tr '\n' ' ' | sed 's/ $//'); (C): $(grep -oE '"System\.GC\.[A-Za-z]+": [a-z0-9]+|"System\.Runtime\.TieredPGO": [a-z]+' "${BLUEGREEN_DLL%.dll}.runtimeconfig.json" | tr '\n' ' ' | sed 's/ $//')"
if [[ -n $BLUEGREEN_ENV ]]; then
  echo "- F = BlueGreen with, in addition: $BLUEGREEN_ENV"
fi
if [[ -n $BLUEGREEN_F_DLL ]]; then
  echo "- F = BlueGreen from $BLUEGREEN_F_DLL (built $(date -u -r "$BLUEGREEN_F_DLL" '+%H:%M:%S UTC'))"
fi
echo

# ---------------------------------------------------------------------------------------------- main rounds
log "warm-up: ${FIRST_WARMUP} s per target"
for t in "${TARGETS[@]}"; do run_wrk "${URL[$t]}" "$FIRST_WARMUP" >/dev/null; done
for (( r = 1; r <= ROUNDS; r++ )); do
  for t in "${TARGETS[@]}"; do
    run_wrk "${URL[$t]}" "$WARMUP" >/dev/null
    measure "$t" "$r" "${URL[$t]}" "$t"
  done
done
declare -A RSS
for t in "${TARGETS[@]}"; do RSS[$t]=$(rss_kb "$t"); done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_of() { awk -F'\t' -v t="$1" -v c="$2" '$1 == t { print $c }' "$RESULTS"; }
# paired ratio: median over rounds of (rps of $1 / rps of $2 in the same round)
paired_ratio() {
  awk -F'\t' -v a="$1" -v b="$2" '$1 == a { x[$2] = $5 } $1 == b { y[$2] = $5 } END { for (r in x) if (r in y && y[r] > 0) print x[r] / y[r] }' "$RESULTS" | median
}
cpu_per_request() { # median over rounds of CPU microseconds per request
  paste <(column_of "$1" 3) "$RESULTS.cpu.$1" | awk -v hz="$CLK_TCK" '$1 > 0 { print $2 * 1e6 / hz / $1 }' | median
}
expected_green() { case $1 in A) echo 0 ;; B) echo "~50" ;; *) echo 5 ;; esac; }

echo "## Throughput and latency (medians over $ROUNDS rounds)"
echo
echo "| target | req/s | × plain YARP | × nginx | p50 ms | p90 ms | p99 ms | CPU µs/req | RSS after load | green share (expected) | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
declare -A RPS GREEN_SHARE
for t in "${TARGETS[@]}"; do
  rps=$(column_of "$t" 5 | median)
  RPS[$t]=$rps
  p50=$(column_of "$t" 6 | median); p90=$(column_of "$t" 7 | median); p99=$(column_of "$t" 8 | median)
  errors=$(awk -F'\t' -v t="$t" '$1 == t { s += $9 + $10 } END { print s + 0 }' "$RESULTS")
  share=$(awk -F'\t' -v t="$t" '$1 == t { b += $11; g += $12 } END { if (b + g > 0) printf "%.2f", 100 * g / (b + g); else print "nan" }' "$RESULTS")
  GREEN_SHARE[$t]=$share
  if [[ $t == A ]]; then cpu="(backend) $(cpu_per_request "$t" | awk '{ printf "%.1f", $1 }')"; else cpu=$(cpu_per_request "$t" | awk '{ printf "%.1f", $1 }'); fi
  printf '| %s %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %.0f MB | %s %% (%s %%) | %s |\n' \
    "$t" "${NAME[$t]}" "$rps" "$(paired_ratio "$t" B)" "$(paired_ratio "$t" D)" \
    "$(awk -v v="$p50" 'BEGIN { print v / 1000 }')" "$(awk -v v="$p90" 'BEGIN { print v / 1000 }')" "$(awk -v v="$p99" 'BEGIN { print v / 1000 }')" \
    "$cpu" "$(awk -v v="${RSS[$t]}" 'BEGIN { print v / 1024 }')" "$share" "$(expected_green "$t")" "$errors"
done
echo
echo "Ratios are paired: the median over rounds of (target's req/s ÷ B's, or D's, req/s in the same round)."
echo "CPU µs/req: user+system CPU time of the proxy's processes (nginx: master and worker) during the measured run,"
echo "÷ requests; for A it is the blue backend's own cost. RSS: VmRSS from /proc after the last round (nginx: master"
echo "+ worker). Green share: requests counted by the backends' stub_status during the measured runs."
echo
echo "Per round (req/s):"
echo
echo '```'
printf 'round'; for t in "${TARGETS[@]}"; do printf '%10s' "$t"; done; echo
for (( r = 1; r <= ROUNDS; r++ )); do
  printf '%5d' "$r"
  for t in "${TARGETS[@]}"; do printf '%10s' "$(awk -F'\t' -v t="$t" -v r="$r" '$1 == t && $2 == r { print $5 }' "$RESULTS")"; done
  echo
done
echo '```'
echo

# ---------------------------------------------------------------------------------------------- profile
# profile KEY: perf samples the target for PROFILE_SECONDS under the same load; prints "µs-per-request" on stdout
# and leaves the per-assembly self-time shares in $WORK/profile.KEY.tsv.
profile() {
  local key=$1 wrk_pid c0 c1 result req dur
  run_wrk "${URL[$key]}" $(( PROFILE_SECONDS + 4 )) >"$WORK/profile.$key.wrk" &
  wrk_pid=$!
  sleep 2
  c0=$(cpu_ticks "$key")
  perf record -q -F 997 -g -p "${PID_OF[$key]}" -o "$WORK/perf.$key.data" -- sleep "$PROFILE_SECONDS" >/dev/null 2>&1
  c1=$(cpu_ticks "$key")
  wait "$wrk_pid" || true
  read -r _ req dur _ <"$WORK/profile.$key.wrk"
  perf report -i "$WORK/perf.$key.data" --stdio --no-children --sort sym -g none 2>/dev/null \
    | awk '/^ +[0-9.]+%/ { p = $1 + 0; a = "native: runtime, libc"
           if ($0 ~ / \[k\] /) a = "kernel: network stack, syscalls"
           else if (match($0, / \[[A-Za-z][^]]*\] /)) a = substr($0, RSTART + 2, RLENGTH - 4)
           else if ($0 ~ /\[\.\] stub /) a = "runtime stubs"
           s[a] += p }
           END { for (a in s) printf "%s\t%.3f\n", a, s[a] }' >"$WORK/profile.$key.tsv"
  # CPU µs per request in the sampled window: CPU time ÷ (the run's request rate × the window).
  awk -v c="$(( c1 - c0 ))" -v hz="$CLK_TCK" -v r="$req" -v d="$dur" -v w="$PROFILE_SECONDS" \
    'BEGIN { printf "%.1f", (c / hz * 1e6) / (r / (d / 1e6) * w) }'
}

if (( PROFILE_SECONDS > 0 )); then
  command -v perf >/dev/null || { log "installing linux-perf"; apt-get install -y -qq linux-perf >/dev/null; }
  log "profile: perf samples plain YARP (B), then BlueGreen (C), $PROFILE_SECONDS s each under the same load"
  US_B=$(profile B)
  US_C=$(profile C)
  echo "## Where the CPU goes: plain YARP (B) and BlueGreen (C), perf, $PROFILE_SECONDS s each at wrk -c$CONNECTIONS"
  echo
  echo "Self time by .NET assembly (kernel: network stack and syscalls; BlueGreen's own code is BlueGreen.Core and"
  echo "BlueGreen.Proxy), in CPU µs per request: the assembly's share of the samples × the target's CPU µs per request"
  echo "in the sampled window (B $US_B, C $US_C). Rows under 0.3 µs in both are left out."
  echo
  echo "| where | B µs/req | C µs/req | C − B |"
  echo "| --- | ---: | ---: | ---: |"
  awk -F'\t' -v ub="$US_B" -v uc="$US_C" '
    FNR == 1 { f++ } f == 1 { b[$1] = $2 * ub / 100; all[$1] = 1 } f == 2 { c[$1] = $2 * uc / 100; all[$1] = 1 }
    END { for (a in all) if (b[a] >= 0.3 || c[a] >= 0.3) printf "%s\t%.2f\t%.2f\t%+.2f\n", a, b[a], c[a], c[a] - b[a] }' \
    "$WORK/profile.B.tsv" "$WORK/profile.C.tsv" | sort -t$'\t' -k3,3gr | awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }'
  printf '| **total** | **%s** | **%s** | **%+.1f** |\n' "$US_B" "$US_C" "$(awk -v b="$US_B" -v c="$US_C" 'BEGIN { print c - b }')"
  echo
  echo "BlueGreen's hottest functions (self time, at least 0.7 % of its samples):"
  echo
  echo '```'
  perf report -i "$WORK/perf.C.data" --stdio --no-children --percent-limit 0.7 --sort sym -g none 2>/dev/null | grep -E '^ +[0-9]' | cut -c1-150
  echo '```'
  echo
fi

# ---------------------------------------------------------------------------------------------- BlueGreen's own header
SAMPLE=$WORK/pool-sample.curl
{ for (( i = 0; i < 1000; i++ )); do printf 'url = "%s"\noutput = "/dev/null"\n' "${URL[C]}"; done; } >"$SAMPLE"
pool_counts=$(curl -s --max-time 30 -K "$SAMPLE" -w '%header{x-bluegreen-pool}\n' | sort | uniq -c | awk '{ printf "%s%s=%d", sep, ($2 == "" ? "(none)" : $2), $1; sep = ", " }')
echo "X-BlueGreen-Pool over 1,000 sequential requests to C at 95/5: $pool_counts"
echo

# ---------------------------------------------------------------------------------------------- switch cost
put_weights() { # put_weights ADMIN BLUE GREEN
  "${CURL[@]}" -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"blue\":$2,\"green\":$3}" "$1/api/v1/weights"
}

# One curl process: the PUT, then up to 50 GETs straight after it. Output: PUT code time, then GET pool time per GET.
SWITCH_POLLS=50
switch_sample() { # switch_sample TO-POOL -> "ms_from_put_return_to_first_new_answer stale_answers put_ms"
  local to=$1 blue green cfg=$WORK/switch-$1.curl
  if [[ $to == green ]]; then blue=0 green=100; else blue=100 green=0; fi
  {
    printf 'url = "%s/api/v1/weights"\nrequest = "PUT"\nheader = "Authorization: Bearer %s"\n' "$ADMIN_C" "$TOKEN"
    printf 'header = "Content-Type: application/json"\ndata = "{\\"blue\\":%d,\\"green\\":%d}"\n' "$blue" "$green"
    printf 'output = "/dev/null"\nwrite-out = "PUT %%{http_code} %%{time_total}\\n"\nnext\n'
    printf 'write-out = "GET %%header{x-bluegreen-pool} %%{time_total}\\n"\n'
    for (( i = 0; i < SWITCH_POLLS; i++ )); do printf 'url = "%s"\noutput = "/dev/null"\n' "${URL[C]}"; done
  } >"$cfg"
  curl -s --max-time 20 -K "$cfg" | awk -v to="$to" '
    $1 == "PUT" { put = $3 * 1000; code = $2; next }
    $1 == "GET" && !found { t += $3 * 1000; if ($2 == to) found = 1; else stale++ }
    END { if (code != 200) print "PUT-failed-" code, 0, put; else if (!found) print "none-in-" NR - 1, stale + 0, put; else printf "%.3f %d %.3f\n", t, stale, put }'
}

switch_costs() { # switch_costs LABEL: SWITCH_SAMPLES samples alternating green/blue, prints a summary line
  local label=$1 i to out ms=() stale=0 put=() s st p
  for (( i = 0; i < SWITCH_SAMPLES; i++ )); do
    if (( i % 2 == 0 )); then to=green; else to=blue; fi
    out=$(switch_sample "$to")
    read -r s st p <<<"$out"
    ms+=("$s"); put+=("$p"); stale=$(( stale + st ))
    sleep 0.2
  done
  printf '| %s | %s | %s | %s | %s | %d |\n' "$label" "$SWITCH_SAMPLES" \
    "$(printf '%s\n' "${ms[@]}" | median)" "$(printf '%s\n' "${ms[@]}" | sort -g | tail -n 1)" \
    "$(printf '%s\n' "${put[@]}" | median)" "$stale"
}

if (( SWITCH_SAMPLES > 0 )); then
log "switch cost, idle and under load"
echo "## What a switch costs (BlueGreen, C)"
echo
echo "Each sample: one curl process sends PUT /api/v1/weights (0/100, then 100/0, alternating) and, as soon as it"
echo "returns, GETs through the data plane until an answer carries the new pool in X-BlueGreen-Pool. 'to new pool' is"
echo "the time from the PUT's return to that answer (its round trip included); 'stale' counts answers from the old pool"
echo "after the PUT returned (the contract says 0)."
echo
echo "| condition | samples | to new pool, median ms | max ms | PUT round trip, median ms | stale answers |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
switch_costs "idle"
run_wrk "${URL[C]}" $(( DURATION + 5 )) >/dev/null &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
sleep 2
switch_costs "under load (wrk -c$CONNECTIONS running)"
wait "$LOAD_PID" || true
[[ $(put_weights "$ADMIN_C" 95 5) == 200 ]] || echo "warning: could not put the weights back to 95/5"
echo
fi

if (( SWITCH_ROUNDS > 0 )); then
# Throughput while switching every 100 ms: one curl process, rate-limited to 10 transfers/s, alternating weights.
SWITCHES=$WORK/switches.curl
{
  for (( i = 0; i < DURATION * 10; i++ )); do
    if (( i % 2 == 0 )); then b=0 g=100; else b=100 g=0; fi
    (( i == 0 )) || printf 'next\n'
    printf 'url = "%s/api/v1/weights"\nrequest = "PUT"\nheader = "Authorization: Bearer %s"\n' "$ADMIN_C" "$TOKEN"
    printf 'header = "Content-Type: application/json"\ndata = "{\\"blue\\":%d,\\"green\\":%d}"\n' "$b" "$g"
    printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n'
  done
} >"$SWITCHES"

log "throughput while switching every 100 ms ($SWITCH_ROUNDS rounds)"
: >"$WORK/switch-codes"
for (( r = 1; r <= SWITCH_ROUNDS; r++ )); do
  run_wrk "${URL[C]}" "$WARMUP" >/dev/null
  measure "C-steady" "$r" "${URL[C]}" C
  run_wrk "${URL[C]}" "$WARMUP" >/dev/null
  curl -s --max-time $(( DURATION + 10 )) --rate 10/s -K "$SWITCHES" >"$WORK/switch-codes.$r" &
  SWITCH_PID=$!
  PIDS+=("$SWITCH_PID")
  measure "C-switching" "$r" "${URL[C]}" C
  # The switches take DURATION s at 10/s, as long as the load: give curl 5 s more to finish, then stop it.
  for (( i = 0; i < 50; i++ )); do kill -0 "$SWITCH_PID" 2>/dev/null || break; sleep 0.1; done
  kill "$SWITCH_PID" 2>/dev/null || true
  wait "$SWITCH_PID" 2>/dev/null || true
  cat "$WORK/switch-codes.$r" >>"$WORK/switch-codes"
  [[ $(put_weights "$ADMIN_C" 95 5) == 200 ]] || echo "warning: could not put the weights back to 95/5"
done
echo "## Throughput while switching every 100 ms (BlueGreen, C; $SWITCH_ROUNDS interleaved rounds, medians)"
echo
echo "| run | req/s | p50 ms | p99 ms | green share | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for t in C-steady C-switching; do
  printf '| %s | %.0f | %.2f | %.2f | %s %% | %s |\n' "$t" "$(column_of "$t" 5 | median)" \
    "$(column_of "$t" 6 | median | awk '{ print $1 / 1000 }')" "$(column_of "$t" 8 | median | awk '{ print $1 / 1000 }')" \
    "$(awk -F'\t' -v t="$t" '$1 == t { b += $11; g += $12 } END { if (b + g > 0) printf "%.2f", 100 * g / (b + g); else print "nan" }' "$RESULTS")" \
    "$(awk -F'\t' -v t="$t" '$1 == t { s += $9 + $10 } END { print s + 0 }' "$RESULTS")"
done
echo
echo "Switching ÷ steady (paired): $(paired_ratio C-switching C-steady | awk '{ printf "%.3f", $1 }'); weight changes during the runs:"\
  "$(sort "$WORK/switch-codes" | uniq -c | awk '{ printf "%s%d × HTTP %s", sep, $1, $2; sep = ", " }')"
echo
fi

# ---------------------------------------------------------------------------------------------- checks
echo "## Checks"
echo
odd=0
bg_ratio=$(paired_ratio C B)
if awk -v r="$bg_ratio" 'BEGIN { exit !(r ~ /^[0-9.]+$/ && r < 0.97) }'; then echo "- BlueGreen ÷ plain YARP = $(printf '%.3f' "$bg_ratio"), below 0.97"; odd=1; fi
for t in "${TARGETS[@]}"; do
  case $t in
    C|D|E|F|R|P) awk -v s="${GREEN_SHARE[$t]}" 'BEGIN { exit !(s < 4 || s > 6) }' && { echo "- $t ${NAME[$t]}: green share ${GREEN_SHARE[$t]} %, expected 5 %"; odd=1; } ;;
    A) awk -v s="${GREEN_SHARE[$t]}" 'BEGIN { exit !(s > 0.1) }' && { echo "- A: the green backend was hit while only blue was loaded"; odd=1; } ;;
  esac
  errs=$(awk -F'\t' -v t="$t" '$1 == t { s += $9 + $10 } END { print s + 0 }' "$RESULTS")
  (( errs == 0 )) || { echo "- $t ${NAME[$t]}: $errs socket errors or non-2xx answers"; odd=1; }
done
if [[ " ${TARGETS[*]} " == *" P "* && " ${TARGETS[*]} " == *" C "* ]]; then
  echo "- BlueGreen with the dashboard open ÷ as shipped = $(printf '%.3f' "$(paired_ratio P C)") (P ÷ C, paired)"
fi
if [[ " ${TARGETS[*]} " == *" R "* ]]; then
  rollout_ratio=$(paired_ratio R B)
  echo "- BlueGreen with a rollout running ÷ plain YARP = $(printf '%.3f' "$rollout_ratio") (R ÷ B, paired); with F's settings when given"
  if [[ -n ${ADMIN_R:-} ]]; then
    echo "- R's rollout at the end: $(curl -fsS -H "Authorization: Bearer $TOKEN" "$ADMIN_R/api/v1/rollouts/current" | grep -oE '"status":"[a-zA-Z]*"|"verdict":"[a-z]*"' | tr '\n' ' ')"
  fi
fi
(( odd )) || echo "- nothing odd: BlueGreen ≥ 0.97 × plain YARP, every 95/5 split within 4-6 % green, no errors"
echo
echo "Total run time: $(( $(date +%s) - START_TIME )) s"
