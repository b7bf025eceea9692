// The seam between directord and the kernel's IPVS table.
// NetlinkKernel talks to the real kernel; MemoryKernel (tests, dry runs) keeps a Table.
#pragma once
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "directord/ipvs/model.hpp"

namespace ipvs {

// Raised when the table cannot be reached at all (no IPVS, no permission).
// what() is a plain sentence for an operator, e.g. "IPVS is not in this kernel (modprobe ip_vs)".
struct KernelError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct OpResult {
    int err = 0;            // 0 or a positive errno
    std::string message;    // plain words when err != 0, e.g. "scheduler 'foo' not available (modprobe ip_vs_foo)"
};

class Kernel {
public:
    virtual ~Kernel() = default;
    virtual Table dump() = 0;
    // Applies ops in order; one result per op. A failed op does not stop the rest.
    virtual std::vector<OpResult> apply(std::span<const Op> ops) = 0;
    // True when calls may take long (child processes): the daemon makes them on a worker
    // thread (kernel_worker.hpp) instead of its event loop.
    virtual bool slow() const { return false; }
    // From any thread: end the call in progress soon and fail later ones (daemon exit).
    virtual void interrupt() {}
};

class MemoryKernel : public Kernel {
public:
    Table table;   // no log of the ops: a dry-run daemon would keep every change for good
    Table dump() override { return table; }
    std::vector<OpResult> apply(std::span<const Op> ops) override;
};

// Plain words for an errno returned by an IPVS op.
std::string describe_error(const Op& op, int err);

} // namespace ipvs
