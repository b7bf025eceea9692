#!/bin/bash
# Runs every test suite. Each suite prints lines "PASS name", "FAIL name [why]" or
# "SKIP name: reason"; this script counts them and ends with "N passed, N failed".
# A suite that exits non-zero without printing a FAIL counts as one failure.
set -u
cd "$(dirname "$0")/.."
LOGDIR=${TEST_LOGDIR:-build/test-logs}
mkdir -p "$LOGDIR"

# name | command | time limit (s)
SUITES=(
  "unit|bin/unit-tests --log_level=error --report_level=no|600"
  "corpus|tests/corpus/run.sh|300"
  "cli|tests/cli/run.sh|300"
  "fuzz|tests/fuzz/run.sh 2|600"
  "real|tests/real/run.sh|1200"
  "vm|tests/vm/run.sh|1800"
  "netns|tests/netns/run.sh|1800"
  "pcmk|tests/pcmk/run.sh|900"
)
# ONLY="unit|vm" runs just those suites.
[ -n "${ONLY:-}" ] && mapfile -t SUITES < <(printf '%s\n' "${SUITES[@]}" | grep -E "^(${ONLY})\|")

passed=0 failed=0 skipped=0
for s in "${SUITES[@]}"; do
  IFS='|' read -r name cmd limit <<<"$s"
  first=${cmd%% *}
  if [ ! -x "$first" ]; then
    echo "SKIP $name: $first not present"; skipped=$((skipped+1)); continue
  fi
  echo "=== $name: $cmd"
  log="$LOGDIR/$name.log"
  timeout -k 10 "$limit" $cmd >"$log" 2>&1
  rc=$?
  grep -E '^(PASS|FAIL|SKIP) ' "$log"
  p=$(grep -c '^PASS ' "$log"); f=$(grep -c '^FAIL ' "$log"); k=$(grep -c '^SKIP ' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "FAIL $name: suite exited with status $rc (log: $log)"; tail -n 20 "$log" | sed 's/^/    /'
    f=1
  fi
  if [ "$f" -gt 0 ]; then
    echo "--- $name failures (full log: $log):"; grep -E -A3 '^FAIL |error' "$log" | head -n 60 | sed 's/^/    /'
  fi
  passed=$((passed+p)) failed=$((failed+f)) skipped=$((skipped+k))
done
echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
