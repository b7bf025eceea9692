// tlsverify=, tlscafile=, tlscapath=: directord's keys for the certificate policy of the
// TLS checks, global or per virtual. ldirectord has no such keys (it rejects them as
// unknown): a file using them is a directord file.
#include "directord/config/draft.hpp"
#include "directord/config/lexing.hpp"

namespace directord::detail {

bool read_tls_key(Ctx& ctx, int line, const std::string& text, std::string& key, std::optional<std::string>& value) {
    value.reset();
    for (const char* k : {"tlsverify", "tlscafile", "tlscapath"}) {
        auto q = lex::key_quoted(text, k);
        auto v = q ? q : lex::key_value(text, k);
        if (!v) continue;
        key = k;
        if (key == "tlsverify") {
            if (*v == "chain" || *v == "none" || *v == "hostname") value = *v;
            else
                ctx.sink.error(line, "tlsverify must be chain, none or hostname, not " + lex::quote(*v) +
                                         (lex::trim(*v) != *v ? " (remove the trailing blanks)" : ""));
            return true;
        }
        if (v->empty() || (*v)[0] != '/') {
            ctx.sink.error(line, key + " needs an absolute path, not " + lex::quote(*v));
            return true;
        }
        if (key == "tlscapath" && !ctx.resolver.is_directory(*v)) {
            ctx.sink.error(line, "tlscapath " + *v + " is not a directory");
            return true;
        }
        value = *v;
        return true;
    }
    return false;
}

} // namespace directord::detail
