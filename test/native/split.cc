// parallelFor's work split (native/parallel.h) at the extremes of item counts: the shares must
// cover [0, items) exactly, in order, with no signed overflow (built with UBSan by
// test/sanitize.mjs; `items * t / threads`, the old split, overflowed from 2^57 items on). And
// parallelFor itself, whose threads take pieces as they go: every item run exactly once, by
// pieces that are non-empty ranges, whatever the thread count, on threads of the call's own or
// kept ones (pool.h); and a slowed thread leaves its share of the work to the others.
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <limits>
#include <vector>

#include "../../native/parallel.h"

int main() {
  using ndgradient::kMaxThreads;
  using ndgradient::shareStart;
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::int64_t counts[] = {0, 1, 2, 63, 64, 65, 1000003, std::int64_t(1) << 53, std::int64_t(1) << 58, max - 1, max};
  int failures = 0;
  for (std::int64_t items : counts) {
    for (int threads = 1; threads <= kMaxThreads; ++threads) {
      std::int64_t previous = shareStart(items, threads, 0);
      if (previous != 0) ++failures;
      for (int t = 1; t <= threads; ++t) {
        const std::int64_t start = shareStart(items, threads, t);
        // Non-decreasing, and no two shares differ by more than one item.
        if (start < previous || start - previous - 1 > items / threads) ++failures;
        previous = start;
      }
      if (previous != items) ++failures;
    }
  }
  std::printf("work split: %d failures over %zu item counts x %d thread counts\n", failures, sizeof counts / sizeof counts[0], kMaxThreads);

  struct Count {
    int* runs;          // per item: how many times it ran
    int* emptyPieces;   // pieces with begin >= end
    void run(std::int64_t begin, std::int64_t end) const {
      if (begin >= end) __atomic_fetch_add(emptyPieces, 1, __ATOMIC_RELAXED);
      for (std::int64_t i = begin; i < end; ++i) __atomic_fetch_add(&runs[i], 1, __ATOMIC_RELAXED);
    }
  };
  int pieceFailures = 0;
  const std::int64_t pieceCounts[] = {0, 1, 2, 7, 63, 64, 65, 511, 512, 513, 100003};
  const int threadCounts[] = {1, 2, 3, 8, kMaxThreads, kMaxThreads + 1};
  for (std::int64_t items : pieceCounts) {
    for (int threads : threadCounts) {
      std::vector<int> runs(static_cast<std::size_t>(items), 0);
      int empty = 0;
      ndgradient::parallelFor(threads, items, Count{runs.data(), &empty});
      for (int r : runs) pieceFailures += r != 1;
      pieceFailures += empty;
    }
  }
  std::printf("parallelFor: %d failures over %zu item counts x %zu thread counts\n", pieceFailures, sizeof pieceCounts / sizeof pieceCounts[0],
              sizeof threadCounts / sizeof threadCounts[0]);

  // The same on kept threads (pool.h), reused call after call with more and fewer of them, and
  // from two threads at once: one call has the pool, the other creates threads of its own.
  int poolFailures = 0;
  ndgradient::WorkerPool pool;
  for (int round = 0; round < 3; ++round) {
    for (std::int64_t items : pieceCounts) {
      for (int threads : threadCounts) {
        std::vector<int> runs(static_cast<std::size_t>(items), 0);
        int empty = 0;
        ndgradient::parallelFor(&pool, threads, items, Count{runs.data(), &empty});
        for (int r : runs) poolFailures += r != 1;
        poolFailures += empty;
      }
    }
  }
  struct Caller {
    ndgradient::WorkerPool* pool;
    int failures = 0;
    static void* loop(void* self) {
      Caller* caller = static_cast<Caller*>(self);
      for (int call = 0; call < 200; ++call) {
        std::vector<int> runs(1000, 0);
        int empty = 0;
        ndgradient::parallelFor(caller->pool, 2 + call % 4, 1000, Count{runs.data(), &empty});
        for (int r : runs) caller->failures += r != 1;
        caller->failures += empty;
      }
      return nullptr;
    }
  };
  Caller callers[2] = {{&pool}, {&pool}};
  pthread_t other;
  if (pthread_create(&other, nullptr, &Caller::loop, &callers[1]) != 0) ++poolFailures;
  Caller::loop(&callers[0]);
  pthread_join(other, nullptr);
  poolFailures += callers[0].failures + callers[1].failures;
  pool.stop();
  std::vector<int> runs(100, 0);
  int empty = 0;
  ndgradient::parallelFor(&pool, 4, 100, Count{runs.data(), &empty});  // stopped: threads of its own
  for (int r : runs) poolFailures += r != 1;
  poolFailures += empty;
  std::printf("parallelFor on kept threads: %d failures\n", poolFailures);

  // Balance: a thread that runs slower (here the calling one, each of its pieces taking 30 ms, as
  // if its core were shared) leaves the remaining work to the others. With one fixed share per
  // thread it would run 250 of 1000 items on 4 threads; taking pieces (of 31-32 items) as they
  // go, it runs the one it started, at most, while the others run the rest.
  struct Slowed {
    pthread_t slow;
    std::int64_t* slowItems;
    void run(std::int64_t begin, std::int64_t end) const {
      if (pthread_equal(pthread_self(), slow)) {
        *slowItems += end - begin;
        timespec nap{0, 30 * 1000 * 1000};
        nanosleep(&nap, nullptr);
      }
    }
  };
  int balanceFailures = 0;
  ndgradient::WorkerPool balancePool;
  for (ndgradient::WorkerPool* kept : {static_cast<ndgradient::WorkerPool*>(nullptr), &balancePool}) {
    std::int64_t slowItems = 0;
    ndgradient::parallelFor(kept, 4, 1000, Slowed{pthread_self(), &slowItems});
    std::printf("balance (%s threads): the slowed thread ran %lld of 1000 items\n", kept ? "kept" : "own", static_cast<long long>(slowItems));
    balanceFailures += slowItems > 64;  // two pieces
  }
  balancePool.stop();
  return failures == 0 && pieceFailures == 0 && poolFailures == 0 && balanceFailures == 0 ? 0 : 1;
}
