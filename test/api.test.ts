// The public surface (README: Usage): call forms, input forms read in place, return conventions,
// NDArray and array(). Values are checked against numpy where they are numbers.
import { execFileSync } from 'node:child_process';

import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { NDArray, array, gradient } from '../src/index';

/** numpy's answer for a Python expression over `np`, as nested numbers (NaN and ±Infinity kept). */
function numpy(expression: string): unknown {
  const script = `import json, numpy as np\nr = ${expression}\nprint(json.dumps([x.tolist() for x in r] if isinstance(r, tuple) else r.tolist()))`;
  const text = execFileSync('python3', ['-W', 'ignore', '-c', script], { encoding: 'utf8' }); // no RuntimeWarnings
  // Python's json writes NaN, Infinity and -Infinity bare; quote them for JSON.parse, then revive.
  const quoted = text.replace(/-?Infinity|NaN/g, (token) => `"${token}"`);
  return JSON.parse(quoted, (_key, value) => (typeof value === 'string' ? Number(value) : value));
}

const list = (r: NDArray | NDArray[]) => (Array.isArray(r) ? r.map((a) => a.toArray()) : r.toArray());

describe('call forms (README: Usage)', () => {
  const f = [
    [1, 2, 4, 8],
    [3, 5, 9, 9],
    [0, 2, 2, 7],
  ];
  const fPy = 'np.array([[1, 2, 4, 8], [3, 5, 9, 9], [0, 2, 2, 7]], float)';
  it.each([
    ['gradient(f)', () => gradient(f), `np.gradient(${fPy})`],
    ['gradient(f, 2.0)', () => gradient(f, 2.0), `np.gradient(${fPy}, 2.0)`],
    ['gradient(f, 0.5, 2.0)', () => gradient(f, 0.5, 2.0), `np.gradient(${fPy}, 0.5, 2.0)`],
    ['gradient(f, xCoords, 2.0)', () => gradient(f, [0, 1, 3], 2.0), `np.gradient(${fPy}, [0., 1., 3.], 2.0)`],
    ['gradient(f, { axis: 1 })', () => gradient(f, { axis: 1 }), `np.gradient(${fPy}, axis=1)`],
    [
      'gradient(f, 3, 2, { axis: [1, 0], edgeOrder: 2 })',
      () => gradient(f, 3, 2, { axis: [1, 0], edgeOrder: 2 }),
      `np.gradient(${fPy}, 3., 2., axis=(1, 0), edge_order=2)`,
    ],
    [
      'gradient(f, x0, x1, { edgeOrder: 2 })',
      () => gradient(f, [0, 0.5, 3], new Float64Array([1, 2, 4, 8]), { edgeOrder: 2 }),
      `np.gradient(${fPy}, [0., .5, 3.], np.array([1., 2, 4, 8]), edge_order=2)`,
    ],
    ['gradient(f, { axis: -1 })', () => gradient(f, { axis: -1 }), `np.gradient(${fPy}, axis=-1)`],
  ])('%s equals numpy', (_name, call, python) => {
    expect(list(call())).toEqual(numpy(python));
  });

  it('an array of NDArrays (or TypedArrays) stacks its rows, as np.array([a, b]) does', () => {
    const strided = new NDArray(new Float64Array([9, 1, 9, 2, 9, 4, 9]), [3], [2], 1); // [1, 2, 4]
    const rows = [strided, array([2, 3, 7]), new Float64Array([5, 5, 6])];
    expect(list(gradient(rows))).toEqual(numpy('np.gradient(np.array([[1., 2, 4], [2, 3, 7], [5, 5, 6]]))'));
    const planes = [
      array([
        [1, 2],
        [3, 5],
      ]),
      array([
        [2, 2],
        [8, 1],
      ]),
    ];
    expect(list(gradient(planes))).toEqual(numpy('np.gradient(np.array([[[1., 2], [3, 5]], [[2, 2], [8, 1]]]))'));
    expect(() => gradient([array([1, 2, 4]), array([1, 2])])).toThrow(/ragged/);
  });

  it('the README examples', () => {
    expect(gradient([1, 2, 4, 7, 11]).toArray()).toEqual(numpy('np.gradient([1, 2, 4, 7, 11])'));
    const [d0, d1] = gradient([
      [1, 2, 4],
      [7, 11, 16],
    ]);
    expect([d0.toArray(), d1.toArray()]).toEqual(numpy('np.gradient([[1, 2, 4], [7, 11, 16]])'));
  });
});

