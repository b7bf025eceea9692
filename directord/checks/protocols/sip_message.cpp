#include "directord/checks/protocols/sip_message.hpp"

#include <cctype>
#include <vector>

namespace directord::checks::sip {

namespace {

constexpr std::size_t kMaxHead = 65536;

std::string lower(std::string_view s) {
    std::string o(s);
    for (auto& c : o) c = (char)std::tolower((unsigned char)c);
    return o;
}

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return std::string(s.substr(b, e - b));
}

// RFC 3261 7.3.3 compact header names.
std::string full_name(std::string n) {
    if (n == "i") return "call-id";
    if (n == "v") return "via";
    if (n == "l") return "content-length";
    return n;
}

// The branch parameter of the first Via value.
std::string branch_of(const std::string& via) {
    std::string first = via.substr(0, via.find(','));
    std::string l = lower(first);
    for (std::size_t at = l.find(';'); at != std::string::npos; at = l.find(';', at + 1)) {
        std::size_t b = at + 1;
        while (b < l.size() && (l[b] == ' ' || l[b] == '\t')) ++b;
        if (l.compare(b, 7, "branch=") != 0) continue;
        b += 7;
        std::size_t e = b;
        while (e < first.size() && first[e] != ';' && first[e] != ' ' && first[e] != '\t') ++e;
        return first.substr(b, e - b);
    }
    return {};
}

} // namespace

std::string request_uri(const std::string& login, const std::string& server, unsigned port) {
    if (!login.empty()) return "sip:" + login;
    return "sip:" + server + ":" + std::to_string(port);
}

std::string encode_options(const Options& o) {
    std::string r;
    r += "OPTIONS " + o.uri + " SIP/2.0\r\n";
    r += "Via: SIP/2.0/" + o.transport + " " + o.sent_by + ";branch=" + o.branch + ";rport\r\n";
    r += "Max-Forwards: 70\r\n";
    r += "To: <" + o.uri + ">\r\n";
    r += "From: <" + o.uri + ">;tag=" + o.tag + "\r\n";
    r += "Call-ID: " + o.call_id + "\r\n";
    r += "CSeq: " + std::to_string(o.cseq) + " OPTIONS\r\n";
    r += "Contact: <" + o.uri + ">\r\n";
    r += "Accept: application/sdp\r\n";
    r += "Content-Length: 0\r\n\r\n";
    return r;
}

std::optional<Response> parse_response(std::string_view data, bool stream, bool& incomplete, std::string& err) {
    incomplete = false;
    // RFC 3261 7.5: CRLFs before a message are ignored (keep-alives on a stream).
    std::size_t start = 0;
    while (start < data.size() && (data[start] == '\r' || data[start] == '\n')) ++start;
    std::size_t head_end = data.find("\r\n\r\n", start);
    std::size_t sep = 4;
    if (head_end == std::string_view::npos) {
        head_end = data.find("\n\n", start);
        sep = 2;
    }
    if (head_end == std::string_view::npos) {
        std::string_view part = data.substr(start);
        // Garbage shows in its first bytes: no need to wait for a blank line.
        constexpr std::string_view magic = "SIP/2.0 ";
        std::size_t n = std::min(part.size(), magic.size());
        if (part.substr(0, n) != magic.substr(0, n)) {
            err = "not a SIP response: \"" + std::string(part.substr(0, std::min<std::size_t>(part.find_first_of("\r\n"), 80))) + "\"";
            return std::nullopt;
        }
        if (part.size() > kMaxHead) {
            err = "headers longer than " + std::to_string(kMaxHead) + " bytes";
            return std::nullopt;
        }
        if (stream) incomplete = true;
        else err = "a datagram without the end of the headers";
        return std::nullopt;
    }
    std::string_view head = data.substr(start, head_end - start);
    // Lines, folded continuation lines joined (RFC 3261 7.3.1).
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos <= head.size()) {
        std::size_t nl = head.find('\n', pos);
        if (nl == std::string_view::npos) nl = head.size();
        std::string l(head.substr(pos, nl - pos));
        if (!l.empty() && l.back() == '\r') l.pop_back();
        if (!lines.empty() && !l.empty() && (l[0] == ' ' || l[0] == '\t')) lines.back() += " " + trim(l);
        else lines.push_back(l);
        pos = nl + 1;
    }
    Response r;
    r.status_line = lines[0].substr(0, 200);
    const std::string& sl = lines[0];
    if (sl.compare(0, 8, "SIP/2.0 ") != 0 || sl.size() < 11 || !std::isdigit((unsigned char)sl[8]) ||
        !std::isdigit((unsigned char)sl[9]) || !std::isdigit((unsigned char)sl[10]) || (sl.size() > 11 && sl[11] != ' ')) {
        err = "not a SIP response: \"" + sl.substr(0, 80) + "\"";
        return std::nullopt;
    }
    r.status = std::stoi(sl.substr(8, 3));
    std::size_t body = 0;
    bool via_seen = false;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::size_t colon = lines[i].find(':');
        if (colon == std::string::npos) continue;
        std::string name = full_name(lower(trim(std::string_view(lines[i]).substr(0, colon))));
        std::string value = trim(std::string_view(lines[i]).substr(colon + 1));
        if (name == "call-id") r.call_id = value;
        else if (name == "via" && !via_seen) {
            via_seen = true;
            r.branch = branch_of(value);
        } else if (name == "cseq") {
            auto sp = value.find_first_of(" \t");
            if (sp != std::string::npos) r.cseq_method = trim(std::string_view(value).substr(sp + 1));
        } else if (name == "content-length") {
            if (value.empty() || value.size() > 7 || value.find_first_not_of("0123456789") != std::string::npos) {
                err = "bad Content-Length \"" + value.substr(0, 20) + "\"";
                return std::nullopt;
            }
            body = std::stoul(value);
        }
    }
    r.size = head_end + sep + body;
    if (stream && data.size() < r.size) {
        incomplete = true;
        return std::nullopt;
    }
    if (!stream) r.size = data.size();
    return r;
}

std::string mismatch(const Response& r, const Options& o) {
    if (r.call_id != o.call_id) return "a response for Call-ID \"" + r.call_id.substr(0, 80) + "\"";
    if (r.branch != o.branch) return "a response for Via branch \"" + r.branch.substr(0, 80) + "\"";
    if (r.cseq_method != "OPTIONS") return "a response for CSeq method \"" + r.cseq_method.substr(0, 20) + "\"";
    return {};
}

} // namespace directord::checks::sip
