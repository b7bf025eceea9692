// A thread for a daemon's blocking file I/O (the log writer, state saves): a small stack,
// since under mlockall(MCL_FUTURE) all of it would be locked in memory, and the normal
// SCHED_OTHER policy even when the daemon runs SCHED_FIFO: waiting for the disk is this
// thread's job, and it must not take the CPU from the event loop.
#pragma once
#include <pthread.h>

namespace ha {

// pthread_create with those attributes; false when no thread could be made.
bool start_io_thread(pthread_t& thread, void* (*run)(void*), void* arg);

} // namespace ha
