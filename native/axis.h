// One axis of one call: its stencil (stencil.h) applied at every position, walked as walk.h
// describes, each row computed by a kernel (kernels.h). The only place that knows which formula
// a position takes.
//
// Pure C++ (no Node-API). T: input element, O: output element, C: coefficient type.
#pragma once

#include "coefficients.h"
#include "kernels.h"
#include "stencil.h"
#include "walk.h"

namespace ndgradient {

template <typename T, typename O, typename C>
class AxisRun {
 public:
  using V = typename Compute<T>::type;       // the data's precision
  using A = typename Promote<V, C>::type;    // where data meets the spacing

  AxisRun(const T* x, O* y, const AxisGeometry& g, const StencilShape& s)
      : x_(x), y_(y), g_(g), s_(s),
        leftConstant_(static_cast<V>(s.left.constant)), rightConstant_(static_cast<V>(s.right.constant)) {}

  // A uniform step h (of the spacing's type C). Accuracy 2: numpy's coefficients (coefficients.h).
  // Above: the central weights c_k and the ends' rows, exact rationals that meet the data as
  // numpy's weak Python floats (V), and h itself as the divisor of each sum.
  void setUniform(double h, int edgeOrder) {
    uniform_ = true;
    if (s_.accuracy == 2) {
      const UniformAxis<C> axis = uniformAxis<C>(h, edgeOrder);
      interior_ = makeDivisor(static_cast<A>(axis.twoH));
      setEdges(axis.edges);
      return;
    }
    step_ = makeDivisor(static_cast<A>(static_cast<C>(h)));
    const double* central = centralWeights(s_.m);
    for (int k = 0; k < s_.m; ++k) central_[k] = static_cast<V>(central[k]);
    for (int r = 0; r < s_.m; ++r) {
      const double* left = uniformWeights(s_.m, r);
      const double* right = uniformWeights(s_.m, s_.points - 1 - r);
      for (int k = 0; k < s_.points; ++k) {
        leftRows_[r][k] = static_cast<V>(left[k]);
        rightRows_[r][k] = static_cast<V>(right[k]);
      }
    }
  }

  // Coordinates, extended past ghost ends; `table` holds every position's weights, or is null
  // (computed where used).
  void setCoordinates(const ExtendedCoordinates<C>& xp, int edgeOrder, const WeightTable<C>* table) {
    xp_ = xp;
    table_ = table;
    if (s_.accuracy != 2) return;
    // numpy's edge coefficients, where this call writes a 'numpy' end (a chunk may hold neither).
    const bool left = g_.first == 0 && !isGhost(s_.left), right = g_.last == g_.n && !isGhost(s_.right);
    setEdges(coordinateEdges(left ? xp_.from(0) : nullptr, right ? xp_.from(g_.n - 1) : nullptr, edgeOrder));
  }

  // Whether the interior is written with streaming stores (streaming.h: the axis writes more than
  // the caches hold).
  void setStreaming(bool stream) { stream_ = stream; }

  // Work items: rows × blocks × axis positions written, or lanes, or the points of a single lane.
  index_t items() const {
    const index_t positions = g_.last - g_.first;
    if (g_.rows) return g_.outerSize * g_.blocks * positions;
    return g_.outerSize > 1 ? g_.outerSize : positions;
  }

  void run(index_t begin, index_t end) const {
    const index_t positions = g_.last - g_.first;
    if (g_.rows) {
      for (index_t item = begin; item < end; ++item) {
        const index_t i = g_.first + item % positions;
        const index_t block = (item / positions) % g_.blocks;
        index_t ox, oy;
        g_.outerOffsets(item / positions / g_.blocks, &ox, &oy);
        const index_t first = block * kRowBlock;
        const index_t width = g_.row.length - first < kRowBlock ? g_.row.length - first : kRowBlock;
        position(i, width, ox + first * g_.row.strideX, oy + first * g_.row.strideY, g_.row.strideX, g_.row.strideY);
      }
    } else if (g_.outerSize > 1) {
      for (index_t lane = begin; lane < end; ++lane) {
        index_t ox, oy;
        g_.outerOffsets(lane, &ox, &oy);
        segment(g_.first, g_.last, ox, oy);
      }
    } else {
      segment(g_.first + begin, g_.first + end, g_.offsetX, g_.offsetY);
    }
    if (stream_) fenceStreamingStores();
  }

