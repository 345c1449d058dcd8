// The addon in worker_threads: loaded by the main thread and several workers at once (it is
// context-aware: what it keeps between calls, threads and result memory, is each environment's
// own), and a worker terminated in the middle of a call takes nothing down with it. Workers load the built package (dist/), as users would.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

import { gradient } from '../src/index';

const root = path.join(__dirname, '..');

/** Runs `source` (CommonJS, with `root`, `workerData` and `parentPort` in scope) in a worker. */
function startWorker(source: string, workerData: unknown): Worker {
  const prelude = `const { parentPort, workerData } = require('node:worker_threads'); const root = ${JSON.stringify(root)};\n`;
  return new Worker(prelude + source, { eval: true, workerData });
}

function message<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const computeInWorker = `
  const { gradient, gradientAsync, NDArray } = require(root);
  const f = new NDArray(new Float64Array(workerData.values), workerData.shape);
  const sync = gradient(f, 0.5, [0, 1, 3, 4, 7, 8], { edgeOrder: 2 });
  gradientAsync(f, 0.5, [0, 1, 3, 4, 7, 8], { edgeOrder: 2, threads: 2 }).then((asyncResult) => {
    parentPort.postMessage([...sync, ...asyncResult].map((a) => Array.from(a.data)));
  });
`;

describe('worker_threads', () => {
  it('loads and computes in the main thread and 4 workers at once, with the same bits', async () => {
    const shape = [40, 6];
    const values = Array.from({ length: 240 }, (_, i) => Math.sin(i) * 10);
    const expected = gradient({ data: new Float64Array(values), shape }, 0.5, [0, 1, 3, 4, 7, 8], { edgeOrder: 2 }) as { data: Float64Array }[];
    const workers = Array.from({ length: 4 }, () => startWorker(computeInWorker, { values, shape }));
    const results = await Promise.all(workers.map((worker) => message<number[][]>(worker)));
    await Promise.all(workers.map((worker) => worker.terminate()));
    for (const result of results) {
      expect(result).toEqual([...expected, ...expected].map((a) => Array.from(a.data)));
    }
  });

  it('survives workers terminated in the middle of sync and async calls', async () => {
    const busy = `
      const { gradient, gradientAsync } = require(root);
      const f = new Float64Array(4_000_000).map((_, i) => i % 13);
      parentPort.postMessage('ready');
      if (workerData.async) {
        for (let k = 0; k < 8; k++) gradientAsync(f, { threads: 2 });
      } else {
        for (;;) gradient(f, { threads: 2 });
      }
    `;
    for (const async of [false, true, false, true]) {
      const worker = startWorker(busy, { async });
      await message(worker);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await worker.terminate();
    }
    // Still alive and correct.
    expect(gradient([1, 2, 4, 7, 11]).toArray()).toEqual([1, 1.5, 2.5, 3.5, 4]);
  });

  it('does not leak what terminated workers had pending', async () => {
    const pending = `
      const { gradientAsync } = require(root);
      const f = new Float64Array(2_000_000).map((_, i) => i % 13); // 16 MB in, 64 MB out per worker
      parentPort.postMessage('ready');
      for (let k = 0; k < 4; k++) gradientAsync(f, { threads: 1 });
    `;
    const rss = () => process.memoryUsage().rss / 2 ** 20;
    let before = 0;
    for (let round = 0; round < 60; round++) {
      const worker = startWorker(pending, {});
      await message(worker);
      await new Promise((resolve) => setTimeout(resolve, 3));
      await worker.terminate();
      if (round === 3) before = rss();
    }
    const growth = rss() - before;
    console.log(`56 terminated workers with 4 pending calls each: resident memory grew ${growth.toFixed(0)} MiB`);
    expect(growth).toBeLessThan(200); // a leak would keep ~80 MiB per worker: over 4 GiB
  });

  it.runIf(process.platform === 'linux')('keeps its threads between calls, and a worker that ends takes its own with it', async () => {
    const threadsNow = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
    const f = new Float64Array(600_000).map((_, i) => Math.sin(i));
    gradient(f, { threads: 4 });
    const kept = threadsNow();
    for (let call = 0; call < 20; call++) gradient(f, { threads: 4 + (call % 3) });
    const more = threadsNow(); // up to two more kept (6 threads), none per call
    expect(more - kept).toBeLessThanOrEqual(2);
    const threaded = `
      const { gradient, gradientAsync } = require(root);
      const f = new Float64Array(600_000).map((_, i) => Math.sin(i));
      for (let call = 0; call < 5; call++) gradient(f, { threads: 8 });
      gradientAsync(f, { threads: 8 }).then(() => parentPort.postMessage('done'));
    `;
    for (let round = 0; round < 8; round++) {
      const worker = startWorker(threaded, {});
      // Listened for before the message: a worker that ends at once has its last message
      // delivered inside its 'exit' handling, just before 'exit' itself.
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await message(worker);
      if (round % 2 === 1) await worker.terminate();
      await exited;
    }
    // Each worker kept 7 threads: 56 would be left had they outlived their workers.
    expect(threadsNow() - more).toBeLessThanOrEqual(4);
  });
});
