/**
 * `npm run demo`: numpy's classic gradient examples, then six real-shaped jobs — velocity from an
 * irregularly sampled position log, the gradient of a 512×512 image, a periodic longitude axis
 * (beyond numpy: checked against numpy on the padded array), a complex impedance spectrum, a
 * float16 height map, and the position log again as a stream of packets — each checked against
 * numpy bit for bit when python3 with numpy is on the machine.
 */

import { spawnSync } from 'node:child_process';

import { halfBits } from './half';
import { NDArray, gradient, gradientStream, type Complex, type ComplexNDArray, type FloatArray } from './index';

const show = (label: string, value: NDArray | NDArray[]): void => {
  const format = (a: NDArray): string => JSON.stringify(a.toArray()).replace(/,/g, ', ');
  const text = Array.isArray(value) ? value.map(format).join(', ') : format(value);
  console.log(`${label.padEnd(48)} ${text}`);
};

/** numpy's gradient of the same arrays, compared bit for bit; a line saying which. */
function checkWithNumpy(label: string, python: string, inputs: Record<string, Float64Array>, ours: NDArray<FloatArray, number | Complex>[]): void {
  const payload = JSON.stringify(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, Buffer.from(v.buffer).toString('base64')])));
  const script = [
    'import sys, json, base64, numpy as np',
    'd = {k: np.frombuffer(base64.b64decode(v), np.float64) for k, v in json.loads(sys.stdin.read()).items()}',
    `r = ${python}`,
    'r = r if isinstance(r, tuple) else (r,)',
    'sys.stdout.write(json.dumps([np.__version__] + [base64.b64encode(np.ascontiguousarray(a).tobytes()).decode() for a in r]))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { input: payload, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) {
    console.log(`  ${label}: numpy not available here, comparison skipped`);
    return;
  }
  const [version, ...results] = JSON.parse(run.stdout) as string[];
  const same = results.length === ours.length && results.every((b64, k) => Buffer.from(b64!, 'base64').equals(Buffer.from(ours[k]!.data.buffer)));
  console.log(`  ${label}: ${same ? 'identical to' : 'DIFFERENT FROM'} numpy ${version}, bit for bit (${ours.reduce((n, a) => n + a.size, 0)} values)`);
  if (!same) process.exitCode = 1;
}

console.log('numpy.gradient examples');
show('gradient([1, 2, 4, 7, 11])', gradient([1, 2, 4, 7, 11]));
show(
  'gradient([[1, 2, 4], [7, 11, 16]])',
  gradient([
    [1, 2, 4],
    [7, 11, 16],
  ]),
);
show('gradient([1, 2, 4, 7, 11, 16], 2)', gradient([1, 2, 4, 7, 11, 16], 2));
show('gradient(f, [0, 1, 1.5, 3.5, 4, 6])', gradient([1, 2, 4, 7, 11, 16], [0, 1, 1.5, 3.5, 4, 6]));
show('gradient(f, x, { edgeOrder: 2 })', gradient([1, 2, 4, 7, 11, 16], [0, 1, 1.5, 3.5, 4, 6], { edgeOrder: 2 }));

// A position log with jittered timestamps (a GPS-like track): velocity = d(position)/d(time).
const samples = 10_000;
const time = new Float64Array(samples);
const position = new Float64Array(samples);
let seed = 42;
const random = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
for (let i = 0; i < samples; i++) {
  time[i] = i * 0.1 + (random() - 0.5) * 0.02;
  position[i] = 100 * Math.sin(time[i]! / 50) + 0.5 * time[i]! + (random() - 0.5) * 0.01;
}
const velocity = gradient(position, time, { edgeOrder: 2 });
console.log(`\nvelocity from ${samples} irregular samples: v[0] = ${velocity.get(0)}, v[${samples - 1}] = ${velocity.get(-1)}`);
checkWithNumpy('velocity', 'np.gradient(d["position"], d["time"], edge_order=2)', { position, time }, [velocity]);

// A 512×512 image (a Gaussian blob on a ramp), 0.5 mm pixels: both gradient components.
const size = 512;
const image = new Float64Array(size * size);
for (let r = 0; r < size; r++) {
  for (let c = 0; c < size; c++) image[r * size + c] = Math.exp(-((r - 200) ** 2 + (c - 300) ** 2) / 5000) + c / size;
}
// An NDArray's rank is known only at run time, so TypeScript sees NDArray | NDArray[] here.
const [dy, dx] = gradient(new NDArray(image, [size, size]), 0.5) as NDArray<FloatArray>[];
let steepest = 0;
for (let i = 0; i < image.length; i++) steepest = Math.max(steepest, Math.hypot(dy!.data[i]!, dx!.data[i]!));
console.log(`image ${size}×${size}: steepest slope ${steepest.toFixed(6)} per mm`);
checkWithNumpy('image', `np.gradient(d["image"].reshape(${size}, ${size}), 0.5)`, { image }, [dy!, dx!]);

