#include "heartbeatd/daemon/node_uuid.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "lib/safe_file.hpp"

namespace hb::daemon {

ha::Expected<wire::Uuid> load_or_create_uuid(const std::string& dir) {
    std::string path = dir + "/hb_uuid";
    {
        std::ifstream in(path, std::ios::binary);
        if (in) {
            std::string b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (auto u = wire::uuid_from_bytes(b)) return *u;
            return ha::make_error(path + ": not a 16-byte uuid");
        }
    }
    wire::Uuid u{};
    std::ifstream rnd("/dev/urandom", std::ios::binary);
    if (!rnd.read(reinterpret_cast<char*>(u.data()), u.size()))
        return ha::make_error("/dev/urandom: cannot read");
    std::string why;
    if (!ha::replace_file(path, std::string_view(reinterpret_cast<const char*>(u.data()), u.size()), 0644, true, why))
        return ha::make_error(why);
    return u;
}

} // namespace hb::daemon
