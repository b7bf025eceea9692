#!/bin/bash
# Part 4: directord for SOAK_FLAP_MINUTES (30) with SOAK_FLAP_REALS (5,000) http-checked
# reals on one nginx (127.7.0.0/16, port 8080; checkinterval SOAK_FLAP_INTERVAL = 2 s,
# failurecount 1, quiescent=yes), a tenth of them flapping: every 10th real answers 500
# for SOAK_FLAP_PERIOD (5) s, then 200 for as long, in SOAK_FLAP_PERIOD groups started one
# second apart (so about a tenth of the flappers change every second, not all at once).
# Table changes go through the recording ipvsadm stand-in (SOAK_FLAP_DRYRUN=1: --dry-run).
# After a warm-up (every real up once, SOAK_FLAP_WARMUP = 60 s of flapping), the open fds
# (/proc/PID/fd) and RSS of directord are printed at the start, every
# SOAK_FLAP_SAMPLE_MINUTES (5) and at the end (sampled every 10 s for the peak). FAIL when
# the end exceeds the start by more than SOAK_FLAP_RSS_GROWTH_KB (16384), or the lowest fd
# count of the last minute exceeds that of the first by SOAK_FLAP_FD_GROWTH (N/5), when
# directord dies, or when the flapping was not seen (fewer weight changes than a fifth of
# the flips).
. "$(dirname "$0")/lib.sh"
MIN=${SOAK_FLAP_MINUTES:-30}
N=${SOAK_FLAP_REALS:-5000}
IVL=${SOAK_FLAP_INTERVAL:-2}
PERIOD=${SOAK_FLAP_PERIOD:-5}
WARM=${SOAK_FLAP_WARMUP:-60}
SAMPLE=$(( ${SOAK_FLAP_SAMPLE_MINUTES:-5} * 60 ))
RSS_GROWTH=${SOAK_FLAP_RSS_GROWTH_KB:-16384}
# The fd count includes the checks in flight: thousands while the loop is busy, so the bound
# is a fifth of N (a leak of one fd per flip, ~N/50 a second, passes it within a minute).
FD_GROWTH=${SOAK_FLAP_FD_GROWTH:-$(( N / 5 > 64 ? N / 5 : 64 ))}
PORT=8080 PREFIX=127.7
D=$ROOT/bin/directord
REC_TOOL=$ROOT/bin/ipvsadm-record
soak_init flap
[ -x "$D" ] && [ -x "$REC_TOOL" ] || { skip flap "bin/directord or bin/ipvsadm-record not built"; exit 0; }
nginx_farm $PREFIX "$N" $PORT || { skip flap "nginx farm of $N did not start"; exit 0; }
export IPVS_RECORD_DIR=$W/rec
CF=$W/flap.cf LOG=$W/directord.log
{
    echo "checktimeout=3"; echo "checkinterval=$IVL"; echo "failurecount=1"; echo "quiescent=yes"
    echo "autoreload=no"; echo "supervised=yes"; echo "fork=no"
    per=$(( (N + 3) / 4 ))
    for ((k = 0; k < 4; k++)); do
        echo; echo "virtual=10.30.0.$((k + 1)):80"
        for ((i = k * per; i < (k + 1) * per && i < N; i++)); do echo "	real=$(farm_addr $PREFIX $i):$PORT masq 1"; done
        echo "	service=http"; echo "	checktype=negotiate"; echo "	request=\"/.testpage\""; echo "	receive=\"Test Page\""
        echo "	scheduler=wrr"; echo "	protocol=tcp"
    done
} > "$CF"
if [ "${SOAK_FLAP_DRYRUN:-0}" = 1 ]; then MODE=--dry-run; else MODE=--ipvsadm=$REC_TOOL; fi
ulimit -n 65536 2>/dev/null
soak_bg "$D" "$MODE" --pidfile "$W/pid" "$CF" start >> "$LOG" 2>&1
DPID=$!
# directord's TCP sockets by state (SYN-SENT/ESTAB: checks in flight; CLOSE-WAIT piling up
# would be a leak), to tell a leak from checks in flight.
tcp_states() { ss -Htanp 2>/dev/null | awk -v p="pid=$1," 'index($0, p) { c[$1]++ } END { for (s in c) printf " %s=%d", s, c[s] }'; }
up_count() { "$REC_TOOL" -L -n 2>/dev/null | awk '/->/ && $4 + 0 > 0 { c++ } END { print c + 0 }'; }
all_up() { [ "$MODE" = --dry-run ] && grep -c "Added real server" "$LOG" | grep -qx "$N" || [ "$(up_count)" = "$N" ]; }
if ! wait_for 120 all_up; then fail flap-start "not all $N reals up after 120 s (directord alive: $(kill -0 $DPID 2>/dev/null && echo yes || echo no))"; exit 0; fi
say "$(stamp) all $N reals up; flapping every 10th for ${PERIOD} s down / ${PERIOD} s up"

