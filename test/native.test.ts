// Defence in depth: the raw binding, called without the TypeScript layer, re-checks every bound
// it relies on and throws instead of reading or writing outside a buffer.
import { describe, expect, it } from 'vitest';

import { binding } from '../src/binding';

// Positions in the packed parameters of the call below (see Binding.gradient).
const P = { ndim: 0, offset: 1, edgeOrder: 2, threads: 3, axisCount: 4, shape0: 5, shape1: 6, stride0: 7, stride1: 8, axis: 9, kind: 10, step: 11, fresh: 12, outOffset: 13, outStride0: 14, outStride1: 15 };

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
  const params = new Float64Array([2, 0, 1, 0, 1, 2, 3, 3, 1, 1, 0, 1, 0, 0, 3, 1]);
  for (const [name, value] of Object.entries(change.params ?? {})) params[P[name as keyof typeof P]] = value!;
  const arrays = change.arrays ?? [change.coordinates, output];
  const run = binding.gradient as (...args: unknown[]) => void;
  run(change.input ?? new Float64Array([1, 2, 4, 8, 16, 32]), change.rawParams ?? params, arrays);
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
    ['params not a Float64Array', () => call({ rawParams: [2, 0, 1, 0, 1, 2, 3, 3, 1, 1, 0, 1, 0, 0, 3, 1] }), TypeError],
    ['params cut short', () => call({ rawParams: new Float64Array([2, 0, 1, 0, 1, 2, 3]) }), RangeError],
    ['params too long', () => call({ rawParams: new Float64Array([2, 0, 1, 0, 1, 2, 3, 3, 1, 1, 0, 1, 0, 0, 3, 1, 9]) }), RangeError],
    ['arrays not an Array', () => call({ arrays: new Float64Array(2) }), TypeError],
    ['arrays of the wrong count', () => call({ arrays: [undefined] }), RangeError],
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
    ['output overlapping the input', () => {
      const shared = new Float64Array(12);
      call({ input: shared.subarray(0, 6), output: shared.subarray(5, 11) });
    }, RangeError],
  ])('%s', (_name, run, type) => {
    expect(run).toThrow(type as typeof Error);
  });

  it('repeated axes and overlapping outputs of two axes are refused', () => {
    const params = new Float64Array([2, 0, 1, 0, 2, 2, 3, 3, 1, 1, 0, 1, 0, 0, 3, 1, 1, 0, 1, 0, 0, 3, 1]);
    const run = () => binding.gradient(new Float64Array(6), params, [undefined, new Float64Array(6), undefined, new Float64Array(6)]);
    expect(run).toThrow(/repeated axis/);
    params[16] = 0; // second axis 0
    const shared = new Float64Array(6);
    expect(() => binding.gradient(new Float64Array(6), params, [undefined, shared, undefined, shared])).toThrow(/must not overlap/);
  });

  it('a getter in arrays that detaches the input cannot make it read freed memory', () => {
    const input = new Float64Array(6);
    const arrays = [undefined, new Float64Array(6)];
    Object.defineProperty(arrays, 1, {
      get() {
        structuredClone(input.buffer, { transfer: [input.buffer] }); // detaches input
        return new Float64Array(6);
      },
    });
    expect(() => call({ input, arrays })).toThrow(RangeError);
    expect(input.length).toBe(0);
  });

  it('a failed check writes nothing', () => {
    const output = new Float64Array(6).fill(7);
    expect(() => call({ output, params: { kind: 3 }, coordinates: new Float64Array(2) })).toThrow(RangeError);
    expect(Array.from(output)).toEqual([7, 7, 7, 7, 7, 7]);
  });
});
