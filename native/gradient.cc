// One axis at a time: coefficients from the spacing, then the walk (walk.h) split over threads,
// each element computed by a row kernel (kernels.h) exactly as numpy computes it.
#include "gradient.h"

#include <cstdint>
#include <new>

#include "coefficients.h"
#include "kernels.h"
#include "parallel.h"
#include "walk.h"

namespace ndgradient {
namespace {

// Below this many elements per thread, starting a thread costs more than it saves.
constexpr index_t kElementsPerThread = index_t(1) << 17;

// One axis of one call. T: input element, O: output element, C: coefficient type.
template <typename T, typename O, typename C>
class AxisRun {
 public:
  using A = typename Promote<typename Compute<T>::type, C>::type;

  AxisRun(const T* x, O* y, const AxisGeometry& g, const Edges<C>& edges)
      : x_(x), y_(y), g_(g), edges_(edges),
        left_(makeDivisor(static_cast<A>(edges.left[0]))),
        right_(makeDivisor(static_cast<A>(edges.right[0]))) {}

  void setUniform(C twoH) {
    uniform_ = true;
    interior_ = makeDivisor(static_cast<A>(twoH));
  }
  void setCoordinates(const C* coordinates, const PrecomputedCoefficients<C>* precomputed) {
    coordinates_ = coordinates;
    precomputed_ = precomputed;
  }

  // Work items: rows × blocks × axis positions, or lanes, or the points of a single lane.
  index_t items() const {
    if (g_.rows) return g_.outerSize * g_.blocks * g_.n;
    return g_.outerSize > 1 ? g_.outerSize : g_.n;
  }

  void run(index_t begin, index_t end) const {
    if (g_.rows) {
      for (index_t item = begin; item < end; ++item) {
        const index_t i = item % g_.n;
        const index_t block = (item / g_.n) % g_.blocks;
        index_t ox, oy;
        g_.outerOffsets(item / g_.n / g_.blocks, &ox, &oy);
        const index_t first = block * kRowBlock;
        const index_t width = g_.row.length - first < kRowBlock ? g_.row.length - first : kRowBlock;
        row(i, width, ox + first * g_.row.strideX, oy + first * g_.row.strideY, g_.row.strideX, g_.row.strideY);
      }
    } else if (g_.outerSize > 1) {
      for (index_t lane = begin; lane < end; ++lane) {
        index_t ox, oy;
        g_.outerOffsets(lane, &ox, &oy);
        segment(0, g_.n, ox, oy);
      }
    } else {
      segment(begin, end, g_.offsetX, g_.offsetY);
    }
  }

 private:
  // The formula at axis position i, across `width` elements from offsets (ox, oy) in steps
  // (sx, sy): a row of another dimension, or (width 1) a single element of a lane.
  void row(index_t i, index_t width, index_t ox, index_t oy, index_t sx, index_t sy) const {
    const index_t n = g_.n, ax = g_.strideX;
    const T* base = x_ + ox;
    O* y = y_ + oy + i * g_.strideY;
    if (i == 0) {
      if (edges_.order == 1) {
        differenceRow(width, base, base + ax, sx, y, sy, left_);  // (f[1] - f[0]) / dx0
      } else {
        combinationRow(width, base, base + ax, base + 2 * ax, sx, y, sy, A(edges_.left[0]), A(edges_.left[1]), A(edges_.left[2]));
      }
    } else if (i == n - 1) {
      if (edges_.order == 1) {
        differenceRow(width, base + (n - 2) * ax, base + (n - 1) * ax, sx, y, sy, right_);  // (f[n-1] - f[n-2]) / dx
      } else {
        combinationRow(width, base + (n - 3) * ax, base + (n - 2) * ax, base + (n - 1) * ax, sx, y, sy,
                       A(edges_.right[0]), A(edges_.right[1]), A(edges_.right[2]));
      }
    } else if (uniform_) {
      differenceRow(width, base + (i - 1) * ax, base + (i + 1) * ax, sx, y, sy, interior_);  // (f[i+1] - f[i-1]) / (2h)
    } else {
      C a, b, c;
      interiorCoefficients(coordinates_, i, a, b, c);
      combinationRow(width, base + (i - 1) * ax, base + i * ax, base + (i + 1) * ax, sx, y, sy, A(a), A(b), A(c));
    }
  }

