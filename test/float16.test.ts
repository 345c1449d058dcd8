// float16 (README: float16): numpy's curated and random cases bit for bit through both backends,
// sync and async, on one thread and split over three — float16 data with every spacing form,
// float16 coordinates and 0-d float16 steps with every dtype, boundaries and accuracy orders —
// then the input forms (Float16Array where the runtime has it, NDArray dtype 'float16' over a
// Uint16Array of bits everywhere), results, `out`, printing and the conversions themselves.
// Reproduce a random run with NDGRADIENT_SEED.
import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { createGradient } from '../src/gradient';
import { halfBits, halfValue, roundHalf } from '../src/half';
import { NDArray, array, gradient, gradientAsync } from '../src/index';
import { jsBackend } from '../src/reference';
import { checkCases, runOracle } from './numpy/oracle';

const count = Number(process.env.NDGRADIENT_FLOAT16_CASES ?? 900);
const seed = Number(process.env.NDGRADIENT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const js = createGradient(jsBackend).gradient as unknown as (...args: unknown[]) => NDArray | NDArray[];
const Float16 = (globalThis as { Float16Array?: new (values: number | ArrayLike<number> | ArrayBufferLike) => ArrayLike<number> & ArrayBufferView })
  .Float16Array;
const f16round = (Math as { f16round?: (x: number) => number }).f16round;

describe("float16 values are numpy's bit for bit", () => {
  it('on the curated cases (every spacing form, view, axis form, walk, special value, boundary and accuracy)', async () => {
    const { numpy, cases } = runOracle('float16-fixtures');
    expect(cases.length).toBeGreaterThan(300);
    expect(await checkCases(`float16 fixtures vs numpy ${numpy}`, cases, js)).toEqual([]);
  });

  it(`on ${count} random cases, and float16 coordinates and steps with every dtype (seed ${seed})`, async () => {
    const own = runOracle('float16-random', String(seed), String(count));
    // The real random cases draw float16 coordinates and 0-d float16 steps too.
    const mixed = runOracle('random', String(seed), String(count)).cases.filter((c) => c.spacing.some((s) => s.type !== 'number' && s.dtype === 'float16'));
    expect(mixed.length).toBeGreaterThan(count / 20);
    expect(await checkCases(`float16 differential vs numpy ${own.numpy}, seed ${seed}`, [...own.cases, ...mixed], js)).toEqual([]);
  });

  it(`on ${Math.round(count / 3)} random boundary and accuracy cases (seed ${seed})`, async () => {
    const { numpy, cases } = runOracle('float16-stencil-random', String(seed), String(Math.round(count / 3)));
    expect(await checkCases(`float16 stencils vs numpy ${numpy} and the reference, seed ${seed}`, cases, js)).toEqual([]);
  });
});

describe('float16 conversions', () => {
  it('round every float16 value and every halfway point as IEEE round-half-to-even does (Math.f16round where the runtime has it)', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = halfValue(bits);
      if (Number.isNaN(value)) {
        expect((bits & 0x7fff) > 0x7c00).toBe(true);
        expect(Number.isNaN(halfValue(halfBits(value)))).toBe(true);
        continue;
      }
      expect(halfBits(value)).toBe(bits);
      if ((bits & 0x7fff) >= 0x7c00) continue;
      // The midpoint to the next value up rounds to the even one of the two.
      const next = halfValue(bits + 1);
      const midpoint = (value + next) / 2;
      if (!Number.isFinite(next)) continue;
      const even = (bits & 1) === 0 ? value : next;
      expect(roundHalf(midpoint)).toBe(even);
      if (f16round !== undefined) expect(f16round(midpoint)).toBe(roundHalf(midpoint));
    }
    expect(halfBits(65519.99)).toBe(0x7bff);
    expect(halfBits(65520)).toBe(0x7c00);
    expect(halfBits(-0)).toBe(0x8000);
    expect(halfBits(2 ** -25)).toBe(0); // half the smallest subnormal: to even (zero)
    expect(halfBits(2 ** -25 + 2 ** -40)).toBe(1);
  });
});

