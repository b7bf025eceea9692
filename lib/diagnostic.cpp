#include "lib/diagnostic.hpp"

namespace ha {

std::string Diagnostic::str() const {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    s += ": ";
    if (severity == Severity::warning) s += "warning: ";
    s += message;
    return s;
}

void Diagnostics::error(int line, std::string msg) {
    items_.push_back({file_, line, std::move(msg), Severity::error});
}

void Diagnostics::warning(int line, std::string msg) {
    items_.push_back({file_, line, std::move(msg), Severity::warning});
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
    std::size_t n = 0;
    for (auto& d : items_) n += d.severity == Severity::error;
    return n;
}

std::vector<Diagnostic> Diagnostics::errors() const {
    std::vector<Diagnostic> out;
    for (auto& d : items_)
        if (d.severity == Severity::error) out.push_back(d);
    return out;
}

std::vector<Diagnostic> Diagnostics::warnings() const {
    std::vector<Diagnostic> out;
    for (auto& d : items_)
        if (d.severity == Severity::warning) out.push_back(d);
    return out;
}

std::string Diagnostics::str() const {
    std::string s;
    for (auto& d : items_) s += d.str() + "\n";
    return s;
}

} // namespace ha
