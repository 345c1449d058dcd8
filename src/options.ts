/**
 * The trailing options object: which argument it is, its names, `axis` and `edgeOrder`.
 */

import type { Accuracy, AxisBoundary } from './boundary';
import type { GradientChunk } from './chunks';
import { dtypeOf, storageDType, valuesPerElement, type FloatArray, type ResultDType } from './dtypes';
import { counted, describe } from './describe';
import { NDArray, isNDArray, cStrides, checkedView, halfBitsView, shapeSize, snapshot, type Complex } from './ndarray';

/** An NDArray results are written into: real, or complex for complex input. */
export type OutputArray = NDArray<FloatArray, number | Complex>;
import { hasOwn } from './intrinsics';
import { isPlainObject, ownProperty } from './objects';

/** Options of {@link gradient}. */
export interface GradientOptions {
  /**
   * Axis or axes to differentiate along (negative counts from the end): a number, or a list of
   * them (an array, or any array-like such as an Int32Array, as numpy takes). Default (or null):
   * every axis.
   */
  axis?: number | ArrayLike<number> | null;
  /**
   * Order of numpy's one-sided differences at 'numpy' ends: 1 (default) or 2; accuracy 2 only.
   * Any number type-checks (a `number` variable is common); other values are a RangeError.
   */
  edgeOrder?: 1 | 2 | (number & {});
  /**
   * Order of the central differences: 2 (default, numpy's), 4, 6 or 8. Above 2, 'numpy' ends take
   * off-centre stencils of the same order, and each axis needs accuracy + 1 samples. Any number
   * type-checks; other values are a RangeError.
   */
  accuracy?: Accuracy | (number & {});
  /**
   * What lies beyond each end: 'numpy' (default: one-sided differences), 'periodic', 'reflect',
   * 'symmetric' or { constant: c }; one for every computed axis or one per computed axis, each
   * possibly { left, right }.
   */
  boundary?: AxisBoundary | readonly AxisBoundary[];
  /** The period of periodic coordinates: one number, or one per computed axis (undefined where unused). */
  period?: number | readonly (number | undefined)[];
  /**
   * Preallocated results, one per computed axis (bare when exactly one axis is computed): each a
   * TypedArray or NDArray of the result's dtype with as many elements as `f`.
   */
  out?: OutputArray | FloatArray | ReadonlyArray<OutputArray | FloatArray>;
  /**
   * Threads for one call: an integer from 1 to 64 (1 computes on the calling thread only).
   * Default: automatic, one per processor once the array has 256 Ki elements or more (at least
   * 128 Ki per thread), one below. Results are identical whatever the count.
   */
  threads?: number;
  /**
   * Compute only positions [start, end) of one axis of `length`, from f holding just the samples
   * they need (gradientInputRange): the same bits as that slice of one whole-array call. Results
   * hold end - start positions along the axis. README: Chunks and streams.
   */
  chunk?: GradientChunk;
  /**
   * gradientAsync only: aborting rejects the call with an AbortError. Work that has not started
   * never starts; work already running runs to its end and its results are dropped (an `out`
   * array then holds them). README: gradientAsync.
   */
  signal?: AbortSignal;
}

const names = ['axis', 'edgeOrder', 'accuracy', 'boundary', 'period', 'out', 'threads', 'chunk', 'signal'] as const;

// Names people bring from numpy, torch, jax or MATLAB, and what they mean here. No prototype: an
// option named 'constructor' or 'toString' finds nothing here (nor anything polluted).
const hints: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  edge_order: 'edgeOrder',
  edgeorder: 'edgeOrder',
  order: 'edgeOrder',
  axes: 'axis',
  dim: 'axis',
  dims: 'axis',
  acc: 'accuracy',
  order_accuracy: 'accuracy',
  bc: 'boundary',
  boundaries: 'boundary',
  mode: 'boundary',
  pad: 'boundary',
  periodic: "boundary: 'periodic'",
  spacing: 'positional spacing arguments: gradient(f, ...spacing, options)',
  varargs: 'positional spacing arguments: gradient(f, ...spacing, options)',
  shape: 'a shaped input: gradient(new NDArray(data, shape)) or gradient(array(data, { shape }))',
  strides: 'a strided input: gradient(new NDArray(data, shape, strides, offset))',
});

/**
 * True when the last argument is the options object: a plain object (of any realm) that is not
 * an ndarray-like { data, shape } and not array-like (own properties decide, not inherited ones).
 */
