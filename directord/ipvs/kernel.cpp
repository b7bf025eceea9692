#include "directord/ipvs/kernel.hpp"

#include <cerrno>
#include <cstring>

namespace ipvs {

std::vector<OpResult> MemoryKernel::apply(std::span<const Op> ops) {
    std::vector<OpResult> out;
    out.reserve(ops.size());
    for (const auto& op : ops) {
        int err = apply_op(table, op);
        out.push_back({err, err ? describe_error(op, err) : std::string()});
    }
    return out;
}

std::string describe_error(const Op& op, int err) {
    bool svc_op = op.kind == Op::add_service || op.kind == Op::edit_service || op.kind == Op::del_service;
    std::string what = service_str(op.svc);
    if (!svc_op) what = "real server " + ha::endpoint(op.dest.key.addr, op.dest.key.port) + " of " + what;
    switch (err) {
    case EEXIST: return what + " already exists";
    case ESRCH: return "virtual service " + service_str(op.svc) + " does not exist";
    case ENOENT:
        if (svc_op && !op.opts.pe_name.empty())
            return "scheduler '" + op.opts.scheduler + "' or persistence engine '" + op.opts.pe_name +
                   "' not available (modprobe ip_vs_" + op.opts.scheduler + " ip_vs_pe_" + op.opts.pe_name + ")";
        if (svc_op) return "scheduler '" + op.opts.scheduler + "' not available (modprobe ip_vs_" + op.opts.scheduler + ")";
        return what + " does not exist";
    case EPERM:
    case EACCES: return "permission denied: changing IPVS needs CAP_NET_ADMIN (run as root)";
    case ERANGE: return what + ": weight or thresholds out of range";
    case EINVAL: return what + ": invalid argument";
    case EAFNOSUPPORT: return what + ": address family not supported (IPv6 support missing?)";
    case EPROTONOSUPPORT: return what + ": protocol not supported by IPVS in this kernel";
    case ENOMEM: return what + ": kernel out of memory";
    default: return what + ": " + std::strerror(err);
    }
}

} // namespace ipvs
