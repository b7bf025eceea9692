#!/bin/bash
# `heartbeatd cib`: the classic haresources forms become a CIB that Pacemaker's own checker
# accepts (crm_verify), and Pacemaker's scheduler (crm_simulate) places the groups as
# haresources meant: each group on its home node, both on the survivor when a node is lost,
# back home when it returns with auto_failback on, staying put with auto_failback off.
# What cannot be converted is reported with file:line and the exit code says so.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
HB=$ROOT/bin/heartbeatd
pass() { echo "PASS pcmk/$1"; }
fail() { echo "FAIL pcmk/$1: $2"; }
skip() { echo "SKIP pcmk/$1: $2"; }
if ! command -v crm_verify >/dev/null || ! command -v crm_simulate >/dev/null; then
  skip cib "needs crm_verify and crm_simulate (Debian's pacemaker-cli-utils)"; exit 0
fi
[ -x "$HB" ] || { skip cib "bin/heartbeatd not built"; exit 0; }
T=$(mktemp -d /tmp/pcmk-cib.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/ha.d/resource.d"
cat >"$T/ha.d/ha.cf" <<'EOF'
# a typical director pair
logfacility local0
keepalive 2
deadtime 30
warntime 10
initdead 120
udpport 694
bcast eth0
ucast eth1 10.1.1.2
auto_failback on
node lvs1
node lvs2
EOF
# Every classic form: a bare IP with /cidr/iface/broadcast, IPaddr2, several resources on
# one line, two lines with two home nodes, init scripts, script::arg1::arg2, a line
# continued with a backslash.
cat >"$T/ha.d/haresources" <<'EOF'
lvs1 192.168.85.3/24/eth0/192.168.85.255 IPaddr::192.168.85.5/24/eth0 directord::ldirectord.cf
lvs2 IPaddr2::192.168.86.3/24/eth0 \
     IPv6addr::2001:db8:86::3/64/eth0 Filesystem::/dev/sdb1::/srv/data::ext4 nginx MailTo::root@example.com::failover
EOF
printf 'virtual=192.168.85.3:80\n\treal=10.0.0.2:80 gate\n' >"$T/ha.d/ldirectord.cf"

"$HB" cib -c "$T/ha.d" >"$T/cib.xml" 2>"$T/cib.err"; rc=$?
[ "$rc" -eq 0 ] && pass cib_exit_0 || fail cib_exit_0 "exit $rc: $(head -c 400 "$T/cib.err")"
if crm_verify --xml-file "$T/cib.xml" >"$T/verify.out" 2>&1; then pass cib_crm_verify
else fail cib_crm_verify "$(head -c 600 "$T/verify.out")"; fi
has() { grep -qF -- "$2" "$T/cib.xml" && pass "$1" || fail "$1" "no '$2' in the CIB"; }
has cib_bare_ip_ipaddr2 'type="IPaddr2" description="'"$T"'/ha.d/haresources:1: 192.168.85.3/24/eth0/192.168.85.255"'
has cib_broadcast 'name="broadcast" value="192.168.85.255"'
has cib_ipv6 'name="ipv6addr" value="2001:db8:86::3"'
has cib_directord 'name="ldirectord" value="'"$ROOT"'/bin/directord"'
has cib_directord_config 'name="configfile" value="'"$T"'/ha.d/ldirectord.cf"'
has cib_filesystem_args 'name="directory" value="/srv/data"'
has cib_init_script '<primitive id="nginx" class="lsb" type="nginx"'
has cib_location_lvs1 'rsc="group_1" node="lvs1" score="100"'
has cib_location_lvs2 'rsc="group_2" node="lvs2" score="100"'
has cib_stickiness 'name="resource-stickiness" value="0"'
has cib_token_advice 'token: 30000'
grep -q "ha.cf:5: warning: warntime: no equivalent" "$T/cib.err" && pass cib_reports_warntime_line || fail cib_reports_warntime_line "$(cat "$T/cib.err")"
grep -q "ha.cf:2: warning: logfacility" "$T/cib.err" && pass cib_reports_logfacility_line || fail cib_reports_logfacility_line "$(cat "$T/cib.err")"

# The scheduler's placement. sim NAME IN OUT ARGS...: one crm_simulate step with quorum.
sim() {
  local name=$1 in=$2 out=$3; shift 3
  crm_simulate --xml-file "$in" --quorum true --simulate --save-output "$out" "$@" >"$T/$name.sim" 2>&1 ||
    fail "$name" "crm_simulate: $(tail -5 "$T/$name.sim")"
}
where() { CIB_file=$1 crm_resource --locate --resource "$2" 2>/dev/null | sed -n 's/.* is running on: //p'; }
expect_where() {  # NAME FILE GROUP NODE
  local got; got=$(where "$2" "$3")
  [ "$got" = "$4" ] && pass "$1" || fail "$1" "$3 on '$got', want $4 ($(grep -E 'Start|Move|Stop' "$T"/*.sim | tail -3))"
}
sim sim_up "$T/cib.xml" "$T/up.xml" --node-up lvs1 --node-up lvs2
expect_where sim_home_lvs1 "$T/up.xml" group_1 lvs1
expect_where sim_home_lvs2 "$T/up.xml" group_2 lvs2
sim sim_lvs1_lost "$T/up.xml" "$T/lost1.xml" --node-down lvs1
expect_where sim_lvs1_lost_group_1_moves "$T/lost1.xml" group_1 lvs2
expect_where sim_lvs1_lost_group_2_stays "$T/lost1.xml" group_2 lvs2
sim sim_lvs1_back "$T/lost1.xml" "$T/back1.xml" --node-up lvs1
expect_where sim_auto_failback_on_goes_home "$T/back1.xml" group_1 lvs1
sim sim_lvs2_lost "$T/up.xml" "$T/lost2.xml" --node-down lvs2
expect_where sim_lvs2_lost_group_2_moves "$T/lost2.xml" group_2 lvs1
# The group moves as a whole, in order: the IP before directord.
order=$(grep -nE 'start on lvs2' "$T/sim_lvs1_lost.sim" | grep -E 'IPaddr2_192.168.85.3|directord_ldirectord' | cut -d: -f1 | tr '\n' ' ')
ip_line=$(grep -n 'IPaddr2_192.168.85.3 start on lvs2' "$T/sim_lvs1_lost.sim" | cut -d: -f1)
ld_line=$(grep -n 'directord_ldirectord.cf start on lvs2' "$T/sim_lvs1_lost.sim" | cut -d: -f1)
[ -n "$ip_line" ] && [ -n "$ld_line" ] && [ "$ip_line" -lt "$ld_line" ] && pass sim_group_order \
  || fail sim_group_order "start lines: $order"

# auto_failback off: the group stays on the node that took it over.
sed -i 's/^auto_failback on/auto_failback off/' "$T/ha.d/ha.cf"
"$HB" cib -c "$T/ha.d" >"$T/off.xml" 2>/dev/null
grep -qF 'name="resource-stickiness" value="INFINITY"' "$T/off.xml" && pass cib_auto_failback_off || fail cib_auto_failback_off "no INFINITY stickiness"
sim sim_off_up "$T/off.xml" "$T/off-up.xml" --node-up lvs1 --node-up lvs2
sim sim_off_lost "$T/off-up.xml" "$T/off-lost.xml" --node-down lvs1
sim sim_off_back "$T/off-lost.xml" "$T/off-back.xml" --node-up lvs1
expect_where sim_auto_failback_off_stays "$T/off-back.xml" group_1 lvs2

# Not convertible: a resource.d script with arguments; reported with file:line, exit 1,
# the rest still converted and valid, a comment where it stood.
cat >"$T/ha.d/resource.d/mycheck" <<'EOF'
#!/bin/sh
exit 0
EOF
chmod +x "$T/ha.d/resource.d/mycheck"
echo "lvs2 10.9.9.9 mycheck::fast::quiet" >>"$T/ha.d/haresources"
"$HB" cib -c "$T/ha.d" >"$T/partial.xml" 2>"$T/partial.err"; rc=$?
[ "$rc" -eq 1 ] && pass cib_unconverted_exit_1 || fail cib_unconverted_exit_1 "exit $rc"
grep -q "haresources:4: mycheck::fast::quiet: not converted" "$T/partial.err" && pass cib_unconverted_reported \
  || fail cib_unconverted_reported "$(cat "$T/partial.err")"
grep -q "NOT CONVERTED (.*haresources:4): mycheck::fast::quiet" "$T/partial.xml" && pass cib_unconverted_comment \
  || fail cib_unconverted_comment "no comment in the CIB"
crm_verify --xml-file "$T/partial.xml" >"$T/verify2.out" 2>&1 && pass cib_partial_verifies || fail cib_partial_verifies "$(head -c 400 "$T/verify2.out")"

# A file that does not parse: exit 6 with the line, nothing on stdout.
echo "lvs3 10.9.9.10" >>"$T/ha.d/haresources"
"$HB" cib -c "$T/ha.d" >"$T/bad.xml" 2>"$T/bad.err"; rc=$?
[ "$rc" -eq 6 ] && [ ! -s "$T/bad.xml" ] && grep -q "haresources:5: .lvs3. is not a node" "$T/bad.err" && pass cib_bad_haresources \
  || fail cib_bad_haresources "exit $rc: $(head -c 300 "$T/bad.err")"
exit 0
