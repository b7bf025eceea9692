#!/bin/bash
# checks-farm-peers-shim.sh: checks-farm.sh at N=10,000 with directord's table changes going
# through the peers lab's ipvsadm stand-in (../shared/peers/ipvsadm-shim.c, built here into
# a temp dir) instead of bin/ipvsadm-record: the tool issue 15's figures were taken with.
# That shim applies `-R` by running itself once per line, each run reading and rewriting
# its whole state file, so 10,000 adds cost it ~10,000 x (fork + O(N) state rewrite).
# BENCH lines as checks-farm.sh's, named *_peers_shim_N10000. Measures, never judges.
# bench-time-limit: 900
cd "$(dirname "$0")/../.."
SRC=${PEERS_SHIM_SRC:-$PWD/../shared/peers/ipvsadm-shim.c}
[ -f "$SRC" ] || SRC=/work/shared/peers/ipvsadm-shim.c
say() { echo "# checks-farm-peers-shim: $*"; }
[ -f "$SRC" ] || { say "no ipvsadm-shim.c (PEERS_SHIM_SRC); skipped"; exit 0; }
command -v gcc >/dev/null || { say "gcc not installed; skipped"; exit 0; }
B=$(mktemp -d /tmp/peers-shim.XXXXXX)
trap 'rm -rf "$B"' EXIT
gcc -O2 -o "$B/ipvsadm" "$SRC" 2>"$B/cc.err" || { say "shim does not build: $(head -c 200 "$B/cc.err")"; exit 0; }
CHECKS_FARM_IPVSADM="$B/ipvsadm" CHECKS_FARM_TOOL_DIR_VAR=IPVS_SHIM_DIR CHECKS_FARM_SFX=_peers_shim \
  CHECKS_FARM_NS=${CHECKS_FARM_NS:-10000} CHECKS_FARM_PEER=0 CHECKS_FARM_STARTUP_LIMIT=${CHECKS_FARM_STARTUP_LIMIT:-300} \
  CHECKS_FARM_BUDGET=${CHECKS_FARM_BUDGET:-840} tests/bench/checks-farm.sh
