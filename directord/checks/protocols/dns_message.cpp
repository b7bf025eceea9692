#include "directord/checks/protocols/dns_message.hpp"

#include <cstdio>

#include "lib/address.hpp"

namespace directord::checks::dns {

namespace {

constexpr std::size_t kHeader = 12;
constexpr int kMaxJumps = 64;   // compression pointers followed for one name

std::string lower(std::string s) {
    for (auto& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string strip_dot(std::string s) {
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

void put16(std::string& out, unsigned v) {
    out.push_back((char)(v >> 8));
    out.push_back((char)(v & 0xff));
}

unsigned get16(std::string_view p, std::size_t at) {
    return ((unsigned)(unsigned char)p[at] << 8) | (unsigned char)p[at + 1];
}

// A label as text: '.' and '\' escaped, unprintable bytes as \DDD (RFC 1035 5.1).
void append_label(std::string& out, std::string_view label) {
    for (unsigned char c : label) {
        if (c == '.' || c == '\\') {
            out += '\\';
            out += (char)c;
        } else if (c < 0x21 || c > 0x7e) {
            char b[8];
            std::snprintf(b, sizeof b, "\\%03u", c);
            out += b;
        } else {
            out += (char)c;
        }
    }
}

// The name at `off`; `off` moves past it (past the first pointer when compressed).
bool read_name(std::string_view p, std::size_t& off, std::string& out, std::string& err) {
    out.clear();
    std::size_t pos = off, total = 0;
    bool jumped = false;
    int jumps = 0;
    for (;;) {
        if (pos >= p.size()) {
            err = "truncated name";
            return false;
        }
        unsigned len = (unsigned char)p[pos];
        if ((len & 0xc0) == 0xc0) {
            if (pos + 1 >= p.size()) {
                err = "truncated name";
                return false;
            }
            std::size_t target = ((len & 0x3f) << 8) | (unsigned char)p[pos + 1];
            if (!jumped) off = pos + 2;
            jumped = true;
            if (++jumps > kMaxJumps) {
                err = "name compression loop";
                return false;
            }
            if (target >= p.size()) {
                err = "name pointer beyond the packet";
                return false;
            }
            pos = target;
            continue;
        }
        if (len & 0xc0) {
            err = "unknown label type";
            return false;
        }
        if (len == 0) {
            if (!jumped) off = pos + 1;
            return true;
        }
        if (pos + 1 + len > p.size()) {
            err = "truncated name";
            return false;
        }
        total += len + 1;
        if (total > 255) {
            err = "name longer than 255 bytes";
            return false;
        }
        if (!out.empty()) out += '.';
        append_label(out, p.substr(pos + 1, len));
        pos += 1 + len;
    }
}

} // namespace

std::optional<std::string> reverse_name(const std::string& text) {
    auto a = ha::Address::parse(text);
    if (!a) return std::nullopt;
    std::string out;
    if (!a->is_v6()) {
        for (int i = 3; i >= 0; --i) out += std::to_string(a->bytes[i]) + ".";
        return out + "in-addr.arpa";
    }
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; --i) {
        out += hex[a->bytes[i] & 0xf];
        out += '.';
        out += hex[a->bytes[i] >> 4];
        out += '.';
    }
    return out + "ip6.arpa";
}

Question question_for(const std::string& request) {
    if (auto rev = reverse_name(request)) return {*rev, PTR};
    std::string name = strip_dot(request);
    std::string l = lower(name);
    bool reverse = l == "in-addr.arpa" || l == "ip6.arpa" || ends_with(l, ".in-addr.arpa") || ends_with(l, ".ip6.arpa");
    return {name, reverse ? PTR : A};
}

std::optional<std::string> encode_query(std::uint16_t id, const Question& q, std::string& err) {
    std::string out;
    put16(out, id);
    put16(out, 0x0100);   // standard query, RD
    put16(out, 1);        // QDCOUNT
    put16(out, 0);
    put16(out, 0);
    put16(out, 0);
    std::string name = strip_dot(q.name);
    std::size_t total = 1;
    std::size_t start = 0;
    while (!name.empty() && start <= name.size()) {
        std::size_t dot = name.find('.', start);
        if (dot == std::string::npos) dot = name.size();
        std::size_t len = dot - start;
        if (len == 0) {
            err = "empty label in \"" + q.name + "\"";
            return std::nullopt;
        }
        if (len > 63) {
            err = "a label longer than 63 bytes in \"" + q.name + "\"";
            return std::nullopt;
        }
        total += len + 1;
        if (total > 255) {
            err = "a name longer than 255 bytes: \"" + q.name + "\"";
            return std::nullopt;
        }
        out.push_back((char)len);
        out.append(name, start, len);
        start = dot + 1;
    }
    out.push_back(0);
    put16(out, q.type);
    put16(out, kClassIN);
    return out;
}

std::optional<Message> decode(std::string_view p, std::string& err) {
    if (p.size() < kHeader) {
        err = "truncated packet (" + std::to_string(p.size()) + " bytes)";
        return std::nullopt;
    }
    Message m;
    m.id = (std::uint16_t)get16(p, 0);
    unsigned flags = get16(p, 2);
    m.response = flags & 0x8000;
    m.opcode = (int)((flags >> 11) & 0xf);
    m.truncated = flags & 0x0200;
    m.rcode = (int)(flags & 0xf);
    unsigned qd = get16(p, 4), an = get16(p, 6);
    std::size_t off = kHeader;
    for (unsigned i = 0; i < qd; ++i) {
        Question q;
        if (!read_name(p, off, q.name, err)) return std::nullopt;
        if (off + 4 > p.size()) {
            err = "truncated question";
            return std::nullopt;
        }
        q.type = (std::uint16_t)get16(p, off);
        off += 4;
        m.questions.push_back(std::move(q));
    }
    for (unsigned i = 0; i < an; ++i) {
        Record r;
        if (!read_name(p, off, r.name, err)) return std::nullopt;
        if (off + 10 > p.size()) {
            err = "truncated answer record";
            return std::nullopt;
        }
        r.type = (std::uint16_t)get16(p, off);
        r.cls = (std::uint16_t)get16(p, off + 2);
        r.ttl = ((std::uint32_t)get16(p, off + 4) << 16) | get16(p, off + 6);
        std::size_t rdlen = get16(p, off + 8);
        off += 10;
        if (off + rdlen > p.size()) {
            err = "truncated answer data";
            return std::nullopt;
        }
        if (r.type == A) {
            if (rdlen != 4) {
                err = "A record with " + std::to_string(rdlen) + " data bytes";
                return std::nullopt;
            }
            r.data = std::to_string((unsigned char)p[off]) + "." + std::to_string((unsigned char)p[off + 1]) + "." +
                     std::to_string((unsigned char)p[off + 2]) + "." + std::to_string((unsigned char)p[off + 3]);
        } else if (r.type == PTR || r.type == CNAME) {
            std::size_t at = off;
            if (!read_name(p, at, r.data, err)) return std::nullopt;
            if (at != off + rdlen) {
                err = type_name(r.type) + " name does not fill its record";
                return std::nullopt;
            }
        }
        off += rdlen;
        m.answers.push_back(std::move(r));
    }
    return m;
}

std::string rcode_name(int rcode) {
    static const char* const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};
    if (rcode >= 0 && rcode < 6) return names[rcode];
    return "RCODE " + std::to_string(rcode);
}

std::string type_name(std::uint16_t type) {
    switch (type) {
    case A: return "A";
    case CNAME: return "CNAME";
    case PTR: return "PTR";
    case AAAA: return "AAAA";
    }
    return "TYPE" + std::to_string(type);
}

std::string mismatch(const Message& m, std::uint16_t id, const Question& q) {
    if (!m.response) return "a query, not an answer";
    if (m.id != id) return "answer id " + std::to_string(m.id) + " for query id " + std::to_string(id);
    if (m.opcode != 0) return "answer with opcode " + std::to_string(m.opcode);
    // A server may leave the question out of an error answer (FORMERR).
    if (m.questions.empty()) return {};
    const Question& got = m.questions[0];
    if (lower(got.name) != lower(strip_dot(q.name)) || got.type != q.type)
        return "answer for " + got.name + " " + type_name(got.type) + ", asked " + strip_dot(q.name) + " " + type_name(q.type);
    return {};
}

Verdict judge(const Message& m, const ReceivePattern& receive) {
    if (receive.empty()) return {false, "receive= is empty: a dns check is never up without it (as ldirectord)"};
    if (!receive.error().empty()) return {false, receive.error()};
    if (m.rcode != 0) return {false, rcode_name(m.rcode)};
    if (m.answers.empty()) return {false, "no answer records"};
    std::string seen;
    int shown = 0;
    for (const auto& r : m.answers) {
        if ((r.type != A && r.type != PTR) || r.cls != kClassIN) continue;
        std::string what = type_name(r.type) + " " + r.data;
        auto matched = receive.match(r.data);
        if (matched.status == ReceiveMatch::error) return {false, matched.reason};
        if (matched.ok()) return {true, what};
        if (shown++ < 3) seen += (seen.empty() ? "" : ", ") + what;
    }
    if (seen.empty()) return {false, "no A or PTR answer (first: " + type_name(m.answers[0].type) + ")"};
    return {false, "answer " + seen + " does not match receive"};
}

} // namespace directord::checks::dns
