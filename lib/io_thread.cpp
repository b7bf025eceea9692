#include "lib/io_thread.hpp"

#include <sched.h>

namespace ha {

bool start_io_thread(pthread_t& thread, void* (*run)(void*), void* arg) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&attr, SCHED_OTHER);
    sched_param sp{};
    pthread_attr_setschedparam(&attr, &sp);
    bool ok = pthread_create(&thread, &attr, run, arg) == 0;
    pthread_attr_destroy(&attr);
    return ok;
}

} // namespace ha
