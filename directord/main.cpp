// directord: health-checks real servers and keeps the kernel's IPVS table in step,
// reading ldirectord.cf unchanged.
#include <string>
#include <vector>

#include "directord/daemon/commands.hpp"
#include "directord/daemon/sync_command.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    // `directord sync ...` drives the kernel's connection-sync daemon (resource.d/IPVSsyncd).
    if (directord::is_sync_command(args))
        return directord::run_sync(directord::parse_sync({args.begin() + 1, args.end()}));
    return directord::run_command(directord::parse_cli(args));
}
