// npm run bench: ndgradient against numpy (same data sizes, same run, same process tree) and the
// JS peers. Prints medians, ratios to numpy (numpy's time / the peer's time: above 1 is faster
// than numpy) and the peak memory one call adds above its inputs.
//
//   node bench/run.mjs [--samples N] [--rounds R] [--only SUBSTRING] [--peers NAME,NAME] [--no-memory] [--markdown FILE]
//
// --peers keeps only the named configurations (numpy and the C limit always run).
//
// Then, unless --only selects other workloads (or --no-outofcore), bench/outofcore.mjs: streams
// and the ndgradient command on a 2 GiB file (README: Chunks and streams).
//
// Every JS measurement runs in a fresh process (bench/measure.mjs); numpy's in a python3
// process (bench/numpy_gradient.py). Each: two warm-up calls, then N timed calls (large
// workloads) or N batches of 20 000 calls (tiny ones), and the median is kept. With R rounds,
// every configuration (numpy included) is measured R times, interleaved, and the median of the
// R medians is reported: on these machines one process can be 2× off.
//
// The "C limit" column is bench/limit.c (numpy's formulas as plain C, 2 threads, outputs
// preallocated), compiled here for this CPU and timed with streaming stores and with ordinary ones
// in every round: the faster is the limit (the cell says which), and the last column is how far
// 'ndgradient out' is from it (its time ÷ the limit's; 1.00 is the limit).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { peers as allPeers } from './peers.mjs';
import { bytesPer, workloads } from './workloads.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const samples = Number(option('--samples', 11));
const rounds = Number(option('--rounds', 1));
const selected = workloads.filter((w) => w.name.includes(option('--only', '')));
const chosen = option('--peers', undefined)?.split(',');
for (const name of chosen ?? [])
  if (!(name in allPeers)) throw new Error(`--peers: no configuration '${name}' (there are: ${Object.keys(allPeers).join(', ')})`);
const peers = chosen === undefined ? allPeers : Object.fromEntries(Object.entries(allPeers).filter(([name]) => chosen.includes(name)));
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

const json = (command, commandArgs) => JSON.parse(execFileSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 20 }));
const measure = (...measureArgs) => json(process.execPath, ['--expose-gc', here('./measure.mjs'), ...measureArgs]);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const numpyVersion = execFileSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' }).trim();

const format = (seconds) => (seconds >= 1e-3 ? `${(seconds * 1e3).toFixed(2)} ms` : `${(seconds * 1e6).toFixed(seconds < 1e-5 ? 2 : 1)} µs`);
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** bench/limit.c built for this CPU, or undefined where it cannot be (no C compiler, no AVX2). */
function buildLimit() {
  const binary = path.join(mkdtempSync(path.join(os.tmpdir(), 'ndgradient-limit-')), 'limit');
  try {
    execFileSync('cc', ['-O3', '-march=native', '-ffp-contract=off', '-pthread', here('./limit.c'), '-o', binary, '-lm'], { stdio: 'pipe' });
    return binary;
  } catch (error) {
    console.log(`(no C limit column: bench/limit.c did not build here: ${String(error.stderr ?? error.message).split('\n')[0]})`);
    return undefined;
  }
}
const limit = buildLimit();
const limitOf = (w, stores) => {
  if (limit === undefined) return undefined;
  const result = json(limit, [JSON.stringify(w), String(samples), stores]);
  return result.skipped ? undefined : result.median;
};

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  `ndgradient ${json(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(here('../package.json'))}).version)`])} — ${cpu}, ${os.cpus().length} CPUs, Node ${process.version}, numpy ${numpyVersion}; medians of ${samples} samples${rounds > 1 ? `, median of ${rounds} rounds` : ''}`,
  '',
  `| workload | numpy | C limit | ${Object.keys(peers).join(' | ')} | out ÷ C limit |`,
  `|---|---|---|${Object.keys(peers)
    .map(() => '---|')
    .join('')}---|`,
];
console.log(lines.join('\n'));
for (const w of selected) {
  const times = { numpy: [] };
  for (let round = 0; round < rounds; round++) {
    times.numpy.push(json('python3', [here('./numpy_gradient.py'), 'time', JSON.stringify([w]), String(samples)])[w.name]);
    for (const stores of ['stream', 'store']) {
      const limitTime = limitOf(w, stores);
      if (limitTime !== undefined) (times[`C limit ${stores}`] ??= []).push(limitTime);
    }
    for (const peer of Object.keys(peers)) {
      const result = measure('time', w.name, peer, String(samples));
      if (!result.skipped) (times[peer] ??= []).push(result.median);
    }
  }
  const numpyTime = median(times.numpy);
  const cells = [w.name, format(numpyTime)];
  const timeOf = (name) => (times[name] === undefined ? undefined : median(times[name]));
  const [streamed, stored] = [timeOf('C limit stream'), timeOf('C limit store')];
  const limitTime = streamed === undefined ? undefined : Math.min(streamed, stored);
  cells.push(limitTime === undefined ? '—' : `${format(limitTime)} (${(numpyTime / limitTime).toFixed(1)}×, ${streamed <= stored ? 'stream' : 'store'})`);
  for (const name of Object.keys(peers)) {
    const peerTime = timeOf(name);
    cells.push(peerTime === undefined ? '—' : `${format(peerTime)} (${(numpyTime / peerTime).toFixed(1)}×)`);
  }
  const outTime = timeOf('ndgradient out');
  cells.push(limitTime === undefined || outTime === undefined ? '—' : (outTime / limitTime).toFixed(2));
  const row = `| ${cells.join(' | ')} |`;
  lines.push(row);
  console.log(row);
}
lines.push(
  '',
  'Cells: median time (numpy time ÷ this time; above 1× is faster than numpy). C limit: bench/limit.c (2 threads, outputs preallocated; the faster of streaming and ordinary stores, named). out ÷ C limit: 1.00 is the hardware limit.',
);

if (!args.includes('--no-memory')) {
  const memoryLines = ['', '| workload | input | numpy peak | ndgradient peak |', '|---|---|---|---|'];
  console.log(memoryLines.join('\n'));
  for (const w of selected.filter((candidate) => candidate.large)) {
    const elements = w.shape.reduce((a, b) => a * b, 1);
    const bytes = elements * bytesPer(w.dtype) + (w.spacing === 'coordinates' ? w.shape[0] * 8 : 0);
    const numpyPeak = json('python3', [here('./numpy_gradient.py'), 'memory', JSON.stringify(w)]);
    const ours = measure('memory', w.name, 'ndgradient').peak;
    const row = `| ${w.name} | ${mib(bytes)} | ${mib(numpyPeak)} | ${mib(ours)} |`;
    memoryLines.push(row);
    console.log(row);
  }
  lines.push(...memoryLines, '', 'Peak: resident memory one call adds above its inputs (VmHWM after resetting it, Linux).');
}

if (!args.includes('--no-outofcore') && 'out of core'.includes(option('--only', ''))) {
  console.log('\nOut of core (bench/outofcore.mjs):');
  execFileSync(process.execPath, [here('./outofcore.mjs'), '--rounds', String(rounds)], { stdio: 'inherit' });
}

const markdown = option('--markdown', undefined);
if (markdown !== undefined) writeFileSync(markdown, `${lines.join('\n')}\n`);
