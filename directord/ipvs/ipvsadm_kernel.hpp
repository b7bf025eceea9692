// The Kernel seam through the ipvsadm(8) tool instead of netlink: for hosts where only
// the tool path is wanted, and for labs whose "ipvsadm" is a stand-in with no kernel
// behind it. dump() reads `ipvsadm -S -n` and `ipvsadm -L -n --thresholds`; apply()
// runs one ipvsadm per op (argv built from the op, no shell).
// A table read is reused for up to `max_age`, with our own successful ops applied to
// it: each read costs two tool runs (milliseconds with 10,000 reals), and the daemon
// re-reads before every change. Changes made by others show up within max_age.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "directord/ipvs/kernel.hpp"

namespace ipvs {

class IpvsadmKernel : public Kernel {
public:
    explicit IpvsadmKernel(std::string path = "/usr/sbin/ipvsadm",
                           std::chrono::milliseconds max_age = std::chrono::milliseconds(500));
    Table dump() override;
    std::vector<OpResult> apply(std::span<const Op> ops) override;

    // What a run of the tool gave.
    struct Run {
        int status = -1;        // exit status; -1: did not run or was killed
        std::string out, err;   // stdout, stderr
    };
    Run run(const std::vector<std::string>& args) const;

private:
    Table read();

    std::string path_;
    std::chrono::milliseconds max_age_;
    std::optional<Table> cache_;
    std::chrono::steady_clock::time_point read_at_;
};

// The ipvsadm argv (after argv[0]) of one op.
std::vector<std::string> op_args(const Op& op);

// An errno for a failed ipvsadm call, from its stderr (ipvsadm prints strerror-like text).
int errno_of_message(const std::string& stderr_text);

} // namespace ipvs
