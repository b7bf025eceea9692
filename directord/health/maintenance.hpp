// maintenancedir: a real server is in maintenance while a file named after it exists
// in the directory. ldirectord's names, most specific first: IP:PORT, IP, FQDN:PORT,
// FQDN, SHORT:PORT, SHORT (SHORT = the first label of the FQDN, only when it starts
// with a lowercase letter); IPv6 addresses in brackets. Pure.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lib/address.hpp"

namespace directord::health {

// `fqdn`: the reverse name of the address, empty when unknown.
std::vector<std::string> maintenance_names(const ha::Address& addr, std::uint16_t port, const std::string& fqdn);

// The first of `names` present in `entries` (the directory's file names).
std::optional<std::string> maintenance_match(const std::set<std::string>& entries, const std::vector<std::string>& names);

// Do the entries name anything but addresses? Only then are reverse names needed.
bool needs_names(const std::set<std::string>& entries);

} // namespace directord::health
