// bufferutil's pattern, in one run: the native and the TypeScript backends compute the same random
// views (numpy's random cases: every dtype, views, spacing and axis forms, edge orders) and must
// agree bit for bit with each other, independently of the oracle — the check that will carry the
// options numpy has no answer for. Reproduce a run with NDGRADIENT_SEED.
import { expect, it } from 'vitest';

import { loadNativeBackend } from '../src/binding';
import { createGradient } from '../src/gradient';
import type { NDArray } from '../src/ndarray';
import { jsBackend } from '../src/reference';
import { caseArguments, runOracle } from './numpy/oracle';

const count = Number(process.env.NDGRADIENT_CASES ?? 1200);
const seed = Number(process.env.NDGRADIENT_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** The first element whose bits differ (a NaN need only be a NaN on both sides), or undefined. */
function firstDifference(a: NDArray, b: NDArray): string | undefined {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return `native ${a.dtype} [${a.shape}], js ${b.dtype} [${b.shape}]`;
  const bytes = a.dtype === 'float64' ? 8 : 4;
  const left = Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const right = Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength);
  if (left.equals(right)) return undefined;
  for (let i = 0; i < a.data.length; i++) {
    if (left.subarray(i * bytes, (i + 1) * bytes).equals(right.subarray(i * bytes, (i + 1) * bytes))) continue;
    if (Number.isNaN(a.data[i]) && Number.isNaN(b.data[i])) continue;
    return `element ${i}: native ${a.data[i]}, js ${b.data[i]}`;
  }
  return undefined;
}

it(`native and TypeScript backends agree bit for bit on ${count} random views (seed ${seed})`, () => {
  const native = createGradient(loadNativeBackend()).gradient as unknown as (...args: unknown[]) => NDArray | NDArray[];
  const js = createGradient(jsBackend).gradient as unknown as (...args: unknown[]) => NDArray | NDArray[];
  const { cases } = runOracle('random', String(seed), String(count));
  const failures: string[] = [];
  let disagreements = 0;
  for (const c of cases) {
    const [f, ...rest] = caseArguments(c);
    const ours = native(f, ...rest);
    const theirs = js(f, ...rest);
    const left = Array.isArray(ours) ? ours : [ours];
    const right = Array.isArray(theirs) ? theirs : [theirs];
    const problem =
      left.length !== right.length
        ? `${left.length} results, js ${right.length}`
        : left.map((r, k) => firstDifference(r, right[k]!)).find((p) => p !== undefined);
    if (problem === undefined) continue;
    disagreements++;
    if (failures.length < 10) failures.push(`${c.name}: ${problem}`);
  }
  console.log(`agreement, seed ${seed}: ${cases.length} cases, ${disagreements} disagreements`);
  expect(failures).toEqual([]);
});
