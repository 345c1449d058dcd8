// The Node-API binding: gradient() computes on the calling thread, gradientAsync() on the libuv
// pool (async.cc). Both parse and check their arguments the same way (call.cc). gradientVector()
// is the lean entry of gradient(typedArray) alone (vector.cc). resultMemory() lends large
// results memory that earlier results no longer need (recycle.cc).
#include <napi.h>

#include "arguments.h"
#include "call.h"
#include "kernels.h"
#include "parallel.h"

namespace ndgradient {

Napi::Value GradientAsync(const Napi::CallbackInfo& info);  // async.cc
bool registerAsync(Napi::Env env);                          // async.cc
Napi::Value GradientVector(const Napi::CallbackInfo& info);  // vector.cc
bool registerResultMemory(Napi::Env env, Napi::Object exports);  // recycle.cc

namespace {

// gradient(input, params, ...arrays) -> undefined
//   input   the array's TypedArray
//   params  Float64Array (a reused scratch buffer: only its first `count` values are read),
//           laid out as layout.h says
//   arrays  per axis k: the coordinates (kind 3; else anything) and the output TypedArray
// Arguments are plain values: reading them runs no JS, so no buffer can be detached or resized
// between the checks and the writes.
Napi::Value Gradient(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Call call;
  REQUIRE(parseCall(info, info.Length(), &call));
  if (call.count == 0) return env.Undefined();
  call.request.pool = static_cast<WorkerPool*>(info.Data());
  prepareToCompute(&call);
  if (computeGradient(call.request) == Status::OutOfMemory) {
    throwRange(env, "cannot allocate the coordinate coefficients");
  }
  return env.Undefined();
}

// The environment's kept threads (pool.h), or null where they cannot be set up (every call then
// creates its own). Its cleanup hook is added first, so it runs last: after async.cc's has seen
// the environment's pool work finish, so no call is using the threads when they are joined.
WorkerPool* createPool(Napi::Env env) {
  WorkerPool* pool = new (std::nothrow) WorkerPool();
  if (pool == nullptr) return nullptr;
  const auto stop = [](void* data) {
    WorkerPool* kept = static_cast<WorkerPool*>(data);
    kept->stop();
    delete kept;
  };
  if (napi_add_env_cleanup_hook(env, stop, pool) != napi_ok) {
    delete pool;
    return nullptr;
  }
  return pool;
}

}  // namespace
}  // namespace ndgradient

// Context-aware registration (NODE_API_MODULE): the only state is per environment (the pool work
// in flight, async.cc), so the addon loads in any number of threads and environments at once.
static Napi::Object InitNdgradient(Napi::Env env, Napi::Object exports) {
  ndgradient::WorkerPool* pool = ndgradient::createPool(env);
  exports.Set("gradient", Napi::Function::New(env, ndgradient::Gradient, "gradient", pool));
  exports.Set("gradientVector", Napi::Function::New(env, ndgradient::GradientVector, "gradientVector", pool));
  // Which kernel set computes (kernels.h): "avx2", or "baseline" (no AVX2, or NDGRADIENT_KERNELS=baseline).
  exports.Set("kernels", Napi::String::New(env, ndgradient::wideKernels() ? "avx2" : "baseline"));
  // How many threads an automatic call may use here (parallel.h): affinity and cgroup quota.
  exports.Set("processors", Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
                return Napi::Number::New(info.Env(), ndgradient::processorCount());
              }, "processors"));
  // Result memory used again once JS has collected the result (recycle.cc); absent if it cannot be
  // set up. Registered before registerAsync: cleanup hooks run in reverse order, so async.cc's
  // waitForWork has seen a terminated worker's pool work finish before the cache unmaps regions.
  ndgradient::registerResultMemory(env, exports);
  if (ndgradient::registerAsync(env)) {
    exports.Set("gradientAsync", Napi::Function::New(env, ndgradient::GradientAsync, "gradientAsync", pool));
  }
  return exports;
}

NODE_API_MODULE(ndgradient, InitNdgradient)
