// Precompiled for the files that include lib/asio.hpp, directly or not (Makefile: PCH):
// parsing Boost.Asio is about 2 s of CPU per file, loading it precompiled about 0.6 s.
#pragma once
#include "lib/pch_std.hpp"
#include "lib/asio.hpp"
