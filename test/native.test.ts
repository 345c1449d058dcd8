// Defence in depth: the raw binding, called without the TypeScript layer, re-checks every bound
// it relies on and throws instead of reading or writing outside a buffer.
import { describe, expect, it } from 'vitest';

import { loadNativeBackend } from '../src/binding';

const binding = loadNativeBackend();

// Positions in the packed parameters of the call below (see Binding.gradient).
const P = { count: 0, ndim: 1, offset: 2, edgeOrder: 3, threads: 4, axisCount: 5, shape0: 6, shape1: 7, stride0: 8, stride1: 9, axis: 10, kind: 11, step: 12, fresh: 13, outOffset: 14, outStride0: 15, outStride1: 16 };

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
  const params = new Float64Array([17, 2, 0, 1, 0, 1, 2, 3, 3, 1, 1, 0, 1, 0, 0, 3, 1]);
  for (const [name, value] of Object.entries(change.params ?? {})) params[P[name as keyof typeof P]] = value!;
  const arrays = (change.arrays as unknown[] | undefined) ?? [change.coordinates, output];
  const run = binding.gradient as (...args: unknown[]) => void;
  run(change.input ?? new Float64Array([1, 2, 4, 8, 16, 32]), change.rawParams ?? params, ...arrays);
  return output;
}

describe('native binding re-checks its arguments', () => {
  it('computes the valid call', () => {
    expect(Array.from(call())).toEqual([1, 1.5, 2, 8, 12, 16]);
  });

  it.each([
    ['too few arguments', () => (binding.gradient as (...a: unknown[]) => void)(new Float64Array(3)), TypeError],
    ['input not a TypedArray', () => call({ input: [1, 2, 3, 4, 5, 6] }), TypeError],
    ['input a DataView', () => call({ input: new DataView(new ArrayBuffer(48)) }), TypeError],
    ['params not a Float64Array', () => call({ rawParams: [17, 2, 0, 1, 0, 1, 2, 3, 3, 1, 1, 0, 1, 0, 0, 3, 1] }), TypeError],
    ['params count past its length', () => call({ params: { count: 18 } }), RangeError],
    ['params count of zero', () => call({ params: { count: 0 } }), RangeError],
    ['params cut short by its count', () => call({ params: { count: 9 } }), RangeError],
    ['params longer than its axes describe', () => call({ rawParams: new Float64Array([18, 2, 0, 1, 0, 1, 2, 3, 3, 1, 1, 0, 1, 0, 0, 3, 1, 9]) }), RangeError],
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
    ['shape whose product overflows', () => call({ params: { shape0: 2 ** 40, shape1: 2 ** 40, stride0: 0, stride1: 0, outStride0: 0, outStride1: 0 } }), RangeError],
    ['axis out of range', () => call({ params: { axis: 2 } }), RangeError],
    ['axis count above ndim', () => call({ params: { axisCount: 3 } }), RangeError],
    ['edgeOrder 3', () => call({ params: { edgeOrder: 3 } }), RangeError],
    ['axis too short for edgeOrder 2', () => call({ params: { axis: 0, edgeOrder: 2 } }), RangeError],
    ['threads out of range', () => call({ params: { threads: 65 } }), RangeError],
    ['spacing kind out of range', () => call({ params: { kind: 4 } }), RangeError],
    ['coordinates missing', () => call({ params: { kind: 3 } }), TypeError],
    ['coordinates of the wrong length', () => call({ params: { kind: 3 }, coordinates: new Float64Array(2) }), RangeError],
    ['coordinates of an integer type', () => call({ params: { kind: 3 }, coordinates: new Int32Array(3) }), TypeError],
    ['output missing', () => call({ arrays: [undefined, undefined] }), TypeError],
    ['output of the wrong dtype', () => call({ output: new Float32Array(6) }), TypeError],
    ['output too small', () => call({ output: new Float64Array(5) }), RangeError],
    ['output strides past the end', () => call({ params: { outStride1: 2 } }), RangeError],
    ['output overlapping the coordinates', () => {
      const shared = new Float64Array(12);
      call({ params: { kind: 3 }, coordinates: shared.subarray(0, 3), output: shared.subarray(2, 8) });
    }, RangeError],
    ['output rows overlapping each other', () => call({ params: { outStride0: 1 } }), RangeError],
    ['output with a zero stride', () => call({ params: { outStride0: 0, outStride1: 0 } }), RangeError],
    ['output overlapping the input', () => {
      const shared = new Float64Array(12);
      call({ input: shared.subarray(0, 6), output: shared.subarray(5, 11) });
    }, RangeError],
  ])('%s', (_name, run, type) => {
    expect(run).toThrow(type as typeof Error);
  });

  it('repeated axes and overlapping outputs of two axes are refused', () => {
    const params = new Float64Array([24, 2, 0, 1, 0, 2, 2, 3, 3, 1, 1, 0, 1, 0, 0, 3, 1, 1, 0, 1, 0, 0, 3, 1]);
    const run = () => binding.gradient(new Float64Array(6), params, undefined, new Float64Array(6), undefined, new Float64Array(6));
    expect(run).toThrow(/repeated axis/);
    params[17] = 0; // second axis 0
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
    const params = new Float64Array(new SharedArrayBuffer(8 * 17));
    params.set([17, 2, 0, 1, 0, 1, 2, 3, 3, 1, 1, 0, 1, 0, 0, 3, 1]);
    const { Worker } = await import('node:worker_threads');
    const flipper = new Worker(
      `const p = new Float64Array(require('node:worker_threads').workerData);
       const counts = [17, 1e9, 18, 4, 17, 4551, 0];
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

  it('a failed check writes nothing', () => {
    const output = new Float64Array(6).fill(7);
    expect(() => call({ output, params: { kind: 3 }, coordinates: new Float64Array(2) })).toThrow(RangeError);
    expect(Array.from(output)).toEqual([7, 7, 7, 7, 7, 7]);
  });
});
