# NetlinkKernel against the real kernel: every case of bin/ipvs-selftest, then the table it
# leaves checked by the kernel's own tool (ipvsadm -S -n) against hand-written expectations,
# and our save_format() of a dump checked against ipvsadm's.

# tcase NAME <<EOF: run the selftest case, then expect the table given on stdin.
tcase() {
  selftest "$1"
  expect_table "table/$1"
  expect_save_format "save-format/$1"
}

tcase ipv4-tcp <<X
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1
-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 3
X
tcase udp <<X
-A -u 10.0.0.2:53 -s wlc
-a -u 10.0.0.2:53 -r 10.0.1.1:5353 -m -w 2
X
tcase sctp <<X
-A --sctp-service 10.0.0.3:5000 -s lc
-a --sctp-service 10.0.0.3:5000 -r 10.0.1.1:5000 -i -w 1 --tun-type ipip
X
tcase ipv6 <<X
-A -t [2001:db8::1]:443 -s wrr
-a -t [2001:db8::1]:443 -r [2001:db8:1::1]:443 -g -w 5
-a -t [2001:db8::1]:443 -r [2001:db8:1::2]:8443 -m -w 1
-A -u [2001:db8::1]:53 -s rr
-a -u [2001:db8::1]:53 -r [2001:db8:1::3]:53 -g -w 1
X
tcase fwmark-v4 <<X
-A -f 5 -s sh
-a -f 5 -r 10.0.1.1:0 -g -w 1
-a -f 5 -r 10.0.1.2:80 -m -w 2
X
tcase fwmark-v6 <<X
-A -f 6 -6 -s dh
-a -f 6 -6 -r [2001:db8:1::1]:0 -g -w 1
-A -f 7 -s rr
-A -f 6 -s rr
X
tcase persistence-v4 <<X
-A -t 10.0.0.1:80 -s wlc -p 300 -M 255.255.255.0
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1
-A -t 10.0.0.1:0 -s rr -p 60
X
tcase persistence-v6 <<X
-A -t [2001:db8::1]:443 -s wlc -p 600 -M 64
-A -f 9 -6 -s rr -p 30 -M 48
X
tcase one-packet <<X
-A -u 10.0.0.2:53 -s rr -o
-a -u 10.0.0.2:53 -r 10.0.1.1:53 -g -w 1
X
tcase schedflags <<X
-A -t 10.0.0.1:80 -s mh -b mh-fallback,mh-port
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1
-A -t 10.0.0.1:81 -s sh -b sh-fallback
X
tcase forwarding <<X
-A -t 10.0.0.1:80 -s wlc
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1
-a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 1
-a -t 10.0.0.1:80 -r 10.0.1.3:80 -i -w 1 --tun-type ipip
-a -t 10.0.0.1:80 -r 127.0.0.1:80 -g -w 1
X
port=1000
for s in rr wrr lc wlc lblc lblcr sh dh sed nq fo ovf mh; do
  [ $port = 1000 ] && s=mh     # the case switches the first service's scheduler rr -> mh
  echo "-A -t 10.0.0.9:$port -s $s"
  echo "-a -t 10.0.0.9:$port -r 10.0.1.1:$port -g -w 1"
  port=$((port + 1))
done | tcase schedulers
# ipvsadm -S leaves thresholds out; its --thresholds listing shows them.
tcase thresholds <<X
-A -t 10.0.0.1:80 -s wlc
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1
-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 1
X
expect_output table/thresholds-listing ipvsadm -L -n --thresholds <<X
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn
  -> RemoteAddress:Port
TCP  10.0.0.1:80 wlc
  -> 10.0.1.1:80                  100        10         0          0
  -> 10.0.1.2:80                  0          0          0          0
X
tcase weight-edit <<X
-A -t 10.0.0.1:80 -s wrr
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 5
-a -t 10.0.0.1:80 -r 10.0.1.2:80 -m -w 0
X
tcase dest-delete <<X
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 1
-A -t [2001:db8::1]:443 -s rr
X
tcase service-edit-clears <<X
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1
-A -t [2001:db8::1]:443 -s wlc
X
tcase service-delete <<X
-A -t [2001:db8::1]:443 -s rr
X
tcase flush </dev/null
tcase pe-sip <<X
-A -u 10.0.0.2:5060 -s rr -p 60 --pe sip
-a -u 10.0.0.2:5060 -r 10.0.1.1:5060 -g -w 1
X
tcase mixed-family-tunnel <<X
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r [2001:db8:1::1]:80 -i -w 1 --tun-type ipip
X
tcase error-service-exists <<X
-A -t 10.0.0.1:80 -s rr
X
tcase error-unknown-scheduler <<X
-A -t 10.0.0.1:80 -s rr
X
tcase error-dest-on-missing-service </dev/null
tcase error-dest-exists-missing <<X
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1
X
tcase error-bad-values <<X
-A -t 10.0.0.1:80 -s rr
X
for w in default-window window-7 window-1; do
  i=1
  while [ $i -le 300 ]; do
    echo "-A -t 10.1.0.1:$i -s wlc"
    echo "-a -t 10.1.0.1:$i -r 10.2.0.1:$i -m -w $(( (i - 1) % 7 ))"
    i=$((i + 1))
  done | tcase pipelined-$w
done

# A table made by ipvsadm, read back through NetlinkKernel::dump() and save_format().
ipvsadm -C
ipvsadm -R <<X
-A -t 192.0.2.1:80 -s wlc -p 120 -M 255.255.0.0
-a -t 192.0.2.1:80 -r 198.51.100.1:80 -g -w 2 -x 10 -y 2
-a -t 192.0.2.1:80 -r 198.51.100.2:8080 -m -w 1
-A -u [2001:db8::53]:53 -s sh -b sh-port
-a -u [2001:db8::53]:53 -r [2001:db8:2::1]:53 -i -w 3
-A -f 42 -s mh -b mh-fallback
-a -f 42 -r 198.51.100.3:0 -g -w 1
X
expect_save_format save-format/ipvsadm-made-table

# Without CAP_NET_ADMIN the constructor must say so in plain words.
out=$(su -s /bin/sh nobody -c "$(command -v ipvs-selftest) probe" 2>&1)
case $out in
  *"needs CAP_NET_ADMIN (run as root)"*) pass netlink/no-permission-message ;;
  *) fail netlink/no-permission-message "got: $out" ;;
esac
ipvsadm -C
