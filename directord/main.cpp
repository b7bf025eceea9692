// directord: health-checks real servers and keeps the kernel's IPVS table in step,
// reading ldirectord.cf unchanged.
#include <string>
#include <vector>

#include "directord/daemon/commands.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return directord::run_command(directord::parse_cli(args));
}
