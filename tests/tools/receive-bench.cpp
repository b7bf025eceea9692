// receive= matching costs: the patterns on large pages (JIT and interpreter), a
// runaway pattern up to its limit, a literal by plain find against PCRE2, compiled-pattern
// sharing, and the resident memory a large match leaves behind. "BENCH name value unit".
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "directord/checks/protocols/receive_pattern.hpp"

using directord::checks::ReceivePattern;
using Clock = std::chrono::steady_clock;

namespace {

std::string html_page(std::size_t size, bool with_title = true) {
    std::string s = "<html><head><title>";
    const std::string line = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.</p>\n";
    while (s.size() < size / 2) s += line;
    if (with_title) s += "Test Page";
    while (s.size() < size) s += line;
    return s;
}

std::string json_page(std::size_t size) {
    std::string s = "{\"components\":[";
    while (s.size() < size) s += "{\"name\":\"disk-space\",\"status\":\"UP\",\"details\":{\"total\":1000,\"free\":500}},";
    s += "{}],\"status\":\"UP\"}";
    return s;
}

// Median of `runs` timings of f, in microseconds.
double median_us(int runs, const std::function<void()>& f) {
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        f();
        t.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

long rss_kb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

void bench(const char* name, double value, const char* unit) { std::printf("BENCH %s %.3f %s\n", name, value, unit); }

} // namespace

int main() {
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    struct Case {
        const char* name;
        const char* pattern;
        bool json;
    };
    const Case cases[] = {{"any_char_star", "(.|\\n)*Test Page", false},
                          {"class_star", "[\\s\\S]*Test Page", false},
                          {"dot_star_json", ".*\"status\":\"UP\"", true}};
    const std::pair<const char*, std::size_t> sizes[] = {{"16k", 16 << 10}, {"128k", 128 << 10}, {"1m", 1 << 20}, {"4m", 4 << 20}};
    for (auto engine : {ReceivePattern::Engine::best, ReceivePattern::Engine::interpreter}) {
        const char* en = engine == ReceivePattern::Engine::best ? "jit" : "interp";
        for (const auto& c : cases) {
            ReceivePattern p(c.pattern, engine);
            for (const auto& [sn, size] : sizes) {
                std::string page = c.json ? json_page(size) : html_page(size);
                bool ok = true;
                double us = median_us(5, [&] { ok = p.match(page).ok(); });
                char name[128];
                std::snprintf(name, sizeof name, "receive_%s_%s_%s%s", en, c.name, sn, ok ? "" : "_FAILED");
                bench(name, us / 1000, "ms");
            }
        }
        // A page without the phrase: the required-literal prefilter answers.
        ReceivePattern p("(.|\\n)*Test Page", engine);
        std::string without = html_page(1 << 20, false);
        bench((std::string("receive_") + en + "_any_char_star_1m_nomatch").c_str(),
              median_us(5, [&] { p.match(without); }) / 1000, "ms");
        // Failing slowly at every start position: stopped by the time budget.
        ReceivePattern slow("(.|\\n)*Test Page$", engine);
        std::string page = html_page(128 << 10);
        bench((std::string("receive_") + en + "_fail_everywhere_128k_to_budget").c_str(),
              median_us(3, [&] { slow.match(page); }) / 1000, "ms");
        // A runaway pattern: time to its match limit.
        ReceivePattern runaway("(a+)+$", engine);
        std::string as = std::string(40, 'a') + "b";
        bench((std::string("receive_") + en + "_runaway_to_limit").c_str(), median_us(3, [&] { runaway.match(as); }) / 1000, "ms");
    }

    // A literal: plain find (what ReceivePattern does) against PCRE2 JIT on the same text.
    {
        std::string page = html_page(1 << 20, false) + "Test Page";
        int err = 0;
        PCRE2_SIZE off = 0;
        pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>("Test Page"), PCRE2_ZERO_TERMINATED, 0, &err, &off, nullptr);
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
        pcre2_match_data* md = pcre2_match_data_create(1, nullptr);
        double jit = median_us(21, [&] {
            pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(page.data()), page.size(), 0, 0, md, nullptr);
        });
        ReceivePattern lit("Test Page");
        double find = median_us(21, [&] { lit.match(page); });
        bench("receive_literal_1m_pcre2_jit", jit, "us");
        bench("receive_literal_1m_find", find, "us");
        std::string small = html_page(4 << 10, false) + "Test Page";
        bench("receive_literal_4k_pcre2_jit", median_us(1001, [&] {
                  pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(small.data()), small.size(), 0, 0, md, nullptr);
              }), "us");
        bench("receive_literal_4k_find", median_us(1001, [&] { lit.match(small); }), "us");
        pcre2_match_data_free(md);
        pcre2_code_free(code);
    }

    // 10,000 checks with one receive share one compiled pattern; distinct ones cost each.
    {
        long before = rss_kb();
        std::vector<ReceivePattern> same;
        for (int i = 0; i < 10000; ++i) same.emplace_back("^state: (running|ok)$");
        long shared = rss_kb();
        std::vector<ReceivePattern> distinct;
        for (int i = 0; i < 10000; ++i) distinct.emplace_back("^state: (running|ok)" + std::to_string(i) + "$");
        long after = rss_kb();
        bench("receive_10000_same_pattern_rss", (double)(shared - before), "KB");
        bench("receive_10000_distinct_patterns_rss", (double)(after - shared), "KB");
        auto t0 = Clock::now();
        ReceivePattern fresh("^HTTP/1\\.[01] 200 (OK|Fine) [a-z]+$");
        bench("receive_compile_jit", std::chrono::duration<double, std::micro>(Clock::now() - t0).count(), "us");
    }

    // Memory a 4 MB (.|\n)* match leaves: the per-thread JIT stack is given back.
    {
        ReceivePattern p("(.|\\n)*Test Page");
        std::string page = html_page(4 << 20);
        long before = rss_kb();
        p.match(page);
        long after = rss_kb();
        bench("receive_rss_growth_after_4m_match", (double)(after - before), "KB");
    }
    return 0;
}