describe('inputs are read in place (README: Usage, f)', () => {
  it('a TypedArray is a 1-d view, its data not copied', () => {
    const data = new Float64Array([1, 2, 4, 7, 11]);
    const result = gradient(data);
    expect(result.toArray()).toEqual([1, 1.5, 2.5, 3.5, 4]);
    const view = new NDArray(data);
    expect(view.data).toBe(data);
  });

  it("every TypedArray kind gives numpy's values", () => {
    const expected = numpy('np.gradient(np.array([3, 1, 4, 1, 5, 9, 2, 6], np.int64))');
    for (const Kind of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array]) {
      expect(gradient(new Kind([3, 1, 4, 1, 5, 9, 2, 6])).toArray()).toEqual(expected);
    }
    expect(gradient(new BigInt64Array([3n, 1n, 4n, 1n, 5n, 9n, 2n, 6n])).toArray()).toEqual(expected);
    expect(gradient(new BigUint64Array([3n, 1n, 4n, 1n, 5n, 9n, 2n, 6n])).toArray()).toEqual(expected);
  });

  it('a TypedArray over part of a buffer (byteOffset) reads only its own elements', () => {
    const buffer = new Float64Array([99, 1, 2, 4, 7, 11, 99]).buffer;
    expect(gradient(new Float64Array(buffer, 8, 5)).toArray()).toEqual([1, 1.5, 2.5, 3.5, 4]);
  });

  it('a SharedArrayBuffer-backed view works', () => {
    const shared = new Float64Array(new SharedArrayBuffer(40));
    shared.set([1, 2, 4, 7, 11]);
    expect(gradient(shared).toArray()).toEqual([1, 1.5, 2.5, 3.5, 4]);
  });

  it('scijs ndarray-like (stride) and stdlib ndarray-like (strides) with negative strides and offsets', () => {
    const data = new Float64Array([1, 2, 4, 8, 3, 5, 9, 9, 0, 2, 2, 7]);
    const expected = numpy('np.gradient(np.array([1, 2, 4, 8, 3, 5, 9, 9, 0, 2, 2, 7.]).reshape(3, 4)[::-1, ::2])');
    expect(list(gradient({ data, shape: [3, 2], stride: [-4, 2], offset: 8 }))).toEqual(expected);
    expect(list(gradient({ data, shape: [3, 2], strides: [-4, 2], offset: 8 }))).toEqual(expected);
    expect(list(gradient(new NDArray(data, [3, 2], [-4, 2], 8)))).toEqual(expected);
    // plain-array storage is converted once
    expect(list(gradient({ data: Array.from(data), shape: [3, 2], strides: [-4, 2], offset: 8 }))).toEqual(expected);
  });

  it('a zero stride broadcasts one row', () => {
    const row = new Float64Array([1, 2, 4, 8]);
    const [d0, d1] = gradient(new NDArray(row, [3, 4], [0, 1])) as NDArray[];
    expect(d0!.toArray()).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(d1!.toArray()).toEqual(numpy('np.gradient(np.broadcast_to(np.array([1, 2, 4, 8.]), (3, 4)), axis=1)'));
  });

  it('nested arrays may hold TypedArray rows', () => {
    expect(list(gradient([new Float64Array([1, 2, 4]), new Float64Array([7, 11, 16])]))).toEqual(
      list(
        gradient([
          [1, 2, 4],
          [7, 11, 16],
        ]),
      ),
    );
  });
});

