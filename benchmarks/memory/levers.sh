#!/usr/bin/env bash
# The structural memory levers of issue 15, one measure.sh run each (see benchmarks/README.md, "Memory levers for
# issue 15 (structural)"). Expects the builds that section names: the JIT build in artifacts/bin, and the throwaway
# minimal YARP app published to $YM_JIT (framework-dependent) and $YM_AOT (Native AOT); BG_SRK is a copy of the JIT
# build with System.Resources.UseSystemResourceKeys set in its runtimeconfig.json. Results: one TSV line per lever.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BG_DLL=${BG_DLL:-$REPO/artifacts/bin/BlueGreen.Proxy/release/BlueGreen.Proxy.dll}
BG_SRK=${BG_SRK:-/tmp/bg-srk/BlueGreen.Proxy.dll}
YM_JIT=${YM_JIT:-/tmp/ym-jit/yarpmin.dll}
YM_AOT=${YM_AOT:-/tmp/ym-aot/yarpmin}
# The load run's target C: 95/5, stickiness None, a file state store.
BG_ARGS='--BlueGreen:Listen:Proxy=http://127.0.0.1:$PORT --BlueGreen:Listen:Admin=http://127.0.0.1:$ADMIN --BlueGreen:State:Path=state.json --BlueGreen:Stickiness:Mode=None --BlueGreen:InitialWeights:Blue=95 --BlueGreen:InitialWeights:Green=5 --BlueGreen:Admin:Token=bench --BlueGreen:Pools:blue:Destinations:b1=http://127.0.0.1:$BLUE --BlueGreen:Pools:green:Destinations:g1=http://127.0.0.1:$GREEN'
YM_ARGS='http://127.0.0.1:$PORT http://127.0.0.1:$BLUE'
WKS='DOTNET_gcServer=0 DOTNET_gcConcurrent=0'
m() { "$HERE/measure.sh" "$@" || echo -e "$1\tFAILED"; }
for lever in ${LEVERS:-bg ym}; do
  case $lever in
  bg)
    m "BlueGreen JIT, as shipped"                 "dotnet $BG_DLL $BG_ARGS"
    m "BlueGreen JIT, TieredPGO off"              "env DOTNET_TieredPGO=0 dotnet $BG_DLL $BG_ARGS"
    m "BlueGreen JIT, TieredCompilation off"      "env DOTNET_TieredCompilation=0 dotnet $BG_DLL $BG_ARGS"
    m "BlueGreen JIT, UseSystemResourceKeys"      "dotnet $BG_SRK $BG_ARGS"
    m "BlueGreen JIT, workstation non-concurrent" "env $WKS dotnet $BG_DLL $BG_ARGS"
    ;;
  ym)
    m "yarpmin JIT, defaults (server GC)"         "dotnet $YM_JIT $YM_ARGS"
    m "yarpmin JIT, workstation non-concurrent"   "env $WKS dotnet $YM_JIT $YM_ARGS"
    m "yarpmin JIT, wks + TieredCompilation off"  "env $WKS DOTNET_TieredCompilation=0 dotnet $YM_JIT $YM_ARGS"
    m "yarpmin JIT, wks + TieredPGO off"          "env $WKS DOTNET_TieredPGO=0 dotnet $YM_JIT $YM_ARGS"
    m "yarpmin Native AOT, server GC"             "$YM_AOT $YM_ARGS"
    m "yarpmin Native AOT, workstation non-conc." "env $WKS $YM_AOT $YM_ARGS"
    ;;
  *) m "$lever" "$lever" ;;
  esac
done
