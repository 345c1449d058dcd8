// Streaming stores: an output larger than the caches is written around them.
//
// An ordinary store to a line that is not cached first reads that line from memory (a read for
// ownership), so a kernel that reads f once and writes y once moves three arrays' worth of bytes.
// A streaming (non-temporal) store fills whole lines in write-combining buffers and sends them
// out without the read: two arrays' worth. Where the output cannot stay cached anyway that saves
// time (bench: the C limit column times both kinds of store). Where it can, the caller is likely
// to read it next, from cache, so small outputs keep ordinary stores.
//
// Two kernels stream: the central difference, (f[i+1] - f[i-1]) / 2h, float64 or float32 in its
// own precision, contiguous (the interior of every uniform axis at numpy's accuracy, the bulk of
// nearly every call), and the AVX2 coordinate lane (kernels.h). The arithmetic is the scalar kernel's, lane by lane (SSE2 subtraction,
// multiplication and division round as the scalar ones do), so the bits are the same; only how
// they reach memory differs. Computing a chunk with the ordinary kernel and streaming a copy of it
// out measured slower than ordinary stores: the stores must come straight from the registers.
//
// Streaming stores are weakly ordered, even against later stores of the same thread: a share of
// work that streamed ends with a store fence (fenceStreamingStores), before pthread_join or the
// JS thread can look at the output.
// x86-64 only (SSE2 is baseline there); elsewhere there is nothing to stream with.
#pragma once

#include <cstdint>

#if defined(__x86_64__) || defined(_M_X64)
#include <emmintrin.h>
#define NDGRADIENT_STREAMING 1
#endif

namespace ndgradient {

// An axis whose output is at least this large streams: 16 MiB, where the output and an input of
// its size no longer fit together in the last-level cache of the machines we measured (2-vCPU
// EPYC, 32 MiB of L3). Measured there, one float64 axis into `out`, ordinary ÷ streaming stores:
// 8 MB 0.86, 16 MB 1.04, 32 MB 1.15, 48 MB 1.2, 80 MB 1.2. Below it the output, or part of it, is
// still cached when the caller reads it.
constexpr std::int64_t kStreamBytes = std::int64_t(16) << 20;

inline bool streamsOutput(std::int64_t outputBytes) {
#ifdef NDGRADIENT_STREAMING
  return outputBytes >= kStreamBytes;
#else
  (void)outputBytes;
  return false;
#endif
}

// Orders this thread's streaming stores before whatever it does next (a fence costs hundreds of
// cycles while stores are in flight: once per share of work, not per row).
inline void fenceStreamingStores() {
#ifdef NDGRADIENT_STREAMING
  _mm_sfence();
#endif
}

// Streaming stores write whole cache lines only. A line written partly by streaming stores and
// partly by ordinary ones (a short lane's ends, the next lane's start) leaves the
// write-combining buffer half full and goes to memory as a read-modify-write: lanes of 130
// float64 elements ran 3× slower streamed than stored before this rule.
constexpr std::int64_t kStreamLine = 64;

// A run shorter than this keeps ordinary stores even in a large output: its few whole lines sit
// between ordinarily stored ends, and streaming them measured slower (lanes of 66 float64
// elements, 528 bytes: 1.4× the ordinary stores), while 2 KiB lanes (256³ along its last axis)
// gain 30%.
constexpr std::int64_t kMinStreamRun = 1024;

// Elements of E before `y`'s first cache-line boundary, at most w (all of them
// where y is not aligned to its element, which never reaches a boundary).
template <typename E>
inline std::int64_t elementsBeforeLine(const E* y, std::int64_t w) {
  const std::uintptr_t at = reinterpret_cast<std::uintptr_t>(y);
  const std::uintptr_t gap = (kStreamLine - (at % kStreamLine)) % kStreamLine;
  if (gap % sizeof(E) != 0) return w;
  const std::int64_t head = static_cast<std::int64_t>(gap / sizeof(E));
  return head < w ? head : w;
}

#ifdef NDGRADIENT_STREAMING
// The lanes of one SSE2 register for float64 and float32: load, subtract, scale, stream.
struct Lanes64 {
  using Scalar = double;
  using Vector = __m128d;
  static constexpr int kWidth = 2;
  static Vector load(const double* p) { return _mm_loadu_pd(p); }
  static Vector broadcast(double v) { return _mm_set1_pd(v); }
  static Vector sub(Vector a, Vector b) { return _mm_sub_pd(a, b); }
  static Vector mul(Vector a, Vector b) { return _mm_mul_pd(a, b); }
  static Vector div(Vector a, Vector b) { return _mm_div_pd(a, b); }
  static void stream(double* p, Vector v) { _mm_stream_pd(p, v); }
};
struct Lanes32 {
  using Scalar = float;
  using Vector = __m128;
  static constexpr int kWidth = 4;
  static Vector load(const float* p) { return _mm_loadu_ps(p); }
  static Vector broadcast(float v) { return _mm_set1_ps(v); }
  static Vector sub(Vector a, Vector b) { return _mm_sub_ps(a, b); }
  static Vector mul(Vector a, Vector b) { return _mm_mul_ps(a, b); }
  static Vector div(Vector a, Vector b) { return _mm_div_ps(a, b); }
  static void stream(float* p, Vector v) { _mm_stream_ps(p, v); }
};

// y[j] = (x2[j] - x0[j]) * d (byReciprocal: d is 1/2h, exactly) or / d, for j < w, contiguous.
// Only whole cache lines stream; the elements before y's first line boundary and after its last
// are ordinary stores of the same expression.
template <typename L, bool ByReciprocal>
inline void streamDifferenceLoop(std::int64_t w, const typename L::Scalar* x0, const typename L::Scalar* x2, typename L::Scalar* y,
                                 typename L::Scalar d) {
  constexpr std::int64_t kPerLine = kStreamLine / sizeof(typename L::Scalar);
  const auto one = [&](std::int64_t j) { y[j] = ByReciprocal ? (x2[j] - x0[j]) * d : (x2[j] - x0[j]) / d; };
  std::int64_t j = 0;
  for (const std::int64_t head = elementsBeforeLine(y, w); j < head; ++j) one(j);
  const typename L::Vector v = L::broadcast(d);
  for (; j + kPerLine <= w; j += kPerLine) {
    for (std::int64_t k = j; k < j + kPerLine; k += L::kWidth) {
      const typename L::Vector difference = L::sub(L::load(x2 + k), L::load(x0 + k));
      L::stream(y + k, ByReciprocal ? L::mul(difference, v) : L::div(difference, v));
    }
  }
  for (; j < w; ++j) one(j);
}

template <typename L>
inline void streamDifference(std::int64_t w, const typename L::Scalar* x0, const typename L::Scalar* x2, typename L::Scalar* y,
                             bool byReciprocal, typename L::Scalar d) {
  if (byReciprocal) streamDifferenceLoop<L, true>(w, x0, x2, y, d);
  else streamDifferenceLoop<L, false>(w, x0, x2, y, d);
}
#endif

}  // namespace ndgradient
