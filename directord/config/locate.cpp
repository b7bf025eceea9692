// Where ldirectord looks for its configuration file, and the name it derives from it.
#include "directord/config/config.hpp"

#include <sys/stat.h>

namespace directord {

namespace {
bool is_regular_file(const std::string& p) {
    struct stat st{};
    return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}
} // namespace

std::optional<std::string> locate_config(const std::string& name, const std::string& root) {
    // ldirectord concatenates even an absolute name ("/etc/ha.d//x"): harmless, kept.
    for (const char* dir : {"/etc/ha.d/", "/etc/ha.d/conf/"}) {
        std::string p = root + dir + name;
        if (is_regular_file(p)) return p;
    }
    if (is_regular_file(name)) return name;
    return std::nullopt;
}

std::string config_name(const std::optional<std::string>& arg) {
    if (!arg) return "ldirectord";
    auto slash = arg->rfind('/');
    // "dir/" has no basename: ldirectord then keeps its default name too.
    std::string base = slash == std::string::npos ? *arg : arg->substr(slash + 1);
    return base.empty() ? "ldirectord" : base;
}

} // namespace directord
