// The commonest call, gradient(typedArray): a 1-d array, unit spacing, numpy's default ends,
// into an output of its own length. Its own entry point because a small call is mostly overhead:
// the general one (call.cc) reads a third TypedArray of packed parameters and checks each of
// them (a 16-element call took 0.42 µs through it, 0.26 µs through this one, here). The request it builds is the one
// the general path builds for the same call (src/gradient.ts createFastPath), so the results are
// the same bits; every check the kernels rely on is made here again.
#include <napi.h>

#include <cstdint>
#include <string>

#include "arguments.h"
#include "memory.h"
#include "parallel.h"

namespace ndgradient {

// gradientVector(input, output[, fresh]) -> undefined
//   input   a numeric TypedArray of at least 2 elements (numpy's edge order 1 needs 2)
//   output  a Float32Array for a Float32Array input, else a Float64Array; the input's length,
//           sharing no byte with it
//   fresh   true where output is new memory (huge pages are advised before its first write);
//           read only for an output large enough to be advised
Napi::Value GradientVector(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2) {
    throwType(env, "gradientVector expects (input, output[, fresh])");
    return env.Undefined();
  }
  TypedArrayInfo input, output;
  REQUIRE(readTypedArray(env, info[0], "input", &input));
  REQUIRE(readTypedArray(env, info[1], "output", &output));
  GradientRequest r;
  if (!dtypeOf(input.type, &r.dtype)) {
    throwType(env, "input must be a numeric TypedArray");
    return env.Undefined();
  }
  const bool float32 = r.dtype == DType::Float32;
  if (output.type != (float32 ? napi_float32_array : napi_float64_array)) {
    throwType(env, std::string("output must be a ") + (float32 ? "Float32Array" : "Float64Array") + " for " + dtypeName(r.dtype) + " input");
    return env.Undefined();
  }
  const index_t n = input.length;
  // A detached input reports length 0, and is refused here like any other short one.
  if (n < 2) {
    throwRange(env, kTooShortForEdgeOrder);
    return env.Undefined();
  }
  if (output.length != n) {
    throwRange(env, "output must have the input's " + std::to_string(n) + " elements, got " + std::to_string(output.length));
    return env.Undefined();
  }
  const size_t inputBytes = static_cast<size_t>(n) * elementSize(r.dtype), outputBytes = static_cast<size_t>(n) * (float32 ? 4 : 8);
  const std::uintptr_t in = reinterpret_cast<std::uintptr_t>(input.data), out = reinterpret_cast<std::uintptr_t>(output.data);
  if (overlap(Span{in, in + inputBytes - 1}, Span{out, out + outputBytes - 1})) {
    throwRange(env, "output must not overlap the input");
    return env.Undefined();
  }
  if (outputBytes >= 2 * kHugePage && info.Length() > 2 && info[2].IsBoolean() && info[2].As<Napi::Boolean>().Value()) {
    adviseHugePages(output.data, outputBytes);
  }

  const index_t shape[1] = {n};
  const index_t strides[1] = {1};
  r.input = input.data;
  r.in = View{1, shape, strides, 0};
  r.chunk = Chunk{-1, 0, 0, 0, 0};
  r.edgeOrder = 1;
  r.accuracy = 2;
  r.threads = threadCount(0, n);
  r.pool = static_cast<WorkerPool*>(info.Data());
  r.axisCount = 1;
  AxisRequest& axis = r.axes[0];
  axis.axis = 0;
  axis.spacing = Spacing{1.0, ScalarKind::Weak, nullptr, CoordinateType::Float64};  // a Python float 1.0
  axis.left = End{Boundary::Numpy, 0.0};
  axis.right = End{Boundary::Numpy, 0.0};
  axis.period = 0.0;
  axis.output = output.data;
  axis.out = View{1, shape, strides, 0};
  if (computeGradient(r) == Status::OutOfMemory) throwRange(env, "cannot allocate the coordinate coefficients");  // not for a step
  return env.Undefined();
}

}  // namespace ndgradient
