#!/bin/bash
# service=http and https against a real nginx started as this test's own process, with a
# private config and prefix in $W, certificates from a test CA made here.
source "$(dirname "$0")/lib.sh"
real_init http
need_cmd http nginx openssl

HP=$(free_port)      # http: a default server and a name-based virtual host
HS=$(free_port)      # https, certificate from the test CA (www.example.test, 127.0.0.1)
HSS=$(free_port)     # https, self-signed certificate
while [ "$HS" = "$HP" ]; do HS=$(free_port); done
while [ "$HSS" = "$HP" ] || [ "$HSS" = "$HS" ]; do HSS=$(free_port); done

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/ca.key" -out "$W/ca.pem" -days 2 \
    -subj "/CN=directord test CA" >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -keyout "$W/server.key" -out "$W/server.csr" -subj "/CN=www.example.test" >/dev/null 2>&1
printf 'subjectAltName=DNS:www.example.test,IP:127.0.0.1\n' >"$W/san.ext"
openssl x509 -req -in "$W/server.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial -days 2 \
    -extfile "$W/san.ext" -out "$W/server.pem" >/dev/null 2>&1
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/self.key" -out "$W/self.pem" -days 2 \
    -subj "/CN=self-signed.example.test" >/dev/null 2>&1
[ -s "$W/server.pem" ] && [ -s "$W/self.pem" ] || { fail http "cannot make the test certificates"; exit 1; }

