# Helpers for scenarios (sourced inside the VM, or in a scratch netns on an IPVS host).
# Every result is one line: "PASS vm/<name>", "FAIL vm/<name>: <why>", "SKIP vm/<name>: <why>";
# detail for a failure follows on lines indented by four spaces.

pass() { echo "PASS vm/$1"; }
fail() { n=$1; shift; echo "FAIL vm/$n: $*"; }
skip() { n=$1; shift; echo "SKIP vm/$n: $*"; }

# Indents detail lines so they read as part of the preceding FAIL.
detail() { sed 's/^/    /'; }

# Normalized table text: no blank lines, no trailing blanks, sorted. Sorting is lossless for
# `ipvsadm -S` output because every "-a" line names its service.
_norm_table() { sed -e 's/[[:space:]]*$//' -e '/^$/d' | sort; }

# expect_table NAME <<EOF ... EOF
# Compares `ipvsadm -S -n` with the expected lines (any order).
expect_table() {
  _want=/tmp/want.$$ _got=/tmp/got.$$
  _norm_table >"$_want"
  ipvsadm -S -n 2>&1 | _norm_table >"$_got"
  if cmp -s "$_want" "$_got"; then pass "$1"
  else
    fail "$1" "ipvsadm -S -n differs from the expected table (- expected, + actual)"
    diff -u "$_want" "$_got" | tail -n +3 | detail
  fi
  rm -f "$_want" "$_got"
}

# expect_empty NAME: no services at all.
expect_empty() { expect_table "$1" </dev/null; }

# Runs `ipvs-selftest run CASE...` and relays its PASS/FAIL lines as vm/ results.
selftest() {
  ipvs-selftest run "$@" 2>&1 | sed -E 's#^(PASS|FAIL|SKIP) #\1 vm/#'
}

# expect_save_format NAME: the model's save_format() of a NetlinkKernel dump must print exactly
# what `ipvsadm -S -n` prints for the same kernel table.
expect_save_format() {
  _want=/tmp/want.$$ _got=/tmp/got.$$
  ipvsadm -S -n 2>&1 | _norm_table >"$_want"
  ipvs-selftest save 2>&1 | _norm_table >"$_got"
  if cmp -s "$_want" "$_got"; then pass "$1"
  else
    fail "$1" "save_format(dump()) differs from ipvsadm -S -n (- ipvsadm, + ours)"
    diff -u "$_want" "$_got" | tail -n +3 | detail
  fi
  rm -f "$_want" "$_got"
}

# check NAME COMMAND...: PASS if the command succeeds, else FAIL with its output.
check() {
  _n=$1; shift
  if _out=$("$@" 2>&1); then pass "$_n"
  else fail "$_n" "command failed: $*"; printf '%s\n' "$_out" | tail -n 10 | detail
  fi
}

# expect_output NAME COMMAND... <<EOF ... EOF
# The command's output must equal the expected text (order kept; trailing blanks ignored).
expect_output() {
  _n=$1; shift
  _want=/tmp/want.$$ _got=/tmp/got.$$
  sed -e 's/[[:space:]]*$//' >"$_want"
  "$@" 2>&1 | sed -e 's/[[:space:]]*$//' >"$_got"
  if cmp -s "$_want" "$_got"; then pass "$_n"
  else
    fail "$_n" "output of '$*' differs (- expected, + actual)"
    diff -u "$_want" "$_got" | tail -n +3 | detail
  fi
  rm -f "$_want" "$_got"
}
