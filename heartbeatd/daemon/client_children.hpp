// ha.cf `respawn` clients, the shell: started once comm is up, restarted by the rules of
// respawn_policy when they exit, run as the user the line names (setpriv when it is not us)
// with stdin/stdout on /dev/null and heartbeat's HA_* environment; each leads its own
// process group. At shutdown they get SIGTERM (SIGKILL after 5 s) before resources are
// released, as heartbeat stops its clients first.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "heartbeatd/config/ha_cf.hpp"
#include "lib/asio.hpp"

namespace hb::daemon {

struct ClientSpec {
    std::string command;              // path and arguments, for the log
    std::vector<std::string> argv;    // what is executed (setpriv ... -- path args)
    int line = 0;
};

// argv for a respawn line: the program itself when `user` is the one we run as, else
// setpriv switching to that user's uid, primary gid and groups. Empty with `error` when
// the user does not exist or we may not switch.
ClientSpec client_spec(const config::ClientChild& c, std::string& error);

class ClientChildren {
public:
    using Logger = std::function<void(const std::string&)>;
    ClientChildren(boost::asio::any_io_executor ex, std::vector<ClientSpec> specs, std::vector<std::string> env,
                   Logger log);
    ~ClientChildren();
    void start_all();
    void stop_all(std::function<void()> done);
    // Running pids (tests and status).
    std::vector<int> pids() const;

private:
    struct Child;
    void start(const std::shared_ptr<Child>& c);
    void exited(const std::shared_ptr<Child>& c);
    void maybe_stopped();

    boost::asio::any_io_executor ex_;
    std::vector<std::shared_ptr<Child>> children_;
    std::vector<std::string> env_;
    Logger log_;
    bool started_ = false, stopping_ = false;
    std::function<void()> stopped_;
    std::unique_ptr<boost::asio::steady_timer> kill_timer_;
};

} // namespace hb::daemon
