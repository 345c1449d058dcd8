// npm run test:terminate: workers terminated while they compute, many times over, in two
// processes at once (the contention made crashes show). Each process starts ROUNDS workers that
// either loop over gradient or leave four 16 MB gradientAsync calls pending, and terminates each
// a few milliseconds later. Any crash fails the run. About 25 s; CI runs it. Before huge-page
// advice was limited to the main thread's sync calls (addon.cc, async.cc), this crashed in most
// runs; the cause of that crash is not fully understood, which is why it stays in CI.
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rounds = Number(process.env.ROUNDS ?? 300);

if (process.argv[2] === 'child') {
  const source = (pending) => `
    const { parentPort } = require('node:worker_threads');
    const { gradient, gradientAsync } = require(${JSON.stringify(root)});
    const f = new Float64Array(2_000_000).map((_, i) => i % 13);
    parentPort.postMessage('ready');
    if (${pending}) { for (let k = 0; k < 4; k++) gradientAsync(f, { threads: k % 2 + 1 }); }
    else { for (;;) gradient(f, { threads: 2 }); }`;
  for (let round = 0; round < rounds; round++) {
    const worker = new Worker(source(round % 3 !== 0), { eval: true });
    await new Promise((resolve) => worker.once('message', resolve));
    await new Promise((resolve) => setTimeout(resolve, round % 5));
    await worker.terminate();
  }
  console.log(`${rounds} workers terminated mid-call`);
} else {
  const runs = [0, 1].map(
    () =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'child'], { stdio: 'inherit' });
        child.on('exit', (code, signal) => resolve(code === 0 ? 'ok' : `exit ${code ?? signal}`));
      }),
  );
  const results = await Promise.all(runs);
  console.log(`terminate stress: ${results.join(', ')}`);
  if (results.some((result) => result !== 'ok')) process.exit(1);
}
