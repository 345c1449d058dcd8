// gradientAsync: the same results as numpy (and gradient) bit for bit, the same errors as
// rejections, and an event loop that keeps turning while a large gradient is computed.
import { describe, expect, it } from 'vitest';

import { backend, gradient, gradientAsync } from '../src/index';
import { checkCaseAsync, runOracle } from './numpy/oracle';

const { cases } = runOracle('fixtures');

describe('gradientAsync', () => {
  it(`matches numpy bit for bit on the ${cases.length} fixtures`, async () => {
    const failures: string[] = [];
    for (const c of cases) {
      const problem = await checkCaseAsync(c);
      if (problem !== undefined) failures.push(`${c.name}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });

  it('rejects, never throws, with the errors gradient throws', async () => {
    const calls: [string, unknown[]][] = [
      ['spacing count', [[[1, 2], [3, 4]], [1, 2]]],
      ['too short', [[1, 2], { edgeOrder: 2 }]],
      ['edgeOrder', [[1, 2, 3], { edgeOrder: 3 }]],
      ['axis', [[[1, 2], [3, 4]], { axis: 2 }]],
      ['unknown option', [[1, 2, 3], { edge_order: 2 }]],
      ['not numbers', ['abc']],
      ['out dtype', [[1, 2, 3], { out: new Float32Array(3) }]],
    ];
    const call = (fn: (...a: unknown[]) => unknown, args: unknown[]) => fn(...args);
    for (const [name, args] of calls) {
      let syncError: Error | undefined;
      try {
        call(gradient as (...a: unknown[]) => unknown, args);
      } catch (error) {
        syncError = error as Error;
      }
      expect(syncError, name).toBeInstanceOf(Error);
      let promise: unknown;
      expect(() => (promise = call(gradientAsync as (...a: unknown[]) => unknown, args)), name).not.toThrow();
      expect(promise, name).toBeInstanceOf(Promise);
      await expect(promise, name).rejects.toThrow(syncError!.message);
      await expect(promise, name).rejects.toBeInstanceOf(syncError!.constructor);
    }
  });

  // The TypeScript backend has no thread pool: its gradientAsync computes in a later task.
  it.skipIf(backend === 'js')('keeps the event loop turning during a 100 MB gradient', async () => {
    const n = 12_500_000; // 100 MB of float64
    const f = new Float64Array(n).map((_, i) => Math.sin(i * 1e-3));
    const start = performance.now();
    const expected = gradient(f, { threads: 1 });
    const syncTime = performance.now() - start;
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 1);
    const result = await gradientAsync(f, { threads: 1 });
    clearInterval(ticker);
    console.log(`100 MB: gradient blocked ${syncTime.toFixed(1)} ms; during gradientAsync the longest event-loop gap was ${longestGap.toFixed(1)} ms`);
    expect(Buffer.from(result.data.buffer).equals(Buffer.from(expected.data.buffer))).toBe(true);
    expect(longestGap).toBeLessThan(syncTime);
  });
});
