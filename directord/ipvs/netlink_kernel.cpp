#include "directord/ipvs/netlink_kernel.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/time.h>

#include <linux/ip_vs.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "directord/ipvs/netlink_codec.hpp"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

namespace ipvs {
namespace {

constexpr int kBufferBytes = 8 << 20;     // room for a large batch of acks or a dump chunk
constexpr int kReplyTimeoutSec = 10;      // the kernel answers in microseconds; this is "hung"
// Kernel memory charged per queued ack (skb overhead, not the 36 payload bytes); measured
// generously so a full window of acks never overruns the receive buffer.
constexpr int kAckCost = 2048;

// The socket dropped answers because its receive buffer was full.
struct ReceiveOverrun {};

std::string permission_text() {
    return "reading or changing the IPVS table needs CAP_NET_ADMIN (run as root)";
}

std::string kernel_refused(const char* what, int err) {
    if (err == EPERM || err == EACCES) return permission_text();
    return std::string(what) + " failed: " + std::strerror(err);
}

// Asks for a buffer size; root may exceed the net.core.*mem_max limits with the FORCE options.
int size_buffer(int fd, int force_opt, int opt, int bytes) {
    if (setsockopt(fd, SOL_SOCKET, force_opt, &bytes, sizeof bytes) < 0)
        setsockopt(fd, SOL_SOCKET, opt, &bytes, sizeof bytes);
    int got = 0;
    socklen_t len = sizeof got;
    getsockopt(fd, SOL_SOCKET, opt, &got, &len);
    return got;
}

} // namespace

NetlinkKernel::NetlinkKernel() : rxbuf_(256 * 1024, '\0') {
    sock_ = nl_socket_alloc();
    if (!sock_) throw KernelError("cannot allocate a netlink socket");
    try {
        if (int rc = genl_connect(sock_); rc < 0)
            throw KernelError(std::string("cannot open a generic netlink socket: ") + nl_geterror(rc));
        family_ = genl_ctrl_resolve(sock_, IPVS_GENL_NAME);
        if (family_ == -NLE_OBJ_NOTFOUND)
            throw KernelError("IPVS is not available in this kernel (modprobe ip_vs)");
        if (family_ < 0)
            throw KernelError(std::string("cannot look up IPVS in the kernel: ") + nl_geterror(family_));
        fd_ = nl_socket_get_fd(sock_);

        int rcv = size_buffer(fd_, SO_RCVBUFFORCE, SO_RCVBUF, kBufferBytes);
        int snd = size_buffer(fd_, SO_SNDBUFFORCE, SO_SNDBUF, kBufferBytes);
        // Measured under qemu, windows of 32..1024 perform alike (the kernel's own work per op
        // dominates); 256 keeps the ack backlog small whatever the buffer turned out to be.
        window_ = std::clamp<std::size_t>(static_cast<std::size_t>(rcv / kAckCost), 16, 256);
        max_batch_bytes_ = std::clamp<std::size_t>(static_cast<std::size_t>(snd / 2), 16 * 1024, 256 * 1024);
        // Error acks would otherwise echo each whole request back, costing buffer space.
        int one = 1;
        setsockopt(fd_, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
        timeval tv{kReplyTimeoutSec, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

        // Every IPVS command needs CAP_NET_ADMIN, so a cheap GET_INFO tells us now, not later.
        std::string req;
        nl::encode_command(req, family_, next_seq(), IPVS_CMD_GET_INFO, NLM_F_ACK);
        int err = transact(req, false, [&](nlmsghdr* h) {
            if (auto v = nl::decode_info_version(h)) version_ = *v;
        });
        if (err) throw KernelError(kernel_refused("asking the kernel for IPVS information", err));
    } catch (...) {
        nl_socket_free(sock_);
        throw;
    }
}

NetlinkKernel::~NetlinkKernel() { nl_socket_free(sock_); }

void NetlinkKernel::send_all(const std::string& bytes) {
    for (;;) {
        ssize_t n = ::send(fd_, bytes.data(), bytes.size(), 0);
        if (n == static_cast<ssize_t>(bytes.size())) return;
        if (n < 0 && errno == EINTR) continue;
        int e = n < 0 ? errno : EMSGSIZE;
        throw KernelError(kernel_refused("sending to the kernel's IPVS", e));
    }
}

bool NetlinkKernel::receive(const OnMessage& on_msg, bool block) {
    ssize_t n;
    do {
        n = ::recv(fd_, rxbuf_.data(), rxbuf_.size(), MSG_TRUNC | (block ? 0 : MSG_DONTWAIT));
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (!block) return false;
            throw KernelError("the kernel did not answer an IPVS request within " +
                              std::to_string(kReplyTimeoutSec) + " s");
        }
        if (errno == ENOBUFS) throw ReceiveOverrun{};
        throw KernelError(kernel_refused("reading from the kernel's IPVS", errno));
    }
    if (static_cast<std::size_t>(n) > rxbuf_.size())
        throw KernelError("an IPVS reply was larger than the receive buffer");
    int len = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(rxbuf_.data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len))
        on_msg(h);
    return true;
}

int NetlinkKernel::transact(const std::string& request, bool is_dump, const OnMessage& on_msg) {
    std::uint32_t seq = reinterpret_cast<const nlmsghdr*>(request.data())->nlmsg_seq;
    send_all(request);
    bool done = false;
    int err = 0;
    auto handle = [&](nlmsghdr* h) {
        if (h->nlmsg_seq != seq || done) return;   // stale answer to an earlier request
        if (h->nlmsg_type == NLMSG_ERROR) {
            auto* e = static_cast<nlmsgerr*>(NLMSG_DATA(h));
            err = h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) ? -e->error : EPROTO;
            done = true;
        } else if (h->nlmsg_type == NLMSG_DONE) {
            // A dump may end with an error code instead of records.
            int code = 0;
            if (h->nlmsg_len >= NLMSG_LENGTH(sizeof code)) std::memcpy(&code, NLMSG_DATA(h), sizeof code);
            err = code < 0 ? -code : 0;
            done = true;
        } else if (h->nlmsg_type == family_) {
            on_msg(h);
        }
    };
    try {
        while (!done) receive(handle, true);
    } catch (const ReceiveOverrun&) {
        throw KernelError(is_dump ? "IPVS dump lost: netlink receive buffer overrun"
                                  : "IPVS answer lost: netlink receive buffer overrun");
    }
    return err;
}

