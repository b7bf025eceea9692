#include "directord/director/alerts.hpp"

#include <ctime>

namespace directord {

unsigned phase_bit(DaemonPhase p) {
    switch (p) {
    case DaemonPhase::starting: return kAlertStarting;
    case DaemonPhase::running: return kAlertRunning;
    case DaemonPhase::reloading: return kAlertReloading;
    case DaemonPhase::stopping: return kAlertStopping;
    }
    return 0;
}

const char* phase_name(DaemonPhase p) {
    switch (p) {
    case DaemonPhase::starting: return "starting";
    case DaemonPhase::running: return "running";
    case DaemonPhase::reloading: return "reloading";
    case DaemonPhase::stopping: return "stopping";
    }
    return "?";
}

std::vector<std::string> alert_recipients(const std::string& emailalert) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
    };
    for (char c : emailalert) {
        if (c == ',' || c == ' ' || c == '\t' || c == '"') flush();
        else cur += c;
    }
    flush();
    return out;
}

bool alert_worthy(const std::string& line) {
    for (const char* verb : {"Added ", "Restored ", "Quiescent ", "Deleted ", "Readd Quiescent "})
        if (line.rfind(verb, 0) == 0)
            return line.find(" real server: ") != std::string::npos || line.find(" fallback server: ") != std::string::npos;
    return false;
}

namespace {

// Header values are ours or the config's: keep them on one line.
std::string one_line(std::string s) {
    for (auto& c : s)
        if (c == '\r' || c == '\n') c = ' ';
    return s;
}

std::string rfc5322_date() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S %z", &tm);
    return buf;
}

} // namespace

std::optional<AlertMail> alert_for(const Config& cfg, const Virtual& v, const std::string& line, const AlertContext& ctx) {
    auto to = alert_recipients(v.emailalert);
    if (to.empty()) return std::nullopt;
    if (!(alert_status_mask(v.emailalertstatus) & phase_bit(ctx.phase))) return std::nullopt;
    AlertMail m;
    m.smtp = v.smtp;
    m.envelope_from = ctx.user + "@" + ctx.hostname;
    m.to = to;
    m.subject = one_line(line);
    std::string from = cfg.emailalertfrom ? one_line(*cfg.emailalertfrom) : m.envelope_from;
    std::string rcpt;
    for (const auto& t : to) rcpt += (rcpt.empty() ? "" : ", ") + t;
    std::string& s = m.message;
    s += "From: " + from + "\r\n";
    s += "To: " + rcpt + "\r\n";
    s += "Subject: " + m.subject + "\r\n";
    s += "Date: " + rfc5322_date() + "\r\n";
    s += "X-Mailer: directord\r\n";
    s += "\r\n";
    s += "ldirectord host: " + ctx.hostname + "\r\n";
    s += "Log-Message: " + m.subject + "\r\n";
    s += std::string("Daemon-Status: ") + phase_name(ctx.phase) + "\r\n";
    if (v.servicename) s += "Service name: " + one_line(*v.servicename) + "\r\n";
    if (v.comment) s += "Comment: " + one_line(*v.comment) + "\r\n";
    return m;
}

std::vector<health::RealRef> AlertReminders::due(const Config& cfg, const std::set<health::RealRef>& out, clock::time_point now) {
    std::vector<health::RealRef> due;
    for (auto it = last_.begin(); it != last_.end();) it = out.count(it->first) ? std::next(it) : last_.erase(it);
    for (const auto& ref : out) {
        if (ref.vi >= cfg.virtuals.size()) continue;
        int freq = cfg.virtuals[ref.vi].emailalertfreq;
        auto [it, fresh] = last_.emplace(ref, now);
        if (fresh || freq <= 0) continue;
        if (now - it->second >= std::chrono::seconds(freq)) {
            it->second = now;
            due.push_back(ref);
        }
    }
    return due;
}

} // namespace directord
