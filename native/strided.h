// Strided N-d views: bounds checks and the walk over every lane along one axis.
//
// Pure C++ (no Node-API). A view is (ndim, shape, strides, offset) over a buffer of `length`
// elements, with strides and offset in elements; strides may be negative or zero.
#pragma once

#include <cstdint>
#include <limits>

#include "kernels.h"

namespace ndgradient {

// numpy's limit (NPY_MAXDIMS in numpy 2).
constexpr int kMaxDims = 64;

struct View {
  int ndim;
  const index_t* shape;
  const index_t* strides;
  index_t offset;
};

// a * b without signed overflow; false if it would overflow.
inline bool multiplyChecked(index_t a, index_t b, index_t* result) {
  if (a == 0 || b == 0) {
    *result = 0;
    return true;
  }
  const index_t max = std::numeric_limits<index_t>::max();
  const index_t absA = a < 0 ? -a : a;  // callers pass |values| < 2^53, so negation is safe
  const index_t absB = b < 0 ? -b : b;
  if (absA > max / absB) return false;
  *result = a * b;
  return true;
}

// Number of elements of the view; false if the product overflows.
inline bool elementCount(const View& view, index_t* count) {
  index_t total = 1;
  for (int d = 0; d < view.ndim; ++d) {
    if (!multiplyChecked(total, view.shape[d], &total)) return false;
  }
  *count = total;
  return true;
}

// True if every element the view can address lies inside [0, length). An empty view addresses
// nothing and always fits.
inline bool viewFits(const View& view, index_t length) {
  index_t count;
  if (!elementCount(view, &count)) return false;
  if (count == 0) return true;
  if (view.offset < 0 || view.offset >= length) return false;
  index_t low = view.offset;   // lowest element index reached so far, always >= 0
  index_t high = view.offset;  // highest, always < length
  for (int d = 0; d < view.ndim; ++d) {
    index_t reach;
    if (!multiplyChecked(view.strides[d], view.shape[d] - 1, &reach)) return false;
    // Compare before adding, so that no sum can overflow.
    if (reach < 0) {
      if (-reach > low) return false;
      low += reach;
    } else {
      if (reach >= length - high) return false;
      high += reach;
    }
  }
  return true;
}

// Calls lane(offsetX, offsetY) for every lane along `axis`: once per index of the other axes,
// with the offsets of that lane's first element in the input and in the output view.
// Number of lanes along `axis`: the product of the other axes' lengths (checked not to overflow
// by elementCount before any walk).
inline index_t laneCount(const View& view, int axis) {
  index_t lanes = 1;
  for (int d = 0; d < view.ndim; ++d) {
    if (d != axis) lanes *= view.shape[d];
  }
  return lanes;
}

template <typename Lane>
void forEachLane(const View& in, const View& out, int axis, Lane&& lane) {
  const index_t lanes = laneCount(in, axis);
  if (lanes == 0) return;
  index_t counter[kMaxDims] = {0};
  index_t offsetX = in.offset;
  index_t offsetY = out.offset;
  for (index_t k = 0; k < lanes; ++k) {
    lane(offsetX, offsetY);
    // Odometer step over the other axes, last axis fastest (C order).
    for (int d = in.ndim - 1; d >= 0; --d) {
      if (d == axis) continue;
      if (++counter[d] < in.shape[d]) {
        offsetX += in.strides[d];
        offsetY += out.strides[d];
        break;
      }
      offsetX -= in.strides[d] * (in.shape[d] - 1);
      offsetY -= out.strides[d] * (in.shape[d] - 1);
      counter[d] = 0;
    }
  }
}

}  // namespace ndgradient
