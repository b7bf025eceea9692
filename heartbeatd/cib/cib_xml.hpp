// The CIB model as XML text (pacemaker-3.0 schema: loads on Pacemaker 2.0 and later).
#pragma once
#include <string>

#include "heartbeatd/cib/cib_model.hpp"

namespace hb::cib {

std::string to_xml(const Cib& cib);

// Attribute text with &, <, >, " escaped.
std::string xml_escape(const std::string& s);
// Text that is safe inside <!-- -->: no "--", does not end in '-'.
std::string comment_safe(const std::string& s);

} // namespace hb::cib
