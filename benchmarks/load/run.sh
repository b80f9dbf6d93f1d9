#!/usr/bin/env bash
# The hot path, measured: BlueGreen against plain YARP, nginx and HAProxy, on this machine, in one run.
#
#   benchmarks/load/run.sh                       # defaults: 5 interleaved rounds of 10 s per target
#   ROUNDS=3 DURATION=5 benchmarks/load/run.sh   # quicker
#   BLUEGREEN_ENV="DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0" benchmarks/load/run.sh
#                                                # adds target F: BlueGreen with those variables
#   CURVES="connections size destinations admin" benchmarks/load/run.sh   # and the curves (below)
#   MAIN=0 SOAK_SECONDS=600 benchmarks/load/run.sh                       # the soak alone
#
# This script starts the processes and measures; it keeps what it measured in $RESULTS_DIR, and report.py (beside
# it) turns that into the report (printed here, and kept as report.md) and the charts. A kept run can be
# re-reported: benchmarks/load/report.py RESULTS_DIR [--charts DIR]. Configs are in templates/.
#
# Targets, measured in interleaved rounds (A B C D E [F] R P H, A B C ..., ...) so that the noise of a shared
# machine falls on all of them alike; the table shows medians over the rounds.
#   A  wrk -> backend directly (the floor: what the backend and wrk cost on their own)
#   B  plain YARP (benchmarks/PlainYarp): one route, one cluster of both backends, nothing added
#   C  BlueGreen, weights 95/5, stickiness None
#   D  nginx, 1 worker, upstream weights 95/5, upstream keep-alive (templates/proxy-nginx.conf)
#   E  HAProxy, nbthread 1, roundrobin weights 95/5 (templates/haproxy.cfg)
#   F  BlueGreen with $BLUEGREEN_ENV, or from the build $BLUEGREEN_F_DLL (only when one of them is set)
#   R  BlueGreen while a progressive rollout runs (5 % green, judged five times a second), with $BLUEGREEN_ENV
#   P  BlueGreen as shipped with the dashboard open (its admin requests once a second)
#   H  BlueGreen 95/5 with LoadBalancing=ConsistentHash on both pools, two destinations each (two ids for the same
#      backend: the hash of the path, the ring and the bounded-load check run for every request)
# With TLS=1, the same terminating TLS, one self-signed certificate (EC P-256, made with openssl at the start) for all:
#   T  BlueGreen 95/5 as C, listening on https://          U  plain YARP as B, Kestrel with the certificate
#   V  nginx as D, listen ... ssl                          X  HAProxy as E, bind ... ssl crt
#   (wrk speaks HTTP/1.1 over TLS, no ALPN; connections are kept alive, so a run is mostly bulk encryption)
# With MIRROR=1, mirroring into a pool that hangs, against the same without mirroring:
#   M  BlueGreen at 100/0, BlueGreen:Mirror:Percent=10; green is a backend that accepts and never answers
#      (hanging_backend.py), so every copy waits out its 10 s; no active health probes (they would take green out)
#   N  the same BlueGreen without mirroring (M and N trade places in every other round)
# Backends: two nginx instances (1 worker each, a small body from memory, no access log; templates/backend-nginx.conf)
# on 127.0.0.1; each one's stub_status counts its requests, which gives every proxy's observed split.
# Then, for BlueGreen: what a switch costs (admin call returned -> first answer from the new pool) and the
# throughput while switching every 100 ms under load, against the same load without switching.
#
# Curves (CURVES, any of these words; each point's targets interleaved over CURVE_ROUNDS rounds, medians):
#   connections   A B C D E at wrk -c 16 64 256 1024 (CURVE_CONNECTIONS): req/s and p99
#   size          A B C D E fetching bodies of 1 KB to 1 MB (CURVE_SIZES) from the backends: MB/s, p99
#   destinations  B and C with N destinations per pool, N = 1 4 16 64 256 (CURVE_DESTINATIONS): BlueGreen gets N
#                 blue and N green destinations, plain YARP one cluster of those 2N; the backends listen on as
#                 many loopback addresses (127.0.1.1, 127.0.1.2, ...), one connection pool each; CPU µs/req, req/s
#   admin         a BlueGreen of its own (file store): PUT /api/v1/weights latency, idle and under load, with 1, 10,
#                 100 and 1,000 audit events in the history (ADMIN_HISTORY, ADMIN_SAMPLES writes each); then, with
#                 1,000 events, 1 2 4 8 writers (ADMIN_WRITERS, curl) writing back to back while wrk loads its data
#                 plane: writes/s sustained, their latency, and the data plane's req/s against none writing
# Soak (SOAK_SECONDS=N, e.g. 600): a BlueGreen of its own (blue b1 and b2, green g1) under wrk load for N s, its
# weights changed every second and b2 drained or enabled every 10 s; its RSS and /metrics memory figures sampled
# every SOAK_SAMPLE_SECONDS; failed requests (socket errors and non-2xx) counted by wrk.
#
# Installs wrk, nginx, haproxy, curl and python3 (and openssl, with TLS=1) with apt-get when missing. Everything
# listens on 127.0.0.1 (and, for the destinations curve, other loopback addresses) only; every process started here
# is stopped on exit.
# Environment knobs: ROUNDS, DURATION, WARMUP, FIRST_WARMUP, THREADS, CONNECTIONS, SWITCH_ROUNDS, SWITCH_SAMPLES
# (0 skips that part), BASE_PORT, BLUEGREEN_ENV, BLUEGREEN_DLL (C's build; default artifacts/bin), BLUEGREEN_F_DLL,
# ROLLOUT (0: no R), DASHBOARD (0: no P), HASH (0: no H), TLS=1 (add T U V X), MIRROR=1 (add M N), ONLY="B C"
# (measure only those targets), MAIN=0 (skip the main rounds, the profile and the switch parts: curves or soak
# alone), SKIP_BUILD=1 (use the builds in artifacts/bin),
# KEEP_WORK=1 (keep the temp dir with the configs, logs, state and certificate), RESULTS_DIR (where the results are kept; default artifacts/load/<UTC time>),
# CHARTS_DIR (where report.py writes the SVG charts; default RESULTS_DIR/charts, benchmarks/charts to publish
# them), CURVES, CURVE_ROUNDS (3), CURVE_DURATION (DURATION), CURVE_CONNECTIONS, CURVE_SIZES, CURVE_DESTINATIONS,
# ADMIN_HISTORY, ADMIN_SAMPLES (20), ADMIN_WRITERS, SOAK_SECONDS (0), SOAK_SAMPLE_SECONDS (5),
# PROFILE_SECONDS=N (after the rounds, sample BlueGreen's CPU with perf for N s under the same load and
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
BLUEGREEN_F_DLL=${BLUEGREEN_F_DLL:-}   # another BlueGreen.Proxy.dll (e.g. an older commit's build) or a Native AOT executable as target F
PROFILE_SECONDS=${PROFILE_SECONDS:-0}
PROFILE_TARGETS=${PROFILE_TARGETS:-B C}  # F is sampled too when named; give it perf maps with BLUEGREEN_ENV
MAIN=${MAIN:-1}
CURVES=${CURVES:-}
CURVE_ROUNDS=${CURVE_ROUNDS:-3}
CURVE_DURATION=${CURVE_DURATION:-$DURATION}
CURVE_CONNECTIONS=${CURVE_CONNECTIONS:-16 64 256 1024}
CURVE_SIZES=${CURVE_SIZES:-1k 4k 16k 64k 256k 1m}
CURVE_DESTINATIONS=${CURVE_DESTINATIONS:-1 4 16 64 256}
ADMIN_HISTORY=${ADMIN_HISTORY:-1 10 100 1000}
ADMIN_SAMPLES=${ADMIN_SAMPLES:-20}
ADMIN_WRITERS=${ADMIN_WRITERS:-1 2 4 8}
SOAK_SECONDS=${SOAK_SECONDS:-0}
SOAK_SAMPLE_SECONDS=${SOAK_SAMPLE_SECONDS:-5}
TLS=${TLS:-0}
MIRROR=${MIRROR:-0}
TOKEN=bench