# Flapper: group g = flappers with (index / 10) % PERIOD == g, toggled at second g of each period.
for ((g = 0; g < PERIOD; g++)); do
    for ((i = 10 * g; i < N; i += 10 * PERIOD)); do farm_addr $PREFIX $i; done > "$W/group.$g"
done
flapper() {
    local t=0 g down
    while :; do
        g=$(( t % PERIOD )); down=$(( (t / PERIOD) % 2 ))
        if [ $down = 0 ]; then (cd "$W/fail" && xargs touch < "$W/group.$g")
        else (cd "$W/fail" && xargs rm -f < "$W/group.$g"); fi
        t=$((t + 1)); sleep 1
    done
}
soak_bg flapper
FLAPPER=$!
sleep "$WARM"
changes0=$(grep -c " ipvsadm -e " "$W/rec/log" 2>/dev/null); changes0=${changes0:-0}; log0=$(grep -cE "(Quiescent|Restored) real server" "$LOG")
RSS0=$(proc_rss_kb $DPID) FD0=$(proc_fds $DPID)
peak_rss=$RSS0 peak_fd=$FD0
say "$(stamp) start: RSS $RSS0 kB, $FD0 fds (TCP:$(tcp_states $DPID)) after a ${WARM} s warm-up; running $MIN min"
T0=$(date +%s) end=$(( $(date +%s) + MIN * 60 )) next=$(( $(date +%s) + SAMPLE ))
while [ "$(date +%s)" -lt "$end" ]; do
    sleep 10
    kill -0 $DPID 2>/dev/null || break
    r=$(proc_rss_kb $DPID) f=$(proc_fds $DPID)
    echo "$(date +%s) $f" >> "$W/fd-samples"
    [ "${r:-0}" -gt "$peak_rss" ] && peak_rss=$r; [ "${f:-0}" -gt "$peak_fd" ] && peak_fd=$f
    if [ "$(date +%s)" -ge "$next" ]; then say "$(stamp) +$(( ($(date +%s) - T0) / 60 )) min: RSS $r kB, $f fds (TCP:$(tcp_states $DPID))"; next=$(( next + SAMPLE )); fi
done
kill $FLAPPER 2>/dev/null
if ! kill -0 $DPID 2>/dev/null; then fail flap-alive "directord died: $(tail -3 "$LOG" | tr '\n' ' ')"; exit 0; fi
RSS1=$(proc_rss_kb $DPID) FD1=$(proc_fds $DPID) ST1=$(tcp_states $DPID)
secs=$(( $(date +%s) - T0 ))
flips=$(( secs * N / 10 / PERIOD ))   # each flapper changes state once per PERIOD
if [ "$MODE" = --dry-run ]; then changes=$(( $(grep -cE "(Quiescent|Restored) real server" "$LOG") - log0 ))
else changes=$(( $(grep -c " ipvsadm -e " "$W/rec/log") - changes0 )); fi
say "$(stamp) end after $secs s: RSS $RSS1 kB (peak $peak_rss), $FD1 fds (peak $peak_fd; TCP:$ST1); $changes weight changes for ~$flips flips; load average $(cut -d' ' -f1-3 /proc/loadavg)"
bench flap_rss_start "$RSS0" kB
bench flap_rss_end "$RSS1" kB
bench flap_rss_peak "$peak_rss" kB
bench flap_fds_start "$FD0" count
bench flap_fds_end "$FD1" count
bench flap_fds_peak "$peak_fd" count
bench flap_weight_changes "$changes" count
bench flap_minutes "$MIN" min
[ "$changes" -ge $(( flips / 5 )) ] && pass flap-seen || fail flap-seen "$changes weight changes for ~$flips flips"
[ $(( RSS1 - RSS0 )) -le "$RSS_GROWTH" ] && pass "flap-rss-flat" || fail flap-rss-flat "RSS $RSS0 -> $RSS1 kB, bound +$RSS_GROWTH kB"
# Leak or backlog: the lowest count of the first and of the last minute (checks in flight
# come and go; a leak raises the floor).
echo "$T0 $FD0" >> "$W/fd-samples"; echo "$(date +%s) $FD1" >> "$W/fd-samples"
floor0=$(awk -v t="$T0" '$1 <= t + 60 { if (m == "" || $2 < m) m = $2 } END { print m + 0 }' "$W/fd-samples")
floor1=$(awk -v t="$(date +%s)" '$1 >= t - 60 { if (m == "" || $2 < m) m = $2 } END { print m + 0 }' "$W/fd-samples")
say "fds, lowest of the first minute $floor0, of the last minute $floor1"
bench flap_fds_floor_start "$floor0" count
bench flap_fds_floor_end "$floor1" count
[ $(( floor1 - floor0 )) -le "$FD_GROWTH" ] && pass "flap-fds-flat" || fail flap-fds-flat "lowest fds of the first minute $floor0, of the last $floor1, bound +$FD_GROWTH"
exit 0
