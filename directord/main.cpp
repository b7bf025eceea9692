// directord: health-checks real servers and keeps the kernel's IPVS table in step,
// reading ldirectord.cf unchanged.
#include <cstdlib>
#include <string>
#include <vector>

#include "directord/daemon/commands.hpp"
#include "directord/daemon/sync_command.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    // `directord sync ...` drives the kernel's connection-sync daemon (resource.d/IPVSsyncd).
    if (directord::is_sync_command(args))
        return directord::run_sync(directord::parse_sync({args.begin() + 1, args.end()}));
    auto cli = directord::parse_cli(args);
    // For callers that run `directord CFG CMD` and pass no options (the OCF agent
    // ocf:heartbeat:ldirectord): the ipvsadm tool to use instead of netlink.
    if (const char* tool = std::getenv("DIRECTORD_IPVSADM"); tool && *tool && !cli.ipvsadm) cli.ipvsadm = tool;
    return directord::run_command(cli);
}
