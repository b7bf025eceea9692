// tlsverify=, tlscafile=, tlscapath=: directord's keys for the certificate policy of the
// TLS checks, global or per virtual. ldirectord has no such keys (it rejects them as
// unknown): a file using them is a directord file.
#include "directord/config/draft.hpp"
#include "directord/config/lexing.hpp"

namespace directord::detail {

std::optional<std::string> read_tls_value(Ctx& ctx, int line, const std::string& key, const std::string& v) {
    if (key == "tlsverify") {
        if (v == "chain" || v == "none" || v == "hostname") return v;
        ctx.sink.error(line, "tlsverify must be chain, none or hostname, not " + lex::quote(v) +
                                 (lex::trim(v) != v ? " (remove the trailing blanks)" : ""));
        return std::nullopt;
    }
    if (v.empty() || v[0] != '/') {
        ctx.sink.error(line, key + " needs an absolute path, not " + lex::quote(v));
        return std::nullopt;
    }
    if (key == "tlscapath" && !ctx.resolver.is_directory(v)) {
        ctx.sink.error(line, "tlscapath " + v + " is not a directory");
        return std::nullopt;
    }
    return v;
}

} // namespace directord::detail