describe('spacing forms (README: Usage, spacing)', () => {
  const f = [1, 2, 4, 7, 11, 16];
  it('coordinates as number[], TypedArray, and 1-d NDArray (strided) give the same result', () => {
    const x = [0, 1, 1.5, 3.5, 4, 6];
    const expected = numpy('np.gradient([1, 2, 4, 7, 11, 16.], [0, 1, 1.5, 3.5, 4, 6.])');
    expect(gradient(f, x).toArray()).toEqual(expected);
    expect(gradient(f, new Float64Array(x)).toArray()).toEqual(expected);
    const spread = new Float64Array(12);
    x.forEach((v, i) => {
      spread[2 * i] = v;
    });
    expect(gradient(f, new NDArray(spread, [6], [2])).toArray()).toEqual(expected);
  });

  it('a 0-d NDArray is a scalar (strong float64)', () => {
    expect(gradient(f, array(2)).toArray()).toEqual(numpy('np.gradient([1, 2, 4, 7, 11, 16.], np.array(2.))'));
    const f32 = new Float32Array([0.1, 0.7, 0.3, 0.9]);
    expect(gradient(f32, array(0.3)).toArray()).toEqual(numpy('np.gradient(np.array([0.1, 0.7, 0.3, 0.9], np.float32), np.array(0.3))'));
    expect(gradient(f32, 0.3).toArray()).toEqual(numpy('np.gradient(np.array([0.1, 0.7, 0.3, 0.9], np.float32), 0.3)'));
  });

  it('uniform-looking coordinates take the scalar path, as in numpy', () => {
    // numpy: [inf, 0, -inf, 1] with x = [0, 1, 2, 3] (uniform), [inf, nan, -inf, …] otherwise
    const g = [0, Infinity, 0, 1];
    expect(gradient(g, [0, 1, 2, 3]).toArray()).toEqual(numpy('np.gradient([0, np.inf, 0, 1], [0., 1, 2, 3])'));
    expect(gradient(g, [0, 1, 2, 3.5]).toArray()).toEqual(numpy('np.gradient([0, np.inf, 0, 1], [0., 1, 2, 3.5])'));
  });
});

