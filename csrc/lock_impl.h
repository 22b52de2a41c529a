/* A process-wide mutex for the kernels' shared state (fftw.c's planner,
 * pool.c's cache): an SRW lock on Windows, a pthread mutex elsewhere.
 * fork() copies a mutex as it is: had another thread held it, the child's
 * only thread would wait for it forever, so each user registers
 * pthread_atfork handlers with which the forking thread takes the lock
 * around fork() and each side releases its copy. */
#ifndef FASTROSA_LOCK_IMPL_H
#define FASTROSA_LOCK_IMPL_H

#ifdef _WIN32
#include <windows.h>
typedef SRWLOCK fr_lock;
#define FR_LOCK_INIT SRWLOCK_INIT
static inline void fr_lock_take(fr_lock *l) { AcquireSRWLockExclusive(l); }
static inline void fr_lock_give(fr_lock *l) { ReleaseSRWLockExclusive(l); }
#else
#include <pthread.h>
typedef pthread_mutex_t fr_lock;
#define FR_LOCK_INIT PTHREAD_MUTEX_INITIALIZER
static inline void fr_lock_take(fr_lock *l) { pthread_mutex_lock(l); }
static inline void fr_lock_give(fr_lock *l) { pthread_mutex_unlock(l); }
#endif

#endif