// Beyond numpy: a temperature field on a latitude × longitude grid, whose longitude axis wraps
// (periodic, 2.5° steps), differentiated along longitude; numpy's answer is np.gradient on the
// array padded with np.pad(mode='wrap'), with the padding dropped.
const lat = 73;
const lon = 144;
const temperature = new Float64Array(lat * lon);
for (let i = 0; i < lat; i++) {
  for (let j = 0; j < lon; j++) temperature[i * lon + j] = 15 + 12 * Math.cos(((i - 36) * Math.PI) / 72) + 3 * Math.sin((j * 2.5 * Math.PI) / 90);
}
const dTdLon = gradient(new NDArray(temperature, [lat, lon]), 2.5, { axis: 1, boundary: 'periodic' }) as NDArray<FloatArray>;
console.log(`\ntemperature ${lat}×${lon}, periodic longitude: dT/dλ at λ = 0 is ${dTdLon.get(36, 0).toFixed(6)} °/°`);
checkWithNumpy(
  'periodic longitude',
  `np.gradient(np.pad(d["temperature"].reshape(${lat}, ${lon}), ((0, 0), (1, 1)), mode="wrap"), 2.5, axis=1)[:, 1:-1]`,
  { temperature },
  [dTdLon],
);
const fourth = gradient(new NDArray(temperature, [lat, lon]), 2.5, { axis: 1, boundary: 'periodic', accuracy: 4 }) as NDArray<FloatArray>;
const exact = (3 * Math.PI) / 90; // d/dλ of 3 sin(λπ/90) at λ = 0
console.log(
  `  accuracy 2 error at λ = 0: ${Math.abs(dTdLon.get(36, 0) - exact).toExponential(2)}, accuracy 4: ${Math.abs(fourth.get(36, 0) - exact).toExponential(2)}`,
);

// An impedance spectrum Z(f) = R + 1/(2πifC) of a series RC circuit at 400 log-spaced
// frequencies: complex data, real coordinates; dZ/df checked against numpy's complex gradient.
const frequencies = 400;
const hz = new Float64Array(frequencies);
const impedance = new Float64Array(2 * frequencies); // (re, im) pairs
for (let k = 0; k < frequencies; k++) {
  hz[k] = 10 ** (1 + (5 * k) / (frequencies - 1));
  impedance[2 * k] = 50; // R
  impedance[2 * k + 1] = -1 / (2 * Math.PI * hz[k]! * 1e-6); // 1/(iωC) = -i/(ωC), C = 1 µF
}
const dZ = gradient(new NDArray<Float64Array, Complex>(impedance, [frequencies], undefined, 0, 'complex128'), hz, { edgeOrder: 2 }) as ComplexNDArray;
const at = dZ.get(200);
console.log(`
impedance spectrum, ${frequencies} log-spaced frequencies: dZ/df at ${hz[200]!.toFixed(1)} Hz = ${at.re} ${at.im < 0 ? '-' : '+'} ${Math.abs(at.im).toExponential(6)}i Ω/Hz`);
checkWithNumpy('complex impedance', 'np.gradient(d["impedance"].view(np.complex128), d["hz"], edge_order=2)', { impedance, hz }, [dZ]);

// A half-precision (float16) 256×256 height map, as ML pipelines store them: both slopes, float16
// as numpy computes it (every operation in float32, rounded to float16).
const side = 256;
const heights = new Uint16Array(side * side); // float16 bits
for (let r = 0; r < side; r++) {
  for (let c = 0; c < side; c++) heights[r * side + c] = halfBits(Math.sin(r / 20) * Math.cos(c / 30) * 100);
}
const [slopeY, slopeX] = gradient(new NDArray(heights, [side, side], undefined, 0, 'float16'), 0.25) as NDArray<FloatArray>[];
console.log(`
float16 height map ${side}×${side}: slopes at (128, 128) = ${slopeY!.get(128, 128)}, ${slopeX!.get(128, 128)}`);
checkWithNumpy('float16 slopes', 'np.gradient(d["heights"].view(np.float16).reshape(256, 256), 0.25)', { heights: new Float64Array(heights.buffer) }, [
  slopeY!,
  slopeX!,
]);

// Beyond numpy: the same position log arriving as a stream of 250-sample { f, x } chunks (a
// receiver's packets): velocities leave as soon as their neighbours have arrived, and the
// concatenated stream is numpy's whole-array answer, bit for bit.
void (async () => {
  const packets = Array.from({ length: samples / 250 }, (_, k) => ({ f: position.subarray(250 * k, 250 * k + 250), x: time.subarray(250 * k, 250 * k + 250) }));
  const streamed = new Float64Array(samples);
  let filled = 0;
  let first = 0;
  for await (const piece of gradientStream(packets, { edgeOrder: 2 })) {
    const data = (piece as NDArray<FloatArray>).data;
    if (filled === 0) first = data.length;
    streamed.set(data, filled);
    filled += data.length;
  }
  console.log(`\nvelocity streamed in ${packets.length} packets of 250 samples: the first result covers ${first} samples (its neighbour is still to come)`);
  checkWithNumpy('streamed velocity', 'np.gradient(d["position"], d["time"], edge_order=2)', { position, time }, [
    new NDArray(streamed, [samples]) as NDArray<FloatArray>,
  ]);
})();
