#!/bin/bash
# Part 5: hostile real servers (tests/soak/hostile_server.py, one mode per port on
# 127.0.0.1): endless body, 1-byte-a-second body, 1 GB header, Content-Length 10^12 with one
# body byte, valid chunked replies sent byte by byte (must be up: one with "Test Page", one
# with an empty body, whose last chunk and final CRLF arrive split), TLS garbage on an https
# check, RST mid-reply, DNS / LDAP / RADIUS replies with lying lengths, 1,000 LDAP entries
# of 1 MB DNs. negotiatetimeout = checktimeout = SOAK_HOSTILE_TIMEOUT (3 s).
# 1. `directord --check` once per mode (one virtual, one real): the verdict (down, or up for
#    the chunked ones) within the timeout + 1 s, no crash; its peak RSS (getrusage) under
#    SOAK_HOSTILE_RSS_KB (65536).
# 2. The daemon with every mode at once (one virtual per mode, checkinterval 5, quiescent,
#    the recording ipvsadm stand-in seeded with every real at weight 1 so that each down is
#    a logged change) for SOAK_HOSTILE_SECONDS (30): alive at the end, every real at the
#    expected weight, each down within checkinterval + timeout + 1 s of the start (the first
#    checks of serving reals are spread over one interval), RSS sampled every 0.1 s under
#    the same bound. If it dies, it is run again without the modes that crashed in step 1.
. "$(dirname "$0")/lib.sh"
TMO=${SOAK_HOSTILE_TIMEOUT:-3}
IVL=5
SECS=${SOAK_HOSTILE_SECONDS:-30}
[ "$SECS" -lt $(( IVL + TMO + 2 )) ] && SECS=$(( IVL + TMO + 2 ))   # every first check done
RSS_MAX=${SOAK_HOSTILE_RSS_KB:-65536}
D=$ROOT/bin/directord
REC_TOOL=$ROOT/bin/ipvsadm-record
soak_init hostile
[ -x "$D" ] && [ -x "$REC_TOOL" ] || { skip hostile "bin/directord or bin/ipvsadm-record not built"; exit 0; }
command -v python3 >/dev/null || { skip hostile "python3 not installed"; exit 0; }
# a base port with the next 16 ports free (TCP and UDP)
for _ in $(seq 50); do
    BASE=$(( 30000 + RANDOM % 20000 ))
    ss -Htuan 2>/dev/null | awk -v b=$BASE '{ n = split($5, a, ":"); p = a[n] + 0; if (p >= b && p < b + 16) f = 1 } END { exit f }' && break
done
soak_bg python3 "$SOAK_DIR/hostile_server.py" 127.0.0.1 $BASE > "$W/modes" 2> "$W/server.err"
wait_for 10 grep -q '^ready$' "$W/modes" || { fail hostile-server "did not start: $(tail -2 "$W/server.err")"; exit 0; }
MODES=$(awk '$1 != "ready" { print $1 }' "$W/modes")
port_of() { awk -v m="$1" '$1 == m { print $2 }' "$W/modes"; }
proto_of() { awk -v m="$1" '$1 == m { print $3 }' "$W/modes"; }
want_of() { case $1 in chunked_*) echo up ;; *) echo down ;; esac; }