describe('results (README: Results)', () => {
  it('one computed axis gives one NDArray; several an array; none []', () => {
    expect(gradient([1, 2, 4])).toBeInstanceOf(NDArray);
    expect(
      gradient(
        [
          [1, 2],
          [3, 4],
        ],
        { axis: 0 },
      ),
    ).toBeInstanceOf(NDArray);
    expect(
      gradient(
        [
          [1, 2],
          [3, 4],
        ],
        { axis: [1] },
      ),
    ).toBeInstanceOf(NDArray);
    expect(
      Array.isArray(
        gradient([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toBe(true);
    expect(gradient(5)).toEqual([]);
    expect(gradient(5, 2.0)).toEqual([]);
    expect(
      gradient(
        [
          [1, 2],
          [3, 4],
        ],
        { axis: [] },
      ),
    ).toEqual([]);
  });

  it('results are fresh C-contiguous float arrays of the input shape', () => {
    const input = new NDArray(
      new Int16Array(24).map((_, i) => i * i),
      [4, 3, 2],
      [1, 8, 4],
    );
    const results = gradient(input) as NDArray[];
    for (const r of results) {
      expect(r.dtype).toBe('float64');
      expect(r.shape).toEqual([4, 3, 2]);
      expect(r.strides).toEqual([6, 2, 1]);
      expect(r.offset).toBe(0);
      expect(r.data).toBeInstanceOf(Float64Array);
    }
    expect(gradient(new Float32Array([1, 2, 4])).data).toBeInstanceOf(Float32Array);
  });

  it('an empty other axis gives an empty result', () => {
    const r = gradient(new NDArray(new Float64Array(0), [0, 3]), { axis: 1 });
    expect(r.shape).toEqual([0, 3]);
    expect(r.size).toBe(0);
  });

  it('out: results are written there and returned as NDArrays over it', () => {
    const out: [Float64Array, NDArray<Float64Array>] = [new Float64Array(6), new NDArray(new Float64Array(12), [2, 3], [6, 2], 1)];
    const [d0, d1] = gradient(
      [
        [1, 2, 4],
        [7, 11, 16],
      ],
      { out },
    );
    expect(d0!.data).toBe(out[0]);
    expect(d1).toBe(out[1]);
    expect(d0!.toArray()).toEqual([
      [6, 9, 12],
      [6, 9, 12],
    ]);
    expect(d1!.toArray()).toEqual([
      [1, 1.5, 2],
      [4, 4.5, 5],
    ]);
    expect(Array.from(out[1].data)).toEqual([0, 1, 0, 1.5, 0, 2, 0, 4, 0, 4.5, 0, 5]);
    const single = new Float64Array(5);
    expect(gradient([1, 2, 4, 7, 11], { out: single }).data).toBe(single);
    expect(Array.from(single)).toEqual([1, 1.5, 2.5, 3.5, 4]);
  });
});

describe('gradient(typedArray, { out }): the fast path keeps the general rules', () => {
  const x = Float64Array.from([1, 2, 4, 7, 11, 16, 22]);
  const expected = numpy('np.gradient(np.array([1, 2, 4, 7, 11, 16, 22], dtype=np.float64))');

  it('writes into out and returns a view of it, for float64, float32 and integer input', () => {
    const out = new Float64Array(7);
    const result = gradient(x, { out });
    expect(result.data).toBe(out);
    expect(result.shape).toEqual([7]);
    expect(Array.from(out)).toEqual(expected);
    const out32 = new Float32Array(7);
    expect(gradient(Float32Array.from(x), { out: out32 }).data).toBe(out32);
    expect(Array.from(out32)).toEqual(numpy('np.gradient(np.array([1, 2, 4, 7, 11, 16, 22], dtype=np.float32))'));
    const fromIntegers = new Float64Array(7);
    gradient(Int16Array.from(x), { out: fromIntegers });
    expect(Array.from(fromIntegers)).toEqual(expected);
  });

  it('refuses what the general path refuses, with its messages, and writes nothing', () => {
    const cases: [unknown, RegExp][] = [
      [new Float32Array(7), /^out must hold float64 \(a Float64Array\), got float32$/],
      [new Float64Array(6), /^out has 6 elements; the result has 7$/],
      [x.subarray(0), /^out must not share memory with the input$/],
      [new Array(7).fill(0), /^out must hold arrays to write into/],
      [new Uint8Array(7), /^out must hold float64 \(a Float64Array\), got uint8$/],
    ];
    for (const [out, message] of cases) {
      const before = Array.from(x);
      expect(() => gradient(x, { out } as never), String(message)).toThrow(message);
      expect(Array.from(x)).toEqual(before);
      // Declined by the fast path (the addon refuses an overlapping out itself), `out` is still read once.
      let reads = 0;
      const options = {
        get out() {
          reads++;
          return out;
        },
      };
      expect(() => gradient(x, options as never), String(message)).toThrow(message);
      expect(reads).toBe(1);
    }
  });

  it('an out in the same buffer as the input, where they do not overlap, is computed', () => {
    const memory = new Float64Array(14);
    memory.set(x);
    const out = memory.subarray(7);
    expect(gradient(memory.subarray(0, 7), { out }).data).toBe(out);
    expect(Array.from(out)).toEqual(expected);
  });
});

describe('NDArray and array()', () => {
  it('NDArray exposes data, shape, strides, offset, dtype, ndim, size, get, toArray', () => {
    const a = new NDArray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    expect([a.shape, a.strides, a.offset, a.dtype, a.ndim, a.size]).toEqual([[2, 3], [3, 1], 0, 'float64', 2, 6]);
    expect(a.get(1, 2)).toBe(6);
    expect(a.get(-1, -3)).toBe(4);
    expect(a.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => a.get(2, 0)).toThrow(RangeError);
    // A rank-2 array's get() takes two indices at compile time; untyped callers meet the run-time check.
    expect(() => (a as NDArray).get(0)).toThrow(RangeError);
    expect(new NDArray(new Float64Array([7]), []).toArray()).toBe(7);
  });

  it('iterates along axis 0 like numpy', () => {
    const a = new NDArray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    expect([...a].map((row) => (row as NDArray).toArray())).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect([...new NDArray(new Int8Array([1, 2]))]).toEqual([1, 2]);
  });

  it('array() builds from nested values, TypedArrays (no copy) and numbers', () => {
    expect(
      array([
        [1, 2, 3],
        [4, 5, 6],
      ]).shape,
    ).toEqual([2, 3]);
    const data = new Float32Array(6);
    const a = array(data, { shape: [2, 3] });
    expect(a.data).toBe(data);
    expect(a.shape).toEqual([2, 3]);
    expect(array([1, 2, 3], { dtype: 'int32' }).data).toEqual(new Int32Array([1, 2, 3]));
    expect(array(4).ndim).toBe(0);
    expect(array([1, 2], { dtype: 'int64' }).data).toEqual(new BigInt64Array([1n, 2n]));
    expect(() => array([1, 2, 3], { shape: [2, 2] })).toThrow(RangeError);
    expect(() => array([1, 2], { dtype: 'complex256' as 'float64' })).toThrow(TypeError);
  });
});

describe('printing and conversion', () => {
  it('a 2000×2000 result prints as numpy summarises it: edge items, shape and dtype, in milliseconds', () => {
    const r = gradient(
      new NDArray(
        new Float64Array(4e6).map((_, i) => i % 2000),
        [2000, 2000],
      ),
      { axis: 1 },
    );
    const start = performance.now();
    const text = inspect(r);
    expect(performance.now() - start).toBeLessThan(200);
    expect(text.length).toBeLessThan(400);
    expect(text.split('\n')[0]).toBe('NDArray(float64, [2000, 2000]) [[1, 1, 1, ..., 1, 1, 1],');
    expect(text).toContain('\n ...,\n');
    expect(String(r)).toBe(text);
  });

  it('small arrays print whole; inspect honours maxArrayLength and depth', () => {
    expect(
      inspect(
        array([
          [1, 2],
          [3, -0],
        ]),
      ),
    ).toBe('NDArray(float64, [2, 2]) [[1, 2],\n [3, -0]]');
    expect(inspect(array(new Float64Array(10).map((_, i) => i)), { maxArrayLength: 4 })).toBe('NDArray(float64, [10]) [0, 1, ..., 8, 9]');
    expect(inspect(array(new Float64Array(10)), { maxArrayLength: 0 })).toBe('NDArray(float64, [10]) [...]');
    expect(inspect({ a: { b: array([1, 2]) } }, { depth: 0 })).toBe('{ a: [Object] }');
    expect(inspect({ a: array([1, 2]) }, { depth: 0 })).toBe('{ a: NDArray(float64, [2]) }');
  });

  it('float32 values print at float32 shortest form, int64 exactly', () => {
    expect(String(gradient(new Float32Array([0.1, 0.2, 0.4])))).toBe('NDArray(float32, [3]) [0.1, 0.15, 0.2]');
    expect(String(array(new BigInt64Array([2n ** 60n + 1n])))).toBe('NDArray(int64, [1]) [1152921504606846977]');
  });

  it('JSON: dtype, shape and nested data; NaN and Infinity become null, as JSON.stringify makes them', () => {
    expect(
      JSON.parse(
        JSON.stringify(
          array([
            [Number.NaN, 1],
            [Infinity, -0],
          ]),
        ),
      ),
    ).toEqual({
      dtype: 'float64',
      shape: [2, 2],
      data: [
        [null, 1],
        [null, 0],
      ],
    });
    expect(Object.prototype.toString.call(array([1]))).toBe('[object NDArray]');
  });
});
