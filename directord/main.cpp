// directord entry point (being written).
#include <cstdio>
int main() {
    std::fprintf(stderr, "directord: not implemented yet\n");
    return 1;
}
