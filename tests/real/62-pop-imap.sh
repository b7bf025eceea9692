#!/bin/bash
# service=pop, pops, imap and imaps against Dovecot (its own foreground master with a
# config, users file, self-signed certificate and mail store in the work dir): logins up,
# TLS services down under the default chain policy (the
# certificate is self-signed) and up with tlsverify=none, a SIGSTOPped server down within
# negotiatetimeout, a wrong password down, a server gone down.
source "$(dirname "$0")/lib.sh"
real_init pop-imap
need_cmd pop-imap /usr/sbin/dovecot openssl
if [ ! -e /usr/lib/dovecot/imap ] || [ ! -e /usr/lib/dovecot/pop3 ]; then
    skip pop-imap "dovecot-imapd and dovecot-pop3d are not installed (make deps)"; exit 0
fi
if ! id nobody >/dev/null 2>&1; then skip pop-imap "no user nobody for the mail processes"; exit 0; fi

POP=$(free_port); IMAP=$(free_port); POPS=$(free_port); IMAPS=$(free_port)
mkdir -p "$W/run" "$W/state" "$W/mail"
chmod 755 "$W/run" "$W/state"; chmod 1777 "$W/mail"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 -subj "/CN=localhost" 2>/dev/null
echo 'alice:{PLAIN}wonderland' >"$W/users"
cat >"$W/dovecot.conf" <<CONF
base_dir = $W/run
state_dir = $W/state
log_path = $W/dovecot.log
listen = 127.0.0.1
protocols = imap pop3
ssl = yes
ssl_cert = <$W/cert.pem
ssl_key = <$W/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $W/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$W/mail/%u
}
mail_location = maildir:$W/mail/%u
service imap-login {
  inet_listener imap {
    port = $IMAP
  }
  inet_listener imaps {
    port = $IMAPS
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = $POP
  }
  inet_listener pop3s {
    port = $POPS
    ssl = yes
  }
}
CONF
start_bg /usr/sbin/dovecot -F -c "$W/dovecot.conf"
DPID=${LIB_PIDS[-1]}
for p in $POP $IMAP $POPS $IMAPS; do
    if ! wait_port 127.0.0.1 "$p" 15; then fail pop-imap "dovecot did not listen on $p: $(tail -3 "$W/dovecot.log" 2>/dev/null)"; exit 1; fi
done

# $1 name, $2 service, $3 port, $4 password, $5 extra global lines
cf() {
    check_cf "$1" "${5:-}
virtual=192.0.2.1:110
	service=$2
	real=127.0.0.1:$3 gate
	login=\"alice\"
	passwd=\"$4\""
}

expect_up pop-login "$(cf pop pop "$POP" wonderland)" 'up .*: \+OK Dovecot'
expect_up imap-login "$(cf imap imap "$IMAP" wonderland)" 'up .*: \* OK'
# Self-signed: down under ldirectord's chain check, up when the operator opts out.
expect_down pops-self-signed "$(cf popschain pops "$POPS" wonderland)" 'certificate verify failed'
expect_down imaps-self-signed "$(cf imapschain imaps "$IMAPS" wonderland)" 'certificate verify failed'
expect_up pops-tlsverify-none "$(cf popsnone pops "$POPS" wonderland tlsverify=none)" 'up .*: \+OK Dovecot'
expect_up imaps-tlsverify-none "$(cf imapsnone imaps "$IMAPS" wonderland tlsverify=none)" 'up .*: \* OK'

# Every dovecot process stopped (the master and the processes it started, by PID):
# connections are accepted by the kernel and never answered.
procs="$DPID $(pgrep -P "$DPID" | tr '\n' ' ')"
expect_hung_down imap-stopped "$(cf imapstopped imap "$IMAP" wonderland)" 'timed out after 3 s' $procs
expect_up imap-resumed "$(cf imapresumed imap "$IMAP" wonderland)"

# Last: Dovecot answers a failed login after auth_failure_delay (2 s) and then delays
# every login from this address for a while (its auth penalty).
cfbad() {
    check_cf "$1" "virtual=192.0.2.1:110
	service=$2
	real=127.0.0.1:$3 gate
	login=\"alice\"
	passwd=\"nope\"
	negotiatetimeout=10"
}
expect_down pop-wrong-password "$(cfbad popbad pop "$POP")" 'PASS.*-ERR'
expect_down imap-wrong-password "$(cfbad imapbad imap "$IMAP")" 'LOGIN.*(NO|failed)'

kill -TERM "$DPID" 2>/dev/null
wait_for 10 bash -c "! exec 3<>/dev/tcp/127.0.0.1/$POP"
expect_down pop-server-gone "$(cf popgone pop "$POP" wonderland)" 'refused'
