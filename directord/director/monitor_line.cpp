#include "directord/director/monitor_line.hpp"

namespace directord {

namespace {

std::string escape_msg(const std::string& m) {
    if (m.empty()) return "-";
    std::string out;
    for (char c : m) {
        switch (c) {
        case '%': out += "%25"; break;
        case '|': out += "%7C"; break;
        case '\r': out += "%0D"; break;
        case '\n': out += "%0A"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace

std::string monitor_real_id(const Virtual& v, const Real& r) {
    std::string type = checktype_name(v.checktype);
    if (v.checktype == CheckType::combined) type = std::to_string(v.combined_count);
    if (v.checktype == CheckType::negotiate || v.checktype == CheckType::combined) type += ":" + v.service;
    if (v.checktype == CheckType::external || v.checktype == CheckType::external_perl) type += ":" + v.checkcommand;
    std::string proto = v.key.is_fwmark() ? "fwm" : v.key.protocol == IPPROTO_UDP ? "udp" : "tcp";
    bool own = r.request && r.receive;   // a per-real pair replaces the virtual's
    std::string id = type + ":" + proto + ":" + r.addr.bracketed() + ":" + std::to_string(r.port);
    if (v.virtualhost) id += ":" + *v.virtualhost;
    if (v.checkport) id += ":" + std::to_string(v.checkport);
    id += ":" + std::to_string(r.weight) + ":" + fwd_word(r.fwd) + ":" + (own ? *r.request : v.request) + ":" +
          (own ? *r.receive : v.receive);
    std::string out;
    for (char c : id) {
        if (c == '\\') continue;
        out += c == ':' ? ' ' : c;
    }
    return out;
}

std::string monitor_line(std::time_t when, long pid, const std::string& real_id, bool up, const std::string& msg) {
    std::tm tm{};
    ::localtime_r(&when, &tm);
    char stamp[64];
    std::strftime(stamp, sizeof stamp, "%a %b %e %H:%M:%S %Y", &tm);
    return "[" + std::string(stamp) + "] [" + std::to_string(pid) + "] " + real_id + " [" + (up ? "up" : "down") + "] " +
           escape_msg(msg) + "\n";
}

} // namespace directord
