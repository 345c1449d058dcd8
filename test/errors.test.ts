// README: Errors, one block per row of its table: wrong kind → TypeError, bad value → RangeError,
// numpy's text where numpy has one, and nothing written on failure.
import { describe, expect, it } from 'vitest';

import { NDArray, array, gradient, gradientInputRange, uniformStep } from '../src/index';

const f2d = array([
  [1, 2, 4, 8, 16],
  [1, 3, 9, 27, 81],
  [2, 3, 5, 7, 11],
  [0, 1, 0, 1, 0],
  [5, 4, 3, 2, 1],
]);
const x5 = [0, 1, 3, 4, 7];

/** Runs `call` and returns the error it throws (failing the test if it does not throw). */
function thrown(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

function expectError(call: () => unknown, type: typeof TypeError | typeof RangeError, message: RegExp | string): void {
  const error = thrown(call);
  expect(error).toBeInstanceOf(type);
  expect(error.message).toMatch(message);
}

describe('the README error table', () => {
  it('wrong number of spacing arguments: TypeError, invalid number of arguments', () => {
    expectError(() => gradient(f2d, x5), TypeError, 'invalid number of arguments');
    expectError(() => gradient(f2d, 1, 1, 1), TypeError, 'invalid number of arguments');
    expectError(() => gradient(f2d, 1, 1, { axis: 1 }), TypeError, 'invalid number of arguments');
    expectError(() => gradient(5, x5), TypeError, 'invalid number of arguments');
  });

  it('spacing with 2 or more dimensions: RangeError, distances must be either scalars or 1d', () => {
    expectError(
      () =>
        gradient(
          f2d,
          [
            [1, 2],
            [3, 4],
          ] as unknown as number[],
          1,
        ),
      RangeError,
      'distances must be either scalars or 1d',
    );
    expectError(() => gradient(f2d, 1, new NDArray(new Float64Array(4), [2, 2])), RangeError, 'distances must be either scalars or 1d');
  });

  it('coordinates of the wrong length: RangeError, distances must match the length', () => {
    const message = 'distances must match the length of the corresponding dimension';
    expectError(() => gradient(f2d, x5, [1, 2, 3]), RangeError, message);
    expectError(() => gradient([1, 2, 4], new Float32Array([0, 1])), RangeError, message);
  });

  it('computed axis shorter than edgeOrder + 1: RangeError, at least (edge_order + 1) elements', () => {
    const message = 'at least (edge_order + 1) elements are required';
    expectError(() => gradient([1, 2], { edgeOrder: 2 }), RangeError, message);
    expectError(() => gradient([1]), RangeError, message);
    expectError(() => gradient([]), RangeError, message);
    expectError(() => gradient([[1, 2, 3]]), RangeError, message); // axis 0 has length 1
    // coordinates of length <= 1 (numpy: IndexError; README: Deliberate differences from numpy)
    expectError(() => gradient([3], [2]), RangeError, message);
    expectError(() => gradient(f2d, [1], 1), RangeError, message);
  });

  it('only the computed axes need the length', () => {
    expect(gradient([[1, 2, 3]], { axis: 1 }).toArray()).toEqual([[1, 1, 1]]);
  });

  it('edgeOrder not 1 or 2: RangeError naming edgeOrder (TypeError when not a number)', () => {
    for (const edgeOrder of [0, 3, -1, 1.5, Number.NaN]) {
      expectError(() => gradient([1, 2, 4, 7], { edgeOrder: edgeOrder as 1 }), RangeError, 'edgeOrder');
    }
    expectError(() => gradient([1, 2, 4, 7], { edgeOrder: '2' as unknown as 2 }), TypeError, 'edgeOrder');
    expectError(() => gradient([1, 2, 4, 7], { edgeOrder: null as unknown as 2 }), TypeError, 'edgeOrder');
  });

  it("axis out of range: RangeError with numpy's text", () => {
    expectError(() => gradient(f2d, { axis: 3 }), RangeError, 'axis 3 is out of bounds for array of dimension 2');
    expectError(() => gradient(f2d, { axis: -3 }), RangeError, 'axis -3 is out of bounds for array of dimension 2');
    expectError(() => gradient(f2d, { axis: [0, 2] }), RangeError, 'axis 2 is out of bounds for array of dimension 2');
    expectError(() => gradient(5, { axis: 0 }), RangeError, 'axis 0 is out of bounds for array of dimension 0');
  });

  it('repeated axis: RangeError', () => {
    expectError(() => gradient(f2d, { axis: [0, 0] }), RangeError, 'repeated axis');
    expectError(() => gradient(f2d, { axis: [0, -2] }), RangeError, 'repeated axis');
  });

  it('non-integer axis: TypeError naming axis', () => {
    for (const axis of [1.5, '1', true, {}, [0.5]]) {
      expectError(() => gradient(f2d, { axis: axis as number }), TypeError, 'axis');
    }
  });

  it('booleans, strings, ragged nesting, bad shape/strides/offset: TypeError or RangeError saying what is wrong', () => {
    expectError(() => gradient([true, false, true] as unknown as number[]), TypeError, 'must be a number, got boolean true');
    expectError(() => gradient(true as unknown as number), TypeError, 'boolean');
    expectError(() => gradient('abc' as unknown as number), TypeError, 'string "abc"');
    expectError(() => gradient(['1', '2', '3'] as unknown as number[]), TypeError, 'string "1"');
    expectError(() => gradient([null, 1, 2] as unknown as number[]), TypeError, 'null');
    expectError(() => gradient(undefined as unknown as number), TypeError, 'undefined');
    expectError(() => gradient({ foo: 1 } as unknown as number), TypeError, 'an object');
    expectError(
      () =>
        gradient([
          [1, 2, 3],
          [4, 5],
        ]),
      RangeError,
      'ragged',
    );
    expectError(() => gradient([[1, 2, 3], 4] as unknown as number[][]), RangeError, 'ragged');
    expectError(() => gradient([1, [2, 3], 4] as unknown as number[]), RangeError, 'ragged');
    const data = new Float64Array(6);
    expectError(() => gradient({ data, shape: [2, -3] }), RangeError, 'must not be negative');
    expectError(() => gradient({ data, shape: [2, 1.5] }), TypeError, 'must be an integer');
    expectError(() => gradient({ data, shape: [3, 3] }), RangeError, 'outside the 6 elements');
    expectError(() => gradient({ data, shape: [2, 3], strides: [3, 2] }), RangeError, 'outside the 6 elements');
    expectError(() => gradient({ data, shape: [2, 3], strides: [-3, 1] }), RangeError, 'outside the 6 elements');
    expectError(() => gradient({ data, shape: [2, 3], offset: 1 }), RangeError, 'outside the 6 elements');
    expectError(() => gradient({ data, shape: [2, 3], offset: -1 }), RangeError, 'offset must not be negative');
    expectError(() => gradient({ data, shape: [2, 3], strides: [3] }), RangeError, 'one entry per dimension');
    expectError(() => new NDArray(data, [7]), RangeError, 'outside the 6 elements');
    expectError(() => new NDArray([1, 2, 3] as unknown as Float64Array), TypeError, 'numeric TypedArray');
    expectError(() => gradient(new DataView(new ArrayBuffer(8)) as unknown as Float64Array), TypeError, 'DataView');
  });

  it('spacing of the wrong kind: TypeError', () => {
    expectError(() => gradient([1, 2, 4], 'a' as unknown as number), TypeError, 'spacing');
    expectError(() => gradient([1, 2, 4], null as unknown as number), TypeError, 'spacing');
    expectError(() => gradient([1, 2, 4], [0, '1', 2] as unknown as number[]), TypeError, 'string "1"');
  });

  it('out of the wrong count, length or dtype: TypeError or RangeError naming out', () => {
    const f = [
      [1, 2, 4],
      [7, 11, 16],
    ];
    const six = () => new Float64Array(6);
    expectError(() => gradient(f, { out: [six()] }), RangeError, /out has 1 entry, but 2 axes/);
    expectError(() => gradient(f, { out: six() }), TypeError, /out must be an array with one entry per computed axis/);
    expectError(() => gradient(f, { out: [six(), new Float64Array(5)] }), RangeError, /out\[1\] has 5 elements/);
    expectError(() => gradient(f, { out: [six(), new Float32Array(6)] }), TypeError, /out\[1\] must hold float64/);
    expectError(() => gradient(new Float32Array(4), { out: new Float64Array(4) }), TypeError, /out must hold float32/);
    expectError(() => gradient(f, { out: [six(), new NDArray(six(), [3, 2])] }), RangeError, /out\[1\] has shape \[3, 2\]/);
    expectError(() => gradient(f, { out: [six(), 'x' as unknown as Float64Array] }), TypeError, /out\[1\] must be a TypedArray or an NDArray/);
    const shared = six();
    expectError(() => gradient(f, { out: [shared, shared] }), RangeError, /out\[1\] must not share memory with out\[0\]/);
    const input = new Float64Array(4);
    expectError(() => gradient(input, { out: input }), RangeError, /out must not share memory with the input/);
  });

  it('an unknown option name: TypeError with the name and the right one', () => {
    expectError(() => gradient([1, 2, 4], { edge_order: 2 } as object), TypeError, /'edge_order'.*'edgeOrder'/);
    expectError(() => gradient([1, 2, 4], { axes: 0 } as object), TypeError, /'axes'.*'axis'/);
    expectError(() => gradient([1, 2, 4], { EdgeOrder: 2 } as object), TypeError, /'EdgeOrder'.*'edgeOrder'/);
    expectError(() => gradient([1, 2, 4], { colour: 'red' } as object), TypeError, /unknown option 'colour'/);
  });

  it('a failed call writes nothing into out', () => {
    const f = [
      [1, 2, 4],
      [7, 11, 16],
    ];
    const out = [new Float64Array(6).fill(7), new Float64Array(6).fill(7)];
    // The second axis fails its check only after the first axis's checks have passed.
    expect(() => gradient(f, [0, 1], [0, 1, 2, 3], { out })).toThrow(RangeError);
    expect(() => gradient(f, { out, edgeOrder: 2 })).toThrow(RangeError); // axis 0 has 2 rows
    expect(() => gradient(f, { out: [out[0]!, new Float64Array(5)] })).toThrow(RangeError);
    for (const o of out) expect(Array.from(o)).toEqual([7, 7, 7, 7, 7, 7]);
  });
});

describe('errors that say what to do', () => {
  it('numbers as out: out must hold arrays', () => {
    expectError(
      () => gradient([1, 2, 3], { out: [0, 0, 0] as unknown as Float64Array[] }),
      TypeError,
      /out must hold arrays to write into.*not numbers: got \[0, 0, 0\]/,
    );
  });
  it('the options object before a spacing: options must be the last argument', () => {
    expectError(
      () => (gradient as (...a: unknown[]) => unknown)([1, 2, 3], { edgeOrder: 1 }, 2),
      TypeError,
      'argument 2 is an options object: options must be the last argument',
    );
  });
  it('data without shape, and shape given as an option', () => {
    expectError(() => gradient({ data: [1, 2, 3] } as never), TypeError, 'f has data but no shape');
    expectError(
      () => gradient(new Float64Array(12), { shape: [3, 4] } as never),
      TypeError,
      /unknown option 'shape'; did you mean a shaped input: gradient\(new NDArray\(data, shape\)\)/,
    );
  });
  it('grammar: "an Int32Array", "1 entry", "1 axis is"', () => {
    expectError(() => gradient([1, 2, 3], { out: new Int32Array(3) as never }), TypeError, /got int32/);
    expectError(() => gradient(new Int32Array(3), { threads: new Int32Array(1) as never }), TypeError, 'got an Int32Array of length 1');
    expectError(() => gradient([1, 2, 3], { out: [] }), RangeError, 'out has 0 entries, but 1 axis is computed');
    expectError(
      () =>
        gradient(
          [
            [1, 2],
            [3, 4],
          ],
          { out: [new Float64Array(4)] },
        ),
      RangeError,
      'out has 1 entry, but 2 axes are computed',
    );
  });
  it('axis as an integer TypedArray, as numpy takes any integer sequence', () => {
    const f = [
      [1, 2, 4],
      [7, 11, 16],
    ];
    expect((gradient(f, { axis: new Int32Array([1, 0]) as never }) as unknown as { toArray(): unknown }[]).map((r) => r.toArray())).toEqual(
      (gradient(f, { axis: [1, 0] }) as unknown as { toArray(): unknown }[]).map((r) => r.toArray()),
    );
    expectError(() => gradient(f, { axis: new Float64Array([0]) as never }), TypeError, 'axis must be an integer or an array of integers');
  });
});

describe('boundary, period and accuracy (README: Boundaries and accuracy)', () => {
  const f = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
  const x = [0, 1, 3, 4, 7, 8, 10, 13, 14, 15];
  const call =
    (options: Record<string, unknown>, ...spacing: unknown[]) =>
    () =>
      (gradient as (...a: unknown[]) => unknown)(f, ...spacing, options);

  it('accuracy other than 2, 4, 6, 8: RangeError (TypeError when not a number)', () => {
    for (const accuracy of [0, 1, 3, 10, 4.5, Number.NaN]) expectError(call({ accuracy }), RangeError, 'accuracy must be 2, 4, 6 or 8');
    expectError(call({ accuracy: '4' }), TypeError, 'accuracy must be 2, 4, 6 or 8, got string "4"');
  });
  it('edgeOrder with accuracy above 2: RangeError, edgeOrder applies to accuracy 2 only', () => {
    expectError(call({ accuracy: 4, edgeOrder: 2 }), RangeError, "edgeOrder is numpy's and applies to accuracy 2 only");
    expectError(call({ accuracy: 4, edgeOrder: 1 }), RangeError, 'drop edgeOrder');
  });
  it('an axis shorter than the stencil: RangeError naming the axis and the samples needed', () => {
    expectError(() => gradient([1, 2, 4, 8], { accuracy: 4 }), RangeError, 'axis 0 has length 4; accuracy 4 needs at least 5 samples');
    expectError(() => gradient([1, 2, 4, 8], { accuracy: 4, boundary: 'numpy' }), RangeError, 'axis 0 has length 4; accuracy 4 needs at least 5 samples');
    expectError(() => gradient([1, 2], { boundary: 'reflect' }), RangeError, 'axis 0 has length 2; accuracy 2 with these boundaries needs at least 3 samples');
    expectError(
      () =>
        gradient(
          [
            [1, 2, 3, 4, 5],
            [1, 2, 3, 4, 5],
          ],
          { boundary: ['numpy', 'periodic'], accuracy: 4 },
        ),
      RangeError,
      'axis 0 has length 2',
    );
  });
  it("an unknown mode: RangeError with the modes (and a hint for other libraries' names); a wrong kind: TypeError", () => {
    expectError(
      call({ boundary: 'wrap' }),
      RangeError,
      "boundary must be 'numpy', 'periodic', 'reflect', 'symmetric' or { constant: c }, got 'wrap'; did you mean 'periodic'?",
    );
    expectError(call({ boundary: 'mirror' }), RangeError, "did you mean 'reflect'?");
    expectError(call({ boundary: 'constant' }), RangeError, 'did you mean { constant: c }?');
    expectError(call({ boundary: 'edges' }), RangeError, "got 'edges'");
    expectError(call({ boundary: 3 }), TypeError, 'boundary must be');
    expectError(call({ boundary: { constant: '1' } }), TypeError, 'boundary\'s constant must be a number, got string "1"');
    expectError(call({ boundary: { constant: 1, value: 2 } }), TypeError, 'boundary must be');
    expectError(call({ boundary: { left: 'periodic' } }), TypeError, "boundary needs both ends: { left, right }, got only 'left'");
    expectError(call({ boundary: { left: 'periodic', right: 'periodic', middle: 1 } }), TypeError, "unknown key 'middle'");
    expectError(call({ boundary: { left: 'periodic', right: 'wrap' } }), RangeError, 'boundary.right must be');
  });
  it('one boundary per computed axis, in the order of axis', () => {
    expectError(() => gradient(f2d, { boundary: ['periodic'] }), RangeError, 'boundary has 1 entries, one per computed axis is 2');
    expectError(() => gradient(f2d, { axis: [1, 0], boundary: ['periodic', 'bogus' as never] }), RangeError, 'boundary for axis 0 must be');
  });
  it('periodic coordinates need a period larger than their span', () => {
    expectError(call({ boundary: 'periodic' }, x), RangeError, 'axis 0 is periodic with coordinates: give its period');
    expectError(call({ boundary: 'periodic', period: 15 }, x), RangeError, 'period for axis 0 is 15, not larger than the span of its coordinates (15)');
    expectError(call({ boundary: { left: 'numpy', right: 'periodic' }, period: [10] }, x), RangeError, 'not larger than the span');
    expectError(call({ boundary: 'periodic', period: -16 }, x), RangeError, 'period must be a positive finite number, got -16');
    expectError(call({ boundary: 'periodic', period: Number.POSITIVE_INFINITY }, x), RangeError, 'period must be a positive finite number');
    expectError(call({ boundary: 'periodic', period: '16' }, x), TypeError, 'period must be a number, got string "16"');
    expectError(() => gradient(f2d, x5, x5, { boundary: 'periodic', period: [8] }), RangeError, 'period has 1 entries, one per computed axis is 2');
  });
  it('a failed call writes nothing into out', () => {
    const out = new Float64Array(f.length).fill(7);
    expectError(call({ accuracy: 4, boundary: 'periodic', out, period: 1 }, x), RangeError, 'not larger than the span');
    expect(out.every((v) => v === 7)).toBe(true);
  });
});

describe('chunks (README: Chunks and streams)', () => {
  const window = new Float64Array([1, 2, 4, 8, 16]);
  const chunk = { length: 100, start: 11, end: 14 }; // needs samples [10, 15): the window
  it('the chunk option: its form, its fields, its positions', () => {
    expectError(() => gradient(window, { chunk: 5 as never }), TypeError, 'chunk must be { axis?, length, start, end, inputStart? }');
    expectError(() => gradient(window, { chunk: { ...chunk, begin: 0 } as never }), TypeError, "unknown chunk field 'begin'");
    expectError(() => gradient(window, { chunk: { start: 0, end: 1 } as never }), TypeError, 'chunk.length must be an integer, got undefined');
    expectError(() => gradient(window, { chunk: { ...chunk, length: 1.5 } }), RangeError, 'chunk.length must be an integer from 1');
    expectError(() => gradient(window, { chunk: { ...chunk, start: 14 } }), RangeError, 'chunk.end must be an integer from 15 to 100, got 14');
    expectError(() => gradient(window, { chunk: { ...chunk, end: 101 } }), RangeError, 'chunk.end must be an integer from 12 to 100');
    expectError(() => gradient(window, { chunk: { ...chunk, axis: 1 } }), RangeError, 'chunk.axis must be an integer from -1 to 0');
    expectError(() => gradient(5, { chunk }), RangeError, 'chunk needs an array of at least one dimension');
  });
  it('an input that lacks a sample the positions need names the range to give', () => {
    expectError(
      () => gradient(window, { chunk: { ...chunk, inputStart: 11 } }),
      RangeError,
      /holds samples \[11, 16\) of axis 0 \(length 100\); positions \[11, 14\) need \[10, 15\) \(gradientInputRange\)/,
    );
    expectError(() => gradient(window, { chunk: { ...chunk, end: 15 } }), RangeError, 'need [10, 16)');
    expectError(() => gradient(window, { chunk: { length: 100, start: 0, end: 4, inputStart: -1 } }), RangeError, 'holds samples [-1, 4)');
    expectError(
      () => gradient(window, { boundary: 'periodic', chunk: { length: 100, start: 0, end: 4 } }),
      RangeError,
      'holds samples [-1, 4) of axis 0 (length 100); positions [0, 4) need [-1, 5)',
    );
    // A periodic chunk may start before the axis, but no more than one period before it.
    expectError(
      () => gradient(window, { boundary: 'periodic', chunk: { length: 3, start: 0, end: 1, inputStart: -4 } }),
      RangeError,
      'chunk.inputStart must be an integer from -3 to 6, got -4',
    );
    expectError(() => gradient(window, { chunk: { ...chunk, inputStart: 300 } }), RangeError, 'chunk.inputStart must be an integer from -100 to 200, got 300');
  });
  it('a chunk checks the whole axis length against the stencil, and its coordinates against its samples', () => {
    expectError(
      () => gradient(window, { accuracy: 8, boundary: 'reflect', chunk: { length: 6, start: 0, end: 1, inputStart: 0 } }),
      RangeError,
      'axis 0 has length 6; accuracy 8 with these boundaries needs at least 9 samples',
    );
    expectError(() => gradient(window, new Float64Array(100), { chunk }), RangeError, 'distances must match the length of the corresponding dimension');
  });
  it('gradientInputRange and uniformStep check what they are given', () => {
    expectError(() => gradientInputRange(10, 5, 5), RangeError, 'end must be an integer from 6 to 10, got 5');
    expectError(() => gradientInputRange(10, -1, 5), RangeError, 'start must be an integer from 0 to 9, got -1');
    expectError(() => gradientInputRange(10, 0, 5, { accuracy: 3 }), RangeError, 'accuracy must be 2, 4, 6 or 8');
    expectError(() => gradientInputRange(10, 0, 5, { boundary: ['periodic'] as never }), TypeError, "boundary is one axis's here");
    expectError(() => uniformStep(new Int32Array(3) as never), TypeError, 'coordinates must be a Float64Array, a Float32Array or float16');
    expectError(() => uniformStep(new Float64Array([0, 1, 2]), { boundary: 'periodic' }), RangeError, 'give its period');
  });
  it('a failed chunk call writes nothing into out', () => {
    const out = new Float64Array(3).fill(7);
    expectError(() => gradient(window, { out, chunk: { ...chunk, inputStart: 11 } }), RangeError, 'need [10, 15)');
    expect(Array.from(out)).toEqual([7, 7, 7]);
  });
});
