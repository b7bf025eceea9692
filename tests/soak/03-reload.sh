#!/bin/bash
# Part 3: SOAK_RELOADS (1,000) reloads of a running directord alternating a good and a
# broken ldirectord.cf, under check load: SOAK_RELOAD_REALS (300) reals on one nginx
# (127.6.0.0/16, port 8080), 4 virtuals, half with http checks (request/receive), half with
# connect checks, checkinterval 1. The table goes through the recording ipvsadm stand-in
# (bin/ipvsadm-record, --ipvsadm). Good configs rotate over SOAK_RELOAD_VARIANTS (5)
# variants (one virtual left out in turn, weights and schedulers changed: every good reload
# changes the table); broken ones are the next good one with one error put in (unknown
# global key, unknown virtual key, bad port, bad scheduler, real without a virtual).
# Reloads go by SIGHUP and by autoreload (the file replaced; directord polls it every
# second), alternately per good+broken pair. After every reload, seen in the log:
#   good:   the table (ipvsadm -S -n of the stand-in) equals the one computed for the config
#           within SOAK_RELOAD_CONVERGE s (new reals get their first check first);
#   broken: "Reload failed" logged and the table still equals the last good one.
# Also: directord alive at the end, its RSS and open fds at start and end (BENCH).
. "$(dirname "$0")/lib.sh"
RELOADS=${SOAK_RELOADS:-1000}
NREALS=${SOAK_RELOAD_REALS:-300}
VARIANTS=${SOAK_RELOAD_VARIANTS:-5}
CONVERGE=${SOAK_RELOAD_CONVERGE:-10}
PORT=8080 PREFIX=127.6
D=$ROOT/bin/directord
REC_TOOL=$ROOT/bin/ipvsadm-record
soak_init reload
[ -x "$D" ] && [ -x "$REC_TOOL" ] || { skip reload "bin/directord or bin/ipvsadm-record not built"; exit 0; }
nginx_farm $PREFIX "$NREALS" $PORT || { skip reload "nginx farm did not start"; exit 0; }
export IPVS_RECORD_DIR=$W/rec
CF=$W/ldirectord.cf LOG=$W/directord.log
SCHEDS=(wrr wlc rr)

# good K > file, and the expected table (sorted ipvsadm -S -n lines) in $W/expect.K
gen_good() {
    local k=$1 j i w s fwd fl rp
    : > "$W/expect.$k"
    echo "checktimeout=3"; echo "checkinterval=1"; echo "autoreload=yes"; echo "quiescent=no"
    echo "supervised=yes"; echo "fork=no"
    for ((j = 0; j < 4; j++)); do
        [ $(( k % VARIANTS )) = "$j" ] && continue   # variant k leaves virtual k out (k < 4)
        s=${SCHEDS[$(( (k + j) % 3 ))]}
        # gate (direct routing) cannot change the port: the kernel entry has the virtual's
        if [ $((j % 2)) = 0 ]; then fwd=masq fl=-m rp=$PORT; else fwd=gate fl=-g rp=80; fi
        echo; echo "virtual=10.20.0.$((j + 1)):80"
        echo "-A -t 10.20.0.$((j + 1)):80 -s $s" >> "$W/expect.$k"
        for ((i = j; i < NREALS; i += 4)); do
            w=$(( 1 + (i + k) % 3 ))
            echo "	real=$(farm_addr $PREFIX $i):$PORT $fwd $w"
            echo "-a -t 10.20.0.$((j + 1)):80 -r $(farm_addr $PREFIX $i):$rp $fl -w $w" >> "$W/expect.$k"
        done
        echo "	scheduler=$s"; echo "	protocol=tcp"
        if [ $((j % 2)) = 0 ]; then
            echo "	service=http"; echo "	checktype=negotiate"; echo "	request=\"/.testpage\""; echo "	receive=\"Test Page\""
        else echo "	checktype=connect"; fi
    done
    sort -o "$W/expect.$k" "$W/expect.$k"
}
# bad K E > file: good K with error kind E
BAD_KINDS=5
gen_bad() {
    local k=$1 e=$2
    case $e in
    0) echo "chekinterval=5"; gen_good "$k" ;;
    1) gen_good "$k" | sed '0,/^\tprotocol=tcp/s//\tprotocol=tcp\n\tchecktyp=connect/' ;;
    2) gen_good "$k" | sed '0,/:8080 /s/:8080 /:99999 /' ;;
    3) gen_good "$k" | sed '0,/^\tscheduler=.*/s//\tscheduler=W-R-R/' ;;
    4) echo "real=$(farm_addr $PREFIX 0):$PORT gate 1"; gen_good "$k" ;;
    esac
}
for ((k = 0; k < VARIANTS; k++)); do
    gen_good $k > "$W/good.$k.cf"
    "$D" -t "$W/good.$k.cf" >/dev/null 2>"$W/t.err" || { fail reload-configs "good variant $k rejected: $(head -3 "$W/t.err")"; exit 0; }
    for ((e = 0; e < BAD_KINDS; e++)); do
        gen_bad $k $e > "$W/bad.$k.$e.cf"
        "$D" -t "$W/bad.$k.$e.cf" >/dev/null 2>"$W/t.err"
        [ $? = 2 ] || { fail reload-configs "broken variant $k/$e accepted by directord -t"; exit 0; }
    done
done
say "bad kinds, as directord -t words them: $(for e in $(seq 0 $((BAD_KINDS - 1))); do "$D" -t "$W/bad.0.$e.cf" 2>&1 >/dev/null | head -1 | sed "s|$W/||"; done | tr '\n' ';')"

