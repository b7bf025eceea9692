#!/bin/bash
# install.sh install|uninstall [--package]: what `make install` / `make uninstall` do.
# Never overwrites another package's file: our scripts go to $HELPERDIR/resource.d (heartbeatd
# searches it before /etc/ha.d/resource.d), a file already at one of our paths that an
# earlier install did not put there is left alone with a message, and configuration files
# (/etc/default, /etc/ha.d) are never replaced. Each file put is listed with its checksum in
# $HELPERDIR/installed-files; uninstall removes exactly those (and the directories install
# made), leaving a file the admin has changed since, with a message.
# --package: for debian/rules: no list, nothing under /etc/ha.d.
# Settings from the environment (the Makefile passes them): DESTDIR PREFIX SBINDIR MANDIR
# SYSCONFDIR HELPERDIR DOCDIR SYSTEMDUNITDIR.
set -u
cd "$(dirname "$0")/.."
action=${1:-}
package=0; [ "${2:-}" = --package ] && package=1
D=${DESTDIR:-}
PREFIX=${PREFIX:-/usr}
SBINDIR=${SBINDIR:-$PREFIX/sbin}
MANDIR=${MANDIR:-$PREFIX/share/man}
SYSCONFDIR=${SYSCONFDIR:-/etc}
HELPERDIR=${HELPERDIR:-$PREFIX/lib/heartbeatd}
DOCDIR=${DOCDIR:-$PREFIX/share/doc/ha-director}
SYSTEMDUNITDIR=${SYSTEMDUNITDIR:-/lib/systemd/system}
LIST=$HELPERDIR/installed-files

declare -A was_ours=()    # path -> "f SUM" / "l TARGET" / "d -": what the last install put
declare -a put=()         # this run's list lines, in order
if [ -f "$D$LIST" ]; then
    while read -r kind what path; do was_ours[$path]="$kind $what"; done <"$D$LIST"
fi
say() { echo "install: $*"; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
record() { put+=("$1 $2 $3"); }

# mkdirs DIR: creates the missing directories of DIR, recording those made (or made before).
mkdirs() {
    local dir=$1 missing=() p=$1
    while [ -n "$p" ] && [ "$p" != / ] && [ ! -d "$D$p" ]; do missing=("$p" "${missing[@]}"); p=$(dirname "$p"); done
    for p in "${missing[@]}"; do mkdir -m 0755 "$D$p" || exit 1; done
    # Outermost first, so uninstall (which reads the list backwards) removes innermost first.
    p=$dir; local chain=()
    while [ -n "$p" ] && [ "$p" != / ]; do chain=("$p" "${chain[@]}"); p=$(dirname "$p"); done
    for p in "${chain[@]}"; do
        local made=0 q
        for q in "${missing[@]}"; do [ "$q" = "$p" ] && made=1; done
        if [ $made = 1 ] || [ "${was_ours[$p]:-}" = "d -" ]; then
            case " ${put[*]} " in *" d - $p "*) ;; *) record d - "$p" ;; esac
        fi
    done
}
foreign() {   # PATH: there, and not put by an earlier install of ours
    [ -e "$D$1" ] || [ -L "$D$1" ] || return 1
    [ -z "${was_ours[$1]:-}" ]
}
# file MODE SRC DEST: a program or data file of ours (replaced on reinstall).
file() {
    local mode=$1 src=$2 dst=$3
    mkdirs "$(dirname "$dst")"
    if foreign "$dst"; then say "$dst exists and is not ours (another package's?): left alone"; return; fi
    install -m "$mode" "$src" "$D$dst" || exit 1
    record f "$(sum "$D$dst")" "$dst"
}
# conf MODE SRC DEST: a configuration file: installed only where none is.
conf() {
    local mode=$1 src=$2 dst=$3
    mkdirs "$(dirname "$dst")"
    if [ -e "$D$dst" ] || [ -L "$D$dst" ]; then
        if [ -n "${was_ours[$dst]:-}" ]; then put+=("${was_ours[$dst]} $dst")
        else say "$dst exists: left alone"; fi
        return
    fi
    install -m "$mode" "$src" "$D$dst" || exit 1
    record f "$(sum "$D$dst")" "$dst"
}
# link TARGET DEST
link() {
    local target=$1 dst=$2
    mkdirs "$(dirname "$dst")"
    if [ -L "$D$dst" ] && [ "$(readlink "$D$dst")" = "$target" ] && [ -n "${was_ours[$dst]:-}" ]; then
        record l "$target" "$dst"; return
    fi
    if [ -e "$D$dst" ] || [ -L "$D$dst" ]; then say "$dst exists: left alone (not linking it to $target)"; return; fi
    ln -s "$target" "$D$dst" || exit 1
    record l "$target" "$dst"
}

