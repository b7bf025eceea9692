// The command lines: directord's parse_cli, heartbeatd's parse_command_line (with HA_*
// variables) and cl_status (answered through the control socket's answer()). The input is
// the argument list, NUL-separated. Invariants: a parse either fails with a message or
// gives a usable command; cl_status exits with one of heartbeat's codes and prints
// something; every request it sends is a control-socket line.
#include <algorithm>

#include "directord/daemon/cli.hpp"
#include "heartbeatd/daemon/cl_status.hpp"
#include "heartbeatd/daemon/command_line.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/hb_view.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> args;
    std::string_view rest = fuzz::view(data, size);
    while (!rest.empty() && args.size() < 32) {
        auto nul = rest.find('\0');
        args.emplace_back(rest.substr(0, nul));
        rest = nul == std::string_view::npos ? std::string_view{} : rest.substr(nul + 1);
    }

    auto cli = directord::parse_cli(args);
    if (cli.error.empty() && !cli.help && !cli.version && !cli.test && !cli.check)
        FUZZ_CHECK(cli.command.empty() || directord::is_command(cli.command));
    (void)directord::usage();

    auto env = [](const char* name) -> std::optional<std::string> {
        if (std::string_view(name) == "HA_DIR") return std::string("/etc/ha.d");
        return std::nullopt;
    };
    auto hb = hb::daemon::parse_command_line(args, env);
    FUZZ_CHECK(hb.cmd.has_value() == hb.error.empty());

    fuzz::View view;
    std::vector<std::string> sent;
    auto ask = [&](const std::string& request) {
        sent.push_back(request);
        return hb::daemon::answer(hb::daemon::split_words(request), view);
    };
    auto out = hb::daemon::run_cl_status(args, ask);
    namespace x = hb::daemon::cl_exit;
    FUZZ_CHECK(out.code == x::ok || out.code == x::normal_fail || out.code == x::parameter_error ||
               out.code == x::timeout || out.code == x::unknown_error);
    for (const auto& r : sent) FUZZ_CHECK(r.find('\n') == std::string::npos);
    return 0;
}
