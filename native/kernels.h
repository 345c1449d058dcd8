// Lane kernels: numpy.gradient along one strided 1-d lane.
//
// Pure C++ (no Node-API). Every kernel takes the stdlib-style strided signature
//   (n, x, strideX, offsetX, y, strideY, offsetY, ...)
// with strides and offsets counted in elements, so the same code serves contiguous arrays,
// transposed, stepped and reversed views, and every lane of an N-d array.
//
// Exactness: each expression below is numpy's (numpy/lib/_function_base_impl.py, `gradient`),
// with the same operands in the same order. Build with -ffp-contract=off: a fused multiply-add
// rounds once where numpy rounds twice, and the results would differ from numpy's.
#pragma once

#include <cstdint>

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

// One-sided differences at both ends of a lane.
//   edge order 1: left[0] = dx0 and right[0] = dx_last, the divisors of
//                 (f[1] - f[0]) / dx0 and (f[n-1] - f[n-2]) / dx_last
//   edge order 2: left = a, b, c of (a*f[0] + b*f[1]) + c*f[2]
//                 right = a, b, c of (a*f[n-3] + b*f[n-2]) + c*f[n-1]
template <typename C> struct Edges {
  int order;
  C left[3];
  C right[3];
};

// Writes y[0] and y[n-1] of one lane.
template <typename T, typename C, typename O>
inline void edgesLane(index_t n, const T* x, index_t strideX, index_t offsetX, O* y,
                      index_t strideY, index_t offsetY, const Edges<C>& edges) {
  using V = typename Compute<T>::type;
  using A = typename Promote<V, C>::type;
  const index_t x0 = offsetX, x1 = offsetX + strideX, x2 = offsetX + 2 * strideX;
  const index_t xl = offsetX + (n - 1) * strideX, xm = xl - strideX, xn = xm - strideX;
  const index_t yl = offsetY + (n - 1) * strideY;
  if (edges.order == 1) {
    // The difference stays in the data's precision; the division meets the spacing.
    const V d0 = load(x, x1) - load(x, x0);
    const V dn = load(x, xl) - load(x, xm);
    y[offsetY] = static_cast<O>(static_cast<A>(d0) / static_cast<A>(edges.left[0]));
    y[yl] = static_cast<O>(static_cast<A>(dn) / static_cast<A>(edges.right[0]));
    return;
  }
  const A l0 = edges.left[0], l1 = edges.left[1], l2 = edges.left[2];
  const A r0 = edges.right[0], r1 = edges.right[1], r2 = edges.right[2];
  y[offsetY] = static_cast<O>((l0 * static_cast<A>(load(x, x0)) + l1 * static_cast<A>(load(x, x1))) +
                              l2 * static_cast<A>(load(x, x2)));
  y[yl] = static_cast<O>((r0 * static_cast<A>(load(x, xn)) + r1 * static_cast<A>(load(x, xm))) +
                         r2 * static_cast<A>(load(x, xl)));
}

// Uniform spacing h, interior points: out[i] = (f[i+1] - f[i-1]) / (2.0 * h), where twoH is
// numpy's (2.0 * h) already rounded to the coefficient type C.
template <typename T, typename C, typename O>
void uniformLane(index_t n, const T* x, index_t strideX, index_t offsetX, O* y, index_t strideY,
                 index_t offsetY, C twoH, const Edges<C>& edges) {
  using V = typename Compute<T>::type;
  using A = typename Promote<V, C>::type;
  const A divisor = static_cast<A>(twoH);
  index_t ix = offsetX + strideX;
  index_t iy = offsetY + strideY;
  for (index_t i = 1; i < n - 1; ++i, ix += strideX, iy += strideY) {
    const V d = load(x, ix + strideX) - load(x, ix - strideX);
    y[iy] = static_cast<O>(static_cast<A>(d) / divisor);
  }
  edgesLane(n, x, strideX, offsetX, y, strideY, offsetY, edges);
}

// Coordinate spacing, interior points: out[i] = (a*f[i-1] + b*f[i]) + c*f[i+1], with a, b, c
// from the neighbouring coordinate differences. `coefficients(i, a, b, c)` supplies them (see
// coefficients.h: precomputed once per call, or computed on the fly for a single lane).
template <typename T, typename C, typename O, typename Coefficients>
void coordinateLane(index_t n, const T* x, index_t strideX, index_t offsetX, O* y,
                    index_t strideY, index_t offsetY, const Coefficients& coefficients,
                    const Edges<C>& edges) {
  using V = typename Compute<T>::type;
  using A = typename Promote<V, C>::type;
  index_t ix = offsetX + strideX;
  index_t iy = offsetY + strideY;
  for (index_t i = 1; i < n - 1; ++i, ix += strideX, iy += strideY) {
    C a, b, c;
    coefficients(i, a, b, c);
    const A prev = static_cast<A>(load(x, ix - strideX));
    const A here = static_cast<A>(load(x, ix));
    const A next = static_cast<A>(load(x, ix + strideX));
    y[iy] = static_cast<O>((static_cast<A>(a) * prev + static_cast<A>(b) * here) +
                           static_cast<A>(c) * next);
  }
  edgesLane(n, x, strideX, offsetX, y, strideY, offsetY, edges);
}

}  // namespace ndgradient
