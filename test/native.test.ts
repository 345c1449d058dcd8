// Defence in depth: the raw binding, called without the TypeScript layer, re-checks every bound
// it relies on and throws instead of reading or writing outside a buffer.
import { describe, expect, it } from 'vitest';

import { binding } from '../src/binding';

type Args = Parameters<typeof binding.gradientAxis>;

/** A valid call on a 2×3 float64 array along axis 1; `change` replaces some arguments. */
function call(change: Partial<Record<number, unknown>> = {}): void {
  const args: unknown[] = [new Float64Array(6), [2, 3], [3, 1], 0, 1, 1, 1.0, 0, new Float64Array(6), [3, 1], 0];
  for (const [index, value] of Object.entries(change)) args[Number(index)] = value;
  binding.gradientAxis(...(args as Args));
}

describe('native binding re-checks its arguments', () => {
  it('accepts the valid call', () => {
    expect(() => call()).not.toThrow();
  });

  it.each([
    ['too few arguments', () => (binding.gradientAxis as (...a: unknown[]) => void)(new Float64Array(3)), TypeError],
    ['input not a TypedArray', () => call({ 0: [1, 2, 3, 4, 5, 6] }), TypeError],
    ['input a DataView', () => call({ 0: new DataView(new ArrayBuffer(48)) }), TypeError],
    ['shape past the input', () => call({ 1: [3, 3] }), RangeError],
    ['negative shape', () => call({ 1: [-2, 3] }), RangeError],
    ['fractional shape', () => call({ 1: [2, 2.5] }), RangeError],
    ['shape not numbers', () => call({ 1: ['2', '3'] }), TypeError],
    ['too many dimensions', () => call({ 1: new Array(65).fill(1), 2: new Array(65).fill(1), 9: new Array(65).fill(1) }), RangeError],
    ['strides of the wrong count', () => call({ 2: [3] }), RangeError],
    ['stride reaching past the end', () => call({ 2: [4, 1] }), RangeError],
    ['negative stride reaching before the start', () => call({ 2: [-3, 1] }), RangeError],
    ['offset past the end', () => call({ 3: 6 }), RangeError],
    ['negative offset', () => call({ 3: -1 }), RangeError],
    ['huge stride that would overflow', () => call({ 2: [2 ** 53 - 1, 1] }), RangeError],
    ['shape whose product overflows', () => call({ 1: [2 ** 40, 2 ** 40], 2: [0, 0], 9: [0, 0] }), RangeError],
    ['axis out of range', () => call({ 4: 2 }), RangeError],
    ['edgeOrder 3', () => call({ 5: 3 }), RangeError],
    ['axis too short for edgeOrder 2', () => call({ 4: 0, 5: 2 }), RangeError],
    ['coordinates of the wrong length', () => call({ 6: new Float64Array(2) }), RangeError],
    ['coordinates of an integer type', () => call({ 6: new Int32Array(3) }), TypeError],
    ['scalarKind out of range', () => call({ 7: 5 }), RangeError],
    ['output of the wrong dtype', () => call({ 8: new Float32Array(6) }), TypeError],
    ['output too small', () => call({ 8: new Float64Array(5) }), RangeError],
    ['output strides past the end', () => call({ 9: [3, 2] }), RangeError],
    ['output overlapping the input', () => {
      const shared = new Float64Array(12);
      call({ 0: shared.subarray(0, 6), 8: shared.subarray(5, 11) });
    }, RangeError],
  ])('%s', (_name, run, type) => {
    expect(run).toThrow(type as typeof Error);
  });

  it('a shape getter that detaches the input cannot make it read freed memory', () => {
    const input = new Float64Array(6);
    const shape = [2, 3];
    Object.defineProperty(shape, 1, {
      get() {
        structuredClone(input.buffer, { transfer: [input.buffer] }); // detaches input
        return 3;
      },
    });
    expect(() => call({ 0: input, 1: shape })).toThrow(RangeError);
    expect(input.length).toBe(0);
  });

  it('a failed check writes nothing', () => {
    const out = new Float64Array(6).fill(7);
    expect(() => call({ 8: out, 6: new Float64Array(2) })).toThrow(RangeError);
    expect(Array.from(out)).toEqual([7, 7, 7, 7, 7, 7]);
  });
});
