#!/bin/bash
# runs as PID 1 of a private pid/mount/uts namespace
node=$1; base=${HBCAP:-/tmp/hbcap}/$node
hostname $node
mount -t tmpfs tmpfs /run
mkdir -p /run/heartbeat/ccm /run/heartbeat/crm /run/heartbeat/dopd /run/lock /run/resource-agents
chown -R hacluster:haclient /run/heartbeat /run/resource-agents 2>/dev/null
mount --bind $base/etc /etc/ha.d
mount --bind $base/var /var/lib/heartbeat
mkdir -p /var/lock; mount -t tmpfs tmpfs /var/lock
/usr/libexec/heartbeat/heartbeat -l > $base/hb.out 2>&1
sleep 100000
