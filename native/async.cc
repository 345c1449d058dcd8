// gradientAsync(): the same checks as gradient(), then the arithmetic on the libuv thread pool,
// so that a large gradient never stalls the event loop.
//
// Lifetime: the worker holds a reference to every argument (input, params, coordinates, outputs)
// until it has finished, so none can be collected while the pool thread reads or writes it. A
// reference keeps a view alive, not its memory: the TypeScript layer (src/pending.ts) hands this
// function only memory that cannot be detached or shrunk while the call is pending (shared,
// marked untransferable, or a copy of its own). The parameters are copied at the call
// (call.cc), so nothing of the JS side is read twice. As a last defence, a view found shorter
// when the work is done rejects the promise instead of claiming results.
//
// Cancellation: an optional last argument, an Int32Array over a SharedArrayBuffer (memory that
// cannot be detached or shrink), holds the call's state: 0 queued, 1 started, 2 cancelled. The
// pool thread moves it from 0 to 1 before it starts; JS (an AbortSignal, src/abort.ts) moves it
// from 0 to 2. Whichever compare-and-swap wins decides: cancelled work never starts and rejects;
// started work runs to its end.
//
// Teardown: when an environment ends (a worker terminated) while work is on the pool, its
// cleanup hook stops queued work from starting and waits for running work to finish, so that no
// pool thread writes into buffers the teardown frees.
#include <napi.h>

#include <atomic>
#include <cstdint>
#include <new>

#include "arguments.h"
#include "call.h"
#include "monitor.h"
#include "parallel.h"

namespace ndgradient {
namespace {

constexpr int kMaxArguments = 2 + 2 * kMaxDims + 1;

// The cancellation states (see above).
constexpr std::int32_t kQueued = 0, kStarted = 1;

// The cancellation flag argument: an Int32Array of at least one element over a SharedArrayBuffer.
// A pending call reads it from the pool thread, so memory that JS could detach (an ArrayBuffer)
// is refused. Runs no JS.
bool readCancelFlag(Napi::Env env, Napi::Value value, std::int32_t** flag) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  napi_value buffer;
  size_t byteOffset = 0;
  bool detachable = true;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, &buffer, &byteOffset) != napi_ok || type != napi_int32_array || length < 1 ||
      napi_is_arraybuffer(env, buffer, &detachable) != napi_ok || detachable) {
    return throwType(env, "the cancellation flag must be an Int32Array of at least one element over a SharedArrayBuffer");
  }
  *flag = static_cast<std::int32_t*>(data);
  return true;
}

// The pool work of one environment. Shared by the environment (instance data and cleanup hook)
// and by each of its workers, so it lives until the last of them lets go. (Counted by hand:
// std::shared_ptr would make the binary require glibc 2.32 for __libc_single_threaded.)
class InFlight {
 public:
  Monitor monitor;  // guards running and closing; notified when running drops
  int running = 0;
  bool closing = false;

