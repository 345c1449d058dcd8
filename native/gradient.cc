// One axis at a time: the stencil from the spacing, accuracy and ends (stencil.h), then the walk
// (axis.h, walk.h) split over threads, each element computed by a row kernel (kernels.h).
#include "gradient.h"

#include <cstdint>
#include <new>

#include "axis.h"
#include "parallel.h"

namespace ndgradient {
namespace {

// Below this many elements per thread, starting a thread costs more than it saves.
constexpr index_t kElementsPerThread = index_t(1) << 17;

// What an axis needs before any output is written: numpy's uniform detection on its
// coordinates, and the coefficients its lanes share (the only allocation of a call).
struct PreparedAxis {
  bool uniform = true;  // scalar path: spacing.step, or the detected step of uniform coordinates
  double step = 0.0;
  WeightTable<double> shared64;
  WeightTable<float> shared32;
  WeightTable<Half> shared16;
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

// How one axis is walked: the whole axis, the chunk itself, or — for another axis of a chunk —
// the input's part at the positions written along the chunked axis.
AxisGeometry geometryOf(const GradientRequest& r, const AxisRequest& axis) {
  const Chunk& c = r.chunk;
  if (c.axis < 0) return describeAxis(r.in, axis.out, axis.axis);
  if (axis.axis == c.axis) return describeChunk(r.in, axis.out, axis.axis, c.length, c.origin, c.first, c.last);
  const View written{r.in.ndim, axis.out.shape, r.in.strides, r.in.offset + (c.first - c.origin) * r.in.strides[c.axis]};
  return describeAxis(written, axis.out, axis.axis);
}

template <typename C>
ExtendedCoordinates<C> extendedCoordinates(const AxisRequest& axis, const AxisGeometry& g) {
  return {static_cast<const C*>(axis.spacing.coordinates), g.n, axis.left, axis.right, static_cast<C>(axis.period), g.origin, g.samples};
}

template <typename C>
bool prepareCoordinates(const GradientRequest& r, const AxisRequest& axis, WeightTable<C>* shared, PreparedAxis* prepared) {
  const AxisGeometry g = geometryOf(r, axis);
  const StencilShape s = stencilShape(r.accuracy, axis.left, axis.right);
  const ExtendedCoordinates<C> xp = extendedCoordinates<C>(axis, g);
  C step;
  // A chunked axis's decision was made over the whole axis, by the caller.
  if (axis.axis != r.chunk.axis && coordinatesAreUniform(s, xp, &step)) {
    // numpy then takes the scalar path with h = diff[0], a strong scalar of the coordinates' type.
    prepared->step = static_cast<double>(step);
    return true;
  }
  prepared->uniform = false;
  // Lanes of an N-d array share one table of weights; rows and a single lane compute each
  // position's weights once anyway.
  prepared->shared = !g.rows && g.outerSize > 1;
  return !prepared->shared || shared->compute(s, xp, g.first, g.last);
}

bool prepareAxis(const GradientRequest& r, const AxisRequest& axis, PreparedAxis* prepared) {
  const Spacing& s = axis.spacing;
  if (s.coordinates == nullptr) {
    prepared->step = s.step;
    return true;
  }
  switch (s.coordinateType) {
    case CoordinateType::Float32: return prepareCoordinates(r, axis, &prepared->shared32, prepared);
    case CoordinateType::Float16: return prepareCoordinates(r, axis, &prepared->shared16, prepared);
    default: return prepareCoordinates(r, axis, &prepared->shared64, prepared);
  }
}

template <typename C> const WeightTable<C>& sharedOf(const PreparedAxis& p);
template <> const WeightTable<double>& sharedOf<double>(const PreparedAxis& p) { return p.shared64; }
template <> const WeightTable<float>& sharedOf<float>(const PreparedAxis& p) { return p.shared32; }
template <> const WeightTable<Half>& sharedOf<Half>(const PreparedAxis& p) { return p.shared16; }

// Elements one axis writes over a geometry's positions.
index_t outputElements(const AxisGeometry& g) { return (g.last - g.first) * g.outerSize * g.row.length; }

// Whether an axis walked as g writes its interior with streaming stores (streaming.h). A slab's
// axes take the decision of their whole geometry, not of the slab's.
template <typename O>
bool streamsInterior(const AxisGeometry& g) {
  return streamsOutput(outputElements(g) * static_cast<index_t>(sizeof(O)));
}

// One axis over geometry g (the whole axis, a chunk's, or a slab's), on `threads` threads.
template <typename T, typename O, typename C>
void runAxis(const GradientRequest& r, const AxisRequest& axis, const PreparedAxis& prepared, const AxisGeometry& g, bool stream, int threads) {
  AxisRun<T, O, C> run(static_cast<const T*>(r.input), static_cast<O*>(axis.output), g, stencilShape(r.accuracy, axis.left, axis.right));
  if (prepared.uniform) {
    run.setUniform(prepared.step, r.edgeOrder);
  } else {
    run.setCoordinates(extendedCoordinates<C>(axis, g), r.edgeOrder, prepared.shared ? &sharedOf<C>(prepared) : nullptr);
  }
  run.setStreaming(stream);
  parallelFor(r.pool, threads, run.items(), run);
}

// runAxis with the coefficient type of the axis's spacing: the coordinates' own, or the scalar's
// place in numpy's promotion.
template <typename T, typename O>
void runAxisTyped(const GradientRequest& r, const AxisRequest& axis, const PreparedAxis& prepared, const AxisGeometry& g, bool stream,
                  int threads) {
  using Weak = typename RealOf<typename Compute<T>::type>::type;  // a Python float takes the data's precision
  const Spacing& s = axis.spacing;
  const bool given = s.coordinates != nullptr;
  const bool float32 = given ? s.coordinateType == CoordinateType::Float32 : s.kind == ScalarKind::Float32;
  const bool float16 = given ? s.coordinateType == CoordinateType::Float16 : s.kind == ScalarKind::Float16;
  const bool weak = !given && s.kind == ScalarKind::Weak;
  if (weak) runAxis<T, O, Weak>(r, axis, prepared, g, stream, threads);
  else if (float32) runAxis<T, O, float>(r, axis, prepared, g, stream, threads);
  else if (float16) runAxis<T, O, Half>(r, axis, prepared, g, stream, threads);
  else runAxis<T, O, double>(r, axis, prepared, g, stream, threads);
}

// Several axes of a large array, one slab at a time: positions [first, last) of dimension 0 for
// every axis before the next slab, so that each slab of the input is read from memory once and
// the other axes find it in cache (axis by axis, each would read the whole input again: 2-d both
// axes moved 4 arrays' worth of bytes where 3 suffice, 3-d 6 where 4 do). Each element is
// computed as the whole call computes it: another axis's geometry along itself is unchanged by
// the cut, and dimension 0 itself is a chunk of that axis (README: Chunks and streams), its halo
// read from the whole input.
//
// Input bytes of one slab: with its halo it stays in a core's L2 (1-2 MiB) while every axis reads
// it.
constexpr index_t kSlabBytes = index_t(512) << 10;

// True where slabs pay: a whole call (not a chunk) of several axes whose outputs do not fit in the
// caches, with dimension 0 outermost in the input and in every output (a slab of it is then one
// block of memory, not a comb).
template <typename O>
bool computesBySlabs(const GradientRequest& r) {
  if (r.chunk.axis >= 0 || r.axisCount < 2 || r.in.ndim < 2 || r.in.shape[0] < 2) return false;
  index_t elements;
  if (!elementCount(r.in, &elements) || !streamsOutput(elements * static_cast<index_t>(sizeof(O)))) return false;
  const auto outermost = [&](const View& v) {
    for (int d = 1; d < v.ndim; ++d) {
      if (v.shape[d] > 1 && magnitude(v.strides[d]) > magnitude(v.strides[0])) return false;
    }
    return true;
  };
  if (!outermost(r.in)) return false;
  for (int k = 0; k < r.axisCount; ++k) {
    if (!outermost(r.axes[k].out)) return false;
  }
  return true;
}

// Axis `axis` over positions [first, last) of dimension 0: the views cut to them, or for axis 0
// itself the chunk [first, last) of it.
AxisGeometry slabGeometry(const GradientRequest& r, const AxisRequest& axis, index_t first, index_t last) {
  index_t shape[kMaxDims];
  for (int d = 0; d < r.in.ndim; ++d) shape[d] = r.in.shape[d];
  shape[0] = last - first;
  const View out{r.in.ndim, shape, axis.out.strides, axis.out.offset + first * axis.out.strides[0]};
  if (axis.axis == 0) return describeChunk(r.in, out, 0, r.in.shape[0], 0, first, last);
  const View in{r.in.ndim, shape, r.in.strides, r.in.offset + first * r.in.strides[0]};
  return describeAxis(in, out, axis.axis);
}

template <typename T, typename O>
struct Slabs {
  const GradientRequest& r;
  PreparedAxes& prepared;
  index_t rows;         // positions of dimension 0 per slab
  const bool* streams;  // per axis: streamsInterior of its whole geometry

