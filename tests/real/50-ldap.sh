#!/bin/bash
# service=ldap and ldaps against a real slapd (OpenLDAP, mdb backend) started from a
# private slapd.conf in $W, with a TLS certificate from a test CA made here.
source "$(dirname "$0")/lib.sh"
real_init ldap
need_cmd ldap slapd ldapadd openssl
[ -e /usr/lib/ldap/back_mdb.so ] || { skip ldap "slapd has no mdb backend module"; exit 0; }

P=$(free_port)
P2=$(free_port)
while [ "$P2" = "$P" ]; do P2=$(free_port); done
SUFFIX="dc=example,dc=test"

# A test CA and a server certificate for 127.0.0.1 / localhost.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/ca.key" -out "$W/ca.pem" -days 2 \
    -subj "/CN=directord test CA" >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -keyout "$W/server.key" -out "$W/server.csr" -subj "/CN=localhost" >/dev/null 2>&1
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$W/san.ext"
openssl x509 -req -in "$W/server.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial -days 2 \
    -extfile "$W/san.ext" -out "$W/server.pem" >/dev/null 2>&1 || { fail ldap "cannot make the test certificates"; exit 1; }

mkdir -p "$W/db"
cat >"$W/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile $W/slapd.pid
argsfile $W/slapd.args
TLSCACertificateFile $W/ca.pem
TLSCertificateFile $W/server.pem
TLSCertificateKeyFile $W/server.key
database mdb
maxsize 10485760
suffix "$SUFFIX"
rootdn "cn=admin,$SUFFIX"
rootpw secret
directory $W/db
access to * by * read
EOF

start_bg slapd -d 0 -h "ldap://127.0.0.1:$P/ ldaps://127.0.0.1:$P2/" -f "$W/slapd.conf"
SLAPD=${LIB_PIDS[-1]}
if ! wait_port 127.0.0.1 "$P" 15 || ! wait_port 127.0.0.1 "$P2" 5; then
    fail ldap "slapd did not start"
    exit 1
fi

cat >"$W/entries.ldif" <<EOF
dn: $SUFFIX
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: ou=people,$SUFFIX
objectClass: organizationalUnit
ou: people

dn: uid=alice,ou=people,$SUFFIX
objectClass: inetOrgPerson
uid: alice
cn: Alice
sn: Example
userPassword: alicepw
EOF
if ! ldapadd -x -H "ldap://127.0.0.1:$P/" -D "cn=admin,$SUFFIX" -w secret -f "$W/entries.ldif" >"$W/ldapadd.out" 2>&1; then
    fail ldap "ldapadd: $(tr '\n' ' ' <"$W/ldapadd.out")"
    exit 1
fi

# ldap_cf NAME SERVICE PORT EXTRA-LINES: one virtual with one real on slapd.
ldap_cf() {
    check_cf "$1" "virtual=10.20.0.1:389
	real=127.0.0.1:$3 gate
	service=$2
$4"
}

expect_up ldap_anonymous_base_search "$(ldap_cf anon ldap "$P" '	request="dc=example,dc=test"')" \
    "^up .*ldap://127\.0\.0\.1:$P/dc=example,dc=test.*entry \"dc=example,dc=test\""
expect_up ldap_receive_matches_dn "$(ldap_cf recv ldap "$P" '	request="ou=people,dc=example,dc=test"
	receive="^ou=people,"')"
expect_down ldap_receive_mismatch "$(ldap_cf recvbad ldap "$P" '	request="ou=people,dc=example,dc=test"
	receive="^uid="')" 'does not match receive'
expect_up ldap_bind_rootdn "$(ldap_cf root ldap "$P" '	request="uid=alice,ou=people,dc=example,dc=test"
	login="cn=admin,dc=example,dc=test"
	passwd="secret"')"
expect_up ldap_bind_user "$(ldap_cf user ldap "$P" '	request="dc=example,dc=test"
	login="uid=alice,ou=people,dc=example,dc=test"
	passwd="alicepw"')"
expect_down ldap_bind_bad_password "$(ldap_cf badpw ldap "$P" '	request="dc=example,dc=test"
	login="uid=alice,ou=people,dc=example,dc=test"
	passwd="wrong"')" 'refused: invalidCredentials \(49\)'
# login without passwd: ldirectord binds anonymously, and so the check passes.
expect_up ldap_login_without_passwd_is_anonymous "$(ldap_cf nopw ldap "$P" '	request="dc=example,dc=test"
	login="uid=alice,ou=people,dc=example,dc=test"')"
expect_down ldap_missing_base "$(ldap_cf gone ldap "$P" '	request="ou=gone,dc=example,dc=test"')" 'no entry at .*noSuchObject \(32\)'
# The default request "/" searches the root DSE (base ""), which slapd answers.
expect_up ldap_root_dse "$(ldap_cf dse ldap "$P" '')" 'entry ""'
expect_down ldap_nothing_listening "$(ldap_cf closed ldap "$(free_port)" '	request="dc=example,dc=test"')" 'connect'

# ldaps: the default policy checks the chain against the system store, which does not
# know the test CA; tlscafile= names it.
expect_down ldaps_unknown_ca "$(ldap_cf ldaps0 ldaps "$P2" '	request="dc=example,dc=test"')" 'certificate verify failed'
expect_up ldaps_test_ca "$(ldap_cf ldaps1 ldaps "$P2" "	request=\"dc=example,dc=test\"
	tlscafile=$W/ca.pem")" 'entry "dc=example,dc=test"'
expect_up ldaps_verify_none "$(ldap_cf ldaps2 ldaps "$P2" '	request="dc=example,dc=test"
	tlsverify=none')"
expect_up ldaps_hostname_ip "$(ldap_cf ldaps3 ldaps "$P2" "	request=\"dc=example,dc=test\"
	tlsverify=hostname
	tlscafile=$W/ca.pem")"
expect_down ldaps_hostname_mismatch "$(ldap_cf ldaps4 ldaps "$P2" "	request=\"dc=example,dc=test\"
	virtualhost=ldap.example.org
	tlsverify=hostname
	tlscafile=$W/ca.pem")" 'hostname mismatch'
expect_down ldaps_on_plain_port "$(ldap_cf ldaps5 ldaps "$P" '	request="dc=example,dc=test"
	tlsverify=none')" 'TLS handshake'

# A stopped slapd accepts connections (the kernel does) but never answers: the check
# ends at its deadline (ldirectord needed an outer alarm for this, its issue #318).
kill -STOP "$SLAPD"
start=$SECONDS
expect_down ldap_stopped_server_times_out "$(ldap_cf stopped ldap "$P" '	request="dc=example,dc=test"')" 'timed out'
took=$((SECONDS - start))
kill -CONT "$SLAPD"
if [ $took -le 6 ]; then pass ldap_timeout_is_bounded; else fail ldap_timeout_is_bounded "took ${took}s with negotiatetimeout=3"; fi
expect_up ldap_after_continue "$(ldap_cf again ldap "$P" '	request="dc=example,dc=test"')"
