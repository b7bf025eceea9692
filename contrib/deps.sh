#!/bin/sh
# Installs, with apt-get, what building and testing the suite need on Debian 12.
# --if-missing: do nothing when every package is already installed.
set -e
# build: compiler, Boost, libnl, OpenSSL, PCRE2. tests: ipvsadm and qemu + busybox + cpio (real IPVS
# kernel in a VM), socat/nftables/tcpdump/arping (heartbeatd in namespaces), Debian's
# heartbeat 3.0.6 (the mixed-pair tests), nginx (check farm benchmark); real servers for the
# checks (MariaDB, PostgreSQL, dnsmasq, slapd, freeradius, lighttpd, vsftpd, Dovecot for
# pop/imap, aiosmtpd for smtp) and the database client libraries' headers; clang with its
# runtime libraries (libFuzzer, ASan, UBSan) and llvm (llvm-symbolizer) for tests/fuzz;
# groff, man-db and col (bsdextrautils) to check the man pages (tests/cli/man.sh).
# logrotate (its files are checked) and debhelper, lintian, debootstrap for `make deb` and
# `make check-pkg`.
# Corosync 3 + Pacemaker 2.1, the OCF agents and ocf-tester (+ xmllint) for tests/pcmk.
# prometheus for promtool (the metrics endpoints' check in tests/cli).
PKGS="g++ make pkg-config libboost-dev libboost-test-dev libnl-3-dev libnl-genl-3-dev libpcre2-dev
libnl-route-3-dev libssl-dev ipvsadm qemu-system-x86 busybox-static cpio socat nftables
iproute2 nginx-light kmod tcpdump iputils-arping heartbeat
libmariadb-dev libpq-dev mariadb-server postgresql dnsmasq-base slapd ldap-utils freeradius
freeradius-utils lighttpd vsftpd dovecot-imapd dovecot-pop3d python3-aiosmtpd
clang libclang-rt-14-dev llvm logrotate debhelper lintian debootstrap
groff-base man-db bsdextrautils
corosync pacemaker pacemaker-cli-utils resource-agents libxml2-utils prometheus"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ "$1" = "--if-missing" ] && [ -z "$missing" ]; then exit 0; fi
[ -z "$missing" ] && { echo "deps: everything installed"; exit 0; }
echo "deps: installing$missing"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
