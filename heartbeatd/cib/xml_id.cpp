#include "heartbeatd/cib/xml_id.hpp"

namespace hb::cib {

std::string xml_id(std::string_view text) {
    auto ok = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    };
    std::string id;
    for (char c : text) {
        if (ok(c)) id += c;
        else if (id.empty() || id.back() != '_') id += '_';
    }
    if (id.empty() || !((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z') || id[0] == '_')) id = "_" + id;
    return id;
}

} // namespace hb::cib
