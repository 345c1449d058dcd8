// First-derivative weights of the higher accuracy orders (README: Boundaries and accuracy): exact rationals for a
// uniform step, Fornberg's algorithm for coordinates. numpy's own three-point coefficients are in
// coefficients.h.
//
// Pure C++ (no Node-API).
#pragma once

#include <cstdint>

#include "kernels.h"  // index_t, kMaxPoints, kWeightChunk, NDGRADIENT_AVX2

namespace ndgradient {

// Weights w[0..K-1] of the first derivative at node s over the integer nodes 0..K-1 (times the
// step h: y = (Σ w[j]·f[j]) / h), each the float64 nearest the exact rational. The derivative of
// the Lagrange basis polynomial j at s, as a fraction of two integers (exact in float64: |.| <=
// 8^8), so one IEEE division rounds it once:
//   j != s   Π_{l≠j,s} (s - l)  /  Π_{l≠j} (j - l)
//   j == s   Σ_{l≠s} Π_{q≠s,l} (s - q)  /  Π_{l≠s} (s - l)          (= Σ_{l≠s} 1/(s - l))
constexpr double uniformWeight(int K, int s, int j) {
  std::int64_t numerator = 0, denominator = 1;
  if (j != s) {
    numerator = 1;
    for (int l = 0; l < K; ++l) {
      if (l != j && l != s) numerator *= s - l;
      if (l != j) denominator *= j - l;
    }
  } else {
    for (int l = 0; l < K; ++l) {
      if (l == s) continue;
      denominator *= s - l;
      std::int64_t term = 1;
      for (int q = 0; q < K; ++q) {
        if (q != s && q != l) term *= s - q;
      }
      numerator += term;
    }
  }
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

// Every uniform weight of accuracies 4, 6 and 8, computed by the compiler: at[m][s][j] for the
// 2m+1 nodes, node s, weight j (m = 2, 3, 4; the rest zero).
struct UniformWeightTables {
  double at[5][kMaxPoints][kMaxPoints];
};

constexpr UniformWeightTables makeUniformWeights() {
  UniformWeightTables tables{};
  for (int m = 2; m <= 4; ++m) {
    for (int s = 0; s < 2 * m + 1; ++s) {
      for (int j = 0; j < 2 * m + 1; ++j) tables.at[m][s][j] = uniformWeight(2 * m + 1, s, j);
    }
  }
  return tables;
}

inline constexpr UniformWeightTables kUniformWeights = makeUniformWeights();

// The weights of node s over 2m+1 nodes; the central weights c_1..c_m of accuracy 2m (y =
// (Σ_k c_k·(f[i+k] - f[i-k])) / h) are those of nodes m+1..2m at the centre m.
inline const double* uniformWeights(int m, int s) { return kUniformWeights.at[m][s]; }
inline const double* centralWeights(int m) { return kUniformWeights.at[m][m] + m + 1; }

// Fornberg's algorithm (Math. Comp. 51, 1988; SIAM Review 40, 1998), derivative orders 0 and 1:
// the weights of the first derivative at z over the nodes x[0..K-1], every operation
// in C (float64, or float32 for float32 coordinates), in this order (d0, d1: the columns of
// derivative order 0 and 1; the paper's k·d with k = 1 is d itself):
//   c1 = 1; c4 = x[0] - z; d0[0] = 1
//   for i = 1 .. K-1:
//     c2 = 1; c5 = c4; c4 = x[i] - z
//     for j = 0 .. i-1:
//       c3 = x[i] - x[j]; c2 = c2 * c3
//       if j == i-1:  d1[i] = (c1 * (d0[i-1] - c5 * d1[i-1])) / c2
//                     d0[i] = ((-c1 * c5) * d0[i-1]) / c2
//       d1[j] = (c4 * d1[j] - d0[j]) / c3
//       d0[j] = (c4 * d0[j]) / c3
//     c1 = c2
//
// One implementation for one point and for many: `count` <= kWeightChunk consecutive points at
// once, point p having the nodes x[p..p+K-1] and z = x[p + s] (node s of its own window); its
// weight k lands in w[k * stride + p]. Each step runs across the points of a chunk (independent
// of each other, so the same bits as one at a time), a loop that vectorises.
template <typename C>
inline void fornbergPoints(int K, index_t count, const C* x, int s, C* w, index_t stride) {
  C c1[kWeightChunk], c2[kWeightChunk], c4[kWeightChunk], c5[kWeightChunk], d0[kMaxPoints][kWeightChunk];
  const auto d1 = [&](int j) { return w + j * stride; };
  for (int j = 0; j < K; ++j) {
    for (index_t p = 0; p < count; ++p) {
      d0[j][p] = C(j == 0 ? 1 : 0);
      d1(j)[p] = C(0);
    }
  }
  for (index_t p = 0; p < count; ++p) {
    c1[p] = C(1);
    c4[p] = x[p] - x[p + s];
  }
  for (int i = 1; i < K; ++i) {
    for (index_t p = 0; p < count; ++p) {
      c2[p] = C(1);
      c5[p] = c4[p];
      c4[p] = x[p + i] - x[p + s];
    }
    for (int j = 0; j < i; ++j) {
      C* d1j = d1(j);
      if (j == i - 1) {
        C* d1i = d1(i);
        for (index_t p = 0; p < count; ++p) {
          const C c3 = x[p + i] - x[p + j];
          c2[p] = c2[p] * c3;
          d1i[p] = (c1[p] * (d0[i - 1][p] - c5[p] * d1j[p])) / c2[p];
          d0[i][p] = ((-c1[p] * c5[p]) * d0[i - 1][p]) / c2[p];
          d1j[p] = (c4[p] * d1j[p] - d0[j][p]) / c3;
          d0[j][p] = (c4[p] * d0[j][p]) / c3;
        }
      } else {
        for (index_t p = 0; p < count; ++p) {
          const C c3 = x[p + i] - x[p + j];
          c2[p] = c2[p] * c3;
          d1j[p] = (c4[p] * d1j[p] - d0[j][p]) / c3;
          d0[j][p] = (c4[p] * d0[j][p]) / c3;
        }
      }
    }
    for (index_t p = 0; p < count; ++p) c1[p] = c2[p];
  }
}

// The weights w[0..K-1] at node s of the nodes x[0..K-1] (one point).
template <typename C>
void fornbergWeights(int K, const C* x, int s, C* w) {
  fornbergPoints(K, 1, x, s, w, 1);
}

// A chunk of points at their windows' centres (m = K/2): weight k of point p at w[k * kWeightChunk + p].
template <typename C>
inline void fornbergChunkLoop(int K, index_t count, const C* x, C* w) {
  fornbergPoints(K, count, x, K / 2, w, kWeightChunk);
}

#ifdef NDGRADIENT_AVX2
// Division-bound: 4-wide under AVX2 where the CPU has it (see coordinateLoopAvx2).
template <typename C>
__attribute__((target("avx2"), flatten)) void fornbergChunkAvx2(int K, index_t count, const C* x, C* w) {
  fornbergChunkLoop(K, count, x, w);
}
#endif

template <typename C>
void fornbergChunk(int K, index_t count, const C* x, C* w, bool wide) {
#ifdef NDGRADIENT_AVX2
  if (wide) return fornbergChunkAvx2(K, count, x, w);
#else
  (void)wide;
#endif
  fornbergChunkLoop(K, count, x, w);
}

}  // namespace ndgradient
