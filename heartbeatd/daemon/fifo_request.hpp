// What a message written into heartbeat's local FIFO asks for. Pure (no I/O), kept apart from
// LocalFifo so it can be fuzzed without Asio.
#pragma once
#include <string>

#include "heartbeatd/wire/message.hpp"

namespace hb::daemon {

// What a FIFO message asks for (pure; the daemon acts on it).
struct FifoRequest {
    enum class Kind { standby, takeover, cluster_message, ignore };
    Kind kind = Kind::ignore;
    std::string set;          // standby/takeover: all|local|foreign|failback as written
    wire::Message message;    // cluster_message: the creator's fields only
};
FifoRequest classify_fifo_message(const wire::Message& m);

} // namespace hb::daemon
