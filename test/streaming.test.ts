// Large outputs (16 MiB an axis and more), where the native interior is written with streaming
// stores (native/streaming.h) and several axes are computed slab by slab (native/gradient.cc):
// the bits must still be numpy's, on every path that reaches those kernels — allocated results,
// `out` views at every alignment the peel handles, one thread and several, gradientAsync. The
// cases and numpy's answers come from test/numpy/large.py; the exactness suites elsewhere use
// arrays far below the threshold. Options numpy has no answer for (boundaries, accuracy) are held
// to the same call one axis at a time, which never takes slabs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { NDArray, array, gradient, gradientAsync } from '../src/index';

// The calls below are assembled from data (spacing lists, option records): untyped here.
const compute = gradient as unknown as (...args: unknown[]) => NDArray | NDArray[];
const computeAsync = gradientAsync as unknown as (...args: unknown[]) => Promise<NDArray | NDArray[]>;

interface LargeCase {
  name: string;
  stem: string;
  shape: number[];
  dtype: 'float64' | 'float32';
  spacing: (number | 'x')[];
  axis: number | number[] | null;
  edgeOrder: 1 | 2;
  results: number;
}

const directory = mkdtempSync(path.join(tmpdir(), 'ndgradient-large-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const cases = JSON.parse(
  execFileSync('python3', [path.join(__dirname, 'numpy', 'large.py'), directory], { encoding: 'utf8', maxBuffer: 1 << 20 }),
) as LargeCase[];

const bytesOf = (file: string): Buffer => readFileSync(file);
const bytesOfArray = (a: NDArray): Buffer => {
  const d = a.data as Float64Array | Float32Array;
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
};

/**
 * The first element whose bits differ from numpy's, or undefined. A NaN need only be a NaN (the
 * README's one allowance: its sign and payload depend on operand order, which IEEE leaves open).
 */
function firstDifference(result: NDArray, expected: Buffer, size: number): string | undefined {
  const actual = bytesOfArray(result);
  if (actual.equals(expected)) return undefined;
  if (actual.length !== expected.length) return `${actual.length} bytes, numpy ${expected.length}`;
  const width = expected.length / size;
  const numpy = width === 8 ? new Float64Array(new Uint8Array(expected).buffer) : new Float32Array(new Uint8Array(expected).buffer);
  for (let i = 0; i < size; i++) {
    const a = actual.subarray(i * width, (i + 1) * width);
    const e = expected.subarray(i * width, (i + 1) * width);
    if (a.equals(e) || (Number.isNaN(result.data[i]) && Number.isNaN(numpy[i]))) continue;
    return `element ${i}: ${a.toString('hex')}, numpy ${e.toString('hex')}`;
  }
  return undefined;
}

describe.each(cases)('$name', (c) => {
  const Type = c.dtype === 'float64' ? Float64Array : Float32Array;
  const size = c.shape.reduce((a, b) => a * b, 1);
  const input = bytesOf(`${c.stem}.f`);
  // The input at an odd element offset in its buffer: the kernels read it unaligned.
  const storage = new ArrayBuffer(input.length + Type.BYTES_PER_ELEMENT);
  const data = new Type(storage, Type.BYTES_PER_ELEMENT, size);
  new Uint8Array(storage, Type.BYTES_PER_ELEMENT).set(input);
  const f = array(data, { shape: c.shape });
  const expected = Array.from({ length: c.results }, (_, k) => bytesOf(`${c.stem}.${k}`));
  const spacing = c.spacing.map((s, j) => (s === 'x' ? new Float64Array(new Uint8Array(bytesOf(`${c.stem}.x${j}`)).buffer) : s));
  const options = { edgeOrder: c.edgeOrder, ...(c.axis === null ? {} : { axis: c.axis }) };
  const check = (result: NDArray | NDArray[]): void => {
    const results = Array.isArray(result) ? result : [result];
    expect(results).toHaveLength(c.results);
    expect(results.map((r, k) => firstDifference(r, expected[k]!, size))).toEqual(expected.map(() => undefined));
  };

  it('allocated results, default threads and one thread', () => {
    check(compute(f, ...spacing, options));
    check(compute(f, ...spacing, { ...options, threads: 1 }));
  });

  it('into out views at every offset within 16 bytes', () => {
    for (let offset = 1; offset * Type.BYTES_PER_ELEMENT <= 16; offset++) {
      const out = expected.map(() => {
        const buffer = new ArrayBuffer((size + offset) * Type.BYTES_PER_ELEMENT);
        new Uint8Array(buffer).fill(0xa5); // nothing left unwritten passes for numpy's bits
        return array(new Type(buffer, offset * Type.BYTES_PER_ELEMENT, size), { shape: c.shape });
      });
      const result = compute(f, ...spacing, { ...options, threads: 2, out: c.results === 1 ? out[0]! : out });
      check(result);
    }
  });

  it('gradientAsync', async () => {
    check(await computeAsync(f, ...spacing, options));
  });
});

describe('several axes by slabs equal the same axes one at a time', () => {
  // 2-d and 3-d arrays past the threshold, with the options only the stencil code knows.
  const field = (shape: number[], Type: Float64ArrayConstructor | Float32ArrayConstructor): NDArray => {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Type(size);
    for (let i = 0; i < size; i++) data[i] = Math.sin(i * 1e-3) * 3 + ((i * 7919) % 13) * 0.125;
    return array(data, { shape });
  };
  const steps = (n: number): Float64Array => {
    const x = new Float64Array(n);
    for (let i = 1; i < n; i++) x[i] = x[i - 1]! + 0.5 + ((i * 31) % 7) / 8;
    return x;
  };
  const cases: [string, NDArray, unknown[], Record<string, unknown>][] = [
    ['2-d float64, periodic, accuracy 4', field([700, 3_100], Float64Array), [], { boundary: 'periodic', accuracy: 4 }],
    ['2-d float32, constant ends, accuracy 6', field([1_300, 3_300], Float32Array), [0.5, 2], { boundary: { constant: 1.5 }, accuracy: 6 }],
    ['2-d float64, coordinates, reflect, accuracy 8', field([650, 3_300], Float64Array), [steps(650), steps(3_300)], { boundary: 'reflect', accuracy: 8 }],
    ['3-d float64, periodic axis 0, numpy ends elsewhere', field([30, 300, 300], Float64Array), [], { boundary: ['periodic', 'numpy', 'numpy'] }],
    ['3-d float64 reversed along dimension 0, axes 1 and 2', field([30, 300, 300], Float64Array), [], { axis: [1, 2], edgeOrder: 2 }],
  ];
  it.each(cases)('%s', (_name, input, spacing, options) => {
    const [n0, ...rest] = input.shape as number[];
    const plane = rest.reduce((a, b) => a * b, 1);
    // Reversed: dimension 0 runs backwards through the same buffer (a negative outer stride).
    const f = _name.includes('reversed')
      ? new NDArray(input.data, input.shape, [-plane, ...rest.map((_, d) => rest.slice(d + 1).reduce((a, b) => a * b, 1))], (n0! - 1) * plane)
      : input;
    const axes = (options.axis as number[] | undefined) ?? f.shape.map((_, k) => k);
    const together = compute(f, ...spacing, options) as NDArray[];
    expect(together).toHaveLength(axes.length);
    axes.forEach((axis, k) => {
      const boundary = Array.isArray(options.boundary) ? options.boundary[k] : options.boundary;
      const alone = compute(f, ...(spacing.length > 1 ? [spacing[k]] : spacing), { ...options, boundary, axis }) as NDArray;
      expect(bytesOfArray(together[k]!).equals(bytesOfArray(alone)), `axis ${axis}`).toBe(true);
    });
  });
});
