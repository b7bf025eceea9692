#!/bin/bash
# The commented samples in etc/ha.d are accepted as they are installed: `heartbeatd -t` on
# ha.cf + haresources + authkeys (as node lb1 and as lb2, with the interfaces they name
# made as a veth pair in a private network namespace), `directord -t` on ldirectord.cf; and
# `make install` puts man pages and samples where they belong, authkeys mode 0600.
set -u
cd "$(dirname "$0")/../.."
REPO=$PWD
T=$(mktemp -d /tmp/samples-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS cli/samples_$1"; }
fail() { echo "FAIL cli/samples_$1: $2"; }

# A configuration dir as an admin makes it from the samples: authkeys chmod 600 (git keeps
# no such mode), the shipped resource scripts, and this machine named by nodeinfo.
mkdir -p "$T/ha.d/resource.d"
cp etc/ha.d/ha.cf etc/ha.d/haresources etc/ha.d/authkeys "$T/ha.d/"
chmod 600 "$T/ha.d/authkeys"
for f in resource.d/*; do ln -s "$REPO/$f" "$T/ha.d/resource.d/"; done

# heartbeatd -t with eth0 and eth1 present: a veth pair in a namespace of our own, when we may.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && unshare -n true 2>/dev/null; then
  run_t() {
    unshare -n sh -c 'ip link add eth0 type veth peer name eth1 && exec "$@"' t \
      "$REPO/bin/heartbeatd" -t -c "$T/ha.d"
  }
  how="in a namespace with eth0 and eth1 (a veth pair)"
else
  # Without root: the interfaces the samples name become lo in the copy.
  sed -i -E 's/\beth[01]\b/lo/g' "$T/ha.d/ha.cf" "$T/ha.d/haresources"
  run_t() { "$REPO/bin/heartbeatd" -t -c "$T/ha.d"; }
  how="(not root: eth0/eth1 replaced by lo)"
fi
for node in lb1 lb2; do
  echo "$node" >"$T/ha.d/nodeinfo"
  run_t >"$T/out" 2>"$T/err"; rc=$?
  if [ "$rc" -eq 0 ] && [ ! -s "$T/err" ] && grep -q "configuration OK: .*haresources: 1 group(s), 2 resource(s); local node $node" "$T/out"; then
    pass "heartbeatd_t_as_$node"
  else
    fail "heartbeatd_t_as_$node" "$how: exit $rc; $(head -c 400 "$T/err") $(head -c 200 "$T/out")"
  fi
done
echo "$how" | grep -q namespace || echo "SKIP cli/samples_real_interfaces: $how"

# The same check fails as it should: authkeys left 0644, and a script that is not there.
chmod 644 "$T/ha.d/authkeys"
run_t >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" -eq 6 ] && grep -q 'authkeys.*chmod 600' "$T/err" && pass heartbeatd_t_refuses_0644_authkeys \
  || fail heartbeatd_t_refuses_0644_authkeys "exit $rc; $(head -c 300 "$T/err")"
chmod 600 "$T/ha.d/authkeys"
rm "$T/ha.d/resource.d/directord"
run_t >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" -eq 6 ] && grep -q "haresources:[0-9]*: directord::ldirectord.cf: no script 'directord'" "$T/err" \
  && pass heartbeatd_t_names_missing_script || fail heartbeatd_t_names_missing_script "exit $rc; $(head -c 300 "$T/err")"

# The sample authkeys must say how to make a real key and hold a placeholder nobody keeps.
grep -q 'openssl rand' etc/ha.d/authkeys && grep -qE '^1 sha1 REPLACE' etc/ha.d/authkeys \
  && pass authkeys_placeholder || fail authkeys_placeholder "no generation hint or no placeholder key"

# ldirectord.cf: accepted without a warning, and it shows real checks (no checktype=on).
bin/directord -t etc/ha.d/ldirectord.cf >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$T/err" ] && pass directord_t || fail directord_t "exit $rc; $(head -c 400 "$T/err")"
checks=$(grep -cE '^    checktype = (negotiate|connect)$' "$T/out")
grep -qE '^\s*checktype=on' etc/ha.d/ldirectord.cf && fail ldirectord_cf_real_checks "checktype=on in the sample" \
  || { [ "$checks" -ge 3 ] && grep -q '^    service = http$' "$T/out" && grep -q 'request "/status/ready" receive "ready"' "$T/out" \
       && grep -q '^    fallback = 127.0.0.1:80 gate$' "$T/out" && grep -q '^    quiescent = no$' "$T/out" \
       && pass ldirectord_cf_real_checks || fail ldirectord_cf_real_checks "$checks negotiate/connect virtuals; $(head -c 300 "$T/out")"; }

# make install into a throwaway root.
if make -s install DESTDIR="$T/root" PREFIX=/usr >"$T/out" 2>"$T/err"; then
  ex=$T/root/usr/share/doc/ha-director/examples
  missing=""
  for f in "$ex/ha.cf" "$ex/haresources" "$ex/ldirectord.cf" "$ex/authkeys"; do [ -f "$f" ] || missing+=" $f"; done
  for p in doc/*.[158]; do b=$(basename "$p"); [ -f "$T/root/usr/share/man/man${b##*.}/$b" ] || missing+=" man${b##*.}/$b"; done
  [ -z "$missing" ] && pass install_doc_files || fail install_doc_files "missing:$missing"
  [ "$(stat -c %a "$ex/authkeys" 2>/dev/null)" = 600 ] && pass install_doc_authkeys_0600 \
    || fail install_doc_authkeys_0600 "mode $(stat -c %a "$ex/authkeys" 2>/dev/null)"
  cmp -s etc/ha.d/ha.cf "$ex/ha.cf" && pass install_doc_same_sample || fail install_doc_same_sample "ha.cf differs"
else
  fail install_doc "$(head -c 400 "$T/err")"
fi
