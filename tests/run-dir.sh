#!/bin/bash
# run-dir.sh SUITE LIMIT [ONLY]: runs every executable NN-name.sh of the current directory
# in order, each as its own process under a time limit of LIMIT seconds (ONLY: a regex on
# the file names). Prints their PASS/FAIL/SKIP lines; a test that exits non-zero or times
# out without printing a FAIL line is reported as "FAIL SUITE/name". Exit 1 on any failure.
set -u
suite=$1 limit=$2 only=${3:-}
rc=0
for t in [0-9][0-9]-*.sh; do
    [ -x "$t" ] || continue
    [ -n "$only" ] && ! [[ $t =~ $only ]] && continue
    out=$(timeout -k 5 "$limit" "./$t" 2>&1)
    st=$?
    printf '%s\n' "$out"
    if [ $st -ne 0 ] && ! grep -q '^FAIL ' <<<"$out"; then
        echo "FAIL $suite/${t%.sh}: exited with status $st$([ $st = 124 ] && echo " (timed out after ${limit}s)")"
    fi
    grep -q '^FAIL ' <<<"$out" && rc=1
    [ $st -ne 0 ] && rc=1
done
exit $rc
