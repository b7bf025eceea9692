#include "heartbeatd/daemon/load_config.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <fstream>
#include <iterator>
#include <netdb.h>
#include <sys/stat.h>
#include <sys/utsname.h>

namespace hb::daemon {

std::time_t file_mtime(const std::string& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 ? st.st_mtime : 0;
}

static std::optional<std::string> slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

static void collect(const config::Diagnostics& d, std::vector<std::string>& warnings, std::string& errors) {
    for (auto& w : d.warnings()) warnings.push_back(w.str());
    for (auto& e : d.errors()) errors += (errors.empty() ? "" : "\n") + e.str();
}

ha::Expected<config::AuthKeys> load_authkeys(const std::string& dir, std::vector<std::string>& warnings) {
    std::string path = dir + "/authkeys";
    // Checked and read through one descriptor: what is checked is what is read.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return ha::make_error(path + ": cannot read: " + std::strerror(errno));
    struct stat st{};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return ha::make_error(path + ": cannot read: " + std::strerror(errno));
    }
    if (auto bad = config::check_authkeys_file(st.st_mode, st.st_uid, ::geteuid(), path)) {
        ::close(fd);
        return ha::make_error(*bad);
    }
    std::optional<std::string> text = std::string();
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { text.reset(); break; }
        if (n == 0) break;
        text->append(buf, std::size_t(n));
        if (text->size() > (1u << 20)) { text.reset(); break; }   // no key file is a megabyte
    }
    ::close(fd);
    if (!text) return ha::make_error(path + ": cannot read (or larger than 1 MB)");
    config::AuthKeysOptions o;
    o.file_name = path;
    const char* allow_crc = std::getenv("HEARTBEATD_ALLOW_CRC");
    o.allow_crc_beside_hmac = allow_crc && std::string_view(allow_crc) == "yes";
    auto r = config::parse_authkeys(*text, o);
    std::string errors;
    collect(r.diagnostics, warnings, errors);
    if (!r.ok()) return ha::make_error(errors);
    return r.keys;
}

ha::Expected<LoadedConfig> load_config(const std::string& dir) {
    LoadedConfig c;
    c.dir = dir;
    utsname u{};
    ::uname(&u);
    c.local = config::local_node_name(u.nodename, slurp(dir + "/nodeinfo"));

    std::string hacf = dir + "/ha.cf";
    auto text = slurp(hacf);
    if (!text) return ha::make_error(hacf + ": cannot read");
    config::HaCfOptions o;
    o.file_name = hacf;
    o.local_node = c.local;
    if (servent* s = ::getservbyname("ha-cluster", "udp")) o.default_udpport = ntohs(std::uint16_t(s->s_port));
    auto r = config::parse_ha_cf(*text, o);
    std::string errors;
    collect(r.diagnostics, c.warnings, errors);
    if (!r.ok()) return ha::make_error(errors);
    c.cf = std::move(r.config);
    c.hacf_mtime = file_mtime(hacf);

    auto keys = load_authkeys(dir, c.warnings);
    if (!keys) return ha::make_error(keys.error());
    c.keys = *keys;
    c.authkeys_mtime = file_mtime(dir + "/authkeys");

    std::string hr = dir + "/haresources";
    if (auto t = slurp(hr)) {
        config::HaResourcesOptions ho;
        ho.file_name = hr;
        ho.nodes = c.cf.nodes;
        auto g = config::parse_haresources(*t, ho);
        std::string gerr;
        collect(g.diagnostics, c.warnings, gerr);
        if (!g.ok()) return ha::make_error(gerr);
        c.groups = std::move(g.groups);
    }
    return c;
}

} // namespace hb::daemon
