# HA director suite: heartbeatd + directord.
#   make            build bin/heartbeatd bin/directord
#   make check      every test (unit, config corpus, namespaces, real-kernel VM); ends "N passed, N failed"
#   make bench      benchmarks, "BENCH name value unit" lines; never fails the build
#   make soak       fault campaign (tests/soak, as root, ~75 min; SOAK_PARTS= to pick parts)
#   make demo       self-contained demo (see README)
#   make deps       apt-get install what building and testing need (idempotent)
#   make install DESTDIR= PREFIX=/usr   (never replaces another package's file); make uninstall
#   make deb        the Debian package (dpkg-buildpackage -us -uc -b; doc/packaging.md); make check-pkg tests it
#   make fuzz       libFuzzer harnesses (clang), each run FUZZ_SECONDS; "BENCH fuzz_<target>_execs N count"
#   make check-sanitize   ASan+UBSan build (g++) in build/sanitize/tree; unit, cli, real, netns suites

CXX      ?= g++
PREFIX   ?= /usr
DESTDIR  ?=
SBINDIR  ?= $(PREFIX)/sbin
MANDIR   ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
HELPERDIR ?= $(PREFIX)/lib/heartbeatd
DOCDIR   ?= $(PREFIX)/share/doc/ha-director
SYSTEMDUNITDIR ?= /lib/systemd/system

# NDEBUG: no assertion in a library (Beast, Asio) may abort a running daemon.
CXXFLAGS ?= -O2 -g -DNDEBUG
CXXFLAGS += -std=c++20 -Wall -Wextra -I. -I/usr/include/libnl3 -MMD -MP
LDLIBS_NL  = -lnl-genl-3 -lnl-route-3 -lnl-3
LDLIBS_SSL = -lssl -lcrypto
# The database client libraries are opened at run time (directord/checks/transport/sql_libraries.hpp):
# only their headers are needed to build.
LDLIBS_DB  = -ldl
LDLIBS    += $(LDLIBS_NL) $(LDLIBS_SSL) $(LDLIBS_DB) -lpcre2-8 -lpthread

