#!/bin/bash
# The Debian package in a throwaway Debian 12 root (`make check-pkg`): install, start and stop
# both daemons through their init scripts, purge; then the root must hold exactly what it
# held before (no file, link, rc link or unit link left behind). Then beside heartbeat and
# ldirectord: no file in common, and ours installed but left disabled.
# Needs root, debootstrap and a built package (`make deb` puts ../ha-director_*.deb; or
# DEB=path). The base root is made once with debootstrap (~2 min from the apt mirror) and
# kept in build-pkg/ (outside build/: make reads every *.d under build/); each run works on
# a copy of it: about 1 minute.
set -u
cd "$(dirname "$0")/../.."
skip() { echo "SKIP pkg/$1: $2"; exit 0; }
pass() { echo "PASS pkg/$1"; }
fail() { echo "FAIL pkg/$1: $2"; FAILED=1; }
FAILED=0
[ "$(id -u)" = 0 ] || skip all "needs root"
command -v debootstrap >/dev/null || skip all "no debootstrap (apt-get install debootstrap)"
command -v unshare >/dev/null || skip all "no unshare"
DEB=${DEB:-$(ls -t ../ha-director_*_*.deb 2>/dev/null | head -1)}
[ -n "$DEB" ] && [ -f "$DEB" ] || skip all "no package built (make deb)"
MIRROR=${MIRROR:-$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
BASE=$PWD/build-pkg/base
if [ ! -x "$BASE/bin/sh" ]; then
    rm -rf "$BASE.new"; mkdir -p build-pkg
    echo "pkg: debootstrap bookworm (minbase) into $BASE from $MIRROR"
    debootstrap --variant=minbase bookworm "$BASE.new" "$MIRROR" >build-pkg/debootstrap.log 2>&1 \
        || skip all "debootstrap failed (no mirror reachable?): $(tail -1 build-pkg/debootstrap.log)"
    mv "$BASE.new" "$BASE"
fi
C=$(mktemp -d /tmp/pkg-root.XXXXXX)
trap 'rm -rf "$C"' EXIT
cp -a "$BASE/." "$C/"
cp "$DEB" "$C/tmp/ha-director.deb"
# No daemon starts by itself during installs (the chroot convention); the test starts them.
printf '#!/bin/sh\nexit 101\n' >"$C/usr/sbin/policy-rc.d"; chmod 755 "$C/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$C/etc/resolv.conf" 2>/dev/null
# in_root [-n] CMD: runs CMD in the root, in private mount and pid namespaces (every process
# dies with it), with /proc and /dev; -n: in a network namespace of its own too.
in_root() {
    local net=() netns=""
    [ "$1" = -n ] && { net=(-n -u); netns=1; shift; }
    NETNS=$netns unshare -m -p -f "${net[@]}" --propagation private -- /bin/sh -c '
        C=$1; shift
        mount -t proc proc "$C/proc" && mount --rbind /dev "$C/dev" || exit 99
        [ -n "$NETNS" ] && { hostname nodea; ip link set lo up 2>/dev/null; }
        exec chroot "$C" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root /bin/sh -c "$*"
    ' in_root "$C" "$@"
}
t0=$(date +%s)
# 1. The dependencies, through apt (host network), then the package is purged once: the
#    snapshot is taken with its dependencies in and itself out.
if in_root "apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get -y -qq install /tmp/ha-director.deb" >"$C.log" 2>&1; then
    pass install-with-apt
else
    fail install-with-apt "$(tail -5 "$C.log")"; exit 1
fi
in_root "dpkg --purge ha-director" >>"$C.log" 2>&1 && pass first-purge || fail first-purge "$(tail -3 "$C.log")"
snapshot() {   # every path but the volatile ones, with a checksum for files
    (cd "$C" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./tmp -o -path ./var/cache -o -path ./var/log \
        -o -path ./var/lib/apt -o -path ./var/lib/dpkg \) -prune -o -printf '%y %p %l\n' | sort)
    (cd "$C" && find ./etc -type f -exec md5sum {} + | sort -k2)
}
snapshot >"$C.before"
# 2. dpkg -i, with a configuration for each daemon (the admin's files: removed by the test).
in_root "dpkg -i /tmp/ha-director.deb" >"$C.log" 2>&1 && pass dpkg-install || fail dpkg-install "$(tail -5 "$C.log")"
grep -q "left disabled" "$C.log" && fail postinst-enables "said heartbeat/ldirectord installed" || pass postinst-enables
[ -L "$C/etc/systemd/system/multi-user.target.wants/heartbeatd.service" ] && pass unit-enabled || fail unit-enabled "$(ls "$C/etc/systemd/system/multi-user.target.wants" 2>&1)"
ls "$C"/etc/rc2.d/S*heartbeatd >/dev/null 2>&1 && pass rc-links || fail rc-links "no /etc/rc2.d/S..heartbeatd"
for f in usr/sbin/heartbeatd usr/sbin/directord usr/lib/heartbeatd/resource.d/IPaddr2 etc/default/heartbeatd etc/logrotate.d/directord \
         lib/systemd/system/directord.service usr/share/doc/ha-director/examples/ldirectord.cf; do
    [ -e "$C/$f" ] || fail package-files "missing /$f"
