// Defence in depth: the raw binding, called without the TypeScript layer, re-checks every bound
// it relies on and throws instead of reading or writing outside a buffer.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { loadNativeBackend } from '../src/binding';
import { halfBits, halfValue } from '../src/half';
import { AxisParams, Header, axisStart, layoutVersion, paramCount, shapeStart, stridesStart } from '../src/layout';

const binding = loadNativeBackend();

// Positions in the packed parameters of a 2-d call with one axis (src/layout.ts).
const axis0 = axisStart(2, 0);
const P = {
  count: Header.count,
  version: Header.version,
  ndim: Header.ndim,
  offset: Header.offset,
  edgeOrder: Header.edgeOrder,
  accuracy: Header.accuracy,
  threads: Header.threads,
  axisCount: Header.axisCount,
  shape0: shapeStart,
  shape1: shapeStart + 1,
  stride0: stridesStart(2),
  stride1: stridesStart(2) + 1,
  axis: axis0 + AxisParams.axis,
  kind: axis0 + AxisParams.kind,
  step: axis0 + AxisParams.step,
  fresh: axis0 + AxisParams.fresh,
  outOffset: axis0 + AxisParams.outOffset,
  outStride0: axis0 + AxisParams.outStrides,
  outStride1: axis0 + AxisParams.outStrides + 1,
  leftRule: axis0 + AxisParams.leftRule,
  leftConstant: axis0 + AxisParams.leftConstant,
  rightRule: axis0 + AxisParams.rightRule,
  rightConstant: axis0 + AxisParams.rightConstant,
  period: axis0 + AxisParams.period,
  chunkAxis: Header.chunkAxis,
  chunkLength: Header.chunkLength,
  chunkOrigin: Header.chunkOrigin,
  chunkFirst: Header.chunkFirst,
  chunkLast: Header.chunkLast,
  elementKind: Header.elementKind,
};

/** The params of a valid call on a 2×3 float64 array along axis 1 (spacing 1, edge order 1). */
function validParams(extra = 0): Float64Array {
  const params = new Float64Array(paramCount(2, 1) + extra);
  const values: Partial<Record<keyof typeof P, number>> = {
    count: paramCount(2, 1),
    version: layoutVersion,
    ndim: 2,
    offset: 0,
    edgeOrder: 1,
    accuracy: 2,
    threads: 0,
    axisCount: 1,
    chunkAxis: -1,
    shape0: 2,
    shape1: 3,
    stride0: 3,
    stride1: 1,
    axis: 1,
    kind: 0,
    step: 1,
    fresh: 0,
    outOffset: 0,
    outStride0: 3,
    outStride1: 1,
  };
  for (const [name, value] of Object.entries(values)) params[P[name as keyof typeof P]] = value!;
  return params;
}

interface Change {
  input?: unknown;
  params?: Partial<Record<keyof typeof P, number>>;
  rawParams?: unknown;
  arrays?: unknown;
  coordinates?: unknown;
  output?: unknown;
}

/** A valid call on a 2×3 float64 array along axis 1 (spacing 1, edge order 1), changed as asked. */
function call(change: Change = {}): Float64Array {
  const output = (change.output as Float64Array | undefined) ?? new Float64Array(6);
  const params = validParams();
  for (const [name, value] of Object.entries(change.params ?? {})) params[P[name as keyof typeof P]] = value!;
  const arrays = (change.arrays as unknown[] | undefined) ?? [change.coordinates, output];
  const run = binding.gradient as (...args: unknown[]) => void;
  run(change.input ?? new Float64Array([1, 2, 4, 8, 16, 32]), change.rawParams ?? params, ...arrays);
  return output;
}

