// The control socket's language, pure: one request line of words in, one reply out.
// Queries mirror cl_status (hbstatus, listnodes, nodestatus, nodetype, listhblinks,
// hblinkstatus/linkstatus, rscstatus, hbparameter); standby and takeover are forwarded to
// the failover driver; "counters" reports dropped packets by cause.
#pragma once
#include <optional>
#include <string>
#include <sys/types.h>
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
    virtual std::string this_node() const { return {}; }
    // "" when accepted, else why not.
    virtual std::string standby(const std::string& which) = 0;
    virtual std::string takeover(const std::string& which) = 0;
};

struct Reply {
    bool ok = true;
    std::string text;   // without a trailing newline
    bool reached = true;   // client side: false when heartbeatd's socket did not answer at all
    bool denied = false;   // client side: the socket or the daemon refused this user
};

// Who may ask what on the control socket: root everything; a member of the haclient group
// (primary or supplementary) the read-only queries (cl_status, status); others nothing.
enum class Access { none, read_only, full };
Access access_for(uid_t uid, gid_t gid, const std::vector<gid_t>& groups, std::optional<gid_t> haclient);
// Does the request change anything (standby, takeover)?
bool changes_state(const std::vector<std::string>& words);
// The text of a refusal; the client recognises it to tell "denied" from "stopped".
inline constexpr std::string_view kPermissionDenied = "permission denied";

std::vector<std::string> split_words(std::string_view line);
Reply answer(const std::vector<std::string>& words, ClusterView& view, Access access = Access::full);

// cl_status's view in one JSON object: this node, every node with its type, status and
// links, the resource state ("json" or "--json" on the socket; `heartbeatd status --json`).
std::string status_json(const ClusterView& view);

// Wire form on the socket: "OK\n<text>\n" or "ERR\n<text>\n".
std::string encode_reply(const Reply& r);
Reply decode_reply(std::string_view bytes);

} // namespace hb::daemon
