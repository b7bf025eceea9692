#include "lib/metrics_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ha::metrics {

Histogram::Histogram(std::vector<double> bounds) {
    std::sort(bounds.begin(), bounds.end());
    d_.bounds = std::move(bounds);
    d_.buckets.assign(d_.bounds.size() + 1, 0);
}

void Histogram::observe(double v) {
    auto i = std::size_t(std::lower_bound(d_.bounds.begin(), d_.bounds.end(), v) - d_.bounds.begin());
    ++d_.buckets[i];
    d_.sum += v;
    ++d_.count;
}

static bool name_char(char c, bool first, bool colon) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
    return alpha || (!first && c >= '0' && c <= '9');
}

bool valid_metric_name(std::string_view n) {
    if (n.empty()) return false;
    for (std::size_t i = 0; i < n.size(); ++i)
        if (!name_char(n[i], i == 0, true)) return false;
    return true;
}

bool valid_label_name(std::string_view n) {
    if (n.empty() || n.substr(0, 2) == "__") return false;
    for (std::size_t i = 0; i < n.size(); ++i)
        if (!name_char(n[i], i == 0, false)) return false;
    return true;
}

static std::string escape(std::string_view v, bool quotes) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '"' && quotes) out += "\\\"";
        else out += c;
    }
    return out;
}

std::string escape_label_value(std::string_view v) { return escape(v, true); }
std::string escape_help(std::string_view v) { return escape(v, false); }

std::string format_value(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        char b[32];
        auto r = std::to_chars(b, b + sizeof b, (long long)v);
        return std::string(b, r.ptr);
    }
    // Shortest text that reads back as the same double (0.1, not 0.10000000000000001).
    char b[64];
    auto r = std::to_chars(b, b + sizeof b, v);
    return std::string(b, r.ptr);
}

static bool labels_ok(const Labels& ls) {
    for (auto& [k, v] : ls)
        if (!valid_label_name(k) || k == "le") return false;
    return true;
}

static void write_labels(std::string& out, const Labels& ls, const std::string* le = nullptr) {
    if (ls.empty() && !le) return;
    out += '{';
    bool first = true;
    for (auto& [k, v] : ls) {
        if (!first) out += ',';
        first = false;
        out += k + "=\"" + escape_label_value(v) + "\"";
    }
    if (le) out += std::string(first ? "" : ",") + "le=\"" + *le + "\"";
    out += '}';
}

std::string exposition(const std::vector<Family>& fams, std::vector<std::string>* errors) {
    std::string out;
    auto bad = [&](const std::string& why) {
        if (errors) errors->push_back(why);
    };
    for (const auto& f : fams) {
        if (!valid_metric_name(f.name)) {
            bad("bad metric name " + f.name);
            continue;
        }
        const char* type = f.type == Type::counter ? "counter" : f.type == Type::gauge ? "gauge" : "histogram";
        out += "# HELP " + f.name + " " + escape_help(f.help) + "\n";
        out += "# TYPE " + f.name + " " + type + "\n";
        if (f.type != Type::histogram) {
            for (const auto& s : f.samples) {
                if (!labels_ok(s.labels)) {
                    bad("bad label name in " + f.name);
                    continue;
                }
                out += f.name;
                write_labels(out, s.labels);
                out += " " + format_value(s.value) + "\n";
            }
            continue;
        }
        for (const auto& [ls, h] : f.histograms) {
            if (!labels_ok(ls) || h.buckets.size() != h.bounds.size() + 1) {
                bad("bad histogram in " + f.name);
                continue;
            }
            std::uint64_t cum = 0;
            for (std::size_t i = 0; i <= h.bounds.size(); ++i) {
                cum += h.buckets[i];
                std::string le = i < h.bounds.size() ? format_value(h.bounds[i]) : "+Inf";
                out += f.name + "_bucket";
                write_labels(out, ls, &le);
                out += " " + std::to_string(cum) + "\n";
            }
            out += f.name + "_sum";
            write_labels(out, ls);
            out += " " + format_value(h.sum) + "\n";
            out += f.name + "_count";
            write_labels(out, ls);
            out += " " + std::to_string(h.count) + "\n";
        }
    }
    return out;
}

std::vector<double> duration_buckets() {
    return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

std::optional<ListenAddress> parse_listen_address(std::string_view t, std::string& error) {
    std::string_view host, port;
    if (!t.empty() && t[0] == '[') {
        auto close = t.find(']');
        if (close == std::string_view::npos || close + 1 >= t.size() || t[close + 1] != ':') {
            error = "expected [IPv6]:PORT, not \"" + std::string(t) + "\"";
            return std::nullopt;
        }
        host = t.substr(1, close - 1);
        port = t.substr(close + 2);
    } else {
        auto colon = t.rfind(':');
        if (colon == std::string_view::npos || t.find(':') != colon) {
            error = "expected ADDRESS:PORT (IPv6 in brackets), not \"" + std::string(t) + "\"";
            return std::nullopt;
        }
        host = t.substr(0, colon);
        port = t.substr(colon + 1);
    }
    auto a = Address::parse(host);
    if (!a || (t[0] == '[') != a->is_v6()) {
        error = "\"" + std::string(host) + "\" is not an IP address literal";
        return std::nullopt;
    }
    unsigned p = 0;
    auto r = std::from_chars(port.data(), port.data() + port.size(), p);
    if (port.empty() || r.ec != std::errc() || r.ptr != port.data() + port.size() || p == 0 || p > 65535) {
        error = "bad port \"" + std::string(port) + "\" (1-65535)";
        return std::nullopt;
    }
    return ListenAddress{*a, std::uint16_t(p)};
}

} // namespace ha::metrics
