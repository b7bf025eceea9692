// "did you mean" help for unknown keys: the known keys and an edit distance.
#include "directord/config/draft.hpp"

#include <algorithm>

namespace directord::detail {

const std::vector<std::string>& global_keys() {
    static const std::vector<std::string> keys = {
        "virtual", "virtual6", "checktimeout", "negotiatetimeout", "checkinterval", "checkcount",
        "failurecount", "fallback", "fallback6", "fallbackcommand", "autoreload", "callback",
        "logfile", "execute", "fork", "supervised", "quiescent", "readdquiescent", "emailalert",
        "emailalertfreq", "emailalertstatus", "emailalertfrom", "cleanstop", "smtp",
        "maintenancedir", "tlsverify", "tlscafile", "tlscapath", "httpkeepalive", "metrics"};
    return keys;
}

const std::vector<std::string>& section_keys() {
    static const std::vector<std::string> keys = {
        "real", "real6", "request", "receive", "checktype", "checkcommand", "checktimeout",
        "negotiatetimeout", "checkcount", "failurecount", "checkinterval", "checkport", "login",
        "passwd", "database", "secret", "load", "scheduler", "persistent", "schedflags", "netmask",
        "protocol", "ops", "service", "httpmethod", "virtualhost", "fallback", "fallback6",
        "fallbackcommand", "quiescent", "emailalert", "emailalertfreq", "emailalertstatus",
        "monitorfile", "cleanstop", "smtp", "servicename", "comment", "tlsverify", "tlscafile",
        "tlscapath", "httpkeepalive"};
    return keys;
}

namespace {
// Optimal string alignment distance (a swap of two neighbours counts as one edit).
std::size_t distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}
} // namespace

std::string nearest(const std::string& key, const std::vector<std::string>& candidates) {
    std::string lower = key;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto common_prefix = [&](const std::string& c) {
        std::size_t n = 0;
        while (n < c.size() && n < lower.size() && c[n] == lower[n]) ++n;
        return n;
    };
    std::string best;
    std::size_t best_d = 0;
    for (const auto& c : candidates) {
        std::size_t d = distance(lower, c);
        // On a tie the candidate that starts like the key wins ("htp" -> "http", not "ftp").
        if (best.empty() || d < best_d || (d == best_d && common_prefix(c) > common_prefix(best)))
            best = c, best_d = d;
    }
    // Allow about one typo per four letters, at least one, at most three.
    std::size_t limit = std::clamp<std::size_t>(key.size() / 4, 1, 3);
    return !best.empty() && best_d <= limit && best != key ? best : std::string();
}

} // namespace directord::detail