std::vector<OpResult> NetlinkKernel::apply(std::span<const Op> ops) {
    std::vector<OpResult> results(ops.size());
    std::string batch;
    std::vector<std::size_t> op_of;   // op index for each message of the batch, by seq offset
    std::size_t i = 0;
    while (i < ops.size()) {
        batch.clear();
        op_of.clear();
        const std::uint32_t first = seq_;
        while (i < ops.size() && op_of.size() < window_ && batch.size() < max_batch_bytes_) {
            if (nl::encode_op(batch, family_, seq_, ops[i])) {
                op_of.push_back(i);
                ++seq_;
            } else {
                results[i] = {EINVAL, describe_error(ops[i], EINVAL)};
            }
            ++i;
        }
        if (op_of.empty()) continue;

        send_all(batch);
        std::vector<bool> acked(op_of.size());
        std::size_t pending = op_of.size();
        auto on_ack = [&](nlmsghdr* h) {
            if (h->nlmsg_type != NLMSG_ERROR) return;
            std::uint32_t k = h->nlmsg_seq - first;
            if (k >= op_of.size() || acked[k]) return;
            auto* e = static_cast<nlmsgerr*>(NLMSG_DATA(h));
            int err = h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) ? -e->error : EPROTO;
            acked[k] = true;
            --pending;
            if (err) results[op_of[k]] = {err, describe_error(ops[op_of[k]], err)};
        };
        try {
            while (pending) receive(on_ack, true);
        } catch (const ReceiveOverrun&) {
            // Receive buffer overrun: the kernel dropped some acks. It finished the batch before
            // send() returned, so whatever survived is queued now; the rest is unknown.
            while (receive(on_ack, false)) {}
            for (std::size_t k = 0; k < op_of.size(); ++k)
                if (!acked[k])
                    results[op_of[k]] = {EIO, describe_error(ops[op_of[k]], EIO) +
                                                  " (kernel answer lost: netlink receive buffer overrun)"};
            window_ = std::max<std::size_t>(window_ / 2, 1);
        }
    }
    return results;
}

