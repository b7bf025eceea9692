#include "directord/daemon/sync_command.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>

#include "directord/ipvs/netlink_kernel.hpp"

namespace directord {

using ipvs::nl::SyncDaemon;
using ipvs::nl::SyncRole;

bool is_sync_command(const std::vector<std::string>& args) {
    if (args.size() < 2 || args[0] != "sync") return false;
    for (const char* verb : {"master", "backup", "stop", "status"})
        if (args[1] == verb) return true;
    return false;
}

std::string sync_usage() {
    return "Usage: directord sync master|backup INTERFACE SYNCID   start the IPVS connection-sync daemon\n"
           "       directord sync stop [master|backup]            stop it (both roles by default)\n"
           "       directord sync status                          show the running ones\n";
}

namespace {

std::optional<std::uint32_t> parse_syncid(const std::string& s) {
    if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    std::uint32_t v = static_cast<std::uint32_t>(std::stoul(s));
    if (v > 255) return std::nullopt;
    return v;
}

std::string describe(const SyncDaemon& d) {
    return std::string(ipvs::nl::sync_role_name(d.role)) + " on " + d.interface + ", syncid " +
           std::to_string(d.syncid);
}

} // namespace

SyncRequest parse_sync(const std::vector<std::string>& w) {
    SyncRequest r;
    if (w.empty()) {
        r.error = "sync: no action given";
        return r;
    }
    if (w[0] == "status") {
        if (w.size() != 1) r.error = "sync status takes no arguments";
        return r;
    }
    if (w[0] == "stop") {
        r.action = SyncRequest::stop;
        if (w.size() > 2) r.error = "sync stop takes at most one role";
        else if (w.size() == 2 && !(r.stop_role = ipvs::nl::parse_sync_role(w[1])))
            r.error = "sync stop: unknown role '" + w[1] + "' (master or backup)";
        return r;
    }
    auto role = ipvs::nl::parse_sync_role(w[0]);
    if (!role) {
        r.error = "sync: unknown action '" + w[0] + "'";
        return r;
    }
    r.action = SyncRequest::start;
    r.daemon.role = *role;
    if (w.size() != 3) {
        r.error = "sync " + w[0] + " needs INTERFACE and SYNCID";
        return r;
    }
    r.daemon.interface = w[1];
    auto id = parse_syncid(w[2]);
    if (!id) {
        r.error = "sync: syncid '" + w[2] + "' is not a number from 0 to 255";
        return r;
    }
    r.daemon.syncid = *id;
    if (auto why = ipvs::nl::sync_daemon_problem(r.daemon); !why.empty()) r.error = "sync: " + why;
    return r;
}

int run_sync(const SyncRequest& r) {
    if (!r.error.empty()) {
        std::cerr << "directord: " << r.error << "\n" << sync_usage();
        return 2;
    }
    try {
        ipvs::NetlinkKernel k;
        auto running = k.sync_daemons();
        auto find = [&](SyncRole role) -> const SyncDaemon* {
            for (const auto& d : running)
                if (d.role == role) return &d;
            return nullptr;
        };
        if (r.action == SyncRequest::status) {
            for (const auto& d : running) std::cout << "IPVS sync " << describe(d) << "\n";
            if (running.empty()) std::cout << "no IPVS sync daemon is running\n";
            return running.empty() ? 3 : 0;
        }
        if (r.action == SyncRequest::stop) {
            int rc = 0;
            for (SyncRole role : {SyncRole::master, SyncRole::backup}) {
                if (r.stop_role && *r.stop_role != role) continue;
                const SyncDaemon* d = find(role);
                if (!d) continue;
                std::string what = describe(*d);
                int err = k.stop_sync(role);
                if (err && err != ESRCH) {
                    std::cerr << "directord: stopping the IPVS sync " << what << " failed: " << std::strerror(err) << "\n";
                    rc = 1;
                } else {
                    std::cout << "IPVS sync " << what << ": stopped\n";
                }
            }
            return rc;
        }
        // start: a daemon of that role with other settings is replaced.
        if (const SyncDaemon* d = find(r.daemon.role)) {
            if (*d == r.daemon) {
                std::cout << "IPVS sync " << describe(r.daemon) << ": already running\n";
                return 0;
            }
            std::cout << "IPVS sync " << describe(*d) << ": stopped (replaced)\n";
            if (int err = k.stop_sync(r.daemon.role); err && err != ESRCH) {
                std::cerr << "directord: stopping the IPVS sync " << describe(*d) << " failed: " << std::strerror(err) << "\n";
                return 1;
            }
        }
        if (int err = k.start_sync(r.daemon)) {
            std::string why = err == ENODEV ? "no such interface" : std::strerror(err);
            std::cerr << "directord: starting the IPVS sync " << describe(r.daemon) << " failed: " << why << "\n";
            return 1;
        }
        std::cout << "IPVS sync " << describe(r.daemon) << ": started\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "directord: " << e.what() << "\n";
        return 1;
    }
}

} // namespace directord
