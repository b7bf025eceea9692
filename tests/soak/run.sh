#!/bin/bash
# The fault campaign (`make soak`; never part of `make check`):
#   tests/soak/run.sh [PART...]    PART: failover loss reload flap hostile (or 1..5); default all
# Each part is tests/soak/0N-PART.sh, run as its own process under a time limit derived from
# its length variables (see the top of each script), output streamed. Prints PASS/FAIL/SKIP
# and BENCH lines, then "soak: N passed, N failed"; exits 1 on any failure.
# Defaults are the issue's lengths (about 1 h 15 min in all); shorten with e.g.
#   SOAK_FO_ROUNDS=10 SOAK_LOSS_SECONDS=60 SOAK_RELOADS=100 SOAK_FLAP_MINUTES=3 tests/soak/run.sh
set -u
cd "$(dirname "$0")"
declare -A FILE=([failover]=01-failover.sh [loss]=02-loss.sh [reload]=03-reload.sh [flap]=04-flap.sh [hostile]=05-hostile.sh
                 [1]=01-failover.sh [2]=02-loss.sh [3]=03-reload.sh [4]=04-flap.sh [5]=05-hostile.sh)
limit_of() {
    case $1 in
    01-*) echo $(( ${SOAK_FO_ROUNDS:-100} * 75 + 120 )) ;;
    02-*) echo $(( ${SOAK_LOSS_SECONDS:-600} + 180 )) ;;
    03-*) echo $(( ${SOAK_RELOADS:-1000} * 30 + 300 )) ;;
    04-*) echo $(( ${SOAK_FLAP_MINUTES:-30} * 60 + ${SOAK_FLAP_WARMUP:-60} + 600 )) ;;
    *) echo 900 ;;
    esac
}
parts=("$@")
[ ${#parts[@]} = 0 ] && parts=(failover loss reload flap hostile)
out=$(mktemp /tmp/soak-run.XXXXXX)
trap 'rm -f "$out" "$out.part"' EXIT
rc=0
for p in "${parts[@]}"; do
    f=${FILE[$p]:-}
    [ -n "$f" ] || { echo "FAIL soak/$p: no such part (failover loss reload flap hostile, or 1..5)" | tee -a "$out"; rc=1; continue; }
    lim=$(limit_of "$f")
    echo "# soak: $f (limit $lim s), $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    timeout -k 10 "$lim" "./$f" 2>&1 | tee "$out.part"
    st=${PIPESTATUS[0]}
    cat "$out.part" >> "$out"
    if [ "$st" != 0 ] && ! grep -q '^FAIL ' "$out.part"; then
        echo "FAIL soak/${f%.sh}: exited with status $st$([ "$st" = 124 ] && echo " (timed out after ${lim}s)")" | tee -a "$out"
    fi
    rm -f "$out.part"
done
np=$(grep -c '^PASS ' "$out"); nf=$(grep -c '^FAIL ' "$out")
echo "soak: $np passed, $nf failed"
[ "$nf" = 0 ] || rc=1
exit $rc
