// Boost.Asio coroutines for the check engine. g++ 12 reports -Wmismatched-new-delete
// at the end of every coroutine: Boost 1.74's awaitable frame pairs its own class
// operator new with a sized operator delete, which is correct but trips the heuristic.
// The warning is silenced for the translation units that include this header.
#pragma once
#include "lib/asio.hpp"

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
