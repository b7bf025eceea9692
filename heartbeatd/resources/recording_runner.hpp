// ScriptRunner for tests: records every call and answers from rules, with no process.
// Outcomes are delivered through the io_context like the real runner's.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "heartbeatd/resources/script_runner.hpp"
#include "lib/asio.hpp"

namespace hb::resources {

class RecordingRunner : public ScriptRunner {
public:
    // Given the call, the outcome to report; the default answers exit 0 with no output.
    using Rule = std::function<ScriptOutcome(const ScriptCall&)>;

    explicit RecordingRunner(boost::asio::any_io_executor ex, Rule rule = {}) : ex_(ex), rule_(std::move(rule)) {}

    void run(ScriptCall call, Done done) override {
        ScriptOutcome o;
        if (rule_) o = rule_(call);
        else o.end = ScriptOutcome::End::exited, o.code = 0;
        calls.push_back(std::move(call));
        boost::asio::post(ex_, [done = std::move(done), o = std::move(o)]() mutable { done(std::move(o)); });
    }

    std::vector<ScriptCall> calls;

private:
    boost::asio::any_io_executor ex_;
    Rule rule_;
};

} // namespace hb::resources
