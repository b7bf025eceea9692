// Precompiled for the unit tests (their flags, -O0 -g1): the standard headers and Boost.Test.
// BOOST_TEST_DYN_LINK as the test files and main.cpp set it (the library is linked dynamically).
#pragma once
#include "lib/pch_std.hpp"
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>
