// Cross-architecture check of the pure C++ kernels (no Node-API): computes a fixed set of
// gradients — float64 and float32, uniform and coordinate spacing, edge orders 1 and 2, lanes and
// rows of a strided 2-d view, one thread and two — and prints an FNV-1a hash of each result's
// bytes. The x86-64 build and the arm64 build (run under qemu-user) must print the same lines:
// test/cross/run.sh compares them. arm64 always has FMA, so this is where -ffp-contract=off shows.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "../../native/gradient.h"

using namespace ndgradient;

static std::uint64_t fnv1a(const void* data, std::size_t bytes) {
  const unsigned char* p = static_cast<const unsigned char*>(data);
  std::uint64_t hash = 1469598103934665603ull;
  for (std::size_t i = 0; i < bytes; ++i) hash = (hash ^ p[i]) * 1099511628211ull;
  return hash;
}

static std::uint64_t state = 88172645463325252ull;
static double next() {  // xorshift64: the same sequence on every architecture
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return static_cast<double>(state >> 11) / 9007199254740992.0 * 20.0 - 10.0;
}

template <typename T>
static void run(const char* name, DType dtype, int axis, int edgeOrder, int accuracy, bool ghosts, bool coordinates, ScalarKind kind,
                int threads) {
  const index_t rows = 64, cols = 96;
  std::vector<T> input(rows * cols);
  for (auto& v : input) v = static_cast<T>(next());
  std::vector<double> x(axis == 0 ? rows : cols);
  double at = 0;
  for (auto& v : x) v = (at += 0.1 + (next() + 10.0) / 20.0);
  std::vector<T> output(rows * cols);
  index_t shape[2] = {rows, cols}, strides[2] = {cols, 1}, outStrides[2] = {cols, 1};
  GradientRequest r;
  std::memset(static_cast<void*>(&r), 0, sizeof r);
  r.dtype = dtype;
  r.input = input.data();
  r.in = View{2, shape, strides, 0};
  r.edgeOrder = edgeOrder;
  r.accuracy = accuracy;
  r.threads = threads;
  r.axisCount = 1;
  r.axes[0].axis = axis;
  r.axes[0].spacing = Spacing{0.3, kind, coordinates ? x.data() : nullptr, CoordinateType::Float64};
  if (ghosts) {  // a constant beyond the left end, a reflection beyond the right
    r.axes[0].left = End{Boundary::Constant, 1.5};
    r.axes[0].right = End{Boundary::Reflect, 0.0};
  }
  r.axes[0].output = output.data();
  r.axes[0].out = View{2, shape, outStrides, 0};
  computeGradient(r);
  std::printf("%s axis %d eo%d accuracy %d%s %s threads %d: %016llx\n", name, axis, edgeOrder, accuracy, ghosts ? " ghosts" : "",
              coordinates ? "coordinates" : "step 0.3", threads, static_cast<unsigned long long>(fnv1a(output.data(), output.size() * sizeof(T))));
}

int main() {
  for (int axis = 0; axis < 2; ++axis) {
    // numpy's edge orders at accuracy 2, then the higher orders with numpy's ends and with ghosts.
    const int forms[][3] = {{1, 2, 0}, {2, 2, 0}, {1, 2, 1}, {1, 4, 0}, {1, 6, 1}, {1, 8, 0}, {1, 8, 1}};
    for (const auto& form : forms) {
      for (bool coordinates : {false, true}) {
        for (int threads : {1, 2}) {
          const int eo = form[0], accuracy = form[1];
          const bool ghosts = form[2] != 0;
          run<double>("float64", DType::Float64, axis, eo, accuracy, ghosts, coordinates, ScalarKind::Weak, threads);
          run<float>("float32 weak", DType::Float32, axis, eo, accuracy, ghosts, coordinates, ScalarKind::Weak, threads);
          run<float>("float32 strong", DType::Float32, axis, eo, accuracy, ghosts, coordinates, ScalarKind::Float64, threads);
        }
      }
    }
  }
  return 0;
}
