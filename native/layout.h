// The packed parameters of one call, as src/layout.ts defines them (the one definition of the
// layout: every number here mirrors one there, and both sides check the version).
//
//   header    count, version, ndim, offset, edgeOrder, accuracy, threads (0: automatic), axis count,
//             chunk axis (-1: a whole call), then for a chunk: the axis length, the position of the
//             input's sample 0 (origin), and the positions [first, last) written; the element
//             kind (0: as the TypedArray says, 1: complex, interleaved re, im, 2: float16 bits)
//   view      shape[ndim], then strides[ndim]
//   per axis  axis, spacing kind, step, fresh, output offset, left rule, left constant, right
//             rule, right constant, period, then output strides[ndim]
#pragma once

#include "strided.h"  // index_t, kMaxDims

namespace ndgradient {
namespace layout {

constexpr int kVersion = 5;  // src/layout.ts layoutVersion

// Positions of the header values.
enum Header : int {
  kCount = 0, kVersion_ = 1, kNdim = 2, kOffset = 3, kEdgeOrder = 4, kAccuracy = 5, kThreads = 6, kAxisCount = 7,
  kChunkAxis = 8, kChunkLength = 9, kChunkOrigin = 10, kChunkFirst = 11, kChunkLast = 12, kElementKind = 13, kHeaderLength = 14
};

// How the input's and the outputs' TypedArrays hold elements (src/layout.ts ElementKind).
enum ElementKind : int { kAsTyped = 0, kComplex = 1, kFloat16 = 2, kLastKind = kFloat16 };

// Positions within one axis's values, from axisStart().
enum AxisParams : int {
  kAxis = 0, kKind = 1, kStep = 2, kFresh = 3, kOutOffset = 4,
  kLeftRule = 5, kLeftConstant = 6, kRightRule = 7, kRightConstant = 8, kPeriod = 9, kOutStrides = 10
};

// Boundary rules (src/layout.ts BoundaryRule; boundary.h Boundary).
enum BoundaryRule : int { kNumpy = 0, kPeriodic = 1, kReflect = 2, kSymmetric = 3, kConstant = 4, kLastRule = kConstant };

// Spacing kinds (src/layout.ts SpacingKind).
enum SpacingKind : int { kWeak = 0, kFloat64 = 1, kFloat32 = 2, kCoordinates = 3, kFloat16Step = 4, kFloat16Coordinates = 5, kLastSpacingKind = kFloat16Coordinates };

constexpr index_t shapeStart() { return kHeaderLength; }
constexpr index_t stridesStart(index_t ndim) { return kHeaderLength + ndim; }
constexpr index_t axisStart(index_t ndim, index_t k) { return kHeaderLength + 2 * ndim + k * (kOutStrides + ndim); }
constexpr index_t paramCount(index_t ndim, index_t axisCount) { return axisStart(ndim, axisCount); }

// The most values a call can pack: 64 dimensions and 64 axes.
constexpr index_t kMaxParams = paramCount(kMaxDims, kMaxDims);

}  // namespace layout
}  // namespace ndgradient