 private:
  void setEdges(const Edges<C>& edges) {
    edges_ = edges;
    left_ = makeDivisor(static_cast<A>(edges.left[0]));
    right_ = makeDivisor(static_cast<A>(edges.right[0]));
  }

  // The rows of `count` virtual indices j[k] (boundary.h), from `base` (the input's sample 0, at
  // position g_.origin) in steps of the axis stride; a constant beyond an end is a null row (a
  // window reaches one end only). Samples the input holds are read where they are: a periodic
  // chunk holds its wrapped samples in place; anything else beyond an end takes the ghost rule.
  RowSet<T> rowsAt(const index_t* j, int count, const T* base) const {
    const index_t n = g_.n, ax = g_.strideX;
    RowSet<T> rows;
    rows.count = count;
    rows.constant = V(0);
    for (int k = 0; k < count; ++k) {
      index_t sample = j[k];
      if (!holds(sample)) {
        const bool left = sample < 0;
        const End& end = left ? s_.left : s_.right;
        if (end.rule == Boundary::Constant) {
          rows.row[k] = nullptr;
          rows.constant = left ? leftConstant_ : rightConstant_;
          continue;
        }
        sample = ghostSample(end.rule, left, n, left ? -sample : sample - (n - 1));
      }
      rows.row[k] = base + (sample - g_.origin) * ax;
    }
    return rows;
  }

  bool holds(index_t j) const { return j >= g_.origin && j < g_.origin + g_.samples; }

  static bool hasConstant(const RowSet<T>& rows) {
    for (int k = 0; k < rows.count; ++k) {
      if (rows.row[k] == nullptr) return true;
    }
    return false;
  }

  // The central stencil at position i: numpy's (f[i+1] - f[i-1]) / (2h) at accuracy 2, else
  // (Σ_k c_k·(f[i+k] - f[i-k])) / h; rows i-1..i-m, then i+1..i+m.
  void central(index_t i, index_t width, const T* base, index_t sx, O* y, index_t sy) const {
    const int m = s_.m;
    index_t j[kMaxPoints] = {};
    for (int k = 0; k < m; ++k) {
      j[k] = i - 1 - k;
      j[m + k] = i + 1 + k;
    }
    const RowSet<T> rows = rowsAt(j, 2 * m, base);
    if (m > 1 && !hasConstant(rows)) return centralPairs(width, rows.row, sx, y, sy);
    if (m > 1) return centralRow<O, A>(width, rows, sx, y, sy, central_, step_);
    if (!hasConstant(rows)) return difference(width, rows.row[0], rows.row[1], sx, y, sy);
    centralRow<O, A>(width, rows, sx, y, sy, static_cast<const V*>(nullptr), interior_);
  }

  // numpy's interior, (f[i+1] - f[i-1]) / (2h), over a row: streamed when the output is large.
  void difference(index_t width, const T* previous, const T* next, index_t sx, O* y, index_t sy) const {
    if (stream_) return streamedDifferenceRow(width, previous, next, sx, y, sy, interior_);
    differenceRow(width, previous, next, sx, y, sy, interior_);
  }

  // (Σ_k c_k·(f[i+k] - f[i-k])) / h over 2m rows that are all samples: m known at compile time.
  void centralPairs(index_t width, const T* const* rows, index_t sx, O* y, index_t sy) const {
    switch (s_.m) {
      case 2: return centralRow<2, O, A>(width, rows, sx, y, sy, central_, step_);
      case 3: return centralRow<3, O, A>(width, rows, sx, y, sy, central_, step_);
      default: return centralRow<4, O, A>(width, rows, sx, y, sy, central_, step_);
    }
  }

