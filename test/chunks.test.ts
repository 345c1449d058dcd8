// The halo contract (README: Chunks and streams), as a property: for random arrays, options and
// chunkings along any axis (chunks of 1 sample, of the stencil's half-width, uneven, one chunk),
// the chunk calls — given exactly gradientInputRange's samples — concatenate to the whole call,
// bit for bit, through the native backend (sync, into `out`) and the TypeScript backend on every
// chunking, and on 3 threads and async on the one-chunk and uneven chunkings; and the whole call
// itself equals numpy. Reproduce with NDGRADIENT_SEED.
//
// Why not every path on every chunking: a chunk call's meaning (its window, spacing and halo) is
// decided before the backend is called, the same for every path, and the 3-thread and async calls
// differ from the sync one only in how the same kernel is dispatched. Those two cost 0.1-0.4 ms a
// call here (threads created for the call; a libuv round trip), and the single-sample chunkings
// of ~700 fixture cases are ~10^5 calls: every path on every chunk took 3-5 minutes of a run.
import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { createGradient } from '../src/gradient';
import { NDArray, gradient, gradientAsync, gradientInputRange, uniformStep } from '../src/index';
import { valuesPerElement } from '../src/dtypes';
import { halfBits } from '../src/half';
import { jsBackend } from '../src/reference';
import { caseArguments, compareCase, runOracle, type OracleCase } from './numpy/oracle';

