// A fork/join over a range of work items, with POSIX threads created for the call and joined
// before it returns: no pool, no state between calls, nothing global.
//
// Threads are created with pthread_create, which reports failure instead of throwing (the addon
// is built without C++ exceptions, where std::thread would abort): a share whose thread could not
// start runs on the calling thread. Elsewhere than POSIX everything runs on the calling thread.
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

namespace ndgradient {

constexpr int kMaxThreads = 64;

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
// items % threads shares hold one item more. No intermediate exceeds `items` (q * t <= items), so
// no item count, however large, can overflow (items * t / threads could, from 2^57 items on).
inline std::int64_t shareStart(std::int64_t items, int threads, int t) {
  const std::int64_t q = items / threads, r = items % threads;
  return q * t + (t < r ? t : r);
}

// Calls task.run(begin, end) over [0, items) split into `threads` contiguous shares, the first on
// this thread. Shares write disjoint outputs, so results do not depend on the split.
template <typename Task>
void parallelFor(int threads, std::int64_t items, const Task& task) {
  if (threads > items) threads = static_cast<int>(items);
  if (threads > kMaxThreads) threads = kMaxThreads;
#ifdef NDGRADIENT_THREADS
  if (threads > 1) {
    struct Share {
      const Task* task;
      std::int64_t begin, end;
      static void* start(void* self) {
        const Share* share = static_cast<const Share*>(self);
        share->task->run(share->begin, share->end);
        return nullptr;
      }
    };
    Share shares[kMaxThreads];
    pthread_t ids[kMaxThreads];
    bool started[kMaxThreads] = {false};
    for (int t = 0; t < threads; ++t) {
      shares[t] = {&task, shareStart(items, threads, t), shareStart(items, threads, t + 1)};
      if (t > 0) started[t] = pthread_create(&ids[t], nullptr, &Share::start, &shares[t]) == 0;
    }
    task.run(shares[0].begin, shares[0].end);
    for (int t = 1; t < threads; ++t) {
      if (started[t]) {
        pthread_join(ids[t], nullptr);
      } else {
        task.run(shares[t].begin, shares[t].end);
      }
    }
    return;
  }
#endif
  if (items > 0) task.run(0, items);
}

}  // namespace ndgradient
