// gradientAsync's guarantee (README, gradientAsync): whatever JavaScript does while a call is
// pending — transfer a buffer and collect it, resize it, transfer it with
// ArrayBuffer.prototype.transfer where the runtime has it — the pool thread touches only memory
// that stays valid. Each case changes one array (the input, the coordinates or `out`) right after
// the call, while the work is queued or running, then collects garbage and reuses the memory; the
// call must resolve with the bits of the same call made on pristine copies (or, where `out` itself
// went away, reject with a RangeError and write nothing). Before the guard, these crashed (SIGSEGV,
// ASan heap-use-after-free). LIFETIME_ROUNDS repeats them (test:sanitize runs them under ASan).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { NDArray, gradient, gradientAsync } from '../src/index';

setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;
const rounds = Number(process.env.LIFETIME_ROUNDS ?? 2);
const n = 2_000_000;

type Target = 'input' | 'coordinates' | 'out';
type Action = 'structuredClone transfer, then GC' | 'resize to 0' | 'ArrayBuffer.prototype.transfer, then GC';

/** A fresh buffer of `bytes`: resizable when the action resizes it. */
function buffer(action: Action, bytes: number): ArrayBuffer {
  return action === 'resize to 0' ? new ArrayBuffer(bytes, { maxByteLength: 2 * bytes }) : new ArrayBuffer(bytes);
}

/**
 * Does the action to `memory`; true if it is now detached or shrunk. The runtime may refuse
 * (Node ≥ 22 throws for a buffer marked untransferable) or copy instead (Node 20).
 */
function act(action: Action, memory: ArrayBuffer): boolean {
  const before = memory.byteLength;
  try {
    if (action === 'resize to 0') memory.resize(0);
    else if (action === 'structuredClone transfer, then GC') structuredClone(memory, { transfer: [memory] });
    else (memory as unknown as { transfer(): ArrayBuffer }).transfer();
  } catch (error) {
    // Node ≥ 22 refuses to transfer a buffer marked untransferable: DataCloneError or TypeError.
    expect((error as Error).name).toMatch(/DataCloneError|TypeError/);
  }
  return memory.byteLength < before;
}

/** Memory churn after the collection, so that freed pages are handed out and written again. */
function churn(): void {
  collectGarbage();
  for (let k = 0; k < 4; k++) new Float64Array(n).fill(-7);
}

