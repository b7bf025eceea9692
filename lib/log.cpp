#include "lib/log.hpp"

#include "lib/log_writer.hpp"
#include "lib/safe_file.hpp"

#include <cstdio>
#include <ctime>
#include <syslog.h>
#include <unistd.h>

namespace ha {

static std::string now_text() {
    std::time_t t = std::time(nullptr);
    char buf[64];
    std::tm tm;
    localtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &tm);
    return buf;
}

// "[date|tag|pid] ", what every line of the log file starts with.
static std::string line_prefix(const std::string& tag) {
    return "[" + now_text() + "|" + tag + "|" + std::to_string(getpid()) + "] ";
}

static std::string stamp_line(const std::string& tag, const std::string& msg) { return line_prefix(tag) + msg; }

Log& log() {
    static Log l;
    return l;
}

void Log::to_stderr() {
    sink_ = Sink::stderr_plain;
    restart_writer();
}

void Log::to_file(std::string path, std::string tag) {
    sink_ = Sink::file;
    path_ = std::move(path);
    tag_ = std::move(tag);
    restart_writer();
}

void Log::write_in_background(bool on) {
    background_ = on;
    restart_writer();
}

// The writer follows the sink: one for the current file when in the background, none else.
// The old one writes what it holds before it goes.
void Log::restart_writer() {
    if (writer_ && writer_->owned()) writer_->flush();
    writer_.reset();
    if (!background_ || sink_ != Sink::file) return;
    std::string tag = tag_;
    auto w = std::make_shared<LogFileWriter>(path_, [tag](const std::string& m) { return stamp_line(tag, m); });
    if (w->start()) writer_ = std::move(w);
    else std::fprintf(stderr, "log: cannot start the log writer thread; writing %s directly\n", path_.c_str());
}

void Log::flush() {
    if (writer_ && writer_->owned()) writer_->flush();
    std::fflush(stdout);
    std::fflush(stderr);
}

std::string Log::stamp(const std::string& msg) const { return stamp_line(tag_, msg); }

void Log::to_syslog(std::string ident, const std::string& fac) {
    sink_ = Sink::syslog;
    restart_writer();
    ident_ = std::move(ident);
    int f = facility(fac);
    openlog(ident_.c_str(), LOG_PID, f < 0 ? LOG_DAEMON : f);
}

void Log::to_stdout_dated() {
    sink_ = Sink::stdout_dated;
    restart_writer();
}

void Log::to_capture(Capture c) {
    sink_ = Sink::capture;
    capture_ = std::move(c);
    restart_writer();
}

int syslog_priority(LogLevel l) {
    switch (l) {
    case LogLevel::debug: return LOG_DEBUG;
    case LogLevel::info: return LOG_INFO;
    case LogLevel::notice: return LOG_NOTICE;
    case LogLevel::warning: return LOG_WARNING;
    case LogLevel::err: return LOG_ERR;
    case LogLevel::crit: return LOG_CRIT;
    }
    return LOG_INFO;
}

std::string_view level_word(LogLevel l) {
    switch (l) {
    case LogLevel::warning: return "WARN";
    case LogLevel::err: return "ERROR";
    case LogLevel::crit: return "CRIT";
    default: return "";
    }
}

std::string with_level_word(LogLevel l, const std::string& msg) {
    auto w = level_word(l);
    if (w.empty()) return msg;
    return std::string(w) + ": " + msg;
}

// The log file, opened for each write (logrotate needs no signal), never through a symlink
// or a file planted by another user (lib/safe_file); why it cannot be used goes to stderr once.
static FILE* open_log_file(const std::string& path) {
    static std::string last_error;
    std::string why;
    int fd = ha::open_for_append(path, why);
    if (fd < 0) {
        if (why != last_error) std::fprintf(stderr, "log: %s\n", why.c_str());
        last_error = why;
        return nullptr;
    }
    last_error.clear();
    FILE* f = ::fdopen(fd, "a");
    if (!f) ::close(fd);
    return f;
}

void Log::write(LogLevel l, const std::string& msg) { emit(syslog_priority(l), with_level_word(l, msg)); }

void Log::emit(int priority, const std::string& msg) {
    switch (sink_) {
    case Sink::stderr_plain:
        std::fprintf(stderr, "%s\n", msg.c_str());
        return;
    case Sink::stdout_dated:
        std::printf("[%s] %s\n", now_text().c_str(), msg.c_str());
        std::fflush(stdout);
        return;
    case Sink::syslog:
        syslog(priority, "%s", msg.c_str());
        return;
    case Sink::capture:
        if (capture_) capture_(priority, msg);
        return;
    case Sink::file:
        if (writer_ && writer_->owned()) {
            writer_->post(stamp(msg));
            return;
        }
        if (FILE* f = open_log_file(path_)) {
            std::fprintf(f, "%s\n", stamp(msg).c_str());
            std::fclose(f);
        } else {
            std::fprintf(stderr, "%s\n", msg.c_str());
        }
        return;
    }
}

void Log::info_lines(const std::vector<std::string>& msgs) {
    if (sink_ != Sink::file || (writer_ && writer_->owned())) {
        for (const auto& m : msgs) info(m);
        return;
    }
    FILE* f = open_log_file(path_);
    if (!f) {
        for (const auto& m : msgs) std::fprintf(stderr, "%s\n", m.c_str());
        return;
    }
    const std::string prefix = line_prefix(tag_);
    for (const auto& m : msgs) std::fprintf(f, "%s%s\n", prefix.c_str(), m.c_str());
    std::fclose(f);
}

void Log::debug(int level, const std::string& msg) {
    if (debug_ >= level) emit(LOG_DEBUG, "DEBUG" + std::to_string(level) + ": " + msg);
}

int Log::facility(const std::string& name) {
    static const struct { const char* n; int v; } table[] = {
        {"auth", LOG_AUTH}, {"authpriv", LOG_AUTHPRIV}, {"cron", LOG_CRON}, {"daemon", LOG_DAEMON},
        {"kern", LOG_KERN}, {"lpr", LOG_LPR}, {"mail", LOG_MAIL}, {"news", LOG_NEWS},
        {"syslog", LOG_SYSLOG}, {"user", LOG_USER}, {"uucp", LOG_UUCP}, {"local0", LOG_LOCAL0},
        {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4},
        {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7}};
    for (const auto& e : table)
        if (name == e.n) return e.v;
    return -1;
}

} // namespace ha
