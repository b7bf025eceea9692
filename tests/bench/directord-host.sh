#!/bin/bash
# Benchmark on the host (no IPVS needed): directord --dry-run with the 1,000 virtuals x 10
# reals config: first plan of 11,000 changes, then no-change reloads (parse + diff against
# the in-memory table), natively rather than under the VM's emulation.
cd "$(dirname "$0")/../.."
make -s -j2 bin/directord bin/ipvs-bench >/dev/null 2>&1 || { echo "# directord-host: does not build; skipped"; exit 0; }
W=$(mktemp -d /tmp/directord-bench.XXXXXX)
trap 'bin/directord --pidfile $W/pid $W/ld.cf stop >/dev/null 2>&1; rm -rf $W' EXIT
bin/ipvs-bench gen 1000 10 >$W/table
awk -v lf="$W/d.log" 'BEGIN { print "logfile=\"" lf "\""; print "checkinterval=60" }
  $1 == "-A" { print ""; print "virtual=" $3; print "\tchecktype=on"; print "\tscheduler=" $5 }
  $1 == "-a" { print "\treal=" $5 " masq " $8 }' $W/table >$W/ld.cf
start_ns=$(date +%s%N)
bin/directord --dry-run --pidfile $W/pid $W/ld.cf start 2>/dev/null || { echo "# directord-host: start failed"; exit 0; }
echo "BENCH directord_dryrun_start_1000x10 $(( ($(date +%s%N) - start_ns) / 1000000 )) ms"
pid=$(cat $W/pid)
for r in 1 2 3 4 5; do
  n=$(grep -c 'Reload complete' $W/d.log)
  kill -HUP $pid
  for i in $(seq 100); do [ "$(grep -c 'Reload complete' $W/d.log)" -gt "$n" ] && break; sleep 0.05; done
done
grep 'Reload complete' $W/d.log | sed -E 's/.*in ([0-9.]+) ms \(parse ([0-9.]+) ms\).*/\1 \2/' | sort -n >$W/r
echo "BENCH directord_dryrun_noop_reload_median $(sed -n 3p $W/r | cut -d' ' -f1) ms"
echo "BENCH directord_dryrun_noop_reload_parse_median $(sed -n 3p $W/r | cut -d' ' -f2) ms"
echo "BENCH directord_dryrun_rss $(( $(awk '/VmRSS/ { print $2 }' /proc/$pid/status) / 1024 )) MB"
exit 0
