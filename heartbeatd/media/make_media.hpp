// Builds the media ha.cf lists (one object per bcast interface, ucast line, serial port...).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/media/medium.hpp"
#include "lib/asio.hpp"

namespace hb::media {

std::vector<std::unique_ptr<Medium>> make_media(boost::asio::io_context& io, const config::HaCf& cf,
                                                const std::string& lock_dir);

} // namespace hb::media
