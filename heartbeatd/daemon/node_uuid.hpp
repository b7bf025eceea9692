// This node's 16-byte uuid (the srcuuid field), kept in <state dir>/hb_uuid as 3.0.6 does
// (uuidfrom file): created once from /dev/urandom, then reused.
#pragma once
#include <string>

#include "lib/expected.hpp"
#include "heartbeatd/wire/fields.hpp"

namespace hb::daemon {

ha::Expected<wire::Uuid> load_or_create_uuid(const std::string& dir);

} // namespace hb::daemon
