#!/bin/bash
# Fetches Debian's stock kernel (which has IPVS as modules) into build/vm/kernel without
# installing it, and lays out vmlinuz plus the uncompressed IPVS modules in load order.
# Prints the directory on success; exits 1 with a reason on stderr otherwise.
# Cached: a second run does no network access.
set -eu
cd "$(dirname "$0")/../.."
OUT=build/vm/kernel
# Bump when the module list below changes: a cache laid out for another list is redone.
LAYOUT=2
if [ "$(cat "$OUT/ready" 2>/dev/null)" = "$LAYOUT" ]; then echo "$OUT"; exit 0; fi
mkdir -p build/vm
exec 9>build/vm/.kernel.lock
flock 9     # two test runs starting at once must not unpack over each other
if [ "$(cat "$OUT/ready" 2>/dev/null)" = "$LAYOUT" ]; then echo "$OUT"; exit 0; fi

# The versioned image package the meta package points at.
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
if [ -z "$pkg" ]; then
  echo "no linux-image-amd64 in the apt cache (apt-get update?)" >&2; exit 1
fi
rm -rf "$OUT" build/vm/deb
mkdir -p build/vm/deb "$OUT/modules"
( cd build/vm/deb && apt-get download "$pkg" >/dev/null 2>&1 ) || {
  echo "apt-get download $pkg failed" >&2; exit 1; }
deb=$(ls build/vm/deb/*.deb | head -n1)
mkdir -p build/vm/deb/root
dpkg -x "$deb" build/vm/deb/root
cp build/vm/deb/root/boot/vmlinuz-* "$OUT/vmlinuz"
moddir=$(ls -d build/vm/deb/root/lib/modules/*/kernel)

# Load order matters: libcrc32c needs crc32c_generic first, ip_vs needs conntrack.
MODS="crypto/crc32c_generic lib/libcrc32c net/ipv6/netfilter/nf_defrag_ipv6
net/ipv4/netfilter/nf_defrag_ipv4 net/netfilter/nf_conntrack net/netfilter/ipvs/ip_vs"
for s in rr wrr lc wlc lblc lblcr sh dh sed nq fo ovf mh; do
  MODS="$MODS net/netfilter/ipvs/ip_vs_$s"
done
# The SIP persistence engine, and virtual links for scenarios that build small networks.
MODS="$MODS net/netfilter/nf_conntrack_sip net/netfilter/ipvs/ip_vs_pe_sip drivers/net/veth drivers/net/dummy"
# A bridge for the LVS-DR demo (directors, real servers and a client on one LAN); ipip for
# lvs-realserver's tunnel mode.
MODS="$MODS net/llc/llc net/802/stp net/bridge/bridge net/ipv4/tunnel4 net/ipv4/ip_tunnel net/ipv4/ipip"
: >"$OUT/modules/order"
for m in $MODS; do
  base=$(basename "$m")
  if [ -f "$moddir/$m.ko" ]; then cp "$moddir/$m.ko" "$OUT/modules/$base.ko"
  elif [ -f "$moddir/$m.ko.xz" ]; then xz -dc "$moddir/$m.ko.xz" >"$OUT/modules/$base.ko"
  elif [ -f "$moddir/$m.ko.zst" ]; then zstd -qdc "$moddir/$m.ko.zst" >"$OUT/modules/$base.ko"
  else echo "warning: $m not shipped by $pkg" >&2; continue
  fi
  echo "$base.ko" >>"$OUT/modules/order"
done
echo "$pkg" >"$OUT/version"
rm -rf build/vm/deb     # the unpacked tree is ~400 MB; keep only what boots
echo "$LAYOUT" >"$OUT/ready"
echo "$OUT"
