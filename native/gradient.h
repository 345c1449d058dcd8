// numpy.gradient over a strided N-d view, for one or more axes: the entry point of the binding.
//
// Pure C++ (no Node-API): the caller has already checked every bound described here (see
// addon.cc); this layer picks the kernel instantiation, the walk and the threads.
#pragma once

#include "boundary.h"
#include "strided.h"

namespace ndgradient {

class WorkerPool;  // pool.h

// Element types of the input. Uint8Clamped reads like Uint8. Complex128 and Complex64 are
// interleaved (re, im) pairs of float64 or float32 (complex.h); Float16 is IEEE binary16 bits (half.h).
enum class DType { Float64, Float32, Int8, Uint8, Int16, Uint16, Int32, Uint32, Int64, Uint64, Complex128, Complex64, Float16 };

// Where a scalar spacing sits in numpy 2's promotion rules (NEP 50).
enum class ScalarKind {
  Weak,     // a JS number: numpy's Python float, rounded to float32 where it meets float32 data
  Float64,  // a "strong" float64 scalar (0-d float64 or integer array)
  Float32,  // a "strong" float32 scalar (0-d float32 array)
  Float16,  // a "strong" float16 scalar (0-d float16 array)
};

// The element type of a coordinate array.
enum class CoordinateType { Float64, Float32, Float16 };

struct Spacing {
  // Scalar step (coordinates == nullptr), or a contiguous coordinate array of shape[axis]
  // elements (one per input sample along the axis: a chunk's window) of coordinateType.
  double step;
  ScalarKind kind;
  const void* coordinates;
  CoordinateType coordinateType;
};

struct AxisRequest {
  int axis;
  Spacing spacing;
  End left, right;  // what lies beyond each end (boundary.h)
  double period;    // periodic ends with coordinates: signed as the coordinates run; else unused
  void* output;  // the input's type for float32 and complex input, float64 otherwise; `out` has the input's shape
  View out;
};

// A chunk of one axis (README: Chunks and streams): the positions [first, last) of an axis of
// `length`, computed from input samples whose index 0 along it is position `origin`. The caller
// has checked that the input holds every sample those positions need, and has made numpy's
// whole-axis decision: coordinates of a chunked axis are not uniform (a uniform axis arrives as
// its step). Outputs hold last - first positions along the axis; other axes are computed over
// the same positions of it.
struct Chunk {
  int axis;  // -1: a whole call
  index_t length;
  index_t origin;
  index_t first;
  index_t last;
};

struct GradientRequest {
  DType dtype;
  const void* input;  // the input's element 0; `in` addresses elements relative to it
  View in;
  Chunk chunk;
  int edgeOrder;  // 1 or 2: numpy's ends at accuracy 2
  int accuracy;   // 2, 4, 6 or 8; in.shape[axis] >= accuracy + 1 for every axis, unless accuracy 2
                  // with numpy's ends on both sides, where numpy's edgeOrder + 1 is enough
  int threads;    // 0: automatic
  WorkerPool* pool = nullptr;  // the environment's kept threads (pool.h); null: threads of the call's own
  int axisCount;
  AxisRequest axes[kMaxDims];
};

enum class Status { Ok, OutOfMemory };

// Writes d(input)/d(axis) for each requested axis, bit for bit as numpy.gradient computes it.
Status computeGradient(const GradientRequest& request);

// The thread count `threads` (0: automatic) means for an array of `elements` elements.
int threadCount(int threads, index_t elements);

}  // namespace ndgradient