# virtual_for MODE INDEX: one virtual section checking that mode's port
virtual_for() {
    local m=$1 i=$2 p; p=$(port_of "$m")
    echo "virtual=10.40.0.$((i + 1)):$p"
    echo "	real=127.0.0.1:$p masq 1"
    echo "	protocol=$(proto_of "$m")"
    echo "	checktype=negotiate"
    case $m in
    dns_*) echo "	service=dns"; echo "	request=\"www.example.test\""; echo "	receive=\"192.0.2.10\"" ;;
    ldap_*) echo "	service=ldap"; echo "	request=\"dc=example,dc=test\"" ;;
    radius_*) echo "	service=radius"; echo "	login=\"alice\""; echo "	passwd=\"wonderland\""; echo "	secret=\"testing123\"" ;;
    chunked_empty_*) echo "	service=http"; echo "	request=\"/\"" ;;   # no receive: a 200 is up
    tls_*) echo "	service=https"; echo "	request=\"/\""; echo "	receive=\"Test Page\"" ;;
    *) echo "	service=http"; echo "	request=\"/\""; echo "	receive=\"Test Page\"" ;;
    esac
}
globals() { printf 'checktimeout=%s\nnegotiatetimeout=%s\ncheckinterval=%s\nfailurecount=1\nquiescent=yes\nautoreload=no\nsupervised=yes\nfork=no\n' "$TMO" "$TMO" "$IVL"; }

# run_maxrss FILE CMD...: runs CMD; FILE gets "<peak RSS kB> <exit status> <signal or 0>"
# (getrusage of the child, so a short spike is not missed: GNU time, else python3, whose
# figure includes the ~7 MB of python's fork image before the exec)
run_maxrss() {
    local f=$1 sig; shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%M %x" -o "$f.t" "$@"
        sig=$(sed -n 's/.*terminated by signal \([0-9]*\).*/\1/p' "$f.t")
        tail -1 "$f.t" | awk -v s="${sig:-0}" '{ print $1, (s > 0 ? 128 + s : $2), s }' > "$f"
        return
    fi
    python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[2:]).returncode
rc, sig = (128 - r, -r) if r < 0 else (r, 0)
open(sys.argv[1], "w").write("%d %d %d\n" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc, sig))' "$f" "$@"
}

# --- 1. one --check per mode ---------------------------------------------------------------
declare -A CRASHED
peak_all=0 i=0
for m in $MODES; do
    { globals; virtual_for "$m" $i; } > "$W/$m.cf"
    t0=$(now_ms)
    run_maxrss "$W/$m.time" "$D" --check "$W/$m.cf" > "$W/$m.out" 2>&1
    ms=$(( $(now_ms) - t0 ))
    read -r rss rc sig < "$W/$m.time"; rss=${rss:-0} rc=${rc:-255}
    [ "$sig" = 0 ] && sig=""
    [ "$rss" -gt "$peak_all" ] && peak_all=$rss
    verdict=$(awk 'NR == 1 { print $1 }' "$W/$m.out")
    want=$(want_of "$m")
    line=$(grep -E '^(up|down) ' "$W/$m.out" | head -1 | cut -c1-200)
    say "$m: rc $rc${sig:+ (signal $sig)}, $ms ms, max RSS $rss kB: ${line:-$(tail -2 "$W/$m.out" | tr '\n' ' ' | cut -c1-200)}"
    bench "hostile_${m}_check_ms" "$ms" ms
    bench "hostile_${m}_check_rss_peak" "$rss" kB
    if [ -n "$sig" ] || [ "$rc" -gt 2 ]; then
        CRASHED[$m]=1
        fail "hostile-check-$m" "directord --check died (exit $rc${sig:+, signal $sig}): $(tail -3 "$W/$m.out" | tr '\n' ' ' | cut -c1-300)"
    elif [ "$verdict" != "$want" ]; then fail "hostile-check-$m" "verdict '$verdict', want $want"
    elif [ "$ms" -gt $(( TMO * 1000 + 1000 )) ]; then fail "hostile-check-$m" "$want after $ms ms, deadline $((TMO * 1000)) ms + 1 s"
    elif [ "$rss" -gt "$RSS_MAX" ]; then fail "hostile-check-$m" "max RSS $rss kB, bound $RSS_MAX kB"
    else pass "hostile-check-$m"; fi
    i=$((i + 1))
done
bench hostile_check_rss_peak "$peak_all" kB

