#!/bin/bash
# service=radius against FreeRADIUS 3 run in the foreground from a private minimal
# config (one client 127.0.0.1 with a test secret, one user in a files module, PAP),
# listening on 127.0.0.1 on a free port: Accept up, wrong password down, wrong secret
# down (the answer does not verify), server gone down.
source "$(dirname "$0")/lib.sh"
real_init radius
need_cmd radius freeradius

P=$(free_port)
R="$W/raddb"
mkdir -p "$R"
cat >"$R/radiusd.conf" <<CONF
prefix = /usr
exec_prefix = /usr
sysconfdir = $W
localstatedir = $W
sbindir = /usr/sbin
logdir = $W
raddbdir = $R
radacctdir = $W
name = freeradius
confdir = $R
modconfdir = $R/mods-config
run_dir = $W
db_dir = $W
libdir = /usr/lib/freeradius
pidfile = $W/radiusd.pid
max_request_time = 10
cleanup_delay = 1
max_requests = 256
hostname_lookups = no
log {
	destination = files
	file = $W/radius.log
}
security {
	allow_core_dumps = no
}
client directord {
	ipaddr = 127.0.0.1
	secret = testing123
}
modules {
	pap {
	}
	files {
		filename = $R/users
	}
}
server default {
	listen {
		type = auth
		ipaddr = 127.0.0.1
		port = $P
	}
	authorize {
		files
		pap
	}
	authenticate {
		Auth-Type PAP {
			pap
		}
	}
}
CONF
printf 'alice\tCleartext-Password := "wonder land"\n\tReply-Message := "hello alice"\n' >"$R/users"
start_bg freeradius -f -X -d "$R" >"$W/freeradius.out" 2>&1
if ! wait_for 15 grep -q 'Ready to process requests' "$W/freeradius.out"; then
    fail radius "freeradius did not start: $(tail -3 "$W/freeradius.out" | tr '\n' '|')"
    exit 1
fi

# $1 name, $2 login, $3 passwd, $4 secret
cf() {
    check_cf "$1" "virtual=192.0.2.1:1812
	protocol=udp
	service=radius
	real=127.0.0.1:$P gate
	login=\"$2\"
	passwd=\"$3\"
	secret=\"$4\""
}

expect_up radius-accept "$(cf accept alice 'wonder land' testing123)" 'Access-Accept: hello alice'
expect_down radius-wrong-password "$(cf badpw alice 'wonder lamp' testing123)" 'Access-Reject'
expect_down radius-wrong-secret "$(cf badsecret alice 'wonder land' not-the-secret)" 'no answer|does not verify'
kill -TERM "${LIB_PIDS[-1]}" 2>/dev/null
wait "${LIB_PIDS[-1]}" 2>/dev/null
expect_down radius-server-gone "$(cf gone alice 'wonder land' testing123)" 'refused|no answer'
