// numpy's own TestGradient (numpy/lib/tests/test_function_base.py, numpy 2.4.6), ported case by
// case with the expected values as numpy's file states them. numpy's ValueError maps to
// RangeError and AxisError to RangeError (README: Errors).
//
// Not ported, because JS has no such dtype or array type (README: Deliberate differences from numpy): test_datetime64,
// test_timedelta64, test_masked.
import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { NDArray, array, gradient, type NestedNumbers } from '../src/index';

const arange = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const reshape = (values: number[], rows: number): number[][] =>
  Array.from({ length: rows }, (_, r) => values.slice((r * values.length) / rows, ((r + 1) * values.length) / rows));
const tile = (row: number[], rows: number): number[][] => Array.from({ length: rows }, () => [...row]);
const transpose = (m: number[][]): number[][] => m[0]!.map((_, j) => m.map((row) => row[j]!));
const list = (a: NDArray | NDArray[]): NestedNumbers => (Array.isArray(a) ? a.map((x) => x.toArray()) : a.toArray());
const almostEqual = (a: NestedNumbers, b: NestedNumbers): void => {
  const flatten = (v: NestedNumbers): number[] => (typeof v === 'number' ? [v] : v.flatMap(flatten));
  const flatA = flatten(a);
  const flatB = flatten(b);
  expect(flatA.length).toBe(flatB.length);
  flatA.forEach((v, i) => {
    expect(v).toBeCloseTo(flatB[i]!, 7);
  });
};