table() { "$REC_TOOL" -S -n 2>/dev/null | sort; }
table_is() { table > "$W/actual"; cmp -s "$W/actual" "$W/expect.$1"; }
# Waits for the next reload verdict after log byte offset $1; prints it.
verdict() {
    local off=$1 end=$(( $(date +%s) + 15 )) v
    while [ "$(date +%s)" -lt "$end" ]; do
        v=$(tail -c +$(( off + 1 )) "$LOG" | grep -oE "Reload (complete|failed|refused)" | head -1)
        [ -n "$v" ] && { echo "$v"; return 0; }
        sleep 0.05
    done
    echo "none"
}
# replace CF atomically (directord must never read a half-written file)
install_cf() { cp "$1" "$CF.tmp" && mv -f "$CF.tmp" "$CF"; }

cp "$W/good.0.cf" "$CF"
# supervised=yes: the daemon stays in the foreground (its PID is ours) and logs to stdout
soak_bg "$D" --ipvsadm="$REC_TOOL" --pidfile "$W/pid" "$CF" start >> "$LOG" 2>&1
DPID=$!
GOOD=0
if ! wait_for 30 table_is 0; then
    fail reload-start "table never matched the first config: $(diff "$W/expect.0" "$W/actual" | head -5 | tr '\n' ' ')"; exit 0
fi
sleep 2
RSS0=$(proc_rss_kb $DPID) FD0=$(proc_fds $DPID)
say "$(stamp) directord $DPID up, $NREALS reals, RSS $RSS0 kB, $FD0 fds; $RELOADS reloads"
viol=0 n_sighup=0 n_auto=0 worst=0 total_conv=0 ngood=0 nbad=0 rss_peak=$RSS0 shown=0
violation() {
    viol=$((viol + 1))
    fail "reload-$1" "$2"
    [ $shown -lt 5 ] && { shown=$((shown + 1)); diff "$W/expect.$GOOD" "$W/actual" | head -8 | sed 's/^/    /'; tail -n 5 "$LOG" | sed 's/^/    /'; }
}
T0=$(date +%s)
for ((r = 1; r <= RELOADS; r++)); do
    kill -0 $DPID 2>/dev/null || { fail reload-alive "directord died before reload $r: $(tail -3 "$LOG" | tr '\n' ' ')"; break; }
    pairno=$(( (r - 1) / 2 ))
    k=$(( (pairno + 1) % VARIANTS ))
    if [ $((pairno % 2)) = 0 ]; then how=sighup; else how=auto; fi
    off=$(stat -c %s "$LOG")
    if [ $((r % 2)) = 1 ]; then kind=good; install_cf "$W/good.$k.cf"
    else kind=bad; install_cf "$W/bad.$k.$(( pairno % BAD_KINDS )).cf"; fi
    if [ $how = sighup ]; then kill -HUP $DPID; n_sighup=$((n_sighup + 1)); else n_auto=$((n_auto + 1)); fi
    v=$(verdict "$off")
    if [ $kind = good ]; then
        ngood=$((ngood + 1))
        [ "$v" = "Reload complete" ] || { violation "$r-$kind-$how" "verdict '$v', want 'Reload complete'"; continue; }
        t0=$(now_ms)
        if wait_for "$CONVERGE" table_is "$k"; then
            GOOD=$k; c=$(( $(now_ms) - t0 )); total_conv=$((total_conv + c)); [ $c -gt $worst ] && worst=$c
        else
            GOOD=$k; violation "$r-$kind-$how" "table differs from good variant $k ${CONVERGE} s after the reload"
        fi
    else
        nbad=$((nbad + 1))
        [ "$v" = "Reload failed" ] || { violation "$r-$kind-$how" "verdict '$v', want 'Reload failed'"; continue; }
        table_is "$GOOD" || violation "$r-$kind-$how" "table changed by a broken config (want good variant $GOOD)"
    fi
    rss=$(proc_rss_kb $DPID); [ -n "$rss" ] && [ "$rss" -gt "$rss_peak" ] && rss_peak=$rss
    [ $((r % 100)) = 0 ] && say "$(stamp) $r reloads, $viol violations, RSS $(proc_rss_kb $DPID) kB, $(proc_fds $DPID) fds"
done
secs=$(( $(date +%s) - T0 ))
RSS1=$(proc_rss_kb $DPID) FD1=$(proc_fds $DPID)
say "$((r - 1)) reloads in $secs s ($n_sighup by SIGHUP, $n_auto by autoreload; $ngood good, $nbad broken); load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "directord RSS $RSS0 -> $RSS1 kB (peak $rss_peak), fds $FD0 -> $FD1; checks: $(grep -c 'Reload complete' "$LOG") reloads applied"
bench reload_count $((r - 1)) count
bench reload_violations $viol count
bench reload_good_converge_worst $worst ms
[ $ngood -gt 0 ] && bench reload_good_converge_mean $(( total_conv / ngood )) ms
bench reload_rss_start $RSS0 kB
bench reload_rss_end "${RSS1:-0}" kB
bench reload_rss_peak $rss_peak kB
bench reload_fds_start $FD0 count
bench reload_fds_end "${FD1:-0}" count
if kill -0 $DPID 2>/dev/null; then pass reload-alive; else fail reload-alive "directord is gone"; fi
[ $viol = 0 ] && [ $((r - 1)) = "$RELOADS" ] && pass "reload-$RELOADS-table-equals-last-good"
exit 0