Table NetlinkKernel::dump_into(TableStats* stats) {
    std::vector<Service> services;
    bool malformed = false;
    std::string req;
    nl::encode_get_services(req, family_, next_seq());
    int err = transact(req, true, [&](nlmsghdr* h) {
        if (auto s = nl::decode_service(h)) {
            if (stats) stats->services[s->key] = nl::decode_service_stats(h).value_or(Stats{});
            services.push_back(std::move(*s));
        } else {
            malformed = true;
        }
    });
    if (err) throw KernelError(kernel_refused("reading the IPVS services", err));
    if (malformed) throw KernelError("the kernel sent an IPVS service record we cannot read");

    // One dump per service: a netlink socket runs a single dump at a time.
    Table table;
    for (auto& s : services) {
        req.clear();
        nl::encode_get_dests(req, family_, next_seq(), s.key);
        err = transact(req, true, [&](nlmsghdr* h) {
            if (auto d = nl::decode_dest(h, s.key.af)) {
                if (stats) stats->dests[{s.key, d->key}] = nl::decode_dest_stats(h).value_or(Stats{});
                s.dests[d->key] = *d;
            } else {
                malformed = true;
            }
        });
        if (err == ESRCH || err == ENOENT) continue;   // deleted by someone else meanwhile
        if (err) throw KernelError(kernel_refused(("reading the real servers of " + service_str(s.key)).c_str(), err));
        if (malformed) throw KernelError("the kernel sent an IPVS real server record we cannot read");
        ServiceKey key = s.key;
        table.emplace(key, std::move(s));
    }
    return table;
}

void NetlinkKernel::flush() {
    std::string req;
    nl::encode_command(req, family_, next_seq(), IPVS_CMD_FLUSH, NLM_F_ACK);
    if (int err = transact(req, false, [](nlmsghdr*) {}))
        throw KernelError(kernel_refused("flushing the IPVS table", err));
}

std::vector<nl::SyncDaemon> NetlinkKernel::sync_daemons() {
    std::vector<nl::SyncDaemon> out;
    bool malformed = false;
    std::string req;
    nl::encode_get_daemons(req, family_, next_seq());
    int err = transact(req, true, [&](nlmsghdr* h) {
        if (auto d = nl::decode_daemon(h)) out.push_back(std::move(*d));
        else malformed = true;
    });
    if (err) throw KernelError(kernel_refused("reading the IPVS sync daemons", err));
    if (malformed) throw KernelError("the kernel sent an IPVS sync daemon record we cannot read");
    return out;
}

int NetlinkKernel::start_sync(const nl::SyncDaemon& d) {
    std::string req;
    if (!nl::encode_new_daemon(req, family_, next_seq(), d))
        throw KernelError("cannot start an IPVS sync daemon: " + nl::sync_daemon_problem(d));
    int err = transact(req, false, [](nlmsghdr*) {});
    if (err == EPERM || err == EACCES) throw KernelError(permission_text());
    return err;
}

int NetlinkKernel::stop_sync(nl::SyncRole role) {
    std::string req;
    nl::encode_del_daemon(req, family_, next_seq(), role);
    int err = transact(req, false, [](nlmsghdr*) {});
    if (err == EPERM || err == EACCES) throw KernelError(permission_text());
    return err;
}

} // namespace ipvs
