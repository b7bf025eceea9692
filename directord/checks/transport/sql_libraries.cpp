#include "directord/checks/transport/sql_libraries.hpp"

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

// Opens `soname` once and binds every function of the table with `bind_all`; the table, or
// null with the remembered error.
template <class Api, class BindAll>
const Api* open_api(Loaded<Api>& lib, const char* soname, const char* package, BindAll bind_all, std::string& err) {
    if (!lib.tried) {
        lib.tried = true;
        if (void* h = open_library(soname, package, lib.error)) bind_all(h, lib.api, lib.error);
    }
    if (!lib.error.empty()) {
        err = lib.error;
        return nullptr;
    }
    return &lib.api;
}

} // namespace

const MariadbApi* mariadb_api(std::string& err) {
    static Loaded<MariadbApi> lib;
    static constexpr const char* so = "libmariadb.so.3";
    auto bind_all = [](void* h, MariadbApi& api, std::string& error) {
#define DIRECTORD_BIND(name) bind(h, so, #name, api.name, error);
        DIRECTORD_MARIADB_FUNCTIONS(DIRECTORD_BIND)
#undef DIRECTORD_BIND
    };
    return open_api(lib, so, "libmariadb3", bind_all, err);
}

const LibpqApi* libpq_api(std::string& err) {
    static Loaded<LibpqApi> lib;
    static constexpr const char* so = "libpq.so.5";
    auto bind_all = [](void* h, LibpqApi& api, std::string& error) {
#define DIRECTORD_BIND(name) bind(h, so, #name, api.name, error);
        DIRECTORD_LIBPQ_FUNCTIONS(DIRECTORD_BIND)
#undef DIRECTORD_BIND
    };
    return open_api(lib, so, "libpq5", bind_all, err);
}

} // namespace directord::checks
