// Kernels: the gradient's formulas applied to rows and lanes of strided memory.
//
// Pure C++ (no Node-API). Strides count elements. Three row kernels cover every formula:
//   differenceRow  y = (f1 - f0) / d               numpy's interior with a uniform step
//                                                  (d = 2.0*h), and first-order edges (d = h, dx)
//   centralRow     y = (Σ c_k·(f[i+k] - f[i-k])) / h   higher accuracy, uniform step
//   weightedRow    y = Σ w_j·f_j (then / h)        numpy's coordinate interior and second-order
//                                                  edges ((a*f0 + b*f1) + c*f2), higher-accuracy
//                                                  ends and coordinates
// A "row" is applied at one position of the gradient axis across a run of the other axes (for an
// axis that is not the innermost), or along the axis itself (stride = the axis stride). Its K
// values per element come from K row pointers, a null one standing for a constant beyond an end (RowSet).
//
// Exactness: each expression is numpy's (numpy/lib/_function_base_impl.py, `gradient`) or the
// README's, same operands, same order. Build with -ffp-contract=off: a fused multiply-add rounds
// once where numpy rounds twice. Vectorising these loops changes nothing: every lane is an
// independent IEEE operation.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#endif

#include "complex.h"
#include "half.h"
#include "streaming.h"

