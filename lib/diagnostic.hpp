// Problems found while reading a configuration file, each tied to file:line. Parsers collect
// all of them (instead of stopping at the first) so an operator can fix a file in one pass.
// Shared by the ha.cf/authkeys/haresources readers and (its field order fits directord's
// {file, line, message}) ldirectord.cf's.
#pragma once
#include <string>
#include <vector>

namespace ha {

enum class Severity { warning, error };

struct Diagnostic {
    std::string file;   // as the caller named it, e.g. "/etc/ha.d/ha.cf"
    int line = 0;       // 1-based; 0 = the file as a whole
    std::string message;
    Severity severity = Severity::error;

    // "ha.cf:7: message" for errors, "ha.cf:7: warning: message" for warnings;
    // without ":7" when line is 0.
    std::string str() const;
};

// The diagnostics of one file, in the order they were found.
class Diagnostics {
public:
    explicit Diagnostics(std::string file = {}) : file_(std::move(file)) {}

    void error(int line, std::string msg);
    void warning(int line, std::string msg);

    bool has_errors() const;
    std::size_t error_count() const;
    const std::vector<Diagnostic>& all() const { return items_; }
    std::vector<Diagnostic> errors() const;
    std::vector<Diagnostic> warnings() const;
    std::string str() const;   // one diagnostic per line
    const std::string& file() const { return file_; }

private:
    std::string file_;
    std::vector<Diagnostic> items_;
};

} // namespace ha
