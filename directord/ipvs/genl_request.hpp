// Building one IPVS generic-netlink request (shared by the table codec and the sync-daemon
// codec): a message with the genl header, appended to the request bytes when done. Internal
// to directord/ipvs; the codecs stay pure (bytes in, bytes out).
#pragma once
#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include <linux/ip_vs.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

namespace ipvs::nl::request {

struct MsgFree {
    void operator()(nl_msg* m) const { nlmsg_free(m); }
};
using Msg = std::unique_ptr<nl_msg, MsgFree>;

// Our requests are under 300 bytes; the default page-sized buffer costs a 4 KiB calloc each.
inline Msg start(int family, std::uint32_t seq, std::uint8_t cmd, std::uint16_t flags) {
    Msg m(nlmsg_alloc_size(512));
    if (!m) throw std::bad_alloc();
    // Port 0: the kernel answers to the sending socket whatever we put here.
    if (!genlmsg_put(m.get(), 0, seq, family, 0, NLM_F_REQUEST | flags, cmd, IPVS_GENL_VERSION))
        throw std::bad_alloc();
    return m;
}

inline void finish(std::string& out, const Msg& m) {
    nlmsghdr* h = nlmsg_hdr(m.get());
    out.append(reinterpret_cast<const char*>(h), NLMSG_ALIGN(h->nlmsg_len));
}

// Every nla_put fits a 512-byte message by far; a failure means memory is gone.
inline void check(int rc) {
    if (rc < 0) throw std::bad_alloc();
}

} // namespace ipvs::nl::request
