// Sharding one axis over worker_threads and over separate processes (README: Chunks and
// streams, Beyond one machine): each shard is given only its samples (gradientInputRange's, wrapped
// at a periodic end), the whole axis's length and numpy's whole-axis decision; the shards' results,
// concatenated, are the whole call's bits, and the whole call is numpy's.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

import { NDArray, gradient, gradientInputRange, uniformStep } from '../src/index';

const script = path.join(__dirname, 'shard', 'shard.cjs');
const n = 4000;
const row = 8;
const f = Float64Array.from({ length: n * row }, (_, i) => Math.sin(i / 97) * 10 + Math.cos(i / 13));
const x = Float64Array.from({ length: n }, (_, i) => i * 0.25 + 0.01 * Math.sin(i));

interface Job {
  samples: Float64Array;
  x?: Float64Array;
  row: number;
  length: number;
  start: number;
  end: number;
  inputStart: number;
  options: Record<string, unknown>;
}

/** The jobs of `shards` shards: each only its rows of f (and of x), wrapped where periodic. */
function jobs(shards: number, options: Record<string, unknown>, coordinates: boolean): Job[] {
  const decided = coordinates ? uniformStep(x, options as never) : undefined;
  expect(decided).toBeUndefined(); // these coordinates are not uniform: shards take their windows
  return Array.from({ length: shards }, (_, s) => {
    const start = Math.floor((s * n) / shards);
    const end = Math.floor(((s + 1) * n) / shards);
    const range = gradientInputRange(n, start, end, options as never);
    const positions = Array.from({ length: range.end - range.start }, (_, k) => (((range.start + k) % n) + n) % n);
    const samples = new Float64Array(positions.length * row);
    positions.forEach((p, k) => {
      samples.set(f.subarray(p * row, (p + 1) * row), k * row);
    });
    return { samples, x: coordinates ? Float64Array.from(positions, (p) => x[p]!) : undefined, row, length: n, start, end, inputStart: range.start, options };
  });
}

function inThread(job: Job): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function inProcess(job: Job): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.on('close', (status) =>
      status === 0 ? resolve(new Float64Array(new Uint8Array(Buffer.from(out, 'base64')).buffer)) : reject(new Error(`shard exited ${status}`)),
    );
    const encode = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    child.stdin.end(JSON.stringify({ ...job, samples: encode(job.samples), x: job.x === undefined ? undefined : encode(job.x) }));
  });
}

/** np.gradient along axis 0 of the (n, row) array, with the step or coordinates, by numpy. */
function numpy(coordinates: boolean, edgeOrder: number): Float64Array {
  const code = `import base64, sys, numpy as np
f = np.frombuffer(base64.b64decode(sys.stdin.readline()), '<f8').reshape(${n}, ${row})
x = np.frombuffer(base64.b64decode(sys.stdin.readline()), '<f8')
g = np.gradient(f, *( [x] if ${coordinates ? 'True' : 'False'} else [] ), axis=0, edge_order=${edgeOrder})
sys.stdout.write(base64.b64encode(g.tobytes()).decode())`;
  const encode = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  const out = execFileSync('python3', ['-c', code], { input: `${encode(f)}\n${encode(x)}\n`, encoding: 'utf8', maxBuffer: 1 << 28 });
  return new Float64Array(new Uint8Array(Buffer.from(out, 'base64')).buffer);
}

describe("one axis sharded over threads and processes gives the whole call's bits", () => {
  const configurations: [string, Record<string, unknown>, boolean][] = [
    ['numpy ends, edge order 2, coordinates', { edgeOrder: 2 }, true],
    ['accuracy 6, reflect', { accuracy: 6, boundary: 'reflect' }, false],
    ['periodic, accuracy 4 (shards at the ends wrap)', { accuracy: 4, boundary: 'periodic' }, false],
  ];
  for (const [name, options, coordinates] of configurations) {
    it(name, async () => {
      const whole = (gradient(new NDArray(f, [n, row]), ...(coordinates ? [x] : []), { ...options, axis: 0 }) as NDArray).data as Float64Array;
      if (options.accuracy === undefined) expect(Array.from(whole)).toEqual(Array.from(numpy(coordinates, 2)));
      for (const [where, run] of [
        ['worker_threads', inThread],
        ['processes', inProcess],
      ] as const) {
        const parts = await Promise.all(jobs(5, options, coordinates).map(run));
        const joined = new Float64Array(n * row);
        let at = 0;
        for (const part of parts) {
          joined.set(part, at);
          at += part.length;
        }
        expect(at, where).toBe(n * row);
        expect(Array.from(joined), where).toEqual(Array.from(whole));
      }
    });
  }
});