  // A weighted sum over the rows from `start` (`points` of them): weights of type S, divided by h
  // (uniform ends above accuracy 2) or not (null: coordinates, numpy's second-order edges).
  template <typename S>
  void weighted(index_t start, index_t width, const T* base, index_t sx, O* y, index_t sy, const S* w, const Divisor<A>* h) const {
    index_t j[kMaxPoints] = {};
    const int count = s_.points;
    for (int k = 0; k < count; ++k) j[k] = start + k;
    const RowSet<T> rows = rowsAt(j, count, base);
    if (count == 3 && h == nullptr && !hasConstant(rows)) {
      return combinationRow(width, rows.row[0], rows.row[1], rows.row[2], sx, y, sy, A(w[0]), A(w[1]), A(w[2]));
    }
    weightedRow<O, A>(width, rows, sx, y, sy, w, h);
  }

  // Position i's coordinate weights, in A.
  void coordinateWeights(index_t i, A* w) const {
    C c[kMaxPoints];
    if (table_ != nullptr) (*table_)(i, c);
    else weightsAt(s_, xp_, i, c);
    for (int k = 0; k < s_.points; ++k) w[k] = static_cast<A>(c[k]);
  }

  // (a·f0 + b·f1) + c·f2 at one end of a 1-d complex array, as numpy's scalars compute it (its
  // products unfused: complex.h scalarProduct). Its three samples lie inside the axis.
  void scalarEnd(index_t start, const T* base, O* y, const A* w) const {
    const index_t ax = g_.strideX;
    A f[3];
    for (int k = 0; k < 3; ++k) f[k] = static_cast<A>(load(base + (start + k - g_.origin) * ax, 0));
    *y = static_cast<O>((scalarProduct(w[0], f[0]) + scalarProduct(w[1], f[1])) + scalarProduct(w[2], f[2]));
  }

  // numpy's ends (accuracy 2), and the off-centre stencils of the same order above it.
  void numpyEnd(index_t i, bool left, index_t width, const T* base, index_t sx, O* y, index_t sy) const {
    const index_t n = g_.n, ax = g_.strideX;
    if (s_.accuracy == 2) {
      if (edges_.order == 1) {  // (f[1] - f[0]) / dx0, (f[n-1] - f[n-2]) / dx_last
        const index_t first = left ? 0 : n - 2;
        return differenceRow(width, base + (first - g_.origin) * ax, base + (first + 1 - g_.origin) * ax, sx, y, sy, left ? left_ : right_);
      }
      const C* c = left ? edges_.left : edges_.right;
      const A w[3] = {static_cast<A>(c[0]), static_cast<A>(c[1]), static_cast<A>(c[2])};
      if constexpr (IsComplexType<A>::value) {
        if (g_.scalarEnds) return scalarEnd(left ? 0 : n - 3, base, y, w);
      }
      return weighted(left ? 0 : n - 3, width, base, sx, y, sy, w, nullptr);
    }
    const index_t start = windowStart(s_, n, i);
    if (uniform_) return weighted(start, width, base, sx, y, sy, left ? leftRows_[i] : rightRows_[n - 1 - i], &step_);
    A w[kMaxPoints];
    coordinateWeights(i, w);
    weighted(start, width, base, sx, y, sy, w, nullptr);
  }

