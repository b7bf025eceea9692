// /etc/ha.d/haresources: one resource group per logical line, "<home-node> <rsc> <rsc>...".
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeatd/config/diagnostic.hpp"

namespace hb::config {

// "script::arg1::arg2"; a bare dotted quad "10.0.0.1/24/eth0" means IPaddr::10.0.0.1/24/eth0.
struct Resource {
    std::string token;               // exactly as written
    std::string script;              // "IPaddr" for the shorthand
    std::vector<std::string> args;   // passed before start|stop|status
    bool ip_shorthand = false;

    std::string str() const;         // canonical "script::a::b"
};

struct ResourceGroup {
    std::string node;                 // home node, lowercased
    std::vector<Resource> resources;  // started left to right, stopped right to left
    int line = 0;                     // first physical line of the group

    // Names the group in ip-request, takegroup and status: the first resource as written.
    const std::string& key() const { return resources.front().token; }
};

struct HaResourcesOptions {
    std::string file_name = "haresources";
    // When given, every home node must be one of these (lowercased) names.
    std::optional<std::vector<std::string>> nodes;
};

struct HaResourcesResult {
    std::vector<ResourceGroup> groups;
    Diagnostics diagnostics;
    bool ok() const { return !diagnostics.has_errors(); }
};

HaResourcesResult parse_haresources(std::string_view text, const HaResourcesOptions& options = {});

// Parses one resource token; nullopt with `why` set when it is malformed.
std::optional<Resource> parse_resource(std::string_view token, std::string* why = nullptr);

// One line per group, single-spaced, comments dropped: equal for files that mean the same,
// so two nodes can compare their haresources.
std::string canonical_text(const std::vector<ResourceGroup>& groups);

} // namespace hb::config
