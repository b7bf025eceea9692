// emailalert: which mails a table change or a lasting outage gives, and their text.
// Pure; the daemon's Mailer sends them (sendmail, or SMTP to smtp=).
//
// A mail goes out for every add, restore, quiesce or delete of a real or fallback server
// of a virtual with emailalert set, when the daemon's phase is in its emailalertstatus.
// While a real stays out (deleted or quiesced), emailalertfreq > 0 repeats
// "Inaccessible real server: R (V)" every emailalertfreq seconds.
#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "directord/config/config.hpp"
#include "directord/health/health_event.hpp"

namespace directord {

enum class DaemonPhase { starting, running, reloading, stopping };
unsigned phase_bit(DaemonPhase p);          // kAlertStarting ...
const char* phase_name(DaemonPhase p);      // "starting" ...

struct AlertMail {
    std::optional<std::string> smtp;        // relay host (port 25), else the local sendmail
    std::string envelope_from;              // user@host
    std::vector<std::string> to;
    std::string message;                    // RFC 5322 text, CRLF line ends
    std::string subject;
};

struct AlertContext {
    std::string hostname;                   // this director
    std::string user = "root";
    DaemonPhase phase = DaemonPhase::running;
};

// "a@b, c@d" -> {"a@b", "c@d"}
std::vector<std::string> alert_recipients(const std::string& emailalert);

// Does this narrated table change call for a mail (Added/Restored/Quiescent/Deleted
// real or fallback server)?
bool alert_worthy(const std::string& change_line);

// The mail for `line` about virtual `v`, if its settings ask for one in this phase.
std::optional<AlertMail> alert_for(const Config& cfg, const Virtual& v, const std::string& line, const AlertContext& ctx);

// emailalertfreq reminders. Fed with the reals out of service now; says which are due.
class AlertReminders {
public:
    using clock = std::chrono::steady_clock;
    // `out`: reals deleted or quiesced now. A real back in service is forgotten; one
    // newly out is remembered from `now` (its first mail was the change alert).
    std::vector<health::RealRef> due(const Config& cfg, const std::set<health::RealRef>& out, clock::time_point now);

private:
    std::map<health::RealRef, clock::time_point> last_;
};

} // namespace directord
