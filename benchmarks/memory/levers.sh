#!/usr/bin/env bash
# The structural memory levers of issue 15, one measure.sh run each (see benchmarks/README.md, "Memory levers for
# issue 15 (structural)" and "Native AOT: BlueGreen built and measured"). Expects the builds (defaults in the repo):
#   dotnet build -c Release src/BlueGreen.Proxy benchmarks/PlainYarp                      (BG_DLL, PY_JIT)
#   dotnet publish src/BlueGreen.Proxy -c Release --use-current-runtime -p:PublishAot=true -o artifacts/aot     (BG_AOT)
#   dotnet publish benchmarks/PlainYarp -c Release --use-current-runtime -p:PublishAot=true -o artifacts/plainyarp-aot
#                                                                                           (PY_AOT)
# BG_SRK is a copy of the JIT build with System.Resources.UseSystemResourceKeys set in its runtimeconfig.json (only
# the lever "srk" needs it). Results: one TSV line per lever. LEVERS picks the sets (default: bg aot py). The set
# "calls" counts system calls and context switches per request (SYSCALLS=1) of BlueGreen, plain YARP and the
# forwarder-only probe (PROBE_DLL: dotnet build -c Release benchmarks/DirectForwardProbe).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BG_DLL=${BG_DLL:-$REPO/artifacts/bin/BlueGreen.Proxy/release/BlueGreen.Proxy.dll}
BG_AOT=${BG_AOT:-$REPO/artifacts/aot/BlueGreen.Proxy}
BG_SRK=${BG_SRK:-/tmp/bg-srk/BlueGreen.Proxy.dll}
PY_JIT=${PY_JIT:-$REPO/artifacts/bin/PlainYarp/release/PlainYarp.dll}
PY_AOT=${PY_AOT:-$REPO/artifacts/plainyarp-aot/PlainYarp}
PROBE_DLL=${PROBE_DLL:-$REPO/artifacts/bin/DirectForwardProbe/release/DirectForwardProbe.dll}
# The load run's target C: 95/5, stickiness None, a file state store.
BG_ARGS='--BlueGreen:Listen:Proxy=http://127.0.0.1:$PORT --BlueGreen:Listen:Admin=http://127.0.0.1:$ADMIN --BlueGreen:State:Path=state.json --BlueGreen:Stickiness:Mode=None --BlueGreen:InitialWeights:Blue=95 --BlueGreen:InitialWeights:Green=5 --BlueGreen:Admin:Token=bench --BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:$BLUE --BlueGreen:Pools:green:Destinations:g1=http://127.0.0.1:$GREEN'
PY_ARGS='http://127.0.0.1:$PORT http://127.0.0.1:$BLUE'
WKS='DOTNET_gcServer=0 DOTNET_gcConcurrent=0'
m() { "$HERE/measure.sh" "$@" || echo -e "$1\tFAILED"; }
for lever in ${LEVERS:-bg aot py}; do
  case $lever in
  bg)
    m "BlueGreen JIT, as shipped"                 "dotnet $BG_DLL $BG_ARGS"
    m "BlueGreen JIT, TieredPGO off"              "env DOTNET_TieredPGO=0 dotnet $BG_DLL $BG_ARGS"
    m "BlueGreen JIT, TieredCompilation off"      "env DOTNET_TieredCompilation=0 dotnet $BG_DLL $BG_ARGS"
    m "BlueGreen JIT, workstation non-concurrent" "env $WKS dotnet $BG_DLL $BG_ARGS"
    ;;
  srk)
    m "BlueGreen JIT, UseSystemResourceKeys"      "dotnet $BG_SRK $BG_ARGS"
    ;;
  aot)
    m "BlueGreen Native AOT, server GC"           "$BG_AOT $BG_ARGS"
    m "BlueGreen Native AOT, GCConserveMemory=5"  "env DOTNET_GCConserveMemory=5 $BG_AOT $BG_ARGS"
    m "BlueGreen Native AOT, gen0 budget ≤ 4 MB"  "env DOTNET_GCgen0MaxBudget=0x400000 $BG_AOT $BG_ARGS"
    m "BlueGreen Native AOT, heap limit 48 MB"    "env DOTNET_GCHeapHardLimit=0x3000000 $BG_AOT $BG_ARGS"
    m "BlueGreen Native AOT, workstation GC"      "env DOTNET_gcServer=0 $BG_AOT $BG_ARGS"
    ;;
  py)
    m "plain YARP JIT, defaults (server GC)"      "dotnet $PY_JIT $PY_ARGS"
    m "plain YARP JIT, workstation non-concurrent" "env $WKS dotnet $PY_JIT $PY_ARGS"
    m "plain YARP JIT, wks + TieredCompilation off" "env $WKS DOTNET_TieredCompilation=0 dotnet $PY_JIT $PY_ARGS"
    m "plain YARP Native AOT, server GC"          "$PY_AOT $PY_ARGS"
    m "plain YARP Native AOT, workstation non-conc." "env $WKS $PY_AOT $PY_ARGS"
    ;;
  calls)
    SYSCALLS=1 m "BlueGreen JIT, as shipped"         "dotnet $BG_DLL $BG_ARGS"
    SYSCALLS=1 m "plain YARP JIT, defaults"          "dotnet $PY_JIT $PY_ARGS"
    SYSCALLS=1 m "forwarder-only probe (JIT)"        "dotnet $PROBE_DLL $BG_ARGS"
    SYSCALLS=1 m "BlueGreen Native AOT"              "$BG_AOT $BG_ARGS"
    ;;
  *) m "$lever" "$lever" ;;
  esac
done
