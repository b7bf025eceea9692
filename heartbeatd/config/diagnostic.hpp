// ha.cf, authkeys and haresources report through lib's diagnostics (lib/diagnostic.hpp);
// these names keep the readers and their callers in hb::config's words.
#pragma once
#include "lib/diagnostic.hpp"

namespace hb::config {

using ha::Diagnostic;
using ha::Diagnostics;
using ha::Severity;

} // namespace hb::config
