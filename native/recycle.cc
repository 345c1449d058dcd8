// Result memory used again: the memory of a large result that JS has collected backs the next
// result of the same size, so that a steady loop of allocating calls does not fault in (and the
// kernel does not zero) fresh pages on every call. A fresh page costs more than the arithmetic
// written into it (memory.h); a warm one costs nothing.
//
// A result's ArrayBuffer is external memory whose finaliser hands its region back to the
// environment's cache. Node runs finalisers on the JS thread after the collection (on Node 20,
// only once the event loop turns), so a loop that never yields gets nothing back: every bound
// below is on bytes, not on calls, and once a bound is reached the caller takes an ordinary
// fresh buffer (src/pool.ts). Where a runtime refuses external buffers (Electron), this
// environment asks no more and every result is ordinary.
//
// Bounds, per environment: leased and cached regions total at most kMaxBytes; a new region is
// mapped only while the regions leased since the event loop last turned total at most
// kMaxLeased, so a loop that never yields soon takes ordinary buffers, which V8 frees as it
// collects (src/pool.ts says when the loop turns: resultMemory(-1)); the cache holds at most
// kMaxRegions regions. (The second bound counts from the last turn, not over every region still
// out: results come back a call or two after they are dropped, once V8 has collected them and
// the loop turned again, so a loop of 3-d 256³ calls, three 128 MiB results each, has three
// calls' results out at a time. Bounded over every region out, at 512 MiB, every other call of
// that loop got ordinary memory and paid its page faults, 30-50 ms against 17.) A region is
// reused for a result that fills at least half of it. V8 collects when external memory has grown by some tens of MiB, so
// a loop of 800 KB results gets its regions back some 80 calls later: the cache must hold that
// many. Memory nobody asks for is given back: resultMemory(0), which src/pool.ts calls every
// second while anything is cached, unmaps each region that no lease it could serve asked for since
// the last such call (region by region: a trickle of small calls must not keep a burst's large
// regions mapped, while a loop keeps the spare regions of its sizes that it needs now and then).
//
// Teardown: Node finalises an environment's live external buffers in its cleanup, before this
// file's hook (registered earlier, run later); those regions go to the cache, which the hook
// unmaps. Node lets pending async work finish before any cleanup hook runs, and async.cc's hook,
// which runs before this one (addon.cc), waits for it too: no pool thread writes an unmapped region.
//
// Everything here runs on the environment's JS thread: the calls, the finalisers and the cleanup
// hook. The state is shared by the environment (until its cleanup hook) and by each leased
// region (until its finaliser), and freed by the last of them. (Counted by hand: std::shared_ptr
// would make the binary require glibc 2.32, see async.cc.)
#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <new>

#include "memory.h"

#if defined(__linux__)
#include <sys/mman.h>
#else
#include <cstdlib>
#endif

namespace ndgradient {
namespace {

// A 256³ float64 gradient has three 128 MiB results, and a loop of them has three calls' results
// out at a time (see above): 1152 MiB, with room to spare for results of other sizes.
constexpr std::size_t kMaxBytes = std::size_t(1536) << 20;  // leased and cached
constexpr std::size_t kMaxLeased = std::size_t(512) << 20;  // leased since the event loop last turned
static_assert(kMaxLeased < kMaxBytes, "a loop that never yields reaches kMaxLeased first");
constexpr int kMaxRegions = 128;
constexpr std::size_t kPage = 4096;

// Memory of its own for a region: mapped pages, 2 MiB-aligned when large enough for huge pages.
void* mapRegion(std::size_t bytes) {
#if defined(__linux__)
  if (bytes < 2 * kHugePage) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? nullptr : p;
  }
  // Map a huge page more, then unmap the unaligned head and the tail beyond the region.
  const std::size_t mapped = bytes + kHugePage;
  void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  const std::uintptr_t start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > start) munmap(p, aligned - start);
  const std::uintptr_t end = aligned + bytes, mappedEnd = start + mapped;
  if (mappedEnd > end) munmap(reinterpret_cast<void*>(end), mappedEnd - end);
  return reinterpret_cast<void*>(aligned);
#else
  return std::malloc(bytes);
#endif
}

void unmapRegion(void* data, std::size_t bytes) {
#if defined(__linux__)
  munmap(data, bytes);
#else
  (void)bytes;
  std::free(data);
#endif
}

struct Region {
  void* data = nullptr;
  std::size_t bytes = 0;
  bool idle = false;  // cached, and no lease it could serve since the last trim
};

class ResultCache {
 public:
  ResultCache* acquire() {
    ++references_;
    return this;
  }
  void release() {
    if (--references_ == 0) delete this;
  }

  // A region of at least `bytes` for a result: a cached one it fills at least half of, else a
  // new one within the bound; {nullptr, 0} where the bound is reached or memory is short.
  Region lease(std::size_t bytes) {
    int best = -1;
    for (int i = 0; i < cachedCount_; ++i) {
      const std::size_t size = cached_[i].bytes;
      if (size < bytes || size / 2 > bytes) continue;
      cached_[i].idle = false;  // asked for: a spare that a loop of these sizes still needs now and then
      if (best < 0 || size < cached_[best].bytes) best = i;
    }
    Region region;
    if (best >= 0) {
      region = cached_[best];
      removeCached(best);
    } else {
      const std::size_t size = (bytes + kPage - 1) & ~(kPage - 1);
      if (leasedSinceTurn_ + size > kMaxLeased || leasedBytes_ + size > kMaxBytes) return Region{};
      // Make room: drop cached regions, oldest first, until the new one fits the bound (it does
      // once the cache is empty, as checked above).
      while (cachedCount_ > 0 && leasedBytes_ + cachedBytes_ + size > kMaxBytes) {
        unmapRegion(cached_[0].data, cached_[0].bytes);
        removeCached(0);
      }
      region.data = mapRegion(size);
      if (region.data == nullptr) return Region{};
      region.bytes = size;
    }
    leasedBytes_ += region.bytes;
    leasedSinceTurn_ += region.bytes;
    return region;
  }

