// A mutex with one condition to wait for: POSIX threads where there are any, the standard
// library elsewhere. std::condition_variable's wait and notify_all are compiled into libstdc++
// (symbol versions GLIBCXX_3.4.30 and 3.4.11 when built on a current distribution), which an
// older distribution's libstdc++ lacks; pthread's condition variables are in every glibc.
#pragma once

#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#else
#include <condition_variable>
#include <mutex>
#endif

namespace ndgradient {

class Monitor {
 public:
  Monitor() = default;
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

#if defined(__unix__) || defined(__APPLE__)
  ~Monitor() {
    pthread_cond_destroy(&condition_);
    pthread_mutex_destroy(&mutex_);
  }
  void lock() { pthread_mutex_lock(&mutex_); }
  void unlock() { pthread_mutex_unlock(&mutex_); }
  // Called locked: unlocks, waits for a notification, locks again (spurious wake-ups included:
  // callers wait in a loop on their condition).
  void wait() { pthread_cond_wait(&condition_, &mutex_); }
  void notifyAll() { pthread_cond_broadcast(&condition_); }

 private:
  pthread_mutex_t mutex_ = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t condition_ = PTHREAD_COND_INITIALIZER;
#else
  void lock() { mutex_.lock(); }
  void unlock() { mutex_.unlock(); }
  void wait() {
    std::unique_lock<std::mutex> relock(mutex_, std::adopt_lock);
    condition_.wait(relock);
    relock.release();  // still locked, by the caller
  }
  void notifyAll() { condition_.notify_all(); }

 private:
  std::mutex mutex_;
  std::condition_variable condition_;
#endif
};

// Holds a Monitor locked for a scope.
class Locked {
 public:
  explicit Locked(Monitor& monitor) : monitor_(monitor) { monitor_.lock(); }
  ~Locked() { monitor_.unlock(); }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;

 private:
  Monitor& monitor_;
};

}  // namespace ndgradient
