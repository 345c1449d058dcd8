// One axis's stencil: its accuracy, what lies beyond each end, and — for coordinates — the
// weights at each position. The walk (axis.h) and the kernels read this one description; numpy's
// three-point formulas are its accuracy-2 instance.
//
// Pure C++ (no Node-API). Positions 0 <= i < n of an axis fall into three kinds:
//   interior   m <= i < n-m: the central stencil over i-m..i+m (m = accuracy/2)
//   numpy end  i < m (or i >= n-m) at a 'numpy' end: numpy's edge formulas at accuracy 2;
//              otherwise the off-centre stencil over the accuracy+1 nearest points
//   ghost      the same positions at any other end: the central stencil, reaching past the end
//              through the ghost rule (boundary.h)
#pragma once

#include <memory>
#include <new>

#include "boundary.h"
#include "coefficients.h"
#include "weights.h"

namespace ndgradient {

struct StencilShape {
  int accuracy;  // 2, 4, 6 or 8
  int m;         // half-width: accuracy / 2
  int points;    // weights per weighted position: 2m + 1
  End left, right;
};

inline StencilShape stencilShape(int accuracy, const End& left, const End& right) {
  const int m = accuracy / 2;
  return {accuracy, m, 2 * m + 1, left, right};
}

// The input samples positions [first, last) of an axis of n read (first < last), the halo
// contract of the README's "Chunks and streams" (src/chunks.ts gradientInputRange mirrors it):
// [first - m, last + m), clipped to [0, n) at a non-periodic end and widened there to the samples
// a 'numpy' end reads (numpy's edgeOrder + 1 at accuracy 2, accuracy + 1 above). A periodic end
// is not clipped: positions before 0 (from n) stand for the samples x[j mod n].
struct SampleRange {
  index_t start, end;
};

inline SampleRange inputRange(const StencilShape& s, int edgeOrder, index_t n, index_t first, index_t last) {
  const index_t endSamples = s.accuracy == 2 ? edgeOrder + 1 : s.points;
  SampleRange r{first - s.m, last + s.m};
  if (s.left.rule != Boundary::Periodic && r.start < 0) r.start = 0;
  if (s.right.rule != Boundary::Periodic && r.end > n) r.end = n;
  if (s.left.rule == Boundary::Numpy && first < s.m && r.end < endSamples) r.end = endSamples;
  if (s.right.rule == Boundary::Numpy && last > n - s.m && r.start > n - endSamples) r.start = n - endSamples;
  return r;
}

// numpy's uniform detection, on the coordinates as the oracle extends them (xp: m ghosts beyond
// each non-numpy end): if every np.diff(xp) equals (==) the first one, numpy takes the scalar path
// with h = that first difference. NaN never compares equal; -0.0 == 0.0 does. Sets *step.
template <typename C>
bool coordinatesAreUniform(const StencilShape& s, const ExtendedCoordinates<C>& xp, C* step) {
  const index_t low = isGhost(s.left) ? -s.m : 0;
  const index_t high = isGhost(s.right) ? xp.n - 1 + s.m : xp.n - 1;
  const C first = xp.at(low + 1) - xp.at(low);
  for (index_t j = low + 1; j < high; ++j) {
    if (!(xp.at(j + 1) - xp.at(j) == first)) return false;
  }
  *step = first;
  return true;
}

// The weights of an interior position i (m <= i < n-m) with coordinates, computed where used (no
// memory): numpy's a, b, c at accuracy 2; Fornberg's over x[i-m..i+m] at x[i] above.
template <typename C> struct NumpyWeights {
  using type = C;
  const ExtendedCoordinates<C>& xp;
  void operator()(index_t i, C* w) const { interiorCoefficients(xp.from(i - 1), 1, w[0], w[1], w[2]); }
};

template <typename C> struct FornbergWeights {
  using type = C;
  const ExtendedCoordinates<C>& xp;
  int m;
  bool wide;  // the AVX2 build of the chunk (kernels.h wideKernels)
  // Points first..first+count-1 (count <= kWeightChunk), weight k of point first+p at w[k * kWeightChunk + p].
  void chunk(index_t first, index_t count, C* w) const { fornbergChunk(2 * m + 1, count, xp.from(first - m), w, wide); }
};

// Where the weighted window of position i starts: i - m, or the first (last) accuracy+1 points
// at a 'numpy' end above accuracy 2. (numpy's own ends, at accuracy 2, are edges: coefficients.h.)
inline index_t windowStart(const StencilShape& s, index_t n, index_t i) {
  if (s.accuracy > 2 && i < s.m && !isGhost(s.left)) return 0;
  if (s.accuracy > 2 && i >= n - s.m && !isGhost(s.right)) return n - s.points;
  return i - s.m;
}

// The weights of any weighted position i, ghosts included: the same expressions as
// InteriorWeights, on the window's coordinates (extended past a ghost end as xp).
template <typename C>
void weightsAt(const StencilShape& s, const ExtendedCoordinates<C>& xp, index_t i, C* w) {
  const index_t start = windowStart(s, xp.n, i);
  C window[kMaxPoints];
  const C* nodes = xp.from(start);
  if (start < 0 || start + s.points > xp.n) {
    for (int k = 0; k < s.points; ++k) window[k] = xp.at(start + k);
    nodes = window;
  }
  if (s.accuracy == 2) {
    interiorCoefficients(nodes, 1, w[0], w[1], w[2]);
  } else {
    fornbergWeights(s.points, nodes, static_cast<int>(i - start), w);  // z = x[i], node i - start
  }
}

// Weights computed once per call and shared by every lane: points × (last - first) values of
// scratch for the positions [first, last) the call writes, proportional to the axis length only.
// Same expressions, so the same bits as computed where used.
template <typename C> class WeightTable {
 public:
  using type = C;
  // Returns false if the scratch cannot be allocated.
  bool compute(const StencilShape& s, const ExtendedCoordinates<C>& xp, index_t first, index_t last) {
    points_ = s.points;
    first_ = first;
    table_.reset(new (std::nothrow) C[static_cast<std::size_t>(points_ * (last - first))]);
    if (!table_) return false;
    for (index_t i = first; i < last; ++i) {
      const bool numpyEdge = s.accuracy == 2 && ((i == 0 && !isGhost(s.left)) || (i == xp.n - 1 && !isGhost(s.right)));
      if (!numpyEdge) weightsAt(s, xp, i, row(i));
    }
    return true;
  }
  void operator()(index_t i, C* w) const {
    for (int k = 0; k < points_; ++k) w[k] = row(i)[k];
  }
  // As FornbergWeights::chunk.
  void chunk(index_t first, index_t count, C* w) const {
    for (index_t p = 0; p < count; ++p) {
      for (int k = 0; k < points_; ++k) w[k * kWeightChunk + p] = row(first + p)[k];
    }
  }

 private:
  C* row(index_t i) const { return &table_[(i - first_) * points_]; }

  int points_ = 0;
  index_t first_ = 0;
  std::unique_ptr<C[]> table_;
};

}  // namespace ndgradient
