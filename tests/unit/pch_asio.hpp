// Precompiled for the unit tests that include lib/asio.hpp (their flags, -O0 -g1).
#pragma once
#include "lib/pch_asio.hpp"
#include "tests/unit/pch_std.hpp"
