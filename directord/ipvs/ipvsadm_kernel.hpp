// The Kernel seam through the ipvsadm(8) tool instead of netlink: for hosts where only
// the tool path is wanted, and for labs whose "ipvsadm" is a stand-in with no kernel
// behind it. dump() reads `ipvsadm -S -n` and `ipvsadm -L -n --thresholds`; apply()
// writes all its ops to one `ipvsadm -R` (ipvsadm_restore.hpp); when that reports a
// failure the table is read back, and ops not in effect get their message from its
// stderr, or are split and retried (down to one ipvsadm per op: argv, no shell).
// Every call blocks until the tool is done: the daemon runs them on a worker thread
// (kernel_worker.hpp). Children are made so the daemon's waitpid(-1) reaper cannot
// take their exit status (lib/unreaped_child.hpp).
// A table read is reused for up to `max_age`, with our own successful ops applied to
// it: each read costs two tool runs (milliseconds with 10,000 reals), and the daemon
// re-reads before every change. Changes made by others show up within max_age.
#pragma once
#include <atomic>
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
        bool killed = false;    // ran past its limit, or interrupted
        std::string out, err;   // stdout, stderr
    };
    // `input` goes to the tool's stdin (empty: /dev/null); it may run `limit` at most.
    Run run(const std::vector<std::string>& args, const std::string& input = {},
            std::chrono::milliseconds limit = std::chrono::seconds(30)) const;

    bool slow() const override { return true; }
    // From any thread: the tool running now is killed, and later runs fail at once
    // (the daemon is leaving and will not wait for a hung tool).
    void interrupt() override { interrupted_ = true; }

    // Tool runs so far (tests; the daemon's debug log).
    unsigned runs() const { return runs_; }

private:
    Table read();
    void restore(std::span<const Op> ops, std::vector<std::size_t> which, std::vector<OpResult>& results,
                 int& budget);
    OpResult apply_one(const Op& op);
    void note_success(const Op& op);

    std::string path_;
    std::chrono::milliseconds max_age_;
    std::optional<Table> cache_;
    std::chrono::steady_clock::time_point read_at_;
    std::atomic<bool> interrupted_{false};
    mutable std::atomic<unsigned> runs_{0};
};

// The ipvsadm argv (after argv[0]) of one op.
std::vector<std::string> op_args(const Op& op);

// An errno for a failed ipvsadm call, from its stderr (ipvsadm prints strerror-like text).
int errno_of_message(const std::string& stderr_text);

} // namespace ipvs
