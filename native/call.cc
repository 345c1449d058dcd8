// Parsing and checking one call's arguments. The TypeScript layer has already parsed numpy's
// arguments; this layer trusts none of it, so that no call — however it reaches us — can read or
// write outside a buffer. Every check runs before the first output element is written.
#include "call.h"

#include <cstdint>
#include <cstring>

#include "arguments.h"
#include "memory.h"
#include "parallel.h"
#include "stencil.h"

namespace ndgradient {
namespace {

#define CHECK(check)            \
  do {                          \
    if (!(check)) return false; \
  } while (0)

// The byte range [first, last] a non-empty view spans inside its buffer.
Span spanOf(const void* data, const View& view, size_t itemSize) {
  index_t low = view.offset, high = view.offset;
  for (int d = 0; d < view.ndim; ++d) {
    const index_t reach = view.strides[d] * (view.shape[d] - 1);  // bounded by viewFits
    if (reach < 0) low += reach; else high += reach;
  }
  const std::uintptr_t base = reinterpret_cast<std::uintptr_t>(data);
  return {base + static_cast<std::uintptr_t>(low) * itemSize, base + static_cast<std::uintptr_t>(high) * itemSize + itemSize - 1};
}

std::string axisName(int k) { return "axis entry " + std::to_string(k); }

constexpr index_t kUnitStride = 1;

// One axis's parameters, spacing and output; checked against the input view.
bool readAxis(Napi::Env env, ParamReader& p, int k, Napi::Value coordinatesValue, Napi::Value outputValue,
              bool* seen, Call* call) {
  GradientRequest& r = call->request;
  AxisRequest& axis = r.axes[k];
  const int ndim = r.in.ndim;
  index_t index = 0, kind = 0, fresh = 0, outOffset = 0, leftRule = 0, rightRule = 0;
  double step = 0.0, leftConstant = 0.0, rightConstant = 0.0, period = 0.0;
  const index_t at = layout::axisStart(ndim, k);
  if (!p.integer("axis", at + layout::kAxis, 0, ndim - 1, &index, k)) return false;
  if (!p.integer("spacing kind", at + layout::kKind, 0, layout::kLastSpacingKind, &kind, k)) return false;
  if (!p.number("step", at + layout::kStep, &step, k)) return false;
  if (!p.integer("fresh flag", at + layout::kFresh, 0, 1, &fresh, k)) return false;
  if (!p.integer("output offset", at + layout::kOutOffset, 0, kMaxSafeInteger, &outOffset, k)) return false;
  if (!p.integer("left boundary rule", at + layout::kLeftRule, layout::kNumpy, layout::kLastRule, &leftRule, k)) return false;
  if (!p.number("left boundary constant", at + layout::kLeftConstant, &leftConstant, k)) return false;
  if (!p.integer("right boundary rule", at + layout::kRightRule, layout::kNumpy, layout::kLastRule, &rightRule, k)) return false;
  if (!p.number("right boundary constant", at + layout::kRightConstant, &rightConstant, k)) return false;
  if (!p.number("period", at + layout::kPeriod, &period, k)) return false;
  for (int d = 0; d < ndim; ++d) {
    if (!p.integer("output stride", at + layout::kOutStrides + d, -kMaxSafeInteger, kMaxSafeInteger, &call->outStrides[k][d], k)) return false;
  }
  if (seen[index]) return throwRange(env, "repeated axis " + std::to_string(index));
  seen[index] = true;
  axis.axis = static_cast<int>(index);
  call->fresh[k] = fresh == 1;
  axis.left = End{static_cast<Boundary>(leftRule), leftConstant};
  axis.right = End{static_cast<Boundary>(rightRule), rightConstant};
  axis.period = period;
  const bool chunked = static_cast<int>(index) == r.chunk.axis;
  const index_t n = chunked ? r.chunk.length : call->shape[index];
  // The walk relies on these: numpy's ends need edgeOrder + 1 samples; a longer stencil, or a ghost
  // rule (which maps up to m samples beyond an end back into the axis), accuracy + 1.
  const bool numpyOnly = r.accuracy == 2 && leftRule == layout::kNumpy && rightRule == layout::kNumpy;
  if (n < (numpyOnly ? r.edgeOrder + 1 : r.accuracy + 1)) {
    if (numpyOnly) {
      return throwRange(env, kTooShortForEdgeOrder);
    }
    return throwRange(env, axisName(k) + " has " + std::to_string(n) + " samples; accuracy " + std::to_string(r.accuracy) +
                               " with these ends needs at least " + std::to_string(r.accuracy + 1));
  }
  const bool given = kind == layout::kCoordinates || kind == layout::kFloat16Coordinates;
  if (given && (leftRule == layout::kPeriodic || rightRule == layout::kPeriodic) && !(period != 0.0)) {
    return throwRange(env, axisName(k) + " is periodic with coordinates: it needs a period");
  }

  if (given) {
    TypedArrayInfo coordinates;
    if (!readTypedArray(env, coordinatesValue, "coordinates", &coordinates)) return false;
    if (kind == layout::kFloat16Coordinates ? coordinates.type != napi_uint16_array
                                            : coordinates.type != napi_float64_array && coordinates.type != napi_float32_array) {
      return throwType(env, axisName(k) + (kind == layout::kFloat16Coordinates ? " float16 coordinates must be a Uint16Array of their bits"
                                                                                : " coordinates must be a Float64Array or a Float32Array"));
    }
    if (coordinates.length != call->shape[index]) {
      if (chunked) return throwRange(env, axisName(k) + " coordinates must have one value per input sample (" + std::to_string(call->shape[index]) + ")");
      return throwRange(env, "when 1d, distances must match the length of the corresponding dimension");
    }
    const CoordinateType type = kind == layout::kFloat16Coordinates ? CoordinateType::Float16
                                : coordinates.type == napi_float32_array ? CoordinateType::Float32 : CoordinateType::Float64;
    axis.spacing = Spacing{0.0, ScalarKind::Float64, coordinates.data, type};
  } else {
    const ScalarKind scalar = kind == layout::kFloat16Step ? ScalarKind::Float16 : static_cast<ScalarKind>(kind);
    axis.spacing = Spacing{step, scalar, nullptr, CoordinateType::Float64};
  }

  TypedArrayInfo output;
  if (!readTypedArray(env, outputValue, "output", &output)) return false;
  const DType result = resultDType(r.dtype);
  const bool float32 = result == DType::Float32 || result == DType::Complex64;
  const napi_typedarray_type expected = result == DType::Float16 ? napi_uint16_array : float32 ? napi_float32_array : napi_float64_array;
  if (output.type != expected) {
    const char* name = result == DType::Float16 ? "Uint16Array (float16 bits)" : float32 ? "Float32Array" : "Float64Array";
    return throwType(env, axisName(k) + " output must be a " + name + " for " + dtypeName(r.dtype) + " input");
  }
  const index_t values = valuesPerElement(result);
  if (output.length % values != 0) return throwRange(env, axisName(k) + " output must hold whole (re, im) pairs, got " + std::to_string(output.length) + " values");
  const index_t elements = output.length / values;
  axis.output = output.data;
  call->outputBytes[k] = static_cast<size_t>(output.length) * (result == DType::Float16 ? 2 : float32 ? 4 : 8);
  axis.out = View{ndim, call->outShape, call->outStrides[k], outOffset};
  if (!viewFits(axis.out, elements)) {
    return throwRange(env, axisName(k) + " output strides and offset reach outside its " + std::to_string(elements) + " elements");
  }
  if (mayOverlapItself(axis.out)) {
    return throwRange(env, axisName(k) + " output maps two indices to one element (its strides overlap)");
  }
  return true;
}

// No output may share memory with the input, the coordinates or another output: every output
// element is written while the others are read, so sharing would change results (numpy's
// may_share_memory, by byte range).
bool checkOverlaps(Napi::Env env, const Call& call) {
  const GradientRequest& r = call.request;
  if (call.count == 0) return true;
  const size_t outputSize = elementSize(resultDType(r.dtype));
  const Span input = spanOf(r.input, r.in, elementSize(r.dtype));
  for (int k = 0; k < r.axisCount; ++k) {
    const Span out = spanOf(r.axes[k].output, r.axes[k].out, outputSize);
    if (overlap(out, input)) return throwRange(env, axisName(k) + " output must not overlap the input");
    for (int j = 0; j < r.axisCount; ++j) {
      const Spacing& s = r.axes[j].spacing;
      if (s.coordinates == nullptr) continue;
      const index_t n = r.in.shape[r.axes[j].axis];
      const View line{1, &n, &kUnitStride, 0};
      const size_t size = s.coordinateType == CoordinateType::Float16 ? 2 : s.coordinateType == CoordinateType::Float32 ? 4 : 8;
      if (overlap(out, spanOf(s.coordinates, line, size))) {
        return throwRange(env, axisName(k) + " output must not overlap the coordinates of " + axisName(j));
      }
    }
    for (int j = 0; j < k; ++j) {
      if (overlap(out, spanOf(r.axes[j].output, r.axes[j].out, outputSize))) {
        return throwRange(env, axisName(k) + " output must not overlap the output of " + axisName(j));
      }
    }
  }
  return true;
}

// The chunk header: which axis, its length, the input's origin along it and the positions written.
bool readChunk(ParamReader& p, Call* call) {
  GradientRequest& r = call->request;
  Chunk& c = r.chunk;
  index_t axis = -1;
  CHECK(p.integer("chunk axis", layout::kChunkAxis, -1, r.in.ndim - 1, &axis));
  c.axis = static_cast<int>(axis);
  for (int d = 0; d < r.in.ndim; ++d) call->outShape[d] = call->shape[d];
  if (c.axis < 0) return true;
  CHECK(p.integer("chunk length", layout::kChunkLength, 1, kMaxSafeInteger, &c.length));
  CHECK(p.integer("chunk origin", layout::kChunkOrigin, -kMaxSafeInteger, kMaxSafeInteger, &c.origin));
  CHECK(p.integer("chunk first position", layout::kChunkFirst, 0, static_cast<double>(c.length - 1), &c.first));
  CHECK(p.integer("chunk last position", layout::kChunkLast, static_cast<double>(c.first + 1), static_cast<double>(c.length), &c.last));
  call->outShape[c.axis] = c.last - c.first;
  return true;
}

// The input holds every sample the chunk's positions read (stencil.h inputRange), and nothing
// beyond what its ends allow: samples outside [0, n) only past a periodic end, at most n of them.
bool checkChunkSamples(Napi::Env env, const Call& call) {
  const GradientRequest& r = call.request;
  const Chunk& c = r.chunk;
  const index_t n = c.length, start = c.origin, end = c.origin + call.shape[c.axis];
  SampleRange needed{c.first, c.last};
  bool leftWraps = false, rightWraps = false;
  for (int k = 0; k < r.axisCount; ++k) {
    const AxisRequest& axis = r.axes[k];
    if (axis.axis != c.axis) continue;
    needed = inputRange(stencilShape(r.accuracy, axis.left, axis.right), r.edgeOrder, n, c.first, c.last);
    leftWraps = axis.left.rule == Boundary::Periodic;
    rightWraps = axis.right.rule == Boundary::Periodic;
  }
  const bool inside = start >= (leftWraps ? -n : 0) && end <= (rightWraps ? 2 * n : n);
  if (inside && start <= needed.start && end >= needed.end) return true;
  return throwRange(env, "the chunk's input holds samples [" + std::to_string(start) + ", " + std::to_string(end) + ") of axis " + std::to_string(c.axis) +
                             " (length " + std::to_string(n) + "); positions [" + std::to_string(c.first) + ", " + std::to_string(c.last) + ") need [" +
                             std::to_string(needed.start) + ", " + std::to_string(needed.end) + ")");
}

// The element kind: as the input's TypedArray says, float16 bits in a Uint16Array, or complex over
// a Float64Array (complex128) or a Float32Array (complex64) of whole (re, im) pairs.
bool readElementKind(Napi::Env env, ParamReader& p, const TypedArrayInfo& input, DType* dtype) {
  index_t kind = 0;
  CHECK(p.integer("element kind", layout::kElementKind, layout::kAsTyped, layout::kLastKind, &kind));
  if (kind == layout::kAsTyped) return true;
  if (kind == layout::kFloat16) {
    if (*dtype != DType::Uint16) return throwType(env, "float16 input must be a Uint16Array of its bits");
    *dtype = DType::Float16;
    return true;
  }
  if (*dtype != DType::Float64 && *dtype != DType::Float32) return throwType(env, "complex input must be a Float64Array or a Float32Array of (re, im) pairs");
  if (input.length % 2 != 0) return throwRange(env, "complex input must hold whole (re, im) pairs, got " + std::to_string(input.length) + " values");
  *dtype = *dtype == DType::Float64 ? DType::Complex128 : DType::Complex64;
  return true;
}

}  // namespace

// gradient(input, params, ...arrays) -> undefined
//   input   the array's TypedArray
//   params  Float64Array (a reused scratch buffer: only its first `count` values are read),
//           laid out as layout.h says
//   arrays  per axis k: the coordinates (kind 3; else anything) and the output TypedArray
// Arguments are plain values: reading them runs no JS, so no buffer can be detached or resized
// between the checks and the writes.
bool parseCall(const Napi::CallbackInfo& info, size_t argumentCount, Call* call) {
  Napi::Env env = info.Env();
  if (argumentCount > info.Length()) argumentCount = info.Length();
  const size_t arrayCount = argumentCount < 2 ? 0 : argumentCount - 2;
  if (argumentCount < 4 || arrayCount % 2 != 0 || arrayCount > 2 * kMaxDims) {
    throwType(env, "gradient expects (input, params, then coordinates and output for each axis)");
    return false;
  }
  TypedArrayInfo input, params;
  CHECK(readTypedArray(env, info[0], "input", &input));
  CHECK(readTypedArray(env, info[1], "params", &params));
  if (params.type != napi_float64_array) {
    throwType(env, "params must be a Float64Array");
    return false;
  }
  Call& c = *call;
  GradientRequest& r = c.request;
  if (!dtypeOf(input.type, &r.dtype)) {
    throwType(env, "input must be a numeric TypedArray");
    return false;
  }
  // Every value is read once, into native memory, before it is checked: params may live in a
  // SharedArrayBuffer that another thread writes, and a count read twice could pass the check with
  // one value and be used with another.
  const double* values = static_cast<const double*>(params.data);
  const double declared = params.length < 1 ? 0.0 : values[0];
  if (!(declared >= 1 && declared <= static_cast<double>(params.length) && declared <= static_cast<double>(layout::kMaxParams) &&
        static_cast<double>(static_cast<index_t>(declared)) == declared)) {
    throwRange(env, "params must start with the count of values it holds (at most " + std::to_string(layout::kMaxParams) + ")");
    return false;
  }
  const index_t count = static_cast<index_t>(declared);
  std::memcpy(c.params, values, static_cast<size_t>(count) * sizeof(double));
  ParamReader p(env, c.params, count);
  index_t ndim = 0, offset = 0, edgeOrder = 0, accuracy = 0, threads = 0, axisCount = 0;
  index_t version = 0;
  CHECK(p.integer("layout version", layout::kVersion_, 0, kMaxSafeInteger, &version));
  if (version != layout::kVersion) {
    throwRange(env, "params use layout version " + std::to_string(version) + "; this addon reads version " + std::to_string(layout::kVersion) +
                        " (is the addon older or newer than the JavaScript? rebuild it)");
    return false;
  }
  CHECK(readElementKind(env, p, input, &r.dtype));
  CHECK(p.integer("ndim", layout::kNdim, 1, kMaxDims, &ndim));
  CHECK(p.integer("offset", layout::kOffset, 0, kMaxSafeInteger, &offset));
  CHECK(p.integer("edgeOrder", layout::kEdgeOrder, 1, 2, &edgeOrder));
  CHECK(p.integer("accuracy", layout::kAccuracy, 2, 8, &accuracy));
  if (accuracy % 2 != 0) {
    throwRange(env, "accuracy must be 2, 4, 6 or 8, got " + std::to_string(accuracy));
    return false;
  }
  CHECK(p.integer("threads", layout::kThreads, 0, kMaxThreads, &threads));
  CHECK(p.integer("axis count", layout::kAxisCount, 1, ndim, &axisCount));
  if (count != layout::paramCount(ndim, axisCount)) {
    throwRange(env, "params has " + std::to_string(count) + " values; " + std::to_string(ndim) + " dimensions and " + std::to_string(axisCount) +
                        " axes take " + std::to_string(layout::paramCount(ndim, axisCount)));
    return false;
  }
  for (int d = 0; d < ndim; ++d) CHECK(p.integer("shape entry", layout::shapeStart() + d, 0, kMaxSafeInteger, &c.shape[d]));
  for (int d = 0; d < ndim; ++d) CHECK(p.integer("stride", layout::stridesStart(ndim) + d, -kMaxSafeInteger, kMaxSafeInteger, &c.strides[d]));
  r.input = input.data;
  r.in = View{static_cast<int>(ndim), c.shape, c.strides, offset};
  r.edgeOrder = static_cast<int>(edgeOrder);
  r.accuracy = static_cast<int>(accuracy);
  r.axisCount = static_cast<int>(axisCount);
  if (!elementCount(r.in, &c.count)) {
    throwRange(env, "shape has more elements than can be addressed");
    return false;
  }
  const index_t inputElements = input.length / valuesPerElement(r.dtype);  // whole: readElementKind
  if (!viewFits(r.in, inputElements)) {
    throwRange(env, "shape, strides and offset reach outside the input's " + std::to_string(inputElements) + " elements");
    return false;
  }
  if (arrayCount != static_cast<size_t>(2 * axisCount)) {
    throwRange(env, "expected 2 arrays per axis (" + std::to_string(2 * axisCount) + "), got " + std::to_string(arrayCount));
    return false;
  }
  CHECK(readChunk(p, call));
  bool seen[kMaxDims] = {false};
  for (int k = 0; k < axisCount; ++k) CHECK(readAxis(env, p, k, info[2 + 2 * k], info[3 + 2 * k], seen, call));
  if (r.chunk.axis >= 0) CHECK(checkChunkSamples(env, c));
  CHECK(checkOverlaps(env, c));

  c.requestedThreads = static_cast<int>(threads);
  return true;
}

void prepareToCompute(Call* call) {
  GradientRequest& r = call->request;
  r.threads = threadCount(call->requestedThreads, call->count);
  for (int k = 0; k < r.axisCount; ++k) {
    if (call->fresh[k]) adviseHugePages(r.axes[k].output, call->outputBytes[k]);
  }
}

}  // namespace ndgradient
