#!/bin/bash
# make check-sanitize: the daemons, tools and unit tests built with ASan + UBSan (g++) in a
# copy of the working tree, build/sanitize/tree, so the normal build is left alone; then the
# unit, cli, real and netns suites run there. Every sanitizer report goes to a file under
# build/sanitize/reports (daemons started by the tests often have no stderr to read), and
# any such file fails the run.
#   SANITIZE_SUITES="unit|cli"   run fewer suites (a regex, as ONLY for tests/run-all.sh)
#   SANITIZE_BUILD_ONLY=1        build, run nothing
#   SANITIZE_OPT="-O0 -g1"       optimisation and debug flags (default -O1 -g; objects are not
#                                rebuilt when only flags change)
set -u
cd "$(dirname "$0")/../.."
top=$PWD
out=$top/build/sanitize
tree=$out/tree
reports=$out/reports
mkdir -p "$tree"

# Mirror tracked and new (not ignored) files. Only files whose content changed are written,
# and they get the time of the copy (not their own: an object built from the previous
# version could be newer), so the sanitizer build is incremental and right. Files gone from
# the working tree go from the copy.
git ls-files -co --exclude-standard -z >"$out/files"
rsync -rlp --checksum --from0 --files-from="$out/files" --ignore-missing-args ./ "$tree/" || exit 1
tr '\0' '\n' <"$out/files" | sort -u >"$out/files.new"
(cd "$tree" && find . \( -path ./build -o -path ./bin \) -prune -o -type f -print | sed 's|^\./||' | sort) >"$out/files.old"
comm -23 "$out/files.old" "$out/files.new" | (cd "$tree" && xargs -r -d '\n' rm -f --)

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# Through the environment, not make's command line: the Makefile appends its own flags.
export CXXFLAGS="${SANITIZE_OPT:--O1 -g} $SAN"
export LDFLAGS="$SAN"
echo "=== check-sanitize: building in $tree"
make -C "$tree" -j"$(nproc)" tests >"$out/build.log" 2>&1 || { tail -n 40 "$out/build.log"; echo "FAIL sanitize build (log: $out/build.log)"; exit 1; }
[ -n "${SANITIZE_BUILD_ONLY:-}" ] && exit 0

rm -rf "$reports"; mkdir -p "$reports"
supp=$top/tests/sanitize/lsan.supp
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=0:strict_string_checks=1:check_initialization_order=1:log_path=$reports/asan"
export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"
cd "$tree"
TEST_LOGDIR="$out/test-logs" ONLY="${SANITIZE_SUITES:-unit|cli|real|netns}" tests/run-all.sh
rc=$?
n=0
# Only reports count: a file may hold just a warning (e.g. "ASan is ignoring requested
# __asan_handle_no_return" when a child process is spawned).
for f in "$reports"/*; do
    [ -e "$f" ] || continue
    grep -q -E 'ERROR: |runtime error|SUMMARY: ' "$f" || continue
    n=$((n+1))
    echo "FAIL sanitizer report $f:"
    grep -m1 -E 'ERROR|runtime error|SUMMARY' "$f" | sed 's/^/    /'
done
echo "check-sanitize: $n sanitizer report(s)"
[ "$rc" -eq 0 ] && [ "$n" -eq 0 ]
