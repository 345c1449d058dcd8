// Result memory: small results share pooled slabs, large ones are not zeroed first (src/pool.ts).
// Both are safe only if results never overlap while alive and every backend writes every element
// of every result; these tests hold numpy's results against both promises.
import { MessageChannel } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

import type { Backend } from '../src/backend';
import { loadNativeBackend } from '../src/binding';
import type { FloatArray } from '../src/dtypes';
import { createGradient } from '../src/gradient';
import { type NDArray, gradient } from '../src/index';
import { marksProtect } from '../src/pending';
import { nodeResult } from '../src/pool';
import { jsBackend } from '../src/reference';
import type { AllocateResult } from '../src/results';
import { caseArguments, compareCase, runOracle, type OracleCase } from './numpy/oracle';

const seed = Number(process.env.NDGRADIENT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const { cases } = runOracle('random', String(seed), '300');
const bytesOf = (result: NDArray<FloatArray>): number => result.data.byteLength;
const flatten = (result: NDArray | NDArray[]): NDArray<FloatArray>[] => (Array.isArray(result) ? result : [result]) as NDArray<FloatArray>[];

describe(`result memory (random cases, seed ${seed})`, () => {
  // Node 22's mark does not stop ArrayBuffer.prototype.transfer, so nothing is pooled there.
  it.runIf(marksProtect)('pooled results are exact-length, 8-byte aligned, disjoint while alive, and equal numpy', () => {
    const results = cases.map((c) => {
      const [f, ...args] = caseArguments(c);
      return gradient(f, ...(args as []));
    });
    const pooled = results.flatMap(flatten).filter((r) => r.data.buffer.byteLength !== bytesOf(r));
    expect(pooled.length).toBeGreaterThan(100); // most random cases are small: the pool is exercised
    for (const r of pooled) {
      expect(r.data.length).toBe(r.size);
      expect(bytesOf(r)).toBeLessThanOrEqual(1024);
      expect(r.data.byteOffset % 8).toBe(0);
    }
    // Disjoint: within each slab, sorted by offset, each result ends before the next begins.
    const bySlab = new Map<ArrayBufferLike, NDArray<FloatArray>[]>();
    for (const r of pooled) bySlab.set(r.data.buffer, [...(bySlab.get(r.data.buffer) ?? []), r]);
    for (const slab of bySlab.values()) {
      slab.sort((a, b) => a.data.byteOffset - b.data.byteOffset);
      for (let i = 1; i < slab.length; i++) {
        expect(slab[i]!.data.byteOffset).toBeGreaterThanOrEqual(slab[i - 1]!.data.byteOffset + bytesOf(slab[i - 1]!));
      }
    }
    // Compared only now, after every call: a result overwritten by a later one would show here.
    const problems = cases.map((c, i) => compareCase(c, results[i]!)).filter((p) => p !== undefined);
    expect(problems).toEqual([]);
  });

  it.runIf(marksProtect)('a transfer list naming a pooled slab cannot detach the other results in it', () => {
    const f = new Float64Array([1, 2, 4, 7, 11]);
    const [first, second] = [gradient(f), gradient(f)];
    expect(first.data.buffer).toBe(second.data.buffer);
    const { port1 } = new MessageChannel();
    try {
      port1.postMessage(first.data, [first.data.buffer as ArrayBuffer]); // Node 20 copies instead; newer Node throws
    } catch (error) {
      expect((error as Error).name).toBe('DataCloneError');
    } finally {
      port1.close();
    }
    expect(second.data.length).toBe(5);
    expect(second.toArray()).toEqual([1, 1.5, 2.5, 3.5, 4]);
  });

  it.runIf(!marksProtect)('where marks do not stop every transfer (Node 22), every result owns its ArrayBuffer', () => {
    const a = gradient([1, 2, 4]);
    const b = gradient([1, 2, 4]);
    expect(a.data.buffer === b.data.buffer).toBe(false);
    expect(a.data.buffer.byteLength).toBe(a.data.byteLength);
  });

  it("large results own an ArrayBuffer of exactly their size; above Buffer's limit, a plain one", () => {
    const result = gradient(new Float64Array(1000).fill(2)) as NDArray<FloatArray>;
    expect(result.data.buffer.byteLength).toBe(8000);
    expect(result.data.byteOffset).toBe(0);
    expect(Array.from(result.data).every((value) => value === 0)).toBe(true);
    // 4 GiB + 8 bytes: more than Buffer.allocUnsafeSlow takes on Node 20. A zero-filled
    // TypedArray reserves it without touching it, so this costs no memory.
    const huge = nodeResult('float32', 2 ** 30 + 2);
    expect(huge).toBeInstanceOf(Float32Array);
    expect(huge.length).toBe(2 ** 30 + 2);
  });
});

// Results whose every byte is 0xa5 (a finite value, -1.1e-130 as float64, -2.9e-16 as float32,
// that numpy will not produce here): an element a backend forgot to write keeps those bits, and
// differs from numpy's. (Not a NaN: a NaN would pass wherever numpy's result is a NaN too.)
const poisoned: AllocateResult = (dtype, size) => {
  const bytes = new Uint8Array(size * (dtype === 'float64' ? 8 : 4)).fill(0xa5);
  return dtype === 'float64' ? new Float64Array(bytes.buffer) : new Float32Array(bytes.buffer);
};

function mismatches(backend: Backend, selection: readonly OracleCase[]): string[] {
  const { gradient: poisonedGradient } = createGradient(backend, { allocate: poisoned, allocateAsync: poisoned });
  return selection
    .map((c) => {
      const [f, ...args] = caseArguments(c);
      return compareCase(c, poisonedGradient(f, ...(args as [])));
    })
    .filter((p): p is string => p !== undefined);
}

const backends: [string, () => Backend][] = [
  ['native', loadNativeBackend],
  ['js', () => jsBackend],
];

describe.each(backends)('the %s backend writes every element of fresh results', (_, load) => {
  it('equals numpy over poisoned memory', () => {
    expect(mismatches(load(), cases)).toEqual([]);
  });

  it('and this test would see an element left unwritten', () => {
    const backend = load();
    const skipsOne: Backend = {
      ...backend,
      gradient(input, params, ...arrays) {
        backend.gradient(input, params, ...arrays);
        const out = arrays[1]!;
        out.set(poisoned(out instanceof Float64Array ? 'float64' : 'float32', 1), out.length - 1);
      },
    };
    expect(mismatches(skipsOne, cases.slice(0, 20)).length).toBe(20);
  });
});