export function isOptionsObject(value: unknown): value is GradientOptions {
  if (!isPlainObject(value)) return false;
  return !(hasOwn(value, 'data') && hasOwn(value, 'shape')) && !hasOwn(value, 'length');
}

/** The options of one call, each read once from an own property (undefined where absent). */
export interface OptionValues {
  readonly axis: unknown;
  readonly edgeOrder: unknown;
  readonly accuracy: unknown;
  readonly boundary: unknown;
  readonly period: unknown;
  readonly out: unknown;
  readonly threads: unknown;
  readonly chunk: unknown;
  readonly signal: unknown;
}

/** Every option unset: a fresh object of the one shape every OptionValues has (for V8). */
function unset(): { -readonly [Name in keyof OptionValues]: unknown } {
  return {
    axis: undefined,
    edgeOrder: undefined,
    accuracy: undefined,
    boundary: undefined,
    period: undefined,
    out: undefined,
    threads: undefined,
    chunk: undefined,
    signal: undefined,
  };
}

/** A call without an options object. */
export const noOptions: OptionValues = Object.freeze(unset());

/**
 * Checks the option names (unknown ones are refused, with the right name where we can guess it)
 * and reads each option once. Options are the object's own enumerable properties (what
 * Object.keys and `{ ...spread }` see): inherited ones are ignored, so a polluted Object.prototype
 * changes nothing. `keys`, where the caller has listed them already: they are listed once.
 */
export function readOptions(options: object, keys: readonly string[] = Object.keys(options)): OptionValues {
  for (const key of keys) {
    if ((names as readonly string[]).includes(key)) continue;
    const hint = hints[key] ?? hints[key.toLowerCase()] ?? names.find((name) => name.toLowerCase() === key.toLowerCase());
    throw new TypeError(`unknown option '${key}'${hint ? `; did you mean ${hint.includes(' ') ? hint : `'${hint}'`}?` : ''} (options are ${names.join(', ')})`);
  }
  // Only the names the object lists are read (one or two in a typical call, where reading all
  // nine cost a small call a fifth of its time); every result has the same shape, for V8.
  const values = unset();
  for (const key of keys) values[key as keyof OptionValues] = ownProperty(options, key);
  return values;
}

/**
 * The options of the commonest call with options, `gradient(f, { out })`, read without the
 * general scan (a fifth of a 16-element call): undefined unless `out` is the object's only own
 * key, and then what readOptions would return, `out` read once. `keys` are the object's own
 * keys, listed once for this and readOptions (a Proxy may list others the second time).
 * @example readOutAlone(options, Object.keys(options))?.out; // options.out, if it is alone
 */
export function readOutAlone(options: object, keys: readonly string[]): OptionValues | undefined {
  if (keys.length !== 1 || keys[0] !== 'out') return undefined;
  const values = unset();
  values.out = ownProperty(options, 'out');
  return values;
}

function isIntegerTypedArray(value: unknown): boolean {
  const dtype = dtypeOf(value);
  return dtype !== undefined && dtype !== 'float64' && dtype !== 'float32';
}

function checkAxisEntry(value: unknown, ndim: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`axis must be an integer or an array of integers, got ${describe(value)}`);
  }
  if (value < -ndim || value >= ndim) throw new RangeError(`axis ${value} is out of bounds for array of dimension ${ndim}`);
  return value < 0 ? value + ndim : value;
}

/** numpy's normalize_axis_tuple: every axis by default, order kept, duplicates refused. */
export function normalizeAxes(axis: unknown, ndim: number): number[] {
  if (axis === undefined || axis === null) {
    const all = new Array<number>(ndim);
    for (let d = 0; d < ndim; d++) all[d] = d;
    return all;
  }
  // numpy takes any integer sequence: arrays, and integer TypedArrays (read once each).
  const list = Array.isArray(axis) ? axis : isIntegerTypedArray(axis) ? Array.from(axis as ArrayLike<number>) : undefined;
  if (list === undefined) return [checkAxisEntry(axis, ndim)];
  const axes = list.map((entry) => checkAxisEntry(typeof entry === 'bigint' ? Number(entry) : entry, ndim));
  if (new Set(axes).size !== axes.length) throw new RangeError(`repeated axis in [${list.join(', ')}]`);
  return axes;
}

