#include "heartbeatd/wire/fields.hpp"

namespace hb::wire {

std::string to_hex(std::uint64_t v) {
    static const char* d = "0123456789abcdef";
    if (v == 0) return "0";
    std::string s;
    while (v) {
        s.insert(s.begin(), d[v & 15]);
        v >>= 4;
    }
    return s;
}

std::optional<std::uint64_t> parse_hex(std::string_view s) {
    if (s.empty() || s.size() > 16) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        int n;
        if (c >= '0' && c <= '9') n = c - '0';
        else if (c >= 'a' && c <= 'f') n = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') n = c - 'A' + 10;
        else return std::nullopt;
        v = (v << 4) | std::uint64_t(n);
    }
    return v;
}

std::optional<std::uint64_t> parse_dec(std::string_view s) {
    if (s.empty() || s.size() > 19) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + std::uint64_t(c - '0');
    }
    return v;
}

std::string uuid_bytes(const Uuid& u) { return std::string(reinterpret_cast<const char*>(u.data()), u.size()); }

std::optional<Uuid> uuid_from_bytes(std::string_view s) {
    if (s.size() != 16) return std::nullopt;
    Uuid u;
    for (std::size_t i = 0; i < 16; ++i) u[i] = std::uint8_t(s[i]);
    return u;
}

bool is_unsequenced_type(std::string_view t) { return t.substr(0, 3) == "NS_"; }

void add_control_fields(Message& m, const Stamp& s) {
    bool ns = is_unsequenced_type(m.type());
    auto add = [&](const char* name, std::string v, FieldType t = FieldType::string) {
        if (!m.has(name)) m.add(name, std::move(v), t);
    };
    if (m.has("dest") && s.destuuid) add("destuuid", uuid_bytes(*s.destuuid), FieldType::binary);
    add("src", s.src);
    if (s.srcuuid) add("srcuuid", uuid_bytes(*s.srcuuid), FieldType::binary);
    if (!ns) add("seq", to_hex(s.seq));
    add("hg", to_hex(s.generation));
    add("ts", to_hex(s.timestamp));
    if (!ns && !s.load.empty()) add("ld", s.load);
    add("ttl", std::to_string(s.ttl));
}

ha::Expected<Header> read_header(const Message& m) {
    Header h;
    auto t = m.get("t");
    if (!t || t->empty()) return ha::make_error("message has no type (t)");
    h.type = std::string(*t);
    auto src = m.get("src");
    if (!src || src->empty()) return ha::make_error("message has no src");
    h.src = std::string(*src);
    if (auto* f = m.find("srcuuid")) {
        auto u = uuid_from_bytes(f->value);
        if (!u) return ha::make_error("srcuuid is not 16 bytes");
        h.srcuuid = *u;
    }
    auto ts = m.get("ts");
    auto tsv = ts ? parse_hex(*ts) : std::nullopt;
    if (!tsv || *tsv == 0) return ha::make_error("bad or missing timestamp (ts)");
    h.timestamp = *tsv;
    auto hg = m.get("hg");
    auto hgv = hg ? parse_hex(*hg) : std::nullopt;
    if (!hgv) return ha::make_error("bad or missing generation (hg)");
    h.generation = *hgv;
    if (auto seq = m.get("seq")) {
        auto v = parse_hex(*seq);
        if (!v) return ha::make_error("bad sequence number (seq)");
        h.seq = *v;
    } else if (!is_unsequenced_type(h.type)) {
        return ha::make_error("message of type '" + h.type + "' has no seq");
    }
    if (auto ttl = m.get("ttl")) {
        auto v = parse_dec(*ttl);
        if (!v || *v > 10000) return ha::make_error("bad ttl");
        h.ttl = int(*v);
    }
    if (auto d = m.get("dest")) h.dest = std::string(*d);
    if (auto* f = m.find("destuuid")) {
        auto u = uuid_from_bytes(f->value);
        if (!u) return ha::make_error("destuuid is not 16 bytes");
        h.destuuid = *u;
    }
    return h;
}

std::optional<std::chrono::milliseconds> read_deadtime(const Message& m) {
    auto dt = m.get("dt");
    if (!dt) return std::nullopt;
    auto v = parse_hex(*dt);
    if (!v || *v == 0 || *v > 24ull * 3600 * 1000) return std::nullopt;
    return std::chrono::milliseconds(*v);
}

std::string format_deadtime(std::chrono::milliseconds dt) { return to_hex(std::uint64_t(dt.count())); }

} // namespace hb::wire
