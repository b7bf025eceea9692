// IPVS generic-netlink replies as NetlinkKernel receives them: the bytes are a receive buffer
// of netlink messages walked with NLMSG_OK/NLMSG_NEXT, each given to decode_service,
// decode_dest and decode_info_version. Invariants: a decoded service has a valid family and
// re-encodes (encode_op add_service) to a request that decodes to the same service; a decoded
// dest re-encodes (add_dest) to the same dest.
#include <cstring>
#include <vector>

#include <linux/genetlink.h>
#include <linux/ip_vs.h>

#include "directord/ipvs/netlink_codec.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace ipvs;

namespace {

constexpr int kFamily = 0x1c;   // any generic-netlink family id

// A copy with the alignment nlmsghdr needs.
std::vector<std::uint32_t> aligned(const std::string& bytes) {
    std::vector<std::uint32_t> buf((bytes.size() + 3) / 4 + 1, 0);
    std::memcpy(buf.data(), bytes.data(), bytes.size());
    return buf;
}

bool same_service(const Service& a, const Service& b) {
    return a.key == b.key && a.opts.scheduler == b.opts.scheduler && a.opts.flags == b.opts.flags &&
           a.opts.timeout == b.opts.timeout && a.opts.pe_name == b.opts.pe_name;
}

void service_round_trip(const Service& s) {
    Op op{Op::add_service, s.key, s.opts, {}};
    nl::Bytes req;
    if (!nl::encode_op(req, kFamily, 7, op)) {
        // Only a scheduler or persistence-engine name the kernel could not hold is refused.
        FUZZ_CHECK(s.opts.scheduler.empty() || s.opts.scheduler.size() >= IP_VS_SCHEDNAME_MAXLEN ||
                   s.opts.pe_name.size() >= IP_VS_PENAME_MAXLEN);
        return;
    }
    auto buf = aligned(req);
    auto back = nl::decode_service(reinterpret_cast<nlmsghdr*>(buf.data()));
    FUZZ_CHECK(back.has_value());
    // Names are C strings on the wire: what follows a NUL is not carried.
    Service want = s;
    want.opts.scheduler = std::string(want.opts.scheduler.c_str());
    want.opts.pe_name = std::string(want.opts.pe_name.c_str());
    if (!(want.opts.scheduler.empty())) FUZZ_CHECK(same_service(*back, want));
}

void dest_round_trip(const Dest& d, const ServiceKey& svc) {
    if (d.key.addr.family != AF_INET && d.key.addr.family != AF_INET6) return;
    Op op{Op::add_dest, svc, {}, d};
    nl::Bytes req;
    FUZZ_CHECK(nl::encode_op(req, kFamily, 8, op));
    auto buf = aligned(req);
    auto back = nl::decode_dest(reinterpret_cast<nlmsghdr*>(buf.data()), svc.af);
    FUZZ_CHECK(back.has_value());
    FUZZ_CHECK(back->key == d.key && back->same_settings(d));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(fuzz::view(data, size));
    auto buf = aligned(bytes);
    int len = static_cast<int>(size);
    ServiceKey svc;
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
        if (auto s = nl::decode_service(h)) {
            FUZZ_CHECK(s->key.af == AF_INET || s->key.af == AF_INET6);
            FUZZ_CHECK(!(s->opts.flags & kFlagHashed));
            service_round_trip(*s);
            svc = s->key;
        }
        for (int af : {AF_INET, AF_INET6})
            if (auto d = nl::decode_dest(h, af)) {
                FUZZ_CHECK(d->key.addr.family == AF_INET || d->key.addr.family == AF_INET6);
                dest_round_trip(*d, svc);
            }
        (void)nl::decode_info_version(h);
    }
    return 0;
}
