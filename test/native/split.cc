// parallelFor's work split (native/parallel.h) at the extremes of item counts: the shares must
// cover [0, items) exactly, in order, with no signed overflow (built with UBSan by
// test/sanitize.mjs; `items * t / threads`, the old split, overflowed from 2^57 items on).
#include <cstdint>
#include <cstdio>
#include <limits>

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
  return failures == 0 ? 0 : 1;
}
