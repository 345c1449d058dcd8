// Property-based tests (fast-check). Valid calls over random shapes, strides (negative and zero),
// offsets, dtypes, axes and spacings match numpy bit for bit; arbitrary malformed calls are a
// TypeError or RangeError, the same from gradient and gradientAsync, and never anything worse.
// Seeds are printed; NDGRADIENT_SEED replays a run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { allocate, constructors, valuesPerElement, type DType, type NumericArray } from '../src/dtypes';
import { NDArray, gradient, gradientAsync } from '../src/index';
import { checkCase, type OracleCase } from './numpy/oracle';

const seed = Number(process.env.NDGRADIENT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const dtypes = Object.keys(constructors) as DType[];
const b64 = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

const ranges: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  uint8c: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
};

/** Values for one dtype: any float64 (NaN, ±Infinity, -0 included), float32, or the integer range; complex: any parts. */
function values(dtype: DType, length: number): fc.Arbitrary<NumericArray> {
  const count = length * valuesPerElement(dtype);
  const make = (items: unknown[]): NumericArray => {
    const array = allocate(dtype, length);
    items.forEach((v, i) => {
      (array as unknown as unknown[])[i] = v;
    });
    return array;
  };
  if (dtype === 'float64' || dtype === 'complex128') return fc.array(fc.double(), { minLength: count, maxLength: count }).map(make);
  if (dtype === 'float32' || dtype === 'complex64') return fc.array(fc.float(), { minLength: count, maxLength: count }).map(make);
  if (dtype === 'float16') return fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: count, maxLength: count }).map(make); // any bits
  if (dtype === 'int64') return fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: length, maxLength: length }).map(make);
  if (dtype === 'uint64') return fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { minLength: length, maxLength: length }).map(make);
  const [min, max] = ranges[dtype]!;
  return fc.array(fc.integer({ min, max }), { minLength: length, maxLength: length }).map(make);
}

type EncodedSpacing = OracleCase['spacing'][number];

/** A spacing for an axis of length n, with its encoding for the oracle. */
function spacingFor(n: number): fc.Arbitrary<EncodedSpacing> {
  const scalar = fc
    .oneof(fc.double({ noNaN: false }), fc.constantFrom(1, 2, 0.5, 0.3, -1, 0.1))
    .map((v): EncodedSpacing => ({ type: 'number', value: b64(new Float64Array([v])) }));
  const zeroD = fc
    .tuple(fc.constantFrom<DType>('float64', 'float32', 'int32'), fc.constantFrom(0.5, 3, 0.3, -2))
    .map(([dtype, v]): EncodedSpacing => ({ type: 'zerod', dtype, value: b64(new constructors[dtype](1).fill(v as never)) }));
  const coordinates = fc
    .tuple(
      fc.constantFrom<DType>('float64', 'float32', 'int32', 'uint8'),
      fc.constantFrom<'list' | 'typed' | 'ndarray'>('list', 'typed', 'ndarray'),
      fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
      fc.boolean(),
    )
    .map(([dtype, form, xs, sorted]): EncodedSpacing => {
      const chosen = form === 'typed' ? dtype : 'float64';
      const x = new constructors[chosen](n);
      const ordered = sorted ? [...xs].sort((a, b) => a - b) : xs;
      ordered.forEach((v, i) => {
        (x as unknown as number[])[i] = chosen === 'uint8' ? Math.abs(Math.round(v)) : chosen === 'int32' ? Math.round(v) : v;
      });
      return { type: 'coords', form, dtype: chosen, buffer: b64(x) };
    });
  return fc.oneof(scalar, zeroD, coordinates);
}

/** A valid call: a strided view over a random buffer, axes long enough for the edge order. */
const validCase = fc
  .record({
    dtype: fc.constantFrom(...dtypes),
    edgeOrder: fc.constantFrom<1 | 2>(1, 2),
    ndim: fc.integer({ min: 1, max: 4 }),
    axisForm: fc.constantFrom('all', 'one', 'list'),
  })
  .chain(({ dtype, edgeOrder, ndim, axisForm }) =>
    fc
      .record({
        order: fc.shuffledSubarray([...Array(ndim).keys()], { minLength: 1 }),
        single: fc.integer({ min: -ndim, max: ndim - 1 }),
        lengths: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: ndim, maxLength: ndim }),
        strides: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: ndim, maxLength: ndim }),
        slack: fc.tuple(fc.nat(2), fc.nat(2)),
      })
      .chain(({ order, single, lengths, strides, slack }) => {
        const axes = axisForm === 'all' ? [...Array(ndim).keys()] : axisForm === 'one' ? [(single + ndim) % ndim] : order;
        const shape = lengths.map((n, d) => (axes.includes(d) ? Math.max(n, edgeOrder + 1) : n));
        let low = 0;
        let high = 0;
        shape.forEach((n, d) => {
          const reach = strides[d]! * (n - 1);
          if (reach < 0) low += reach;
          else high += reach;
        });
        const offset = -low + slack[0];
        const length = offset + high + 1 + slack[1];
        const axis = axisForm === 'all' ? null : axisForm === 'one' ? single : order;
        const spacingForms = fc.oneof(
          fc.constant<EncodedSpacing[]>([]),
          spacingFor(2)
            .filter((s) => s.type !== 'coords')
            .map((s) => [s]),
          fc.tuple(...axes.map((a) => spacingFor(shape[a]!))),
        );
        return fc.record({ data: values(dtype, length), spacing: spacingForms }).map(({ data, spacing }) => ({
          name: `property ${dtype} shape [${shape}] strides [${strides}] offset ${offset} axis ${JSON.stringify(axis)} eo${edgeOrder}`,
          input: { dtype, buffer: b64(data), shape, strides, offset },
          spacing,
          axis,
          edgeOrder,
        }));
      }),
  );

