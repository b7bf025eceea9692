// `directord status`: the kernel table in `ipvsadm -Ln` layout, with the state of every
// configured real server as the running daemon reports it (up, down, quiescent, pending,
// maintenance, fallback) and its check's last result with reason and age; `--stats` and
// `--rate` in ipvsadm's layouts with each real's state beside the numbers; `--json`.
#pragma once
#include <string>
#include <vector>

#include "directord/config/config.hpp"
#include "directord/ipvs/model.hpp"
#include "directord/ipvs/stats.hpp"
#include "directord/status/health_report.hpp"

namespace directord {

// cfg may be null (config unreadable); health null when no daemon answered (states unknown).
std::string status_report(const ipvs::Table& kernel, const Config* cfg,
                          const std::vector<status::RealHealth>* health = nullptr);

enum class StatsLayout { stats, rate };
// `ipvsadm -Ln --stats` / `--rate` layout; each destination line ends with its state.
std::string stats_report(const ipvs::Table& kernel, const ipvs::TableStats& stats,
                         const std::vector<status::RealHealth>* health, StatsLayout layout);
// ipvsadm's number column: 9 wide, K/M/G/T past 100 million.
std::string large_number(std::uint64_t n);

struct StatusFacts {
    bool running = false;
    long pid = 0;
    std::string config_path;
};
// Everything above as one JSON object (stats null when not read).
std::string json_report(const StatusFacts& facts, const ipvs::Table& kernel, const Config* cfg,
                        const std::vector<status::RealHealth>* health, const ipvs::TableStats* stats);

} // namespace directord