  index_t count() const { return (r.in.shape[0] + rows - 1) / rows; }

  void run(index_t begin, index_t end) const {
    for (index_t slab = begin; slab < end; ++slab) {
      const index_t first = slab * rows;
      const index_t last = first + rows < r.in.shape[0] ? first + rows : r.in.shape[0];
      for (int k = 0; k < r.axisCount; ++k) {
        const AxisGeometry g = slabGeometry(r, r.axes[k], first, last);
        runAxisTyped<T, O>(r, r.axes[k], prepared[k], g, streams[k], 1);
      }
    }
  }
};

template <typename T, typename O>
Status typed(const GradientRequest& r) {
  PreparedAxes prepared(r.axisCount);
  for (int k = 0; k < r.axisCount; ++k) {
    if (!prepareAxis(r, r.axes[k], &prepared[k])) return Status::OutOfMemory;
  }
  if (computesBySlabs<O>(r)) {
    bool streams[kMaxDims];
    for (int k = 0; k < r.axisCount; ++k) streams[k] = streamsInterior<O>(geometryOf(r, r.axes[k]));
    index_t perPosition = static_cast<index_t>(sizeof(T));
    for (int d = 1; d < r.in.ndim; ++d) perPosition *= r.in.shape[d];
    const index_t rows = kSlabBytes / perPosition > 0 ? kSlabBytes / perPosition : 1;
    const Slabs<T, O> slabs{r, prepared, rows, streams};
    // Slabs are the unit of parallel work: fewer of them than threads (a few huge positions of
    // dimension 0) would leave threads idle that the axes one at a time can use.
    if (slabs.count() >= r.threads) {
      parallelFor(r.pool, r.threads, slabs.count(), slabs);
      return Status::Ok;
    }
  }
  for (int k = 0; k < r.axisCount; ++k) {
    const AxisGeometry g = geometryOf(r, r.axes[k]);
    runAxisTyped<T, O>(r, r.axes[k], prepared[k], g, streamsInterior<O>(g), r.threads);
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
    case DType::Complex128: return typed<Complex<double>, Complex<double>>(r);
    case DType::Complex64: return typed<Complex<float>, Complex<float>>(r);
    case DType::Float16: return typed<Half, Half>(r);
  }
  return Status::Ok;
}

}  // namespace ndgradient
