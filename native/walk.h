// How one axis of a strided N-d view is walked: the geometry of the iteration, chosen so that the
// innermost loop runs over contiguous memory whenever the layout allows it.
//
// Pure C++ (no Node-API). Two shapes of walk, with the same arithmetic per element:
//   lanes  the axis is the innermost dimension: each lane along the axis is one pass
//          (a 1-d array is one lane)
//   rows   another dimension is innermost: at each position i of the axis, the formula is
//          applied across a row of that dimension, in blocks that keep rows i-1..i+1 in cache
// The other dimensions are coalesced where their strides allow (in the input and the output), so
// a C-order 3-d array differentiated along axis 0 has rows as long as a whole plane.
#pragma once

#include "strided.h"

namespace ndgradient {

// Elements per row block in the rows walk. Rows i-1 and i+1 of a block are read again two
// positions later, so a block should stay cached that long (512 KiB of float64 per row: L2/L3);
// shorter blocks measured slower (4096² axis 0, one thread: 2048 → 20 ms, 65536 → 14 ms).
constexpr index_t kRowBlock = 65536;
// Rows narrower than this are walked as lanes: too little work per row.
constexpr index_t kMinRowWidth = 16;

struct Dimension {
  index_t length;
  index_t strideX;
  index_t strideY;
};

struct AxisGeometry {
  index_t n;        // length of the gradient axis (of the whole axis, for a chunk)
  // The positions [first, last) written (output index 0 is position `first`), from input samples
  // whose index 0 is position `origin`: a whole call writes [0, n) from samples [0, n).
  index_t origin;
  index_t samples;  // input samples along the axis: [origin, origin + samples)
  index_t first;
  index_t last;
  index_t strideX;  // its stride in the input
  index_t strideY;  // and in the output
  index_t offsetX;  // element (0, …, 0)
  index_t offsetY;
  bool rows;        // the walk: rows (true) or lanes (false)
  Dimension row;    // rows: the innermost other dimension
  int outerCount;   // the remaining dimensions, innermost first
  Dimension outer[kMaxDims];
  index_t outerSize;  // product of their lengths: lanes, or row groups
  index_t blocks;     // rows: blocks per row
  bool scalarEnds;    // a 1-d input: numpy indexes its ends with integers, so scalars compute them

  // Offsets of the outer index `flat` (0 <= flat < outerSize), innermost dimension fastest.
  void outerOffsets(index_t flat, index_t* x, index_t* y) const {
    index_t ox = offsetX, oy = offsetY;
    for (int d = 0; d < outerCount && flat > 0; ++d) {
      const index_t k = flat % outer[d].length;
      flat /= outer[d].length;
      ox += k * outer[d].strideX;
      oy += k * outer[d].strideY;
    }
    *x = ox;
    *y = oy;
  }
};

inline index_t magnitude(index_t v) { return v < 0 ? -v : v; }

inline AxisGeometry describeAxis(const View& in, const View& out, int axis) {
  AxisGeometry g;
  g.n = in.shape[axis];
  g.origin = 0;
  g.samples = g.n;
  g.first = 0;
  g.last = g.n;
  g.strideX = in.strides[axis];
  g.strideY = out.strides[axis];
  g.offsetX = in.offset;
  g.offsetY = out.offset;
  g.scalarEnds = in.ndim == 1;
  // The other dimensions, innermost (last) first; length-1 ones add nothing. A dimension merges
  // into the one collected before it when its strides continue that one's in both views.
  Dimension dims[kMaxDims];
  int count = 0;
  for (int d = in.ndim - 1; d >= 0; --d) {
    if (d == axis || in.shape[d] == 1) continue;
    if (count > 0) {
      Dimension& last = dims[count - 1];
      if (in.strides[d] == last.strideX * last.length && out.strides[d] == last.strideY * last.length) {
        last.length *= in.shape[d];
        continue;
      }
    }
    dims[count++] = {in.shape[d], in.strides[d], out.strides[d]};
  }
  // Rows when some other dimension is laid out tighter than the axis in the output (and is wide
  // enough to be worth a row); otherwise lanes.
  int inner = -1;
  for (int k = 0; k < count; ++k) {
    if (inner < 0 || magnitude(dims[k].strideY) < magnitude(dims[inner].strideY)) inner = k;
  }
  g.rows = inner >= 0 && magnitude(dims[inner].strideY) < magnitude(g.strideY) && dims[inner].length >= kMinRowWidth;
  g.outerCount = 0;
  g.outerSize = 1;
  for (int k = 0; k < count; ++k) {
    if (g.rows && k == inner) continue;
    g.outer[g.outerCount++] = dims[k];
    g.outerSize *= dims[k].length;
  }
  if (g.rows) {
    g.row = dims[inner];
    g.blocks = (g.row.length + kRowBlock - 1) / kRowBlock;
  } else {
    g.row = {1, 1, 1};
    g.blocks = 1;
  }
  return g;
}

// The same geometry for a chunk of the axis (README: Chunks and streams): positions [first, last)
// of an axis of `length`, from `in`'s samples, whose index 0 is position `origin`; `out` holds
// last - first positions. The other dimensions are walked as describeAxis walks them.
inline AxisGeometry describeChunk(const View& in, const View& out, int axis, index_t length, index_t origin, index_t first, index_t last) {
  AxisGeometry g = describeAxis(in, out, axis);
  g.n = length;
  g.origin = origin;
  g.first = first;
  g.last = last;
  return g;
}

}  // namespace ndgradient
