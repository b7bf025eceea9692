# The demo, run inside the VM (real IPVS kernel): directord with HTTP health checks against
# two busybox httpd real servers, a failure, the fallback, recovery, a broken reload, stop.
say() { echo; echo "==> $*"; }
show() { echo "\$ $*"; "$@" 2>&1; }
W=/tmp/demo; mkdir -p $W/www
echo "<h1>Test Page</h1>" >$W/www/index.html
ip link add rs type dummy && ip link set rs up
ip addr add 10.10.10.2/24 dev rs
ip addr add 10.10.10.3/24 dev rs
httpd -p 10.10.10.2:80 -h $W/www; httpd -p 10.10.10.3:80 -h $W/www
httpd -p 127.0.0.1:80 -h $W/www
pid_of() { ps | awk -v a="$1" '$0 ~ "httpd -p " a { print $1 }'; }

cat >$W/ldirectord.cf <<'EOF2'
# A plain ldirectord.cf, as ldirectord 4.12 reads it.
checktimeout=2
checkinterval=1
quiescent=no
logfile="/tmp/demo/directord.log"

virtual=10.10.10.100:80
	real=10.10.10.2:80 gate
	real=10.10.10.3:80 gate 2
	fallback=127.0.0.1:80 gate
	service=http
	request="index.html"
	receive="Test Page"
	scheduler=wrr
	protocol=tcp
	checktype=negotiate
EOF2
say "The config (an unchanged ldirectord.cf):"
cat $W/ldirectord.cf
say "Config test"
show directord -t $W/ldirectord.cf | head -n 8; echo "   ..."
say "Start directord; the first checks add the healthy real servers"
show directord $W/ldirectord.cf start
sleep 3
show ipvsadm -Ln
show directord $W/ldirectord.cf status

say "Real server 10.10.10.3 stops answering"
kill $(pid_of 10.10.10.3:80); sleep 3
show ipvsadm -Ln

say "10.10.10.2 stops too: no real server is up, the fallback goes in"
kill $(pid_of 10.10.10.2:80); sleep 3
show ipvsadm -Ln

say "Both come back: restored, the fallback goes out"
httpd -p 10.10.10.2:80 -h $W/www; httpd -p 10.10.10.3:80 -h $W/www; sleep 3
show ipvsadm -Ln

say "A reload with a typo keeps the running config (ldirectord would freeze table updates)"
cp $W/ldirectord.cf $W/good.cf
echo "chekinterval=5" >>$W/ldirectord.cf
show directord $W/ldirectord.cf reload; sleep 2
grep -E 'Error|Reload' $W/directord.log | tail -n 3 | sed 's/^\[[^]]*\] //'
cp $W/good.cf $W/ldirectord.cf

say "Stop: the virtual service is removed (cleanstop=yes)"
show directord $W/ldirectord.cf stop
show ipvsadm -Ln

say "directord's log (ldirectord's wording)"
sed 's/^\[[^]]*\] //' $W/directord.log | grep -vE '^(Invoking|Table sync)'
for a in 10.10.10.2:80 10.10.10.3:80 127.0.0.1:80; do p=$(pid_of $a); [ -n "$p" ] && kill $p; done
pass demo/ran
