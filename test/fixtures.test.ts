// Curated cases from numpy (test/numpy/oracle.py fixtures): every dtype, 1-4 dimensions, views,
// spacing forms, axis forms, edge orders and special values, compared bit for bit.
import { afterAll, describe, expect, it } from 'vitest';

import { checkCase, fastPathRuns, runOracle } from './numpy/oracle';

const { numpy, cases } = runOracle('fixtures');

describe(`fixtures from numpy ${numpy}`, () => {
  it('covers the space', () => {
    expect(cases.length).toBeGreaterThan(250);
    expect(new Set(cases.map((c) => c.group))).toEqual(new Set(['float64', 'float32', 'integer']));
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(checkCase(c)).toBeUndefined();
  });
  // The fast path of gradient(typedArray) and gradient(typedArray, { out }) met numpy's bits on every 1-d case it could take.
  afterAll(() => {
    expect(fastPathRuns.count).toBeGreaterThan(10);
    console.log(`fixtures: ${fastPathRuns.count} cases also run as gradient(typedArray) and gradient(typedArray, { out }) (the fast path)`);
  });
});