describe('native kernels', () => {
  it('runs the AVX2 kernels where the CPU has them, the baseline ones under NDGRADIENT_KERNELS=baseline', () => {
    const avx2 =
      process.arch === 'x64' &&
      readFileSync('/proc/cpuinfo', 'utf8')
        .split('\n')
        .some((line) => line.startsWith('flags') && / avx2( |$)/.test(line));
    expect(binding.kernels).toBe(process.env.NDGRADIENT_KERNELS === 'baseline' || !avx2 ? 'baseline' : 'avx2');
  });
});

describe('native thread count', () => {
  const addon = (): { processors(): number } => require(process.env.NDGRADIENT_ADDON_PATH ?? require('node-gyp-build').path(path.join(__dirname, '..')));
  it("automatic threads use the CPUs this process may run on, not the machine's online count", () => {
    // availableParallelism() follows the affinity mask; a cgroup v2 quota (cpu.max) caps it further.
    let quota = Infinity;
    try {
      const [max, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(/\s+/);
      if (max !== 'max') quota = Math.ceil(Number(max) / Number(period));
    } catch {
      // no cgroup v2 quota here
    }
    expect(addon().processors()).toBe(Math.min(availableParallelism(), quota, 64));
  });
  it.runIf(spawnSync('taskset', ['-c', '0', 'true']).status === 0)('a process pinned to one CPU (taskset) computes on one thread', () => {
    const script = `console.log(require(${JSON.stringify(process.env.NDGRADIENT_ADDON_PATH ?? require('node-gyp-build').path(path.join(__dirname, '..')))}).processors())`;
    expect(spawnSync('taskset', ['-c', '0', process.execPath, '-e', script], { encoding: 'utf8' }).stdout.trim()).toBe('1');
  });
});

describe('native binding re-checks its arguments', () => {
  it('computes the valid call', () => {
    expect(Array.from(call())).toEqual([1, 1.5, 2, 8, 12, 16]);
  });

  // The 2×3 input as samples [4, 7) of an axis 1 of 10: positions [5, 6) (a 2×1 result).
  const chunk = { chunkAxis: 1, chunkLength: 10, chunkOrigin: 4, chunkFirst: 5, chunkLast: 6, outStride0: 1, outStride1: 1 };
  it('computes a valid chunk: positions [5, 6) of a long axis, from samples [4, 7)', () => {
    expect(Array.from(call({ params: chunk, output: new Float64Array(2) }))).toEqual([1.5, 12]);
  });

  // The same 2×3 call on complex128 elements: (1, -1), (2, -2), (4, -4), … in 12 values.
  const complexInput = new Float64Array([1, -1, 2, -2, 4, -4, 8, -8, 16, -16, 32, -32]);
  it("computes a valid complex call: (re, im) pairs, numpy's complex results", () => {
    expect(Array.from(call({ input: complexInput, params: { elementKind: 1 }, output: new Float64Array(12) }))).toEqual([
      1, -1, 1.5, -1.5, 2, -2, 8, -8, 12, -12, 16, -16,
    ]);
  });

  // The same 2×3 call on float16 bits: [1, 2, 4, 8, 16, 32] as float16 (exact).
  const halfInput = Uint16Array.from([1, 2, 4, 8, 16, 32], halfBits);
  it('computes a valid float16 call: bits in, float16 bits out', () => {
    const output = new Uint16Array(6);
    call({ input: halfInput, params: { elementKind: 2 }, output });
    expect(Array.from(output, halfValue)).toEqual([1, 1.5, 2, 8, 12, 16]);
  });

  it.each([
    ['element kind out of range', () => call({ params: { elementKind: 3 } }), RangeError],
    ['float16 input in an Int16Array', () => call({ input: new Int16Array(6), params: { elementKind: 2 }, output: new Uint16Array(6) }), TypeError],
    ['float16 output in a Float32Array', () => call({ input: halfInput, params: { elementKind: 2 }, output: new Float32Array(6) }), TypeError],
    ['float16 output too short', () => call({ input: halfInput, params: { elementKind: 2 }, output: new Uint16Array(5) }), RangeError],
    ['float16 coordinates in a Float64Array', () => call({ params: { kind: 5 }, coordinates: new Float64Array(3) }), TypeError],
    ['float16 coordinates of the wrong length', () => call({ params: { kind: 5 }, coordinates: new Uint16Array(4) }), RangeError],
    ['spacing kind out of range', () => call({ params: { kind: 6 } }), RangeError],
    [
      'complex input of an odd number of values',
      () => call({ input: complexInput.subarray(0, 11), params: { elementKind: 1 }, output: new Float64Array(12) }),
      RangeError,
    ],
    ['complex input in an Int32Array', () => call({ input: new Int32Array(12), params: { elementKind: 1 }, output: new Float64Array(12) }), TypeError],
    [
      'complex input shorter than its view (6 values: 3 elements)',
      () => call({ input: complexInput.subarray(0, 6), params: { elementKind: 1 }, output: new Float64Array(12) }),
      RangeError,
    ],
    ['complex output of an odd number of values', () => call({ input: complexInput, params: { elementKind: 1 }, output: new Float64Array(11) }), RangeError],
    [
      'complex output too short (6 values: 3 elements)',
      () => call({ input: complexInput, params: { elementKind: 1 }, output: new Float64Array(6) }),
      RangeError,
    ],
    ['complex64 output in a Float64Array', () => call({ input: new Float32Array(12), params: { elementKind: 1 }, output: new Float64Array(12) }), TypeError],
    [
      'complex output overlapping the input',
      () => call({ input: complexInput, params: { elementKind: 1 }, output: new Float64Array(complexInput.buffer) }),
      RangeError,
    ],
    ['chunk axis out of range', () => call({ params: { ...chunk, chunkAxis: 2 }, output: new Float64Array(2) }), RangeError],
    ['chunk axis below -1', () => call({ params: { ...chunk, chunkAxis: -2 }, output: new Float64Array(2) }), RangeError],
    ['chunk length 0', () => call({ params: { ...chunk, chunkLength: 0 }, output: new Float64Array(2) }), RangeError],
    ['chunk first position past the axis', () => call({ params: { ...chunk, chunkFirst: 10, chunkLast: 11 }, output: new Float64Array(2) }), RangeError],
    ['chunk positions empty', () => call({ params: { ...chunk, chunkLast: 5 }, output: new Float64Array(2) }), RangeError],
    ['chunk last position past the axis', () => call({ params: { ...chunk, chunkFirst: 9, chunkLast: 11 }, output: new Float64Array(2) }), RangeError],
    ['chunk input missing a sample the positions read', () => call({ params: { ...chunk, chunkOrigin: 5 }, output: new Float64Array(2) }), RangeError],
    [
      'chunk input before the axis at a numpy end',
      () => call({ params: { ...chunk, chunkOrigin: -1, chunkFirst: 0, chunkLast: 1 }, output: new Float64Array(2) }),
      RangeError,
    ],
    [
      'chunk input past the axis at a numpy end',
      () => call({ params: { ...chunk, chunkOrigin: 8, chunkFirst: 9, chunkLast: 10 }, output: new Float64Array(2) }),
      RangeError,
    ],
    [
      'a periodic chunk without the wrapped sample before it',
      () => call({ params: { ...chunk, leftRule: 1, rightRule: 1, chunkLength: 3, chunkOrigin: 0, chunkFirst: 0, chunkLast: 1 }, output: new Float64Array(2) }),
      RangeError,
    ],
    ['chunk output smaller than its positions', () => call({ params: { ...chunk, chunkLast: 7 }, output: new Float64Array(2) }), RangeError],
    [
      'chunk coordinates for the whole axis, not the input',
      () => call({ params: { ...chunk, kind: 3 }, coordinates: new Float64Array(10), output: new Float64Array(2) }),
      RangeError,
    ],
    ['too few arguments', () => (binding.gradient as (...a: unknown[]) => void)(new Float64Array(3)), TypeError],
    ['input not a TypedArray', () => call({ input: [1, 2, 3, 4, 5, 6] }), TypeError],
    ['input a DataView', () => call({ input: new DataView(new ArrayBuffer(48)) }), TypeError],
    ['params not a Float64Array', () => call({ rawParams: Array.from(validParams()) }), TypeError],
    ['params count past its length', () => call({ params: { count: paramCount(2, 1) + 1 } }), RangeError],
    ['params of another layout version', () => call({ params: { version: layoutVersion + 1 } }), RangeError],
    ['params count of zero', () => call({ params: { count: 0 } }), RangeError],
    ['params cut short by its count', () => call({ params: { count: 9 } }), RangeError],
    [
      'params longer than its axes describe',
      () => {
        const longer = validParams(1);
        longer[Header.count] = paramCount(2, 1) + 1;
        call({ rawParams: longer });
      },
      RangeError,
    ],
    ['an odd number of arrays', () => call({ arrays: [undefined, new Float64Array(6), undefined] }), TypeError],
    ['arrays for two axes, params for one', () => call({ arrays: [undefined, new Float64Array(6), undefined, new Float64Array(6)] }), RangeError],
    ['shape past the input', () => call({ params: { shape0: 3 } }), RangeError],
    ['negative shape', () => call({ params: { shape0: -2 } }), RangeError],
    ['fractional shape', () => call({ params: { shape1: 2.5 } }), RangeError],
    ['NaN shape', () => call({ params: { shape1: Number.NaN } }), RangeError],
    ['too many dimensions', () => call({ params: { ndim: 65 } }), RangeError],
    ['stride reaching past the end', () => call({ params: { stride0: 4 } }), RangeError],
    ['negative stride reaching before the start', () => call({ params: { stride0: -3 } }), RangeError],
    ['offset past the end', () => call({ params: { offset: 6 } }), RangeError],
    ['negative offset', () => call({ params: { offset: -1 } }), RangeError],
    ['huge stride that would overflow', () => call({ params: { stride0: 2 ** 53 - 1 } }), RangeError],
    ['unsafe integer stride', () => call({ params: { stride0: 2 ** 60 } }), RangeError],
    [
      'shape whose product overflows',
      () => call({ params: { shape0: 2 ** 40, shape1: 2 ** 40, stride0: 0, stride1: 0, outStride0: 0, outStride1: 0 } }),
      RangeError,
    ],
    ['axis out of range', () => call({ params: { axis: 2 } }), RangeError],
    ['axis count above ndim', () => call({ params: { axisCount: 3 } }), RangeError],
    ['edgeOrder 3', () => call({ params: { edgeOrder: 3 } }), RangeError],
    ['axis too short for edgeOrder 2', () => call({ params: { axis: 0, edgeOrder: 2 } }), RangeError],
    ['accuracy 3', () => call({ params: { accuracy: 3 } }), RangeError],
    ['accuracy 10', () => call({ params: { accuracy: 10 } }), RangeError],
    ['accuracy 4 on an axis of 3 samples', () => call({ params: { accuracy: 4 } }), RangeError],
    ['a ghost rule on an axis of 2 samples', () => call({ params: { axis: 0, leftRule: 2 } }), RangeError],
    ['boundary rule out of range', () => call({ params: { rightRule: 5 } }), RangeError],
    ['fractional boundary rule', () => call({ params: { leftRule: 1.5 } }), RangeError],
    [
      'periodic coordinates without a period',
      () => call({ params: { kind: 3, leftRule: 1, rightRule: 1 }, coordinates: new Float64Array([0, 1, 2]) }),
      RangeError,
    ],
    ['threads out of range', () => call({ params: { threads: 65 } }), RangeError],
    ['coordinates missing', () => call({ params: { kind: 3 } }), TypeError],
    ['coordinates of the wrong length', () => call({ params: { kind: 3 }, coordinates: new Float64Array(2) }), RangeError],
    ['coordinates of an integer type', () => call({ params: { kind: 3 }, coordinates: new Int32Array(3) }), TypeError],
    ['output missing', () => call({ arrays: [undefined, undefined] }), TypeError],
    ['output of the wrong dtype', () => call({ output: new Float32Array(6) }), TypeError],
    ['output too small', () => call({ output: new Float64Array(5) }), RangeError],
    ['output strides past the end', () => call({ params: { outStride1: 2 } }), RangeError],
    [
      'output overlapping the coordinates',
      () => {
        const shared = new Float64Array(12);
        call({ params: { kind: 3 }, coordinates: shared.subarray(0, 3), output: shared.subarray(2, 8) });
      },
      RangeError,
    ],
    ['output rows overlapping each other', () => call({ params: { outStride0: 1 } }), RangeError],
    ['output with a zero stride', () => call({ params: { outStride0: 0, outStride1: 0 } }), RangeError],
    [
      'output overlapping the input',
      () => {
        const shared = new Float64Array(12);
        call({ input: shared.subarray(0, 6), output: shared.subarray(5, 11) });
      },
      RangeError,
    ],
  ])('%s', (_name, run, type) => {
    expect(run).toThrow(type as typeof Error);
  });

  it('repeated axes and overlapping outputs of two axes are refused', () => {
    // Two axis entries, both along axis 1: the second entry is a copy of the first.
    const one = validParams();
    const params = new Float64Array(paramCount(2, 2));
    params.set(one.subarray(0, axisStart(2, 1)));
    params.set(one.subarray(axis0, axisStart(2, 1)), axisStart(2, 1));
    params[Header.count] = paramCount(2, 2);
    params[Header.axisCount] = 2;
    const run = () => binding.gradient(new Float64Array(6), params, undefined, new Float64Array(6), undefined, new Float64Array(6));
    expect(run).toThrow(/repeated axis/);
    params[axisStart(2, 1) + AxisParams.axis] = 0; // second axis 0
    const shared = new Float64Array(6);
    expect(() => binding.gradient(new Float64Array(6), params, undefined, shared, undefined, shared)).toThrow(/must not overlap/);
  });

  it('messages name the axis entry once, with single spaces', () => {
    expect(() => call({ output: new Float32Array(6) })).toThrow('ndgradient: axis entry 0 output must be a Float64Array');
    expect(() => call({ params: { outStride0: 1 } })).toThrow('axis entry 0 output maps two indices to one element');
  });

  it('params in a SharedArrayBuffer, rewritten by another thread during calls, are read once', async () => {
    // Another thread flips the count between valid and invalid values while this one calls: each
    // call must compute the valid call or throw, never read with a count it did not check.
    const params = new Float64Array(new SharedArrayBuffer(8 * paramCount(2, 1)));
    params.set(validParams());
    const { Worker } = await import('node:worker_threads');
    const flipper = new Worker(
      `const p = new Float64Array(require('node:worker_threads').workerData);
       const counts = [${paramCount(2, 1)}, 1e9, ${paramCount(2, 1) + 1}, 4, ${paramCount(2, 1)}, 4551, 0];
       for (let k = 0; ; k++) p[0] = counts[k % counts.length];`,
      { eval: true, workerData: params.buffer },
    );
    let computed = 0;
    let refused = 0;
    const input = new Float64Array([1, 2, 4, 8, 16, 32]);
    for (let k = 0; k < 20_000; k++) {
      const output = new Float64Array(6);
      try {
        binding.gradient(input, params, undefined, output);
        expect(Array.from(output)).toEqual([1, 1.5, 2, 8, 12, 16]);
        computed++;
      } catch (error) {
        expect(error).toBeInstanceOf(RangeError);
        refused++;
      }
    }
    await flipper.terminate();
    expect(computed + refused).toBe(20_000);
  });

  it('a detached input or output is refused, not read', () => {
    const input = new Float64Array(6);
    structuredClone(input.buffer, { transfer: [input.buffer] });
    expect(() => call({ input })).toThrow(RangeError);
    const output = new Float64Array(6);
    structuredClone(output.buffer, { transfer: [output.buffer] });
    expect(() => call({ output })).toThrow(RangeError);
  });

  it("gradientAsync's cancellation flag: a shared Int32Array, 0 queued → 1 started; 2 (cancelled) never starts", async () => {
    const run = binding.gradientAsync as (...args: unknown[]) => Promise<void>;
    const input = new Float64Array([1, 2, 4, 8, 16, 32]);
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const output = new Float64Array(6);
    await run(input, validParams(), undefined, output, flag);
    expect(Atomics.load(flag, 0)).toBe(1);
    expect(Array.from(output)).toEqual([1, 1.5, 2, 8, 12, 16]);
    const cancelled = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(cancelled, 0, 2);
    const untouched = new Float64Array(6);
    await expect(run(input, validParams(), undefined, untouched, cancelled)).rejects.toThrow(/cancelled before it started; nothing was written/);
    expect(Array.from(untouched)).toEqual([0, 0, 0, 0, 0, 0]);
    // Memory JS could detach while the pool thread reads it, or the wrong type: refused, synchronously.
    for (const bad of [new Int32Array(1), new Uint32Array(new SharedArrayBuffer(4)), new Int32Array(new SharedArrayBuffer(4), 4, 0), {}]) {
      expect(() => run(input, validParams(), undefined, new Float64Array(6), bad)).toThrow(/cancellation flag must be an Int32Array/);
    }
  });

  it('a failed check writes nothing', () => {
    const output = new Float64Array(6).fill(7);
    expect(() => call({ output, params: { kind: 3 }, coordinates: new Float64Array(2) })).toThrow(RangeError);
    expect(Array.from(output)).toEqual([7, 7, 7, 7, 7, 7]);
  });
});

describe("native gradientVector, gradient(typedArray)'s lean entry, re-checks its arguments", () => {
  const vector = binding.gradientVector as (...args: unknown[]) => void;
  /** The general entry's packed parameters for gradient(typedArray) of `length` elements. */
  const generalParams = (length: number): Float64Array => {
    const params = new Float64Array(paramCount(1, 1));
    const at = axisStart(1, 0);
    const values: [number, number][] = [
      [Header.count, paramCount(1, 1)],
      [Header.version, layoutVersion],
      [Header.ndim, 1],
      [Header.edgeOrder, 1],
      [Header.accuracy, 2],
      [Header.axisCount, 1],
      [Header.chunkAxis, -1],
      [shapeStart, length],
      [stridesStart(1), 1],
      [at + AxisParams.step, 1],
      [at + AxisParams.outStrides, 1],
    ];
    for (const [position, value] of values) params[position] = value;
    return params;
  };

  it("gives the general entry's bits for every dtype and length (the general entry is the one held to numpy)", () => {
    const makers = [Float64Array, Float32Array, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array];
    for (const length of [2, 3, 4, 17, 1000, (1 << 18) + 3]) {
      for (const Make of makers) {
        const input = new Make(length).map((_, i) => ((i * 7919) % 251) - (Make === Float64Array || Make === Float32Array ? 125.5 : 0));
        const Out = Make === Float32Array ? Float32Array : Float64Array;
        const expected = new Out(length);
        binding.gradient(input, generalParams(length), undefined, expected);
        const actual = new Out(length);
        vector(input, actual, true);
        expect(Buffer.from(actual.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      }
      const big = new BigInt64Array(length).map((_, i) => BigInt(i * i) - 3n);
      const expected = new Float64Array(length);
      binding.gradient(big, generalParams(length), undefined, expected);
      const actual = new Float64Array(length);
      vector(big, actual, false);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    }
  });

  it('refuses what the kernels cannot take, with a TypeError or RangeError, and writes nothing', () => {
    const input = new Float64Array([1, 2, 4, 8]);
    const output = new Float64Array(4).fill(7);
    const shared = new Float64Array(8);
    const detached = new Float64Array(4);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    const cases: [unknown[], ErrorConstructor, RegExp][] = [
      [[input], TypeError, /expects \(input, output\[, fresh\]\)/],
      [[[1, 2, 4], output], TypeError, /input must be a TypedArray/],
      [[input, [0, 0, 0, 0]], TypeError, /output must be a TypedArray/],
      [[new Float32Array(4), output], TypeError, /output must be a Float32Array for float32 input/],
      [[input, new Float32Array(4)], TypeError, /output must be a Float64Array for float64 input/],
      [[new DataView(new ArrayBuffer(32)), output], TypeError, /input must be a TypedArray/],
      [[new Float64Array(1), output], RangeError, /at least \(edge_order \+ 1\) elements/],
      [[detached, output], RangeError, /at least \(edge_order \+ 1\) elements/],
      [[input, new Float64Array(3)], RangeError, /output must have the input's 4 elements, got 3/],
      [[input, detached], RangeError, /output must have the input's 4 elements, got 0/],
      [[shared.subarray(0, 4), shared.subarray(3, 7)], RangeError, /output must not overlap the input/],
      [[shared.subarray(4, 8), shared.subarray(1, 5)], RangeError, /output must not overlap the input/],
    ];
    for (const [args, type, message] of cases) {
      expect(() => vector(...args)).toThrow(type);
      expect(() => vector(...args)).toThrow(message);
    }
    expect(Array.from(output)).toEqual([7, 7, 7, 7]);
    expect(Array.from(shared)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    // Adjacent, not overlapping: computed.
    const adjacent = new Float64Array(8);
    adjacent.set([1, 2, 4, 8]);
    vector(adjacent.subarray(0, 4), adjacent.subarray(4, 8));
    const expected = new Float64Array(4);
    binding.gradient(input, generalParams(4), undefined, expected);
    expect(Array.from(adjacent.subarray(4))).toEqual(Array.from(expected));
  });
});

describe('native resultMemory (recycle.cc): memory of collected results, lent again', () => {
  setFlagsFromString('--expose_gc');
  const collectGarbage = runInNewContext('gc') as () => void;
  const lend = binding.resultMemory!;
  const turn = () => new Promise((resolve) => setTimeout(resolve, 5));
  const marker = 42.5;

  /** Leases `bytes`, marks every value, drops it; true once a lease comes back holding a mark. */
  async function leaseUntilReused(bytes: number): Promise<boolean> {
    for (let round = 0; round < 40; round++) {
      const memory = lend(bytes) as ArrayBuffer;
      expect(memory.byteLength).toBe(bytes);
      const values = new Float64Array(memory);
      if (values[0] === marker && values[values.length - 1] === marker) return true;
      values.fill(marker);
      collectGarbage();
      await turn();
    }
    return false;
  }

  it("lends a collected buffer's memory again, and gives the cache back once nothing leased it", async () => {
    const bytes = 1 << 20;
    expect(await leaseUntilReused(bytes)).toBe(true);
    // Let every finaliser run, then trim twice: the first only notes that leases happened.
    for (let i = 0; i < 10; i++) {
      collectGarbage();
      await turn();
    }
    expect(lend(0)).toBe(true);
    expect(lend(0)).toBe(false);
    const fresh = new Float64Array(lend(bytes) as ArrayBuffer);
    expect(fresh.every((value) => value === 0)).toBe(true); // new pages: nothing of the cache remained
  });

  it('declines (undefined) what it cannot lend, and never throws', () => {
    for (const bytes of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 40, '8', undefined, 8n]) {
      expect(lend(bytes as number)).toBeUndefined();
    }
    expect((lend as () => unknown)()).toBeUndefined();
  });
});
