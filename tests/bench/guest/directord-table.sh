# Runs where IPVS is (see ../directord-table.sh). Same S x D table three ways:
# ipvsadm -R, directord start (parse + dump + diff + apply), and a no-change reload.
S=${BENCH_SERVICES:-1000} D=${BENCH_DESTS:-10}
want=$((S * (D + 1)))
W=/tmp/dbench; mkdir -p $W
ipvs-bench gen "$S" "$D" >$W/table
# The same table as ldirectord.cf.
awk -v lf="$W/d.log" 'BEGIN { print "logfile=\"" lf "\""; print "checkinterval=60"; print "cleanstop=yes" }
  $1 == "-A" { print ""; print "virtual=" $3; print "\tchecktype=on"; print "\tscheduler=" $5 }
  $1 == "-a" { print "\treal=" $5 " masq " $8 }' $W/table >$W/ld.cf

median() { sort -n | sed -n 2p; }
complete() {
  n=$(ipvsadm -S -n | wc -l)
  [ "$n" -eq "$want" ] || { fail bench/directord-table "$1 left $n of $want entries"; return 1; }
}
for r in 1 2 3; do
  ipvsadm -C
  ipvs-bench time ipvsadm -R <$W/table >>$W/restore.ms || fail bench/directord-table "ipvsadm -R failed"
  complete "ipvsadm -R"
done
for r in 1 2 3; do
  ipvsadm -C; : >$W/d.log
  ipvs-bench time directord --pidfile $W/pid $W/ld.cf start >>$W/start.ms || fail bench/directord-table "directord start failed"
  complete "directord start"
  if [ $r -lt 3 ]; then directord --pidfile $W/pid $W/ld.cf stop; fi
done
pid=$(cat $W/pid)
rss=$(awk '/VmRSS/ { print $2 }' /proc/$pid/status)
hwm=$(awk '/VmHWM/ { print $2 }' /proc/$pid/status)
base=$(wc -l <$W/d.log)
for r in 1 2 3; do
  n=$(grep -c 'Reload complete' $W/d.log)
  kill -HUP $pid
  i=0; while [ $i -lt 300 ] && [ "$(grep -c 'Reload complete' $W/d.log)" -le "$n" ]; do sleep 0.1; i=$((i+1)); done
done
grep 'Reload complete' $W/d.log | sed -E 's/.*Reload complete in ([0-9.]+) ms.*/\1/' >$W/reload.ms
changes=$(tail -n +$((base + 1)) $W/d.log | grep -cE 'Added|Deleted|Changed|Restored|Quiescent|Purged')
complete "after reloads"
sync_line=$(grep 'Table sync' $W/d.log | head -n 1)
directord --pidfile $W/pid $W/ld.cf stop

restore=$(median <$W/restore.ms) start=$(median <$W/start.ms) reload=$(median <$W/reload.ms)
echo "BENCH directord_table_ipvsadm_restore $restore ms"
echo "BENCH directord_table_start $start ms"
echo "BENCH directord_table_speedup $(awk -v a="$restore" -v b="$start" 'BEGIN { printf "%.2f", a / b }') x"
echo "BENCH directord_noop_reload $reload ms"
echo "BENCH directord_noop_reload_changes $changes changes"
echo "BENCH directord_rss_after_start $((rss / 1024)) MB"
echo "BENCH directord_rss_peak $((hwm / 1024)) MB"
grep -E "Table sync|Reload complete" $W/d.log | sed "s/^/# /"
