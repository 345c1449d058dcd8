// Chunks, streams and files (README: Chunks and streams), in the same run as numpy:
//   - a 1e8-sample float64 signal streamed in 64 Ki-sample chunks through gradientStream, against
//     one whole-array call with `out` (on every thread, and on one) and numpy's np.gradient;
//   - the ndgradient command on a 2 GiB .npy, against `cat` of the file plus writing as many
//     bytes with fsync (the disk-bound floor: read it, write the output durably, as the command
//     does), and numpy's np.load + np.gradient + np.save; with each one's peak RSS.
//
//   node bench/outofcore.mjs [--rounds R] [--stream-samples N] [--file-gib G]
//
// Every measurement runs in a fresh process; medians over R rounds, interleaved.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const rounds = Number(option('--rounds', 1));
const streamSamples = Number(option('--stream-samples', 1e8));
const fileGiB = Number(option('--file-gib', 2));
const root = fileURLToPath(new URL('..', import.meta.url));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// One process: build the signal, warm up, then time `what` (seconds per run, median of 3).
const streamScript = `
const { gradient, gradientStream } = require(${JSON.stringify(root)});
const n = ${streamSamples}, chunk = 65536, what = process.argv[1];
const f = new Float64Array(n);
for (let i = 0; i < n; i++) f[i] = Math.sin(i * 1e-3) + (i % 7) * 0.25;
const out = new Float64Array(n).fill(0);
async function run() {
  if (what === 'whole out') return gradient(f, 0.5, { out });
  if (what === 'whole out threads:1') return gradient(f, 0.5, { out, threads: 1 });
  let count = 0;
  const chunks = function* () { for (let s = 0; s < n; s += chunk) yield f.subarray(s, Math.min(n, s + chunk)); };
  for await (const r of gradientStream(chunks(), 0.5, { reuseResults: what === 'stream reuse' })) count += r.size;
  if (count !== n) throw new Error('the stream lost samples');
}
(async () => {
  await run();
  const times = [];
  for (let k = 0; k < 3; k++) { const t = process.hrtime.bigint(); await run(); times.push(Number(process.hrtime.bigint() - t) / 1e9); }
  console.log(JSON.stringify(times.sort((a, b) => a - b)[1]));
})();`;

const numpyStream = `
import json, sys, time, numpy as np
n = ${streamSamples}
i = np.arange(n, dtype=np.float64)
f = np.sin(i * 1e-3) + (np.arange(n) % 7) * 0.25
del i
np.gradient(f, 0.5)
times = []
for _ in range(3):
    t = time.perf_counter(); np.gradient(f, 0.5); times.append(time.perf_counter() - t)
print(json.dumps(sorted(times)[1]))`;

/** Wall time and peak RSS of one command. */
function timed(command, commandArgs, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...commandArgs], { encoding: 'utf8', ...options });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')}: ${result.stderr}`);
  return { seconds, peakMiB: Number(result.stderr.trim().split('\n').pop()) / 1024 };
}

const streamTimes = { numpy: [], 'whole out': [], 'whole out threads:1': [], stream: [], 'stream reuse': [] };
for (let round = 0; round < rounds; round++) {
  streamTimes.numpy.push(JSON.parse(execFileSync('python3', ['-c', numpyStream], { encoding: 'utf8' })));
  for (const what of ['whole out', 'whole out threads:1', 'stream', 'stream reuse']) {
    streamTimes[what].push(JSON.parse(execFileSync(process.execPath, ['-e', streamScript, what], { encoding: 'utf8' })));
  }
}
const s = Object.fromEntries(Object.entries(streamTimes).map(([k, v]) => [k, median(v)]));
const ms = (seconds) => `${(seconds * 1e3).toFixed(1)} ms`;
console.log(
  `\n| ${streamSamples.toExponential(0)} f64 signal | numpy (allocating) | whole call, out | whole call, out, 1 thread | gradientStream, 64 Ki chunks | the same, reuseResults |`,
);
console.log('|---|---|---|---|---|---|');
console.log(`| time | ${ms(s.numpy)} | ${ms(s['whole out'])} | ${ms(s['whole out threads:1'])} | ${ms(s.stream)} | ${ms(s['stream reuse'])} |`);
const ratio = (t) => `${(s['whole out'] / t).toFixed(2)}×`;
console.log(
  `| throughput ÷ the whole call with out | ${ratio(s.numpy)} | 1× | ${ratio(s['whole out threads:1'])} | ${ratio(s.stream)} | ${ratio(s['stream reuse'])} |`,
);

const dir = mkdtempSync(path.join(tmpdir(), 'ndgradient-bench-'));
try {
  const input = path.join(dir, 'signal.npy');
  const samples = Math.round((fileGiB * 2 ** 30) / 8);
  execFileSync('python3', [path.join(root, 'test/numpy/npy_cases.py'), 'large', input, String(samples)]);
  const outBytes = samples * 8;
  const fileTimes = { floor: [], ndgradient: [], numpy: [] };
  const peaks = { ndgradient: [], numpy: [] };
  for (let round = 0; round < rounds; round++) {
    const floor = timed('bash', [
      '-c',
      `cat ${input} > /dev/null && head -c ${outBytes} /dev/zero | dd of=${path.join(dir, 'floor.bin')} bs=4M conv=fsync status=none`,
    ]);
    fileTimes.floor.push(floor.seconds);
    const ours = timed(process.execPath, [path.join(root, 'dist/cli.js'), input, path.join(dir, 'ours.npy')]);
    fileTimes.ndgradient.push(ours.seconds);
    peaks.ndgradient.push(ours.peakMiB);
    const theirs = timed('python3', [
      '-c',
      `import numpy as np, os; g = np.gradient(np.load(${JSON.stringify(input)})); f = open(${JSON.stringify(path.join(dir, 'numpy.npy'))}, 'wb'); np.save(f, g); f.flush(); os.fsync(f.fileno())`,
    ]);
    fileTimes.numpy.push(theirs.seconds);
    peaks.numpy.push(theirs.peakMiB);
    for (const name of ['floor.bin', 'ours.npy', 'numpy.npy']) rmSync(path.join(dir, name), { force: true });
  }
  const f = Object.fromEntries(Object.entries(fileTimes).map(([k, v]) => [k, median(v)]));
  const seconds = (t) => `${t.toFixed(2)} s`;
  console.log(`\n| ${fileGiB} GiB .npy (float64) | cat + write with fsync (floor) | ndgradient command (64 MiB) | numpy load + gradient + save |`);
  console.log('|---|---|---|---|');
  console.log(
    `| time | ${seconds(f.floor)} | ${seconds(f.ndgradient)} (${(f.ndgradient / f.floor).toFixed(2)}× the floor) | ${seconds(f.numpy)} (${(f.numpy / f.floor).toFixed(2)}×) |`,
  );
  console.log(`| peak RSS | — | ${median(peaks.ndgradient).toFixed(0)} MiB | ${median(peaks.numpy).toFixed(0)} MiB |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
