// Strided N-d views and their bounds checks.
//
// Pure C++ (no Node-API). A view is (ndim, shape, strides, offset) over a buffer of `length`
// elements, with strides and offset in elements; strides may be negative or zero.
#pragma once

#include <cstdint>
#include <limits>

#include "kernels.h"  // index_t

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

// True unless every index of the view addresses its own element, by a sufficient test: sorted by
// magnitude, each stride of a dimension longer than 1 must step past everything the smaller ones
// reach (then the view is a mixed-radix numbering of distinct elements, as every C/F-order view
// and slice of one is). A zero stride on such a dimension always fails. Call after viewFits, which
// bounds every reach by the buffer's length, so the sums below cannot overflow.
inline bool mayOverlapItself(const View& view) {
  index_t strides[kMaxDims], lengths[kMaxDims];
  int count = 0;
  for (int d = 0; d < view.ndim; ++d) {
    if (view.shape[d] == 0) return false;  // empty: addresses nothing
    if (view.shape[d] == 1) continue;
    // Insertion sort by |stride|: at most 64 entries.
    const index_t s = view.strides[d] < 0 ? -view.strides[d] : view.strides[d];
    int at = count++;
    while (at > 0 && strides[at - 1] > s) {
      strides[at] = strides[at - 1];
      lengths[at] = lengths[at - 1];
      --at;
    }
    strides[at] = s;
    lengths[at] = view.shape[d];
  }
  index_t reach = 0;  // the largest distance the smaller strides span
  for (int k = 0; k < count; ++k) {
    if (strides[k] <= reach) return true;
    reach += strides[k] * (lengths[k] - 1);
  }
  return false;
}

}  // namespace ndgradient