/** The thread count for the binding: 0 for automatic. */
export function checkThreads(threads: unknown): number {
  if (threads === undefined) return 0;
  if (typeof threads !== 'number') throw new TypeError(`threads must be a positive integer, got ${describe(threads)}`);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new RangeError(`threads must be an integer from 1 to 64 (1 disables threading), got ${threads}`);
  }
  return threads;
}

export function checkEdgeOrder(edgeOrder: unknown): 1 | 2 {
  if (edgeOrder === undefined) return 1;
  if (typeof edgeOrder !== 'number') throw new TypeError(`edgeOrder must be 1 or 2, got ${describe(edgeOrder)}`);
  if (edgeOrder !== 1 && edgeOrder !== 2) throw new RangeError(`edgeOrder must be 1 or 2, got ${edgeOrder}`);
  return edgeOrder;
}

/**
 * The `out` entries as NDArrays of `shape`, checked against the result dtype: `outputs`, the
 * call's own views to compute into, and `results`, what the call returns (an NDArray entry
 * itself). Nothing is written here, so a call that fails later has written nothing either.
 */
export function checkOut(out: unknown, count: number, shape: readonly number[], dtype: ResultDType): { outputs: OutputArray[]; results: OutputArray[] } {
  const single = !Array.isArray(out);
  if (single && count !== 1) {
    throw new TypeError(`out must be an array with one entry per computed axis (${count}), got ${describe(out)}`);
  }
  // Each entry read once, into a list of our own that every check below uses.
  const list = out as readonly unknown[];
  const entries: unknown[] = single ? [out] : new Array<unknown>(list.length);
  if (!single) for (let i = 0; i < entries.length; i++) entries[i] = list[i];
  if (!single && entries.length > 0 && entries.every((entry) => typeof entry === 'number')) {
    throw new TypeError(
      `out must hold arrays to write into (a Float64Array or an NDArray per computed axis), not numbers: got [${entries.slice(0, 4).join(', ')}${entries.length > 4 ? ', …' : ''}]`,
    );
  }
  if (entries.length !== count) {
    throw new RangeError(`out has ${counted(entries.length, 'entry', 'entries')}, but ${counted(count, 'axis is', 'axes are')} computed`);
  }
  const size = shapeSize(shape);
  const strides = cStrides(shape);
  const outputs: OutputArray[] = [];
  const results: OutputArray[] = [];
  const values = valuesPerElement(dtype);
  for (let i = 0; i < entries.length; i++) {
    const given = entries[i];
    const name = single ? 'out' : `out[${i}]`;
    const entry = isNDArray(given) ? snapshot(given, name) : given; // read once
    // A bare TypedArray of the result's storage holds complex results as (re, im) pairs, float16
    // results as bits (a Uint16Array) or in a Float16Array.
    const own = isNDArray(entry) ? entry.dtype : dtypeOf(entry);
    const entryDType = !isNDArray(entry) && (own === storageDType(dtype) || (dtype === 'float16' && own === 'uint16')) ? dtype : own;
    if (entryDType === undefined) throw new TypeError(`${name} must be a TypedArray or an NDArray, got ${describe(entry)}`);
    if (entryDType !== dtype) {
      const storage = { float64: 'Float64Array', float32: 'Float32Array', float16: 'Uint16Array of float16 bits' }[storageDType(dtype)];
      throw new TypeError(
        `${name} must hold ${dtype} (${values === 2 ? `an NDArray of dtype '${dtype}', or (re, im) pairs in a ${storage}` : `a ${storage}`}), got ${entryDType}`,
      );
    }
    if (isNDArray(entry)) {
      if (entry.shape.length !== shape.length || entry.shape.some((n, d) => n !== shape[d])) {
        throw new RangeError(`${name} has shape [${entry.shape.join(', ')}]; the result has shape [${shape.join(', ')}]`);
      }
      outputs.push(entry as OutputArray);
      results.push(given as OutputArray);
      continue;
    }
    const data = halfBitsView(entry as FloatArray) as FloatArray;
    if (data.length !== size * values) {
      throw new RangeError(
        values === 2
          ? `${name} has ${data.length} values; the result's ${size} complex elements take ${2 * size}`
          : `${name} has ${data.length} elements; the result has ${size}`,
      );
    }
    const view = new NDArray(data, shape, strides, 0, checkedView, dtype);
    outputs.push(view);
    // What the call returns views the caller's own array (a Float16Array stays one).
    results.push(data === entry ? view : new NDArray(entry as FloatArray, shape, strides, 0, checkedView, dtype));
  }
  return { outputs, results };
}
