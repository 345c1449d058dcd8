// A fork/join over a range of work items: on the environment's kept threads (pool.h) where the
// call is given them and they are free, else on POSIX threads created for the call and joined
// before it returns. Nothing global.
//
// Threads are created with pthread_create, which reports failure instead of throwing (the addon
// is built without C++ exceptions, where std::thread would abort): the pieces a thread that could
// not start would have taken go to the others. Elsewhere than POSIX everything runs on the calling
// thread.
#pragma once

#include <cstdint>

#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#include <unistd.h>
#define NDGRADIENT_THREADS 1
#endif
#if defined(__linux__)
#include <sched.h>

#include <cstdio>
#endif

// glibc 2.34 moved pthread_create and pthread_join into libc under a new symbol version; binding
// the original versions (still exported as compatibility symbols) keeps a binary built on a new
// glibc loadable on older ones: the prebuilt addon then needs glibc 2.14 (arm64: 2.17), not 2.34.
// binding.gyp asks for it (NDGRADIENT_COMPAT_GLIBC); a static link has no versions to bind.
#if !defined(NDGRADIENT_COMPAT_GLIBC)
#elif defined(__linux__) && defined(__GLIBC__) && defined(__x86_64__)
__asm__(".symver pthread_create,pthread_create@GLIBC_2.2.5");
__asm__(".symver pthread_join,pthread_join@GLIBC_2.2.5");
#elif defined(__linux__) && defined(__GLIBC__) && defined(__aarch64__)
__asm__(".symver pthread_create,pthread_create@GLIBC_2.17");
__asm__(".symver pthread_join,pthread_join@GLIBC_2.17");
#endif

#include "pool.h"  // after the bindings above: it calls pthread_create and pthread_join too

namespace ndgradient {

constexpr int kMaxThreads = 64;
static_assert(WorkerPool::kMaxHelpers >= kMaxThreads - 1, "the pool can help every thread count");

// Processors this process may run on (1 where unknown): the CPUs of its affinity mask (taskset,
// cpusets), capped by a cgroup v2 CPU quota (cpu.max, as containers set it) — not the machine's
// online count, which a container or a pinned process cannot use. Asked on each large call (a
// few microseconds): both can change while the process runs.
inline int processorCount() {
#ifdef NDGRADIENT_THREADS
  long count = sysconf(_SC_NPROCESSORS_ONLN);
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int allowed = CPU_COUNT(&set);
    if (allowed > 0 && allowed < count) count = allowed;
  }
  if (FILE* file = std::fopen("/sys/fs/cgroup/cpu.max", "r")) {
    long long quota = 0, period = 0;
    if (std::fscanf(file, "%lld %lld", &quota, &period) == 2 && quota > 0 && period > 0) {
      const long long cpus = (quota + period - 1) / period;  // "max" does not parse: no quota
      if (cpus < count) count = static_cast<long>(cpus);
    }
    std::fclose(file);
  }
#endif
  return count < 1 ? 1 : count > kMaxThreads ? kMaxThreads : static_cast<int>(count);
#else
  return 1;
#endif
}

// The first item of share t of `threads` (0 <= t <= threads) over [0, items): the first
// items % threads shares hold one item more (parallelFor's pieces are such shares). No
// intermediate exceeds `items` (q * t <= items), so no item count, however large, can overflow
// (items * t / threads could, from 2^57 items on).
inline std::int64_t shareStart(std::int64_t items, int threads, int t) {
  const std::int64_t q = items / threads, r = items % threads;
  return q * t + (t < r ? t : r);
}

// Work is handed out in pieces, a few per thread, each thread taking the next piece as it
// finishes one, not one fixed share per thread: a thread that runs slower (its core shared with
// another process, an SMT sibling or V8's collector threads) leaves its remaining pieces to the
// others instead of holding up the join, which matters more the more threads there are. The
// cost is one atomic add per piece. On this 2-vCPU host it measured the same as fixed shares
// (in one process, against a copy of the old build: out 0.95-1.0x, allocating within noise).
constexpr int kPiecesPerThread = 8;

// Calls task.run(begin, end) over [0, items) in contiguous pieces, on `threads` threads, this one
// among them: `pool`'s where it is free (it may be null), else threads of the call's own. Pieces
// write disjoint outputs, so results do not depend on which thread takes which.
template <typename Task>
void parallelFor(WorkerPool* pool, int threads, std::int64_t items, const Task& task) {
  if (threads > items) threads = static_cast<int>(items);
  if (threads > kMaxThreads) threads = kMaxThreads;
#ifdef NDGRADIENT_THREADS
  if (threads > 1) {
    struct Pieces {
      const Task* task;
      std::int64_t items;
      int count;
      int next;  // the next piece to take, shared by the threads (atomic builtins: see async.cc)
      void work() {
        for (int piece; (piece = __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED)) < count;) {
          task->run(shareStart(items, count, piece), shareStart(items, count, piece + 1));
        }
      }
      static void* start(void* self) {
        static_cast<Pieces*>(self)->work();
        return nullptr;
      }
      static void job(void* self) { static_cast<Pieces*>(self)->work(); }
    };
    const std::int64_t most = static_cast<std::int64_t>(threads) * kPiecesPerThread;
    Pieces pieces{&task, items, static_cast<int>(items < most ? items : most), 0};
    if (pool != nullptr && pool->run(threads - 1, &Pieces::job, &pieces)) return;
    pthread_t ids[kMaxThreads];
    bool started[kMaxThreads] = {false};
    // A thread that could not start takes nothing: the others, this one at least, take its pieces.
    for (int t = 1; t < threads; ++t) started[t] = pthread_create(&ids[t], nullptr, &Pieces::start, &pieces) == 0;
    pieces.work();
    for (int t = 1; t < threads; ++t) {
      if (started[t]) pthread_join(ids[t], nullptr);
    }
    return;
  }
#endif
  if (items > 0) task.run(0, items);
}

// The same on threads of the call's own.
template <typename Task>
void parallelFor(int threads, std::int64_t items, const Task& task) {
  parallelFor(static_cast<WorkerPool*>(nullptr), threads, items, task);
}

}  // namespace ndgradient
