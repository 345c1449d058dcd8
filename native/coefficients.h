// Spacing → coefficients, exactly as numpy derives them.
//
// C is the coefficient type: float64, or float32 where numpy computes the coefficients in float32
// (a float32 coordinate array or 0-d float32 spacing; a JS number meeting float32 data is numpy's
// "weak" Python float, computed in float64 and then rounded to float32 — see uniformAxis).
#pragma once

#include "kernels.h"

namespace ndgradient {

// One-sided differences at both ends of the axis.
//   edge order 1: left[0] = dx0 and right[0] = dx_last, the divisors of
//                 (f[1] - f[0]) / dx0 and (f[n-1] - f[n-2]) / dx_last
//   edge order 2: left = a, b, c of (a*f[0] + b*f[1]) + c*f[2]
//                 right = a, b, c of (a*f[n-3] + b*f[n-2]) + c*f[n-1]
template <typename C> struct Edges {
  int order;
  C left[3];
  C right[3];
};

// Uniform step h. numpy evaluates each coefficient as one float64 operation on the Python float
// (or in C's precision on a float32 scalar, which rounds the same for a single operation):
//   interior  2.0 * h
//   order 1   h
//   order 2   left  -1.5/h, 2.0/h, -0.5/h     right  0.5/h, -2.0/h, 1.5/h
template <typename C> struct UniformAxis {
  C twoH;
  Edges<C> edges;
};

template <typename C>
UniformAxis<C> uniformAxis(double h, int edgeOrder) {
  UniformAxis<C> axis;
  axis.twoH = static_cast<C>(2.0 * h);
  axis.edges.order = edgeOrder;
  if (edgeOrder == 1) {
    axis.edges.left[0] = axis.edges.right[0] = static_cast<C>(h);
    axis.edges.left[1] = axis.edges.left[2] = axis.edges.right[1] = axis.edges.right[2] = C(0);
  } else {
    axis.edges.left[0] = static_cast<C>(-1.5 / h);
    axis.edges.left[1] = static_cast<C>(2.0 / h);
    axis.edges.left[2] = static_cast<C>(-0.5 / h);
    axis.edges.right[0] = static_cast<C>(0.5 / h);
    axis.edges.right[1] = static_cast<C>(-2.0 / h);
    axis.edges.right[2] = static_cast<C>(1.5 / h);
  }
  return axis;
}

// Interior coefficients at point i (1 <= i <= n-2), with dx1 = x[i]-x[i-1], dx2 = x[i+1]-x[i]:
//   a = -(dx2) / (dx1 * (dx1 + dx2))
//   b = (dx2 - dx1) / (dx1 * dx2)
//   c = dx1 / (dx2 * (dx1 + dx2))
template <typename C>
inline void interiorCoefficients(const C* x, index_t i, C& a, C& b, C& c) {
  const C dx1 = x[i] - x[i - 1];
  const C dx2 = x[i + 1] - x[i];
  a = -(dx2) / (dx1 * (dx1 + dx2));
  b = (dx2 - dx1) / (dx1 * dx2);
  c = dx1 / (dx2 * (dx1 + dx2));
}

// Edge coefficients from coordinates: the left end's from x[0..2] (`first` points at x[0]), the
// right end's from x[n-3..n-1] (`last` points at x[n-1]); either may be null where a chunk does
// not reach that end (its coefficients are then unused).
//   order 1: dx[0] and dx[n-2]
//   order 2, left (dx1 = dx[0], dx2 = dx[1]):
//     a = -(2.0*dx1 + dx2) / (dx1*(dx1+dx2)), b = (dx1+dx2) / (dx1*dx2), c = -dx1 / (dx2*(dx1+dx2))
//   order 2, right (dx1 = dx[n-3], dx2 = dx[n-2]):
//     a = dx2 / (dx1*(dx1+dx2)), b = -(dx2+dx1) / (dx1*dx2), c = (2.0*dx2 + dx1) / (dx2*(dx1+dx2))
template <typename C>
Edges<C> coordinateEdges(const C* first, const C* last, int edgeOrder) {
  Edges<C> edges{};
  edges.order = edgeOrder;
  if (edgeOrder == 1) {
    if (first != nullptr) edges.left[0] = first[1] - first[0];
    if (last != nullptr) edges.right[0] = last[0] - last[-1];
    return edges;
  }
  if (first != nullptr) {
    const C dx1 = first[1] - first[0];
    const C dx2 = first[2] - first[1];
    edges.left[0] = -(C(2) * dx1 + dx2) / (dx1 * (dx1 + dx2));
    edges.left[1] = (dx1 + dx2) / (dx1 * dx2);
    edges.left[2] = -dx1 / (dx2 * (dx1 + dx2));
  }
  if (last != nullptr) {
    const C dx1 = last[-1] - last[-2];
    const C dx2 = last[0] - last[-1];
    edges.right[0] = dx2 / (dx1 * (dx1 + dx2));
    edges.right[1] = -(dx2 + dx1) / (dx1 * dx2);
    edges.right[2] = (C(2) * dx2 + dx1) / (dx2 * (dx1 + dx2));
  }
  return edges;
}

}  // namespace ndgradient
