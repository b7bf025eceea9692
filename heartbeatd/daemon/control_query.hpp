// The control socket's language, pure: one request line of words in, one reply out.
// Queries mirror cl_status (hbstatus, listnodes, nodestatus, nodetype, listhblinks,
// hblinkstatus/linkstatus, rscstatus, hbparameter); standby and takeover are forwarded to
// the failover driver; "counters" reports dropped packets by cause.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeatd/membership/liveness.hpp"

namespace hb::daemon {

// What a query can see (implemented by the daemon; faked in tests).
class ClusterView {
public:
    virtual ~ClusterView() = default;
    virtual std::vector<std::string> nodes() const = 0;        // cluster nodes, local included
    virtual std::vector<std::string> ping_nodes() const = 0;
    virtual membership::NodeStatus node_status(const std::string& node) const = 0;
    virtual std::vector<std::string> links(const std::string& node) const = 0;
    virtual std::optional<bool> link_up(const std::string& node, const std::string& link) const = 0;
    virtual std::string rsc_status() const = 0;
    virtual std::optional<std::string> parameter(const std::string& name) const = 0;
    virtual std::string counters() const = 0;
    // "" when accepted, else why not.
    virtual std::string standby(const std::string& which) = 0;
    virtual std::string takeover(const std::string& which) = 0;
};

struct Reply {
    bool ok = true;
    std::string text;   // without a trailing newline
    bool reached = true;   // client side: false when heartbeatd's socket did not answer at all
};

std::vector<std::string> split_words(std::string_view line);
Reply answer(const std::vector<std::string>& words, ClusterView& view);

// Wire form on the socket: "OK\n<text>\n" or "ERR\n<text>\n".
std::string encode_reply(const Reply& r);
Reply decode_reply(std::string_view bytes);

} // namespace hb::daemon