describe('float16 conversions in both backends, against numpy, for every float16 value', () => {
  // Rows [0, v] for all 65536 bit patterns v: along axis 1 each result is (v - 0) / h, which takes
  // each v through float and back, and a division's rounding, in numpy's half loop.
  const n = 0x10000;
  const data = new Uint16Array(2 * n);
  for (let v = 0; v < n; v++) data[2 * v + 1] = v;
  const f = new NDArray(data, [n, 2], undefined, 0, 'float16');
  it.each([1, 2, 3, 0.1, 1e-7])('spacing %s', (h) => {
    const script = `import base64, numpy as np; v = np.arange(65536, dtype=np.uint16).view(np.float16); f = np.stack([np.zeros_like(v), v], axis=1)
import warnings; warnings.simplefilter('ignore'); print(base64.b64encode(np.gradient(f, ${h}, axis=1).tobytes()).decode())`;
    const expected = new Uint16Array(new Uint8Array(Buffer.from(execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim(), 'base64')).buffer);
    const nan = (bits: number): boolean => (bits & 0x7fff) > 0x7c00;
    for (const run of [gradient, js]) {
      const got = (run(f, h, { axis: 1 }) as NDArray).data as Uint16Array;
      const first = expected.findIndex((want, i) => want !== got[i] && !(nan(want) && nan(got[i]!)));
      expect(first < 0 ? 'all equal' : `value ${first}: ${got[first]} vs numpy ${expected[first]}`).toBe('all equal');
    }
  });
});

describe('float16 input forms', () => {
  const bits = Uint16Array.from([1, 2, 4, 7, 11], halfBits);

  it('reads an NDArray of dtype float16 over a Uint16Array of bits in place, and gives float16 bits back', () => {
    const f = new NDArray(bits, [5], undefined, 0, 'float16');
    const result = gradient(f) as NDArray;
    expect(result.dtype).toBe('float16');
    expect(result.data).toBeInstanceOf(Uint16Array);
    expect(result.toArray()).toEqual([1, 1.5, 2.5, 3.5, 4]);
    // Printed at float16's shortest round-tripping form: 0.15 reads back as its float16, 1/3 needs 4 digits.
    expect(String(array([0.1, 0.15, 1 / 3], { dtype: 'float16' }))).toBe('NDArray(float16, [3]) [0.1, 0.15, 0.3333]');
  });

  it("reads an ndarray-like { data: Uint16Array, shape, dtype: 'float16' } as float16", () => {
    const result = gradient({ data: bits, shape: [5], dtype: 'float16' }) as NDArray;
    expect(result.dtype).toBe('float16');
    expect(result.toArray()).toEqual([1, 1.5, 2.5, 3.5, 4]);
  });

  it('keeps a Uint16Array without a dtype an integer array (float64 results)', () => {
    expect((gradient(bits) as NDArray).dtype).toBe('float64');
  });

  it.runIf(Float16 !== undefined)('reads a Float16Array in place (Node >= 24) and writes into a Float16Array out', async () => {
    const f = new Float16!([1, 2, 4, 7, 11]);
    const result = gradient(f as never) as unknown as NDArray;
    expect(result.dtype).toBe('float16');
    expect(result.toArray()).toEqual([1, 1.5, 2.5, 3.5, 4]);
    const out = new Float16!(5);
    const written = (await gradientAsync(new NDArray(bits, [5], undefined, 0, 'float16'), { out: out as never })) as NDArray;
    expect(Array.from(out)).toEqual([1, 1.5, 2.5, 3.5, 4]);
    expect(written.data).toBe(out);
  });

  it('writes into float16 out: an NDArray, or bits in a bare Uint16Array; refuses other types', () => {
    const f = new NDArray(bits, [5], undefined, 0, 'float16');
    const out = new NDArray(new Uint16Array(10), [5], [2], 1, 'float16');
    expect(gradient(f, { out })).toBe(out);
    expect(out.toArray()).toEqual([1, 1.5, 2.5, 3.5, 4]);
    const bare = new Uint16Array(5);
    gradient(f, 2, { out: bare });
    expect(Array.from(bare, halfValue)).toEqual([0.5, 0.75, 1.25, 1.75, 2]);
    expect(() => gradient(f, { out: new Float32Array(5) })).toThrow(/must hold float16/);
    expect(() => gradient(array([1, 2, 3]), { out: new NDArray(new Uint16Array(3), [3], undefined, 0, 'float16') })).toThrow(/must hold float64/);
  });

  it('gradientAsync computes aside (copies) for a float16 input and out in resizable buffers, with the same bits', async () => {
    const data = new Uint16Array(new ArrayBuffer(2 * 64, { maxByteLength: 2 * 128 })).map((_, i) => halfBits(Math.cos(i)));
    const f = new NDArray(data, [4, 8], [8, -1], 7, 'float16');
    const out = new NDArray(new Uint16Array(new ArrayBuffer(2 * 128, { maxByteLength: 2 * 256 })), [4, 8], [1, 4], 32, 'float16');
    const want = gradient(f, 0.5, { axis: 1 }) as NDArray;
    expect(await gradientAsync(f, 0.5, { axis: 1, out })).toBe(out);
    expect(out.toArray()).toEqual(want.toArray());
  });

  it('refuses float16 over anything but a Uint16Array (or a Float16Array)', () => {
    expect(() => new NDArray(new Int16Array(4), undefined, undefined, undefined, 'float16')).toThrow(/float16 is its bits in a Uint16Array/);
  });
});
