#include "directord/config/config.hpp"

namespace directord {

std::string Diagnostic::str() const {
    if (line > 0) return file + ":" + std::to_string(line) + ": " + message;
    return file + ": " + message;
}

} // namespace directord
