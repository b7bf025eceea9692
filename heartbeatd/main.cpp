// heartbeatd: placeholder until the daemon lands (issue 4).
#include <cstdio>
int main() {
    std::fprintf(stderr, "heartbeatd: not implemented yet\n");
    return 1;
}