  // Points [begin, end) of the lane that starts at (ox, oy).
  void segment(index_t begin, index_t end, index_t ox, index_t oy) const {
    const index_t n = g_.n, ax = g_.strideX, ay = g_.strideY;
    const index_t first = begin > 1 ? begin : 1;
    const index_t last = end < n - 1 ? end : n - 1;
    if (begin == 0) row(0, 1, ox, oy, 1, 1);
    if (first < last) {
      if (uniform_) {
        differenceRow(last - first, x_ + ox + (first - 1) * ax, x_ + ox + (first + 1) * ax, ax, y_ + oy + first * ay, ay, interior_);
      } else if (precomputed_ != nullptr) {
        coordinateLane<T, O, A>(first, last, x_ + ox, ax, y_ + oy, ay, *precomputed_, wide_);
      } else {
        coordinateLane<T, O, A>(first, last, x_ + ox, ax, y_ + oy, ay, CoefficientsOnTheFly<C>{coordinates_}, wide_);
      }
    }
    if (end == n) row(n - 1, 1, ox, oy, 1, 1);
  }

  const T* x_;
  O* y_;
  const AxisGeometry& g_;  // runAxis's: a reference, not a 1.6 KB copy per axis
  Edges<C> edges_;
  Divisor<A> left_, right_;
  bool uniform_ = false;
  Divisor<A> interior_{};
  const C* coordinates_ = nullptr;
  const PrecomputedCoefficients<C>* precomputed_ = nullptr;
  bool wide_ = wideKernels();
};

// What an axis needs before any output is written: numpy's uniform detection on its
// coordinates, and the coefficients its lanes share (the only allocation of a call).
struct PreparedAxis {
  bool uniform = true;  // scalar path: spacing.step, or the detected step of uniform coordinates
  double step = 0.0;
  PrecomputedCoefficients<double> shared64;
  PrecomputedCoefficients<float> shared32;
  bool shared = false;
};

// The prepared axes of one call, constructed for the requested axes only: constructing and
// destroying kMaxDims of them cost a small call about a quarter of its native time.
class PreparedAxes {
 public:
  explicit PreparedAxes(int count) : count_(count) {
    for (int k = 0; k < count; ++k) new (storage_ + k * sizeof(PreparedAxis)) PreparedAxis();
  }
  ~PreparedAxes() {
    for (int k = 0; k < count_; ++k) (*this)[k].~PreparedAxis();
  }
  PreparedAxes(const PreparedAxes&) = delete;
  PreparedAxes& operator=(const PreparedAxes&) = delete;

  PreparedAxis& operator[](int k) { return *std::launder(reinterpret_cast<PreparedAxis*>(storage_ + k * sizeof(PreparedAxis))); }

