// gradientAsync: the same results as numpy (and gradient) bit for bit, the same errors as
// rejections, and an event loop that keeps turning while a large gradient is computed.
import { describe, expect, it } from 'vitest';

import { NDArray, backend, gradient, gradientAsync } from '../src/index';
import { marksProtect } from '../src/pending';
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

  it('empty views over memory it must copy (a resizable buffer) resolve like gradient', async () => {
    // Copied at the call (pending.ts); an empty view's element range is empty and may start
    // before its buffer (found on Node 22, which copies every input).
    const data = new Float64Array(new ArrayBuffer(48, { maxByteLength: 96 }));
    for (const [shape, strides, offset, axis] of [
      [[3, 0], [-1, 2], 2, 0],
      [[0, 4], [4, -1], 3, 1],
      [[2, 0, 3], [-3, 5, 1], 3, 2],
    ] as const) {
      const f = new NDArray(data, shape, strides, offset);
      const got = [await gradientAsync(f, { axis })].flat() as NDArray[];
      const want = [gradient(f, { axis })].flat() as NDArray[];
      expect(got.map((r) => r.shape)).toEqual(want.map((r) => r.shape));
    }
  });

  it('rejects, never throws, with the errors gradient throws', async () => {
    const calls: [string, unknown[]][] = [
      [
        'spacing count',
        [
          [
            [1, 2],
            [3, 4],
          ],
          [1, 2],
        ],
      ],
      ['too short', [[1, 2], { edgeOrder: 2 }]],
      ['edgeOrder', [[1, 2, 3], { edgeOrder: 3 }]],
      [
        'axis',
        [
          [
            [1, 2],
            [3, 4],
          ],
          { axis: 2 },
        ],
      ],
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
  // Node 21-23 copy the input on the JS thread (pending.ts: their untransferable mark does not stop
  // ArrayBuffer.prototype.transfer), which costs about what the gradient itself does. The results go
  // into `out`, allocated before: a call that allocates 100 MB can make V8 (Node >= 24) collect
  // garbage for external memory pressure right there, on the JS thread (measured: 3 mark-compacts,
  // 25-30 ms), which is the allocation's cost, not the computation's.
  it.skipIf(backend === 'js' || !marksProtect)('keeps the event loop turning during a 100 MB gradient', async () => {
    const n = 12_500_000; // 100 MB of float64
    const f = new Float64Array(n).map((_, i) => Math.sin(i * 1e-3));
    const out = new Float64Array(n).fill(0);
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
    const result = await gradientAsync(f, { threads: 1, out });
    clearInterval(ticker);
    console.log(`100 MB: gradient blocked ${syncTime.toFixed(1)} ms; during gradientAsync the longest event-loop gap was ${longestGap.toFixed(1)} ms`);
    expect(Buffer.from(result.data.buffer).equals(Buffer.from(expected.data.buffer))).toBe(true);
    expect(longestGap).toBeLessThan(syncTime);
  });
});
