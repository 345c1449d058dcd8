// What lies beyond each end of an axis: numpy's one-sided ends, or a ghost rule that extends the
// data (and the coordinates) past the end without copying anything (README: Boundaries and accuracy).
//
// Pure C++ (no Node-API). Indices are "virtual": -g is the g-th sample before the first, n-1+g
// the g-th after the last; a ghost rule maps them back into [0, n) or to a constant.
#pragma once

#include "kernels.h"  // index_t

namespace ndgradient {

// The codes of src/layout.ts BoundaryRule.
enum class Boundary { Numpy = 0, Periodic = 1, Reflect = 2, Symmetric = 3, Constant = 4 };

struct End {
  Boundary rule;
  double constant;  // Constant only: the value beyond the end (in the data's precision when used)
};

inline bool isGhost(const End& end) { return end.rule != Boundary::Numpy; }

// The sample a ghost index stands for, g >= 1 samples beyond the left (left = true) or right end
// of n samples (np.pad's modes; g <= n - 1, which the length check guarantees):
//   periodic   f[-g] = f[n-g]      f[n-1+g] = f[g-1]
//   reflect    f[-g] = f[g]        f[n-1+g] = f[n-1-g]
//   symmetric  f[-g] = f[g-1]      f[n-1+g] = f[n-g]
// Constant ends have no sample: callers use End::constant instead.
inline index_t ghostSample(Boundary rule, bool left, index_t n, index_t g) {
  switch (rule) {
    case Boundary::Periodic: return left ? n - g : g - 1;
    case Boundary::Reflect: return left ? g : n - 1 - g;
    case Boundary::Symmetric: return left ? g - 1 : n - g;
    default: return 0;
  }
}

// Coordinates extended as numpy's xp would be (README: Boundaries and accuracy), in the coordinates' precision C:
//   periodic   x[-g] = x[n-g] - period        x[n-1+g] = x[g-1] + period
//   otherwise  x[-g] = 2*x[0] - x[g]          x[n-1+g] = 2*x[n-1] - x[n-1-g]   (odd reflection)
// `period` arrives signed: negative for decreasing coordinates (src/boundary.ts), so that the
// extension continues in their direction. It meets C as numpy's weak Python float: rounded to C.
//
// `x` holds the window [origin, origin + count) of the axis (a whole call: [0, n)). A chunk of a
// periodic axis may hold wrapped samples in place: index j < 0 (or >= n) of the window is the
// sample x[j mod n], and the period still applies to it.
template <typename C> struct ExtendedCoordinates {
  const C* x;
  index_t n;
  End left, right;
  C period;
  index_t origin = 0;
  index_t count = n;

  bool holds(index_t j) const { return j >= origin && j < origin + count; }
  // The coordinate of axis index j, read where the window holds it (holds(j)).
  const C* from(index_t j) const { return x + (j - origin); }

  C at(index_t j) const {
    if (j < 0) {
      const index_t g = -j;
      if (left.rule != Boundary::Periodic) return C(2) * *from(0) - *from(g);
      return *from(holds(j) ? j : n - g) - period;
    }
    if (j >= n) {
      const index_t g = j - (n - 1);
      if (right.rule != Boundary::Periodic) return C(2) * *from(n - 1) - *from(n - 1 - g);
      return *from(holds(j) ? j : g - 1) + period;
    }
    return *from(j);
  }
};

}  // namespace ndgradient
