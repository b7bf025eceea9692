// Logging for both daemons: stderr (foreground/debug), a file opened and closed per line
// (logrotate-friendly, as ldirectord does), syslog, or stdout for supervisors.
#pragma once
#include <string>
#include <vector>

namespace ha {

class Log {
public:
    enum class Sink { stderr_plain, file, syslog, stdout_dated };

    // ident: program name for syslog ("directord"); tag: the bracket prefix in files.
    void to_stderr();
    void to_file(std::string path, std::string tag);
    void to_syslog(std::string ident, const std::string& facility);   // "local0", "daemon" ...
    void to_stdout_dated();
    void set_debug(int level) { debug_ = level; }
    int debug_level() const { return debug_; }

    void info(const std::string& msg);
    // Many lines at once: one open of the log file for all of them (a 10,000-change sync).
    void info_lines(const std::vector<std::string>& msgs);
    void error(const std::string& msg) { info(msg); }
    void debug(int level, const std::string& msg);

    // Facility name -> LOG_* value, -1 if unknown.
    static int facility(const std::string& name);

private:
    Sink sink_ = Sink::stderr_plain;
    std::string path_, tag_, ident_;
    int debug_ = 0;
};

Log& log();   // the process's logger

} // namespace ha
