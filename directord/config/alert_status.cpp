// emailalertstatus= values: a bit mask with a canonical text form kept in the config.
#include "directord/config/config.hpp"

namespace directord {

namespace {
struct Name { unsigned bit; const char* text; };
constexpr Name kNames[] = {{kAlertStarting, "starting"}, {kAlertRunning, "running"},
                           {kAlertStopping, "stopping"}, {kAlertReloading, "reloading"}};
} // namespace

std::string alert_status_text(unsigned mask) {
    if ((mask & kAlertAll) == kAlertAll) return "all";
    if (mask == 0) return "none";
    std::string out;
    for (const auto& n : kNames)
        if (mask & n.bit) out += (out.empty() ? "" : ",") + std::string(n.text);
    return out;
}

unsigned alert_status_mask(const std::string& canonical) {
    if (canonical == "all") return kAlertAll;
    unsigned mask = 0;
    std::size_t start = 0;
    while (start <= canonical.size()) {
        auto end = canonical.find(',', start);
        if (end == std::string::npos) end = canonical.size();
        std::string item = canonical.substr(start, end - start);
        for (const auto& n : kNames)
            if (item == n.text) mask |= n.bit;
        if (item == "all") mask = kAlertAll;
        start = end + 1;
    }
    return mask;
}

} // namespace directord