  InFlight* acquire() {
    references_.fetch_add(1, std::memory_order_relaxed);
    return this;
  }
  void release() {
    if (references_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  std::atomic<int> references_{1};
};

void waitForWork(void* arg) {
  InFlight* inFlight = static_cast<InFlight*>(arg);
  {
    Locked lock(inFlight->monitor);
    inFlight->closing = true;
    while (inFlight->running != 0) inFlight->monitor.wait();
  }
  inFlight->release();
}

void releaseInFlight(Napi::Env, InFlight* inFlight) { inFlight->release(); }

class GradientWorker : public Napi::AsyncWorker {
 public:
  GradientWorker(Napi::Env env, InFlight* inFlight)
      : Napi::AsyncWorker(env, "ndgradient.gradientAsync"), inFlight_(inFlight->acquire()) {}
  ~GradientWorker() override { inFlight_->release(); }

  Call call;
  std::int32_t* cancelFlag = nullptr;  // the caller's flag, or none

  // References every TypedArray argument for the lifetime of the work, and notes its length.
  void keep(const Napi::CallbackInfo& info) {
    for (size_t i = 0; i < info.Length() && kept_ < kMaxArguments; ++i) {
      if (!info[i].IsTypedArray()) continue;
      lengths_[kept_] = info[i].As<Napi::TypedArray>().ElementLength();
      references_[kept_++] = Napi::Persistent(info[i].As<Napi::Object>());
    }
  }

  // Creates the promise this work settles. Raw Node-API, with its status checked: while a worker
  // is being terminated napi_create_promise fails, and node-addon-api's Promise::Deferred then
  // keeps an uninitialized napi_value that crashed the process when returned to JS.
  bool createPromise(napi_value* promise) { return napi_create_promise(Env(), &deferred_, promise) == napi_ok; }

 protected:
  void Execute() override {
    {
      Locked lock(inFlight_->monitor);
      if (inFlight_->closing) {  // the environment is ending: its buffers may be freed
        skipped_ = true;
        return;
      }
      // Started, unless JS cancelled it first (one atomic decision: see the top of this file).
      std::int32_t queued = kQueued;
      if (cancelFlag != nullptr && !__atomic_compare_exchange_n(cancelFlag, &queued, kStarted, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        cancelled_ = true;
        return;
      }
      ++inFlight_->running;
    }
    if (call.count > 0) status_ = computeGradient(call.request);
    {
      Locked lock(inFlight_->monitor);
      --inFlight_->running;
    }
    inFlight_->monitor.notifyAll();
  }

  // True once the environment is ending: then no promise is settled (no JS may run any more).
  bool ending() {
    Locked lock(inFlight_->monitor);
    return inFlight_->closing;
  }

  void OnOK() override {
    if (ending()) return;
    Napi::Env env = Env();
    if (skipped_) {
      reject(Napi::Error::New(env, "ndgradient: the environment ended before gradientAsync could run"));
      return;
    }
    if (cancelled_) {
      reject(Napi::Error::New(env, "ndgradient: gradientAsync was cancelled before it started; nothing was written"));
      return;
    }
    if (status_ == Status::OutOfMemory) {
      reject(Napi::RangeError::New(env, "ndgradient: cannot allocate the coordinate coefficients"));
      return;
    }
    for (int i = 0; i < kept_; ++i) {
      const size_t now = references_[i].Value().As<Napi::TypedArray>().ElementLength();
      if (lengths_[i] > 0 && now < lengths_[i]) {
        reject(Napi::RangeError::New(env, "ndgradient: an array was detached, transferred or shrunk while gradientAsync was pending; "
                                          "its results are lost (inputs and outputs must stay untouched until the promise settles)"));
        return;
      }
    }
    napi_resolve_deferred(env, deferred_, env.Undefined());
  }

  void OnError(const Napi::Error& error) override {
    if (!ending()) reject(error);
  }

 private:
  void reject(const Napi::Error& error) { napi_reject_deferred(Env(), deferred_, error.Value()); }

  napi_deferred deferred_ = nullptr;
  Napi::ObjectReference references_[kMaxArguments];
  size_t lengths_[kMaxArguments] = {0};
  int kept_ = 0;
  Status status_ = Status::Ok;
  InFlight* inFlight_;
  bool skipped_ = false;
  bool cancelled_ = false;
};

}  // namespace

// Sets up the per-environment bookkeeping of pool work; called once per environment at load.
bool registerAsync(Napi::Env env) {
  InFlight* state = new (std::nothrow) InFlight();  // one reference: the instance data's
  if (state == nullptr) return false;
  env.SetInstanceData<InFlight, releaseInFlight>(state);
  return napi_add_env_cleanup_hook(env, waitForWork, state->acquire()) == napi_ok;
}

// gradientAsync(input, params, ...arrays, cancelFlag?) -> Promise<undefined>; arguments as for
// gradient(), then optionally the cancellation flag (an odd count of arrays: see the top). Invalid
// arguments throw here; the TypeScript layer's async function turns that into a rejection.
Napi::Value GradientAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  InFlight* inFlight = env.GetInstanceData<InFlight>();
  if (inFlight == nullptr) {
    throwRange(env, "gradientAsync is not available in this environment");
    return env.Undefined();
  }
  GradientWorker* worker = new (std::nothrow) GradientWorker(env, inFlight);
  if (worker == nullptr) {
    throwRange(env, "cannot allocate an async task");
    return env.Undefined();
  }
  // Two arrays per axis: an odd count ends with the flag.
  const bool flagged = info.Length() >= 5 && (info.Length() - 2) % 2 == 1;
  const size_t argumentCount = flagged ? info.Length() - 1 : info.Length();
  if (!parseCall(info, argumentCount, &worker->call) || (flagged && !readCancelFlag(env, info[argumentCount], &worker->cancelFlag))) {
    delete worker;
    return env.Undefined();
  }
  worker->keep(info);
  worker->call.request.pool = static_cast<WorkerPool*>(info.Data());
  prepareToCompute(&worker->call);
  napi_value promise;
  if (!worker->createPromise(&promise)) {  // the environment is ending (or out of memory)
    delete worker;
    if (!env.IsExceptionPending()) throwRange(env, "cannot create a promise (is this environment ending?)");
    return env.Undefined();
  }
  worker->Queue();  // the worker deletes itself when done
  return Napi::Value(env, promise);
}

}  // namespace ndgradient