const count = Number(process.env.NDGRADIENT_CHUNK_CASES ?? 240);
const fixtureStride = Number(process.env.NDGRADIENT_CHUNK_FIXTURE_STRIDE ?? 1); // every case; sanitize takes every 5th
const seed = Number(process.env.NDGRADIENT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const js = createGradient(jsBackend).gradient as unknown as (...args: unknown[]) => NDArray | NDArray[];

/** A small deterministic generator (mulberry32), so that a seed reproduces the chunkings too. */
function generator(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type Typed = NDArray['data'];

/** The C-order elements of `a` at positions `indices` along `axis` (a gather: any order, repeats). */
function gather(a: NDArray, axis: number, indices: readonly number[]): NDArray {
  const shape = a.shape.map((n, d) => (d === axis ? indices.length : n));
  const size = shape.reduce((p, n) => p * n, 1);
  const values = valuesPerElement(a.dtype); // (re, im) pairs for complex
  const data = new (a.data.constructor as new (n: number) => Typed)(size * values);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < size; flat++) {
    let offset = a.offset;
    for (let d = 0; d < shape.length; d++) offset += a.strides[d]! * (d === axis ? indices[index[d]!]! : index[d]!);
    for (let v = 0; v < values; v++) (data as unknown as unknown[])[flat * values + v] = (a.data as unknown as unknown[])[offset * values + v];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return new NDArray(data, shape, undefined, 0, a.dtype);
}

/** Positions [start, end) along `axis`: a view where they are in order, else a gather. */
function samples(a: NDArray, axis: number, start: number, end: number): NDArray {
  const n = a.shape[axis]!;
  if (start >= 0 && end <= n) {
    return new NDArray(
      a.data,
      a.shape.map((m, d) => (d === axis ? end - start : m)),
      a.strides,
      a.offset + start * a.strides[axis]!,
      a.dtype,
    );
  }
  return gather(
    a,
    axis,
    Array.from({ length: end - start }, (_, k) => (((start + k) % n) + n) % n),
  );
}

/**
 * The chunkings of an axis of n: one chunk, single samples, half-width chunks (where the half-width
 * m is not 1, which would repeat single samples), uneven cuts; with whether every path runs them.
 */
function chunkings(n: number, m: number, random: () => number): [string, number[], boolean][] {
  const uneven = [0];
  while (uneven[uneven.length - 1]! < n) uneven.push(Math.min(n, uneven[uneven.length - 1]! + 1 + Math.floor(random() * Math.max(2, n / 2))));
  const every = (size: number): number[] => [...Array.from({ length: Math.ceil(n / size) }, (_, k) => k * size), n];
  return [
    ['one chunk', [0, n], true],
    ['1 sample', every(1), false],
    ...(m === 1 ? [] : ([[`${m} samples`, every(m), false]] as [string, number[], boolean][])),
    ['uneven', uneven, true],
  ];
}

type Coordinates = Float64Array | Float32Array | NDArray; // NDArray: float16 (its bits)

/** A spacing argument's coordinates, in the dtype gradient reads them in; undefined for a scalar. */
function coordinatesOf(s: unknown): Coordinates | undefined {
  if (typeof s === 'number' || (s instanceof NDArray && s.ndim === 0)) return undefined;
  const values = s instanceof NDArray ? (s.toArray() as number[]) : Array.from(s as ArrayLike<number>, Number);
  if (values.length === 1) return undefined;
  const float32 = s instanceof Float32Array || (s instanceof NDArray && s.dtype === 'float32');
  const float16 = (s instanceof NDArray && s.dtype === 'float16') || Object.prototype.toString.call(s) === '[object Float16Array]';
  if (float16) return new NDArray(Uint16Array.from(values, halfBits), [values.length], undefined, 0, 'float16');
  return float32 ? Float32Array.from(values) : Float64Array.from(values);
}

/** Coordinate i's value. */
const valueAt = (x: Coordinates, i: number): number => (x instanceof NDArray ? (x.get(i) as number) : x[i]!);

interface Call {
  f: NDArray;
  spacing: unknown[];
  options: Record<string, unknown>;
}

/** The chunked axis of a call, and its coordinates where they are not uniform (numpy's decision over the whole axis). */
interface ChunkedAxis {
  axis: number;
  coordinates?: { index: number; x: Coordinates };
  step?: { index: number; step: NonNullable<ReturnType<typeof uniformStep>> };
}

/** What a call's chunks along `axis` share: the axis's coordinates, read and judged once. */
function chunkedAxis(call: Call, axes: number[], axis: number): ChunkedAxis {
  const { options } = call;
  const k = axes.indexOf(axis);
  const index = call.spacing.length === axes.length ? k : -1;
  const x = index < 0 ? undefined : coordinatesOf(call.spacing[index]);
  if (x === undefined) return { axis };
  const boundary = Array.isArray(options.boundary) ? options.boundary[k] : options.boundary;
  const period = Array.isArray(options.period) ? options.period[k] : options.period;
  const step = uniformStep(x, { accuracy: options.accuracy as number | undefined, boundary: boundary as never, period: period as never });
  return step === undefined ? { axis, coordinates: { index, x } } : { axis, step: { index, step } };
}

/** The chunk call for positions [start, end) of the chunked axis: its input window, spacing and options. */
function chunkCall(call: Call, axes: number[], chunked: ChunkedAxis, start: number, end: number): Call {
  const { f, options } = call;
  const { axis } = chunked;
  const n = f.shape[axis]!;
  const k = axes.indexOf(axis);
  const boundary = Array.isArray(options.boundary) ? options.boundary[k] : options.boundary;
  const period = Array.isArray(options.period) ? options.period[k] : options.period;
  const stencil = { accuracy: options.accuracy as number | undefined, edgeOrder: options.edgeOrder as number | undefined, boundary: boundary as never };
  const range = k < 0 ? { start, end } : gradientInputRange(n, start, end, stencil);
  // A chunk's period is signed by the whole axis's direction (it holds only part of the axis).
  let signedPeriod: unknown = options.period;
  const spacing = call.spacing.map((s, j) => {
    // Per-axis coordinates of the chunked axis: numpy's whole-axis decision, then the window's.
    if (chunked.step?.index === j) return chunked.step.step;
    if (chunked.coordinates?.index !== j) return s;
    const { x } = chunked.coordinates;
    if (typeof period === 'number' && valueAt(x, n - 1) < valueAt(x, 0)) {
      signedPeriod = Array.isArray(options.period) ? options.period.map((p, i) => (i === k ? -period : p)) : axes.map((_, i) => (i === k ? -period : period));
    }
    const at = (i: number): number => (((range.start + i) % n) + n) % n;
    if (x instanceof NDArray)
      return new NDArray(
        Uint16Array.from({ length: range.end - range.start }, (_, i) => x.data[at(i)] as number),
        [range.end - range.start],
        undefined,
        0,
        'float16',
      );
    const window = new (x.constructor as Float64ArrayConstructor)(range.end - range.start);
    for (let i = 0; i < window.length; i++) window[i] = x[at(i)]!;
    return window;
  });
  return {
    f: samples(f, axis, range.start, range.end),
    spacing,
    options: { ...options, ...(signedPeriod === undefined ? {} : { period: signedPeriod }), chunk: { axis, length: n, start, end, inputStart: range.start } },
  };
}

/** The first bit difference between whole-call results sliced to [start, end) and a chunk's. */
function difference(whole: NDArray[], chunk: NDArray[], axis: number, start: number, end: number): string | undefined {
  for (let r = 0; r < whole.length; r++) {
    const want = gather(
      whole[r]!,
      axis,
      Array.from({ length: end - start }, (_, k) => start + k),
    ).data as Float64Array;
    const got = gather(
      chunk[r]!,
      axis,
      Array.from({ length: end - start }, (_, k) => k),
    ).data as Float64Array;
    // A NaN only has to be a NaN (its sign and payload are open: test/numpy/oracle.ts); float16 results are bits.
    const nan = whole[r]!.dtype === 'float16' ? (v: number | undefined) => ((v ?? 0) & 0x7fff) > 0x7c00 : Number.isNaN;
    for (let i = 0; i < want.length; i++) {
      if (!Object.is(got[i], want[i]) && !(nan(got[i]) && nan(want[i]))) {
        return `result ${r}, positions [${start}, ${end}), element ${i}: ${got[i]}, whole call ${want[i]}`;
      }
    }
  }
  return undefined;
}

/** The chunk call into fresh strided NDArrays shaped as `template`'s (every other element, backwards). */
function intoOut(chunk: Call, template: NDArray | NDArray[]): NDArray | NDArray[] {
  const out = [template].flat().map((r) => {
    const Ctor = r.dtype === 'float32' || r.dtype === 'complex64' ? Float32Array : r.dtype === 'float16' ? Uint16Array : Float64Array;
    const values = valuesPerElement(r.dtype);
    const strides = r.shape.map((_, d) => -2 * r.shape.slice(d + 1).reduce((a, b) => a * b, 1));
    return new NDArray(new Ctor(values * (2 * r.size + 1)).fill(Number.NaN), r.shape, strides, Math.max(0, 2 * r.size - 2), r.dtype);
  });
  return gradient(chunk.f, ...(chunk.spacing as never[]), { ...chunk.options, out: Array.isArray(template) ? out : out[0] });
}

function axesOf(options: Record<string, unknown>, ndim: number): number[] {
  const axis = options.axis;
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, d) => d);
  return (Array.isArray(axis) ? axis : [axis]).map((a: number) => (a < 0 ? a + ndim : a));
}

