// Randomized differential test: fresh random cases from numpy on every run, compared bit for bit.
// Reproduce a run with NDGRADIENT_SEED=<seed printed below>.
import { expect, it } from 'vitest';

import { checkCase, checkCaseAsync, nanBitDifferences, runOracle } from './numpy/oracle';

const count = Number(process.env.NDGRADIENT_CASES ?? 2400);
const seed = Number(process.env.NDGRADIENT_SEED ?? Math.floor(Math.random() * 2 ** 31));

it(`matches numpy bit for bit on ${count} random cases, sync and async (seed ${seed})`, async () => {
  const { numpy, cases } = runOracle('random', String(seed), String(count));
  const tally: Record<string, { cases: number; mismatches: number }> = {};
  const failures: string[] = [];
  for (const c of cases) {
    const group = (tally[c.group] ??= { cases: 0, mismatches: 0 });
    group.cases++;
    const problem = checkCase(c) ?? (await checkCaseAsync(c));
    if (problem !== undefined) {
      group.mismatches++;
      if (failures.length < 10) failures.push(`${c.name}: ${problem}`);
    }
  }
  for (const [group, { cases: n, mismatches }] of Object.entries(tally)) {
    console.log(`differential vs numpy ${numpy}, seed ${seed}: ${group}: ${n} cases, ${mismatches} mismatches`);
  }
  console.log(`differential: ${nanBitDifferences.count} NaN results whose sign or payload bits differ from numpy's (not compared)`);
  expect(failures).toEqual([]);
  expect(cases.length).toBe(count);
});
