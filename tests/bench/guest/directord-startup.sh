# Runs where IPVS is (see ../directord-startup.sh). S virtuals x D reals, every real on an
# address that answers (a namespace "behind" this one where 10.20.0.0/16 is local and one
# process accepts on :8080), measured three ways in one boot:
#  - `ipvsadm -R` of the table (no checks at all);
#  - directord start with a connect check per real, to the moment every real has passed its
#    first check and is in the kernel table (its "Added real server" lines);
#  - keepalived (if the image has it) with a TCP_CHECK per real, alpha (a real enters the
#    table on its first success, as in ldirectord) and warmup 0 (no random delay before the
#    first check: its fastest start), to the same moment (its "Adding service" lines).
# Every run ends with the kernel table checked: all S x D reals there with their weight.
S=${BENCH_SERVICES:-1000} D=${BENCH_DESTS:-10} RUNS=${BENCH_RUNS:-3}
reals=$((S * D)) want=$((S * (D + 1)))
W=/tmp/dstart; mkdir -p $W
# Every real its own address (ipvs-bench gen shares them between services): S x D checks.
ipvs-bench gen "$S" "$D" | awk -v d="$D" '$1 == "-a" { n = i * d + j++; $5 = "10.20." int(n / 250) "." (n % 250 + 1) ":8080" }
  $1 == "-A" { if (seen++) i++; j = 0 } { print }' >$W/table

# The real servers: one listener for every 10.20.x.y, one hop away (a single neighbour entry).
ip() { /usr/sbin/ip "$@"; }   # iproute2: busybox's own ip (an applet ash prefers) has no netns/veth
ip netns add dsrv
ip link add ds0 type veth peer name ds1 netns dsrv
ip addr add 10.255.0.1/30 dev ds0; ip link set ds0 up
ip route add 10.20.0.0/16 via 10.255.0.2 dev ds0
ip netns exec dsrv /usr/sbin/ip link set lo up
ip netns exec dsrv /usr/sbin/ip addr add 10.255.0.2/30 dev ds1
ip netns exec dsrv /usr/sbin/ip link set ds1 up
ip netns exec dsrv /usr/sbin/ip route add local 10.20.0.0/16 dev lo
ip netns exec dsrv ipvs-bench listen 8080 >$W/listen.out 2>&1 &
LISTENER=$!
i=0; while [ $i -lt 50 ] && ! grep -q listening $W/listen.out; do sleep 0.1; i=$((i+1)); done
cleanup() {
  kill $LISTENER 2>/dev/null; wait $LISTENER 2>/dev/null
  for p in $(ip netns pids dsrv); do kill -9 $p; done
  ip netns del dsrv
}

# checktimeout 30 (ldirectord's default is 5), connect_timeout 30 for keepalived alike: the
# emulated guest answers 10,000 connects offered within a second more slowly than that,
# and a first check timing out would keep its real out for a whole checkinterval.
awk -v lf="$W/d.log" 'BEGIN { print "logfile=\"" lf "\""; print "checkinterval=60"; print "checktimeout=30" }
  $1 == "-A" { print ""; print "virtual=" $3; print "\tchecktype=connect"; print "\tscheduler=" $5 }
  $1 == "-a" { print "\treal=" $5 " masq " $8 }' $W/table >$W/ld.cf
awk 'BEGIN { print "global_defs {\n  router_id bench\n}" }
  function close_vs() { if (open) print "}"; open = 0 }
  $1 == "-A" { close_vs(); split($3, v, ":"); open = 1
    print "virtual_server " v[1] " " v[2] " {\n  delay_loop 60\n  lb_algo " $5 "\n  lb_kind NAT\n  protocol TCP\n  alpha\n  warmup 0" }
  $1 == "-a" { split($5, r, ":")
    print "  real_server " r[1] " " r[2] " {\n    weight " $8 "\n    TCP_CHECK {\n      connect_timeout 30\n    }\n  }" }
  END { close_vs() }' $W/table >$W/ka.conf