fail_usage() { echo "run.sh: $*" >&2; exit 2; }
for n in ROUNDS DURATION WARMUP FIRST_WARMUP THREADS CONNECTIONS SWITCH_ROUNDS SWITCH_SAMPLES BASE_PORT PROFILE_SECONDS \
         CURVE_ROUNDS CURVE_DURATION ADMIN_SAMPLES SOAK_SECONDS SOAK_SAMPLE_SECONDS; do
  [[ ${!n} =~ ^[0-9]+$ ]] || fail_usage "$n must be a whole number, not '${!n}'"
done
(( ROUNDS >= 1 && DURATION >= 1 )) || fail_usage "ROUNDS and DURATION must be at least 1"
(( CURVE_ROUNDS >= 1 && CURVE_DURATION >= 1 && SOAK_SAMPLE_SECONDS >= 1 )) || fail_usage "CURVE_ROUNDS, CURVE_DURATION and SOAK_SAMPLE_SECONDS must be at least 1"
for kv in $BLUEGREEN_ENV; do
  [[ $kv =~ ^[A-Za-z_][A-Za-z0-9_]*=.*$ ]] || fail_usage "BLUEGREEN_ENV takes NAME=value words, not '$kv'"
done
for c in $CURVES; do
  [[ $c =~ ^(connections|size|destinations|admin)$ ]] || fail_usage "CURVES takes connections, size, destinations and admin, not '$c'"
done
for n in $CURVE_CONNECTIONS $CURVE_DESTINATIONS $ADMIN_HISTORY $ADMIN_WRITERS; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || fail_usage "CURVE_CONNECTIONS, CURVE_DESTINATIONS, ADMIN_HISTORY and ADMIN_WRITERS take numbers from 1, not '$n'"
done
for n in $CURVE_DESTINATIONS; do (( n <= 1000 )) || fail_usage "CURVE_DESTINATIONS goes up to 1000, not $n"; done
for n in $ADMIN_HISTORY; do (( n <= 1000 )) || fail_usage "ADMIN_HISTORY goes up to 1000 (the history keeps the last 1,000 events), not $n"; done
for s in $CURVE_SIZES; do
  [[ $s =~ ^[1-9][0-9]*[km]$ ]] || fail_usage "CURVE_SIZES takes sizes such as 1k or 1m, not '$s'"
