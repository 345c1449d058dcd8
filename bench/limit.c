// The "C limit" column of npm run bench: numpy's gradient formulas as plain C over the same arrays,
// the outputs preallocated and touched once before timing, 2 threads, one pass over the input per
// call (every axis of a row computed while it is in cache), with non-temporal (streaming) stores
// or ordinary ones: bench/run.mjs times both and keeps the faster, which differs by machine.
// What the memory system allows on this machine: how far each ndgradient row is from the
// hardware. Built by bench/run.mjs for this CPU (-O3 -march=native -ffp-contract=off: a measurement,
// never shipped).
//
//   limit WORKLOAD_JSON SAMPLES stream|store   -> {"median": seconds} or {"skipped": true}
//
// WORKLOAD_JSON: {"shape": [...], "dtype": "float64"|"float32", "spacing": "none"|"coordinates",
// "axis": optional}. Values as bench/workloads.mjs makes them (timing does not depend on them, but
// no denormals or NaNs sneak in).
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kThreads = 2 };

typedef struct {
  int ndim;
  long shape[3];
  int single;       // float32
  int coordinates;  // 1-d only
  int axis;         // -1: every axis
} Workload;

typedef struct {
  const Workload* w;
  const void* f;
  const double* x;
  void* out[3];
  long begin, end;  // rows (2-d, 3-d: outer index) or elements (1-d)
} Share;

// Whether the vector stores bypass the cache (set once from the command line).
static int streaming = 1;

// Stores 4 doubles / 8 floats at a 32-byte aligned destination: streamed or stored.
#define STREAM_D(dst, i, v) (streaming ? _mm256_stream_pd((dst) + (i), (v)) : _mm256_store_pd((dst) + (i), (v)))
#define STREAM_F(dst, i, v) (streaming ? _mm256_stream_ps((dst) + (i), (v)) : _mm256_store_ps((dst) + (i), (v)))

// One row of the central difference (a[j+1] - a[j-1]) / 2h over j in [1, n-1), written to out.
static void centralRowD(const double* a, long n, double twoH, double* out) {
  long j = 1;
  const __m256d d = _mm256_set1_pd(twoH);
  while (j < n - 1 && ((uintptr_t)(out + j) & 31) != 0) out[j] = (a[j + 1] - a[j - 1]) / twoH, j++;
  for (; j + 4 <= n - 1; j += 4) STREAM_D(out, j, _mm256_div_pd(_mm256_sub_pd(_mm256_loadu_pd(a + j + 1), _mm256_loadu_pd(a + j - 1)), d));
  for (; j < n - 1; j++) out[j] = (a[j + 1] - a[j - 1]) / twoH;
}
static void centralRowF(const float* a, long n, float twoH, float* out) {
  long j = 1;
  const __m256 d = _mm256_set1_ps(twoH);
  while (j < n - 1 && ((uintptr_t)(out + j) & 31) != 0) out[j] = (a[j + 1] - a[j - 1]) / twoH, j++;
  for (; j + 8 <= n - 1; j += 8) STREAM_F(out, j, _mm256_div_ps(_mm256_sub_ps(_mm256_loadu_ps(a + j + 1), _mm256_loadu_ps(a + j - 1)), d));
  for (; j < n - 1; j++) out[j] = (a[j + 1] - a[j - 1]) / twoH;
}
// The difference of two rows (next - previous) / 2h: the axis-0 difference of a row.
static void rowDifferenceD(const double* next, const double* previous, long n, double twoH, double* out) {
  long j = 0;
  const __m256d d = _mm256_set1_pd(twoH);
  while (j < n && ((uintptr_t)(out + j) & 31) != 0) out[j] = (next[j] - previous[j]) / twoH, j++;
  for (; j + 4 <= n; j += 4) STREAM_D(out, j, _mm256_div_pd(_mm256_sub_pd(_mm256_loadu_pd(next + j), _mm256_loadu_pd(previous + j)), d));
  for (; j < n; j++) out[j] = (next[j] - previous[j]) / twoH;
}
static void rowDifferenceF(const float* next, const float* previous, long n, float twoH, float* out) {
  long j = 0;
  const __m256 d = _mm256_set1_ps(twoH);
  while (j < n && ((uintptr_t)(out + j) & 31) != 0) out[j] = (next[j] - previous[j]) / twoH, j++;
  for (; j + 8 <= n; j += 8) STREAM_F(out, j, _mm256_div_ps(_mm256_sub_ps(_mm256_loadu_ps(next + j), _mm256_loadu_ps(previous + j)), d));
  for (; j < n; j++) out[j] = (next[j] - previous[j]) / twoH;
}