done
# Stripped, debug symbols in the -dbgsym package.
secs=$(readelf -S "$C/usr/sbin/directord" 2>&1)
grep -q '\.text' <<<"$secs" && ! grep -qE '\.symtab|\.debug_info' <<<"$secs" && pass stripped || fail stripped "$(grep -E 'symtab|debug' <<<"$secs" | head -3)"
mkdir -p "$C/etc/ha.d"
cat >"$C/etc/ha.d/ha.cf" <<CF
logfile /var/log/heartbeatd.log
keepalive 1
deadtime 5
initdead 10
ucast lo 127.0.0.1
node nodea
realtime off
CF
printf 'auth 1\n1 sha1 pkgtest\n' >"$C/etc/ha.d/authkeys"; chmod 600 "$C/etc/ha.d/authkeys"
: >"$C/etc/ha.d/haresources"
printf 'logfile="/var/log/directord.log"\ncheckinterval=1\nvirtual=10.11.0.1:80\n\treal=10.11.0.2:80 gate\n\tchecktype=on\n' >"$C/etc/ha.d/ldirectord.cf"
sed -i 's/^DIRECTORD_OPTS=.*/DIRECTORD_OPTS="--dry-run"/' "$C/etc/default/directord"   # no IPVS needed
out=$(in_root -n '
    for s in heartbeatd directord; do
        /etc/init.d/$s start >/dev/null 2>&1; echo "start-$s $?"
        /etc/init.d/$s status >/dev/null 2>&1; echo "status-running-$s $?"
        /etc/init.d/$s reload >/dev/null 2>&1; echo "reload-$s $?"
        /etc/init.d/$s stop >/dev/null 2>&1; echo "stop-$s $?"
        /etc/init.d/$s status >/dev/null 2>&1; echo "status-stopped-$s $?"
        /etc/init.d/$s reload >/dev/null 2>&1; echo "reload-stopped-$s $?"
    done
    ls /run/heartbeat.pid /run/ldirectord.ldirectord.cf.pid 2>/dev/null | sed "s/^/left /"
' 2>&1)
for want in start-heartbeatd:0 status-running-heartbeatd:0 reload-heartbeatd:0 stop-heartbeatd:0 status-stopped-heartbeatd:3 reload-stopped-heartbeatd:7 \
            start-directord:0 status-running-directord:0 reload-directord:0 stop-directord:0 status-stopped-directord:3 reload-stopped-directord:7; do
    name=${want%%:*} code=${want#*:}
    grep -qx "$name $code" <<<"$out" && pass "$name" || fail "$name" "want $code: $(grep "^$name " <<<"$out") $(tail -3 "$C/var/log/heartbeatd.log" "$C/var/log/directord.log" 2>/dev/null)"
done
grep -q '^left ' <<<"$out" && fail pidfiles-removed "$(grep '^left' <<<"$out")" || pass pidfiles-removed
grep -q 'Heartbeat shutdown complete\|shutdown' "$C/var/log/heartbeatd.log" 2>/dev/null && pass heartbeatd-logged || fail heartbeatd-logged "$(tail -3 "$C/var/log/heartbeatd.log" 2>&1)"
rm -f "$C/etc/ha.d/ha.cf" "$C/etc/ha.d/authkeys" "$C/etc/ha.d/haresources" "$C/etc/ha.d/ldirectord.cf"
rmdir "$C/etc/ha.d" 2>/dev/null
# 3. Purge: nothing of ours is left.
in_root "dpkg --purge ha-director" >"$C.log" 2>&1 && pass purge || fail purge "$(tail -3 "$C.log")"
snapshot >"$C.after"
if diff "$C.before" "$C.after" >"$C.diff"; then pass nothing-left-behind; else fail nothing-left-behind "$(head -10 "$C.diff")"; fi
ls "$C"/var/log/heartbeatd.log* "$C"/var/log/directord.log* >/dev/null 2>&1 && fail purge-removes-logs "$(ls "$C"/var/log)" || pass purge-removes-logs
echo "pkg: $(( $(date +%s) - t0 )) s after the base root"
# 4. Beside heartbeat and ldirectord: no file in common with theirs (their real file lists:
#    heartbeat's from the host's dpkg when installed, ldirectord's from its .deb), and with
#    (stand-in) packages of those names installed, ours is installed but left disabled.
ours=$(dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\.||' | sort)
if dpkg-query -W -f='${db:Status-Status}' heartbeat 2>/dev/null | grep -qx installed; then
    # Only the man pages the preinst diverts may share a name with heartbeat's.
    diverted='^/usr/share/man/man[15]/(ha\.cf\.5|authkeys\.5|cl_status\.1|hb_standby\.1|hb_takeover\.1)\.gz$'
    common=$(comm -12 <(echo "$ours") <(dpkg -L heartbeat | sort) | grep -Ev "$diverted" || true)
    [ -z "$common" ] && pass no-file-of-heartbeat || fail no-file-of-heartbeat "$common"
else
    echo "SKIP pkg/no-file-of-heartbeat: heartbeat not installed on this host"
fi
if (cd "$C" && apt-get download -qq ldirectord >/dev/null 2>&1) && ls "$C"/ldirectord_*.deb >/dev/null 2>&1; then
    common=$(comm -12 <(echo "$ours") <(dpkg-deb -c "$C"/ldirectord_*.deb | awk '$1 !~ /^d/ {print $6}' | sed 's|^\.||' | sort))
    [ -z "$common" ] && pass no-file-of-ldirectord || fail no-file-of-ldirectord "$common"
    rm -f "$C"/ldirectord_*.deb
else
    echo "SKIP pkg/no-file-of-ldirectord: cannot download ldirectord's package"
fi
for n in heartbeat ldirectord; do
    mkdir -p "$C/tmp/$n/DEBIAN"
    printf 'Package: %s\nVersion: 0test\nArchitecture: all\nMaintainer: test <test@example.org>\nDescription: stand-in for the test\n' "$n" >"$C/tmp/$n/DEBIAN/control"
    dpkg-deb -b "$C/tmp/$n" "$C/tmp/$n.deb" >/dev/null
done
in_root "dpkg -i /tmp/heartbeat.deb /tmp/ldirectord.deb && dpkg -i /tmp/ha-director.deb" >"$C.log" 2>&1 && pass install-beside || fail install-beside "$(tail -3 "$C.log")"
n=$(in_root "dpkg-divert --list ha-director" 2>/dev/null | grep -c 'heartbeat\.[15]\.gz by ha-director')
[ "$n" = 5 ] && pass man-pages-diverted || fail man-pages-diverted "$n diversions: $(in_root 'dpkg-divert --list' 2>&1 | head -3)"
grep -q "heartbeat is installed: heartbeatd is left disabled" "$C.log" && grep -q "ldirectord is installed: directord is left disabled" "$C.log" \
    && pass beside-left-disabled || fail beside-left-disabled "$(grep ha-director "$C.log")"
ls "$C"/etc/systemd/system/multi-user.target.wants/heartbeatd.service "$C"/etc/rc2.d/S*heartbeatd >/dev/null 2>&1 \
    && fail beside-not-enabled "enabled beside heartbeat" || pass beside-not-enabled
in_root "dpkg --purge ha-director heartbeat ldirectord" >"$C.log" 2>&1 && pass beside-purge || fail beside-purge "$(tail -3 "$C.log")"
n=$(in_root "dpkg-divert --list" 2>/dev/null | grep -c 'by ha-director')
[ "$n" = 0 ] && pass diversions-removed || fail diversions-removed "$n left"
snapshot >"$C.after"
if diff "$C.before" "$C.after" >"$C.diff"; then pass beside-nothing-left-behind; else fail beside-nothing-left-behind "$(head -10 "$C.diff")"; fi
echo "pkg: $(( $(date +%s) - t0 )) s after the base root (all)"
rm -f "$C.log" "$C.before" "$C.after" "$C.diff"
exit $FAILED
