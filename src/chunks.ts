/**
 * Chunks of an axis: the halo contract (README: Chunks and streams). Positions [start, end) of
 * an axis of `length` need the input samples gradientInputRange names; a call given exactly those
 * (the `chunk` option), with the whole axis's length and numpy's whole-axis decisions, writes
 * the same bits as the same slice of one whole-array call.
 *
 * The samples positions [first, last) read (native/stencil.h inputRange mirrors this):
 *   [first - m, last + m), m = accuracy / 2,
 *   clipped to [0, length) at an end that is not periodic, and widened there to the samples a
 *   'numpy' end reads (numpy's edgeOrder + 1 at accuracy 2, accuracy + 1 above);
 *   at a periodic end, not clipped: position j < 0 (or >= length) is sample j mod length.
 */

import {
  checkAccuracy,
  detectedStep,
  extendedCoordinate,
  isPeriodic,
  parseBoundary,
  parsePeriod,
  signedPeriod,
  type Accuracy,
  type AxisBoundary,
  type AxisEnds,
} from './boundary';
import { describe } from './describe';
import { dtypeOf } from './dtypes';
import { BoundaryRule } from './layout';
import { halfBits, roundHalf } from './half';
import { NDArray, checkedView, isNDArray, snapshot } from './ndarray';
import { isPlainObject, ownProperty } from './objects';
import { checkEdgeOrder } from './options';

/** The `chunk` option: which positions of which axis a call computes, from which samples. */
export interface GradientChunk {
  /** The chunked axis of f (negative counts from the end). Default: 0. */
  axis?: number;
  /** The length of the whole axis. */
  length: number;
  /** The first position to compute. */
  start: number;
  /** One past the last position to compute. */
  end: number;
  /**
   * The position of f's first sample along the axis (below 0, or with samples past the length,
   * only at a periodic end: wrapped samples held in place). Default: gradientInputRange's start.
   */
  inputStart?: number;
}

/** A sample range of an axis, [start, end); periodic ends may reach past [0, length). */
export interface SampleRange {
  start: number;
  end: number;
}

/** What gradientInputRange needs of a call's options: those that shape the stencil of the axis. */
export interface InputRangeOptions {
  /** As gradient's: 1 (default) or 2; accuracy 2 only. */
  edgeOrder?: 1 | 2 | (number & {});
  /** As gradient's: 2 (default), 4, 6 or 8. */
  accuracy?: Accuracy | (number & {});
  /** The axis's boundary, as one entry of gradient's `boundary`. Default: 'numpy'. */
  boundary?: AxisBoundary;
}

/** The parsed chunk option. */
export interface ChunkPlan {
  axis: number;
  length: number;
  first: number;
  last: number;
  /** The position of the input's sample 0 along the axis. */
  origin: number;
}

/** The samples positions [first, last) of an axis of n read, by its ends and stencil (see above). */
export function sampleRange(ends: AxisEnds, accuracy: number, edgeOrder: number, n: number, first: number, last: number): SampleRange {
  const m = accuracy / 2;
  const endSamples = accuracy === 2 ? edgeOrder + 1 : accuracy + 1;
  let start = first - m;
  let end = last + m;
  if (ends.left.rule !== BoundaryRule.periodic && start < 0) start = 0;
  if (ends.right.rule !== BoundaryRule.periodic && end > n) end = n;
  if (ends.left.rule === BoundaryRule.numpy && first < m && end < endSamples) end = endSamples;
  if (ends.right.rule === BoundaryRule.numpy && last > n - m && start > n - endSamples) start = n - endSamples;
  return { start, end };
}