const actions: Action[] = ['structuredClone transfer, then GC', 'resize to 0'];
if (typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function') actions.push('ArrayBuffer.prototype.transfer, then GC');
const targets: Target[] = ['input', 'coordinates', 'out'];

describe('gradientAsync: nothing done while it is pending reaches the pool thread', () => {
  it.each(targets.flatMap((target) => actions.map((action) => [target, action] as const)))('%s: %s', async (target, action) => {
    for (let round = 0; round < rounds; round++) {
      const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1e-4) * (i % 13));
      const positions = Float64Array.from({ length: n }, (_, i) => i + (i % 3) * 0.25);
      const f = new Float64Array(buffer(target === 'input' ? action : 'structuredClone transfer, then GC', 8 * n), 0, n);
      const x = new Float64Array(buffer(target === 'coordinates' ? action : 'structuredClone transfer, then GC', 8 * n), 0, n);
      const out = new Float64Array(buffer(target === 'out' ? action : 'structuredClone transfer, then GC', 8 * n), 0, n);
      f.set(values);
      x.set(positions);
      const expected = gradient(values, positions, { edgeOrder: 2 });

      const pending = gradientAsync(f, x, { edgeOrder: 2, out, threads: 1 });
      const changed = act(action, (target === 'input' ? f : target === 'coordinates' ? x : out).buffer as ArrayBuffer);
      churn();

      if (target === 'out' && changed) {
        // out itself is gone: its results are lost, and the call says so.
        await expect(pending).rejects.toThrow(RangeError);
        continue;
      }
      const result = (await pending) as NDArray<Float64Array>;
      expect(result.data === out).toBe(true);
      expect(
        Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(Buffer.from(expected.data.buffer, expected.data.byteOffset, expected.data.byteLength)),
      ).toBe(true);
    }
  });

  it('fresh results of a pending call are out of reach: transferring every other buffer changes nothing', async () => {
    for (let round = 0; round < rounds; round++) {
      const f = Float64Array.from({ length: n }, (_, i) => (i * i) % 101);
      const expected = gradient(f);
      const earlier = gradient(new Float64Array([1, 2, 4])); // a pooled result: its slab is not the pending call's
      const pending = gradientAsync(f, { threads: 1 });
      act('structuredClone transfer, then GC', earlier.data.buffer as ArrayBuffer);
      act('structuredClone transfer, then GC', f.buffer as ArrayBuffer);
      churn();
      const result = (await pending) as NDArray<Float64Array>;
      expect(
        Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength).equals(
          Buffer.from(expected.data.buffer, expected.data.byteOffset, expected.data.byteLength),
        ),
      ).toBe(true);
    }
  });

  it('SharedArrayBuffers are read in place and stay transferable-free (they cannot be detached)', async () => {
    const shared = new Float64Array(new SharedArrayBuffer(8 * 1000)).map((_, i) => i * i);
    const result = (await gradientAsync(shared)) as NDArray<Float64Array>;
    expect(result.toArray()).toEqual(gradient(Float64Array.from(shared)).toArray());
  });

  it('a strided out over a resizable buffer gets exactly its own elements, the rest untouched', async () => {
    const memory = new ArrayBuffer(8 * 12, { maxByteLength: 8 * 24 });
    const all = new Float64Array(memory).fill(-1);
    const out = new NDArray(all, [2, 3], [6, 2], 1); // elements 1, 3, 5, 7, 9, 11
    const f = [
      [1, 2, 4],
      [7, 11, 16],
    ];
    const result = (await gradientAsync(f, { axis: 1, out })) as NDArray<Float64Array>;
    expect(result.data === all).toBe(true);
    expect(Array.from(all)).toEqual([-1, 1, -1, 1.5, -1, 2, -1, 4, -1, 4.5, -1, 5]);
  });

  it('built-ins replaced after load (markAsUntransferable, Array.prototype.map, Buffer.prototype.buffer) switch nothing off', async () => {
    const workerThreads = (await import('node:worker_threads')) as unknown as { default: Record<string, unknown> };
    const realMark = workerThreads.default.markAsUntransferable;
    const realMap = Array.prototype.map;
    const typedBuffer = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'buffer')!;
    let grabbed: ArrayBuffer | undefined;
    try {
      workerThreads.default.markAsUntransferable = () => {};
      // A map() that skips the guard's callback (the attack of the review), and maps everything else.
      Array.prototype.map = function (this: unknown[], fn: (v: unknown, i: number, a: unknown[]) => unknown, self?: unknown) {
        return String(fn).includes('usableInPlace') ? Array.from(this) : realMap.call(this, fn, self);
      } as typeof Array.prototype.map;
      Object.defineProperty(Buffer.prototype, 'buffer', {
        configurable: true,
        get(this: Buffer) {
          if (!ArrayBuffer.isView(this)) return undefined;
          const b = typedBuffer.get!.call(this) as ArrayBuffer;
          if (b.byteLength >= 8 * n) grabbed = b;
          return b;
        },
      });
      const values = Float64Array.from({ length: n }, (_, i) => (i * 7) % 31);
      const f = Float64Array.from(values);
      const out = new Float64Array(n);
      const expected = gradient(values);
      const pending = gradientAsync(f, { out, threads: 1 });
      act('structuredClone transfer, then GC', f.buffer as ArrayBuffer);
      const outGone = act('structuredClone transfer, then GC', out.buffer as ArrayBuffer); // Node 22: computed aside, so it can go
      const fresh = gradientAsync(values, { threads: 1 });
      if (grabbed !== undefined) act('structuredClone transfer, then GC', grabbed);
      churn();
      if (outGone) await expect(pending).rejects.toThrow(RangeError);
      else await pending;
      const result = (await fresh) as NDArray<Float64Array>;
      for (const got of outGone ? [result.data] : [out, result.data])
        expect(
          Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(expected.data.buffer, expected.data.byteOffset, expected.data.byteLength)),
        ).toBe(true);
    } finally {
      workerThreads.default.markAsUntransferable = realMark;
      Array.prototype.map = realMap;
      delete (Buffer.prototype as { buffer?: unknown }).buffer;
    }
  });

  it('WebAssembly memory is read in place and can still grow afterwards (marking it would abort the next grow)', async () => {
    // (WebAssembly's types are not in this project's lib; its Memory is all the test needs.)
    const { WebAssembly: wasm } = globalThis as unknown as {
      WebAssembly: { Memory: new (size: { initial: number }) => { buffer: ArrayBuffer; grow(pages: number): number } };
    };
    const memory = new wasm.Memory({ initial: 1 });
    const view = new Float64Array(memory.buffer, 0, 16).map((_, i) => i * i);
    const result = (await gradientAsync(view)) as NDArray<Float64Array>;
    expect(result.toArray()).toEqual(gradient(Float64Array.from(view)).toArray());
    memory.grow(1);
    expect(memory.buffer.byteLength).toBe(2 * 65536);
  });
});
