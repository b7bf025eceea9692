// maintenancedir at the edge: once per checkinterval the directory is listed (one
// readdir, not one stat per real) and the reals it names are put in maintenance.
// Reverse names are looked up only while the directory holds a non-address name, in
// the background, each address at most once a minute (ldirectord does one blocking
// reverse lookup per real per check).
#pragma once
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "directord/config/config.hpp"
#include "directord/health/engine.hpp"
#include "lib/asio.hpp"

namespace directord {

class MaintenanceWatch {
public:
    MaintenanceWatch(boost::asio::io_context& io, health::Engine& engine);
    ~MaintenanceWatch();

    // The config the engine runs now: scans at once, then every checkinterval.
    void configure(const Config& cfg);
    void stop();
    // Each scan, for every real in maintenance (monitorfile lines).
    void on_maintained(std::function<void(health::RealRef, const std::string& file)> cb) { on_maintained_ = std::move(cb); }

private:
    void scan();
    void arm();
    void look_up(const ha::Address& a);

    boost::asio::io_context& io_;
    health::Engine& engine_;
    boost::asio::steady_timer timer_;
    boost::asio::ip::tcp::resolver resolver_;
    Config cfg_;
    bool active_ = false;
    std::map<health::RealRef, std::string> in_;   // last scan's result
    struct Name {
        std::string fqdn;
        std::chrono::steady_clock::time_point at;
        bool pending = false;
    };
    std::map<ha::Address, Name> names_;
    int lookups_ = 0;              // in flight
    bool names_changed_ = false;   // since the last scan
    std::function<void(health::RealRef, const std::string&)> on_maintained_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace directord
