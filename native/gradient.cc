// Dispatch from (dtype, spacing) to the lane kernels, and the walk over the lanes.
#include "gradient.h"

#include <cstdint>

#include "coefficients.h"
#include "kernels.h"

namespace ndgradient {
namespace {

template <typename T, typename O, typename C>
void runUniform(const AxisRequest& r, const UniformAxis<C>& uniform) {
  const T* x = static_cast<const T*>(r.input);
  O* y = static_cast<O*>(r.output);
  const index_t n = r.in.shape[r.axis];
  const index_t strideX = r.in.strides[r.axis];
  const index_t strideY = r.out.strides[r.axis];
  forEachLane(r.in, r.out, r.axis, [&](index_t offsetX, index_t offsetY) {
    uniformLane<T, C, O>(n, x, strideX, offsetX, y, strideY, offsetY, uniform.twoH, uniform.edges);
  });
}

template <typename T, typename O, typename C, typename Coefficients>
void runCoordinates(const AxisRequest& r, const Coefficients& coefficients, const Edges<C>& edges) {
  const T* x = static_cast<const T*>(r.input);
  O* y = static_cast<O*>(r.output);
  const index_t n = r.in.shape[r.axis];
  const index_t strideX = r.in.strides[r.axis];
  const index_t strideY = r.out.strides[r.axis];
  forEachLane(r.in, r.out, r.axis, [&](index_t offsetX, index_t offsetY) {
    coordinateLane<T, C, O>(n, x, strideX, offsetX, y, strideY, offsetY, coefficients, edges);
  });
}

template <typename T, typename O, typename C>
Status withCoordinates(const AxisRequest& r, const C* coordinates) {
  const index_t n = r.in.shape[r.axis];
  C step;
  if (coordinatesAreUniform(n, coordinates, &step)) {
    // numpy then takes the scalar path with h = diff[0], a strong scalar of the coordinates' type.
    runUniform<T, O, C>(r, uniformAxis<C>(static_cast<double>(step), r.edgeOrder));
    return Status::Ok;
  }
  const Edges<C> edges = coordinateEdges(n, coordinates, r.edgeOrder);
  if (laneCount(r.in, r.axis) == 1) {
    runCoordinates<T, O, C>(r, CoefficientsOnTheFly<C>{coordinates}, edges);
    return Status::Ok;
  }
  PrecomputedCoefficients<C> coefficients;
  if (!coefficients.compute(n, coordinates)) return Status::OutOfMemory;
  runCoordinates<T, O, C>(r, coefficients, edges);
  return Status::Ok;
}

template <typename T, typename O>
Status typed(const AxisRequest& r) {
  const Spacing& s = r.spacing;
  if (s.coordinates != nullptr) {
    if (s.coordinatesAreFloat32) return withCoordinates<T, O, float>(r, static_cast<const float*>(s.coordinates));
    return withCoordinates<T, O, double>(r, static_cast<const double*>(s.coordinates));
  }
  switch (s.kind) {
    case ScalarKind::Weak:
      // A Python float takes the data's precision: float32 for float32 data, else float64.
      runUniform<T, O, typename Compute<T>::type>(r, uniformAxis<typename Compute<T>::type>(s.step, r.edgeOrder));
      break;
    case ScalarKind::Float32:
      runUniform<T, O, float>(r, uniformAxis<float>(s.step, r.edgeOrder));
      break;
    case ScalarKind::Float64:
      runUniform<T, O, double>(r, uniformAxis<double>(s.step, r.edgeOrder));
      break;
  }
  return Status::Ok;
}

}  // namespace

Status gradientAxis(const AxisRequest& r) {
  switch (r.dtype) {
    case DType::Float64: return typed<double, double>(r);
    case DType::Float32: return typed<float, float>(r);
    case DType::Int8: return typed<std::int8_t, double>(r);
    case DType::Uint8: return typed<std::uint8_t, double>(r);
    case DType::Int16: return typed<std::int16_t, double>(r);
    case DType::Uint16: return typed<std::uint16_t, double>(r);
    case DType::Int32: return typed<std::int32_t, double>(r);
    case DType::Uint32: return typed<std::uint32_t, double>(r);
    case DType::Int64: return typed<std::int64_t, double>(r);
    case DType::Uint64: return typed<std::uint64_t, double>(r);
  }
  return Status::Ok;
}

}  // namespace ndgradient