describe('numpy TestGradient', () => {
  it('test_basic', () => {
    const v = [
      [1, 1],
      [3, 4],
    ];
    const x = array(v, { dtype: 'int32' });
    const dx = [
      [
        [2, 3],
        [2, 3],
      ],
      [
        [0, 0],
        [1, 1],
      ],
    ];
    expect(list(gradient(x))).toEqual(dx);
    expect(list(gradient(v))).toEqual(dx);
  });

  it('test_args', () => {
    const dx = [1, 2, 3, 4, 5]; // np.cumsum(np.ones(5))
    const dxUneven = [1, 2, 5, 9, 11];
    const f2d = array(reshape(arange(25), 5), { dtype: 'int32' });
    // distances must be scalars or have size equal to gradient[axis]
    expect(() => gradient(arange(5), 3)).not.toThrow();
    expect(() => gradient(arange(5), array(3))).not.toThrow();
    expect(() => gradient(arange(5), dx)).not.toThrow();
    // dy is set equal to dx because scalar
    expect(() => gradient(f2d, 1.5)).not.toThrow();
    expect(() => gradient(f2d, array(1.5))).not.toThrow();
    expect(() => gradient(f2d, dxUneven, dxUneven)).not.toThrow();
    // mix between even and uneven spaces and between scalar and vector
    expect(() => gradient(f2d, dx, 2)).not.toThrow();
    // 2D but axis specified
    expect(() => gradient(f2d, dx, { axis: 1 })).not.toThrow();
    // 2d coordinate arguments are not yet allowed
    const stacked = dx.map((v) => [v, v]);
    expect(() => gradient(f2d, stacked as unknown as number[], 1)).toThrow(/scalars or 1d/);
    expect(() => gradient(f2d, stacked as unknown as number[], 1)).toThrow(RangeError);
  });

  it('test_badargs', () => {
    const f2d = array(reshape(arange(25), 5), { dtype: 'int32' });
    const x = [1, 2, 3, 4, 5];
    const ones2 = new Float64Array([1, 1]);
    // wrong sizes
    expect(() => gradient(f2d, x, ones2)).toThrow(RangeError);
    expect(() => gradient(f2d, 1, ones2)).toThrow(RangeError);
    expect(() => gradient(f2d, ones2, ones2)).toThrow(RangeError);
    // wrong number of arguments
    expect(() => gradient(f2d, x)).toThrow(TypeError);
    expect(() => gradient(f2d, x, { axis: [0, 1] })).toThrow(TypeError);
    expect(() => gradient(f2d, x, x, x)).toThrow(TypeError);
    expect(() => gradient(f2d, 1, 1, 1)).toThrow(TypeError);
    expect(() => gradient(f2d, x, x, { axis: 1 })).toThrow(TypeError);
    expect(() => gradient(f2d, 1, 1, { axis: 1 })).toThrow(TypeError);
  });

  it('test_second_order_accurate', () => {
    const check = (x: number[], spacing: number | number[]): void => {
      const y = x.map((v) => 2 * v ** 3 + 4 * v ** 2 + 2 * v);
      const analytical = x.map((v) => 6 * v ** 2 + 8 * v + 2);
      const numerical = gradient(y, spacing, { edgeOrder: 2 }).toArray() as number[];
      numerical.forEach((value, i) => {
        expect(Math.abs(value / analytical[i]! - 1)).toBeLessThan(0.03);
      });
    };
    const x = Array.from({ length: 10 }, (_, i) => i / 9); // np.linspace(0, 1, 10)
    check(x, x[1]! - x[0]!);
    // unevenly spaced: numpy's own sample, np.sort(np.random.default_rng(0).random(10))
    const script = 'import json, numpy as np; print(json.dumps(np.sort(np.random.default_rng(0).random(10)).tolist()))';
    const uneven = JSON.parse(execFileSync('python3', ['-c', script], { encoding: 'utf8' })) as number[];
    check(uneven, uneven);
  });

  it('test_spacing', () => {
    const base = [0, 2, 3, 4, 5, 5];
    const f = base.map((row) => base.map((v) => v + row)); // np.tile(f, (6, 1)) + f.reshape(-1, 1)
    const xUneven = [0, 0.5, 1, 3, 5, 7];
    const xEven = arange(6);
    const evenOrd1 = tile([2, 1.5, 1, 1, 0.5, 0], 6);
    const evenOrd2 = tile([2.5, 1.5, 1, 1, 0.5, -0.5], 6);
    const unevenOrd1 = tile([4, 3, 1.7, 0.5, 0.25, 0], 6);
    const unevenOrd2 = tile([5, 3, 1.7, 0.5, 0.25, -0.25], 6);

    // evenly spaced
    for (const [edgeOrder, expected] of [
      [1, evenOrd1],
      [2, evenOrd2],
    ] as const) {
      const res1 = list(gradient(f, 1, { axis: [0, 1], edgeOrder }));
      const res2 = list(gradient(f, xEven, xEven, { axis: [0, 1], edgeOrder }));
      const res3 = list(gradient(f, xEven, xEven, { axis: null, edgeOrder }));
      expect(res1).toEqual(res2);
      expect(res2).toEqual(res3);
      almostEqual((res1 as NestedNumbers[])[0]!, transpose(expected as number[][]));
      almostEqual((res1 as NestedNumbers[])[1]!, expected as number[][]);

      let one = gradient(f, 1, { axis: 0, edgeOrder });
      let other = gradient(f, xEven, { axis: 0, edgeOrder });
      expect(one.shape).toEqual(other.shape);
      almostEqual(other.toArray(), transpose(expected as number[][]));

      one = gradient(f, 1, { axis: 1, edgeOrder });
      other = gradient(f, xEven, { axis: 1, edgeOrder });
      expect(one.shape).toEqual(other.shape);
      expect(other.toArray()).toEqual(expected);
    }

    // unevenly spaced
    for (const [edgeOrder, expected] of [
      [1, unevenOrd1],
      [2, unevenOrd2],
    ] as const) {
      const res1 = list(gradient(f, xUneven, xUneven, { axis: [0, 1], edgeOrder })) as NestedNumbers[];
      const res2 = list(gradient(f, xUneven, xUneven, { axis: null, edgeOrder }));
      expect(res1).toEqual(res2);
      almostEqual(res1[0]!, transpose(expected as number[][]));
      almostEqual(res1[1]!, expected as number[][]);
      almostEqual(gradient(f, xUneven, { axis: 0, edgeOrder }).toArray(), transpose(expected as number[][]));
      almostEqual(gradient(f, xUneven, { axis: 1, edgeOrder }).toArray(), expected as number[][]);
    }

    // mixed
    for (const [edgeOrder, even, uneven] of [
      [1, evenOrd1, unevenOrd1],
      [2, evenOrd2, unevenOrd2],
    ] as const) {
      const res1 = list(gradient(f, xEven, xUneven, { axis: [0, 1], edgeOrder })) as NestedNumbers[];
      const res2 = list(gradient(f, xUneven, xEven, { axis: [1, 0], edgeOrder })) as NestedNumbers[];
      expect(res1[0]).toEqual(res2[1]);
      expect(res1[1]).toEqual(res2[0]);
      almostEqual(res1[0]!, transpose(even as number[][]));
      almostEqual(res1[1]!, uneven as number[][]);
    }
  });

  it('test_specific_axes', () => {
    const x = array(
      [
        [1, 1],
        [3, 4],
      ],
      { dtype: 'int32' },
    );
    const dx = [
      [
        [2, 3],
        [2, 3],
      ],
      [
        [0, 0],
        [1, 1],
      ],
    ] as const;
    expect(list(gradient(x, { axis: 0 }))).toEqual(dx[0]);
    expect(list(gradient(x, { axis: 1 }))).toEqual(dx[1]);
    expect(list(gradient(x, { axis: -1 }))).toEqual(dx[1]);
    expect(list(gradient(x, { axis: [1, 0] }))).toEqual([dx[1], dx[0]]);
    // axis=None means all axes, the same as no axis given
    almostEqual(list(gradient(x, { axis: null })), [dx[0], dx[1]] as unknown as NestedNumbers);
    expect(list(gradient(x, { axis: null }))).toEqual(list(gradient(x)));
    // vararg order follows the axis order
    expect(list(gradient(x, 2, 3, { axis: [1, 0] }))).toEqual([dx[1].map((row) => row.map((v) => v / 2)), dx[0].map((row) => row.map((v) => v / 3))]);
    // maximal number of varargs
    expect(() => gradient(x, 1, 2, { axis: 1 })).toThrow(TypeError);
    expect(() => gradient(x, { axis: 3 })).toThrow(RangeError);
    expect(() => gradient(x, { axis: -3 })).toThrow(RangeError);
  });

  it('test_inexact_dtypes (float16, float32, float64: the dtype np.diff gives)', () => {
    const script =
      'import json, numpy as np; print(json.dumps([str(np.diff(np.array([1, 2, 3], dtype=t)).dtype) for t in (np.float16, np.float32, np.float64)]))';
    const expected = JSON.parse(execFileSync('python3', ['-c', script], { encoding: 'utf8' })) as string[];
    const inputs = [array([1, 2, 3], { dtype: 'float16' }), new Float32Array([1, 2, 3]), new Float64Array([1, 2, 3])];
    expect(inputs.map((x) => (gradient(x as NDArray) as NDArray).dtype)).toEqual(expected);
  });

  it('test_values', () => {
    expect(() => gradient(arange(2), { edgeOrder: 1 })).not.toThrow();
    expect(() => gradient(arange(3), { edgeOrder: 2 })).not.toThrow();
    expect(() => gradient(arange(0), { edgeOrder: 1 })).toThrow(RangeError);
    expect(() => gradient(arange(0), { edgeOrder: 2 })).toThrow(RangeError);
    expect(() => gradient(arange(1), { edgeOrder: 1 })).toThrow(RangeError);
    expect(() => gradient(arange(1), { edgeOrder: 2 })).toThrow(RangeError);
    expect(() => gradient(arange(2), { edgeOrder: 2 })).toThrow(RangeError);
  });

  it.each([
    ['uint8', new Uint8Array([5, 4, 3, 2, 1])],
    ['uint16', new Uint16Array([5, 4, 3, 2, 1])],
    ['uint32', new Uint32Array([5, 4, 3, 2, 1])],
    ['uint64', new BigUint64Array([5n, 4n, 3n, 2n, 1n])],
  ] as const)('test_f_decreasing_unsigned_int %s', (_dtype, f) => {
    expect(gradient(f).toArray()).toEqual([-1, -1, -1, -1, -1]);
  });

  it.each([
    ['int8', new Int8Array([-1, 127]), 64],
    ['int16', new Int16Array([-1, 32767]), 16384],
    ['int32', new Int32Array([-1, 2147483647]), 1073741824],
    ['int64', new BigInt64Array([-1n, 9223372036854775807n]), 2 ** 62],
  ] as const)('test_f_signed_int_big_jump %s', (_dtype, f, half) => {
    // (maxint + 1) // 2, twice
    expect(gradient(f, [1, 3]).toArray()).toEqual([half, half]);
  });

  it.each([
    ['uint8', new Uint8Array([3, 2, 1])],
    ['uint16', new Uint16Array([3, 2, 1])],
    ['uint32', new Uint32Array([3, 2, 1])],
    ['uint64', new BigUint64Array([3n, 2n, 1n])],
  ] as const)('test_x_decreasing_unsigned %s', (_dtype, x) => {
    expect(gradient([0, 2, 4], x).toArray()).toEqual([-2, -2, -2]);
  });

  it.each([
    ['int8', new Int8Array([-1, 127]), -128],
    ['int16', new Int16Array([-1, 32767]), -32768],
    ['int32', new Int32Array([-1, 2147483647]), -2147483648],
    ['int64', new BigInt64Array([-1n, 9223372036854775807n]), -(2 ** 63)],
  ] as const)('test_x_signed_int_big_jump %s', (_dtype, x, minint) => {
    expect(gradient([Math.floor(minint / 2), 0], x).toArray()).toEqual([0.5, 0.5]);
  });

  it('test_return_type: several axes give an array of results', () => {
    const result = gradient([
      [1, 2],
      [2, 3],
    ]);
    expect(Array.isArray(result)).toBe(true);
    expect(result).toHaveLength(2);
    expect(result[0]).toBeInstanceOf(NDArray);
  });
});
