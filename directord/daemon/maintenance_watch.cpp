#include "directord/daemon/maintenance_watch.hpp"

#include <filesystem>

#include "directord/director/change_log.hpp"
#include "directord/health/maintenance.hpp"
#include "lib/log.hpp"

namespace directord {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {
constexpr auto kNameLifetime = std::chrono::minutes(1);
}

MaintenanceWatch::MaintenanceWatch(asio::io_context& io, health::Engine& engine)
    : io_(io), engine_(engine), timer_(io), resolver_(io) {}

MaintenanceWatch::~MaintenanceWatch() {
    *alive_ = false;
    stop();
}

void MaintenanceWatch::configure(const Config& cfg) {
    active_ = cfg.maintenancedir.has_value();
    // Its own copy only when used: with 10,000 reals a config copy is megabytes.
    cfg_ = active_ ? cfg : Config{};
    timer_.cancel();
    if (!active_) {
        if (!in_.empty()) engine_.set_maintenance({});
        in_.clear();
        return;
    }
    scan();
    arm();
}

void MaintenanceWatch::stop() {
    active_ = false;
    timer_.cancel();
    resolver_.cancel();
}

void MaintenanceWatch::arm() {
    timer_.expires_after(std::chrono::seconds(std::max(1, cfg_.checkinterval)));
    timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
        if (ec || !*alive || !active_) return;
        scan();
        arm();
    });
}

void MaintenanceWatch::scan() {
    std::set<std::string> entries;
    std::error_code ec;
    for (fs::directory_iterator it(*cfg_.maintenancedir, ec), end; !ec && it != end; it.increment(ec))
        entries.insert(it->path().filename().string());
    // An unreadable directory puts nothing in maintenance (and takes nothing out of it
    // by surprise: the last scan's answer stands).
    if (ec) {
        ha::log().warning("Cannot read maintenancedir " + *cfg_.maintenancedir + ": " + ec.message());
        return;
    }
    bool names = health::needs_names(entries);
    auto now = std::chrono::steady_clock::now();
    std::map<health::RealRef, std::string> in;
    for (std::size_t vi = 0; vi < cfg_.virtuals.size(); ++vi) {
        const Virtual& v = cfg_.virtuals[vi];
        for (std::size_t ri = 0; ri < v.reals.size(); ++ri) {
            const Real& r = v.reals[ri];
            std::string fqdn;
            if (names) {
                auto& n = names_[r.addr];
                fqdn = n.fqdn;
                if (!n.pending && (n.at == std::chrono::steady_clock::time_point{} || now - n.at > kNameLifetime)) look_up(r.addr);
            }
            if (auto f = health::maintenance_match(entries, health::maintenance_names(r.addr, r.port, fqdn)))
                in.emplace(health::RealRef{vi, ri}, *f);
        }
    }
    auto who = [&](health::RealRef ref) {
        const Virtual& v = cfg_.virtuals[ref.vi];
        const Real& r = v.reals[ref.ri];
        return ha::endpoint(r.addr, r.port) + " (" + virtual_id(v.key) + ")";
    };
    for (const auto& [ref, file] : in)
        if (!in_.count(ref)) ha::log().info("Real server " + who(ref) + " is in maintenance: " + *cfg_.maintenancedir + "/" + file);
    for (const auto& [ref, file] : in_)
        if (!in.count(ref)) ha::log().info("Real server " + who(ref) + " left maintenance: checked again");
    in_ = std::move(in);
    engine_.set_maintenance(in_);
    if (on_maintained_)
        for (const auto& [ref, file] : in_) on_maintained_(ref, file);
}

void MaintenanceWatch::look_up(const ha::Address& a) {
    boost::system::error_code ec;
    auto ip = asio::ip::make_address(a.str(), ec);
    if (ec) return;
    names_[a].pending = true;
    ++lookups_;
    resolver_.async_resolve(asio::ip::tcp::endpoint(ip, 0),
                            [this, a, alive = alive_](const boost::system::error_code& err, asio::ip::tcp::resolver::results_type res) {
                                if (!*alive) return;
                                --lookups_;
                                auto& n = names_[a];
                                n.pending = false;
                                n.at = std::chrono::steady_clock::now();
                                if (!err && !res.empty()) {
                                    std::string host = res.begin()->host_name();
                                    // No PTR record: getnameinfo hands the address back.
                                    if (ha::Address::parse(host)) host.clear();
                                    names_changed_ = names_changed_ || host != n.fqdn;
                                    n.fqdn = host;
                                }
                                // Once the batch is in, one scan: a name may match now.
                                if (lookups_ == 0 && names_changed_ && active_) {
                                    names_changed_ = false;
                                    scan();
                                }
                            });
}

} // namespace directord
