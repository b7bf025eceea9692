// XML IDs (the CIB's id attributes are NCNames): letters, digits, '_', '-', '.'; a letter
// or '_' first.
#pragma once
#include <string>
#include <string_view>

namespace hb::cib {

// Every other character (or run of them) becomes one '_'; "_" is put in front of a name
// that would start with a digit, '-' or '.'.
std::string xml_id(std::string_view text);

} // namespace hb::cib
