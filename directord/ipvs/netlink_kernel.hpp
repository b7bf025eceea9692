// The real kernel's IPVS table over generic netlink (family "IPVS").
//
// apply() pipelines: ops go out in batches on one socket, each message with NLM_F_ACK, and the
// acks are matched back to ops by sequence number. The kernel handles a whole batch inside the
// send() call, so a batch is sized to let all its acks fit in the receive buffer (the "window").
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include <linux/netlink.h>

#include "directord/ipvs/kernel.hpp"
#include "directord/ipvs/stats.hpp"
#include "directord/ipvs/sync_codec.hpp"

struct nl_sock;

namespace ipvs {

class NetlinkKernel : public Kernel {
public:
    // Opens the socket, resolves the family and checks we may use it.
    // Throws KernelError ("IPVS is not available in this kernel (modprobe ip_vs)", or
    // "... needs CAP_NET_ADMIN (run as root)").
    NetlinkKernel();
    ~NetlinkKernel() override;
    NetlinkKernel(const NetlinkKernel&) = delete;
    NetlinkKernel& operator=(const NetlinkKernel&) = delete;

    // Whole table; throws KernelError if the kernel refuses or answers nonsense.
    Table dump() override { return dump_into(nullptr); }
    // The same, with every service's and destination's counters and rates (status --stats).
    Table dump(TableStats& stats) { return dump_into(&stats); }
    std::vector<OpResult> apply(std::span<const Op> ops) override;
    // Removes every service and destination in this network namespace.
    void flush();

    // The connection-sync daemons running in this network namespace (at most one per role).
    std::vector<nl::SyncDaemon> sync_daemons();
    // Starts one; returns 0 or the kernel's errno (EEXIST: that role already runs).
    // Throws KernelError for a daemon that cannot be expressed.
    int start_sync(const nl::SyncDaemon& d);
    // Stops the daemon of that role; 0 or the kernel's errno (ESRCH: it was not running).
    int stop_sync(nl::SyncRole role);

    // IPVS version the kernel reports, e.g. "1.2.1".
    const std::string& version() const { return version_; }
    // Most ops in flight at once; 1 gives one round trip per op (for comparisons).
    std::size_t window() const { return window_; }
    void set_window(std::size_t w) { window_ = w ? w : 1; }

private:
    Table dump_into(TableStats* stats);
    using OnMessage = std::function<void(nlmsghdr*)>;
    // Sends one request and feeds replies to on_msg until its ack, error or dump end.
    // Returns 0 or a positive errno from the kernel.
    int transact(const std::string& request, bool is_dump, const OnMessage& on_msg);
    void send_all(const std::string& bytes);
    // Reads one datagram and calls on_msg for every message in it. Returns false on EAGAIN.
    bool receive(const OnMessage& on_msg, bool block);
    std::uint32_t next_seq() { return seq_++; }

    nl_sock* sock_ = nullptr;
    int fd_ = -1;
    int family_ = 0;
    std::uint32_t seq_ = 1;
    std::size_t window_ = 64;
    std::size_t max_batch_bytes_ = 64 * 1024;
    std::string version_;
    std::string rxbuf_;
};

} // namespace ipvs
