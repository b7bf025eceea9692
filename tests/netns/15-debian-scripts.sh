#!/bin/bash
# heartbeat's own resource scripts run unchanged under heartbeatd: Debian's resource-agents
# wrappers /etc/ha.d/resource.d/IPaddr2 and IPaddr (shell wrappers around the OCF agents)
# take a VIP up on the home node, move it on kill -9, and release it on a clean stop.
. "$(dirname "$0")/lib.sh"
lib_init debian-scripts
for s in IPaddr2 IPaddr; do
    if [ ! -x "/etc/ha.d/resource.d/$s" ] || [ ! -d /usr/lib/ocf/resource.d/heartbeat ]; then
        skip debian-scripts "Debian's resource-agents wrappers are not installed (package heartbeat / resource-agents)"; exit 0
    fi
done
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
VIP2=192.168.77.100 VIP1=192.168.77.101
for n in nodea nodeb; do
    mkdir -p "$W/$n/etc/resource.d"
    cp -a /etc/ha.d/resource.d/IPaddr2 /etc/ha.d/resource.d/IPaddr "$W/$n/etc/resource.d/"
    # The wrappers source their helpers by absolute path (/etc/ha.d/shellfuncs, the OCF
    # library): nothing else to copy.
    echo "nodea IPaddr2::$VIP2/24/hb0 IPaddr::$VIP1/24/hb0" > "$W/$n/etc/haresources"
    hb_conf $n "sha1 debian" "bcast hb0"
done
mkdir -p /run/resource-agents 2>/dev/null
has_vip() { ip -n "$P-$1" -o addr show dev hb0 | grep -q "inet $2/"; }
hb_start nodea; hb_start nodeb
if wait_for 30 has_vip nodea $VIP2 && wait_for 10 has_vip nodea $VIP1; then
    pass debian-ipaddr2-ipaddr-start
else
    fail debian-ipaddr2-ipaddr-start "addresses on nodea: $(ip -n $P-nodea -o -4 addr show dev hb0 | awk '{print $4}' | tr '\n' ' ')"; show_log nodea 40
fi
rsc_held() { case "$(hbq nodea rscstatus)" in all|local) return 0 ;; esac; return 1; }
if wait_for 15 rsc_held; then pass debian-rscstatus
else fail debian-rscstatus "nodea rscstatus $(hbq nodea rscstatus)"; fi
hb_kill nodea 9
if wait_for 15 has_vip nodeb $VIP2 && wait_for 10 has_vip nodeb $VIP1; then
    pass debian-takeover-after-kill
else
    fail debian-takeover-after-kill "addresses on nodeb: $(ip -n $P-nodeb -o -4 addr show dev hb0 | awk '{print $4}' | tr '\n' ' ')"; show_log nodeb 40
fi
# A clean stop (SIGTERM, what -k sends) runs the wrappers' stop: the survivor releases both.
kill -TERM "${HB_PID[nodeb]}"
if wait_for 30 bash -c "! ip -n $P-nodeb -o addr show dev hb0 | grep -qE 'inet ($VIP2|$VIP1)/'"; then
    pass debian-release-on-stop
else
    fail debian-release-on-stop "still on nodeb: $(ip -n $P-nodeb -o -4 addr show dev hb0 | awk '{print $4}' | tr '\n' ' ')"; show_log nodeb 40
fi
exit 0
