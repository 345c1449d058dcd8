// Hostile and malformed inputs, sync and async: every one is a TypeError or RangeError saying
// what is wrong (the same for gradient and gradientAsync), none crashes, none writes into `out`.
import { describe, expect, it } from 'vitest';

import { NDArray, gradient, gradientAsync } from '../src/index';

const syncCall = gradient as (...args: unknown[]) => unknown;
const asyncCall = gradientAsync as (...args: unknown[]) => Promise<unknown>;

type Case = [name: string, args: () => unknown[], error: typeof TypeError | typeof RangeError, message: RegExp];

const detached = (): Float64Array => {
  const a = new Float64Array(8);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
};
const shrunk = (): Float64Array => {
  const buffer = new ArrayBuffer(64, { maxByteLength: 128 });
  const view = new Float64Array(buffer, 0, 8);
  buffer.resize(16);
  return view;
};
const viewThenShrink = (): NDArray => {
  const buffer = new ArrayBuffer(64, { maxByteLength: 128 });
  const view = new NDArray(new Float64Array(buffer), [8]);
  buffer.resize(16);
  return view;
};
const f2d = [
  [1, 2, 4],
  [7, 11, 16],
];

const cases: Case[] = [
  // README: Errors, row by row
  ['wrong number of spacing arguments', () => [f2d, [1, 2]], TypeError, /invalid number of arguments/],
  [
    'spacing with 2 dimensions',
    () => [
      f2d,
      [
        [1, 2],
        [3, 4],
      ],
      1,
    ],
    RangeError,
    /distances must be either scalars or 1d/,
  ],
  ['coordinates of the wrong length', () => [f2d, [0, 1, 2], 1], RangeError, /distances must match the length/],
  ['axis shorter than edgeOrder + 1', () => [f2d, { edgeOrder: 2 }], RangeError, /at least \(edge_order \+ 1\) elements/],
  ['edgeOrder 3', () => [[1, 2, 3], { edgeOrder: 3 }], RangeError, /edgeOrder/],
  ['axis out of range', () => [f2d, { axis: 3 }], RangeError, /axis 3 is out of bounds for array of dimension 2/],
  ['repeated axis', () => [f2d, { axis: [1, -1] }], RangeError, /repeated axis/],
  ['non-integer axis', () => [f2d, { axis: 0.5 }], TypeError, /axis/],
  ['booleans', () => [[true, false, true]], TypeError, /boolean/],
  ['strings', () => [['a', 'b', 'c']], TypeError, /string/],
  ['ragged nesting', () => [[[1, 2], [3]]], RangeError, /ragged/],
  ['bad shape', () => [{ data: new Float64Array(4), shape: [2, -2] }], RangeError, /must not be negative/],
  ['out of the wrong count', () => [f2d, { out: [new Float64Array(6)] }], RangeError, /out has 1 entry/],
  ['out of the wrong dtype', () => [f2d, { out: [new Float64Array(6), new Float32Array(6)] }], TypeError, /out\[1\] must hold float64/],
  ['unknown option', () => [f2d, { edge_order: 2 }], TypeError, /'edge_order'.*'edgeOrder'/],
  // buffers
  ['a detached input', () => [detached()], RangeError, /at least \(edge_order \+ 1\)/],
  [
    'an NDArray whose buffer was detached',
    () => {
      const a = new Float64Array(8);
      const view = new NDArray(a, [8]);
      structuredClone(a.buffer, { transfer: [a.buffer] });
      return [view];
    },
    RangeError,
    /outside the input's 0 elements/,
  ],
  ['a fixed view of a shrunk resizable buffer', () => [shrunk()], RangeError, /at least \(edge_order \+ 1\)/],
  ['an NDArray over a resizable buffer that shrank', () => [viewThenShrink()], RangeError, /outside the input's 2 elements/],
  ['a detached out', () => [[1, 2, 3, 4, 5, 6, 7, 8], { out: detached() }], RangeError, /out has 0 elements/],
  // shapes, strides, offsets
  [
    'a shape whose product overflows',
    () => [{ data: new Float64Array(1), shape: [2 ** 40, 2 ** 20], strides: [0, 0] }],
    RangeError,
    /more elements than an array can hold/,
  ],
  [
    'a zero-stride view too large to allocate',
    () => [new NDArray(new Float64Array(1), [2 ** 31, 3], [0, 0])],
    RangeError,
    /cannot allocate a result of 6442450944 float64 elements/,
  ],
  ['strides reaching past the end', () => [{ data: new Float64Array(6), shape: [2, 3], strides: [4, 1] }], RangeError, /outside the 6 elements/],
  [
    'strides reaching before the start',
    () => [{ data: new Float64Array(6), shape: [2, 3], strides: [-3, 1], offset: 2 }],
    RangeError,
    /outside the 6 elements/,
  ],
  ['an offset past the end', () => [{ data: new Float64Array(6), shape: [6], offset: 6 }], RangeError, /outside the 6 elements/],
  ['strides that are not integers', () => [{ data: new Float64Array(6), shape: [2, 3], strides: [3, 0.5] }], TypeError, /must be an integer/],
  [
    'out overlapping the input',
    () => {
      const shared = new Float64Array(12);
      return [shared.subarray(0, 6), { out: shared.subarray(4, 10) }];
    },
    RangeError,
    /must not share memory with the input/,
  ],
  [
    'two outs sharing memory',
    () => {
      const shared = new Float64Array(12);
      return [f2d, { out: [shared.subarray(0, 6), shared.subarray(5, 11)] }];
    },
    RangeError,
    /must not share memory with out\[0\]/,
  ],
  // complex and float16 (README: Complex data, float16)
  ['complex over an odd number of values', () => [{ data: new Float64Array(5), shape: [2], dtype: 'complex128' }], RangeError, /even number/],
  [
    'an NDArray of complex128 whose buffer shrank to an odd length',
    () => {
      const buffer = new ArrayBuffer(64, { maxByteLength: 128 });
      const view = new NDArray(new Float64Array(buffer), [4], undefined, 0, 'complex128');
      buffer.resize(24);
      return [view];
    },
    RangeError,
    /even number/,
  ],
  [
    'complex128 over a Float32Array',
    () => [new NDArray(new Float64Array(6), [3], undefined, 0, 'complex128'), { out: new Float32Array(6) }],
    TypeError,
    /out must hold complex128/,
  ],
  [
    'complex out overlapping the input',
    () => {
      const shared = new Float64Array(12);
      return [new NDArray(shared.subarray(0, 6), [3], undefined, 0, 'complex128'), { out: shared.subarray(4, 10) }];
    },
    RangeError,
    /must not share memory with the input/,
  ],
  [
    'complex coordinates',
    () => [[1, 2, 3], new NDArray(new Float64Array(6), [3], undefined, 0, 'complex128')],
    TypeError,
    /spacing and coordinates must be real/,
  ],
  ['float16 over an Int16Array', () => [{ data: new Int16Array(3), shape: [3], dtype: 'float16' }], TypeError, /float16 is its bits in a Uint16Array/],
  [
    'float16 out too short',
    () => [new NDArray(new Uint16Array(3), [3], undefined, 0, 'float16'), { out: new Uint16Array(2) }],
    RangeError,
    /out has 2 elements; the result has 3/,
  ],
  [
    'float16 out of a wrong type',
    () => [new NDArray(new Uint16Array(3), [3], undefined, 0, 'float16'), { out: new Float64Array(3) }],
    TypeError,
    /out must hold float16/,
  ],
];

describe('hostile inputs', () => {
  it.each(cases)('%s: sync throws, async rejects, the same error', async (_name, args, type, message) => {
    expect(() => syncCall(...args())).toThrow(type);
    expect(() => syncCall(...args())).toThrow(message);
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = asyncCall(...args());
    }).not.toThrow();
    await expect(promise).rejects.toThrow(message);
    await expect(promise).rejects.toBeInstanceOf(type);
  });

  it('valid SharedArrayBuffer views, growable ones included, and length-tracking views work', async () => {
    const expected = [1, 1.5, 2.5, 3.5, 4];
    const shared = new Float64Array(new SharedArrayBuffer(40));
    shared.set([1, 2, 4, 7, 11]);
    expect(gradient(shared).toArray()).toEqual(expected);
    expect((await gradientAsync(shared)).toArray()).toEqual(expected);
    const growable = new SharedArrayBuffer(40, { maxByteLength: 80 });
    const tracking = new Float64Array(growable);
    tracking.set([1, 2, 4, 7, 11]);
    growable.grow(48);
    expect(gradient(tracking.subarray(0, 5)).toArray()).toEqual(expected);
    const resizable = new ArrayBuffer(64, { maxByteLength: 128 });
    const lengthTracking = new Float64Array(resizable);
    lengthTracking.set([1, 2, 4, 7, 11]);
    resizable.resize(40);
    expect(gradient(lengthTracking).toArray()).toEqual(expected);
  });

  it('a failed call writes nothing into out, sync or async', async () => {
    const out = [new Float64Array(6).fill(7), new Float64Array(6).fill(7)];
    const bad: unknown[][] = [
      [f2d, [0, 1], [0, 1, 2, 3], { out }],
      [f2d, { out, edgeOrder: 2 }],
      [f2d, { out: [out[0], new Float64Array(5)] }],
    ];
    for (const args of bad) {
      expect(() => syncCall(...args)).toThrow(RangeError);
      await expect(asyncCall(...args)).rejects.toBeInstanceOf(RangeError);
    }
    for (const o of out) expect(Array.from(o)).toEqual([7, 7, 7, 7, 7, 7]);
  });
});