 private:
  int count_;
  alignas(PreparedAxis) unsigned char storage_[kMaxDims * sizeof(PreparedAxis)];
};

template <typename C>
bool prepareCoordinates(const AxisGeometry& g, const C* x, PrecomputedCoefficients<C>* shared, PreparedAxis* prepared) {
  C step;
  if (coordinatesAreUniform(g.n, x, &step)) {
    // numpy then takes the scalar path with h = diff[0], a strong scalar of the coordinates' type.
    prepared->step = static_cast<double>(step);
    return true;
  }
  prepared->uniform = false;
  // Lanes of an N-d array share one set of coefficients; rows and a single lane compute each
  // point's coefficients once anyway.
  prepared->shared = !g.rows && g.outerSize > 1;
  return !prepared->shared || shared->compute(g.n, x);
}

bool prepareAxis(const GradientRequest& r, const AxisRequest& axis, PreparedAxis* prepared) {
  const Spacing& s = axis.spacing;
  if (s.coordinates == nullptr) {
    prepared->step = s.step;
    return true;
  }
  const AxisGeometry g = describeAxis(r.in, axis.out, axis.axis);
  if (s.coordinatesAreFloat32) return prepareCoordinates(g, static_cast<const float*>(s.coordinates), &prepared->shared32, prepared);
  return prepareCoordinates(g, static_cast<const double*>(s.coordinates), &prepared->shared64, prepared);
}

template <typename C> const PrecomputedCoefficients<C>& sharedOf(const PreparedAxis& p);
template <> const PrecomputedCoefficients<double>& sharedOf<double>(const PreparedAxis& p) { return p.shared64; }
template <> const PrecomputedCoefficients<float>& sharedOf<float>(const PreparedAxis& p) { return p.shared32; }

template <typename T, typename O, typename C>
void runAxis(const GradientRequest& r, const AxisRequest& axis, const PreparedAxis& prepared) {
  const AxisGeometry g = describeAxis(r.in, axis.out, axis.axis);
  const T* x = static_cast<const T*>(r.input);
  O* y = static_cast<O*>(axis.output);
  if (prepared.uniform) {
    const UniformAxis<C> uniform = uniformAxis<C>(prepared.step, r.edgeOrder);
    AxisRun<T, O, C> run(x, y, g, uniform.edges);
    run.setUniform(uniform.twoH);
    parallelFor(r.threads, run.items(), run);
    return;
  }
  const C* coordinates = static_cast<const C*>(axis.spacing.coordinates);
  AxisRun<T, O, C> run(x, y, g, coordinateEdges(g.n, coordinates, r.edgeOrder));
  run.setCoordinates(coordinates, prepared.shared ? &sharedOf<C>(prepared) : nullptr);
  parallelFor(r.threads, run.items(), run);
}

template <typename T, typename O>
Status typed(const GradientRequest& r) {
  PreparedAxes prepared(r.axisCount);
  for (int k = 0; k < r.axisCount; ++k) {
    if (!prepareAxis(r, r.axes[k], &prepared[k])) return Status::OutOfMemory;
  }
  using Weak = typename Compute<T>::type;  // a Python float takes the data's precision
  for (int k = 0; k < r.axisCount; ++k) {
    const AxisRequest& axis = r.axes[k];
    const Spacing& s = axis.spacing;
    // The coefficient type: the coordinates' own, or the scalar's place in numpy's promotion.
    const bool float32 = s.coordinates != nullptr ? s.coordinatesAreFloat32 : s.kind == ScalarKind::Float32;
    const bool weak = s.coordinates == nullptr && s.kind == ScalarKind::Weak;
    if (weak) runAxis<T, O, Weak>(r, axis, prepared[k]);
    else if (float32) runAxis<T, O, float>(r, axis, prepared[k]);
    else runAxis<T, O, double>(r, axis, prepared[k]);
  }
  return Status::Ok;
}

}  // namespace

int threadCount(int threads, index_t elements) {
  if (threads > 0) return threads > kMaxThreads ? kMaxThreads : threads;
  const index_t useful = elements / kElementsPerThread;
  if (useful < 2) return 1;  // before asking the system: that costs microseconds
  const int processors = processorCount();
  return useful < processors ? static_cast<int>(useful) : processors;
}

Status computeGradient(const GradientRequest& r) {
  switch (r.dtype) {
    case DType::Float64: return typed<double, double>(r);
    case DType::Float32: return typed<float, float>(r);
    case DType::Int8: return typed<std::int8_t, double>(r);
    case DType::Uint8: return typed<std::uint8_t, double>(r);
    case DType::Int16: return typed<std::int16_t, double>(r);
    case DType::Uint16: return typed<std::uint16_t, double>(r);
    case DType::Int32: return typed<std::int32_t, double>(r);
    case DType::Uint32: return typed<std::uint32_t, double>(r);
    case DType::Int64: return typed<std::int64_t, double>(r);
    case DType::Uint64: return typed<std::uint64_t, double>(r);
  }
  return Status::Ok;
}

}  // namespace ndgradient
