// npm run test:terminate: environments torn down while the addon computes, many times over.
//  1. Two processes at once (the contention made crashes show), each starting ROUNDS workers
//     that either loop over gradient or leave four gradientAsync calls pending, and terminating
//     each a few milliseconds later. A quarter of the workers use 40 MB arrays (huge-page advice
//     on their fresh outputs), the rest 16 MB.
//  2. EXITS processes that call process.exit() while gradientAsync calls are in flight on the
//     main thread (the cleanup hook must wait for the pool work; async.cc).
// Any crash fails the run. About a minute; CI runs it. Phase 1 crashed in most runs while
// gradientAsync returned an uninitialized promise to environments that were ending (async.cc).
import { spawn, spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rounds = Number(process.env.ROUNDS ?? 300);
const exits = Number(process.env.EXITS ?? 40);

const pendingCalls = (elements) => `
  const { gradient, gradientAsync } = require(${JSON.stringify(root)});
  const f = new Float64Array(${elements}).fill(13);
  const pending = () => { for (let k = 0; k < 4; k++) gradientAsync(f, { threads: k % 2 + 1 }).catch(() => {}); };`;

if (process.argv[2] === 'workers') {
  for (let round = 0; round < rounds; round++) {
    const elements = round % 4 === 0 ? 5_000_000 : 2_000_000;
    const source = `${pendingCalls(elements)}
      require('node:worker_threads').parentPort.postMessage('ready');
      if (${round % 3 !== 0}) pending(); else for (;;) gradient(f, { threads: 2 });`;
    const worker = new Worker(source, { eval: true });
    await new Promise((resolve) => worker.once('message', resolve));
    await new Promise((resolve) => setTimeout(resolve, round % 5));
    await worker.terminate();
  }
  console.log(`${rounds} workers terminated mid-call`);
} else {
  const child = (...args) =>
    new Promise((resolve) => {
      const run = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
      run.on('exit', (code, signal) => resolve(code === 0 ? 'ok' : `exit ${code ?? signal}`));
    });
  const results = await Promise.all([child('workers'), child('workers')]);
  let exitFailures = 0;
  for (let k = 0; k < exits; k++) {
    const source = `${pendingCalls(5_000_000)}; pending(); setTimeout(() => process.exit(0), ${k % 4});`;
    const run = spawnSync(process.execPath, ['-e', source], { stdio: 'inherit' });
    if (run.status !== 0) exitFailures++;
  }
  results.push(`${exits - exitFailures} of ${exits} exits with gradientAsync in flight ok`);
  console.log(`terminate stress: ${results.join(', ')}`);
  if (results.slice(0, 2).some((result) => result !== 'ok') || exitFailures > 0) process.exit(1);
}
