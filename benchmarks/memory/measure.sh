#!/usr/bin/env bash
# One memory measurement of a proxy: its RSS idle and after a bounded load, and the load's req/s.
#
#   benchmarks/memory/measure.sh LABEL 'COMMAND'
#
# Starts two nginx backends on 127.0.0.1 ($BLUE and $GREEN: one worker, a 15-byte body from memory, the load run's
# template), then runs COMMAND with bash, where $PORT (the proxy's port), $ADMIN (a second free port), $BLUE and
# $GREEN are set. When the proxy answers on http://127.0.0.1:$PORT/, waits IDLE seconds (5) and reads VmRSS from
# /proc (idle), then runs wrk -t2 -c64 for DURATION seconds (20; at most 30) and reads VmRSS and VmHWM right after.
# Prints one tab-separated line: label, RSS idle MB, RSS after load MB, peak RSS MB, req/s, p99 (wrk's latency
# distribution), non-2xx + socket errors. With SYSCALLS=1, perf counts the proxy's system calls and context switches
# during the load, and two columns follow: system calls per request, context switches per request (what the kernel's
# half of a proxied request is made of). Everything listens on 127.0.0.1 only; everything started is stopped on
# exit. Run it with nothing else on the machine.
set -euo pipefail
[[ $# == 2 ]] || { echo "usage: measure.sh LABEL 'COMMAND'" >&2; exit 2; }
LABEL=$1 COMMAND=$2
IDLE=${IDLE:-5}
DURATION=${DURATION:-20}
(( DURATION <= 30 )) || { echo "measure.sh: DURATION is at most 30 s" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TEMPLATE=$HERE/../load/templates/backend-nginx.conf
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
WORK=$(mktemp -d /tmp/bluegreen-mem.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  local p c
  for p in "${PIDS[@]}"; do
    for c in $(pgrep -P "$p" 2>/dev/null); do kill -TERM "$c" 2>/dev/null || true; done
    kill -TERM "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$(( p + 1 )); done; echo "$p"; }
BASE=${BASE_PORT:-19700}
BLUE=$(free_port "$BASE"); GREEN=$(free_port $(( BLUE + 1 ))); PORT=$(free_port $(( GREEN + 1 ))); ADMIN=$(free_port $(( PORT + 1 )))
export BLUE GREEN PORT ADMIN

for name in blue green; do
  port=$BLUE; [[ $name == green ]] && port=$GREEN
  dir=$WORK/$name; mkdir -p "$dir/tmp"
  text=$(<"$TEMPLATE"); text=${text//"{{DIR}}"/$dir}; text=${text//"{{NAME}}"/$name}
  text=${text//"{{LISTEN}}"/"    listen 127.0.0.1:$port;"}
  printf '%s\n' "$text" >"$dir/nginx.conf"
  "$NGINX" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/out.log" 2>&1 &
  PIDS+=($!)
done

( cd "$WORK" && exec bash -c "exec $COMMAND" ) >"$WORK/proxy.log" 2>&1 &
PROXY=$!
PIDS+=($PROXY)
deadline=$(( $(date +%s) + 60 ))
until curl -s --max-time 2 -o /dev/null -f "http://127.0.0.1:$PORT/"; do
  kill -0 "$PROXY" 2>/dev/null || { echo "measure.sh: $LABEL exited:" >&2; tail -n 20 "$WORK/proxy.log" >&2; exit 1; }
  (( $(date +%s) < deadline )) || { echo "measure.sh: $LABEL did not answer in 60 s" >&2; tail -n 20 "$WORK/proxy.log" >&2; exit 1; }
  sleep 0.2
done
sleep "$IDLE"
mb() { awk -v k="$1:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$PROXY/status"; }
idle=$(mb VmRSS)
if [[ ${SYSCALLS:-0} == 1 ]]; then
  command -v perf >/dev/null || apt-get install -y -qq linux-perf >/dev/null
  perf stat -x, -e raw_syscalls:sys_enter,context-switches -p "$PROXY" -o "$WORK/perf.csv" -- sleep "$DURATION" >/dev/null 2>&1 &
  PERF=$!
fi
wrk -t2 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/" >"$WORK/wrk.txt" 2>&1
after=$(mb VmRSS); peak=$(mb VmHWM)
rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$WORK/wrk.txt")
p99=$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")
errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$WORK/wrk.txt")
per_request=""
if [[ ${SYSCALLS:-0} == 1 ]]; then
  wait "$PERF" || true
  requests=$(awk '/requests in/ { print $1 }' "$WORK/wrk.txt")
  per_request=$(awk -F, -v r="$requests" '$3 == "raw_syscalls:sys_enter" { s = $1 } $3 == "context-switches" { c = $1 }
                END { printf "\t%.2f\t%.2f", s / r, c / r }' "$WORK/perf.csv")
fi
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s%s\n' "$LABEL" "$idle" "$after" "$peak" "$rps" "$p99" "$errors" "$per_request"
