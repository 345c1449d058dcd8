// npm run bench: ndgradient against numpy (same data sizes, same run, same process tree) and the
// JS peers. Prints medians, ratios to numpy (numpy time / peer time: > 1 is faster than numpy)
// and the peak memory each call adds above its inputs.
//
//   node bench/run.mjs [--samples N] [--only SUBSTRING] [--no-memory] [--markdown FILE]
//
// Each configuration is measured in the same way: two warm-up calls, then N timed calls (large
// workloads) or N batches of calls (tiny ones), and the median is kept.

import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';

import { naiveGradient } from './naive.mjs';
import { makeInput, workloads } from './workloads.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const { gradient, NDArray } = require(root);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const samples = Number(option('--samples', 11));
const only = option('--only', '');
const selected = workloads.filter((w) => w.name.includes(only));

/** Peers that may be installed as devDependencies; absent ones are skipped. */
function optionalRequire(name) {
  try {
    return require(name);
  } catch {
    return undefined;
  }
}
const numpyTs = optionalRequire('numpy-ts');
const ndarray = optionalRequire('ndarray');
const ndarrayGradient = optionalRequire('ndarray-gradient');

/** The calls each peer makes for a workload; prepare() runs outside the timing. */
function peers(w, { data, x }) {
  const f = new NDArray(data, w.shape);
  const spacing = x === undefined ? [] : [x];
  const options = w.axis === undefined ? {} : { axis: w.axis };
  const axes = w.axis === undefined ? w.shape.length : 1;
  const outputs = Array.from({ length: axes }, () => new data.constructor(data.length));
  const out = axes === 1 ? outputs[0] : outputs;
  const list = [
    ['ndgradient', () => gradient(f, ...spacing, { ...options })],
    ['ndgradient threads:1', () => gradient(f, ...spacing, { ...options, threads: 1 })],
    ['ndgradient out', () => gradient(f, ...spacing, { ...options, out })],
    ['ndgradient out threads:1', () => gradient(f, ...spacing, { ...options, out, threads: 1 })],
  ];
  if (numpyTs !== undefined) {
    const a = numpyTs.array(data).reshape(w.shape);
    const varargs = x === undefined ? undefined : [numpyTs.array(x)];
    list.push(['numpy-ts', () => numpyTs.gradient(a, varargs, w.axis)]);
  }
  if (ndarrayGradient !== undefined && x === undefined && w.axis === undefined) {
    const src = ndarray(data, w.shape);
    const dstShape = [...w.shape, w.shape.length];
    const dst = ndarray(new data.constructor(data.length * w.shape.length), dstShape);
    list.push(['ndarray-gradient (reused dst)', () => ndarrayGradient(dst, src)]);
  }
  if (w.axis === undefined) list.push(['naive JS loop', () => naiveGradient(data, w.shape, x)]);
  return list;
}

function time(run, small) {
  const first = process.hrtime.bigint();
  run();
  const slow = Number(process.hrtime.bigint() - first) > 3e8; // > 0.3 s a call: 3 samples will do
  run();
  const times = [];
  for (let s = 0; s < (slow ? 3 : samples); s++) {
    const batch = small ? 20_000 : 1;
    const start = process.hrtime.bigint();
    for (let b = 0; b < batch; b++) run();
    times.push(Number(process.hrtime.bigint() - start) / 1e9 / batch);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Peak memory one call adds above its inputs, in a fresh child process (Linux /proc). */
function childMemory(w, peer) {
  const script = `
    import { writeFileSync } from 'node:fs';
    const { makeInput } = await import(${JSON.stringify(new URL('./workloads.mjs', import.meta.url).href)});
    const { gradient, NDArray } = (await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(root)});
    const w = ${JSON.stringify(w)};
    const input = makeInput(w);
    const kib = (field) => Number(readFileSync('/proc/self/status', 'utf8').match(new RegExp(field + ':\\\\s+(\\\\d+)'))[1]);
    globalThis.gc?.();
    writeFileSync('/proc/self/clear_refs', '5');
    const before = kib('VmRSS');
    const result = gradient(new NDArray(input.data, w.shape), ...(input.x ? [input.x] : []), w.axis === undefined ? {} : { axis: w.axis });
    console.log((kib('VmHWM') - before) * 1024);
  `;
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim()) : Number.NaN;
}

const numpyScript = fileURLToPath(new URL('./numpy_gradient.py', import.meta.url));
function numpyTimes() {
  const output = execFileSync('python3', [numpyScript, 'time', JSON.stringify(selected), String(samples)], { encoding: 'utf8' });
  return JSON.parse(output);
}
function numpyMemory(w) {
  return Number(execFileSync('python3', [numpyScript, 'memory', JSON.stringify(w)], { encoding: 'utf8' }));
}

const format = (seconds) =>
  seconds >= 1e-3 ? `${(seconds * 1e3).toFixed(2)} ms` : `${(seconds * 1e6).toFixed(seconds < 1e-5 ? 3 : 1)} µs`;
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const machine = `${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} CPUs, Node ${process.version}`;
const numpy = numpyTimes();
const numpyVersion = execFileSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' }).trim();
const lines = [`ndgradient benchmark — ${machine}, numpy ${numpyVersion}; medians of ${samples}; ratio = numpy time / time`, ''];
lines.push('| workload | peer | median | × numpy |', '|---|---|---|---|');
for (const w of selected) {
  const input = makeInput(w);
  lines.push(`| ${w.name} | numpy | ${format(numpy[w.name])} | 1.00 |`);
  for (const [name, run] of peers(w, input)) {
    const seconds = time(run, w.small);
    lines.push(`| ${w.name} | ${name} | ${format(seconds)} | ${(numpy[w.name] / seconds).toFixed(2)} |`);
  }
  console.log(lines.slice(-1 - peers(w, input).length).join('\n'));
}
if (!args.includes('--no-memory')) {
  lines.push('', '| workload | input | numpy peak | ndgradient peak |', '|---|---|---|---|');
  for (const w of selected.filter((w) => w.large)) {
    const input = makeInput(w);
    const bytes = input.data.byteLength + (input.x?.byteLength ?? 0);
    const row = `| ${w.name} | ${mb(bytes)} | ${mb(numpyMemory(w))} | ${mb(childMemory(w))} |`;
    lines.push(row);
    console.log(row);
  }
}
const markdown = option('--markdown', undefined);
if (markdown !== undefined) writeFileSync(markdown, `${lines.join('\n')}\n`);
console.log(`\n${lines.join('\n')}`);
