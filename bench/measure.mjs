// One measurement in a fresh process, so that no other workload's arrays or garbage weigh on it:
//   node bench/measure.mjs time WORKLOAD PEER SAMPLES  -> {"median": seconds} or {"skipped": true}
//   node bench/measure.mjs memory WORKLOAD PEER        -> {"peak": bytes above the inputs}
import { readFileSync, writeFileSync } from 'node:fs';

import { peers } from './peers.mjs';
import { makeInput, workloads } from './workloads.mjs';

const [mode, workloadName, peerName, samplesText] = process.argv.slice(2);
const w = workloads.find((candidate) => candidate.name === workloadName);
const input = makeInput(w);
const call = peers[peerName](w, input);
if (call === undefined) {
  console.log(JSON.stringify({ skipped: true }));
  process.exit(0);
}

if (mode === 'memory') {
  // Linux: reset the peak (VmHWM) to the current size, call once, read the new peak.
  const kib = (field) => Number(readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`))[1]);
  globalThis.gc?.();
  writeFileSync('/proc/self/clear_refs', '5');
  const before = kib('VmRSS');
  const result = call();
  console.log(JSON.stringify({ peak: (kib('VmHWM') - before) * 1024, kept: result !== undefined }));
  process.exit(0);
}

const samples = Number(samplesText);
// Between samples, untimed, the event loop turns once, as it does between a server's requests:
// that is when Node hands collected results' memory back (native/recycle.cc), so an allocating
// call is measured as a steady server loop sees it. (test/recycle.test.ts bounds the memory of a
// loop that never yields.)
const turn = () => new Promise((resolve) => setImmediate(resolve));
const started = process.hrtime.bigint();
call();
await turn();
const slow = Number(process.hrtime.bigint() - started) > 3e8; // > 0.3 s a call: 3 samples will do
// Untimed calls first, for up to a second (at most 200): a steady loop, not a process's first calls.
for (let warm = 0; warm < 200 && (warm < 1 || Number(process.hrtime.bigint() - started) < 1e9); warm++) {
  call();
  await turn();
}
const batch = w.small ? 20_000 : 1;
// Small calls: one untimed batch first, so every sample sees the optimised code (as numpy's see
// its compiled loops), not V8's interpreter and baseline tiers.
if (w.small) for (let b = 0; b < batch; b++) call();
const times = [];
for (let s = 0; s < (slow ? 3 : samples); s++) {
  const start = process.hrtime.bigint();
  for (let b = 0; b < batch; b++) call();
  times.push(Number(process.hrtime.bigint() - start) / 1e9 / batch);
  await turn();
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median: times[Math.floor(times.length / 2)] }));
