#!/bin/bash
# usage: run.sh <tag> <authline> <fmtA> <fmtB> <serial> <seconds>
here=$(cd "$(dirname "$0")" && pwd)
tag=$1; shift
"$here"/setup.sh "$1" "$2" "$3" "$4" || exit 1
secs=$5
mkdir -p ${HBCAP:-/tmp/hbcap}/out
pids=()
if [ "$4" = 1 ]; then
  socat -x pty,link=${HBCAP:-/tmp/hbcap}/ttya,raw,echo=0 pty,link=${HBCAP:-/tmp/hbcap}/ttyb,raw,echo=0 2> ${HBCAP:-/tmp/hbcap}/out/$tag.serial.hex & pids+=($!)
  sleep 1
fi
ip netns exec hbnsA tcpdump -i hb0 -U -w ${HBCAP:-/tmp/hbcap}/out/$tag.pcap udp > /dev/null 2>&1 & pids+=($!)
sleep 1
ip netns exec hbnsA unshare --pid --fork --kill-child --mount-proc --mount --uts "$here"/runnode.sh nodea & pa=$!
ip netns exec hbnsB unshare --pid --fork --kill-child --mount-proc --mount --uts "$here"/runnode.sh nodeb & pb=$!
sleep $secs
for ns in hbnsA hbnsB; do kill -9 $(ip netns pids $ns) 2>/dev/null; done; sleep 1
for p in "${pids[@]}"; do kill $p; done
sleep 1
ip netns del hbnsA; ip netns del hbnsB
cp ${HBCAP:-/tmp/hbcap}/nodea/ha-log ${HBCAP:-/tmp/hbcap}/out/$tag.nodea.log; cp ${HBCAP:-/tmp/hbcap}/nodeb/ha-log ${HBCAP:-/tmp/hbcap}/out/$tag.nodeb.log
echo done $tag
