// heartbeat's local FIFO as LocalFifo reads it: framer, parse_packet (no authentication: the
// FIFO is mode 0600), classify_fifo_message. Invariants: a request for the cluster never
// carries the fields heartbeatd adds itself; standby/takeover name a set; reads of any size
// give the same requests.
#include <vector>

#include "heartbeatd/daemon/fifo_request.hpp"
#include "heartbeatd/wire/packet.hpp"
#include "heartbeatd/wire/serial_framer.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace hb;

namespace {
std::vector<daemon::FifoRequest> read_all(std::string_view stream, std::size_t chunk) {
    wire::SerialFramer framer;
    std::vector<daemon::FifoRequest> out;
    for (std::size_t pos = 0; pos < stream.size(); pos += chunk) {
        framer.feed(stream.substr(pos, chunk));
        while (auto f = framer.next()) {
            auto p = wire::parse_packet(*f);
            if (p) out.push_back(daemon::classify_fifo_message(p->message));
        }
    }
    return out;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view stream = fuzz::view(data, size);
    auto reqs = read_all(stream, 4096);   // LocalFifo's read size
    for (const auto& r : reqs) {
        using K = daemon::FifoRequest::Kind;
        if (r.kind == K::standby || r.kind == K::takeover) FUZZ_CHECK(!r.set.empty());
        if (r.kind == K::cluster_message) {
            FUZZ_CHECK(!r.message.type().empty());
            for (const char* ours : {"src", "srcuuid", "seq", "hg", "ts", "ld", "ttl", "auth", "destuuid"})
                FUZZ_CHECK(!r.message.has(ours));
        }
        if (r.kind != K::cluster_message) FUZZ_CHECK(r.message.empty());
    }
    auto small = read_all(stream, 7);
    FUZZ_CHECK(small.size() == reqs.size());
    for (std::size_t i = 0; i < reqs.size(); ++i)
        FUZZ_CHECK(small[i].kind == reqs[i].kind && small[i].set == reqs[i].set && small[i].message == reqs[i].message);
    return 0;
}