done
[[ $MAIN == 0 || $MAIN == 1 ]] || fail_usage "MAIN is 1 (measure the main targets) or 0, not '$MAIN'"
[[ $TLS == 0 || $TLS == 1 ]] || fail_usage "TLS is 1 (add the TLS targets T U V X) or 0, not '$TLS'"
[[ $MIRROR == 0 || $MIRROR == 1 ]] || fail_usage "MIRROR is 1 (add the mirroring targets M N) or 0, not '$MIRROR'"
curve_on() { [[ " $CURVES " == *" $1 "* ]]; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TEMPLATES=$HERE/templates
START_TIME=$(date +%s)
log() { printf '[%4ds] %s\n' "$(( $(date +%s) - START_TIME ))" "$*" >&2; }

RESULTS_DIR=${RESULTS_DIR:-$REPO/artifacts/load/$(date -u '+%Y%m%d-%H%M%S')}
mkdir -p "$RESULTS_DIR"
RESULTS_DIR=$(cd "$RESULTS_DIR" && pwd)
[[ -z $(ls -A "$RESULTS_DIR") ]] || fail_usage "RESULTS_DIR=$RESULTS_DIR is not empty; give a new one"
CHARTS_DIR=${CHARTS_DIR:-$RESULTS_DIR/charts}

# ---------------------------------------------------------------------------------------------- tools
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || need+=(haproxy)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
(( ! TLS )) || command -v openssl >/dev/null || need+=(openssl)
if (( ${#need[@]} )); then
  sudo=; (( EUID == 0 )) || sudo=sudo
  log "installing ${need[*]} (apt-get)"
  timeout 300 $sudo apt-get update -qq
  timeout 300 $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
# Nothing below may go through a proxy: all traffic stays on loopback.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY='*' no_proxy='*'
CURL=(curl -s --max-time 5)
# wrk -c1024 and the proxies' upstream connections need descriptors: take the hard limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

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
BLUEGREEN_DLL=${BLUEGREEN_DLL:-$REPO/artifacts/bin/BlueGreen.Proxy/release/BlueGreen.Proxy.dll}
PLAINYARP_DLL=$REPO/artifacts/bin/PlainYarp/release/PlainYarp.dll
for f in "$BLUEGREEN_DLL" "$PLAINYARP_DLL"; do [[ -f $f ]] || { echo "run.sh: $f is missing after the build" >&2; exit 1; }; done

# ---------------------------------------------------------------------------------------------- processes
WORK=$(mktemp -d /tmp/bluegreen-load.XXXXXX)
chmod 755 "$WORK"   # nginx workers run as nobody when started by root
RESULTS=$RESULTS_DIR/results.tsv
: >"$RESULTS"
PIDS=()

stop_pid() { # stop_pid PID: TERM (its children first: a backgrounded run_wrk is a subshell), up to 10 s, KILL; forgets it
  local pid=$1 i kept=() p
  for p in $(pgrep -P "$pid" 2>/dev/null); do kill -TERM "$p" 2>/dev/null || true; done
  kill -TERM "$pid" 2>/dev/null || true
  for (( i = 0; i < 100; i++ )); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid i
  for pid in "${PIDS[@]}"; do
    for i in $(pgrep -P "$pid" 2>/dev/null); do kill -TERM "$i" 2>/dev/null || true; done
    kill -TERM "$pid" 2>/dev/null || true
  done
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

# One self-signed certificate for every TLS target (EC P-256, for 127.0.0.1, a day), made here, kept in the temp dir.
# HAProxy takes the certificate and its key in one PEM file. curl checks it (--cacert) when waiting for a target.
if (( TLS )); then
  mkdir -p "$WORK/tls"
  TLS_CERT=$WORK/tls/cert.pem
  TLS_KEY=$WORK/tls/key.pem
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj '/CN=127.0.0.1' \
    -addext 'subjectAltName=IP:127.0.0.1' -addext 'extendedKeyUsage=serverAuth' \
    -keyout "$TLS_KEY" -out "$TLS_CERT" 2>"$WORK/tls/openssl.log" || { cat "$WORK/tls/openssl.log" >&2; exit 1; }
  cat "$TLS_CERT" "$TLS_KEY" >"$WORK/tls/haproxy.pem"
  TLS_FINGERPRINT=$(openssl x509 -in "$TLS_CERT" -noout -fingerprint -sha256 | sed 's/^.*=//')
  CURL+=(--cacert "$TLS_CERT")
fi

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

# render TEMPLATE OUT NAME VALUE ...: the template with every {{NAME}} replaced; refuses one left unreplaced.
shopt -u patsub_replacement 2>/dev/null || true   # bash 5.2 would read & in a value as the matched text
render() {
  local text out=$2 name
  text=$(<"$TEMPLATES/$1")
  shift 2
  while (( $# )); do name=$1; text=${text//"{{$name}}"/$2}; shift 2; done
  [[ $text != *"{{"* ]] || { echo "run.sh: templates/$(basename "$out") has a placeholder left: $(grep -o '{{[A-Z_]*}}' <<<"$text" | head -n 1)" >&2; exit 1; }
  printf '%s\n' "$text" >"$out"
}

size_bytes() { # 1k -> 1024, 1m -> 1048576
  local n=${1%[km]}
  case $1 in *k) echo $(( n * 1024 )) ;; *m) echo $(( n * 1024 * 1024 )) ;; esac
}

# The address of the i-th destination (1-based) for the destinations curve: 127.0.1.1 ... 127.0.1.200, 127.0.2.1 ...
many_address() { echo "127.0.$(( ($1 - 1) / 200 + 1 )).$(( ($1 - 1) % 200 + 1 ))"; }

# Backends: one nginx each, 1 worker, bodies from memory, stub_status for counting.
start_backend() { # start_backend NAME PORT [ADDRESSES]: listens on 127.0.0.1, or on each of ADDRESSES, at PORT
  local dir=$WORK/backend-$1 listen="" a s
  mkdir -p "$dir/size"
  for a in ${3:-127.0.0.1}; do listen+="    listen $a:$2;"$'\n'; done
  for s in $CURVE_SIZES; do head -c "$(size_bytes "$s")" /dev/zero | tr '\0' 'x' >"$dir/size/$s"; done
  render backend-nginx.conf "$dir/nginx.conf" DIR "$dir" NAME "$1" LISTEN "${listen%$'\n'}"
  "$NGINX" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/out.log" 2>&1 &
  PIDS+=($!)
}

backend_requests() { # backend_requests PORT [ADDRESS]: requests served so far (this status request included)
  "${CURL[@]}" "http://${2:-127.0.0.1}:$1/__status" | awk 'NR == 3 { print $3 }'
}

alloc_port BLUE_PORT
alloc_port GREEN_PORT
start_backend blue "$BLUE_PORT"
start_backend green "$GREEN_PORT"
wait_http "http://127.0.0.1:$BLUE_PORT/" 10
wait_http "http://127.0.0.1:$GREEN_PORT/" 10
BACKEND_BLUE_PID=${PIDS[0]}
# The backends whose stub_status gives the split of a measured run (the destinations curve has its own).
COUNT_BLUE="$BLUE_PORT 127.0.0.1"
COUNT_GREEN="$GREEN_PORT 127.0.0.1"

declare -A NAME URL PID_OF
TARGETS=(A B C D E)
NAME[A]="direct to backend (floor)"
URL[A]="http://127.0.0.1:$BLUE_PORT/"
PID_OF[A]=$BACKEND_BLUE_PID

# With PROFILE_SECONDS, B and C run with perf maps, and with W^X off: with it on, JIT-compiled code runs from a
# memfd double mapping that perf cannot match to the map.
if (( PROFILE_SECONDS > 0 )); then PROFILE_ENV="DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0"; else PROFILE_ENV=""; fi

# B: plain YARP. SCHEME=https before the call listens on https:// (the certificate comes in ENV WORDS, as
# Kestrel configuration).
start_plainyarp() { # start_plainyarp KEY "ENV WORDS" DESTINATION...
  local key=$1 envwords=$2 dir=$WORK/plainyarp-$1 port scheme=${SCHEME:-http}
  shift 2
  alloc_port port
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # envwords are NAME=value words on purpose
  ( cd "$dir" && exec env $envwords dotnet "$PLAINYARP_DLL" "$scheme://127.0.0.1:$port" "$@" ) >"$dir/out.log" 2>&1 &
  PIDS+=($!)
  PID_OF[$key]=$!
  URL[$key]="$scheme://127.0.0.1:$port/"
}
start_plainyarp B "$PROFILE_ENV" "http://127.0.0.1:$BLUE_PORT" "http://127.0.0.1:$GREEN_PORT"
NAME[B]="plain YARP"

# C (and F, R, P, H, and the curves' own): BlueGreen, each with its own ports and state file, run from its own temp dir.
# Without pool arguments, blue b1 and green g1 are the two backends. SCHEME=https before the call listens on https://
# (the certificate comes in the arguments, BlueGreen:Tls:*). Later arguments override earlier ones (weights...).
start_bluegreen() { # start_bluegreen KEY "ENV WORDS" DLL [--BlueGreen:... arguments]
  local key=$1 envwords=$2 dll=$3 dir=$WORK/bluegreen-$1 port admin scheme=${SCHEME:-http}
  shift 3
  (( $# )) || set -- "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:$BLUE_PORT" \
                     "--BlueGreen:Pools:green:Destinations:g1=http://127.0.0.1:$GREEN_PORT"
  alloc_port port
  alloc_port admin
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # envwords are NAME=value words on purpose
  local launch=(dotnet "$dll")
  [[ $dll == *.dll ]] || launch=("$dll")   # a Native AOT build is its own executable
  ( cd "$dir" && exec env $envwords "${launch[@]}" \
      "--BlueGreen:Listen:Proxy=$scheme://127.0.0.1:$port" \
      "--BlueGreen:Listen:Admin=http://127.0.0.1:$admin" \
      "--BlueGreen:State:Path=$dir/state.json" \
      "--BlueGreen:Stickiness:Mode=None" \
      "--BlueGreen:InitialWeights:Blue=95" \
      "--BlueGreen:InitialWeights:Green=5" \
      "--BlueGreen:Admin:Token=$TOKEN" "$@" ) >"$dir/out.log" 2>&1 &
  PIDS+=($!)
  PID_OF[$key]=$!
  URL[$key]="$scheme://127.0.0.1:$port/"
  ADMIN[$key]="http://127.0.0.1:$admin"
}
declare -A ADMIN
start_bluegreen C "$PROFILE_ENV" "$BLUEGREEN_DLL"
NAME[C]="BlueGreen 95/5"

# D (and V): nginx, 1 worker, weighted upstream with keep-alive. SCHEME=https before the call: TLS, the run's
# certificate.
start_nginx_proxy() { # start_nginx_proxy KEY
  local key=$1 dir=$WORK/nginx-$1 port scheme=${SCHEME:-http} listen
  alloc_port port
  mkdir -p "$dir"
  listen="    listen 127.0.0.1:$port;"
  # TLS 1.3 named: nginx before 1.23.4 (Debian 12 has 1.22) leaves it out of its default ssl_protocols, and the
  # others negotiate it.
  [[ $scheme == http ]] || printf -v listen '    %s\n' "listen 127.0.0.1:$port ssl;" "ssl_protocols TLSv1.2 TLSv1.3;" \
                             "ssl_certificate $TLS_CERT;" "ssl_certificate_key $TLS_KEY;"
  listen=${listen%$'\n'}
  render proxy-nginx.conf "$dir/nginx.conf" DIR "$dir" LISTEN "$listen" SERVERS \
    "    server 127.0.0.1:$BLUE_PORT weight=95;"$'\n'"    server 127.0.0.1:$GREEN_PORT weight=5;"
  "$NGINX" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/out.log" 2>&1 &
  PIDS+=($!)
  PID_OF[$key]=$!
  URL[$key]="$scheme://127.0.0.1:$port/"
}
start_nginx_proxy D
NAME[D]="nginx 95/5 (1 worker)"

# E (and X): HAProxy, 1 thread, weighted round robin, server-side keep-alive (its default). SCHEME=https: TLS.
start_haproxy() { # start_haproxy KEY
  local key=$1 dir=$WORK/haproxy-$1 port scheme=${SCHEME:-http} bind=""
  alloc_port port
  mkdir -p "$dir"
  [[ $scheme == http ]] || bind=" ssl crt $WORK/tls/haproxy.pem"
  render haproxy.cfg "$dir/haproxy.cfg" PORT "$port" BIND_OPTIONS "$bind" SERVERS \
    "  server b1 127.0.0.1:$BLUE_PORT weight 95"$'\n'"  server g1 127.0.0.1:$GREEN_PORT weight 5"
  "$HAPROXY" -db -f "$dir/haproxy.cfg" >"$dir/out.log" 2>&1 &
  PIDS+=($!)
  PID_OF[$key]=$!
  URL[$key]="$scheme://127.0.0.1:$port/"
}
start_haproxy E
NAME[E]="HAProxy 95/5 (nbthread 1)"

if [[ -n $BLUEGREEN_ENV || -n $BLUEGREEN_F_DLL ]]; then
  [[ -z $BLUEGREEN_F_DLL || -f $BLUEGREEN_F_DLL ]] || fail_usage "BLUEGREEN_F_DLL=$BLUEGREEN_F_DLL does not exist"
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
# H: BlueGreen as shipped with hash ownership on both pools. Two ids per pool for the same backend, so the policy
# does its whole work (with one destination it returns it at once); wrk asks for one path, so one destination owns
# it until the bounded-load check (in-flight counts, factor 1.25) spills requests to the other. HASH=0 leaves it out.
if [[ ${HASH:-1} != 0 ]]; then
  start_bluegreen H "" "$BLUEGREEN_DLL" \
    "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:$BLUE_PORT" \
    "--BlueGreen:Pools:blue:Destinations:b2=http://127.0.0.1:$BLUE_PORT" \
    "--BlueGreen:Pools:green:Destinations:g1=http://127.0.0.1:$GREEN_PORT" \
    "--BlueGreen:Pools:green:Destinations:g2=http://127.0.0.1:$GREEN_PORT" \
    "--BlueGreen:Pools:blue:LoadBalancing=ConsistentHash" \
    "--BlueGreen:Pools:green:LoadBalancing=ConsistentHash"
  NAME[H]="BlueGreen 95/5, consistent hash (2 destinations per pool)"
  TARGETS+=(H)
fi
# T U V X: C, B, D and E terminating TLS, all with the run's one certificate. TLS=1 adds them.
if (( TLS )); then
  SCHEME=https start_bluegreen T "" "$BLUEGREEN_DLL" \
    "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:$BLUE_PORT" \
    "--BlueGreen:Pools:green:Destinations:g1=http://127.0.0.1:$GREEN_PORT" \
    "--BlueGreen:Tls:CertificatePath=$TLS_CERT" "--BlueGreen:Tls:KeyPath=$TLS_KEY"
  NAME[T]="BlueGreen 95/5, TLS"
  # Kestrel's default certificate (configuration from the environment) serves PlainYarp's https:// listen URL.
  SCHEME=https start_plainyarp U \
    "Kestrel__Certificates__Default__Path=$TLS_CERT Kestrel__Certificates__Default__KeyPath=$TLS_KEY" \
    "http://127.0.0.1:$BLUE_PORT" "http://127.0.0.1:$GREEN_PORT"
  NAME[U]="plain YARP, TLS"
  SCHEME=https start_nginx_proxy V
  NAME[V]="nginx 95/5 (1 worker), TLS"
  SCHEME=https start_haproxy X
  NAME[X]="HAProxy 95/5 (nbthread 1), TLS"
  TARGETS+=(T U V X)
fi
# M and N: mirroring into a pool that hangs, against the same without mirroring. Both at 100/0 (blue serves every
# request), green being one backend that accepts connections and never answers (hanging_backend.py); no active
# health probes, which would find green unresponsive and take it out, leaving the mirrors no destination (they are
# then skipped, not sent). Each copy waits on green until the mirror timeout (10 s); beyond the 32 in flight and 32
# queued, copies are dropped. MIRROR=1 adds them.
if (( MIRROR )); then
  alloc_port HANG_PORT
  python3 "$HERE/hanging_backend.py" "$HANG_PORT" "$$" >"$WORK/hanging-backend.log" 2>&1 &   # ends with this shell
  PIDS+=($!)
  for (( i = 0; i < 50; i++ )); do port_in_use "$HANG_PORT" && break; sleep 0.1; done
  port_in_use "$HANG_PORT" || { cat "$WORK/hanging-backend.log" >&2; echo "run.sh: the hanging backend did not start" >&2
                               exit 1; }
  mirror_args=("--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:$BLUE_PORT"
               "--BlueGreen:Pools:green:Destinations:g1=http://127.0.0.1:$HANG_PORT"
               "--BlueGreen:InitialWeights:Blue=100" "--BlueGreen:InitialWeights:Green=0"
               "--BlueGreen:Health:Active:Enabled=false")
  start_bluegreen M "" "$BLUEGREEN_DLL" "${mirror_args[@]}" "--BlueGreen:Mirror:Percent=10"
  NAME[M]="BlueGreen 100/0, 10 % mirrored to a hanging green"
  start_bluegreen N "" "$BLUEGREEN_DLL" "${mirror_args[@]}"
  NAME[N]="BlueGreen 100/0, no mirroring (green hanging)"
  TARGETS+=(M N)
fi
ALL_TARGETS=("${TARGETS[@]}")
if [[ -n ${ONLY:-} ]]; then   # e.g. ONLY="B C": measure only those targets (everything still starts)
  selected=()
  for t in "${TARGETS[@]}"; do if [[ " $ONLY " == *" $t "* ]]; then selected+=("$t"); fi; done
  (( ${#selected[@]} )) || fail_usage "ONLY='$ONLY' names none of ${TARGETS[*]}"
  TARGETS=("${selected[@]}")
fi

log "starting targets ${ALL_TARGETS[*]}"
dump_logs() { local f; for f in "$WORK"/*/out.log; do echo "== $f" >&2; tail -n 20 "$f" >&2; done; }
for t in "${ALL_TARGETS[@]}"; do
  wait_http "${URL[$t]}" 30 "${PID_OF[$t]}" || { dump_logs; exit 1; }
done
wait_http "${ADMIN[C]}/readyz" 10
if (( TLS )); then
  # What each TLS target's handshake gives (wrk's is alike: no ALPN, no client certificate): tls-handshakes.tsv,
  # target, protocol, cipher, SHA-256 fingerprint of the certificate served.
  for t in T U V X; do
    port=${URL[$t]##*:}
    hello=$(timeout 10 openssl s_client -connect "127.0.0.1:${port%/}" </dev/null 2>/dev/null || true)
    printf '%s\t%s\t%s\n' "$t" "$(sed -nE 's/^New, ([^,]+), Cipher is (.*)$/\1\t\2/p' <<<"$hello" | head -n 1)" \
      "$(openssl x509 -noout -fingerprint -sha256 <<<"$hello" 2>/dev/null | sed 's/^.*=//')"
  done >"$RESULTS_DIR/tls-handshakes.tsv"
fi
if [[ -n ${ADMIN[P]:-} ]]; then
  wait_http "${ADMIN[P]}/readyz" 10
  ( while :; do
      for path in /api/v1/state /api/v1/rollouts/current "/api/v1/history?limit=20" /metrics; do
        curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "${ADMIN[P]}$path"
      done
      sleep 1
    done ) &
  PIDS+=($!)
fi
if [[ -n ${ADMIN[R]:-} ]]; then
  # 5 % to green for an hour: the step never ends during the run, so the split stays 95/5 while it is judged (error
  # rate, p99, failovers, ejections, five times a second). Without the sequential test: here the green nginx, idle
  # most of the time, is woken on a saturated machine for each of its requests, so green really is slower than
  # blue's p99 more often, and the test rightly rolls back within seconds (seen in the run of 2026-11-30).
  wait_http "${ADMIN[R]}/readyz" 10
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -X POST "${ADMIN[R]}/api/v1/rollouts" \
    -d '{"to":"green","steps":[5,100],"stepInterval":"01:00:00","analysis":{"sequential":false},"reason":"load run"}'
  log "R: rollout started ($(curl -fsS -H "Authorization: Bearer $TOKEN" "${ADMIN[R]}/api/v1/rollouts/current" | grep -o '"status":"[a-zA-Z]*"'))"
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

run_wrk() { # run_wrk URL SECONDS [CONNECTIONS] -> RESULT line (nothing for 0 s: WARMUP=0 means no warm-up)
  local c=${3:-$CONNECTIONS}
  (( $2 > 0 )) || return 0
  timeout $(( $2 + 20 )) wrk -t"$(( THREADS < c ? THREADS : c ))" -c"$c" -d"$2s" --timeout 5s -s "$HERE/report.lua" "$1" | grep '^RESULT'
}

# measure FILE PREFIX LABEL ROUND URL CPU-KEY [CONNECTIONS]: one measured run, one line in FILE, PREFIX (the
# curve's x and a tab, or nothing) first. Columns after it: label round requests duration_us rps p50_us p90_us
# p99_us socket_errors non2xx blue_requests green_requests cpu_ticks bytes connections (report.py reads them).
measure() {
  local file=$1 prefix=$2 label=$3 round=$4 url=$5 key=$6 conns=${7:-$CONNECTIONS} b0 g0 c0 b1 g1 c1 result
  local req dur p50 p90 p99 sockerr non2xx bytes rps
  # shellcheck disable=SC2086 # COUNT_BLUE and COUNT_GREEN are "PORT ADDRESS"
  b0=$(backend_requests $COUNT_BLUE); g0=$(backend_requests $COUNT_GREEN); c0=$(cpu_ticks "$key")
  result=$(run_wrk "$url" "$MEASURE_SECONDS" "$conns")
  # shellcheck disable=SC2086
  c1=$(cpu_ticks "$key"); b1=$(backend_requests $COUNT_BLUE); g1=$(backend_requests $COUNT_GREEN)
  # RESULT requests duration_us p50 p90 p99 sockerr non2xx bytes
  read -r _ req dur p50 p90 p99 sockerr non2xx bytes <<<"$result"
  rps=$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  printf '%s%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$prefix" "$label" "$round" "$req" "$dur" "$rps" \
    "$p50" "$p90" "$p99" "$sockerr" "$non2xx" "$(( b1 - b0 - 1 ))" "$(( g1 - g0 - 1 ))" "$(( c1 - c0 ))" "$bytes" "$conns" >>"$file"
  log "round $round ${prefix:+${prefix%$'\t'} }$label: $rps rps, p99 $p99 us"
}
MEASURE_SECONDS=$DURATION

# ---------------------------------------------------------------------------------------------- header (meta.tsv)
META=$RESULTS_DIR/meta.tsv
meta() { printf '%s\t%s\n' "$1" "$2" >>"$META"; }
: >"$META"
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta machine "$(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GB RAM", $2 / 1048576 }' /proc/meminfo); kernel $(uname -r)"
meta load_average "$(cut -d' ' -f1-3 /proc/loadavg)"
for n in THREADS CONNECTIONS ROUNDS DURATION WARMUP FIRST_WARMUP SWITCH_ROUNDS SWITCH_SAMPLES PROFILE_SECONDS MAIN \
         CURVES CURVE_ROUNDS CURVE_DURATION SOAK_SECONDS SOAK_SAMPLE_SECONDS TLS MIRROR; do
  meta "$(tr '[:upper:]' '[:lower:]' <<<"$n")" "${!n}"
done
meta clk_tck "$CLK_TCK"
meta tools "$(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }'), $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), $("$HAPROXY" -v | head -n 1 | awk '{ print "HAProxy", $3 }'), .NET runtime $(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App/ { v = $2 } END { print v }'), ASP.NET Core $(dotnet --list-runtimes | awk '/^Microsoft.AspNetCore.App/ { v = $2 } END { print v }')"
meta code "HEAD $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '(no git)')$(git -C "$REPO" status --porcelain -- src 2>/dev/null | grep -q . && echo ' + uncommitted changes in src/') at run time; BlueGreen.Proxy.dll built $(date -u -r "$BLUEGREEN_DLL" '+%Y-%m-%d %H:%M:%S UTC')"
meta backends "2 × nginx (1 worker, 15-byte body from memory, no access log) on 127.0.0.1"
meta runtime_env "$(env | grep -E '^(DOTNET|COMPlus|ASPNETCORE)_' | sort | tr '\n' ' ' | sed 's/ $//' | grep . || echo 'no DOTNET_/COMPlus_/ASPNETCORE_ variables (defaults)')"
meta runtimeconfig_b "$(grep -oE '"System\.GC\.[A-Za-z]+": [a-z0-9]+|"System\.Runtime\.TieredPGO": [a-z]+' "${PLAINYARP_DLL%.dll}.runtimeconfig.json" | tr '\n' ' ' | sed 's/ $//')"
meta runtimeconfig_c "$(grep -oE '"System\.GC\.[A-Za-z]+": [a-z0-9]+|"System\.Runtime\.TieredPGO": [a-z]+' "${BLUEGREEN_DLL%.dll}.runtimeconfig.json" | tr '\n' ' ' | sed 's/ $//')"
meta bluegreen_env "$BLUEGREEN_ENV"
if (( TLS )); then
  meta tls_certificate "one self-signed EC P-256 certificate for 127.0.0.1 (openssl req -x509;\
 $(openssl version | awk '{ print $1, $2 }'))"
  meta tls_fingerprint "$TLS_FINGERPRINT"
fi
[[ -z $BLUEGREEN_F_DLL ]] || meta f_dll "$BLUEGREEN_F_DLL (built $(date -u -r "$BLUEGREEN_F_DLL" '+%H:%M:%S UTC'))"
TARGETS_FILE=$RESULTS_DIR/targets.tsv
: >"$TARGETS_FILE"
for t in "${TARGETS[@]}"; do printf '%s\t%s\n' "$t" "${NAME[$t]}" >>"$TARGETS_FILE"; done

# ---------------------------------------------------------------------------------------------- main rounds
if (( MAIN )); then
log "warm-up: ${FIRST_WARMUP} s per target"
for t in "${TARGETS[@]}"; do run_wrk "${URL[$t]}" "$FIRST_WARMUP" >/dev/null; done
# Every other round runs the targets in reverse order, so that no target is always measured before or after another
# (a drift of the machine within a round then falls on each side of a pair equally often).
REVERSED=()
for (( i = ${#TARGETS[@]} - 1; i >= 0; i-- )); do REVERSED+=("${TARGETS[i]}"); done
for (( r = 1; r <= ROUNDS; r++ )); do
  if (( r % 2 )); then ORDER=("${TARGETS[@]}"); else ORDER=("${REVERSED[@]}"); fi
  for t in "${ORDER[@]}"; do
    run_wrk "${URL[$t]}" "$WARMUP" >/dev/null
    measure "$RESULTS" "" "$t" "$r" "${URL[$t]}" "$t"
  done
done
for t in "${TARGETS[@]}"; do printf '%s\t%s\n' "$t" "$(rss_kb "$t")"; done >"$RESULTS_DIR/rss.tsv"
# What M's mirrors did over the whole run (warm-ups included): copies ended (answered or failed), their errors by
# kind, their duration, dropped (beyond the cap) and skipped (by reason), from its /metrics.
if [[ " ${TARGETS[*]} " == *" M "* ]]; then
  "${CURL[@]}" "${ADMIN[M]}/metrics" | grep -E '^bluegreen_mirrored_' | grep -vE '_bucket[{ ]' \
    >"$RESULTS_DIR/mirror-metrics.txt" || true
fi

# ---------------------------------------------------------------------------------------------- profile
# profile KEY: perf samples the target for PROFILE_SECONDS under the same load; leaves the CPU µs per request in
# the sampled window in profile.KEY.us, the per-assembly self-time shares in profile.KEY.tsv and the hottest
# functions in profile.KEY.top.
profile() {
  local key=$1 wrk_pid c0 c1 req dur
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
           END { for (a in s) printf "%s\t%.3f\n", a, s[a] }' >"$RESULTS_DIR/profile.$key.tsv"
  # CPU µs per request in the sampled window: CPU time ÷ (the run's request rate × the window).
  awk -v c="$(( c1 - c0 ))" -v hz="$CLK_TCK" -v r="$req" -v d="$dur" -v w="$PROFILE_SECONDS" \
    'BEGIN { printf "%.1f\n", (c / hz * 1e6) / (r / (d / 1e6) * w) }' >"$RESULTS_DIR/profile.$key.us"
  perf report -i "$WORK/perf.$key.data" --stdio --no-children --percent-limit 0.7 --sort sym -g none 2>/dev/null \
    | grep -E '^ +[0-9]' | cut -c1-150 >"$RESULTS_DIR/profile.$key.top" || true
}

if (( PROFILE_SECONDS > 0 )); then
  command -v perf >/dev/null || { log "installing linux-perf"; apt-get install -y -qq linux-perf >/dev/null; }
  log "profile: perf samples ${PROFILE_TARGETS// /, }, $PROFILE_SECONDS s each under the same load"
  for key in $PROFILE_TARGETS; do profile "$key"; done
fi

# ---------------------------------------------------------------------------------------------- BlueGreen's own header
SAMPLE=$WORK/pool-sample.curl
{ for (( i = 0; i < 1000; i++ )); do printf 'url = "%s"\noutput = "/dev/null"\n' "${URL[C]}"; done; } >"$SAMPLE"
curl -s --max-time 30 -K "$SAMPLE" -w '%header{x-bluegreen-pool}\n' >"$RESULTS_DIR/pool-sample.txt" || true

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
    printf 'url = "%s/api/v1/weights"\nrequest = "PUT"\nheader = "Authorization: Bearer %s"\n' "${ADMIN[C]}" "$TOKEN"
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

switch_costs() { # switch_costs LABEL: SWITCH_SAMPLES samples alternating green/blue, one line each in switch-samples.tsv
  local label=$1 i to s st p
  for (( i = 0; i < SWITCH_SAMPLES; i++ )); do
    if (( i % 2 == 0 )); then to=green; else to=blue; fi
    read -r s st p <<<"$(switch_sample "$to")"
    printf '%s\t%s\t%s\t%s\n' "$label" "$s" "$st" "$p" >>"$RESULTS_DIR/switch-samples.tsv"
    sleep 0.2
  done
}

if (( SWITCH_SAMPLES > 0 )); then
  log "switch cost, idle and under load"
  switch_costs "idle"
  run_wrk "${URL[C]}" $(( DURATION + 5 )) >/dev/null &
  LOAD_PID=$!
  PIDS+=("$LOAD_PID")
  sleep 2
  switch_costs "under load (wrk -c$CONNECTIONS running)"
  wait "$LOAD_PID" || true
  [[ $(put_weights "${ADMIN[C]}" 95 5) == 200 ]] || log "warning: could not put the weights back to 95/5"
fi

if (( SWITCH_ROUNDS > 0 )); then
  # Throughput while switching every 100 ms: one curl process, rate-limited to 10 transfers/s, alternating weights.
  SWITCHES=$WORK/switches.curl
  {
    for (( i = 0; i < DURATION * 10; i++ )); do
      if (( i % 2 == 0 )); then b=0 g=100; else b=100 g=0; fi
      (( i == 0 )) || printf 'next\n'
      printf 'url = "%s/api/v1/weights"\nrequest = "PUT"\nheader = "Authorization: Bearer %s"\n' "${ADMIN[C]}" "$TOKEN"
      printf 'header = "Content-Type: application/json"\ndata = "{\\"blue\\":%d,\\"green\\":%d}"\n' "$b" "$g"
      printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n'
    done
  } >"$SWITCHES"

  log "throughput while switching every 100 ms ($SWITCH_ROUNDS rounds)"
  : >"$RESULTS_DIR/switch-codes.txt"
  for (( r = 1; r <= SWITCH_ROUNDS; r++ )); do
    run_wrk "${URL[C]}" "$WARMUP" >/dev/null
    measure "$RESULTS" "" "C-steady" "$r" "${URL[C]}" C
    run_wrk "${URL[C]}" "$WARMUP" >/dev/null
    curl -s --max-time $(( DURATION + 10 )) --rate 10/s -K "$SWITCHES" >"$WORK/switch-codes.$r" &
    SWITCH_PID=$!
    PIDS+=("$SWITCH_PID")
    measure "$RESULTS" "" "C-switching" "$r" "${URL[C]}" C
    # The switches take DURATION s at 10/s, as long as the load: give curl 5 s more to finish, then stop it.
    for (( i = 0; i < 50; i++ )); do kill -0 "$SWITCH_PID" 2>/dev/null || break; sleep 0.1; done
    stop_pid "$SWITCH_PID"
    cat "$WORK/switch-codes.$r" >>"$RESULTS_DIR/switch-codes.txt"
    [[ $(put_weights "${ADMIN[C]}" 95 5) == 200 ]] || log "warning: could not put the weights back to 95/5"
  done
fi

if [[ -n ${ADMIN[R]:-} ]]; then
  curl -fsS -H "Authorization: Bearer $TOKEN" "${ADMIN[R]}/api/v1/rollouts/current" \
    | grep -oE '"status":"[a-zA-Z]*"|"verdict":"[a-z]*"' | tr '\n' ' ' >"$RESULTS_DIR/rollout-end.txt" || true
fi
fi # MAIN

# ---------------------------------------------------------------------------------------------- curves
MEASURE_SECONDS=$CURVE_DURATION

if curve_on connections; then
  log "curve: connections ($CURVE_CONNECTIONS) for A B C D E"
  : >"$RESULTS_DIR/curve-connections.tsv"
  for t in A B C D E; do run_wrk "${URL[$t]}" "$FIRST_WARMUP" >/dev/null; done
  # Rounds outermost, so that every point of every target sees the machine's noise alike.
  for (( round = 1; round <= CURVE_ROUNDS; round++ )); do
    for c in $CURVE_CONNECTIONS; do
      for t in A B C D E; do
        run_wrk "${URL[$t]}" "$WARMUP" "$c" >/dev/null
        measure "$RESULTS_DIR/curve-connections.tsv" "$c"$'\t' "$t" "$round" "${URL[$t]}" "$t" "$c"
      done
    done
  done
fi

if curve_on size; then
  log "curve: response size ($CURVE_SIZES) for A B C D E"
  : >"$RESULTS_DIR/curve-size.tsv"
  for t in A B C D E; do run_wrk "${URL[$t]}size/${CURVE_SIZES%% *}" "$FIRST_WARMUP" >/dev/null; done
  for (( round = 1; round <= CURVE_ROUNDS; round++ )); do
    for s in $CURVE_SIZES; do
      for t in A B C D E; do
        run_wrk "${URL[$t]}size/$s" "$WARMUP" >/dev/null
        measure "$RESULTS_DIR/curve-size.tsv" "$(size_bytes "$s")"$'\t' "$t" "$round" "${URL[$t]}size/$s" "$t"
      done
    done
  done
fi

if curve_on destinations; then
  max=0
  for n in $CURVE_DESTINATIONS; do (( n > max )) && max=$n; done
  many_addresses=""
  for (( i = 1; i <= max; i++ )); do many_addresses+=" $(many_address "$i")"; done
  alloc_port MANY_BLUE_PORT
  alloc_port MANY_GREEN_PORT
  # Both listen on the same addresses, each at its own port.
  start_backend blue-many "$MANY_BLUE_PORT" "$many_addresses"
  start_backend green-many "$MANY_GREEN_PORT" "$many_addresses"
  wait_http "http://$(many_address "$max"):$MANY_BLUE_PORT/" 10
  wait_http "http://$(many_address "$max"):$MANY_GREEN_PORT/" 10
  COUNT_BLUE="$MANY_BLUE_PORT $(many_address 1)"
  COUNT_GREEN="$MANY_GREEN_PORT $(many_address 1)"
  : >"$RESULTS_DIR/curve-destinations.tsv"
  for n in $CURVE_DESTINATIONS; do
    log "curve: $n destinations per pool, B (2×$n in one cluster) and C"
    bg_args=() yarp_args=()
    for (( i = 1; i <= n; i++ )); do
      a=$(many_address "$i")
      bg_args+=("--BlueGreen:Pools:blue:Destinations:b$i=http://$a:$MANY_BLUE_PORT" "--BlueGreen:Pools:green:Destinations:g$i=http://$a:$MANY_GREEN_PORT")
      yarp_args+=("http://$a:$MANY_BLUE_PORT" "http://$a:$MANY_GREEN_PORT")
    done
    # Keys YB and YC (B and C in the results): processes of their own, beside the main B and C.
    start_plainyarp YB "" "${yarp_args[@]}"
    start_bluegreen YC "" "$BLUEGREEN_DLL" "${bg_args[@]}"
    for t in YB YC; do wait_http "${URL[$t]}" 60 "${PID_OF[$t]}" || { dump_logs; exit 1; }; done
    for t in YB YC; do run_wrk "${URL[$t]}" "$FIRST_WARMUP" >/dev/null; done
    for (( round = 1; round <= CURVE_ROUNDS; round++ )); do
      for t in YB YC; do
        run_wrk "${URL[$t]}" "$WARMUP" >/dev/null
        measure "$RESULTS_DIR/curve-destinations.tsv" "$n"$'\t' "${t#Y}" "$round" "${URL[$t]}" "$t"
      done
    done
    stop_pid "${PID_OF[YB]}"
    stop_pid "${PID_OF[YC]}"
    rm -rf "$WORK/plainyarp-YB" "$WORK/bluegreen-YC"
  done
  COUNT_BLUE="$BLUE_PORT 127.0.0.1"
  COUNT_GREEN="$GREEN_PORT 127.0.0.1"
fi

if curve_on admin; then
  # A BlueGreen of its own, with an empty history: W.
  start_bluegreen W "" "$BLUEGREEN_DLL"
  wait_http "${ADMIN[W]}/readyz" 30 "${PID_OF[W]}" || { dump_logs; exit 1; }
  # admin_config FILE COUNT: a curl config of COUNT PUTs back to back on one connection (95/5 and 90/10 alternating), one
  # "code seconds" line each, flushed line by line (a writer's progress is counted from its file).
  admin_config() {
    local cfg=$1 count=$2 i
    {
      for (( i = 0; i < count; i++ )); do
        (( i == 0 )) || printf 'next\n'
        printf 'url = "%s/api/v1/weights"\nrequest = "PUT"\nheader = "Authorization: Bearer %s"\n' "${ADMIN[W]}" "$TOKEN"
        printf 'header = "Content-Type: application/json"\ndata = "{\\"blue\\":%d,\\"green\\":%d,\\"reason\\":\\"load run\\"}"\n' \
          $(( i % 2 ? 90 : 95 )) $(( i % 2 ? 10 : 5 ))
        printf 'output = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total}\\n"\n'
      done
    } >"$cfg"
  }
  history_count() {
    curl -fsS -H "Authorization: Bearer $TOKEN" "${ADMIN[W]}/api/v1/history?limit=1000" | { grep -o '"action"' || true; } | wc -l
  }
  log "curve: admin write latency against history size ($ADMIN_HISTORY)"
  : >"$RESULTS_DIR/admin-latency.tsv"
  admin_config "$WORK/admin-samples.curl" "$ADMIN_SAMPLES"
  for h in $ADMIN_HISTORY; do
    have=$(history_count)
    if (( have < h )); then
      admin_config "$WORK/admin-fill.curl" $(( h - have ))
      curl -s --max-time 600 -K "$WORK/admin-fill.curl" >/dev/null
    fi
    have=$(history_count)
    curl -s --max-time 120 -K "$WORK/admin-samples.curl" | awk -v h="$have" '{ printf "%s\tidle\t%s\t%.3f\n", h, $1, $2 * 1000 }' \
      >>"$RESULTS_DIR/admin-latency.tsv"
    have=$(history_count)
    run_wrk "${URL[W]}" $(( CURVE_DURATION + 60 )) >/dev/null &
    load_pid=$!
    PIDS+=("$load_pid")
    sleep 2
    curl -s --max-time 120 -K "$WORK/admin-samples.curl" | awk -v h="$have" '{ printf "%s\tunder load\t%s\t%.3f\n", h, $1, $2 * 1000 }' \
      >>"$RESULTS_DIR/admin-latency.tsv"
    stop_pid "$load_pid"
  done

  log "curve: admin writes sustained while serving, writers $ADMIN_WRITERS"
  have=$(history_count)
  if (( have < 1000 )); then
    admin_config "$WORK/admin-fill.curl" $(( 1000 - have ))
    curl -s --max-time 600 -K "$WORK/admin-fill.curl" >/dev/null
  fi
  meta history_events "$(history_count)"
  # Each writer has more writes than it can make in the run (1,000 a second); it is stopped after the run.
  admin_config "$WORK/admin-writer.curl" $(( (CURVE_DURATION + 10) * 1000 ))
  : >"$RESULTS_DIR/curve-admin.tsv"
  : >"$RESULTS_DIR/admin-writes.tsv"
  run_wrk "${URL[W]}" "$FIRST_WARMUP" >/dev/null
  for (( round = 1; round <= CURVE_ROUNDS; round++ )); do
    for w in 0 $ADMIN_WRITERS; do
      writer_pids=()
      for (( i = 1; i <= w; i++ )); do
        : >"$WORK/admin-writer.$i"   # there before the first count, whenever curl opens it
        stdbuf -oL curl -s --max-time $(( CURVE_DURATION + 60 )) -K "$WORK/admin-writer.curl" >>"$WORK/admin-writer.$i" &
        writer_pids+=($!)
        PIDS+=($!)
      done
      run_wrk "${URL[W]}" "$WARMUP" >/dev/null
      lines0=() lines1=()
      for (( i = 1; i <= w; i++ )); do lines0[i]=$(wc -l <"$WORK/admin-writer.$i"); done
      start_ns=$(date +%s%N)
      measure "$RESULTS_DIR/curve-admin.tsv" "$w"$'\t' W "$round" "${URL[W]}" W
      end_ns=$(date +%s%N)
      for (( i = 1; i <= w; i++ )); do lines1[i]=$(wc -l <"$WORK/admin-writer.$i"); done
      # The writes that ended during the measured run (a writer prints a write's line when it has its answer):
      # writers, round, window ms, code, ms.
      for (( i = 1; i <= w; i++ )); do
        (( lines1[i] > lines0[i] )) || continue   # (sed would print line N+1 for the range N+1,N)
        sed -n "$(( lines0[i] + 1 )),$(( lines1[i] ))p" "$WORK/admin-writer.$i" \
          | awk -v w="$w" -v r="$round" -v s="$(( (end_ns - start_ns) / 1000000 ))" '{ printf "%s\t%s\t%s\t%s\t%.3f\n", w, r, s, $1, $2 * 1000 }'
      done >>"$RESULTS_DIR/admin-writes.tsv"
      for p in "${writer_pids[@]}"; do stop_pid "$p"; done
    done
  done
  stop_pid "${PID_OF[W]}"
fi

# ---------------------------------------------------------------------------------------------- soak
if (( SOAK_SECONDS > 0 )); then
  log "soak: $SOAK_SECONDS s of load, weights changed every second, b2 drained or enabled every 10 s"
  start_bluegreen S "" "$BLUEGREEN_DLL" \
    "--BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:$BLUE_PORT" \
    "--BlueGreen:Pools:blue:Destinations:b2=http://127.0.0.1:$BLUE_PORT" \
    "--BlueGreen:Pools:green:Destinations:g1=http://127.0.0.1:$GREEN_PORT"
  wait_http "${ADMIN[S]}/readyz" 30 "${PID_OF[S]}" || { dump_logs; exit 1; }
  SOAK_SAMPLES=$RESULTS_DIR/soak-samples.tsv
  # What /metrics has about memory (prometheus-net's DotNetStats): no per-generation sizes, so the managed heap
  # (dotnet_total_memory_bytes, GC.GetTotalMemory without a collection) stands in for gen2.
  printf 'seconds\trss_kb\tmanaged_bytes\tworking_set_bytes\tgen0_collections\tgen1_collections\tgen2_collections\n' >"$SOAK_SAMPLES"
  soak_sample() { # soak_sample SECONDS
    local m
    m=$("${CURL[@]}" "${ADMIN[S]}/metrics" || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$(rss_kb S)" \
      "$(awk '$1 == "dotnet_total_memory_bytes" { print $2 }' <<<"$m")" \
      "$(awk '$1 == "process_working_set_bytes" { print $2 }' <<<"$m")" \
      "$(awk '$1 == "dotnet_collection_count_total{generation=\"0\"}" { print $2 }' <<<"$m")" \
      "$(awk '$1 == "dotnet_collection_count_total{generation=\"1\"}" { print $2 }' <<<"$m")" \
      "$(awk '$1 == "dotnet_collection_count_total{generation=\"2\"}" { print $2 }' <<<"$m")" >>"$SOAK_SAMPLES"
  }
  admin_call() { # admin_call LABEL METHOD PATH [BODY]: one line "LABEL code" in soak-admin.txt
    local code body=()
    (( $# < 4 )) || body=(-H 'Content-Type: application/json' -d "$4")
    code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -X "$2" -H "Authorization: Bearer $TOKEN" "${body[@]}" "${ADMIN[S]}$3" || true)
    printf '%s %s\n' "$1" "${code:-000}" >>"$RESULTS_DIR/soak-admin.txt"
  }
  : >"$RESULTS_DIR/soak-admin.txt"
  run_wrk "${URL[S]}" "$SOAK_SECONDS" >"$RESULTS_DIR/soak-wrk.txt" &
  soak_wrk=$!
  PIDS+=("$soak_wrk")
  soak_start=$(date +%s)
  drained=0
  for (( s = 0; s < SOAK_SECONDS; s++ )); do
    (( s % SOAK_SAMPLE_SECONDS )) || soak_sample "$s"
    green=$(( (s * 7) % 100 ))   # 0, 7, 14, ... 98, 5, 12, ...: a new split every second
    admin_call weights PUT /api/v1/weights "{\"blue\":$(( 100 - green )),\"green\":$green,\"reason\":\"soak\"}"
    if (( s % 10 == 9 )); then
      if (( drained )); then admin_call enable POST /api/v1/pools/blue/destinations/b2/enable; drained=0
      else admin_call drain POST /api/v1/pools/blue/destinations/b2/drain; drained=1; fi
    fi
    # Sleep to the next whole second since the start, whatever the calls took.
    sleep "$(awk -v n="$(( soak_start + s + 1 ))" -v now="$(date +%s.%N)" 'BEGIN { d = n - now; print (d > 0 ? d : 0) }')"
  done
  wait "$soak_wrk" || true
  soak_sample "$SOAK_SECONDS"
  stop_pid "${PID_OF[S]}"
fi

meta total_seconds "$(( $(date +%s) - START_TIME ))"
log "results kept in $RESULTS_DIR"
python3 "$HERE/report.py" "$RESULTS_DIR" --charts "$CHARTS_DIR" | tee "$RESULTS_DIR/report.md"
