// Large results take the memory of collected ones (src/pool.ts, native/recycle.cc). What must
// hold: a result lent used memory has exactly the bits of the same call into `out` (every
// element is written), a result still held is never lent to another, and a loop that never lets
// the finalisers run stays within the bound instead of growing with every call.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

import { backend, gradient, gradientAsync, NDArray } from '../src/index';

setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;
const turn = () => new Promise((resolve) => setImmediate(resolve));

type Data = Float64Array | Float32Array;

const bytesOf = (a: Data) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Values that differ from call to call, so that a result computed over stale memory shows. */
function input<T extends Data>(Type: new (n: number) => T, n: number, seed: number): T {
  const a = new Type(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(i * 0.01 + seed) * (1 + (i % 5)) + seed;
  return a;
}

describe.runIf(backend === 'native')('results in memory of collected results', () => {
  it('equal the same call into out, bit for bit, and a held result never changes (1-d, 2-d, float32, async)', async () => {
    const held: { result: Data; copy: Data }[] = [];
    for (let call = 0; call < 240; call++) {
      const kind = call % 4;
      let results: Data[];
      let expected: Data[];
      if (kind === 0 || kind === 1) {
        const f: Data = kind === 0 ? input(Float64Array, 20_000, call) : input(Float32Array, 20_000, call);
        results = [(gradient(f) as NDArray).data as Data];
        const out = new (f.constructor as new (n: number) => Data)(f.length);
        gradient(f, { out });
        expected = [out];
      } else {
        const f = new NDArray(input(Float64Array, 96 * 128, call), [96, 128]);
        const computed = kind === 2 ? gradient(f, 0.5, { edgeOrder: 2 }) : await gradientAsync(f, 0.5, { edgeOrder: 2 });
        results = (computed as NDArray[]).map((r) => r.data as Data);
        expected = [new Float64Array(f.size), new Float64Array(f.size)];
        gradient(f, 0.5, { edgeOrder: 2, out: expected });
      }
      for (const [k, result] of results.entries()) expect(Buffer.compare(bytesOf(result), bytesOf(expected[k]!))).toBe(0);
      if (call % 20 === 0) held.push(...results.map((result) => ({ result, copy: result.slice() })));
      if (call % 10 === 0) collectGarbage();
      await turn();
    }
    for (const { result, copy } of held) expect(Buffer.compare(bytesOf(result), bytesOf(copy))).toBe(0);
  });

  it('cannot be transferred: a transfer copies (Node 20) or throws, and the result stays whole', () => {
    const result = (gradient(input(Float64Array, 100_000, 1)) as NDArray).data as Float64Array;
    const copy = result.slice();
    try {
      const memory = result.buffer as ArrayBuffer;
      const moved = structuredClone(memory, { transfer: [memory] });
      expect(moved.byteLength).toBe(result.byteLength);
    } catch (error) {
      expect((error as Error).name).toMatch(/DataCloneError|TypeError/);
    }
    expect(result.byteLength).toBe(800_000);
    expect(Buffer.compare(bytesOf(result), bytesOf(copy))).toBe(0);
  });

  it.runIf(typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function')(
    "moved by ArrayBuffer.prototype.transfer, its memory stays the new buffer's while that lives",
    async () => {
      const result = (gradient(input(Float64Array, 100_000, 2)) as NDArray).data as Float64Array;
      const copy = result.slice();
      const moved = new Float64Array((result.buffer as unknown as { transfer(): ArrayBuffer }).transfer());
      expect(result.length).toBe(0); // detached
      for (let call = 0; call < 200; call++) {
        gradient(input(Float64Array, 100_000, call));
        if (call % 10 === 0) collectGarbage();
        await turn();
      }
      expect(Buffer.compare(bytesOf(moved), bytesOf(copy))).toBe(0);
    },
  );

  // A child process, for its resident size alone: 40 results of 8 MB held, then dropped, and
  // what stays resident after the trims that follow.
  it.each([
    // The results outlive the first trim (1 s), which finds the cache empty and all of it
    // leased: the trims must go on.
    ['once results held past a trim are dropped', 'await wait(1500);', 'for (let i = 0; i < 35; i++) { gc(); await wait(100); }'],
    // A trickle of calls that lease (80 KB each) must not keep the burst's 8 MB regions, which
    // none of them can use, mapped for good: the cache is trimmed region by region.
    ['while small calls go on after a burst of large ones', '', 'for (let i = 0; i < 20; i++) { gc(); await wait(250); gradient(f.subarray(0, 10_000)); }'],
  ])('gives memory back to the system %s', (_, whileHeld, afterDropped) => {
    const script = `
      const { gradient } = require(${JSON.stringify(path.join(__dirname, '..'))});
      const { setFlagsFromString } = require('node:v8');
      setFlagsFromString('--expose_gc');
      const gc = require('node:vm').runInNewContext('gc');
      const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      (async () => {
        const f = new Float64Array(1_000_000).map((_, i) => Math.sin(i));
        gc();
        const before = process.memoryUsage().rss;
        let held = Array.from({ length: 40 }, () => gradient(f));
        ${whileHeld}
        const peak = process.memoryUsage().rss;
        held = undefined;
        ${afterDropped}
        console.log(JSON.stringify({ held: peak - before, after: process.memoryUsage().rss - before, kept: held }));
      })();
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const { held, after } = JSON.parse(run.stdout) as { held: number; after: number };
    expect(held).toBeGreaterThan(250 * 2 ** 20); // 40 results of 8 MB were resident
    expect(after).toBeLessThan(100 * 2 ** 20);
  });

  it('a result passed back to gradientAsync (input and out) is copied, not marked: the process ends cleanly', () => {
    // On Node >= 24 a marked external buffer aborts the process when it ends (Node's cleanup
    // cannot detach it), so pending.ts must not mark lent memory.
    const script = `
      const { gradient, gradientAsync } = require(${JSON.stringify(path.join(__dirname, '..'))});
      (async () => {
        const f = new Float64Array(100_000).map((_, i) => Math.sin(i));
        // Alive when the process ends: that is when a marked one would abort it.
        const d = (globalThis.d = gradient(f).data);
        const out = (globalThis.out = gradient(f).data);
        const second = await gradientAsync(d);
        await gradientAsync(f, { out });
        const expected = gradient(gradient(f).data).data;
        console.log(JSON.stringify({ same: Buffer.from(second.data.buffer).equals(Buffer.from(expected.buffer)), first: out[1] === d[1] }));
      })();
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ same: true, first: true });
  });

  it('a large result posted from a worker, moved first where the runtime can, is whole after the worker ends', async () => {
    // Workers on runtimes with ArrayBuffer.prototype.transfer take ordinary buffers (pool.ts):
    // a moved region would otherwise be unmapped when the worker ends, under the receiver.
    const source = `
      const { parentPort } = require('node:worker_threads');
      const { gradient } = require(${JSON.stringify(path.join(__dirname, '..'))});
      const f = new Float64Array(200_000).map((_, i) => Math.cos(i));
      const result = gradient(f).data;
      const memory = typeof result.buffer.transfer === 'function' ? result.buffer.transfer() : result.buffer;
      try { parentPort.postMessage(memory, [memory]); } catch { parentPort.postMessage(memory); }
    `;
    const worker = new Worker(source, { eval: true });
    const memory = await new Promise<ArrayBuffer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await new Promise((resolve) => worker.once('exit', resolve));
    for (let i = 0; i < 5; i++) {
      collectGarbage();
      await turn();
    }
    const f = new Float64Array(200_000).map((_, i) => Math.cos(i));
    const out = new Float64Array(f.length);
    gradient(f, { out });
    expect(Buffer.compare(new Uint8Array(memory), bytesOf(out))).toBe(0);
  });

  it('a loop keeps the spare regions of its sizes that it needs only now and then', () => {
    // Two results of 8 MB a round, six every fourth round, 450 ms apart: the four spares sit in
    // the cache for over a trim (1 s), but every round asks for their size, so they stay mapped.
    // (Trimmed as unused, round 8 faulted in 842 fresh pages here.)
    const script = `
      const { gradient } = require(${JSON.stringify(path.join(__dirname, '..'))});
      const { setFlagsFromString } = require('node:v8');
      setFlagsFromString('--expose_gc');
      const gc = require('node:vm').runInNewContext('gc');
      const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      (async () => {
        const f = new Float64Array(1_000_000).map((_, i) => Math.sin(i));
        const faults = [];
        for (let round = 0; round < 13; round++) {
          const before = process.resourceUsage().minorPageFault;
          let held = Array.from({ length: round % 4 === 0 ? 6 : 2 }, () => gradient(f));
          faults.push(process.resourceUsage().minorPageFault - before);
          held = undefined;
          gc();
          await wait(450);
        }
        console.log(JSON.stringify(faults));
      })();
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const faults = JSON.parse(run.stdout) as number[];
    expect(
      faults.slice(1).filter((count) => count > 64),
      JSON.stringify(faults),
    ).toEqual([]);
  });

  it('a loop that turns the event loop between calls of three 96 MiB results takes no fresh memory once warm', () => {
    // Results come back a call or two after they are dropped (V8 collects them, then the loop
    // turns; on Node >= 22 up to four calls later), so such a loop has 0.6-1.4 GiB out at a time:
    // a bound of 512 MiB on all memory out refused every other call (each then faulting in
    // 560-1700 fresh pages where a warm call takes under 10). A child process: its page faults
    // are this loop's alone.
    const script = `
      const { gradient, NDArray } = require(${JSON.stringify(path.join(__dirname, '..'))});
      const f = new NDArray(new Float64Array(192 * 256 * 256).map((_, i) => Math.sin(i)), [192, 256, 256]);
      (async () => {
        const faults = [];
        for (let call = 0; call < 48; call++) {
          const before = process.resourceUsage().minorPageFault;
          gradient(f);
          faults.push(process.resourceUsage().minorPageFault - before);
          await new Promise((resolve) => setImmediate(resolve));
        }
        console.log(JSON.stringify(faults));
      })();
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const faults = JSON.parse(run.stdout) as number[];
    // The first calls map their regions (a fresh 96 MiB region: ~150 faults of huge pages, more
    // where the kernel has none to give), more of them while V8's collections fall further behind
    // (on Node >= 22 up to call 17 here). Later, a collection that comes unusually late still
    // makes a call map one more (Node 26: in one run of five, one or two calls between 25 and 34,
    // with the code that passed CI before as with this one); the bound this test guards against
    // made every other call do so, 12 of the last 24.
    const late = faults.slice(24).filter((count) => count > 64);
    expect(late.length, JSON.stringify(faults)).toBeLessThanOrEqual(2);
  });

  // Memory leased since the event loop last turned is bounded (512 MiB), as every finaliser
  // waits for a turn; a loop that awaits only promises never turns it either (its microtasks run
  // in the same turn), so it must not count as yielding (lent and cached memory together may
  // reach 1.5 GiB).
  it.each([
    ['never yields', 'sum += gradient(f).data[call];'],
    ['awaits only promises', 'sum += gradient(f).data[call]; await null;'],
  ])('a loop that %s stays bounded: 6.4 GB of results, dropped, in under 1 GiB', (_, body) => {
    // A child process: its peak resident size (VmHWM) is this loop's alone.
    const script = `
      const { gradient } = require(${JSON.stringify(path.join(__dirname, '..'))});
      const { readFileSync } = require('node:fs');
      const kib = (field) => Number(readFileSync('/proc/self/status', 'utf8').match(new RegExp(field + ':\\\\s+(\\\\d+)'))[1]);
      const f = new Float64Array(1_000_000).map((_, i) => Math.sin(i));
      (async () => {
        const before = kib('VmRSS');
        let sum = 0;
        for (let call = 0; call < 800; call++) { ${body} }
        console.log(JSON.stringify({ grown: (kib('VmHWM') - before) * 1024, sum }));
      })();
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const { grown } = JSON.parse(run.stdout) as { grown: number };
    expect(grown).toBeLessThan(2 ** 30);
  });
});
