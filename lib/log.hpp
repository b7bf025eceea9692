// Logging for both daemons: stderr (foreground/debug), a file opened and closed per line
// (logrotate-friendly, as ldirectord does), syslog, or stdout for supervisors.
// write_in_background(true) hands file lines to a writer thread (lib/log_writer) instead, so
// the caller never waits for the disk (heartbeatd's event loop); rotation is still followed.
// Every line has a level; syslog gets it as the priority, the other sinks as a word
// before the message for warnings and worse (heartbeat 3.0.6's words: WARN, ERROR, CRIT).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ha {

class LogFileWriter;

enum class LogLevel { debug, info, notice, warning, err, crit };

// LOG_DEBUG ... LOG_CRIT.
int syslog_priority(LogLevel l);
// "WARN", "ERROR", "CRIT"; empty for debug, info and notice (ldirectord's lines carry no word;
// debug lines carry "DEBUGn" from Log::debug).
std::string_view level_word(LogLevel l);
// The message as every sink writes it: "ERROR: msg", "msg".
std::string with_level_word(LogLevel l, const std::string& msg);

class Log {
public:
    enum class Sink { stderr_plain, file, syslog, stdout_dated, capture };
    // capture: every line with its syslog priority (tests; a supervisor's own sink).
    using Capture = std::function<void(int priority, const std::string& line)>;

    // ident: program name for syslog ("directord"); tag: the bracket prefix in files.
    void to_stderr();
    void to_file(std::string path, std::string tag);
    void to_syslog(std::string ident, const std::string& facility);   // "local0", "daemon" ...
    void to_stdout_dated();
    void to_capture(Capture c);
    // File lines through a writer thread from now on (and after a later to_file); false: each
    // line written before write() returns, as before. Queued lines are written before this
    // returns when turning it off. A forked child writes synchronously whatever this says.
    void write_in_background(bool on);
    // Returns once every line so far is in the file (before exec or exit).
    void flush();
    void set_debug(int level) { debug_ = level; }
    int debug_level() const { return debug_; }

    void write(LogLevel l, const std::string& msg);
    void info(const std::string& msg) { write(LogLevel::info, msg); }
    void notice(const std::string& msg) { write(LogLevel::notice, msg); }
    void warning(const std::string& msg) { write(LogLevel::warning, msg); }
    void error(const std::string& msg) { write(LogLevel::err, msg); }
    void crit(const std::string& msg) { write(LogLevel::crit, msg); }
    // Many info lines at once: one open of the log file for all of them (a 10,000-change sync).
    void info_lines(const std::vector<std::string>& msgs);
    void debug(int level, const std::string& msg);

    // Facility name -> LOG_* value, -1 if unknown.
    static int facility(const std::string& name);

private:
    void emit(int priority, const std::string& line);
    std::string stamp(const std::string& msg) const;
    void restart_writer();

    bool background_ = false;
    std::shared_ptr<LogFileWriter> writer_;   // shared: Log stays copyable

    Sink sink_ = Sink::stderr_plain;
    std::string path_, tag_, ident_;
    Capture capture_;
    int debug_ = 0;
};

Log& log();   // the process's logger

} // namespace ha
