#include "directord/checks/sql_libraries.hpp"

#include <dlfcn.h>

namespace directord::checks {

namespace {

// One library: opened once; a failure is remembered (a package installed later needs a
// restart, as for any library).
template <class Api>
struct Loaded {
    bool tried = false;
    Api api;
    std::string error;
};

void* open_library(const char* soname, const char* package, std::string& error) {
    void* h = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char* why = ::dlerror();
        error = std::string("cannot load ") + soname + " (" + (why ? why : "not found") + "); on Debian: apt-get install " +
                package;
    }
    return h;
}

template <class Fn>
bool bind(void* h, const char* soname, const char* name, Fn& out, std::string& error) {
    out = reinterpret_cast<Fn>(::dlsym(h, name));
    if (!out && error.empty()) error = std::string(soname) + " has no " + name + " (too old a version)";
    return out != nullptr;
}

} // namespace

const MariadbApi* mariadb_api(std::string& err) {
    static Loaded<MariadbApi> lib;
    if (!lib.tried) {
        lib.tried = true;
        constexpr const char* so = "libmariadb.so.3";
        if (void* h = open_library(so, "libmariadb3", lib.error)) {
#define DIRECTORD_BIND(name) bind(h, so, #name, lib.api.name, lib.error);
            DIRECTORD_MARIADB_FUNCTIONS(DIRECTORD_BIND)
#undef DIRECTORD_BIND
        }
    }
    if (!lib.error.empty()) {
        err = lib.error;
        return nullptr;
    }
    return &lib.api;
}

const LibpqApi* libpq_api(std::string& err) {
    static Loaded<LibpqApi> lib;
    if (!lib.tried) {
        lib.tried = true;
        constexpr const char* so = "libpq.so.5";
        if (void* h = open_library(so, "libpq5", lib.error)) {
#define DIRECTORD_BIND(name) bind(h, so, #name, lib.api.name, lib.error);
            DIRECTORD_LIBPQ_FUNCTIONS(DIRECTORD_BIND)
#undef DIRECTORD_BIND
        }
    }
    if (!lib.error.empty()) {
        err = lib.error;
        return nullptr;
    }
    return &lib.api;
}

} // namespace directord::checks