do_install() {
    file 0755 bin/directord "$SBINDIR/directord"
    file 0755 bin/heartbeatd "$SBINDIR/heartbeatd"
    file 0755 bin/send_unsolicited_na "$HELPERDIR/send_unsolicited_na"
    for f in resource.d/*; do [ -f "$f" ] && file 0755 "$f" "$HELPERDIR/resource.d/$(basename "$f")"; done
    # haresources' "ldirectord::ldirectord.cf" runs directord (our directory is searched first).
    link "$SBINDIR/directord" "$HELPERDIR/resource.d/ldirectord"
    for f in doc/*.[1-8]; do
        [ -f "$f" ] || continue
        local sec=${f##*.}
        file 0644 "$f" "$MANDIR/man$sec/$(basename "$f")"
    done
    # The authkeys sample keeps 0600: a copy made with cp -p is already what heartbeatd demands.
    for f in etc/ha.d/*; do
        [ -f "$f" ] || continue
        case "$f" in */authkeys) mode=0600 ;; *) mode=0644 ;; esac
        file $mode "$f" "$DOCDIR/examples/$(basename "$f")"
    done
    for f in etc/default/*; do [ -f "$f" ] && file 0644 "$f" "$DOCDIR/examples/default/$(basename "$f")"; done
    for f in etc/init.d/*; do [ -f "$f" ] && file 0755 "$f" "$SYSCONFDIR/init.d/$(basename "$f")"; done
    for f in etc/default/*; do [ -f "$f" ] && conf 0644 "$f" "$SYSCONFDIR/default/$(basename "$f")"; done
    for f in etc/logrotate.d/*; do [ -f "$f" ] && conf 0644 "$f" "$SYSCONFDIR/logrotate.d/$(basename "$f")"; done
    for f in contrib/systemd/*.service; do [ -f "$f" ] && file 0644 "$f" "$SYSTEMDUNITDIR/$(basename "$f")"; done
    # cl_status: heartbeatd's, or heartbeat's own /usr/bin/cl_status while heartbeat is the one
    # running (contrib/cl_status); another path than heartbeat's, so never their file.
    file 0755 contrib/cl_status "$SBINDIR/cl_status"
    [ $package = 1 ] && return
    # heartbeat 3.0.6 (if it runs instead) finds ldirectord in /etc/ha.d/resource.d; the
    # ldirectord package puts its own link there: then ours is not made.
    link "$SBINDIR/directord" "$SYSCONFDIR/ha.d/resource.d/ldirectord"
    [ -f etc/ha.d/ldirectord.cf ] && conf 0644 etc/ha.d/ldirectord.cf "$SYSCONFDIR/ha.d/ldirectord.cf"
}

do_uninstall() {
    [ -f "$D$LIST" ] || { say "no $LIST: nothing installed here by make install"; return 0; }
    local lines=() i kind what path
    mapfile -t lines <"$D$LIST"
    rm -f "$D$LIST"
    for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
        read -r kind what path <<<"${lines[$i]}"
        case $kind in
        f) if [ -f "$D$path" ] && [ ! -L "$D$path" ]; then
               if [ "$(sum "$D$path")" = "$what" ]; then rm -f "$D$path"
               else echo "uninstall: $path was changed since install: left alone"; fi
           fi ;;
        l) [ -L "$D$path" ] && [ "$(readlink "$D$path")" = "$what" ] && rm -f "$D$path" ;;
        d) rmdir "$D$path" 2>/dev/null || true ;;   # only when empty: others' files keep it
        esac
    done
    rmdir "$D$HELPERDIR" 2>/dev/null || true
}

case $action in
install)
    [ -n "$D" ] && { mkdir -p "$D" || exit 1; }
    do_install
    [ $package = 1 ] && exit 0
    mkdirs "$HELPERDIR"
    printf '%s\n' "${put[@]}" | sort -u -k3,3 -s >"$D$LIST.new" || exit 1
    # Directories first (outermost first), then files; uninstall walks it backwards.
    { grep '^d ' "$D$LIST.new" | sort -k3,3; grep -v '^d ' "$D$LIST.new"; } >"$D$LIST" && rm -f "$D$LIST.new"
    ;;
uninstall) do_uninstall ;;
*) echo "usage: $0 install|uninstall [--package]" >&2; exit 2 ;;
esac
