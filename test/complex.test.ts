// complex128 and complex64 (README: Complex data): numpy's curated and random cases bit for bit
// through both backends, sync and async, on one thread and split over three; boundaries and
// accuracy orders against numpy on the padded array and the independent reference; then the input
// forms, results, `out`, printing and the errors. Reproduce a random run with NDGRADIENT_SEED.
import Complex128Array from '@stdlib/array-complex128';
import Complex64Array from '@stdlib/array-complex64';
import { describe, expect, it } from 'vitest';

import { createGradient } from '../src/gradient';
import { NDArray, array, gradient, gradientAsync, type Complex, type ComplexNDArray } from '../src/index';
import { jsBackend } from '../src/reference';
import { checkCases, nanBitDifferences, runOracle, type OracleCase } from './numpy/oracle';

const count = Number(process.env.NDGRADIENT_COMPLEX_CASES ?? 1200);
const seed = Number(process.env.NDGRADIENT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const js = createGradient(jsBackend).gradient as unknown as (...args: unknown[]) => NDArray | NDArray[];

const runCases = (label: string, cases: OracleCase[]): Promise<string[]> => checkCases(label, cases, js);

describe("complex values are numpy's bit for bit", () => {
  it('on the curated cases (every spacing form, view, axis form, walk, special value, boundary and accuracy)', async () => {
    const { numpy, cases } = runOracle('complex-fixtures');
    expect(cases.length).toBeGreaterThan(600);
    expect(new Set(cases.map((c) => c.group))).toEqual(new Set(['complex128', 'complex64']));
    expect(await runCases(`complex fixtures vs numpy ${numpy}`, cases)).toEqual([]);
  });

  it(`on ${count} random cases (seed ${seed})`, async () => {
    const { numpy, cases } = runOracle('complex-random', String(seed), String(count));
    expect(cases.length).toBe(count);
    expect(await runCases(`complex differential vs numpy ${numpy}, seed ${seed}`, cases)).toEqual([]);
    console.log(`complex: ${nanBitDifferences.count} NaN values whose sign or payload bits differ from numpy's (not compared)`);
  });

  it(`on ${Math.round(count / 3)} random boundary and accuracy cases (seed ${seed})`, async () => {
    const { numpy, cases } = runOracle('complex-stencil-random', String(seed), String(Math.round(count / 3)));
    expect(await runCases(`complex stencils vs numpy ${numpy} and the reference, seed ${seed}`, cases)).toEqual([]);
  });
});

describe('complex input forms', () => {
  const values = [1, 1, 2, 0, 4, -2]; // numpy's example: [1+1j, 2, 4-2j] -> [1-1j, 1.5-1.5j, 2-2j]
  const expected = [
    { re: 1, im: -1 },
    { re: 1.5, im: -1.5 },
    { re: 2, im: -2 },
  ];

  /** A complex result of a call whose rank TypeScript cannot see. */
  const one = (result: ComplexNDArray | ComplexNDArray[]): ComplexNDArray => result as ComplexNDArray;

  it('reads array() of { re, im } values, an interleaved Float64Array, and stdlib Complex128Array / Complex64Array in place', () => {
    // Numbers among { re, im } values are real (typed real: the complex overload wants { re, im } only).
    expect(one(gradient(array([{ re: 1, im: 1 }, 2, { re: 4, im: -2 }]) as unknown as ComplexNDArray)).toArray()).toEqual(expected);
    const interleaved = new Float64Array(values);
    const view = array(interleaved, { dtype: 'complex128' });
    expect(view.data).toBe(interleaved);
    expect(view.shape).toEqual([3]);
    expect(one(gradient(view)).toArray()).toEqual(expected);
    const stdlib = new Complex128Array(values);
    const result = gradient(stdlib);
    expect(result.dtype).toBe('complex128');
    expect(result.toArray()).toEqual(expected);
    const single = gradient(new Complex64Array(values));
    expect(single.dtype).toBe('complex64');
    expect(single.data).toBeInstanceOf(Float32Array);
    expect(single.toArray()).toEqual(expected);
  });

  it('reads stdlib-style ndarrays: { data: Complex128Array, shape, strides, offset, dtype } and interleaved data with a complex dtype', () => {
    const like = { data: new Complex128Array([9, 9, ...values]), shape: [3], strides: [1], offset: 1, dtype: 'complex128' };
    expect((gradient(like) as unknown as ComplexNDArray).toArray()).toEqual(expected);
    const interleaved = { data: new Float32Array(values), shape: [3], dtype: 'complex64' };
    const result = gradient(interleaved) as unknown as ComplexNDArray;
    expect(result.dtype).toBe('complex64');
    expect(result.toArray()).toEqual(expected);
  });

  it('reads a stdlib subarray where it lies (its byteOffset), not from the start of its buffer', () => {
    const whole = new Complex128Array([9, 9, ...values]);
    expect(gradient(whole.subarray(1)).toArray()).toEqual(expected);
  });

  it('takes strided, reversed and zero-stride views counted in complex elements', () => {
    const data = new Float64Array([1, 1, 99, 99, 2, 0, 99, 99, 4, -2]);
    const stepped = new NDArray<Float64Array, Complex>(data, [3], [2], 0, 'complex128');
    expect(one(gradient(stepped)).toArray()).toEqual(expected);
    const reversed = new NDArray<Float64Array, Complex>(data, [3], [-2], 4, 'complex128');
    expect(one(gradient(reversed)).toArray()).toEqual([
      { re: -2, im: 2 },
      { re: -1.5, im: 1.5 },
      { re: -1, im: 1 },
    ]);
    const constant = new NDArray<Float64Array, Complex>(data, [4], [0], 2, 'complex128');
    expect(one(gradient(constant)).toArray()).toEqual(Array.from({ length: 4 }, () => ({ re: 0, im: 0 })));
  });

  it('keeps real spacing and coordinates real, and refuses complex spacing', () => {
    const f = array([
      { re: 0, im: 0 },
      { re: 1, im: 2 },
      { re: 4, im: 8 },
    ]);
    expect(one(gradient(f, [0, 1, 3])).dtype).toBe('complex128');
    expect(() =>
      gradient(
        f,
        array([
          { re: 1, im: 1 },
          { re: 2, im: 0 },
          { re: 3, im: 0 },
        ]) as never,
      ),
    ).toThrow(TypeError);
    expect(() => gradient(f, array({ re: 1, im: 1 }) as never)).toThrow(/spacing and coordinates must be real/);
  });

  it('writes into complex out (an NDArray, or (re, im) pairs in a bare TypedArray), and refuses the wrong kind', async () => {
    const f = array([
      { re: 1, im: 1 },
      { re: 2, im: 0 },
      { re: 4, im: -2 },
    ]);
    const out = new NDArray<Float64Array, Complex>(new Float64Array(6), [3], undefined, 0, 'complex128');
    expect(gradient(f, { out })).toBe(out);
    expect(out.toArray()).toEqual(expected);
    const bare = new Float64Array(6);
    gradient(f, { out: bare });
    expect(Array.from(bare)).toEqual([1, -1, 1.5, -1.5, 2, -2]);
    await gradientAsync(f, { out: bare.fill(0) });
    expect(Array.from(bare)).toEqual([1, -1, 1.5, -1.5, 2, -2]);
    expect(() => gradient(f, { out: new Float64Array(3) })).toThrow(/take 6/);
    expect(() => gradient(f, { out: new Float32Array(6) })).toThrow(TypeError);
    expect(() => gradient(f, { out: new NDArray(new Float64Array(3)) })).toThrow(/must hold complex128/);
    expect(() => gradient(array([1, 2, 3]), { out: new NDArray(new Float64Array(6), [3], undefined, 0, 'complex128') })).toThrow(/must hold float64/);
  });

  it('gradientAsync computes aside (copies) for a complex input and out in resizable buffers, with the same bits', async () => {
    const data = new Float64Array(new ArrayBuffer(8 * 64, { maxByteLength: 8 * 128 })).map((_, i) => Math.cos(i));
    const f = new NDArray<Float64Array, Complex>(data, [4, 8], [8, -1], 7, 'complex128');
    const out = new NDArray<Float64Array, Complex>(new Float64Array(new ArrayBuffer(8 * 128, { maxByteLength: 8 * 256 })), [4, 8], [1, 4], 32, 'complex128');
    const want = gradient(f, 0.5, { axis: 1 }) as ComplexNDArray;
    expect(await gradientAsync(f, 0.5, { axis: 1, out })).toBe(out);
    expect(out.toArray()).toEqual(want.toArray());
  });

  it('computes on the libuv pool into a strided complex out, on 3 threads', async () => {
    const n = 300_000;
    const data = new Float64Array(2 * n).map((_, i) => Math.sin(i));
    const f = new NDArray<Float64Array, Complex>(data, [n], undefined, 0, 'complex128');
    const whole = gradient(f, 0.1, { threads: 1, axis: 0 });
    const out = new NDArray<Float64Array, Complex>(new Float64Array(4 * n), [n], [2], 1, 'complex128');
    await gradientAsync(f, 0.1, { out, threads: 3 });
    for (let i = 0; i < n; i += 9973) expect(out.get(i)).toEqual(whole.get(i));
  });
});

describe('complex arrays', () => {
  it('give { re, im } from get(), toArray() and iteration, and print as numpy writes complex numbers', () => {
    const a: ComplexNDArray = array([
      [
        { re: 1, im: -0 },
        { re: Number.NaN, im: Infinity },
      ],
      [
        { re: 0.5, im: 0 },
        { re: -2, im: 3 },
      ],
    ]);
    expect(a.dtype).toBe('complex128');
    expect(a.get(1, 1)).toEqual({ re: -2, im: 3 });
    expect(a.toArray()).toEqual([
      [
        { re: 1, im: -0 },
        { re: Number.NaN, im: Infinity },
      ],
      [
        { re: 0.5, im: 0 },
        { re: -2, im: 3 },
      ],
    ]);
    expect([...(a.data.subarray(0, 2) as Float64Array)]).toEqual([1, -0]);
    expect(String(a)).toBe('NDArray(complex128, [2, 2]) [[1-0j, NaN+Infinityj],\n [0.5+0j, -2+3j]]');
    const single = array([{ re: 0.1, im: -0.2 }], { dtype: 'complex64' });
    expect(String(single)).toBe('NDArray(complex64, [1]) [0.1-0.2j]');
    expect(JSON.parse(JSON.stringify(single))).toEqual({ dtype: 'complex64', shape: [1], data: [{ re: Math.fround(0.1), im: Math.fround(-0.2) }] });
  });

  it('convert from real arrays (imaginary part 0) and refuse to drop an imaginary part', () => {
    expect(array([1, 2], { dtype: 'complex64' }).toArray()).toEqual([
      { re: 1, im: 0 },
      { re: 2, im: 0 },
    ]);
    expect(array(array([3]), { dtype: 'complex128' }).get(0)).toEqual({ re: 3, im: 0 });
    expect(() => array(array([{ re: 1, im: 1 }]), { dtype: 'float64' })).toThrow(/is complex; float64 has no imaginary part/);
    expect(() => array([1, { re: 1, im: 1 }])).toThrow(/give dtype 'complex128'/);
  });

  it('refuse data that cannot hold the dtype: odd lengths, other TypedArrays', () => {
    expect(() => new NDArray(new Float64Array(5), undefined, undefined, undefined, 'complex128')).toThrow(RangeError);
    expect(() => new NDArray(new Float64Array(5), undefined, undefined, undefined, 'complex128')).toThrow(/even number/);
    expect(() => new NDArray(new Float32Array(4), undefined, undefined, undefined, 'complex128')).toThrow(/pairs in a Float64Array/);
    expect(() => new NDArray(new Int32Array(4), undefined, undefined, undefined, 'complex64')).toThrow(TypeError);
    expect(() => new NDArray(new Float64Array(4), [3], undefined, undefined, 'complex128')).toThrow(/outside the 2 elements/);
    // A Float64Array without a dtype stays float64, whatever its length.
    expect(gradient(new Float64Array([1, 1, 2, 0])).dtype).toBe('float64');
  });
});