  // Unmaps the regions no lease asked for since the last call (one of their sizes) and marks the
  // others, which the next call unmaps unless a lease asks for them first; true while something
  // is cached or leased (a leased region comes back to the cache later, to be trimmed then).
  bool trim() {
    for (int i = 0; i < cachedCount_;) {
      if (cached_[i].idle) {
        unmapRegion(cached_[i].data, cached_[i].bytes);
        removeCached(i);
      } else {
        cached_[i++].idle = true;
      }
    }
    return cachedCount_ > 0 || leasedBytes_ > 0;
  }

  // A leased region is free again: cached while the environment lives and there is room, else unmapped.
  void giveBack(Region region) {
    leasedBytes_ -= region.bytes;
    if (closed_) {
      unmapRegion(region.data, region.bytes);
      return;
    }
    if (cachedCount_ == kMaxRegions) {
      unmapRegion(cached_[0].data, cached_[0].bytes);
      removeCached(0);
    }
    region.idle = false;
    cached_[cachedCount_++] = region;
    cachedBytes_ += region.bytes;
  }

  // The event loop has turned: finalisers can run again, so a loop that yields may lease anew.
  void turned() { leasedSinceTurn_ = 0; }

  // The environment ends: cached regions are unmapped now, leased ones by their finalisers.
  void close() {
    closed_ = true;
    dropCached();
  }

  bool externalRefused = false;

 private:
  ~ResultCache() = default;

  void dropCached() {
    while (cachedCount_ > 0) {
      unmapRegion(cached_[0].data, cached_[0].bytes);
      removeCached(0);
    }
  }

  void removeCached(int i) {
    cachedBytes_ -= cached_[i].bytes;
    for (int j = i + 1; j < cachedCount_; ++j) cached_[j - 1] = cached_[j];
    --cachedCount_;
  }

  Region cached_[kMaxRegions];
  int cachedCount_ = 0;
  std::size_t cachedBytes_ = 0, leasedBytes_ = 0;
  std::size_t leasedSinceTurn_ = 0;  // leased since the event loop last turned (kMaxLeased)
  int references_ = 1;  // the environment's
  bool closed_ = false;
};

// What a leased result's finaliser needs: its region and the cache to return it to.
struct Lease {
  ResultCache* cache;
  Region region;
};

void returnLease(napi_env, void*, void* hint) {
  Lease* lease = static_cast<Lease*>(hint);
  lease->cache->giveBack(lease->region);
  lease->cache->release();
  delete lease;
}

void closeCache(void* data) {
  ResultCache* cache = static_cast<ResultCache*>(data);
  cache->close();
  cache->release();
}

// resultMemory(bytes) -> ArrayBuffer | undefined
//   bytes  the result's size in bytes, a positive integer
// An ArrayBuffer of exactly `bytes`, over a region that may hold an earlier result's values (the
// caller writes every element before JS sees it), or undefined: take an ordinary buffer.
// resultMemory(0) -> boolean trims the cache (see the top): true while something stays cached
// or leased, so that the caller trims again. resultMemory(-1) -> undefined says that the event
// loop has turned since the last lease.
Napi::Value ResultMemory(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ResultCache* cache = static_cast<ResultCache*>(info.Data());
  if (info.Length() < 1 || !info[0].IsNumber()) return env.Undefined();
  const double requested = info[0].As<Napi::Number>().DoubleValue();
  if (requested == 0) return Napi::Boolean::New(env, cache->trim());
  if (requested == -1) {
    cache->turned();
    return env.Undefined();
  }
  if (cache->externalRefused) return env.Undefined();
  if (!(requested >= 1 && requested <= static_cast<double>(kMaxBytes))) return env.Undefined();
  const std::size_t bytes = static_cast<std::size_t>(requested);
  Lease* lease = new (std::nothrow) Lease{cache, cache->lease(bytes)};
  if (lease == nullptr) return env.Undefined();
  if (lease->region.data == nullptr) {
    delete lease;
    return env.Undefined();
  }
  cache->acquire();
  napi_value buffer;
  const napi_status status = napi_create_external_arraybuffer(env, lease->region.data, bytes, returnLease, lease, &buffer);
  if (status == napi_no_external_buffers_allowed) {
    // Refused before anything was made (Electron's V8 memory cage): no more asking here.
    cache->externalRefused = true;
    returnLease(env, nullptr, lease);
    return env.Undefined();
  }
  if (status != napi_ok) {
    // Node may have registered the finaliser before the failure (the environment terminating):
    // the lease stays its to return, or is leaked, never returned twice.
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
    return env.Undefined();
  }
  return Napi::Value(env, buffer);
}

}  // namespace

// Adds resultMemory to the exports, with this environment's cache.
bool registerResultMemory(Napi::Env env, Napi::Object exports) {
  ResultCache* cache = new (std::nothrow) ResultCache();
  if (cache == nullptr) return false;
  if (napi_add_env_cleanup_hook(env, closeCache, cache) != napi_ok) {
    cache->release();
    return false;
  }
  exports.Set("resultMemory", Napi::Function::New(env, ResultMemory, "resultMemory", cache));
  return true;
}

}  // namespace ndgradient
