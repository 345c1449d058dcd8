// The Node-API binding: validate, re-check every bound, dispatch to gradientAxis.
//
// The TypeScript layer has already parsed numpy's arguments; this layer trusts none of it, so
// that no call — however it reaches us — can read or write outside a buffer.
#include <napi.h>

#include <cstdint>

#include "arguments.h"
#include "gradient.h"

namespace ndgradient {
namespace {

// The byte range [first, last] a non-empty view spans inside its buffer.
struct Span {
  std::uintptr_t first;
  std::uintptr_t last;
};

Span spanOf(const void* data, const View& view, size_t itemSize) {
  index_t low = view.offset, high = view.offset;
  for (int d = 0; d < view.ndim; ++d) {
    const index_t reach = view.strides[d] * (view.shape[d] - 1);  // bounded by viewFits
    if (reach < 0) low += reach; else high += reach;
  }
  const std::uintptr_t base = reinterpret_cast<std::uintptr_t>(data);
  return {base + static_cast<std::uintptr_t>(low) * itemSize,
          base + static_cast<std::uintptr_t>(high) * itemSize + itemSize - 1};
}

// gradientAxis(input, shape, strides, offset, axis, edgeOrder, spacing, scalarKind,
//              output, outputStrides, outputOffset) -> undefined
//
// spacing is a number (scalarKind 0 weak, 1 float64, 2 float32; see gradient.h) or a
// Float64Array / Float32Array of shape[axis] coordinates. The output has the input's shape.
Napi::Value GradientAxis(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 11) {
    throwType(env, "gradientAxis expects 11 arguments");
    return env.Undefined();
  }
  // Plain values first: reading an array can run JS, which could detach a buffer whose
  // pointer we had already taken.
  index_t shape[kMaxDims], strides[kMaxDims], outStrides[kMaxDims];
  index_t offset, outOffset, axis, edgeOrder, scalarKind = 0;
  int ndim = -1;
  REQUIRE(readIndexArray(env, info[1], "shape", 0, &ndim, shape));
  REQUIRE(readIndexArray(env, info[2], "strides", -kMaxSafeInteger, &ndim, strides));
  REQUIRE(readInteger(env, info[3], "offset", 0, kMaxSafeInteger, &offset));
  REQUIRE(readInteger(env, info[4], "axis", 0, ndim - 1, &axis));
  REQUIRE(readInteger(env, info[5], "edgeOrder", 1, 2, &edgeOrder));
  REQUIRE(readIndexArray(env, info[9], "output strides", -kMaxSafeInteger, &ndim, outStrides));
  REQUIRE(readInteger(env, info[10], "output offset", 0, kMaxSafeInteger, &outOffset));
  const bool scalarSpacing = info[6].IsNumber();
  if (scalarSpacing) REQUIRE(readInteger(env, info[7], "scalarKind", 0, 2, &scalarKind));

  // From here on no JS runs, so the pointers stay valid for the call.
  TypedArrayInfo input, output, coordinates{};
  REQUIRE(readTypedArray(env, info[0], "input", &input));
  REQUIRE(readTypedArray(env, info[8], "output", &output));
  if (!scalarSpacing) REQUIRE(readTypedArray(env, info[6], "spacing", &coordinates));

  AxisRequest request;
  if (!dtypeOf(input.type, &request.dtype)) {
    throwType(env, "input must be a numeric TypedArray");
    return env.Undefined();
  }
  request.input = input.data;
  request.in = View{ndim, shape, strides, offset};
  request.out = View{ndim, shape, outStrides, outOffset};
  request.axis = static_cast<int>(axis);
  request.edgeOrder = static_cast<int>(edgeOrder);
  request.output = output.data;

  index_t count;
  if (!elementCount(request.in, &count)) {
    throwRange(env, "shape has more elements than can be addressed");
    return env.Undefined();
  }
  if (!viewFits(request.in, input.length)) {
    throwRange(env, "shape, strides and offset reach outside the input's " + std::to_string(input.length) + " elements");
    return env.Undefined();
  }
  const index_t n = shape[axis];
  if (n < edgeOrder + 1) {
    throwRange(env, "Shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required.");
    return env.Undefined();
  }

  const bool float32 = request.dtype == DType::Float32;
  if (output.type != (float32 ? napi_float32_array : napi_float64_array)) {
    throwType(env, float32 ? "output must be a Float32Array for float32 input" : "output must be a Float64Array");
    return env.Undefined();
  }
  if (!viewFits(request.out, output.length)) {
    throwRange(env, "output strides and offset reach outside the output's " + std::to_string(output.length) + " elements");
    return env.Undefined();
  }
  if (count > 0) {
    const Span in = spanOf(input.data, request.in, elementSize(request.dtype));
    const Span out = spanOf(output.data, request.out, float32 ? 4 : 8);
    if (in.first <= out.last && out.first <= in.last) {
      throwRange(env, "output must not overlap the input");
      return env.Undefined();
    }
  }

  if (scalarSpacing) {
    request.spacing = Spacing{info[6].As<Napi::Number>().DoubleValue(), static_cast<ScalarKind>(scalarKind), nullptr, false};
  } else {
    if (coordinates.type != napi_float64_array && coordinates.type != napi_float32_array) {
      throwType(env, "spacing must be a number, a Float64Array or a Float32Array");
      return env.Undefined();
    }
    if (coordinates.length != n) {
      throwRange(env, "when 1d, distances must match the length of the corresponding dimension");
      return env.Undefined();
    }
    request.spacing = Spacing{0.0, ScalarKind::Float64, coordinates.data, coordinates.type == napi_float32_array};
  }

  if (count == 0) return env.Undefined();
  if (gradientAxis(request) == Status::OutOfMemory) {
    throwRange(env, "cannot allocate " + std::to_string(3 * n) + " coefficients for the coordinates");
  }
  return env.Undefined();
}

}  // namespace
}  // namespace ndgradient

// Context-aware registration (NODE_API_MODULE); no state outlives a call, so the addon loads in
// any number of threads and environments at once.
static Napi::Object InitNdgradient(Napi::Env env, Napi::Object exports) {
  exports.Set("gradientAxis", Napi::Function::New(env, ndgradient::GradientAxis, "gradientAxis"));
  return exports;
}

NODE_API_MODULE(ndgradient, InitNdgradient)
