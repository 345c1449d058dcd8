/**
 * Runs test/numpy/oracle.py and replays its cases through ndgradient, comparing bit for bit.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { constructors, isComplexDType } from '../../src/dtypes';
import { NDArray, gradient, gradientAsync, type DType, type NumericArray, type Spacing } from '../../src/index';

interface EncodedView {
  dtype: DType;
  buffer: string;
  shape: number[];
  strides: number[];
  offset: number;
}

type EncodedSpacing =
  | { type: 'number'; value: string }
  | { type: 'zerod'; dtype: DType; value: string }
  | { type: 'coords'; form: 'list' | 'typed' | 'ndarray'; dtype: DType; buffer: string };

export interface OracleCase {
  name: string;
  group: 'float64' | 'float32' | 'integer' | 'complex128' | 'complex64' | 'float16';
  input: EncodedView;
  spacing: EncodedSpacing[];
  axis: number | number[] | null;
  edgeOrder: 1 | 2 | null;
  single: boolean;
  /** The stencil options (README: Boundaries and accuracy), as the call gives them; constants as base64 float64. */
  boundary?: EncodedBoundary | EncodedBoundary[];
  period?: number | (number | null)[];
  accuracy?: 4 | 6 | 8;
  expected: { dtype: string; shape: number[]; buffer: string }[];
}

type EncodedMode = string | { constant: string };
type EncodedBoundary = EncodedMode | { left: EncodedMode; right: EncodedMode };

function decodeMode(mode: EncodedMode): unknown {
  return typeof mode === 'string' ? mode : { constant: decode(mode.constant, 'float64')[0] };
}

function decodeBoundary(boundary: EncodedBoundary | EncodedBoundary[]): unknown {
  if (Array.isArray(boundary)) return boundary.map(decodeBoundary);
  if (typeof boundary === 'object' && 'left' in boundary) return { left: decodeMode(boundary.left), right: decodeMode(boundary.right) };
  return decodeMode(boundary);
}

const script = path.join(__dirname, 'oracle.py');

