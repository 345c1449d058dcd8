// One shard of an axis, given only its samples (README: Chunks and streams, Beyond one machine):
// as a worker thread (workerData in, the result's buffer transferred back) or as a separate
// process (a JSON line on stdin, the result's bytes as base64 on stdout).
const { isMainThread, parentPort, workerData } = require('node:worker_threads');

const { gradient } = require('../../dist/index.js');

/** The shard's job: positions [start, end) of axis 0 from `samples`, rows of `row` values. */
function compute({ samples, x, row, length, start, end, inputStart, options }) {
  const rows = samples.length / row;
  const f = row === 1 ? samples : new (require('../../dist/index.js').NDArray)(samples, [rows, row]);
  const spacing = x === undefined ? [] : [x];
  const result = gradient(f, ...spacing, { ...options, axis: 0, chunk: { length, start, end, inputStart } });
  return result.data;
}

if (!isMainThread) {
  const data = compute(workerData);
  parentPort.postMessage(data, [data.buffer]);
} else {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (text) => (input += text));
  process.stdin.on('end', () => {
    const job = JSON.parse(input);
    const decode = (text) => new Float64Array(new Uint8Array(Buffer.from(text, 'base64')).buffer);
    const data = compute({ ...job, samples: decode(job.samples), x: job.x === undefined ? undefined : decode(job.x) });
    process.stdout.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'));
  });
}