mkdir -p "$W/logs" "$W/tmp"
# One process (master_process off), in the foreground; every path under $W so nothing
# of the nginx package (/var/lib/nginx, /var/log/nginx) is touched.
cat >"$W/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $W/nginx.pid;
error_log $W/logs/error.log;
events { worker_connections 64; }
http {
    access_log $W/logs/access.log;
    client_body_temp_path $W/tmp/body;
    proxy_temp_path $W/tmp/proxy;
    fastcgi_temp_path $W/tmp/fastcgi;
    default_type text/plain;
    server {
        listen 127.0.0.1:$HP default_server;
        server_name _;
        location = / { return 200 "default server\n"; }
        location = /ok { return 200 "the service is healthy\n"; }
        location = /error { return 500 "broken\n"; }
        location = /redirect { return 302 /moved; }
        location = /moved { return 200 "moved and healthy\n"; }
        location = /to-https { return 302 https://127.0.0.1:$HS/; }
    }
    server {
        listen 127.0.0.1:$HP;
        server_name www.example.test;
        location / { return 200 "virtual host www\n"; }
    }
    server {
        listen 127.0.0.1:$HS ssl;
        server_name www.example.test;
        ssl_certificate $W/server.pem;
        ssl_certificate_key $W/server.key;
        location / { return 200 "secure and healthy\n"; }
    }
    server {
        listen 127.0.0.1:$HSS ssl;
        ssl_certificate $W/self.pem;
        ssl_certificate_key $W/self.key;
        location / { return 200 "self-signed and healthy\n"; }
    }
}
EOF
# The modules of nginx-light may not know the uwsgi/scgi temp paths: only set them when known.
for m in uwsgi scgi; do
    if nginx -V 2>&1 | grep -q "http-${m}-temp-path"; then
        sed -i "s|^    fastcgi_temp_path .*|&\n    ${m}_temp_path $W/tmp/$m;|" "$W/nginx.conf"
    fi
done
if ! nginx -t -p "$W" -e "$W/logs/error.log" -c "$W/nginx.conf" >"$W/nginx-t.out" 2>&1; then
    fail http "nginx rejects the test config: $(tr '\n' ' ' <"$W/nginx-t.out")"
    exit 1
fi
start_bg nginx -p "$W" -e "$W/logs/error.log" -c "$W/nginx.conf"
if ! wait_port 127.0.0.1 "$HP" 10 || ! wait_port 127.0.0.1 "$HS" 5 || ! wait_port 127.0.0.1 "$HSS" 5; then
    fail http "nginx did not start: $(tail -n 3 "$W/logs/error.log" 2>/dev/null | tr '\n' ' ')"
    exit 1
fi

# web_cf NAME SERVICE PORT SECTION-LINES [GLOBAL-LINES]
web_cf() {
    check_cf "$1" "${5:-}
virtual=10.20.0.1:80
	real=127.0.0.1:$3 gate
	service=$2
$4"
}

expect_up http_get_receive "$(web_cf ok http "$HP" '	request="/ok"
	receive="healthy"')" "^up .*http://127\.0\.0\.1:$HP/ok.*200"
expect_down http_receive_mismatch "$(web_cf mismatch http "$HP" '	request="/ok"
	receive="sick"')" 'does not match receive'
expect_down http_404 "$(web_cf notfound http "$HP" '	request="/nothere"')" '404'
expect_down http_500 "$(web_cf error http "$HP" '	request="/error"')" '500'
expect_up http_head "$(web_cf head http "$HP" '	request="/ok"
	httpmethod=HEAD')" '200'
if grep -q '"HEAD /ok HTTP/1.1"' "$W/logs/access.log"; then pass http_head_sent_head; else fail http_head_sent_head "no HEAD /ok in the access log"; fi
# The Host header picks nginx's server block: the virtual host answers only with virtualhost=.
expect_up http_virtualhost "$(web_cf vhost http "$HP" '	request="/"
	receive="virtual host www"
	virtualhost=www.example.test')"
expect_down http_no_virtualhost_gets_default "$(web_cf novhost http "$HP" '	request="/"
	receive="virtual host www"')" 'does not match receive'
expect_up http_redirect_followed "$(web_cf redirect http "$HP" '	request="/redirect"
	receive="moved and healthy"')"
if grep -q '"GET /moved HTTP/1.1" 200' "$W/logs/access.log"; then pass http_redirect_reached_target; else fail http_redirect_reached_target "no GET /moved after the redirect"; fi
# An http check redirected to https: its TLS context is made on that first https use
# (with the virtual's TLS policy), not at start.
expect_up http_redirect_to_https "$(web_cf tohttps http "$HP" "	request=\"/to-https\"
	receive=\"secure and healthy\"
	tlscafile=$W/ca.pem")"
expect_down http_redirect_to_https_unknown_ca "$(web_cf tohttps0 http "$HP" '	request="/to-https"')" 'certificate verify failed'
expect_down http_nothing_listening "$(web_cf closed http "$(free_port)" '	request="/ok"')" 'connect'

# https, default policy (as ldirectord with a current LWP): the chain against the system
# store, which does not know the test CA.
expect_down https_unknown_ca "$(web_cf ca0 https "$HS" '	request="/"')" 'certificate verify failed'
expect_up https_test_ca "$(web_cf ca1 https "$HS" "	request=\"/\"
	receive=\"secure\"
	tlscafile=$W/ca.pem")" '200'
expect_up https_hostname_matches "$(web_cf host1 https "$HS" "	request=\"/\"
	virtualhost=www.example.test
	tlsverify=hostname
	tlscafile=$W/ca.pem")"
expect_down https_hostname_mismatch "$(web_cf host2 https "$HS" "	request=\"/\"
	virtualhost=other.example.test
	tlsverify=hostname
	tlscafile=$W/ca.pem")" 'hostname mismatch'
# Without tlsverify=hostname the name is not checked (ldirectord's verify_hostname => 0).
expect_up https_chain_ignores_the_name "$(web_cf host3 https "$HS" "	request=\"/\"
	virtualhost=other.example.test
	tlscafile=$W/ca.pem")"
expect_down https_self_signed_default "$(web_cf self0 https "$HSS" '	request="/"')" 'certificate verify failed'
expect_up https_self_signed_verify_none "$(web_cf self1 https "$HSS" '	request="/"
	receive="self-signed"
	tlsverify=none')"
# Global value, and a virtual overriding it.
expect_up https_global_verify_none "$(web_cf self2 https "$HSS" '	request="/"' 'tlsverify=none')"
expect_down https_virtual_overrides_global "$(web_cf self3 https "$HSS" '	request="/"
	tlsverify=chain' 'tlsverify=none')" 'certificate verify failed'
expect_down https_missing_ca_file "$(web_cf cafile https "$HS" "	request=\"/\"
	tlscafile=$W/no-such-ca.pem")" 'cannot read CA file .*No such file'

# directord -t shows the extension keys; a bad value is a config error with its line.
cf=$(web_cf shown https "$HS" "	request=\"/\"
	tlscafile=$W/ca.pem" 'tlsverify=hostname')
if "$DIRECTORD" -t "$cf" 2>&1 | grep -q "tlscafile = \"$W/ca.pem\"" && "$DIRECTORD" -t "$cf" 2>&1 | grep -q 'tlsverify = hostname'; then
    pass http_tls_keys_in_config_test
else
    fail http_tls_keys_in_config_test "$("$DIRECTORD" -t "$cf" 2>&1 | grep tls | tr '\n' '|')"
fi
cf=$(web_cf badkey https "$HS" '	request="/"
	tlsverify=maybe')
dcheck "$cf"
if [ $RC -eq 2 ] && grep -q 'badkey.cf:10: tlsverify must be chain, none or hostname' <<<"$OUT"; then
    pass http_bad_tlsverify_is_a_config_error
else
    fail http_bad_tlsverify_is_a_config_error "status $RC: $(tr '\n' '|' <<<"$OUT")"
fi