/** Runs the oracle: `fixtures` or `stencil-fixtures`, or `random` / `stencil-random` with a seed and a count. */
export function runOracle(...args: string[]): { numpy: string; cases: OracleCase[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ndgradient-oracle-'));
  try {
    const out = path.join(dir, 'cases.jsonl');
    const [mode, ...rest] = args;
    execFileSync('python3', [script, mode!, out, ...rest], { stdio: ['ignore', 'inherit', 'inherit'] });
    const [header, ...lines] = readFileSync(out, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0);
    return { numpy: (JSON.parse(header!) as { numpy: string }).numpy, cases: lines.map((line) => JSON.parse(line) as OracleCase) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** base64 of little-endian bytes → a TypedArray of `dtype` over a fresh, aligned buffer. */
export function decode(base64: string, dtype: DType): NumericArray {
  const bytes = Buffer.from(base64, 'base64');
  return new constructors[dtype](new Uint8Array(bytes).buffer);
}

function decodeSpacing(spacing: EncodedSpacing): Spacing {
  if (spacing.type === 'number') return decode(spacing.value, 'float64')[0] as number;
  if (spacing.type === 'zerod') return new NDArray(decode(spacing.value, spacing.dtype), [], [], 0, spacing.dtype);
  const values = decode(spacing.buffer, spacing.dtype);
  const half = spacing.dtype === 'float16'; // bits in a Uint16Array
  if (spacing.form === 'list') return Array.from(values as Float64Array);
  if (spacing.form === 'typed') {
    if (!half) return values;
    // float16 coordinates: a Float16Array where the runtime has one, else an NDArray of the bits.
    const Float16 = (globalThis as { Float16Array?: new (buffer: ArrayBufferLike) => NumericArray }).Float16Array;
    return Float16 === undefined ? new NDArray(values, [values.length], [1], 0, 'float16') : new Float16(values.buffer);
  }
  // A strided 1-d view: every other element of a buffer twice as long, read backwards.
  const n = values.length;
  const spread = half ? new Uint16Array(2 * n + 1).fill(0x7e00) : new Float64Array(2 * n + 1).fill(Number.NaN);
  for (let i = 0; i < n; i++) spread[2 * (n - 1 - i) + 1] = half ? (values[i] as number) : Number(values[i]);
  return new NDArray(spread, [n], [-2], 2 * (n - 1) + 1, half ? 'float16' : undefined);
}

/** The case's call, ready to run: f and the remaining arguments. */
export function caseArguments(c: OracleCase): [NDArray, ...unknown[]] {
  const { input } = c;
  const f = new NDArray(decode(input.buffer, input.dtype), input.shape, input.strides, input.offset, input.dtype);
  const options: Record<string, unknown> = {};
  if (c.edgeOrder !== null) options.edgeOrder = c.edgeOrder;
  if (c.axis !== null) options.axis = c.axis;
  if (c.boundary !== undefined) options.boundary = decodeBoundary(c.boundary);
  if (c.period !== undefined) options.period = Array.isArray(c.period) ? c.period.map((p) => p ?? undefined) : c.period;
  if (c.accuracy !== undefined) options.accuracy = c.accuracy;
  return [f, ...c.spacing.map(decodeSpacing), options];
}

/** How many result elements were NaN on both sides with different sign or payload bits. */
export const nanBitDifferences = { count: 0 };

/** How many cases checkCase also ran as gradient(typedArray) and gradient(typedArray, { out }) (the fast path). */
export const fastPathRuns = { count: 0 };

/** The first difference between ndgradient's result and numpy's, or undefined when identical. */
export function compareCase(c: OracleCase, result: NDArray | NDArray[]): string | undefined {
  const results = c.single ? [result as NDArray] : (result as NDArray[]);
  if (!c.single && !Array.isArray(result)) return 'numpy returned a tuple, ndgradient a single array';
  if (c.single && Array.isArray(result)) return 'numpy returned a single array, ndgradient an array of them';
  if (results.length !== c.expected.length) return `numpy returned ${c.expected.length} arrays, ndgradient ${results.length}`;
  for (let k = 0; k < results.length; k++) {
    const got = results[k]!;
    const want = c.expected[k]!;
    if (got.dtype !== want.dtype) return `result ${k}: dtype ${got.dtype}, numpy ${want.dtype}`;
    if (got.shape.join() !== want.shape.join()) return `result ${k}: shape [${got.shape}], numpy [${want.shape}]`;
    const expected = decode(want.buffer, want.dtype as DType) as Float64Array | Float32Array;
    // Bits, not values: -0 and every last ulp count. A NaN only has to be a NaN: IEEE 754 leaves
    // the sign and payload of a NaN result open, and x86 takes them from whichever NaN operand
    // comes first, an order compilers may swap in a commutative a*b or a+b (numpy's own differ
    // between its SIMD and scalar loops).
    // Complex results: their (re, im) values, compared the same way; float16: their bits.
    const wide = got.dtype === 'float64' || got.dtype === 'complex128';
    const half = got.dtype === 'float16';
    const bitsOf = (a: NumericArray): ArrayLike<number | bigint> =>
      wide
        ? new BigUint64Array(a.buffer as ArrayBuffer, a.byteOffset, a.length)
        : half
          ? new Uint16Array(a.buffer as ArrayBuffer, a.byteOffset, a.length)
          : new Uint32Array(a.buffer as ArrayBuffer, a.byteOffset, a.length);
    const gotBits = bitsOf(got.data);
    const wantBits = bitsOf(expected);
    const isNaNValue = (bits: number | bigint, value: number | bigint | undefined): boolean => (half ? (Number(bits) & 0x7fff) > 0x7c00 : Number.isNaN(value));
    if (gotBits.length !== wantBits.length) return `result ${k}: ${gotBits.length} values, numpy ${wantBits.length}`;
    for (let i = 0; i < wantBits.length; i++) {
      if (gotBits[i] === wantBits[i]) continue;
      if (isNaNValue(gotBits[i]!, got.data[i]) && isNaNValue(wantBits[i]!, expected[i])) {
        nanBitDifferences.count++;
      } else {
        return `result ${k}, value ${i}: ${got.data[i]} (bits ${gotBits[i]!.toString(16)}), numpy ${expected[i]} (bits ${wantBits[i]!.toString(16)})`;
      }
    }
  }
  return undefined;
}

/**
 * Runs one case through ndgradient and compares: on one thread, and split over 3 threads (forced,
 * even for tiny arrays), since results must not depend on the split.
 */
export function checkCase(c: OracleCase, run: (...args: unknown[]) => NDArray | NDArray[] = gradient as never): string | undefined {
  for (const threads of [1, 3]) {
    const [f, ...args] = caseArguments(c);
    const options = args.pop() as Record<string, unknown>;
    const problem = compareCase(c, run(f, ...(args as Spacing[]), { ...options, threads }));
    if (problem !== undefined) return `threads ${threads}: ${problem}`;
  }
  // The commonest calls, gradient(typedArray) alone and with a TypedArray `out`, take a fast path
  // (gradient.ts): every case they could be is also run through it, its 1-d view copied into a
  // TypedArray of its own.
  const [f, ...args] = caseArguments(c);
  const options = args.pop() as Record<string, unknown>;
  // (A 1-d call with no spacing, edge order 1 and numpy's boundaries is that call, whatever its axis.)
  const defaults = (options.edgeOrder ?? 1) === 1 && (options.accuracy ?? 2) === 2 && options.boundary === undefined && options.period === undefined;
  if (f.ndim === 1 && args.length === 0 && defaults && !isComplexDType(f.dtype) && f.dtype !== 'float16') {
    const source = f.data as unknown as ArrayLike<number | bigint>;
    const n = f.shape[0]!;
    const typed = new (f.data.constructor as new (n: number) => { [i: number]: number | bigint })(n);
    for (let i = 0; i < n; i++) typed[i] = source[f.offset + i * f.strides[0]!]!;
    const problem = compareCase(c, run(typed));
    if (problem !== undefined) return `gradient(typedArray): ${problem}`;
    // And gradient(typedArray, { out }), the other call the fast path serves.
    const out = f.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    const written = run(typed, { out }) as NDArray;
    if (written.data !== out) return 'gradient(typedArray, { out }): the result does not view out';
    const outProblem = compareCase(c, written);
    if (outProblem !== undefined) return `gradient(typedArray, { out }): ${outProblem}`;
    fastPathRuns.count++;
  }
  return undefined;
}

/** The same check through gradientAsync (one thread and three). */
export async function checkCaseAsync(c: OracleCase): Promise<string | undefined> {
  for (const threads of [1, 3]) {
    const [f, ...args] = caseArguments(c);
    const options = args.pop() as Record<string, unknown>;
    const problem = compareCase(c, await gradientAsync(f, ...(args as Spacing[]), { ...options, threads }));
    if (problem !== undefined) return `threads ${threads}: ${problem}`;
  }
  return undefined;
}

/**
 * Checks every case on this entry's backend (sync and async, 1 and 3 threads) and on `alsoWith`
 * (the TypeScript backend), and prints a tally by group; returns the first 10 failures.
 */
export async function checkCases(label: string, cases: OracleCase[], alsoWith: (...args: unknown[]) => NDArray | NDArray[]): Promise<string[]> {
  const tally = new Map<string, { cases: number; mismatches: number }>();
  const failures: string[] = [];
  for (const c of cases) {
    const problem = checkCase(c) ?? (await checkCaseAsync(c)) ?? checkCase(c, alsoWith);
    const entry = tally.get(c.group) ?? { cases: 0, mismatches: 0 };
    entry.cases++;
    if (problem !== undefined) entry.mismatches++;
    tally.set(c.group, entry);
    if (problem !== undefined && failures.length < 10) failures.push(`${c.name}: ${problem}`);
  }
  for (const [group, { cases: n, mismatches }] of [...tally].sort()) console.log(`${label}: ${group}: ${n} cases, ${mismatches} mismatches`);
  return failures;
}
