// Prometheus text exposition format 0.0.4, pure: families of counters, gauges and
// histograms in, the body of a /metrics answer out. Names are checked, label values and
// help texts escaped, values printed so that Prometheus and promtool read them back.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/address.hpp"

namespace ha::metrics {

enum class Type { counter, gauge, histogram };
using Labels = std::vector<std::pair<std::string, std::string>>;

struct HistogramData {
    std::vector<double> bounds;           // upper bounds, ascending (+Inf is implied)
    std::vector<std::uint64_t> buckets;   // per bucket, not cumulative: bounds.size() + 1
    double sum = 0;
    std::uint64_t count = 0;
};

// A histogram being filled (seconds, usually).
class Histogram {
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double v);
    const HistogramData& data() const { return d_; }

private:
    HistogramData d_;
};

struct Sample {
    Labels labels;
    double value = 0;
};

struct Family {
    std::string name;   // counters end in _total
    std::string help;
    Type type = Type::gauge;
    std::vector<Sample> samples;                                 // counter, gauge
    std::vector<std::pair<Labels, HistogramData>> histograms;    // histogram
};

bool valid_metric_name(std::string_view name);
bool valid_label_name(std::string_view name);
std::string escape_label_value(std::string_view v);
std::string escape_help(std::string_view v);
std::string format_value(double v);

// The whole body. A family with a bad name, or a sample with a bad label name, is left out
// and named in `errors` (a bug in the caller, never input from outside).
std::string exposition(const std::vector<Family>& families, std::vector<std::string>* errors = nullptr);

// Bucket bounds for check and script durations, in seconds.
std::vector<double> duration_buckets();

// "ADDR:PORT" for a metrics listener: IPv4 literal or [IPv6] literal and a port 1..65535.
struct ListenAddress {
    Address addr;
    std::uint16_t port = 0;
};
std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& error);

} // namespace ha::metrics
