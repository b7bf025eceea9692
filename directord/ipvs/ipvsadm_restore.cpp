#include "directord/ipvs/ipvsadm_restore.hpp"

#include <map>
#include <utility>

#include "directord/ipvs/reconcile.hpp"

namespace ipvs {

std::string restore_script(std::span<const Op> ops) {
    std::string out;
    out.reserve(ops.size() * 48);
    for (const auto& op : ops) {
        out += op_str(op);
        out += '\n';
    }
    return out;
}

std::string restore_script(std::span<const Op> ops, std::span<const std::size_t> which) {
    std::string out;
    out.reserve(which.size() * 48);
    for (auto i : which) {
        out += op_str(ops[i]);
        out += '\n';
    }
    return out;
}

namespace {

bool is_service_op(const Op& op) {
    return op.kind == Op::add_service || op.kind == Op::edit_service || op.kind == Op::del_service;
}

bool in_effect(const Table& t, const Op& op) {
    auto s = t.find(op.svc);
    switch (op.kind) {
    case Op::add_service:
    case Op::edit_service: return s != t.end() && same_opts(s->second.opts, op.opts);
    case Op::del_service: return s == t.end();
    case Op::add_dest:
    case Op::edit_dest: {
        if (s == t.end()) return false;
        auto d = s->second.dests.find(op.dest.key);
        return d != s->second.dests.end() && d->second.same_settings(op.dest);
    }
    case Op::del_dest: return s == t.end() || !s->second.dests.count(op.dest.key);
    }
    return false;
}

} // namespace

std::vector<bool> ops_in_effect(const Table& after, std::span<const Op> ops) {
    // The object an op changes: its service, or (service, real server).
    using Object = std::pair<ServiceKey, std::pair<bool, DestKey>>;
    std::map<Object, bool> last;   // verdict of the latest op on each object
    std::vector<bool> out(ops.size());
    for (std::size_t i = ops.size(); i-- > 0;) {
        const Op& op = ops[i];
        Object obj{op.svc, {!is_service_op(op), is_service_op(op) ? DestKey{} : op.dest.key}};
        auto [it, fresh] = last.try_emplace(obj, false);
        // Its own effect can be seen, or a later op on the object that is done covers it.
        it->second = in_effect(after, op) || (!fresh && it->second);
        out[i] = it->second;
    }
    return out;
}

std::vector<std::string> error_lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        auto j = text.find('\n', i);
        if (j == std::string_view::npos) j = text.size();
        auto line = text.substr(i, j - i);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (!line.empty()) out.emplace_back(line);
        i = j + 1;
    }
    return out;
}

} // namespace ipvs
