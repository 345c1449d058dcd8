// Threads kept for the calls of one environment: created by the first call that wants them,
// asleep between calls, joined when the environment ends (addon.cc). Creating a thread per call
// cost more than a mid-size gradient: 45-90 µs a thread on the 2-vCPU VMs we measured, against
// 69 µs for 300 000 float64 on one thread, and a call on a 64-core server would create 63 of
// them one after another before its work could start. Woken, a kept thread starts in a few µs.
//
// One call has the pool at a time. Another call that wants threads meanwhile (gradientAsync on
// a libuv thread while the JS thread computes, or two of them) is told so and creates its own, as
// every call did before (parallel.h). The pool is per environment, like everything in the addon:
// a worker thread's calls use its own, and its threads end with it.
#pragma once

#include <cstdint>

#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#define NDGRADIENT_POOL 1
#endif

namespace ndgradient {

class WorkerPool {
 public:
  using Job = void (*)(void*);
  static constexpr int kMaxHelpers = 64;

#ifdef NDGRADIENT_POOL
  // Runs job(data) on this thread and on up to `helpers` kept threads (fewer where the system
  // would not create more), and returns once every one of them has returned from it. False,
  // having run nothing, while another call has the pool or the environment is ending.
  bool run(int helpers, Job job, void* data) {
    if (helpers > kMaxHelpers) helpers = kMaxHelpers;
    pthread_mutex_lock(&mutex_);
    if (busy_ || stopping_) {
      pthread_mutex_unlock(&mutex_);
      return false;
    }
    busy_ = true;
    while (started_ < helpers) {
      Helper& helper = helpers_[started_];
      helper.pool = this;
      helper.index = started_;
      helper.seen = generation_;  // it takes part from the job published below
      if (pthread_create(&helper.id, nullptr, &Helper::loop, &helper) != 0) break;
      ++started_;
    }
    job_ = job;
    data_ = data;
    wanted_ = helpers < started_ ? helpers : started_;
    working_ = wanted_;
    ++generation_;
    if (wanted_ > 0) pthread_cond_broadcast(&wake_);
    pthread_mutex_unlock(&mutex_);
    job(data);
    pthread_mutex_lock(&mutex_);
    while (working_ > 0) pthread_cond_wait(&done_, &mutex_);
    busy_ = false;
    pthread_mutex_unlock(&mutex_);
    return true;
  }

  // Wakes the kept threads to end, and joins them. The environment's cleanup: no call is running.
  void stop() {
    pthread_mutex_lock(&mutex_);
    stopping_ = true;
    pthread_cond_broadcast(&wake_);
    pthread_mutex_unlock(&mutex_);
    for (int i = 0; i < started_; ++i) pthread_join(helpers_[i].id, nullptr);
    started_ = 0;
  }

 private:
  struct Helper {
    WorkerPool* pool;
    int index;          // takes part in a job whose wanted_ exceeds it
    std::uint64_t seen;  // the last generation it took part in (or was created before)
    pthread_t id;

    static void* loop(void* self) {
      Helper* helper = static_cast<Helper*>(self);
      WorkerPool* pool = helper->pool;
      pthread_mutex_lock(&pool->mutex_);
      for (;;) {
        while (!pool->stopping_ && (pool->generation_ == helper->seen || helper->index >= pool->wanted_)) {
          pthread_cond_wait(&pool->wake_, &pool->mutex_);
        }
        if (pool->stopping_) break;
        helper->seen = pool->generation_;
        const Job job = pool->job_;
        void* data = pool->data_;
        pthread_mutex_unlock(&pool->mutex_);
        job(data);
        pthread_mutex_lock(&pool->mutex_);
        if (--pool->working_ == 0) pthread_cond_signal(&pool->done_);
      }
      pthread_mutex_unlock(&pool->mutex_);
      return nullptr;
    }
  };

  // All guarded by mutex_.
  pthread_mutex_t mutex_ = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t wake_ = PTHREAD_COND_INITIALIZER;  // a job is published, or the pool stops
  pthread_cond_t done_ = PTHREAD_COND_INITIALIZER;  // the last helper of a job has finished
  Helper helpers_[kMaxHelpers];
  int started_ = 0;
  Job job_ = nullptr;
  void* data_ = nullptr;
  std::uint64_t generation_ = 0;  // jobs published so far (64 bits: a helper left out of 2^32 jobs
                                  // in a row must not see its last one come round again)
  int wanted_ = 0;           // helpers taking part in the current job
  int working_ = 0;          // of those, the ones still in it
  bool busy_ = false;
  bool stopping_ = false;
#else
  bool run(int, Job, void*) { return false; }
  void stop() {}
#endif
};

}  // namespace ndgradient
