#include "heartbeatd/cib/cib_command.hpp"

#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeatd/cib/cib_xml.hpp"
#include "heartbeatd/cib/convert.hpp"

namespace hb::cib {

namespace {

std::optional<std::string> slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool is_file(const std::string& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_executable(const std::string& path) { return is_file(path) && ::access(path.c_str(), X_OK) == 0; }

std::set<std::string> scripts_in(const std::string& dir) {
    std::set<std::string> names;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string n = e->d_name;
            if (n != "." && n != ".." && is_executable(dir + "/" + n)) names.insert(n);
        }
        ::closedir(d);
    }
    return names;
}

std::string default_directord() {
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        std::string self(buf, std::size_t(n));
        std::string beside = self.substr(0, self.rfind('/') + 1) + "directord";
        if (is_executable(beside)) return beside;
    }
    return "/usr/sbin/directord";
}

bool print(const config::Diagnostics& d) {
    for (auto& x : d.all()) std::fprintf(stderr, "%s\n", x.str().c_str());
    return !d.has_errors();
}

} // namespace

int run_cib_command(const CibCommand& c) {
    std::string hacf = c.config_dir + "/ha.cf", hr = c.config_dir + "/haresources";
    auto cf_text = slurp(hacf);
    if (!cf_text) {
        std::fprintf(stderr, "%s: cannot read\n", hacf.c_str());
        return 6;
    }
    config::HaCfOptions o;
    o.file_name = hacf;
    auto cf = config::parse_ha_cf(*cf_text, o);
    if (!print(cf.diagnostics)) return 6;
    std::vector<config::ResourceGroup> groups;
    if (auto t = slurp(hr)) {
        config::HaResourcesOptions ho;
        ho.file_name = hr;
        ho.nodes = cf.config.nodes;
        auto g = config::parse_haresources(*t, ho);
        if (!print(g.diagnostics)) return 6;
        groups = std::move(g.groups);
    } else {
        std::fprintf(stderr, "%s: cannot read: no resource groups to convert\n", hr.c_str());
    }

    CibInput in;
    in.cf = &cf.config;
    in.hacf_text = *cf_text;
    in.hacf_name = hacf;
    in.groups = &groups;
    in.haresources_name = hr;
    in.scripts.resource_d = scripts_in(c.config_dir + "/resource.d");
    in.scripts.init_d = scripts_in(c.init_dir);
    in.scripts.directord_path = c.directord.empty() ? default_directord() : c.directord;
    // directord's lookup (/etc/ha.d/NAME, then /etc/ha.d/conf/NAME), in the -c directory first.
    std::string dir = c.config_dir;
    in.scripts.ldirectord_config = [dir](const std::string& given) -> std::optional<std::string> {
        if (given.starts_with("/")) return is_file(given) ? std::optional<std::string>(given) : std::nullopt;
        for (const std::string& d : {dir, dir + "/conf", std::string("/etc/ha.d"), std::string("/etc/ha.d/conf")})
            if (is_file(d + "/" + given)) return d + "/" + given;
        return std::nullopt;
    };
    auto r = make_cib(in);
    std::fputs(to_xml(r.cib).c_str(), stdout);
    for (auto& d : r.diagnostics) std::fprintf(stderr, "%s\n", d.str().c_str());
    if (!r.complete()) {
        std::fprintf(stderr, "heartbeatd cib: some resources were not converted (errors above); the CIB lacks them\n");
        return 1;
    }
    return 0;
}

} // namespace hb::cib
