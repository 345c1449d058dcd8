// Fresh output memory: ask for transparent huge pages before the first write.
//
// A freshly allocated large buffer is untouched memory; each 4 KiB page then faults on its first
// write, which costs more than the arithmetic (about 1.6 µs a page on the machines we measured).
// With MADV_HUGEPAGE the kernel backs 2 MiB-aligned ranges with huge pages, one fault per 2 MiB.
// numpy asks the same for its large arrays. It is advice: failure or a kernel without THP changes
// nothing but speed, and the buffer's contents are untouched.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ndgradient {

constexpr std::size_t kHugePage = std::size_t(2) << 20;

inline void adviseHugePages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes < 2 * kHugePage) return;
  const std::uintptr_t start = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t begin = (start + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t end = (start + bytes) & ~(kHugePage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace ndgradient
