#include "heartbeatd/daemon/fifo_request.hpp"

namespace hb::daemon {

FifoRequest classify_fifo_message(const wire::Message& m) {
    FifoRequest r;
    std::string t(m.type());
    if (t.empty()) return r;
    if (t == "ask_resources" && m.get_or("info") == "me") {
        r.kind = FifoRequest::Kind::standby;
        r.set = m.get_or("rsc_hold", "all");
        return r;
    }
    if (t == "hb_takeover") {
        r.kind = FifoRequest::Kind::takeover;
        r.set = m.get_or("rsc_hold", "all");
        return r;
    }
    // Anything else goes to the cluster; the standard fields are ours to add.
    r.kind = FifoRequest::Kind::cluster_message;
    for (const auto& f : m.fields) {
        static const char* const ours[] = {"src", "srcuuid", "seq", "hg", "ts", "ld", "ttl", "auth", "destuuid"};
        bool skip = false;
        for (auto* o : ours) skip = skip || f.name == o;
        if (!skip) r.message.fields.push_back(f);
    }
    return r;
}

} // namespace hb::daemon
