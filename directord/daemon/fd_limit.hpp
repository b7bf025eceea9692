// The open-file limit the checks need: every check in flight holds a socket, and at start
// all reals are checked within a second, so 10,000 reals can want ~10,000 descriptors at
// once, far past the usual soft limit of 1,024 (a check past it fails with "Too many open
// files" and its real stays out of the table until its next check).
#pragma once
#include <cstddef>
#include <string>

#include "directord/config/config.hpp"

namespace directord {

// One descriptor per real (checks shared by identity need fewer) plus room for the rest.
std::size_t fds_wanted(const Config& cfg);

// Raises the soft limit towards `wanted` (and the hard one too, when we may: root). Returns
// "" when the limit is enough, else a warning naming both numbers.
std::string raise_fd_limit(std::size_t wanted);

} // namespace directord
