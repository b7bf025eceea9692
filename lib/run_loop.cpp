#include "lib/run_loop.hpp"

#include <atomic>
#include <cstdlib>
#include <cxxabi.h>
#include <exception>
#include <memory>
#include <typeinfo>

#include "lib/log.hpp"

namespace ha {

namespace {

std::atomic<std::uint64_t> caught{0};

std::string type_name(const std::type_info& t) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> d(abi::__cxa_demangle(t.name(), nullptr, nullptr, &status), std::free);
    return status == 0 && d ? d.get() : t.name();
}

} // namespace

void run_contained(boost::asio::io_context& io, const std::string& who) {
    for (;;) {
        std::string what;
        try {
            io.run();
            return;
        } catch (const std::exception& e) {
            what = type_name(typeid(e)) + ": " + e.what();
        } catch (...) {
            auto* t = abi::__cxa_current_exception_type();
            what = t ? type_name(*t) : std::string("unknown exception");
        }
        auto n = ++caught;
        log().error(who + ": an event handler failed with " + what + " (" + std::to_string(n) +
                    " so far); the event loop carries on");
    }
}

std::uint64_t loop_exceptions() { return caught.load(); }

} // namespace ha