B := build
find_src = $(shell find $(1) -name '*.cpp' ! -name main.cpp 2>/dev/null | sort)
LIB_SRC        := $(call find_src,lib)
DIRECTORD_SRC  := $(call find_src,directord)
HEARTBEATD_SRC := $(call find_src,heartbeatd)
UNIT_SRC       := $(wildcard tests/unit/*.cpp)
TOOL_SRC       := $(wildcard tests/tools/*.cpp)

obj = $(patsubst %.cpp,$(B)/%.o,$(1))

all: bin/directord bin/heartbeatd bin/send_unsolicited_na

$(B)/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(if $(PCH_HEADER),$(PCH_FLAGS) -include $(B)/pch/$(PCH_HEADER)) -c $< -o $@

# The unit tests' own code at -O0 -g1: the code they test (the daemons' libraries) stays at
# -O2 -g, and optimising coroutine-heavy test files is most of a clean build's time
# (test_checks_http: 21 s of CPU at -O2 -g, 8.3 s at -O0 -g, 7.4 s at -O0 -g1).
# (private: not passed on to a prerequisite, such as the precompiled header below)
$(B)/tests/unit/%.o: private CXXFLAGS += -O0 -g1

# Precompiled headers (g++), one per set of flags: lib/pch_asio.hpp for the files that include
# lib/asio.hpp (directly or not: contrib/includers.sh), lib/pch_std.hpp for the others, and
# their tests/unit/ twins (with Boost.Test) at the unit tests' flags. Each is compiled from a
# one-line stub in $(B)/pch (which g++ reads instead if the .gch does not fit the flags, e.g.
# under other CXXFLAGS) and -include'd before a file's first line. The -MMD output of a file
# does not name what came from a .gch: the objects depend on it here. NO_PCH=1: without.
# The -Wno-*: g++ 12 drops `#pragma GCC diagnostic` from a .gch (g++ 13 keeps it), and
# libstdc++ 12 silences its known false positives of these three with such pragmas (std::string's
# operator+ inlined); `make NO_PCH=1` still shows them for the project's own code.
PCH_FLAGS := -Winvalid-pch -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread
ASIO_SRC := $(shell sh contrib/includers.sh lib/asio.hpp lib directord heartbeatd tests/unit tests/tools)
ifeq ($(NO_PCH),)
PCH_OBJ   := $(call obj,$(LIB_SRC) $(DIRECTORD_SRC) $(HEARTBEATD_SRC) $(TOOL_SRC) \
                        directord/main.cpp heartbeatd/main.cpp heartbeatd/tools/send_unsolicited_na/main.cpp)
UNIT_OBJ  := $(call obj,$(filter-out tests/unit/main.cpp,$(UNIT_SRC)))
ASIO_OBJ  := $(call obj,$(ASIO_SRC))
# $(call use_pch,OBJECTS,HEADER)
define use_pch
$(1): PCH_HEADER = $(2)
$(1): $(B)/pch/$(2).gch
endef
$(eval $(call use_pch,$(filter-out $(ASIO_OBJ),$(PCH_OBJ)),lib/pch_std.hpp))
$(eval $(call use_pch,$(filter $(ASIO_OBJ),$(PCH_OBJ)),lib/pch_asio.hpp))
$(eval $(call use_pch,$(filter-out $(ASIO_OBJ),$(UNIT_OBJ)),tests/unit/pch_std.hpp))
$(eval $(call use_pch,$(filter $(ASIO_OBJ),$(UNIT_OBJ)),tests/unit/pch_asio.hpp))
endif

PCH_STUBS := $(patsubst %,$(B)/pch/%,lib/pch_std.hpp lib/pch_asio.hpp tests/unit/pch_std.hpp tests/unit/pch_asio.hpp)
$(PCH_STUBS): $(B)/pch/%: %
	@mkdir -p $(dir $@)
	echo '#include "$<"' >$@
$(PCH_STUBS:%=%.gch): %.gch: %
	$(CXX) $(CXXFLAGS) -x c++-header $< -o $@
$(B)/pch/tests/unit/%.gch: private CXXFLAGS += -O0 -g1

$(B)/libcommon.a: $(call obj,$(LIB_SRC))
	@rm -f $@; ar rcs $@ $^
$(B)/libdirectord.a: $(call obj,$(DIRECTORD_SRC))
	@rm -f $@; ar rcs $@ $^
$(B)/libheartbeatd.a: $(call obj,$(HEARTBEATD_SRC))
	@rm -f $@; ar rcs $@ $^

bin/directord: $(B)/directord/main.o $(B)/libdirectord.a $(B)/libcommon.a
	@mkdir -p bin
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bin/heartbeatd: $(B)/heartbeatd/main.o $(B)/libheartbeatd.a $(B)/libcommon.a
	@mkdir -p bin
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Helper of resource.d/IPv6addr (heartbeatd/tools/NAME/main.cpp -> bin/NAME).
bin/send_unsolicited_na: $(B)/heartbeatd/tools/send_unsolicited_na/main.o $(B)/libheartbeatd.a
	@mkdir -p bin
	$(CXX) $(LDFLAGS) -o $@ $^

bin/unit-tests: $(call obj,$(UNIT_SRC)) $(B)/libdirectord.a $(B)/libheartbeatd.a $(B)/libcommon.a
	@mkdir -p bin
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lboost_unit_test_framework

# Small helper programs used by tests and benchmarks (one .cpp each).
bin/%: $(B)/tests/tools/%.o $(B)/libdirectord.a $(B)/libheartbeatd.a $(B)/libcommon.a
	@mkdir -p bin
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

TOOLS := $(patsubst tests/tools/%.cpp,bin/%,$(TOOL_SRC))

tests: all bin/unit-tests $(TOOLS)

NPROC := $(shell nproc 2>/dev/null || echo 2)

# Build in parallel even when called as plain `make check` (CI, the README).
check: deps-check
	$(MAKE) -j$(NPROC) tests
	tests/run-all.sh

bench: deps-check
	$(MAKE) -j$(NPROC) tests
	-tests/bench/run-all.sh

soak: deps-check
	$(MAKE) -j$(NPROC) tests
	tests/soak/run.sh $(SOAK_PARTS)

demo: deps-check
	$(MAKE) -j$(NPROC) all bin/lvs_demo
	tests/vm/demo.sh

deps:
	contrib/deps.sh

# Install missing packages only when something is missing (fast no-op otherwise).
deps-check:
	@contrib/deps.sh --if-missing

# Never overwrites another package's file; lists what it put in $(HELPERDIR)/installed-files
# for `make uninstall` (contrib/install.sh says how).
INSTALL_ENV = DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" SBINDIR="$(SBINDIR)" MANDIR="$(MANDIR)" \
              SYSCONFDIR="$(SYSCONFDIR)" HELPERDIR="$(HELPERDIR)" DOCDIR="$(DOCDIR)" SYSTEMDUNITDIR="$(SYSTEMDUNITDIR)"
install: all
	$(INSTALL_ENV) contrib/install.sh install $(INSTALL_FLAGS)

uninstall:
	$(INSTALL_ENV) contrib/install.sh uninstall

# The Debian package (debian/): ../ha-director_*.deb and its -dbgsym.
deb:
	dpkg-buildpackage -us -uc -b

# The package installed, started, stopped and purged in a debootstrapped root (tests/pkg;
# not part of `make check`: the first run debootstraps, ~2 min, then ~1-2 min a run).
check-pkg: deb
	tests/pkg/run.sh

# --- fuzzing (tests/fuzz): clang + libFuzzer + ASan + UBSan, own build dir --------------
# clang 14 cannot compile Boost 1.74's asio::awaitable: only the pure parsers and codecs
# below are built here (keep decoders out of coroutine files so they can be listed).
FUZZ_CXX     ?= clang++
FUZZ_SECONDS ?= 60
FUZZ_B       := $(B)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
# _GLIBCXX_ASSERTIONS: libstdc++ bounds checks catch what ASan cannot see inside a capacity.
FUZZ_CXXFLAGS := -std=c++20 -I. -I/usr/include/libnl3 -O1 -gline-tables-only -fno-omit-frame-pointer \
                 -D_GLIBCXX_ASSERTIONS $(FUZZ_SAN) -MMD -MP
FUZZ_LIB_SRC := $(wildcard directord/config/*.cpp heartbeatd/config/*.cpp heartbeatd/wire/*.cpp) \
                lib/address.cpp lib/diagnostic.cpp lib/nearest_word.cpp lib/json_text.cpp lib/metrics_text.cpp directord/ipvs/model.cpp directord/ipvs/ipvsadm_parse.cpp \
                directord/ipvs/netlink_codec.cpp directord/checks/protocols/dns_message.cpp \
                directord/checks/protocols/ldap_message.cpp directord/checks/protocols/radius_packet.cpp \
                directord/checks/protocols/sip_message.cpp directord/checks/protocols/http_reply.cpp \
                directord/config/receive_pattern.cpp heartbeatd/daemon/control_query.cpp \
                heartbeatd/daemon/fifo_request.cpp heartbeatd/membership/liveness.cpp \
                heartbeatd/daemon/cl_status.cpp heartbeatd/daemon/command_line.cpp directord/daemon/cli.cpp
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.cpp,%,$(wildcard tests/fuzz/fuzz_*.cpp))
FUZZ_BINS    := $(patsubst %,$(FUZZ_B)/fuzz_%,$(FUZZ_TARGETS))

$(FUZZ_B)/obj/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
# On Makefile too: with .SECONDARY, objects of sources newly added to the list would not be built.
$(FUZZ_B)/libfuzzcore.a: $(patsubst %.cpp,$(FUZZ_B)/obj/%.o,$(FUZZ_LIB_SRC)) Makefile
	@rm -f $@; ar rcs $@ $(filter %.o,$^)
$(FUZZ_B)/fuzz_%: $(FUZZ_B)/obj/tests/fuzz/fuzz_%.o $(FUZZ_B)/libfuzzcore.a
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

# Every target for FUZZ_SECONDS (FUZZ_TARGETS="dns ldap" for some); fails on a crash, leak or UB.
fuzz: deps-check
	$(MAKE) -j$(NPROC) fuzz-build
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check-sanitize: deps-check
	tests/sanitize/run.sh

clean:
	rm -rf $(B) bin

.PHONY: all tests check bench soak demo deps deps-check install uninstall deb check-pkg clean fuzz fuzz-build check-sanitize
.SECONDARY:

# (not the sanitizer build's copy of the tree: its .d files name the same targets)
-include $(shell find $(B) -path $(B)/sanitize -prune -o -name '*.d' -type f -print 2>/dev/null)
