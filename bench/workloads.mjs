import { createRequire } from 'node:module';

// The benchmark workloads, shared by the JS runner and the numpy baseline (bench/numpy_gradient.py).
// sizes follow issue #3: memory-bound large arrays, plus a tiny call where overhead dominates.
export const workloads = [
  { name: '16 elements f64', shape: [16], dtype: 'float64', spacing: 'none', small: true },
  { name: '1e5 f64', shape: [100_000], dtype: 'float64', spacing: 'none' },
  { name: '1-d 1e7 uniform f64', shape: [10_000_000], dtype: 'float64', spacing: 'none', large: true },
  { name: '1-d 1e7 uniform f32', shape: [10_000_000], dtype: 'float32', spacing: 'none', large: true },
  { name: '1-d 1e7 coordinates f64', shape: [10_000_000], dtype: 'float64', spacing: 'coordinates', large: true },
  { name: '2-d 4096² both axes f64', shape: [4096, 4096], dtype: 'float64', spacing: 'none', large: true },
  { name: '2-d 4096² axis 0 f64', shape: [4096, 4096], dtype: 'float64', spacing: 'none', axis: 0, large: true },
  { name: '2-d 4096² axis 1 f64', shape: [4096, 4096], dtype: 'float64', spacing: 'none', axis: 1, large: true },
  { name: '2-d 4096² both axes f32', shape: [4096, 4096], dtype: 'float32', spacing: 'none', large: true },
  { name: '3-d 256³ all axes f64', shape: [256, 256, 256], dtype: 'float64', spacing: 'none', large: true },
  // Complex data (README: Complex data): complex128 against float64 of the same bytes.
  { name: '2-d 2048² both axes c128', shape: [2048, 2048], dtype: 'complex128', spacing: 'none', large: true },
  { name: '2-d 2048×4096 both axes f64 (the c128 bytes)', shape: [2048, 4096], dtype: 'float64', spacing: 'none', large: true },
  { name: '1-d 1e7 uniform c64', shape: [10_000_000], dtype: 'complex64', spacing: 'none', large: true },
  // float16 (README: float16): numpy computes it one operation at a time through float32.
  { name: '1-d 1e7 uniform f16', shape: [10_000_000], dtype: 'float16', spacing: 'none', large: true },
  { name: '2-d 2048² both axes f16', shape: [2048, 2048], dtype: 'float16', spacing: 'none', large: true },
  // The obvious input: arrays of numbers (numpy: a list of lists), converted by every call.
  { name: 'nested 2000² f64 (arrays of numbers)', shape: [2000, 2000], dtype: 'float64', spacing: 'none', nested: true, large: true },
];

const { halfBits } = createRequire(import.meta.url)('../dist/half.js');

/** A 2-d workload's values as an array of row arrays of numbers. */
export function nestedRows(data, shape) {
  return Array.from({ length: shape[0] }, (_, i) => Array.from(data.subarray(i * shape[1], (i + 1) * shape[1])));
}

/** TypedArray values per element of a workload's dtype: 2 for complex (re, im). */
export const valuesPer = (dtype) => (dtype.startsWith('complex') ? 2 : 1);

/** Bytes per element of a workload's dtype. */
export const bytesPer = (dtype) => ({ float32: 4, complex64: 8, complex128: 16, float16: 2 })[dtype] ?? 8;

/**
 * Deterministic input values (a smooth field plus a ripple; complex: that as the real part and a
 * cosine as the imaginary part) and, for 'coordinates', sorted x.
 */
export function makeInput(workload) {
  const size = workload.shape.reduce((a, b) => a * b, 1);
  const single = workload.dtype === 'float32' || workload.dtype === 'complex64';
  const values = valuesPer(workload.dtype);
  const half = workload.dtype === 'float16'; // its bits
  const data = half ? new Uint16Array(size) : single ? new Float32Array(values * size) : new Float64Array(values * size);
  for (let i = 0; i < size; i++) {
    const value = Math.sin(i * 1e-3) + (i % 7) * 0.25;
    data[values * i] = half ? halfBits(value) : value;
    if (values === 2) data[2 * i + 1] = Math.cos(i * 1e-3);
  }
  let x;
  if (workload.spacing === 'coordinates') {
    const n = workload.shape[0];
    x = new Float64Array(n);
    for (let i = 1; i < n; i++) x[i] = x[i - 1] + 0.5 + ((i * 7919) % 13) / 26;
  }
  return { data, x };
}
