#!/bin/bash
# Runs the libFuzzer harnesses of tests/fuzz: tests/fuzz/run.sh [SECONDS [TARGET...]]
# (default 2 s each, every target: the smoke test of `make check`; `make fuzz` passes
# FUZZ_SECONDS). Builds them first (make fuzz-build). Per target it prints
#   BENCH fuzz_<target>_execs N count        executions in this run (libFuzzer's final stats)
#   BENCH fuzz_<target>_execs_total N count  summed over every run in this build directory
#   PASS fuzz_<target>  or  FAIL fuzz_<target>: why (reproducer kept in build/fuzz/artifacts/)
# Each run starts from the seeds (tests/fuzz/corpus/<target>) plus what earlier runs found
# (build/fuzz/corpus/<target>), so the seeds are a regression test of their own.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-2}
[ $# -gt 0 ] && shift
out=build/fuzz
cxx=${FUZZ_CXX:-clang++}

if ! command -v "$cxx" >/dev/null 2>&1; then
    echo "SKIP fuzz: $cxx not installed (contrib/deps.sh installs clang and libclang-rt-14-dev)"
    exit 0
fi
mkdir -p "$out"
probe=$out/.probe
if ! printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' |
        "$cxx" -x c++ -fsanitize=fuzzer,address,undefined - -o "$probe" >/dev/null 2>&1; then
    echo "SKIP fuzz: $cxx cannot link -fsanitize=fuzzer,address,undefined (install libclang-rt-14-dev)"
    exit 0
fi
rm -f "$probe"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in tests/fuzz/fuzz_*.cpp; do t=${f#tests/fuzz/fuzz_}; targets+=("${t%.cpp}"); done
fi
bins=()
for t in "${targets[@]}"; do bins+=("$out/fuzz_$t"); done
if ! make -s -j"$(nproc)" "${bins[@]}" >"$out/build.log" 2>&1; then
    echo "FAIL fuzz build (log: $out/build.log)"
    tail -n 30 "$out/build.log" | sed 's/^/    /'
    exit 1
fi

failed=0
for t in "${targets[@]}"; do
    corpus=$out/corpus/$t art=$out/artifacts/$t/ log=$out/logs/$t.log
    mkdir -p "$corpus" "$art" "$out/logs"
    seeds=(); [ -d "tests/fuzz/corpus/$t" ] && seeds=("tests/fuzz/corpus/$t")
    dict=(); [ -f "tests/fuzz/$t.dict" ] && dict=("-dict=tests/fuzz/$t.dict")
    before=$(ls "$art" | wc -l)
    # -timeout: one input taking 10 s is a finding (a parser must stay linear-ish).
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        timeout -k 10 $((secs + 120)) "$out/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art" "${dict[@]}" "$corpus" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    execs=$(awk '/stat::number_of_executed_units:/ {print $2}' "$log" | tail -n 1)
    execs=${execs:-0}
    total_file=$out/execs-total/$t
    mkdir -p "$out/execs-total"
    total=$(( $(cat "$total_file" 2>/dev/null || echo 0) + execs ))
    echo "$total" >"$total_file"
    echo "BENCH fuzz_${t}_execs $execs count"
    echo "BENCH fuzz_${t}_execs_total $total count"
    after=$(ls "$art" | wc -l)
    if [ "$rc" -eq 0 ] && [ "$after" -eq "$before" ]; then
        echo "PASS fuzz_$t ($execs executions in ${secs}s)"
    else
        failed=1
        why=$(grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|FUZZ_CHECK failed|terminate called|Assertion' "$log")
        repro=$(ls -t "$art" 2>/dev/null | head -n 1)
        echo "FAIL fuzz_$t: ${why:-exit status $rc} (reproducer: $art$repro, log: $log)"
    fi
done
exit $failed