# Milliseconds of uptime (10 ms resolution): busybox date has no %N.
# "123.08" -> 12308 * 10 (no arithmetic on "08": ash reads it as bad octal).
now_ms() { read -r up _ </proc/uptime; echo $(( ${up%.*}${up#*.} * 10 )); }
median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }
# CPU ms of a process so far (user, system), and the guest's (one CPU) totals: user,
# system, irq + softirq (where most of the emulated TCP of both ends runs), idle.
cpu_ms() { awk '{ print $14 * 10, $15 * 10 }' /proc/$1/stat; }
guest_ms() { awk '/^cpu / { print $2 * 10, $4 * 10, ($7 + $8) * 10, $5 * 10 }' /proc/stat; }
# Waits until FILE has N lines matching RE; prints the ms since $t0, or fails after 120 s.
# Polls are kept cheap (they share the one CPU with what they measure): wc -l every 0.25 s,
# the grep only once the file is long enough.
wait_lines() {
  while [ "$(wc -l <"$1")" -lt "$3" ] || [ "$(grep -c "$2" "$1")" -lt "$3" ]; do
    [ $(( $(now_ms) - t0 )) -gt 120000 ] && return 1
    sleep 0.25
  done
  echo $(( $(now_ms) - t0 ))
}
# The kernel table holds every service and real, none with weight 0.
complete() {
  ipvsadm -S -n >$W/saved
  n=$(wc -l <$W/saved) z=$(grep -c -- '-w 0$' $W/saved)
  [ "$n" -eq "$want" ] && [ "$z" -eq 0 ] && return 0
  fail bench/directord-startup "$1 left $n of $want entries ($z with weight 0)"; return 1
}

r=0; while [ $r -lt $RUNS ]; do r=$((r+1))
  ipvsadm -C
  ipvs-bench time ipvsadm -R <$W/table >>$W/restore.ms || fail bench/directord-startup "ipvsadm -R failed"
  complete "ipvsadm -R" || : >$W/restore.ms
done

r=0; while [ $r -lt $RUNS ]; do r=$((r+1))
  ipvsadm -C; : >$W/d.log
  set -- $(guest_ms); g0u=$1 g0s=$2 g0i=$3 g0d=$4
  t0=$(now_ms)
  directord --pidfile $W/pid $W/ld.cf start || fail bench/directord-startup "directord start failed"
  if ms=$(wait_lines $W/d.log 'Added real server' $reals); then
    # Where the time went, this run: directord's own CPU, the guest's CPU by kind (the
    # real servers' side is all kernel), and the table syncs as directord timed them.
    set -- $(guest_ms)
    echo "$ms $(cpu_ms $(cat $W/pid)) $(($1 - g0u)) $(($2 - g0s)) $(($3 - g0i)) $(($4 - g0d))" \
      "$(grep 'Table sync' $W/d.log | sed -n 's/.*total \([0-9.]*\) ms.*/\1/p' | awk '{ t += $1 } END { printf "%d", t }')" \
      "$(grep -c 'Table sync' $W/d.log)" >>$W/start.detail
    complete "directord" && echo "$ms" >>$W/start.ms
  else
    fail bench/directord-startup "directord: $(grep -c 'Added real server' $W/d.log) of $reals reals added in 120 s"
    tail -n 5 $W/d.log | detail
  fi
  [ $r -eq $RUNS ] && grep -E "Table sync" $W/d.log | sed "s/^/# directord run $r: /" | head -n 40
  directord --pidfile $W/pid $W/ld.cf stop
done

# The floors under directord's time, same boot: its checks and planning alone (--dry-run:
# the kernel table untouched), and the bare pipelined netlink write of a table this size.
r=0; while [ $r -lt $RUNS ]; do r=$((r+1))
  ipvsadm -C; : >$W/d.log
  t0=$(now_ms)
  directord --dry-run --pidfile $W/pid $W/ld.cf start || fail bench/directord-startup "directord --dry-run start failed"
  if ms=$(wait_lines $W/d.log 'Added real server' $reals); then echo "$ms" >>$W/dryrun.ms
  else fail bench/directord-startup "directord --dry-run: $(grep -c 'Added real server' $W/d.log) of $reals reals"; fi
  directord --pidfile $W/pid $W/ld.cf stop
done
ipvsadm -C
ipvs-bench apply "$S" "$D" >$W/netlink.ms || fail bench/directord-startup "ipvs-bench apply failed"

if command -v keepalived >/dev/null; then
  r=0; while [ $r -lt $RUNS ]; do r=$((r+1))
    ipvsadm -C
    t0=$(now_ms)
    keepalived -n -l -G -C -f $W/ka.conf -p $W/ka.pid -c $W/ka-chk.pid >$W/ka.log 2>&1 &
    KA=$!
    if ms=$(wait_lines $W/ka.log 'Adding service' $reals); then
      complete "keepalived" && echo "$ms" >>$W/keepalived.ms
    else
      fail bench/directord-startup "keepalived: $(grep -c 'Adding service' $W/ka.log) of $reals reals added in 120 s"
      tail -n 5 $W/ka.log | detail
    fi
    kill $KA; i=0; while kill -0 $KA 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
    kill -9 $KA 2>/dev/null; wait $KA 2>/dev/null
  done
else
  echo "# directord-startup: no keepalived in the image; not compared"
fi
ipvsadm -C
cleanup

restore=$(median <$W/restore.ms) start=$(median <$W/start.ms)
[ -n "$restore" ] && echo "BENCH startup_${reals}_ipvsadm_restore $restore ms"
[ -n "$start" ] && echo "BENCH startup_${reals}_directord_checked $start ms"
[ -n "$restore" ] && [ -n "$start" ] &&
  echo "BENCH startup_${reals}_directord_vs_restore $(awk -v a="$restore" -v b="$start" 'BEGIN { printf "%.2f", a / b }') x"
# The median run's split (by total time).
if [ -s $W/start.detail ]; then
  set -- $(sort -n $W/start.detail | sed -n "$(( ($(wc -l <$W/start.detail) + 1) / 2 ))p")
  echo "BENCH startup_${reals}_directord_cpu_user $2 ms"
  echo "BENCH startup_${reals}_directord_cpu_system $3 ms"
  echo "BENCH startup_${reals}_guest_cpu_user $4 ms"
  echo "BENCH startup_${reals}_guest_cpu_system $5 ms"
  echo "BENCH startup_${reals}_guest_cpu_softirq $6 ms"
  echo "BENCH startup_${reals}_guest_cpu_idle $7 ms"
  echo "BENCH startup_${reals}_directord_syncs_total $8 ms"
  echo "BENCH startup_${reals}_directord_syncs $9 syncs"
fi
[ -s $W/dryrun.ms ] && echo "BENCH startup_${reals}_directord_dryrun_checked $(median <$W/dryrun.ms) ms"
[ -s $W/netlink.ms ] && echo "BENCH startup_${reals}_netlink_apply_only $(cat $W/netlink.ms) ms"
if [ -s $W/keepalived.ms ]; then
  ka=$(median <$W/keepalived.ms)
  echo "BENCH startup_${reals}_keepalived_checked $ka ms"
  [ -n "$start" ] && echo "BENCH startup_${reals}_directord_vs_keepalived $(awk -v a="$ka" -v b="$start" 'BEGIN { printf "%.2f", a / b }') x"
fi
for f in restore start dryrun keepalived; do [ -s $W/$f.ms ] && echo "# directord-startup $f runs (ms): $(tr '\n' ' ' <$W/$f.ms)"; done