  // The formula at axis position i, across `width` elements from offsets (ox, oy) in steps
  // (sx, sy): a row of another dimension, or (width 1) a single element of a lane.
  void position(index_t i, index_t width, index_t ox, index_t oy, index_t sx, index_t sy) const {
    const index_t n = g_.n, m = s_.m;
    const T* base = x_ + ox;
    O* y = y_ + oy + (i - g_.first) * g_.strideY;
    const bool left = i < m, right = i >= n - m;
    if ((left && !isGhost(s_.left)) || (right && !isGhost(s_.right))) return numpyEnd(i, left, width, base, sx, y, sy);
    if (uniform_) return central(i, width, base, sx, y, sy);
    A w[kMaxPoints] = {};  // coordinateWeights fills s_.points of them (GCC 12 cannot see that)
    coordinateWeights(i, w);
    weighted(i - m, width, base, sx, y, sy, w, nullptr);
  }

  // The interior points [first, last) of a lane from (ox, oy), along the axis itself.
  void uniformInterior(index_t first, index_t last, index_t ox, index_t oy) const {
    const index_t ax = g_.strideX, ay = g_.strideY, m = s_.m;
    const T* x = x_ + ox + (first - g_.origin) * ax;
    O* y = y_ + oy + (first - g_.first) * ay;
    if (m == 1) return difference(last - first, x - ax, x + ax, ax, y, ay);  // (f[i+1] - f[i-1]) / (2h)
    const T* rows[kMaxPoints];
    for (index_t k = 0; k < m; ++k) {
      rows[k] = x - (1 + k) * ax;
      rows[m + k] = x + (1 + k) * ax;
    }
    centralPairs(last - first, rows, ax, y, ay);
  }

  void coordinateInterior(index_t first, index_t last, index_t ox, index_t oy) const {
    const index_t sx = g_.strideX, sy = g_.strideY;
    const T* x = x_ + ox + (first - g_.origin) * sx;  // position `first`, as the lanes take it
    O* y = y_ + oy + (first - g_.first) * sy;
    if (s_.accuracy == 2) {
      if (table_ != nullptr) return coordinateLane<T, O, A>(first, last, x, sx, y, sy, *table_, wide_, stream_);
      return coordinateLane<T, O, A>(first, last, x, sx, y, sy, NumpyWeights<C>{xp_}, wide_, stream_);
    }
    if (table_ != nullptr) return stencilLane<T, O, A>(first, last, x, sx, y, sy, *table_, s_.points);
    stencilLane<T, O, A>(first, last, x, sx, y, sy, FornbergWeights<C>{xp_, s_.m, wide_}, s_.points);
  }

  // Points [begin, end) of the lane that starts at (ox, oy): the m points at each end one by one,
  // the interior in one kernel call along the lane.
  void segment(index_t begin, index_t end, index_t ox, index_t oy) const {
    const index_t n = g_.n, m = s_.m;
    const index_t first = begin > m ? begin : m;
    const index_t last = end < n - m ? end : n - m;
    for (index_t i = begin; i < end && i < m; ++i) position(i, 1, ox, oy, 1, 1);
    if (first < last) {
      if (uniform_) uniformInterior(first, last, ox, oy);
      else coordinateInterior(first, last, ox, oy);
    }
    for (index_t i = begin > n - m ? begin : n - m; i < end; ++i) position(i, 1, ox, oy, 1, 1);
  }

  const T* x_;
  O* y_;
  const AxisGeometry& g_;  // runAxis's: a reference, not a 1.6 KB copy per axis
  StencilShape s_;
  V leftConstant_, rightConstant_;
  bool uniform_ = false;
  // numpy's accuracy 2
  Edges<C> edges_{};
  Divisor<A> left_{}, right_{}, interior_{};
  // a uniform step above accuracy 2: written by setUniform before anything reads them, and left
  // uninitialised until then (zeroing them cost a 16-element call a tenth of its native time)
  Divisor<A> step_{};
  V central_[kMaxPoints / 2];
  V leftRows_[kMaxPoints / 2][kMaxPoints];
  V rightRows_[kMaxPoints / 2][kMaxPoints];
  // coordinates
  ExtendedCoordinates<C> xp_{};
  const WeightTable<C>* table_ = nullptr;
  bool wide_ = wideKernels();
  bool stream_ = false;  // setStreaming
};

}  // namespace ndgradient