/** An integer from `min` to `max`, or a clear error naming it. */
function checkPosition(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

/** The samples of an axis needed by positions [start, end), as checked integers. */
function checkedRange(length: unknown, start: unknown, end: unknown, prefix: string): { length: number; first: number; last: number } {
  const n = checkPosition(length, `${prefix}length`, 1, Number.MAX_SAFE_INTEGER);
  const first = checkPosition(start, `${prefix}start`, 0, n - 1);
  const last = checkPosition(end, `${prefix}end`, first + 1, n);
  return { length: n, first, last };
}

/**
 * The input samples that the positions [start, end) of an axis of `length` read: give a chunk
 * call exactly these (with the `chunk` option) and it returns those positions with the bits of
 * one whole-array call. At a periodic end the range may start below 0 or end past `length`:
 * position j there is sample j mod length.
 * @example gradientInputRange(100, 10, 20); // { start: 9, end: 21 }
 * @example gradientInputRange(100, 0, 10, { boundary: 'periodic' }); // { start: -1, end: 11 }
 */
export function gradientInputRange(length: number, start: number, end: number, options: InputRangeOptions = {}): SampleRange {
  if (!isPlainObject(options)) throw new TypeError(`options must be an object, got ${describe(options)}`);
  const { length: n, first, last } = checkedRange(length, start, end, '');
  const accuracy = checkAccuracy(ownProperty(options, 'accuracy'));
  const edgeOrder = checkEdgeOrder(ownProperty(options, 'edgeOrder'));
  const boundary = ownProperty(options, 'boundary');
  if (Array.isArray(boundary)) throw new TypeError("boundary is one axis's here: a mode, or { left, right }");
  const ends = parseBoundary(boundary, [0])[0]!;
  return sampleRange(ends, accuracy, edgeOrder, n, first, last);
}

/** Reads the `chunk` option, against f's shape. */
export function parseChunk(chunk: unknown, shape: readonly number[]): Omit<ChunkPlan, 'origin'> & { inputStart: number | undefined } {
  if (!isPlainObject(chunk)) throw new TypeError(`chunk must be { axis?, length, start, end, inputStart? }, got ${describe(chunk)}`);
  for (const key of Object.keys(chunk)) {
    if (!['axis', 'length', 'start', 'end', 'inputStart'].includes(key))
      throw new TypeError(`unknown chunk field '${key}' (chunk fields are axis, length, start, end, inputStart)`);
  }
  const ndim = shape.length;
  if (ndim === 0) throw new RangeError('chunk needs an array of at least one dimension');
  const given = ownProperty(chunk, 'axis') ?? 0;
  const axis = checkPosition(given, 'chunk.axis', -ndim, ndim - 1);
  const { length, first, last } = checkedRange(ownProperty(chunk, 'length'), ownProperty(chunk, 'start'), ownProperty(chunk, 'end'), 'chunk.');
  const inputStart = ownProperty(chunk, 'inputStart');
  const origin = inputStart === undefined ? undefined : checkPosition(inputStart, 'chunk.inputStart', -length, 2 * length);
  return { axis: axis < 0 ? axis + ndim : axis, length, first, last, inputStart: origin };
}

/**
 * The chunk's origin, checked: the input holds every sample its positions read, and samples
 * outside [0, length) only past a periodic end (the native layer checks the same).
 */
export function checkChunkSamples(
  chunk: ReturnType<typeof parseChunk>,
  samples: number,
  ends: AxisEnds | undefined,
  accuracy: number,
  edgeOrder: number,
): ChunkPlan {
  const { axis, length, first, last } = chunk;
  const needed = ends === undefined ? { start: first, end: last } : sampleRange(ends, accuracy, edgeOrder, length, first, last);
  const origin = chunk.inputStart ?? needed.start;
  const end = origin + samples;
  const low = ends?.left.rule === BoundaryRule.periodic ? -length : 0;
  const high = ends?.right.rule === BoundaryRule.periodic ? 2 * length : length;
  if (origin > needed.start || end < needed.end || origin < low || end > high) {
    throw new RangeError(
      `the chunk's input holds samples [${origin}, ${end}) of axis ${axis} (length ${length}); positions [${first}, ${last}) need [${needed.start}, ${needed.end}) (gradientInputRange): give those samples, with inputStart the position of the first`,
    );
  }
  return { axis, length, first, last, origin };
}

/** What uniformStep needs of a call's options. */
export interface UniformStepOptions {
  /** As gradient's: 2 (default), 4, 6 or 8 (the extension past ghost ends is accuracy / 2 long). */
  accuracy?: Accuracy | (number & {});
  /** The axis's boundary, as one entry of gradient's `boundary`. Default: 'numpy'. */
  boundary?: AxisBoundary;
  /** The period, for periodic coordinates. */
  period?: number;
}

/**
 * numpy's whole-axis decision on coordinates x: if every difference of x (extended past ghost
 * ends as the boundary says) equals the first, numpy differentiates with that step, a scalar of
 * x's dtype; this returns it as a 0-d NDArray, the spacing a chunk of that axis takes. Otherwise
 * undefined: chunks then take their window's coordinates.
 * @example uniformStep(new Float64Array([0, 0.5, 1])); // NDArray(0.5), float64
 * @example uniformStep(new Float64Array([0, 1, 3])); // undefined
 */
export function uniformStep(
  x: Float64Array | Float32Array | NDArray,
  options: UniformStepOptions = {},
): NDArray<Float64Array | Float32Array | Uint16Array> | undefined {
  // float16 coordinates: a Float16Array, or a 1-d NDArray of dtype float16 (its bits).
  const view = isNDArray(x) ? snapshot(x, 'x') : undefined;
  const dtype = view?.dtype ?? dtypeOf(x);
  if ((dtype !== 'float64' && dtype !== 'float32' && dtype !== 'float16') || (view !== undefined && view.ndim !== 1)) {
    throw new TypeError(
      `coordinates must be a Float64Array, a Float32Array or float16 (a Float16Array, or a 1-d NDArray of dtype 'float16'), got ${describe(x)}`,
    );
  }
  if (!isPlainObject(options)) throw new TypeError(`options must be an object, got ${describe(options)}`);
  const accuracy = checkAccuracy(ownProperty(options, 'accuracy'));
  const boundary = ownProperty(options, 'boundary');
  if (Array.isArray(boundary)) throw new TypeError("boundary is one axis's here: a mode, or { left, right }");
  const ends = parseBoundary(boundary, [0])[0]!;
  const n = view === undefined ? (x as Float64Array).length : view.shape[0]!;
  const m = accuracy / 2;
  if (n < 2 || (ends.left.rule !== BoundaryRule.numpy || ends.right.rule !== BoundaryRule.numpy ? n < accuracy + 1 : false)) {
    throw new RangeError(`coordinates of ${n} samples are too short for this stencil`);
  }
  const round = dtype === 'float32' ? Math.fround : dtype === 'float16' ? roundHalf : (value: number) => value;
  const read = (j: number): number => (view === undefined ? Number((x as Float64Array)[j]) : (view.get(j) as number));
  let period = 0;
  if (isPeriodic(ends)) {
    period = round(signedPeriod(parsePeriod(ownProperty(options, 'period'), [0])[0], [read(0), read(n - 1)], 0));
  }
  const step = detectedStep((j) => extendedCoordinate(read, n, ends, period, round, () => false, j), n, ends, m, round);
  return step === undefined ? undefined : stepScalar(step, dtype);
}

/** numpy's detected step as the spacing a chunk takes: a strong 0-d scalar of the coordinates' dtype. */
export function stepScalar(step: number, dtype: 'float64' | 'float32' | 'float16'): NDArray<Float64Array | Float32Array | Uint16Array> {
  const data = dtype === 'float32' ? new Float32Array([step]) : dtype === 'float16' ? new Uint16Array([halfBits(step)]) : new Float64Array([step]);
  return new NDArray(data, [], [], 0, checkedView, dtype);
}
