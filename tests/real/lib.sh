# Helpers for the real-server tests; sourced by every tests/real/NN-*.sh.
#
#   real_init NAME            work dir $W, trap cleanup
#   need_cmd NAME CMD...      SKIP NAME (and exit 0) unless every CMD is installed
#   free_port                 prints a TCP port free on 127.0.0.1
#   start_bg CMD...           runs CMD in the background, remembers its PID (killed on exit)
#   wait_for SECS CMD...      polls CMD every 0.1 s until it succeeds (status 1 on timeout)
#   wait_port HOST PORT SECS  until a TCP connect to HOST:PORT succeeds
#   check_cf NAME BODY        writes $W/NAME.cf: a minimal global section + BODY
#   dcheck CF                 runs `directord --check CF`; output in $OUT, status in $RC
#   expect_up NAME CF [RE]    PASS when every check is up (and the output matches RE)
#   expect_down NAME CF [RE]  PASS when some check is down (and the output matches RE)
#   expect_hung_down NAME CF RE PID...
#                             SIGSTOPs the PIDs, expects down matching RE within the config's
#                             negotiatetimeout of 3 s (NAME-timing: 2.9-4.5 s), SIGCONTs them
#   pass NAME / fail NAME WHY / skip NAME WHY
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIRECTORD=${DIRECTORD:-$ROOT/bin/directord}
LIB_PIDS=()

pass() { echo "PASS real/$1"; }
fail() { echo "FAIL real/$1: $2"; }
skip() { echo "SKIP real/$1: $2"; }

real_cleanup() {
    local p
    for p in "${LIB_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    sleep 0.2
    for p in "${LIB_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    [ -n "${W:-}" ] && [ -z "${KEEP:-}" ] && rm -rf "$W"
}

real_init() {
    LIB_NAME=$1
    if [ ! -x "$DIRECTORD" ]; then skip "$LIB_NAME" "$DIRECTORD not built"; exit 0; fi
    W=$(mktemp -d /tmp/dreal.$LIB_NAME.XXXXXX)
    chmod 755 "$W"
    trap real_cleanup EXIT
    trap 'exit 1' INT TERM
}

need_cmd() {
    local name=$1 c; shift
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || [ -x "$c" ] || { skip "$name" "$c is not installed (make deps)"; exit 0; }
    done
}

free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 30000))
        ss -Htan "( sport = :$p )" 2>/dev/null | grep -q . || { echo $p; return; }
    done
}

start_bg() { "$@" & LIB_PIDS+=($!); }

wait_for() {
    local secs=$1; shift
    local end=$((SECONDS + secs))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -ge $end ] && return 1
        sleep 0.1
    done
}

wait_port() { wait_for "$3" bash -c "exec 3<>/dev/tcp/$1/$2"; }

check_cf() {
    local f="$W/$1.cf"
    { printf 'checkinterval=1\nchecktimeout=3\nnegotiatetimeout=3\nlogfile="%s/%s.log"\n' "$W" "$1"; printf '%s\n' "$2"; } >"$f"
    echo "$f"
}

dcheck() { OUT=$("$DIRECTORD" --check "$1" 2>&1); RC=$?; }

expect_up() {
    dcheck "$2"
    if [ $RC -ne 0 ]; then fail "$1" "expected up, got status $RC: $(tr '\n' '|' <<<"$OUT")"; return 1; fi
    if [ -n "${3:-}" ] && ! grep -Eq "$3" <<<"$OUT"; then fail "$1" "output lacks /$3/: $(tr '\n' '|' <<<"$OUT")"; return 1; fi
    pass "$1"
}

expect_down() {
    dcheck "$2"
    if [ $RC -ne 1 ]; then fail "$1" "expected down (status 1), got status $RC: $(tr '\n' '|' <<<"$OUT")"; return 1; fi
    if [ -n "${3:-}" ] && ! grep -Eq "$3" <<<"$OUT"; then fail "$1" "output lacks /$3/: $(tr '\n' '|' <<<"$OUT")"; return 1; fi
    pass "$1"
}

# A hung server: its processes stopped, connections accepted by the kernel and never
# answered. The check must say down, and at the deadline (check_cf sets negotiatetimeout=3).
expect_hung_down() {
    local name=$1 cf=$2 re=$3 t0 ms; shift 3
    kill -STOP "$@"
    t0=$(date +%s%N)
    expect_down "$name" "$cf" "$re"
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    kill -CONT "$@"
    echo "$name: stopped server reported down after $ms ms (negotiatetimeout=3)"
    if [ "$ms" -lt 2900 ] || [ "$ms" -gt 4500 ]; then fail "$name-timing" "took $ms ms, expected 3000..4500"
    else pass "$name-timing"; fi
}
