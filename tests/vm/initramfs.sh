#!/bin/bash
# initramfs.sh PAYLOAD_DIR OUT.cpio.gz
# Packs a bootable test system: static busybox, the IPVS modules (tests/vm/kernel.sh), the
# host's ipvsadm and ip, every project binary in bin/ (bin/directord included; unit-tests
# excluded) with their shared libraries, /init (guest-init.sh) and PAYLOAD_DIR as /payload.
# Host binaries beyond ipvsadm and ip: VM_EXTRA_BINS="/usr/sbin/nft ...".
set -eu
cd "$(dirname "$0")/../.."
payload=$1 out=$2
kdir=$(tests/vm/kernel.sh)
root=$(mktemp -d build/vm/root.XXXXXX)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"     # becomes "/": unprivileged test users must be able to walk it

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib/modules,opt/ha/bin,proc,sys,dev,tmp,run,etc,var}
cp /bin/busybox "$root/bin/busybox"
cp "$kdir"/modules/*.ko "$kdir/modules/order" "$root/lib/modules/"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"

# A dynamic binary and every library ldd finds for it (the loader included), at the same paths.
add_dynamic() {
  local src=$1 dst=$2
  mkdir -p "$root/$(dirname "$dst")"
  cp -L "$src" "$root/$dst"
  ldd "$src" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
    [ -e "$root/$lib" ] && continue
    mkdir -p "$root/$(dirname "$lib")"
    cp -L "$lib" "$root/$lib"
  done
}
for b in /usr/sbin/ipvsadm /usr/sbin/ip ${VM_EXTRA_BINS:-}; do
  [ -x "$b" ] && add_dynamic "$b" "$b"
done
# Plain files at a chosen guest path: VM_EXTRA_FILES="host/path:/guest/path ..."
for pair in ${VM_EXTRA_FILES:-}; do
  mkdir -p "$root/$(dirname "${pair#*:}")"
  cp -L "${pair%%:*}" "$root/${pair#*:}"
done
for b in bin/*; do
  [ -f "$b" ] && [ -x "$b" ] || continue
  case $(basename "$b") in unit-tests) continue ;; esac
  add_dynamic "$b" "/opt/ha/bin/$(basename "$b")"
done

cp tests/vm/guest-init.sh "$root/init"
chmod +x "$root/init"
cp -r "$payload" "$root/payload"
mkdir -p "$(dirname "$out")"
( cd "$root" && find . | cpio -o -H newc --quiet ) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
