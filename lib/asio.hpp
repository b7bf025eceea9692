// Project-wide entry point for Boost.Asio.
// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>;
// include this header instead of any boost/asio header directly.
#pragma once
#include <utility>
#include <boost/asio.hpp>