# --- 2. the daemon with every mode ---------------------------------------------------------
export IPVS_RECORD_DIR
daemon_run() {   # NAME MODE...
    local name=$1; shift
    local cf="$W/daemon-$name.cf" log="$W/daemon-$name.log" m i=0 p dpid t0 peak=0 r alive=1 w at
    IPVS_RECORD_DIR=$W/rec-$name
    globals > "$cf"
    for m in "$@"; do
        virtual_for "$m" $i >> "$cf"
        p=$(port_of "$m")
        local proto=-t; [ "$(proto_of "$m")" = udp ] && proto=-u
        "$REC_TOOL" -A $proto "10.40.0.$((i + 1)):$p" -s wrr
        "$REC_TOOL" -a $proto "10.40.0.$((i + 1)):$p" -r "127.0.0.1:$p" -m -w 1
        i=$((i + 1))
    done
    t0=$(date +%s.%N)
    "$D" --ipvsadm="$REC_TOOL" "$cf" start >> "$log" 2>&1 &
    dpid=$!; SOAK_PIDS+=($dpid)
    local end=$(( $(date +%s) + SECS ))
    while [ "$(date +%s)" -lt "$end" ]; do
        r=$(proc_rss_kb $dpid)
        [ -z "$r" ] && { alive=0; break; }
        [ "$r" -gt "$peak" ] && peak=$r
        sleep 0.1
    done
    kill -0 $dpid 2>/dev/null || alive=0
    bench "hostile_daemon_${name}_rss_peak" "$peak" kB
    if [ $alive = 0 ]; then
        wait $dpid; local rc=$?
        fail "hostile-daemon-$name-alive" "directord died (exit status $rc) $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }') s after start; last log: $(tail -3 "$log" | tr '\n' ' ' | cut -c1-300)"
        return 1
    fi
    pass "hostile-daemon-$name-alive"
    [ "$peak" -le "$RSS_MAX" ] && pass "hostile-daemon-$name-rss" || fail "hostile-daemon-$name-rss" "RSS peak $peak kB, bound $RSS_MAX kB"
    i=0
    for m in "$@"; do
        p=$(port_of "$m")
        # the weight of this real in the table now, and when it was last changed (s after start)
        w=$("$REC_TOOL" -S -n | awk -v r="127.0.0.1:$p" '$1 == "-a" && $5 == r { for (i = 1; i <= NF; i++) if ($i == "-w") print $(i + 1) }')
        at=$(awk -v r="127.0.0.1:$p" -v t0="$t0" '/ ipvsadm -e / && index($0, " -r " r " ") { t = $1 } END { if (t) printf "%.1f", t - t0; else print "never" }' "$IPVS_RECORD_DIR/log")
        if [ "$(want_of "$m")" = up ]; then
            [ "$w" = 1 ] && pass "hostile-daemon-$name-$m" || fail "hostile-daemon-$name-$m" "weight '$w' (changed at $at s), want up (1)"
        elif [ "$w" != 0 ]; then fail "hostile-daemon-$name-$m" "weight '$w', want down (0)"
        elif awk -v a="$at" -v b=$(( IVL + TMO + 1 )) 'BEGIN { exit !(a <= b) }'; then pass "hostile-daemon-$name-$m"; say "$m: down at +$at s"
        else fail "hostile-daemon-$name-$m" "down only at +$at s, bound $(( IVL + TMO + 1 )) s"; fi
        i=$((i + 1))
    done
    say "daemon $name: RSS peak $peak kB over $SECS s"
    stop_daemon $dpid
}
stop_daemon() { kill -TERM "$1" 2>/dev/null; for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done; kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

if ! daemon_run all $MODES; then
    rest=$(for m in $MODES; do [ -z "${CRASHED[$m]:-}" ] && echo "$m"; done)
    [ "$(echo $rest)" != "$(echo $MODES)" ] && say "again without the modes whose check crashed: $(echo ${!CRASHED[@]})" && daemon_run survivors $rest
fi
exit 0
