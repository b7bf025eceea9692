// Standard headers most files include, precompiled once per set of compiler flags (Makefile:
// PCH) and loaded before each file's own includes. Only a build-time aid: every file still
// includes what it uses (`make NO_PCH=1` builds without it).
#pragma once
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>
