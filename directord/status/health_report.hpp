// What the running directord says about each configured real server for `directord
// status`: its health state and its check's last result with reason and age. Pure: the
// daemon builds the records, encodes them on its status socket; the client decodes them.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace directord::status {

struct RealHealth {
    std::string service;   // ipvs::service_str of the virtual: "tcp 10.0.0.1:80"
    std::string dest;      // the kernel entry it installs: "10.0.0.2:80"
    // up, down, quiescent (down, kept at weight 0), pending (waits for its first check),
    // maintenance (maintenancedir); for a fallback= entry: fallback (in), standby (out).
    std::string state;
    std::string last;      // the last check's verdict: "up", "down"; "" when none yet / no check
    long long age_ms = -1; // how long ago that result came; -1 with no result
    std::string reason;    // the check's words, or why there is no check (checktype=on)
    bool operator==(const RealHealth&) const = default;
};

// One record per line, tab-separated fields, after a "directord-health 1" line.
std::string encode_health(const std::vector<RealHealth>& records);
// nullopt when the text is not such a reply.
std::optional<std::vector<RealHealth>> decode_health(std::string_view text);

// "1.2s ago", "3m05s ago", "2h10m ago".
std::string format_age(long long ms);

} // namespace directord::status