// 1-d with coordinates: numpy's three-point weights from the two steps around each element.
static double coordinateValue(const double* f, const double* x, long i) {
  const double dx1 = x[i] - x[i - 1], dx2 = x[i + 1] - x[i];
  const double a = -dx2 / (dx1 * (dx1 + dx2)), b = (dx2 - dx1) / (dx1 * dx2), c = dx1 / (dx2 * (dx1 + dx2));
  return a * f[i - 1] + b * f[i] + c * f[i + 1];
}
static void coordinatesShare(const double* f, const double* x, long n, long begin, long end, double* out) {
  if (begin < 1) begin = 1;
  if (end > n - 1) end = n - 1;
  long i = begin;
  while (i < end && ((uintptr_t)(out + i) & 31) != 0) out[i] = coordinateValue(f, x, i), i++;
  for (; i + 4 <= end; i += 4) {
    const __m256d x0 = _mm256_loadu_pd(x + i - 1), x1 = _mm256_loadu_pd(x + i), x2 = _mm256_loadu_pd(x + i + 1);
    const __m256d dx1 = _mm256_sub_pd(x1, x0), dx2 = _mm256_sub_pd(x2, x1), sum = _mm256_add_pd(dx1, dx2);
    const __m256d a = _mm256_div_pd(_mm256_sub_pd(_mm256_setzero_pd(), dx2), _mm256_mul_pd(dx1, sum));
    const __m256d b = _mm256_div_pd(_mm256_sub_pd(dx2, dx1), _mm256_mul_pd(dx1, dx2));
    const __m256d c = _mm256_div_pd(dx1, _mm256_mul_pd(dx2, sum));
    const __m256d value = _mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(a, _mm256_loadu_pd(f + i - 1)), _mm256_mul_pd(b, _mm256_loadu_pd(f + i))),
                                        _mm256_mul_pd(c, _mm256_loadu_pd(f + i + 1)));
    STREAM_D(out, i, value);
  }
  for (; i < end; i++) out[i] = coordinateValue(f, x, i);
}

static void* runShare(void* argument) {
  const Share* s = (const Share*)argument;
  const Workload* w = s->w;
  const int all = w->axis < 0;
  if (w->ndim == 1) {
    const long n = w->shape[0];
    if (w->coordinates) {
      coordinatesShare((const double*)s->f, s->x, n, s->begin, s->end, (double*)s->out[0]);
    } else {
      // The share [begin, end) of the interior as one "row" starting at begin - 1.
      long begin = s->begin < 1 ? 1 : s->begin, end = s->end > n - 1 ? n - 1 : s->end;
      if (end > begin) {
        if (w->single) centralRowF((const float*)s->f + begin - 1, end - begin + 2, 2.0f, (float*)s->out[0] + begin - 1);
        else centralRowD((const double*)s->f + begin - 1, end - begin + 2, 2.0, (double*)s->out[0] + begin - 1);
      }
    }
    return NULL;
  }
  // 2-d and 3-d: rows of the last axis; the outer index runs over [begin, end) of the first axis.
  const long rows = w->ndim == 2 ? 1 : w->shape[1];
  const long n0 = w->shape[0], n = w->shape[w->ndim - 1];
  const long plane = rows * n;
  const size_t size = w->single ? 4 : 8;
  for (long i = s->begin; i < s->end; i++) {
    for (long r = 0; r < rows; r++) {
      const long at = i * plane + r * n;
      const char* f = (const char*)s->f;
      int k = 0;
      // Axis 0: rows i+1 and i-1 (one-sided at the ends).
      if (all || w->axis == 0) {
        const long next = i + 1 < n0 ? i + 1 : i, previous = i > 0 ? i - 1 : i;
        const double twoH = (double)(next - previous);
        char* out = (char*)s->out[k++] + at * size;
        if (w->single) rowDifferenceF((const float*)(f + (next * plane + r * n) * size), (const float*)(f + (previous * plane + r * n) * size), n, (float)twoH, (float*)out);
        else rowDifferenceD((const double*)(f + (next * plane + r * n) * size), (const double*)(f + (previous * plane + r * n) * size), n, twoH, (double*)out);
      }
      // Axis 1 of a 3-d array: rows r+1 and r-1 of the same plane.
      if (w->ndim == 3 && (all || w->axis == 1)) {
        const long next = r + 1 < rows ? r + 1 : r, previous = r > 0 ? r - 1 : r;
        char* out = (char*)s->out[k++] + at * size;
        rowDifferenceD((const double*)(f + (i * plane + next * n) * size), (const double*)(f + (i * plane + previous * n) * size), n, (double)(next - previous), (double*)out);
      }
      // The last axis: along the row.
      if (all || w->axis == w->ndim - 1) {
        char* out = (char*)s->out[k++] + at * size;
        if (w->single) centralRowF((const float*)(f + at * size), n, 2.0f, (float*)out);
        else centralRowD((const double*)(f + at * size), n, 2.0, (double*)out);
      }
    }
  }
  return NULL;
}

