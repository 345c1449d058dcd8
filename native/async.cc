// gradientAsync(): the same checks as gradient(), then the arithmetic on the libuv thread pool,
// so that a large gradient never stalls the event loop.
//
// Lifetime: the worker holds a reference to every argument (input, params, coordinates, outputs)
// until it has finished, so none can be collected while the pool thread reads or writes it. A
// reference keeps a view alive, not its bytes: a buffer transferred or shrunk while the call is
// pending is a caller's error (README). Where it can be seen afterwards — a view now of length 0 —
// the promise rejects instead of claiming results.
#include <napi.h>

#include <new>

#include "arguments.h"
#include "call.h"

namespace ndgradient {
namespace {

constexpr int kMaxArguments = 2 + 2 * kMaxDims;

class GradientWorker : public Napi::AsyncWorker {
 public:
  explicit GradientWorker(Napi::Env env)
      : Napi::AsyncWorker(env, "ndgradient.gradientAsync"), deferred_(Napi::Promise::Deferred::New(env)) {}

  Call call;

  // References every TypedArray argument for the lifetime of the work, and notes its length.
  void keep(const Napi::CallbackInfo& info) {
    for (size_t i = 0; i < info.Length() && kept_ < kMaxArguments; ++i) {
      if (!info[i].IsTypedArray()) continue;
      lengths_[kept_] = info[i].As<Napi::TypedArray>().ElementLength();
      references_[kept_++] = Napi::Persistent(info[i].As<Napi::Object>());
    }
  }

  Napi::Promise promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    if (call.count > 0) status_ = computeGradient(call.request);
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (status_ == Status::OutOfMemory) {
      deferred_.Reject(Napi::RangeError::New(env, "ndgradient: cannot allocate the coordinate coefficients").Value());
      return;
    }
    for (int i = 0; i < kept_; ++i) {
      const size_t now = references_[i].Value().As<Napi::TypedArray>().ElementLength();
      if (lengths_[i] > 0 && now < lengths_[i]) {
        deferred_.Reject(Napi::RangeError::New(env, "ndgradient: an array was detached, transferred or shrunk while gradientAsync was pending; "
                                                   "its results are lost (inputs and outputs must stay untouched until the promise settles)")
                             .Value());
        return;
      }
    }
    deferred_.Resolve(env.Undefined());
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference references_[kMaxArguments];
  size_t lengths_[kMaxArguments] = {0};
  int kept_ = 0;
  Status status_ = Status::Ok;
};

}  // namespace

// gradientAsync(input, params, ...arrays) -> Promise<undefined>; arguments as for gradient().
// Invalid arguments throw here; the TypeScript layer's async function turns that into a rejection.
Napi::Value GradientAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  GradientWorker* worker = new (std::nothrow) GradientWorker(env);
  if (worker == nullptr) {
    throwRange(env, "cannot allocate an async task");
    return env.Undefined();
  }
  if (!parseCall(info, &worker->call)) {
    delete worker;
    return env.Undefined();
  }
  worker->keep(info);
  prepareToCompute(&worker->call);
  Napi::Promise promise = worker->promise();
  worker->Queue();  // the worker deletes itself when done
  return promise;
}

}  // namespace ndgradient
