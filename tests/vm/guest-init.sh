#!/bin/busybox sh
# /init of the test VM: set up a minimal system, load IPVS, run the payload, power off.
# Everything the host needs is printed on the console (ttyS0) as plain lines.
/bin/busybox --install -s /bin
export PATH=/opt/ha/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /tmp /run /var/run && mount -t tmpfs tmp /tmp && mount -t tmpfs run /run
# Kernel messages (e.g. IPVS complaining about a bad weight we sent on purpose) must not cut
# into our result lines on the shared console.
echo 1 >/proc/sys/kernel/printk
ip link set lo up
for m in $(cat /lib/modules/order); do
  insmod "/lib/modules/$m" 2>/dev/null || echo "GUEST insmod $m failed"
done
echo; echo "GUEST-BOOTED $(cut -d' ' -f1 /proc/uptime)"
cd /payload && sh ./main.sh
echo "GUEST-DONE rc=$? uptime=$(cut -d' ' -f1 /proc/uptime)"
sync
poweroff -f