// The value output k should hold at flat index `at` (an interior point of every computed axis),
// by the formula itself: the timed kernels are checked against it at sampled points.
static double expectedAt(const Workload* w, const void* f, const double* x, int k, long at) {
  const int axis = w->axis >= 0 ? w->axis : k;
  long stride = 1;
  for (int d = w->ndim - 1; d > axis; d--) stride *= w->shape[d];
  const double next = w->single ? ((const float*)f)[at + stride] : ((const double*)f)[at + stride];
  const double previous = w->single ? ((const float*)f)[at - stride] : ((const double*)f)[at - stride];
  if (w->coordinates) return coordinateValue((const double*)f, x, at);
  return w->single ? (double)(((float)next - (float)previous) / 2.0f) : (next - previous) / 2.0;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

// The few fields of the workload's JSON this needs (bench/run.mjs writes it).
static int parse(const char* text, Workload* w) {
  memset(w, 0, sizeof *w);
  w->axis = -1;
  const char* shape = strstr(text, "\"shape\"");
  if (shape == NULL || (shape = strchr(shape, '[')) == NULL) return 0;
  char* end;
  for (shape++; w->ndim < 3; shape = end + 1) {
    w->shape[w->ndim++] = strtol(shape, &end, 10);
    if (*end != ',') break;
  }
  if (strstr(text, "\"float32\"")) w->single = 1;
  else if (!strstr(text, "\"float64\"")) return 0;
  if (strstr(text, "\"coordinates\"")) w->coordinates = 1;
  const char* axis = strstr(text, "\"axis\"");
  if (axis != NULL) w->axis = (int)strtol(strchr(axis, ':') + 1, NULL, 10);
  if (strstr(text, "\"nested\"") || strstr(text, "\"small\"") || (w->coordinates && (w->ndim != 1 || w->single))) return 0;
  return 1;
}

int main(int argc, char** argv) {
  Workload w;
  if (argc < 4 || !parse(argv[1], &w)) {
    puts("{\"skipped\": true}");
    return 0;
  }
  const int samples = atoi(argv[2]);
  streaming = strcmp(argv[3], "store") != 0;
  long size = 1;
  for (int d = 0; d < w.ndim; d++) size *= w.shape[d];
  const size_t bytes = (size_t)size * (w.single ? 4 : 8);
  void* f = aligned_alloc(64, (bytes + 63) / 64 * 64);
  const int outputs = w.axis < 0 ? w.ndim : 1;
  void* out[3] = {0};
  for (int k = 0; k < outputs; k++) {
    out[k] = aligned_alloc(64, (bytes + 63) / 64 * 64);
    memset(out[k], 0, bytes);  // touched once: preallocated, as `out` is
  }
  double* x = NULL;
  for (long i = 0; i < size; i++) {
    const double value = sin(i * 1e-3) + (i % 7) * 0.25;
    if (w.single) ((float*)f)[i] = (float)value;
    else ((double*)f)[i] = value;
  }
  if (w.coordinates) {
    x = malloc((size_t)size * 8);
    x[0] = 0;
    for (long i = 1; i < size; i++) x[i] = x[i - 1] + 0.5 + ((i * 7919) % 13) / 26.0;
  }
  const long items = w.ndim == 1 ? size : w.shape[0];
  double* times = malloc(sizeof(double) * (samples + 2));
  for (int s = 0; s < samples + 2; s++) {
    Share shares[kThreads];
    pthread_t threads[kThreads];
    const double start = now();
    for (int t = 0; t < kThreads; t++) {
      shares[t] = (Share){&w, f, x, {out[0], out[1], out[2]}, items * t / kThreads, items * (t + 1) / kThreads};
      if (t > 0) pthread_create(&threads[t], NULL, runShare, &shares[t]);
    }
    runShare(&shares[0]);
    for (int t = 1; t < kThreads; t++) pthread_join(threads[t], NULL);
    _mm_sfence();
    times[s] = now() - start;
  }
  // Sampled interior points (the shares' seams among them) hold what the formula says.
  for (int k = 0; k < outputs; k++) {
    long plane = 1;
    for (int d = 1; d < w.ndim; d++) plane *= w.shape[d];
    const long middle = w.ndim == 1 ? size / 2 : (w.shape[0] / 2) * plane + plane / 2 + (w.ndim == 3 ? w.shape[2] / 2 : 0) + 1;
    const long points[] = {middle, middle + 1, middle - 1, middle + 7, w.ndim == 1 ? size / 3 : (w.shape[0] / 3) * plane + plane / 2 + 3};
    for (int p = 0; p < 5; p++) {
      const double got = w.single ? ((const float*)out[k])[points[p]] : ((const double*)out[k])[points[p]];
      const double want = expectedAt(&w, f, x, k, points[p]);
      if (got != want) {
        fprintf(stderr, "limit: output %d at %ld is %.17g, the formula gives %.17g\n", k, points[p], got, want);
        return 1;
      }
    }
  }
  qsort(times + 2, samples, sizeof(double), compare);  // the first two are warm-up
  printf("{\"median\": %.9g}\n", times[2 + samples / 2]);
  return 0;
}
