#!/bin/bash
# usage: setup.sh <authline> <msgfmtA> <msgfmtB> <serial 0|1>
set -e
auth="$1"; fa=$2; fb=$3; ser=$4
for n in nodea nodeb; do
  rm -rf ${HBCAP:-/tmp/hbcap}/$n; mkdir -p ${HBCAP:-/tmp/hbcap}/$n/etc/resource.d ${HBCAP:-/tmp/hbcap}/$n/var
  cp -a /etc/ha.d/resource.d/. ${HBCAP:-/tmp/hbcap}/$n/etc/resource.d/ 2>/dev/null || true
  cp -a /etc/ha.d/shellfuncs /etc/ha.d/harc ${HBCAP:-/tmp/hbcap}/$n/etc/ 2>/dev/null || true
  cp -a /etc/ha.d/rc.d ${HBCAP:-/tmp/hbcap}/$n/etc/ 2>/dev/null || true
  printf 'auth 1\n1 %s\n' "$auth" > ${HBCAP:-/tmp/hbcap}/$n/etc/authkeys; chmod 600 ${HBCAP:-/tmp/hbcap}/$n/etc/authkeys
  : > ${HBCAP:-/tmp/hbcap}/$n/etc/haresources
done
mk() { # node fmt
  {
  echo "logfile ${HBCAP:-/tmp/hbcap}/$1/ha-log"
  echo "debugfile ${HBCAP:-/tmp/hbcap}/$1/ha-debug"
  echo "keepalive 1"; echo "deadtime 6"; echo "initdead 12"; echo "auto_failback on"
  echo "msgfmt $2"; echo "realtime off"
  echo "bcast hb0"
  [ "$ser" = 1 ] && echo "serial ${HBCAP:-/tmp/hbcap}/tty${1: -1}"
  echo "node nodea nodeb"
  } > ${HBCAP:-/tmp/hbcap}/$1/etc/ha.cf
}
mk nodea $fa; mk nodeb $fb
ip netns add hbnsA; ip netns add hbnsB
ip link add vA type veth peer name vB
ip link set vA netns hbnsA; ip link set vB netns hbnsB
ip -n hbnsA link set vA name hb0; ip -n hbnsB link set vB name hb0
ip -n hbnsA addr add 192.168.251.1/24 brd + dev hb0; ip -n hbnsB addr add 192.168.251.2/24 brd + dev hb0
for ns in hbnsA hbnsB; do ip -n $ns link set hb0 up; ip -n $ns link set lo up; done
