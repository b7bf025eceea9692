// Internal to the parser: values as read from the file, before the globals are merged in.
// ldirectord keeps "unset" as -1 or undef and derives effective values at setup; so do we.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "directord/config/config.hpp"

namespace directord::detail {

// Collects diagnostics in the order ldirectord would meet them.
struct Sink {
    std::string file;
    std::vector<Diagnostic> errors, warnings;
    void error(int line, std::string msg) { errors.push_back({file, line, std::move(msg)}); }
    void warn(int line, std::string msg) { warnings.push_back({file, line, std::move(msg), ha::Severity::warning}); }
};

struct Ctx {
    Sink& sink;
    const Resolver& resolver;
};

// fallback= as written: host[:port] [gate|masq|ipip].
struct FallbackSpec {
    std::string host;
    std::optional<std::string> port;   // as written; nullopt = not given
    ipvs::Fwd fwd = ipvs::Fwd::route;
    int line = 0;
};

struct PendingReal {
    std::string text;   // after real=
    int line = 0;
};

struct VirtualDraft {
    Virtual v;
    bool addr_ok = true;                 // virtual= was understood
    int af = AF_INET;
    std::string protocol = "tcp";        // tcp, udp or fwm
    std::string host, port_text;         // host:port forms
    std::string fwm_text;                // fwmark form, as written
    std::optional<std::string> service;  // service= (explicit)
    int checktimeout = -1, negotiatetimeout = -1, checkcount = -1, failurecount = -1;
    std::optional<int> checkinterval;
    int checkinterval_line = 0;
    int receive_line = 0;                // line of receive= (its pattern is checked in merge)
    std::optional<bool> quiescent, cleanstop, httpkeepalive;
    std::optional<std::string> emailalert, emailalertstatus, smtp, fallbackcommand;
    std::optional<int> emailalertfreq;
    std::optional<FallbackSpec> fallback;
    std::optional<std::string> tlsverify, tlscafile, tlscapath;
    std::optional<std::string> httpredirects;
    std::vector<PendingReal> reals;
    std::string id;                      // ldirectord's id text (tcp:1.2.3.4:80), for duplicates
};

// A global fallback is resolved once per protocol (a service name may differ).
struct GlobalFallback {
    FallbackSpec spec;
    std::optional<Fallback> tcp, udp;
};

struct GlobalDraft {
    Config c;
    int checktimeout = -1, negotiatetimeout = -1;
    std::optional<GlobalFallback> fallback, fallback6;
};

// ld_getservbyname: a number 0..65535 is kept as written (the text matters for ids and
// default services), a name is looked up for `proto` ("" = any).
struct Port {
    std::uint16_t number = 0;
    std::string text;
};
std::optional<Port> resolve_port(const Resolver& r, const std::string& text, const std::string& proto);
// ld_gethostbyname: brackets are stripped, first address of the family.
std::optional<ha::Address> resolve_host(const Resolver& r, const std::string& name, int af);

// The pieces of the grammar, each in its own file.
void global_directive(Ctx& ctx, GlobalDraft& g, int line, const std::string& raw);
// One line of a virtual section; `rcmd` is the line without indentation and comment.
void section_directive(Ctx& ctx, VirtualDraft& d, int line, const std::string& raw,
                       const std::string& rcmd);
// virtual=/virtual6= value -> draft (address as written; resolved in finish_virtual).
VirtualDraft start_virtual(Ctx& ctx, int line, bool v6, const std::string& value);
// End of a block: resolve fallback, address and reals; `end_line` is the line that ended it.
void finish_virtual(Ctx& ctx, VirtualDraft& d, int end_line, std::vector<std::string>& seen_ids,
                    std::vector<int>& seen_lines);
std::optional<FallbackSpec> parse_fallback(Ctx& ctx, int line, const std::string& value);
std::optional<Fallback> resolve_fallback(Ctx& ctx, const FallbackSpec& f, const std::string& proto,
                                         int af);
void resolve_real(Ctx& ctx, VirtualDraft& d, const PendingReal& p);
// Value rules shared by globals and sections (shared_values.cpp): each returns the value
// to store, or nullopt after reporting the error on `line`.
std::optional<bool> yes_no(std::string_view v);
// What ldirectord keeps of a yes/no value differs: a global value is the rest of the line,
// a section value stops at '#' but keeps trailing blanks.
enum class Scope { global, section };
std::string yes_no_error(Scope where, const std::string& key, const std::string& v);
// httpredirects= (directord extension): none, samehost or any.
std::optional<std::string> read_redirects_value(Ctx& ctx, int line, const std::string& v);
// Number > 0 read from the first digit run. `strict`: the value must be > 0 numerically
// (global timeouts); otherwise Perl truth, so "00" passes as 0 (kept for compatibility).
std::optional<int> positive(Ctx& ctx, int line, const std::string& key, const std::string& v,
                            bool strict = false);
int clamp_int(std::uint64_t v);
std::optional<std::string> read_emailalert(Ctx& ctx, int line, const std::string& v);
std::optional<std::string> read_emailalertstatus(Ctx& ctx, int line, const std::string& v);
std::optional<int> read_emailalertfreq(Ctx& ctx, int line, const std::string& v);
std::optional<std::string> read_smtp(Ctx& ctx, int line, const std::string& v);
// checkcommand, fallbackcommand: a non-empty command.
std::optional<std::string> read_command(Ctx& ctx, int line, const std::string& key, const std::string& v);
// tlsverify=, tlscafile=, tlscapath= (directord extensions, global or per virtual), validated.
std::optional<std::string> read_tls_value(Ctx& ctx, int line, const std::string& key, const std::string& v);
// Keys ldirectord 4.12 refuses as deprecated.
void refuse_connecttimeout(Ctx& ctx, int line);
void refuse_timeout(Ctx& ctx, int line);
// Merge globals into every virtual and check what ldirectord would silently get wrong.
Config merge(Ctx& ctx, GlobalDraft& g, std::vector<VirtualDraft>& vs);

// The keys "did you mean" offers (lib/nearest_word.hpp picks one), from the two keyword
// tables (globals.cpp, section.cpp).
const std::vector<std::string>& global_keys();
const std::vector<std::string>& section_keys();

} // namespace directord::detail
