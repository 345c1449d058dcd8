// Boundaries and accuracy orders (README: Boundaries and accuracy): every case is checked
// against numpy on the padded array (accuracy 2) or against the independent reference
// (test/numpy/reference.py, above accuracy 2), bit for bit, through both backends, sync and async,
// on one thread and split over three. Reproduce a random run with NDGRADIENT_SEED.
import { describe, expect, it } from 'vitest';

import { createGradient } from '../src/gradient';
import { NDArray as NDArrayClass, gradient, gradientAsync } from '../src/index';
import type { NDArray } from '../src/ndarray';
import { jsBackend } from '../src/reference';
import { caseArguments, checkCase, checkCaseAsync, nanBitDifferences, runOracle, type OracleCase } from './numpy/oracle';

const count = Number(process.env.NDGRADIENT_STENCIL_CASES ?? 900);
const seed = Number(process.env.NDGRADIENT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const js = createGradient(jsBackend).gradient as unknown as (...args: unknown[]) => NDArray | NDArray[];

/** The modes a case uses (each end of each axis), for the tally. */
function modesOf(c: OracleCase): string[] {
  const modes = new Set<string>();
  const add = (mode: unknown): void => void modes.add(typeof mode === 'string' ? mode : 'constant');
  const addAxis = (b: unknown): void => {
    if (typeof b === 'object' && b !== null && 'left' in b) {
      add((b as { left: unknown }).left);
      add((b as unknown as { right: unknown }).right);
    } else add(b);
  };
  if (c.boundary === undefined) modes.add('numpy');
  else if (Array.isArray(c.boundary)) c.boundary.forEach(addAxis);
  else addAxis(c.boundary);
  return [...modes];
}

async function runCases(label: string, cases: OracleCase[]): Promise<string[]> {
  const tally = new Map<string, { cases: number; mismatches: number }>();
  const failures: string[] = [];
  for (const c of cases) {
    const problem = checkCase(c) ?? (await checkCaseAsync(c)) ?? checkCase(c, js);
    for (const mode of modesOf(c)) {
      const key = `accuracy ${c.accuracy ?? 2}, ${mode}`;
      const entry = tally.get(key) ?? { cases: 0, mismatches: 0 };
      entry.cases++;
      if (problem !== undefined) entry.mismatches++;
      tally.set(key, entry);
    }
    if (problem !== undefined && failures.length < 10) failures.push(`${c.name}: ${problem}`);
  }
  for (const [key, { cases: n, mismatches }] of [...tally].sort()) console.log(`${label}: ${key}: ${n} cases, ${mismatches} mismatches`);
  return failures;
}

describe('boundaries and accuracy orders, bit for bit', () => {
  it('curated cases: every pair of ends × spacing × accuracy × dtype, views, walks, special values', async () => {
    const { numpy, cases } = runOracle('stencil-fixtures');
    expect(cases.length).toBeGreaterThan(600);
    expect(await runCases(`stencil fixtures (numpy ${numpy})`, cases)).toEqual([]);
  });

  it(`random cases: modes × ends × spacing × dtypes × views × axis forms (seed ${seed})`, async () => {
    const { cases } = runOracle('stencil-random', String(seed), String(count));
    expect(cases.length).toBe(count);
    expect(await runCases(`stencil random, seed ${seed}`, cases)).toEqual([]);
    console.log(`stencils: ${nanBitDifferences.count} NaN results whose sign or payload bits differ (not compared)`);
  });
});

describe('the same stencils through out', () => {
  it('writing into out (a strided NDArray, or TypedArrays) gives the bits of a fresh result', async () => {
    const { cases } = runOracle('stencil-fixtures');
    let checked = 0;
    for (const c of cases.filter((_, i) => i % 5 === 0)) {
      const [f, ...args] = caseArguments(c);
      const options = args.pop() as Record<string, unknown>;
      const fresh = [gradient(f, ...(args as never[]), options)].flat() as NDArray[];
      // Every other element of a buffer twice as long, read backwards: a view no fresh result has.
      const out = fresh.map((r) => {
        const Ctor = r.dtype === 'float32' ? Float32Array : Float64Array;
        const strides = r.shape.map((_, d) => -2 * r.shape.slice(d + 1).reduce((a, b) => a * b, 1));
        return new NDArrayClass(new Ctor(2 * r.size), r.shape, strides, 2 * r.size - 2);
      });
      const target = c.single ? out[0] : out;
      const viaOut = [gradient(f, ...(args as never[]), { ...options, out: target })].flat() as NDArray[];
      const viaAsync = [await gradientAsync(f, ...(args as never[]), { ...options, out: target, threads: 2 })].flat() as NDArray[];
      for (let k = 0; k < fresh.length; k++) {
        const want = bits(fresh[k]!);
        expect(bits(viaOut[k]!), c.name).toBe(want);
        expect(bits(viaAsync[k]!), `${c.name} async`).toBe(want);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

/** The bits of every element in index order (NaN as one token: its payload is not compared). */
function bits(result: NDArray): string {
  const values = result.toArray() as unknown;
  return JSON.stringify(values, (_key, v: unknown) => (typeof v === 'number' ? (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v) : v));
}
