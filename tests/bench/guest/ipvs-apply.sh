# Runs where IPVS is (the VM, see ../ipvs-apply.sh): the same S x D table applied with
# `ipvsadm -R` and with NetlinkKernel::apply (pipelined), flushed between; median of 3 each.
S=${BENCH_SERVICES:-1000} D=${BENCH_DESTS:-10}
want=$((S * (D + 1)))
ipvs-bench gen "$S" "$D" >/tmp/table

median() { sort -n | sed -n 2p; }
# The table must be complete after each run, or the time means nothing.
complete() {
  n=$(ipvsadm -S -n | wc -l)
  [ "$n" -eq "$want" ] || { fail bench/ipvs-apply "$1 left $n of $want entries"; return 1; }
}

for r in 1 2 3; do
  ipvsadm -C
  ipvs-bench time ipvsadm -R </tmp/table >>/tmp/restore.ms || fail bench/ipvs-apply "ipvsadm -R failed"
  complete "ipvsadm -R"
done
for r in 1 2 3; do
  ipvsadm -C
  ipvs-bench apply "$S" "$D" >>/tmp/netlink.ms || fail bench/ipvs-apply "NetlinkKernel::apply failed"
  complete "NetlinkKernel::apply"
done
for r in 1 2 3; do ipvs-bench dump | cut -d' ' -f1 >>/tmp/dump.ms; done
# The same path with one op in flight at a time: what pipelining itself buys.
ipvsadm -C
ipvs-bench apply "$S" "$D" 1 >/tmp/window1.ms || fail bench/ipvs-apply "apply with window 1 failed"
ipvsadm -C

restore=$(median </tmp/restore.ms) netlink=$(median </tmp/netlink.ms) dump=$(median </tmp/dump.ms)
echo "BENCH ipvs_apply_ipvsadm_restore $restore ms"
echo "BENCH ipvs_apply_netlink $netlink ms"
echo "BENCH ipvs_apply_netlink_window1 $(cat /tmp/window1.ms) ms"
echo "BENCH ipvs_apply_speedup $(awk -v a="$restore" -v b="$netlink" 'BEGIN { printf "%.1f", a / b }') x"
echo "BENCH ipvs_dump_10k_dests $dump ms"
