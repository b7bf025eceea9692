// KernelWorker: a fast kernel answers inline, a slow one (the ipvsadm tool) on a worker
// thread whose results come back on the loop, and the loop keeps serving meanwhile.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <future>
#include <thread>

#include "directord/ipvs/kernel_worker.hpp"

using namespace ipvs;

namespace {

ServiceKey web() {
    ServiceKey k;
    k.addr = *ha::Address::parse("10.0.0.1");
    k.port = 80;
    return k;
}

// A MemoryKernel that says it is slow and holds each call until released.
struct GatedKernel : MemoryKernel {
    std::promise<void> release;
    std::shared_future<void> gate = release.get_future().share();
    std::atomic<int> calls{0};
    std::thread::id caller;
    std::atomic<bool> interrupted{false};
    bool slow() const override { return true; }
    void interrupt() override { interrupted = true; }
    Table dump() override {
        caller = std::this_thread::get_id();
        ++calls;
        gate.wait();
        return MemoryKernel::dump();
    }
    std::vector<OpResult> apply(std::span<const Op> ops) override {
        caller = std::this_thread::get_id();
        ++calls;
        gate.wait();
        return MemoryKernel::apply(ops);
    }
};

struct ThrowingKernel : MemoryKernel {
    Table dump() override { throw KernelError("IPVS is not available in this kernel (modprobe ip_vs)"); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(ipvsadm_worker)

BOOST_AUTO_TEST_CASE(a_fast_kernel_answers_before_the_call_returns) {
    boost::asio::io_context io;
    KernelWorker w(io, std::make_unique<MemoryKernel>());
    BOOST_TEST(!w.threaded());
    bool got = false;
    w.apply({Op{Op::add_service, web(), {}, {}}}, [&](std::vector<OpResult> r) {
        got = true;
        BOOST_TEST(r.size() == 1u);
        BOOST_TEST(r[0].err == 0);
    });
    BOOST_TEST(got);
    BOOST_TEST(!w.busy());
    std::optional<Table> seen;
    w.dump([&](std::optional<Table> t, std::string) { seen = std::move(t); });
    BOOST_TEST(seen.has_value());
    BOOST_TEST(seen->count(web()) == 1u);
}

BOOST_AUTO_TEST_CASE(a_dump_error_is_passed_on_as_text) {
    boost::asio::io_context io;
    KernelWorker w(io, std::make_unique<ThrowingKernel>());
    std::string error;
    bool got = false;
    w.dump([&](std::optional<Table> t, std::string e) {
        got = !t.has_value();
        error = e;
    });
    BOOST_TEST(got);
    BOOST_TEST(error == "IPVS is not available in this kernel (modprobe ip_vs)");
}

BOOST_AUTO_TEST_CASE(a_slow_kernel_runs_on_the_worker_while_the_loop_serves) {
    boost::asio::io_context io;
    auto owned = std::make_unique<GatedKernel>();
    GatedKernel* k = owned.get();
    KernelWorker w(io, std::move(owned));
    BOOST_TEST(w.threaded());
    std::vector<OpResult> results;
    bool done = false;
    w.apply({Op{Op::add_service, web(), {}, {}}}, [&](std::vector<OpResult> r) {
        results = std::move(r);
        done = true;
    });
    BOOST_TEST(w.busy());
    BOOST_TEST(!done);
    // The loop keeps running handlers while the call is held on the worker.
    int ticks = 0;
    boost::asio::steady_timer t(io);
    std::function<void()> tick = [&] {
        if (++ticks == 5) k->release.set_value();
        if (done) return;
        t.expires_after(std::chrono::milliseconds(10));
        t.async_wait([&](const boost::system::error_code&) { tick(); });
    };
    tick();
    io.run();   // ends when the completion has run and the timer stopped re-arming
    BOOST_TEST(done);
    BOOST_TEST(ticks >= 5);
    BOOST_TEST(!w.busy());
    BOOST_TEST(results.size() == 1u);
    BOOST_TEST(results[0].err == 0);
    BOOST_TEST((k->caller != std::this_thread::get_id()));
    BOOST_TEST(k->table.count(web()) == 1u);
}

BOOST_AUTO_TEST_CASE(the_loop_waits_for_a_call_out_and_a_gone_worker_calls_nobody) {
    boost::asio::io_context io;
    auto owned = std::make_unique<GatedKernel>();
    GatedKernel* k = owned.get();
    bool done = false;
    {
        KernelWorker w(io, std::move(owned));
        w.dump([&](std::optional<Table>, std::string) { done = true; });
        // Nothing else is queued: io.run() stays up for the call out (a work guard) until
        // it ends; here it ends after the worker is gone, which interrupts the kernel.
        std::thread releaser([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            k->release.set_value();
        });
        io.run_one();   // the completion of the dump
        releaser.join();
        BOOST_TEST(done);
        done = false;
        w.dump([&](std::optional<Table>, std::string) { done = true; });   // gate already open
        // Destroyed with its completion possibly still queued.
    }
    io.restart();
    io.poll();
    BOOST_TEST(!done);
}

BOOST_AUTO_TEST_SUITE_END()