namespace ndgradient {

using index_t = std::int64_t;

// The most points a stencil has: accuracy 8, 2·4 + 1.
constexpr int kMaxPoints = 9;

// Points whose Fornberg weights are computed together (weights.h): each step of the algorithm
// then runs across the points of a chunk (independent of each other, so the same bits as one at
// a time), a loop that vectorises.
constexpr index_t kWeightChunk = 64;

// The type numpy computes with for an element type: float32 stays float32; every other input
// (float64 and all integers, BigInt64 included) is converted to float64 before differencing.
// Complex data keeps its precision too (numpy's complex loops).
template <typename T> struct Compute { using type = double; };
template <> struct Compute<float> { using type = float; };
template <typename R> struct Compute<Complex<R>> { using type = Complex<R>; };
template <> struct Compute<Half> { using type = Half; };  // numpy's half loops (half.h)

// numpy 2 (NEP 50) promotion where a data value meets a coefficient: float32 only when both are
// float32, float64 otherwise.
// Complex data meeting a real coefficient is complex of the promoted precision (complex64 with a
// float64 coefficient computes in complex128).
template <typename A, typename B> struct Promote { using type = double; };
template <> struct Promote<float, float> { using type = float; };
template <typename R, typename B> struct Promote<Complex<R>, B> { using type = Complex<typename Promote<R, B>::type>; };
// float16 stays float16 with float16, becomes float32 with float32 (either way round).
template <> struct Promote<Half, Half> { using type = Half; };
template <> struct Promote<Half, float> { using type = float; };
template <> struct Promote<float, Half> { using type = float; };

template <typename T>
inline typename Compute<T>::type load(const T* x, index_t i) {
  return static_cast<typename Compute<T>::type>(x[i]);
}

// A divisor, applied as numpy applies it (x / d), or as x * (1/d) where that gives the same bits:
// when d is a power of two whose reciprocal is exactly representable, both are the same real
// number rounded once. (Division costs several times a multiplication.)
template <typename A> struct Divisor {
  using Value = A;
  Value value;
  A reciprocal;
  bool byReciprocal;
};

// A complex divisor (2h + 0j, h + 0j): numpy's scaled division, never a reciprocal.
template <typename R> struct Divisor<Complex<R>> {
  using Value = ScaledDivisor<R>;
  Value value;
  Complex<R> reciprocal;
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

template <typename R>
inline Divisor<Complex<R>> makeDivisor(Complex<R> value) {
  return {ScaledDivisor<R>(value), Complex<R>(R(1)), false};
}

// float16 divides as numpy's half loop does: no reciprocal.
inline Divisor<Half> makeDivisor(Half value) { return {value, Half(1), false}; }

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
    const auto& v = d.value;
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

// differenceRow with streaming stores (streaming.h) where they apply: a contiguous row of float64
// or float32 computed in its own precision; anything else is the plain kernel.
template <typename T, typename O, typename A>
void streamedDifferenceRow(index_t w, const T* x0, const T* x2, index_t strideX, O* y, index_t strideY,
                           const Divisor<A>& d) {
#ifdef NDGRADIENT_STREAMING
  constexpr bool same = std::is_same<T, O>::value && std::is_same<O, A>::value;
  if constexpr (same && (std::is_same<T, double>::value || std::is_same<T, float>::value)) {
    using Lanes = typename std::conditional<std::is_same<T, double>::value, Lanes64, Lanes32>::type;
    if (strideX == 1 && strideY == 1 && w * static_cast<index_t>(sizeof(T)) >= kMinStreamRun) {
      return streamDifference<Lanes>(w, x0, x2, y, d.byReciprocal, d.byReciprocal ? d.reciprocal : d.value);
    }
  }
#endif
  differenceRow(w, x0, x2, strideX, y, strideY, d);
}

inline bool halfConversions();
inline void differenceHalfWide(index_t w, const Half* x0, const Half* x2, Half* y, Half divisor);

// float16 throughout (numpy's half loop for the difference and the division): the same bits by
// the CPU's float16 conversions where it has them (F16C), 8 elements an instruction; software
// conversions cost 5-9 ns an element.
inline void differenceRow(index_t w, const Half* x0, const Half* x2, index_t strideX, Half* y, index_t strideY, const Divisor<Half>& d) {
  if (strideX == 1 && strideY == 1 && halfConversions()) return differenceHalfWide(w, x0, x2, y, d.value);
  if (strideX == 1 && strideY == 1) return differenceLoop<true>(w, x0, x2, strideX, y, strideY, d);
  differenceLoop<false>(w, x0, x2, strideX, y, strideY, d);
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

// The rows of a longer stencil: `count` row pointers, where a null row stands for `constant`
// (a constant beyond the end, boundary.h). V: the data's precision.
template <typename T> struct RowSet {
  using V = typename Compute<T>::type;
  const T* row[kMaxPoints];
  int count;
  V constant;
};

// Elements per chunk of the longer stencils: their sums are built term by term across a chunk
// (one loop per term, which vectorises whatever the number of terms) in this much stack memory.
constexpr index_t kChunk = 256;

// One term across a chunk: sum[j] (+)= weight * S(f[j]), from a row or from the constant. First
// term: sum = term; then sum = sum + term, so that each element's sum runs left to right.
template <bool Unit, bool First, typename S, typename T>
inline void addTerm(index_t w, S* sum, S weight, const T* row, typename Compute<T>::type constant, index_t strideX) {
  const index_t sx = Unit ? 1 : strideX;
  if (row == nullptr) {
    const S term = weight * static_cast<S>(constant);
    for (index_t j = 0; j < w; ++j) sum[j] = First ? term : sum[j] + term;
    return;
  }
  for (index_t j = 0; j < w; ++j) {
    const S term = weight * static_cast<S>(load(row, j * sx));
    sum[j] = First ? term : sum[j] + term;
  }
}

// One central term across a chunk: sum[j] (+)= c * (plus[j] - minus[j]), in V, or the bare
// difference where c is null (numpy's (f[i+1] - f[i-1]): for complex data 1·d is not d, whose
// -0 or infinite part a complex product would change); at most one of the two rows is a constant.
template <bool Unit, bool First, typename T>
inline void addDifference(index_t w, typename Compute<T>::type* sum, const typename Compute<T>::type* c, const T* plus, const T* minus,
                          typename Compute<T>::type constant, index_t strideX) {
  using V = typename Compute<T>::type;
  const index_t sx = Unit ? 1 : strideX;
  // Three loops, not one with a choice per element: each vectorises.
  const auto add = [&](index_t j, V p, V q) {
    const V term = c == nullptr ? p - q : *c * (p - q);
    sum[j] = First ? term : sum[j] + term;
  };
  if (plus == nullptr) {
    for (index_t j = 0; j < w; ++j) add(j, constant, load(minus, j * sx));
  } else if (minus == nullptr) {
    for (index_t j = 0; j < w; ++j) add(j, load(plus, j * sx), constant);
  } else {
    for (index_t j = 0; j < w; ++j) add(j, load(plus, j * sx), load(minus, j * sx));
  }
}

// y[j] = finish(A(sum[j])) for a chunk.
template <bool Unit, typename O, typename A, typename S, typename Finish>
inline void store(index_t w, const S* sum, O* y, index_t strideY, const Finish& finish) {
  const index_t sy = Unit ? 1 : strideY;
  for (index_t j = 0; j < w; ++j) y[j * sy] = static_cast<O>(finish(static_cast<A>(sum[j])));
}

template <typename A> struct DivideBy {
  typename Divisor<A>::Value value;
  A operator()(A x) const { return x / value; }
};
template <typename A> struct MultiplyBy {
  A value;
  A operator()(A x) const { return x * value; }
};
template <typename A> struct Unchanged {
  A operator()(A x) const { return x; }
};

// Runs loop(unit, finish): the contiguous case split out (unit strides vectorise), and the divisor
// applied as Divisor says (x / d, or x * (1/d) where that is the same).
template <typename A, typename Loop>
inline void withDivisor(bool contiguous, const Divisor<A>& divisor, const Loop& loop) {
  const auto divided = [&](auto unit) {
    if (divisor.byReciprocal) loop(unit, MultiplyBy<A>{divisor.reciprocal});
    else loop(unit, DivideBy<A>{divisor.value});
  };
  if (contiguous) divided(std::true_type{});
  else divided(std::false_type{});
}

// Calls body(first, width, row) for each chunk of w elements, row(k) being row k from the chunk's
// first element (null stays null: the constant).
template <bool Unit, typename T, typename Body>
inline void eachChunk(index_t w, const RowSet<T>& rows, index_t strideX, const Body& body) {
  for (index_t first = 0; first < w; first += kChunk) {
    const index_t at = first * (Unit ? 1 : strideX);
    const auto row = [&](int k) { return rows.row[k] == nullptr ? nullptr : rows.row[k] + at; };
    body(first, w - first < kChunk ? w - first : kChunk, row);
  }
}

// y = (Σ_{k<M} c_k·(f[M+k] - f[k])) / h, summed left to right in V, divided in A; rows 0..M-1
// are i-1..i-M and rows M..2M-1 are i+1..i+M (higher accuracy, uniform step). c null: one pair,
// unweighted (numpy's interior beside a constant end).
template <typename O, typename A, typename T>
void centralRow(index_t w, const RowSet<T>& rows, index_t strideX, O* y, index_t strideY, const typename Compute<T>::type* c,
                const Divisor<A>& h) {
  using V = typename Compute<T>::type;
  const int M = rows.count / 2;
  withDivisor(strideX == 1 && strideY == 1, h, [&](auto unit, const auto& finish) {
    constexpr bool Unit = decltype(unit)::value;
    V sum[kChunk];
    eachChunk<Unit>(w, rows, strideX, [&](index_t first, index_t width, const auto& row) {
      addDifference<Unit, true>(width, sum, c, row(M), row(0), rows.constant, strideX);
      for (int k = 1; k < M; ++k) addDifference<Unit, false>(width, sum, c + k, row(M + k), row(k), rows.constant, strideX);
      store<Unit, O, A>(width, sum, y + first * (Unit ? 1 : strideY), strideY, finish);
    });
  });
}

// The same for M row pairs known at compile time and no constant among the rows: one pass, the
// sum kept in a register (the interior of every uniform axis above accuracy 2).
template <int M, typename O, typename A, typename T>
void centralRow(index_t w, const T* const* rows, index_t strideX, O* y, index_t strideY, const typename Compute<T>::type* weights,
                const Divisor<A>& h) {
  using V = typename Compute<T>::type;
  withDivisor(strideX == 1 && strideY == 1, h, [&](auto unit, const auto& finish) {
    constexpr bool Unit = decltype(unit)::value;
    const index_t sx = Unit ? 1 : strideX;
    const index_t sy = Unit ? 1 : strideY;
    const T* row[2 * M];
    V c[M];
    for (int k = 0; k < 2 * M; ++k) row[k] = rows[k];
    for (int k = 0; k < M; ++k) c[k] = weights[k];
    for (index_t j = 0; j < w; ++j) {
      V sum = c[0] * (load(row[M], j * sx) - load(row[0], j * sx));
      for (int k = 1; k < M; ++k) sum = sum + c[k] * (load(row[M + k], j * sx) - load(row[k], j * sx));
      y[j * sy] = static_cast<O>(finish(static_cast<A>(sum)));
    }
  });
}

// y = Σ_k w_k·S(f_k), summed left to right in S, then divided by h (a uniform step: S = V) or
// not (h null: coordinate weights and numpy's second-order edges, S = A).
template <typename O, typename A, typename S, typename T>
void weightedRow(index_t w, const RowSet<T>& rows, index_t strideX, O* y, index_t strideY, const S* weights, const Divisor<A>* h) {
  const auto loop = [&](auto unit, const auto& finish) {
    constexpr bool Unit = decltype(unit)::value;
    S sum[kChunk];
    eachChunk<Unit>(w, rows, strideX, [&](index_t first, index_t width, const auto& row) {
      addTerm<Unit, true>(width, sum, weights[0], row(0), rows.constant, strideX);
      for (int k = 1; k < rows.count; ++k) addTerm<Unit, false>(width, sum, weights[k], row(k), rows.constant, strideX);
      store<Unit, O, A>(width, sum, y + first * (Unit ? 1 : strideY), strideY, finish);
    });
  };
  if (h != nullptr) return withDivisor(strideX == 1 && strideY == 1, *h, loop);
  if (strideX == 1 && strideY == 1) loop(std::true_type{}, Unchanged<A>{});
  else loop(std::false_type{}, Unchanged<A>{});
}

// Interior points [begin, end) of one lane along the axis with coordinates at accuracy 2: y[i] =
// (a_i*f[i-1] + b_i*f[i]) + c_i*f[i+1], with (a_i, b_i, c_i) from `weights(i, w)` (stencil.h).
// x and y point at position `begin` (a lane's, or a chunk's: positions are the axis's own).
template <bool Unit, typename T, typename O, typename A, typename Weights>
inline void coordinateLoop(index_t begin, index_t end, const T* x, index_t strideX, O* y, index_t strideY,
                           const Weights& weights) {
  using C = typename Weights::type;
  const index_t sx = Unit ? 1 : strideX;
  const index_t sy = Unit ? 1 : strideY;
  for (index_t p = 0; p < end - begin; ++p) {
    C w[3];
    weights(begin + p, w);
    const A f0 = static_cast<A>(load(x, (p - 1) * sx));
    const A f1 = static_cast<A>(load(x, p * sx));
    const A f2 = static_cast<A>(load(x, (p + 1) * sx));
    y[p * sy] = static_cast<O>((static_cast<A>(w[0]) * f0 + static_cast<A>(w[1]) * f1) + static_cast<A>(w[2]) * f2);
  }
}

// The same above accuracy 2: y[i] = Σ_k A(w_k)·A(f[i-m+k]) over `points` = 2m+1 weights per
// point, summed left to right. In chunks of points: `weights.chunk(first, count, w)` writes
// weight k of point first+p to w[k * kWeightChunk + p] (stencil.h), and each term then runs across
// the chunk. x and y point at position `begin`, as in coordinateLoop.
template <typename T, typename O, typename A, typename Weights>
void stencilLane(index_t begin, index_t end, const T* x, index_t sx, O* y, index_t sy, const Weights& weights, int points) {
  using C = typename Weights::type;
  const int m = points / 2;
  C w[kMaxPoints * kWeightChunk];
  A sum[kWeightChunk];
  for (index_t first = begin; first < end; first += kWeightChunk) {
    const index_t count = end - first < kWeightChunk ? end - first : kWeightChunk;
    weights.chunk(first, count, w);
    const T* f = x + (first - begin - m) * sx;
    for (index_t p = 0; p < count; ++p) sum[p] = static_cast<A>(w[p]) * static_cast<A>(load(f, p * sx));
    for (int k = 1; k < points; ++k) {
      const C* wk = w + k * kWeightChunk;
      const T* fk = f + k * sx;
      for (index_t p = 0; p < count; ++p) sum[p] = sum[p] + static_cast<A>(wk[p]) * static_cast<A>(load(fk, p * sx));
    }
    for (index_t p = 0; p < count; ++p) y[(first - begin + p) * sy] = static_cast<O>(sum[p]);
  }
}

// The same loop compiled for AVX2 (x86-64 only; called where the CPU has it, see wideKernels()).
// A coordinate lane computes its weights per point, so it is bound by division throughput,
// which 4-wide vectors double over the 2-wide baseline; everything it calls is inlined into this
// AVX2 function (flatten), and nothing compiled for AVX2 is shared with the baseline code. No
// FMA is enabled, and -ffp-contract=off would forbid contraction anyway: the bits do not change.
#if defined(__GNUC__) && defined(__x86_64__)
#define NDGRADIENT_AVX2 1
template <typename T, typename O, typename A, typename Weights>
__attribute__((target("avx2"), flatten)) void coordinateLoopAvx2(index_t begin, index_t end, const T* x, O* y,
                                                                 const Weights& weights) {
  coordinateLoop<true, T, O, A>(begin, end, x, 1, y, 1, weights);
}

// The same, its results written with streaming stores (streaming.h) for a large output: points
// are computed 256 bytes at a time into a block that stays in L1 (with the vectorised loop: a
// block of one register's width does not vectorise and ran 2× slower), which is then streamed out
// whole lines. The points before y's first cache-line boundary, and after the last block, are stored as
// usual. Measured on 10^7 float64 points: 5.1-5.5 ms, ordinary stores 6.1-6.5 ms.
constexpr index_t kStreamBlockBytes = 256;
// Shorter coordinate lanes keep ordinary stores: their blocks cost more than streaming saves
// (lanes of 130 float64 points, 1040 bytes: 1.45× the ordinary stores).
constexpr index_t kMinStreamedCoordinateLane = 4096;

template <typename T, typename O, typename A, typename Weights>
__attribute__((target("avx2"), flatten)) void coordinateLoopAvx2Streamed(index_t begin, index_t end, const T* x, O* y,
                                                                         const Weights& weights) {
  constexpr index_t kBlock = kStreamBlockBytes / sizeof(O);
  const index_t n = end - begin;
  const index_t head = elementsBeforeLine(y, n);  // blocks of whole lines from here (streaming.h)
  coordinateLoop<true, T, O, A>(begin, begin + head, x, 1, y, 1, weights);
  index_t p = head;
  for (; p + kBlock <= n; p += kBlock) {
    alignas(32) O block[kBlock];
    coordinateLoop<true, T, O, A>(begin + p, begin + p + kBlock, x + p, 1, block, 1, weights);
    const __m256i* from = reinterpret_cast<const __m256i*>(block);
    __m256i* to = reinterpret_cast<__m256i*>(y + p);
    for (index_t k = 0; k < kStreamBlockBytes / 32; ++k) _mm256_stream_si256(to + k, _mm256_load_si256(from + k));
  }
  coordinateLoop<true, T, O, A>(begin + p, end, x + p, 1, y + p, 1, weights);
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

// True where the float16 kernels use the CPU's conversions: x86-64 with F16C and AVX2, unless
// NDGRADIENT_KERNELS=baseline (the same rule as wideKernels).
inline bool halfConversions() {
#ifdef NDGRADIENT_AVX2
  static const bool f16c = wideKernels() && __builtin_cpu_supports("f16c");
  return f16c;
#else
  return false;
#endif
}

#ifdef NDGRADIENT_AVX2
// y = f16((f16(x2 - x0)) / d) per element, numpy's two half operations, each a float32 operation
// rounded to float16 (round half to even: the conversion's immediate 0). Only intrinsics and
// plain loops here: nothing is shared with the baseline code.
__attribute__((target("avx2,f16c"))) inline void differenceHalfWide(index_t w, const Half* x0, const Half* x2, Half* y, Half divisor) {
  const __m256 d = _mm256_cvtph_ps(_mm_set1_epi16(static_cast<short>(divisor.bits)));
  index_t j = 0;
  for (; j + 8 <= w; j += 8) {
    const __m256 a = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x2 + j)));
    const __m256 b = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x0 + j)));
    const __m128i difference = _mm256_cvtps_ph(_mm256_sub_ps(a, b), _MM_FROUND_TO_NEAREST_INT);
    const __m256 quotient = _mm256_div_ps(_mm256_cvtph_ps(difference), d);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + j), _mm256_cvtps_ph(quotient, _MM_FROUND_TO_NEAREST_INT));
  }
  // The last (up to 7) elements: one at a time, through a full vector of copies.
  for (; j < w; ++j) {
    const __m128 a = _mm_cvtph_ps(_mm_set1_epi16(static_cast<short>(x2[j].bits)));
    const __m128 b = _mm_cvtph_ps(_mm_set1_epi16(static_cast<short>(x0[j].bits)));
    const __m128 difference = _mm_cvtph_ps(_mm_cvtps_ph(_mm_sub_ps(a, b), _MM_FROUND_TO_NEAREST_INT));
    const __m128i quotient = _mm_cvtps_ph(_mm_div_ps(difference, _mm256_castps256_ps128(d)), _MM_FROUND_TO_NEAREST_INT);
    y[j].bits = static_cast<std::uint16_t>(_mm_extract_epi16(quotient, 0));
  }
}
#else
inline void differenceHalfWide(index_t, const Half*, const Half*, Half*, Half) {}
#endif

template <typename T, typename O, typename A, typename Weights>
void coordinateLane(index_t begin, index_t end, const T* x, index_t strideX, O* y, index_t strideY, const Weights& weights,
                    bool wide, bool stream) {
  if (strideX == 1 && strideY == 1) {
#ifdef NDGRADIENT_AVX2
    if (wide && stream && (end - begin) * static_cast<index_t>(sizeof(O)) >= kMinStreamedCoordinateLane) {
      return coordinateLoopAvx2Streamed<T, O, A>(begin, end, x, y, weights);
    }
    if (wide) return coordinateLoopAvx2<T, O, A>(begin, end, x, y, weights);
#else
    (void)wide;
    (void)stream;
#endif
    coordinateLoop<true, T, O, A>(begin, end, x, strideX, y, strideY, weights);
  } else {
    coordinateLoop<false, T, O, A>(begin, end, x, strideX, y, strideY, weights);
  }
}

}  // namespace ndgradient
