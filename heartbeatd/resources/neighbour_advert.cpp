#include "heartbeatd/resources/neighbour_advert.hpp"

namespace hb::resources {

namespace {
constexpr std::uint8_t kNeighbourAdvert = 136;
constexpr std::uint8_t kOverrideFlag = 0x20;        // first byte of the flags word: R=0x80, S=0x40, O=0x20
constexpr std::uint8_t kTargetLinkLayerOption = 2;
} // namespace

std::vector<std::uint8_t> unsolicited_na(const std::array<std::uint8_t, 16>& target,
                                         const std::array<std::uint8_t, 6>& mac) {
    std::vector<std::uint8_t> p;
    p.reserve(32);
    p.insert(p.end(), {kNeighbourAdvert, 0, 0, 0});   // type, code, checksum (kernel's)
    p.insert(p.end(), {kOverrideFlag, 0, 0, 0});      // flags + reserved
    p.insert(p.end(), target.begin(), target.end());
    p.insert(p.end(), {kTargetLinkLayerOption, 1});    // option length in units of 8 bytes
    p.insert(p.end(), mac.begin(), mac.end());
    return p;
}

} // namespace hb::resources
