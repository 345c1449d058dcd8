// Kernels: numpy.gradient's formulas applied to rows and lanes of strided memory.
//
// Pure C++ (no Node-API). Strides count elements. Two row kernels cover every formula numpy uses:
//   differenceRow   y = (x2 - x0) / d          interior with a uniform step (d = 2.0*h),
//                                              and first-order edges (d = h or dx)
//   combinationRow  y = (a*x0 + b*x1) + c*x2   interior with coordinates (a, b, c per point),
//                                              and second-order edges
// A "row" is applied at one position of the gradient axis across a run of the other axes (for an
// axis that is not the innermost), or along the axis itself (stride = the axis stride).
//
// Exactness: each expression is numpy's (numpy/lib/_function_base_impl.py, `gradient`), same
// operands, same order. Build with -ffp-contract=off: a fused multiply-add rounds once where numpy
// rounds twice. Vectorising these loops changes nothing: every lane is an independent IEEE operation.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>

namespace ndgradient {

using index_t = std::int64_t;

// The type numpy computes with for an element type: float32 stays float32; every other input
// (float64 and all integers, BigInt64 included) is converted to float64 before differencing.
template <typename T> struct Compute { using type = double; };
template <> struct Compute<float> { using type = float; };

// numpy 2 (NEP 50) promotion where a data value meets a coefficient: float32 only when both are
// float32, float64 otherwise.
template <typename A, typename B> struct Promote { using type = double; };
template <> struct Promote<float, float> { using type = float; };

template <typename T>
inline typename Compute<T>::type load(const T* x, index_t i) {
  return static_cast<typename Compute<T>::type>(x[i]);
}

// A divisor, applied as numpy applies it (x / d), or as x * (1/d) where that gives the same bits:
// when d is a power of two whose reciprocal is exactly representable, both are the same real
// number rounded once. (Division costs several times a multiplication.)
template <typename A> struct Divisor {
  A value;
  A reciprocal;
  bool byReciprocal;
};

// ±2^k, normal or subnormal, read from the bits (a libm frexp() per test cost a small call more
// than its arithmetic): a normal number with an all-zero significand, or a subnormal with exactly
// one significand bit. Zero, infinities and NaN are not.
template <typename A>
inline bool isPowerOfTwo(A value) {
  using Bits = typename std::conditional<sizeof(A) == 8, std::uint64_t, std::uint32_t>::type;
  constexpr int kSignificandBits = std::numeric_limits<A>::digits - 1;  // 52 or 23
  constexpr Bits kSignificand = (Bits(1) << kSignificandBits) - 1;
  constexpr Bits kExponentMax = (sizeof(A) == 8 ? Bits(0x7ff) : Bits(0xff));
  Bits bits;
  std::memcpy(&bits, &value, sizeof bits);
  const Bits significand = bits & kSignificand;
  const Bits exponent = (bits >> kSignificandBits) & kExponentMax;
  if (exponent == kExponentMax) return false;
  if (exponent != 0) return significand == 0;
  return significand != 0 && (significand & (significand - 1)) == 0;
}

template <typename A>
inline Divisor<A> makeDivisor(A value) {
  const A reciprocal = A(1) / value;
  return {value, reciprocal, isPowerOfTwo(value) && isPowerOfTwo(reciprocal)};
}

// y[j] = (x2[j] - x0[j]) / d for j < w. The difference stays in the data's precision; the division
// happens where it meets the spacing (A).
template <bool Unit, typename T, typename O, typename A>
inline void differenceLoop(index_t w, const T* x0, const T* x2, index_t strideX, O* y, index_t strideY,
                           const Divisor<A>& d) {
  using V = typename Compute<T>::type;
  const index_t sx = Unit ? 1 : strideX;
  const index_t sy = Unit ? 1 : strideY;
  if (d.byReciprocal) {
    const A r = d.reciprocal;
    for (index_t j = 0; j < w; ++j) {
      const V diff = load(x2, j * sx) - load(x0, j * sx);
      y[j * sy] = static_cast<O>(static_cast<A>(diff) * r);
    }
  } else {
    const A v = d.value;
    for (index_t j = 0; j < w; ++j) {
      const V diff = load(x2, j * sx) - load(x0, j * sx);
      y[j * sy] = static_cast<O>(static_cast<A>(diff) / v);
    }
  }
}

template <typename T, typename O, typename A>
void differenceRow(index_t w, const T* x0, const T* x2, index_t strideX, O* y, index_t strideY,
                   const Divisor<A>& d) {
  if (strideX == 1 && strideY == 1) {
    differenceLoop<true>(w, x0, x2, strideX, y, strideY, d);
  } else {
    differenceLoop<false>(w, x0, x2, strideX, y, strideY, d);
  }
}

// y[j] = (a*x0[j] + b*x1[j]) + c*x2[j] for j < w, all in A.
template <bool Unit, typename T, typename O, typename A>
inline void combinationLoop(index_t w, const T* x0, const T* x1, const T* x2, index_t strideX, O* y,
                            index_t strideY, A a, A b, A c) {
  const index_t sx = Unit ? 1 : strideX;
  const index_t sy = Unit ? 1 : strideY;
  for (index_t j = 0; j < w; ++j) {
    const A f0 = static_cast<A>(load(x0, j * sx));
    const A f1 = static_cast<A>(load(x1, j * sx));
    const A f2 = static_cast<A>(load(x2, j * sx));
    y[j * sy] = static_cast<O>((a * f0 + b * f1) + c * f2);
  }
}

template <typename T, typename O, typename A>
void combinationRow(index_t w, const T* x0, const T* x1, const T* x2, index_t strideX, O* y,
                    index_t strideY, A a, A b, A c) {
  if (strideX == 1 && strideY == 1) {
    combinationLoop<true>(w, x0, x1, x2, strideX, y, strideY, a, b, c);
  } else {
    combinationLoop<false>(w, x0, x1, x2, strideX, y, strideY, a, b, c);
  }
}

// Interior points [begin, end) of one lane along the axis with coordinates: y[i] = (a_i*f[i-1] +
// b_i*f[i]) + c_i*f[i+1], with (a_i, b_i, c_i) from `coefficients(i, a, b, c)` (coefficients.h).
template <bool Unit, typename T, typename O, typename A, typename Coefficients>
inline void coordinateLoop(index_t begin, index_t end, const T* x, index_t strideX, O* y,
                           index_t strideY, const Coefficients& coefficients) {
  using C = typename Coefficients::type;
  const index_t sx = Unit ? 1 : strideX;
  const index_t sy = Unit ? 1 : strideY;
  for (index_t i = begin; i < end; ++i) {
    C a, b, c;
    coefficients(i, a, b, c);
    const A f0 = static_cast<A>(load(x, (i - 1) * sx));
    const A f1 = static_cast<A>(load(x, i * sx));
    const A f2 = static_cast<A>(load(x, (i + 1) * sx));
    y[i * sy] = static_cast<O>((static_cast<A>(a) * f0 + static_cast<A>(b) * f1) + static_cast<A>(c) * f2);
  }
}

// The same loop compiled for AVX2 (x86-64 only; called where the CPU has it, see wideKernels()).
// A coordinate lane computes three divisions per point, so it is bound by division throughput,
// which 4-wide vectors double over the 2-wide baseline; everything it calls is inlined into this
// AVX2 function (flatten), and nothing compiled for AVX2 is shared with the baseline code. No
// FMA is enabled, and -ffp-contract=off would forbid contraction anyway: the bits do not change.
#if defined(__GNUC__) && defined(__x86_64__)
#define NDGRADIENT_AVX2 1
template <typename T, typename O, typename A, typename Coefficients>
__attribute__((target("avx2"), flatten)) void coordinateLoopAvx2(index_t begin, index_t end, const T* x, O* y,
                                                                 const Coefficients& coefficients) {
  coordinateLoop<true, T, O, A>(begin, end, x, 1, y, 1, coefficients);
}
#endif

// True where the wide kernels run: an x86-64 CPU with AVX2 (and an OS that saves its registers),
// unless NDGRADIENT_KERNELS=baseline asks for the baseline kernels, so that the exactness suites
// can prove both sets on one machine (CI runs them once that way). Decided once per process, on
// first use, and never changed after: both sets give the same bits.
inline bool baselineKernelsForced() {
  const char* kernels = std::getenv("NDGRADIENT_KERNELS");
  return kernels != nullptr && std::strcmp(kernels, "baseline") == 0;
}

inline bool wideKernels() {
#ifdef NDGRADIENT_AVX2
  static const bool wide = __builtin_cpu_supports("avx2") && !baselineKernelsForced();
  return wide;
#else
  return false;
#endif
}

template <typename T, typename O, typename A, typename Coefficients>
void coordinateLane(index_t begin, index_t end, const T* x, index_t strideX, O* y, index_t strideY,
                    const Coefficients& coefficients, bool wide) {
  if (strideX == 1 && strideY == 1) {
#ifdef NDGRADIENT_AVX2
    if (wide) return coordinateLoopAvx2<T, O, A>(begin, end, x, y, coefficients);
#else
    (void)wide;
#endif
    coordinateLoop<true, T, O, A>(begin, end, x, strideX, y, strideY, coefficients);
  } else {
    coordinateLoop<false, T, O, A>(begin, end, x, strideX, y, strideY, coefficients);
  }
}

}  // namespace ndgradient