/** numpy's results for cases made here (test/numpy/oracle.py batch). */
function completeWithNumpy(cases: object[]): OracleCase[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'ndgradient-properties-'));
  try {
    const input = path.join(dir, 'in.jsonl');
    const output = path.join(dir, 'out.jsonl');
    writeFileSync(input, `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`);
    execFileSync('python3', [path.join(__dirname, 'numpy', 'oracle.py'), 'batch', output, input], { stdio: ['ignore', 'inherit', 'inherit'] });
    return readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(1)
      .map((line) => JSON.parse(line) as OracleCase);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Anything at all in each argument position, biased towards almost-valid values. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.double(),
  fc.integer({ min: -5, max: 10 }),
  fc.constantFrom(null, undefined, true, 'x', '2', {}, [], [[]], 1n, Symbol.iterator),
  fc.array(fc.oneof(fc.double(), fc.constantFrom(true, 'a', null)), { maxLength: 5 }),
  fc.array(fc.array(fc.double(), { maxLength: 4 }), { maxLength: 4 }),
  fc.nat(8).map((n) => new Float64Array(n)),
  fc.nat(8).map((n) => new Int16Array(n)),
  fc.nat(8).map((n) => new Float32Array(n)),
  fc.record({
    data: fc.nat(12).map((n) => new Float64Array(n)),
    shape: fc.array(fc.integer({ min: -2, max: 6 }), { maxLength: 4 }),
    strides: fc.option(fc.array(fc.integer({ min: -6, max: 6 }), { maxLength: 4 }), { nil: undefined }),
    offset: fc.option(fc.integer({ min: -2, max: 14 }), { nil: undefined }),
  }),
  fc.tuple(fc.nat(12), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 })).map(([n, shape]) => {
    try {
      return new NDArray(new Float64Array(n), shape);
    } catch {
      return new NDArray(new Float64Array(n));
    }
  }),
);
const junkOptions = fc.record(
  {
    axis: fc.oneof(junk, fc.integer({ min: -3, max: 3 }), fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 3 })),
    edgeOrder: fc.oneof(fc.constantFrom(1, 2, 0, 3, 1.5, '2', null), junk),
    out: junk,
    threads: fc.oneof(fc.constantFrom(1, 2, 0, 65, 1.5), junk),
    edge_order: junk,
  },
  { requiredKeys: [] },
);
const junkCall = fc
  .tuple(junk, fc.array(junk, { maxLength: 3 }), fc.option(junkOptions, { nil: undefined }))
  .map(([f, spacing, options]) => (options === undefined ? [f, ...spacing] : [f, ...spacing, options]));

type Outcome = { ok: true; bits: string } | { ok: false; error: unknown };
function outcome(run: () => unknown): Outcome {
  try {
    return { ok: true, bits: bitsOf(run()) };
  } catch (error) {
    return { ok: false, error };
  }
}
function bitsOf(result: unknown): string {
  const list = Array.isArray(result) ? result : [result];
  return list.map((r: NDArray) => `${r.shape}:${b64(r.data)}`).join('|');
}

describe(`properties (seed ${seed})`, () => {
  it('valid calls over random views, dtypes, axes and spacings match numpy bit for bit', () => {
    const cases = fc.sample(validCase, { numRuns: 600, seed });
    const completed = completeWithNumpy(cases);
    expect(completed).toHaveLength(cases.length);
    const failures = completed.map((c) => [c.name, checkCase(c)] as const).filter(([, problem]) => problem !== undefined);
    console.log(`properties: ${completed.length} valid calls checked against numpy, ${failures.length} mismatches (seed ${seed})`);
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('malformed calls are TypeError or RangeError, the same from gradient and gradientAsync', async () => {
    let thrown = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(junkCall, async (args) => {
        runs++;
        const sync = outcome(() => (gradient as (...a: unknown[]) => unknown)(...args));
        let asyncOutcome: Outcome;
        try {
          asyncOutcome = { ok: true, bits: bitsOf(await (gradientAsync as (...a: unknown[]) => Promise<unknown>)(...args)) };
        } catch (error) {
          asyncOutcome = { ok: false, error };
        }
        if (!sync.ok) {
          thrown++;
          expect(sync.error instanceof TypeError || sync.error instanceof RangeError, String(sync.error)).toBe(true);
          expect(asyncOutcome.ok).toBe(false);
          if (!asyncOutcome.ok) {
            expect((asyncOutcome.error as Error).constructor).toBe((sync.error as Error).constructor);
            expect((asyncOutcome.error as Error).message).toBe((sync.error as Error).message);
          }
        } else {
          expect(asyncOutcome).toEqual(sync);
        }
      }),
      { numRuns: 3000, seed },
    );
    console.log(`properties: ${runs} malformed calls fuzzed, ${thrown} threw TypeError/RangeError, ${runs - thrown} were valid; crashes: 0`);
  });
});
