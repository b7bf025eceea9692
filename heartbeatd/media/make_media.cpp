#include "heartbeatd/media/make_media.hpp"

#include "heartbeatd/media/serial_medium.hpp"
#include "heartbeatd/media/udp_medium.hpp"

namespace hb::media {

std::vector<std::unique_ptr<Medium>> make_media(boost::asio::io_context& io, const config::HaCf& cf,
                                                const std::string& lock_dir) {
    std::vector<std::unique_ptr<Medium>> out;
    for (const auto& m : cf.media) {
        if (m.kind == config::Medium::Kind::serial)
            out.push_back(std::make_unique<SerialMedium>(io, m, lock_dir));
        else
            out.push_back(std::make_unique<UdpMedium>(io, m));
    }
    return out;
}

} // namespace hb::media
