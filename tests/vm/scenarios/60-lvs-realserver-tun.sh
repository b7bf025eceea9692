# lvs-realserver's tunnel mode on Debian's kernel (the ipip module; tests/netns covers direct
# routing): tunl0 up with the VIP, rp_filter off on tunl0 and all, ARP settings as for DR, and
# stop restoring every value it found. Runs in a private mount namespace: its own
# /etc/default and /run.
ip() { /usr/sbin/ip "$@"; }
W=/tmp/rs-tun; rm -rf $W; mkdir -p $W/default $W/run
printf 'LVS_MODE=tun\nLVS_VIPS="10.40.0.100"\n' >$W/default/lvs-realserver
rs() {
  unshare -m sh -c 'mkdir -p /etc/default && mount -o bind "$1" /etc/default && mount -o bind "$2" /run && exec sh /opt/ha/etc/init.d/lvs-realserver "$3"' \
    rs $W/default $W/run "$1"
}
sys() { cat /proc/sys/net/ipv4/conf/$1; }
echo 1 >/proc/sys/net/ipv4/conf/all/rp_filter
[ -e /sys/class/net/tunl0 ] && echo 1 >/proc/sys/net/ipv4/conf/tunl0/rp_filter
before="$(sys all/rp_filter) $(sys all/arp_ignore) $(sys all/arp_announce)"
if out=$(rs start 2>&1); then pass rs-tun/start; else fail rs-tun/start "$out"; fi
if ip -o addr show dev tunl0 2>/dev/null | grep -q ' 10.40.0.100/32 '; then pass rs-tun/vip-on-tunl0
else fail rs-tun/vip-on-tunl0 "tunl0: $(ip -o addr show dev tunl0 2>&1)"; fi
ip -o link show dev tunl0 | grep -q '[<,]UP[,>]' && pass rs-tun/tunl0-up || fail rs-tun/tunl0-up "$(ip -o link show dev tunl0)"
got="$(sys tunl0/rp_filter) $(sys all/rp_filter) $(sys all/arp_ignore) $(sys all/arp_announce)"
[ "$got" = "0 0 1 2" ] && pass rs-tun/sysctls || fail rs-tun/sysctls "tunl0.rp_filter all.rp_filter arp_ignore arp_announce = $got, want 0 0 1 2"
if out=$(rs status 2>&1); then pass rs-tun/status-running; else fail rs-tun/status-running "$out"; fi
if out=$(rs stop 2>&1); then pass rs-tun/stop; else fail rs-tun/stop "$out"; fi
ip -o addr show dev tunl0 | grep -q 10.40.0.100 && fail rs-tun/stop-removes-vip "$(ip -o addr show dev tunl0)" || pass rs-tun/stop-removes-vip
after="$(sys all/rp_filter) $(sys all/arp_ignore) $(sys all/arp_announce)"
[ "$after" = "$before" ] && [ "$(sys tunl0/rp_filter)" = 1 ] && pass rs-tun/stop-restores ||
  fail rs-tun/stop-restores "all.rp_filter arp_ignore arp_announce = $after, before start $before; tunl0.rp_filter $(sys tunl0/rp_filter)"
rs status >/dev/null 2>&1; rc=$?
[ $rc = 3 ] && pass rs-tun/status-after-stop || fail rs-tun/status-after-stop "exit $rc, want 3"
