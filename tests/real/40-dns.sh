#!/bin/bash
# service=dns against dnsmasq on 127.0.0.1 (its own process, private hosts file and pid
# file): A up, PTR up, A over TCP up, receive mismatch down, NXDOMAIN down, server gone down.
source "$(dirname "$0")/lib.sh"
real_init dns
need_cmd dns dnsmasq

P=$(free_port)
printf '192.0.2.10 www.example.test\n' >"$W/hosts"
start_bg dnsmasq --no-daemon --conf-file=/dev/null --port="$P" --listen-address=127.0.0.1 --bind-interfaces \
    --no-resolv --local=/example.test/ --no-hosts --addn-hosts="$W/hosts" --pid-file="$W/dnsmasq.pid" --user=root --group=root \
    --log-facility="$W/dnsmasq.log" 2>>"$W/dnsmasq.log"
if ! wait_port 127.0.0.1 "$P" 10; then fail dns "dnsmasq did not start: $(tail -3 "$W/dnsmasq.log" 2>/dev/null)"; exit 1; fi

# $1 name, $2 protocol, $3 request, $4 receive
cf() {
    check_cf "$1" "virtual=192.0.2.1:53
	protocol=$2
	service=dns
	real=127.0.0.1:$P gate
	request=\"$3\"
	receive=\"$4\""
}

expect_up dns-a "$(cf a udp www.example.test '^192\.0\.2\.10$')" 'A 192\.0\.2\.10'
expect_up dns-ptr "$(cf ptr udp 192.0.2.10 '^www\.example\.test$')" 'PTR www\.example\.test'
expect_up dns-a-tcp "$(cf tcp tcp www.example.test '^192\.0\.2\.10$')" 'A 192\.0\.2\.10'
expect_down dns-mismatch "$(cf mismatch udp www.example.test '^192\.0\.2\.11$')" 'does not match receive'
expect_down dns-nxdomain "$(cf nx udp nothing.example.test '.')" 'NXDOMAIN'
kill -TERM "${LIB_PIDS[-1]}" 2>/dev/null
wait_for 5 bash -c "! exec 3<>/dev/tcp/127.0.0.1/$P"
expect_down dns-server-gone "$(cf gone udp www.example.test '.')" 'refused|no answer'
