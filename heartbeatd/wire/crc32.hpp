// The checksum behind authkeys' "crc" method: CRC-32, polynomial 0x04C11DB7, MSB first
// (not reflected), initial value 0, result complemented, and no length appended (which is
// where it differs from cksum(1)).
#pragma once
#include <cstdint>
#include <string_view>

namespace hb::wire {

std::uint32_t heartbeat_crc32(std::string_view data);

} // namespace hb::wire