/** Every chunking of a random axis of one case, through every path; the first problem found. */
async function checkChunked(c: OracleCase, random: () => number): Promise<string | undefined> {
  const [f, ...args] = caseArguments(c);
  const options = args.pop() as Record<string, unknown>;
  const call: Call = { f, spacing: args, options };
  const whole = [gradient(f, ...(args as never[]), options)].flat() as NDArray[];
  const numpy = compareCase(c, c.single ? whole[0]! : (whole as never));
  if (numpy !== undefined) return `whole call vs numpy: ${numpy}`;
  if (f.shape.includes(0)) return undefined;
  const axes = axesOf(options, f.ndim);
  const axis = Math.floor(random() * f.ndim);
  const chunked = chunkedAxis(call, axes, axis);
  const m = ((options.accuracy as number | undefined) ?? 2) / 2;
  for (const [name, cuts, everyPath] of chunkings(f.shape[axis]!, m, random)) {
    for (let p = 0; p + 1 < cuts.length; p++) {
      const [start, end] = [cuts[p]!, cuts[p + 1]!];
      const chunk = chunkCall(call, axes, chunked, start, end);
      const run = (label: string, result: NDArray | NDArray[]): string | undefined => {
        const problem = difference(whole, [result].flat(), axis, start, end);
        return problem === undefined ? undefined : `axis ${axis}, ${name}, ${label}: ${problem}`;
      };
      const sync = gradient(chunk.f, ...(chunk.spacing as never[]), { ...chunk.options, threads: 1 });
      const problem =
        run('sync', sync) ??
        run('js', js(chunk.f, ...chunk.spacing, chunk.options)) ??
        run('out', intoOut(chunk, sync)) ??
        (everyPath
          ? (run('3 threads', gradient(chunk.f, ...(chunk.spacing as never[]), { ...chunk.options, threads: 3 })) ??
            run('async', await gradientAsync(chunk.f, ...(chunk.spacing as never[]), chunk.options)))
          : undefined);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

describe('chunks give the bits of one whole-array call', () => {
  for (const mode of [
    'random',
    'stencil-random',
    'stencil-fixtures',
    'complex-random',
    'complex-stencil-random',
    'float16-random',
    'float16-stencil-random',
  ] as const) {
    it(`${mode} cases, random chunkings of a random axis (seed ${seed})`, async () => {
      const complex = mode.startsWith('complex') || mode.startsWith('float16');
      const { cases } =
        mode === 'stencil-fixtures'
          ? { cases: runOracle(mode).cases.filter((_, i) => i % fixtureStride === 0) }
          : runOracle(mode, String(seed), String(complex ? Math.round(count / 4) : count));
      const random = generator(seed);
      const failures: string[] = [];
      let chunked = 0;
      for (const c of cases) {
        const problem = await checkChunked(c, random).catch((error: Error) => `threw ${error.message}`);
        chunked++;
        if (problem !== undefined && failures.length < 10) failures.push(`${c.name}: ${problem}`);
      }
      console.log(
        `chunks (${mode}, seed ${seed}): ${chunked} cases × 3-4 chunkings × 3 paths (sync, js, out), and 3 threads and async on 2 of them, ${failures.length} mismatching cases`,
      );
      expect(failures).toEqual([]);
    }, 900_000);
  }
});

/** np.gradient(f, x, edge_order=edgeOrder) by numpy itself: float64 values. */
function numpyGradient(f: Float64Array, x: Float64Array | number, edgeOrder: number): Float64Array {
  const code = `
import base64, sys, numpy as np
f = np.frombuffer(base64.b64decode(sys.argv[1]), dtype='<f8')
x = float(sys.argv[2]) if sys.argv[3] == 'scalar' else np.frombuffer(base64.b64decode(sys.argv[2]), dtype='<f8')
sys.stdout.write(base64.b64encode(np.gradient(f, x, edge_order=int(sys.argv[4])).astype('<f8').tobytes()).decode())`;
  const encode = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  const args = ['-c', code, encode(f), typeof x === 'number' ? String(x) : encode(x), typeof x === 'number' ? 'scalar' : 'array', String(edgeOrder)];
  const out = Buffer.from(execFileSync('python3', args, { encoding: 'utf8' }), 'base64');
  return new Float64Array(new Uint8Array(out).buffer);
}

describe('numpy decides uniform coordinates over the whole axis; so do chunks', () => {
  const n = 40;
  const f = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 3) * 7 + i * 0.1);
  // Uniform in the first windows, not across the axis (a step of 4 near its end): dask's
  // map_overlap takes numpy's uniform path in those windows and differs. And uniform across the
  // axis: numpy's scalar path, with a step of the coordinates' dtype.
  const piecewise = Float64Array.from({ length: n }, (_, i) => 3 * i + (i >= 35 ? 1 : 0));
  const uniform = Float64Array.from({ length: n }, (_, i) => 3 * i);
  for (const [name, x] of [
    ['uniform per chunk only', piecewise],
    ['uniform over the axis', uniform],
  ] as const) {
    for (const edgeOrder of [1, 2]) {
      it(`${name}, edge order ${edgeOrder}: 10-sample chunks concatenate to numpy's bits`, () => {
        const want = numpyGradient(f, x, edgeOrder);
        const step = uniformStep(x);
        expect(step === undefined).toBe(x === piecewise);
        const got = new Float64Array(n);
        for (let start = 0; start < n; start += 10) {
          const range = gradientInputRange(n, start, start + 10, { edgeOrder });
          const spacing = step ?? x.subarray(range.start, range.end);
          const chunk = { length: n, start, end: start + 10, inputStart: range.start };
          got.set((gradient(f.subarray(range.start, range.end), spacing, { edgeOrder, chunk }) as NDArray).data as Float64Array, start);
        }
        expect(Array.from(got)).toEqual(Array.from(want));
        // Taking each window's coordinates as if they were the whole axis (numpy per chunk) differs.
        const perChunk = new Float64Array(n);
        for (let start = 0; start < n; start += 10) {
          const range = gradientInputRange(n, start, start + 10, { edgeOrder });
          perChunk.set(
            ((gradient(f.subarray(range.start, range.end), x.subarray(range.start, range.end), { edgeOrder }) as NDArray).data as Float64Array).subarray(
              start - range.start,
              start - range.start + 10,
            ),
            start,
          );
        }
        if (x === piecewise) expect(Array.from(perChunk)).not.toEqual(Array.from(want));
      });
    }
  }
});
