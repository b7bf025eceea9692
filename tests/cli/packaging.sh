#!/bin/bash
# Packaging without root: `make install DESTDIR=` twice over a tree holding other packages'
# files (left untouched), `make uninstall` (removes exactly what install put), the systemd
# units (systemd-analyze verify) and the logrotate files (logrotate -d, and every log file
# the samples name is rotated).
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
T=$(mktemp -d /tmp/pkg-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS cli/$1"; }
fail() { echo "FAIL cli/$1: $2"; }
skip() { echo "SKIP cli/$1: $2"; }

# --- install / uninstall over foreign files -------------------------------------------
if [ ! -x bin/heartbeatd ] || [ ! -x bin/directord ] || [ ! -x bin/send_unsolicited_na ]; then
    skip install "bin/ not built"
else
    R=$T/root
    # What heartbeat 3.0.6 and ldirectord put where we could collide, plus an admin's files.
    foreign=(etc/ha.d/resource.d/IPaddr etc/ha.d/resource.d/IPaddr2 etc/ha.d/resource.d/IPv6addr
             etc/ha.d/ha.cf etc/ha.d/ldirectord.cf etc/default/directord usr/bin/cl_status
             etc/logrotate.d/heartbeat usr/share/man/man8/directord.8 etc/init.d/heartbeat)
    for f in "${foreign[@]}"; do mkdir -p "$R/$(dirname "$f")"; echo "foreign $f" >"$R/$f"; done
    ln -s /usr/sbin/ldirectord "$R/etc/ha.d/resource.d/ldirectord"
    foreign+=(etc/ha.d/resource.d/ldirectord)
    snapshot_foreign() { for f in "${foreign[@]}"; do printf '%s: ' "$f"; if [ -L "$R/$f" ]; then readlink "$R/$f"; else cat "$R/$f"; fi; done; }
    before=$(snapshot_foreign)
    make -s install DESTDIR="$R" PREFIX=/usr >"$T/install1" 2>&1; rc1=$?
    make -s install DESTDIR="$R" PREFIX=/usr >"$T/install2" 2>&1; rc2=$?
    [ $rc1 = 0 ] && [ $rc2 = 0 ] && pass install-twice || fail install-twice "exit $rc1/$rc2: $(tail -n 3 "$T/install1" "$T/install2")"
    [ "$(snapshot_foreign)" = "$before" ] && pass install-foreign-untouched || fail install-foreign-untouched "$(diff <(echo "$before") <(snapshot_foreign) | head -5)"
    grep -q 'etc/ha.d/resource.d/ldirectord exists: left alone' "$T/install1" && pass install-says-left-alone \
        || fail install-says-left-alone "$(cat "$T/install1" | head -5)"
    grep -q '/usr/share/man/man8/directord.8 exists and is not ours' "$T/install2" && pass install-foreign-man-said-again \
        || fail install-foreign-man-said-again "$(head -5 "$T/install2")"
    ok=1
    for f in usr/sbin/heartbeatd usr/sbin/directord usr/lib/heartbeatd/send_unsolicited_na \
             usr/lib/heartbeatd/resource.d/IPaddr2 usr/lib/heartbeatd/resource.d/IPv6addr etc/init.d/heartbeatd \
             etc/init.d/directord etc/default/heartbeatd lib/systemd/system/heartbeatd.service \
             lib/systemd/system/directord.service etc/logrotate.d/heartbeatd etc/logrotate.d/directord \
             usr/share/doc/ha-director/examples/ldirectord.cf; do
        [ -e "$R/$f" ] || { ok=0; fail install-puts-ours "missing $f"; }
    done
    [ "$(readlink "$R/usr/lib/heartbeatd/resource.d/ldirectord")" = /usr/sbin/directord ] || { ok=0; fail install-puts-ours "no resource.d/ldirectord link in our directory"; }
    # Our cl_status (a wrapper) in sbin; heartbeat's /usr/bin/cl_status stays theirs (foreign above).
    cmp -s contrib/cl_status "$R/usr/sbin/cl_status" || { ok=0; fail install-puts-ours "no cl_status wrapper in /usr/sbin"; }
    [ $ok = 1 ] && pass install-puts-ours
    # A config file of ours the admin edited survives uninstall; the rest of ours goes.
    echo "HEARTBEATD_OPTS=-l" >>"$R/etc/default/heartbeatd"
    make -s uninstall DESTDIR="$R" PREFIX=/usr >"$T/uninstall" 2>&1 && pass uninstall || fail uninstall "$(tail -3 "$T/uninstall")"
    grep -q 'etc/default/heartbeatd was changed since install: left alone' "$T/uninstall" && pass uninstall-keeps-edited-config \
        || fail uninstall-keeps-edited-config "$(cat "$T/uninstall")"
    rm -f "$R/etc/default/heartbeatd"
    left=$(cd "$R" && find . ! -type d | sed 's|^\./||' | sort)
    want=$(printf '%s\n' "${foreign[@]}" | sort)
    [ "$left" = "$want" ] && pass uninstall-leaves-only-foreign || fail uninstall-leaves-only-foreign "$(diff <(echo "$want") <(echo "$left") | head -8)"
    extra_dirs=$(cd "$R" && find . -mindepth 1 -type d -empty | head -3)
    [ -z "$extra_dirs" ] && pass uninstall-removes-its-dirs || fail uninstall-removes-its-dirs "empty dirs left: $extra_dirs"
    [ "$(snapshot_foreign)" = "$before" ] && pass uninstall-foreign-untouched || fail uninstall-foreign-untouched "changed"
    # On an empty root: ldirectord link, sample config and cl_status are made, and all go again.
    E=$T/empty
    make -s install DESTDIR="$E" PREFIX=/usr >/dev/null 2>&1
    [ "$(readlink "$E/etc/ha.d/resource.d/ldirectord")" = /usr/sbin/directord ] && [ -x "$E/usr/sbin/cl_status" ] \
        && [ -f "$E/etc/ha.d/ldirectord.cf" ] && pass install-empty-root || fail install-empty-root "$(cd "$E" && find . -name 'ldirectord*' -o -name cl_status)"
    make -s uninstall DESTDIR="$E" PREFIX=/usr >/dev/null 2>&1
    [ -z "$(ls -A "$E" 2>/dev/null)" ] && pass uninstall-empty-root || fail uninstall-empty-root "left: $(cd "$E" && find . | head -5)"
fi

# --- cl_status: heartbeatd's, or heartbeat's own while heartbeat is the daemon running -------
C=$T/clst
mkdir -p "$C/sbin" "$C/varlib"
cp contrib/cl_status "$C/sbin/cl_status"
printf '#!/bin/sh\necho "ours $*"\n' >"$C/sbin/heartbeatd"
printf '#!/bin/sh\necho "theirs $*"\n' >"$C/theirs"
chmod 755 "$C/sbin/heartbeatd" "$C/theirs"
clst() { HA_VARLIB="$C/varlib" HEARTBEAT_CL_STATUS="$1" "$C/sbin/cl_status" hbstatus; }
[ "$(clst "$C/theirs")" = "theirs hbstatus" ] && pass cl_status-heartbeat-running-answers-theirs \
    || fail cl_status-heartbeat-running-answers-theirs "$(clst "$C/theirs")"
[ "$(clst "$C/none")" = "ours cl_status hbstatus" ] && pass cl_status-alone-answers-ours || fail cl_status-alone-answers-ours "$(clst "$C/none")"
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$C/varlib/heartbeatd.sock"
[ "$(clst "$C/theirs")" = "ours cl_status hbstatus" ] && pass cl_status-heartbeatd-running-answers-ours \
    || fail cl_status-heartbeatd-running-answers-ours "$(clst "$C/theirs")"

# --- systemd units -----------------------------------------------------------------------
if ! command -v systemd-analyze >/dev/null; then
    skip units-verify "no systemd-analyze (apt-get install systemd)"
else
    # A root of its own: the host's units, and our programs where the units name them.
    V=$T/verify
    mkdir -p "$V/usr/sbin" "$V/lib/systemd" "$V/bin"
    cp -a /lib/systemd/system "$V/lib/systemd/"
    cp bin/heartbeatd bin/directord "$V/usr/sbin/" 2>/dev/null || { cp /bin/true "$V/usr/sbin/heartbeatd"; cp /bin/true "$V/usr/sbin/directord"; }
    cp /bin/sh "$V/bin/sh"
    # Units ours name in Conflicts= (heartbeat's, ldirectord's) are loaded too: when their
    # packages are installed here, their own quirks (ldirectord's KillMode=none) are not ours
    # to judge, so they become plain stand-ins.
    for f in heartbeat.service ldirectord.service; do
        [ -e "$V/lib/systemd/system/$f" ] && rm -f "$V/lib/systemd/system/$f" && printf '[Unit]\nDescription=stand-in for %s\n[Service]\nExecStart=/bin/sh -c true\n' "$f" \
            >"$V/lib/systemd/system/$f"
    done
    for u in heartbeatd directord; do
        cp "contrib/systemd/$u.service" "$V/lib/systemd/system/"
        out=$(systemd-analyze verify --man=no --root="$V" "$V/lib/systemd/system/$u.service" 2>&1); rc=$?
        [ $rc = 0 ] && [ -z "$out" ] && pass "unit-verify-$u" || fail "unit-verify-$u" "exit $rc: $out"
        grep -qx 'Type=notify' "contrib/systemd/$u.service" && grep -qx 'Restart=on-failure' "contrib/systemd/$u.service" \
            && grep -qx "EnvironmentFile=-/etc/default/$u" "contrib/systemd/$u.service" \
            && pass "unit-contract-$u" || fail "unit-contract-$u" "Type=notify, Restart=on-failure, EnvironmentFile=-/etc/default/$u expected"
    done
    mkdir -p "$V/etc/init.d"
    cp etc/init.d/lvs-realserver "$V/etc/init.d/"
    cp contrib/systemd/lvs-realserver.service "$V/lib/systemd/system/"
    out=$(systemd-analyze verify --man=no --root="$V" "$V/lib/systemd/system/lvs-realserver.service" 2>&1); rc=$?
    [ $rc = 0 ] && [ -z "$out" ] && pass unit-verify-lvs-realserver || fail unit-verify-lvs-realserver "exit $rc: $out"
    # The check is real: a broken unit fails it.
    sed 's|^ExecStart=/usr/sbin/directord|ExecStart=/usr/sbin/no-such-directord|' contrib/systemd/directord.service >"$V/lib/systemd/system/broken.service"
    out=$(systemd-analyze verify --man=no --root="$V" "$V/lib/systemd/system/broken.service" 2>&1); rc=$?
    [ $rc != 0 ] && [ -n "$out" ] && pass unit-verify-catches-errors || fail unit-verify-catches-errors "a missing program passed: exit $rc"
fi

# --- logrotate ---------------------------------------------------------------------------
if ! command -v logrotate >/dev/null; then
    skip logrotate "no logrotate (apt-get install logrotate)"
else
    for f in etc/logrotate.d/*; do
        n=$(basename "$f")
        # (-d always warns that it is a dry run: that line is not a finding)
        out=$(logrotate -d -s "$T/lr.state" "$f" 2>&1 | grep -v 'in debug mode does nothing'); rc=${PIPESTATUS[0]}
        if [ $rc = 0 ] && ! grep -qiE '^error|warning' <<<"$out"; then pass "logrotate-$n"; else fail "logrotate-$n" "exit $rc: $(grep -iE 'error|warning' <<<"$out" | head -3)"; fi
    done
    # Every log file a sample names is rotated by one of ours.
    names=$( { sed -n 's/^[[:space:]]*logfile="\{0,1\}\(\/[^"]*\)"\{0,1\}[[:space:]]*$/\1/p' etc/ha.d/ldirectord.cf 2>/dev/null
               sed -n 's/^[[:space:]]*\(logfile\|debugfile\)[[:space:]]\{1,\}\(\/[^[:space:]]*\).*/\2/p' etc/ha.d/ha.cf 2>/dev/null; } | sort -u)
    for l in $names; do
        out=$(logrotate -d -s "$T/lr.state" etc/logrotate.d/* 2>&1)
        grep -q "considering log $l\$" <<<"$out" && pass "logrotate-covers-$(basename "$l")" || fail "logrotate-covers-$(basename "$l")" "no etc/logrotate.d file rotates $l (named in a sample)"
    done
    [ -n "$names" ] || fail logrotate-samples "no logfile found in etc/ha.d samples"
    # A real rotation in a scratch directory: the file moves aside, the daemon's next line
    # makes a new one (files are opened per line).
    mkdir -p "$T/lr"
    echo old >"$T/lr/x.log"
    sed "1,/{/s|^/var/log/directord.log {|$T/lr/x.log {|" etc/logrotate.d/directord >"$T/lr.conf"
    logrotate -f -s "$T/lr.state2" "$T/lr.conf" 2>"$T/lr.err"
    [ -f "$T/lr/x.log.1" ] && [ ! -e "$T/lr/x.log" ] && pass logrotate-rotates || fail logrotate-rotates "$(ls "$T/lr") $(cat "$T/lr.err")"
fi
exit 0
