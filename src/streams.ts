/**
 * Streams along the first axis (README: Chunks and streams): chunks arrive one after another,
 * gradient chunks leave as soon as the samples they read (the halo, chunks.ts) have arrived, and
 * concatenated along axis 0 they are the bits of one whole-array call. No Node.js built-ins here:
 * gradientStream runs wherever the library does; transform.ts adds the Node.js Transform.
 *
 * The axis length is unknown until the end, and only positions within m of the last sample seen
 * can be end positions, so positions up to received - m are final; the stream's last samples are
 * the array's right end, computed at the end. Memory: the chunks still read (at most the stencil's
 * reach behind the last emitted position, plus the newest chunk), and one result per chunk.
 *
 * Coordinates of the streamed axis arrive as `{ f, x }` chunks. numpy decides uniformity over the
 * whole axis, so while every difference seen equals the first nothing can be emitted: the stream
 * holds what it has, up to `maxBuffered` positions, and errors beyond (pass the step as a number).
 */

import { checkAccuracy, detectedStep, extendedCoordinate, isPeriodic, parseBoundary, type AxisEnds } from './boundary';
import { sampleRange, stepScalar } from './chunks';
import { describe } from './describe';
import { allocate, dtypeOf, resultDType, storageDType, valuesPerElement, type DType, type FloatArray, type NumericArray } from './dtypes';
import type { GradientFunction, GradientOf } from './gradient';
import type { RankOf, Results } from './ranks';
import type { Spacing } from './spacing';
import { toNDArray, type GradientInput } from './input';
import { NDArray, cStrides, checkedView, type AnyNDArray } from './ndarray';
import { isPlainObject, ownProperty } from './objects';
import { checkEdgeOrder, isOptionsObject, normalizeAxes, readOptions, type GradientOptions, type OptionValues } from './options';
import { BoundaryRule } from './layout';
import { zeroedResult, type AllocateResult } from './results';
import { eachLane } from './strided';

/** One chunk of a stream: samples along axis 0, or `{ f, x }` with the coordinates of those samples. */
export type StreamChunk = GradientInput | { readonly f: GradientInput; readonly x: Float64Array | Float32Array | readonly number[] };

/** What a stream emits per chunk: gradient's result for those positions. */
export type StreamResult = NDArray<FloatArray> | NDArray<FloatArray>[];

/** Options of a stream: gradient's (but `out` and `chunk`), and the coordinate buffering limit. */
export interface StreamOptions extends Omit<GradientOptions, 'out' | 'chunk' | 'signal'> {
  /**
   * With coordinates along the streamed axis: the most positions held while every difference so
   * far equals the first (numpy's whole-axis uniform decision is still open). Default 1 048 576.
   */
  maxBuffered?: number;
  /**
   * gradientStream only: every result lives in the same memory, overwritten by the next one, so
   * a stream writes no fresh memory per chunk (fresh pages cost more than the arithmetic: README,
   * Chunks and streams). Use or copy each result before asking for the next. Default false.
   */
  reuseResults?: boolean;
}

/**
 * A stream's spacing arguments, then optionally its options: as gradient's, with `null` for axis 0
 * where spacing is one per computed axis and the chunks carry its coordinates.
 */
export type StreamSpacingAndOptions = (Spacing | null)[] | [...(Spacing | null)[], StreamOptions];

const defaultMaxBuffered = 1 << 20;
const unknownLength = Number.MAX_SAFE_INTEGER; // until the end: only positions far from it are computed

/** A held chunk: samples [start, start + length) of axis 0, and their coordinates. */
interface Block {
  start: number;
  f: AnyNDArray;
  x: Float64Array | Float32Array | undefined;
}

/** The spacing argument list (and options) of a stream, split as `gradient` takes them. */
interface StreamArguments {
  spacing: unknown[];
  options: OptionValues;
  maxBuffered: number;
  reuseResults: boolean;
}

function splitArguments(args: readonly unknown[]): StreamArguments {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && isOptionsObject(last);
  const spacing = hasOptions ? args.slice(0, -1) : [...args];
  if (!hasOptions) return { spacing, options: readOptions({}), maxBuffered: defaultMaxBuffered, reuseResults: false };
  const { maxBuffered = defaultMaxBuffered, reuseResults = false, ...rest } = last as StreamOptions;
  if (!Number.isInteger(maxBuffered) || maxBuffered < 1) throw new RangeError(`maxBuffered must be a positive integer, got ${describe(maxBuffered)}`);
  if (typeof reuseResults !== 'boolean') throw new TypeError(`reuseResults must be true or false, got ${describe(reuseResults)}`);
  const options = readOptions(rest);
  if (options.out !== undefined) throw new TypeError('a stream allocates each result itself: out is not an option of streams');
  if (options.chunk !== undefined) throw new TypeError('a stream chooses its chunks itself: chunk is not an option of streams');
  if (options.signal !== undefined) throw new TypeError('a stream stops when its source does (end or destroy it): signal is not an option of streams');
  return { spacing, options, maxBuffered, reuseResults };
}

/** The coordinates of a `{ f, x }` chunk as a float array (number arrays become float64). */
function chunkCoordinates(x: unknown, length: number): Float64Array | Float32Array {
  const dtype = dtypeOf(x);
  let values: Float64Array | Float32Array;
  if (dtype === 'float64' || dtype === 'float32') values = x as Float64Array | Float32Array;
  else if (Array.isArray(x) || dtype !== undefined) values = Float64Array.from(x as ArrayLike<number>, Number);
  else throw new TypeError(`a chunk's x must be a Float64Array, a Float32Array or an array of numbers, got ${describe(x)}`);
  if (values.length !== length) throw new RangeError(`a chunk's x has ${values.length} coordinates for ${length} samples along axis 0`);
  return values;
}

/**
 * The state of one stream: push chunks, take what can be emitted; finish at the end. Shared by
 * gradientStream and createGradientStream.
 */
export class GradientStreamState {
  readonly #gradient: GradientFunction;
  readonly #allocate: AllocateResult;
  readonly #args: StreamArguments;
  #resultMemory: FloatArray[] = []; // reuseResults: each axis's, grown as needed
  #blocks: Block[] = [];
  #received = 0;
  #emitted = 0;
  // Fixed by the first chunk:
  #rowShape: readonly number[] | undefined;
  #dtype: DType | undefined;
  #axes: number[] = [];
  #ends: AxisEnds | undefined; // axis 0's, when it is computed
  #accuracy = 2;
  #edgeOrder = 1;
  #coordinates: 'none' | 'pending' | 'given' = 'none';
  #xDtype: string | undefined;
  #step: NDArray | undefined; // the decided step, when uniform coordinates ended the stream
  // While the decision is open: every coordinate so far, the first difference, the next to compare.
  #pendingX: number[] = [];
  #firstDifference = 0;
  #nextDifference: number | undefined;

  constructor(gradient: GradientFunction, allocate: AllocateResult, args: readonly unknown[], reusable = true) {
    this.#gradient = gradient;
    this.#allocate = allocate;
    this.#args = splitArguments(args);
    if (this.#args.reuseResults && !reusable) throw new TypeError("reuseResults is gradientStream's: a Transform buffers results that are not read yet");
    checkAccuracy(this.#args.options.accuracy);
    checkEdgeOrder(this.#args.options.edgeOrder);
  }

  /** Takes one chunk; returns the result to emit for it, if its halo has arrived. */
  push(chunk: StreamChunk): StreamResult | undefined {
    const pair = isPlainObject(chunk) && 'f' in chunk && !('data' in chunk);
    const f = toNDArray(pair ? ownProperty(chunk, 'f') : chunk, 'chunk');
    if (f.ndim === 0) throw new RangeError('a chunk must have at least one dimension: axis 0 is streamed');
    if (this.#rowShape === undefined) this.#start(f, pair);
    this.#checkChunk(f, pair);
    const x = pair ? chunkCoordinates(ownProperty(chunk, 'x'), f.shape[0]!) : undefined;
    if (x !== undefined) {
      const dtype = dtypeOf(x)!;
      if (this.#xDtype !== undefined && dtype !== this.#xDtype) throw new TypeError(`a chunk's x is ${dtype}; the stream's coordinates are ${this.#xDtype}`);
      this.#xDtype = dtype;
    }
    if (f.shape[0] === 0) return undefined;
    // Chunks are read in place; only what is held past this call is copied (#hold).
    this.#blocks.push({ start: this.#received, f, x });
    this.#received += f.shape[0]!;
    if (this.#coordinates === 'pending') {
      for (let i = 0; i < x!.length; i++) this.#pendingX.push(x![i]!);
      if (this.#stillUniform()) {
        const newest = this.#blocks.pop()!;
        this.#blocks.push({ start: newest.start, ...this.#copy(newest.start, this.#received, [newest]) });
        if (this.#received > this.#args.maxBuffered) {
          throw new RangeError(
            `the coordinates of axis 0 are still uniform after ${this.#received} samples: numpy decides uniformity over the whole axis, so nothing can be emitted yet. Pass the step as a number instead (uniformStep gives numpy's), or raise maxBuffered (${this.#args.maxBuffered})`,
          );
        }
        return undefined;
      }
      this.#coordinates = 'given';
    }
    const result = this.#emit(this.#finalUpTo(), unknownLength);
    this.#hold(this.#keepFrom());
    return result;
  }

  /** The end of the stream: the rest, up to its last sample (the array's right end). */
  finish(): StreamResult | undefined {
    if (this.#rowShape === undefined) throw new RangeError('the stream ended before any chunk: an empty array has no gradient');
    const n = this.#received;
    const needed =
      this.#ends === undefined
        ? 1
        : this.#ends.left.rule === 0 && this.#ends.right.rule === 0 && this.#accuracy === 2
          ? this.#edgeOrder + 1
          : this.#accuracy + 1;
    if (n < needed) throw new RangeError(`the stream ended after ${n} samples along axis 0; this stencil needs at least ${needed}`);
    if (this.#coordinates === 'pending') {
      this.#step = this.#decidedStep();
      this.#coordinates = this.#step === undefined ? 'given' : 'none';
      this.#pendingX = [];
    }
    return this.#emit(n, n);
  }

  #start(f: AnyNDArray, pair: boolean): void {
    this.#rowShape = f.shape.slice(1);
    this.#dtype = f.dtype;
    const { options, spacing } = this.#args;
    this.#axes = normalizeAxes(options.axis, f.ndim);
    const ends = parseBoundary(options.boundary, this.#axes);
    this.#accuracy = checkAccuracy(options.accuracy);
    this.#edgeOrder = checkEdgeOrder(options.edgeOrder);
    const k = this.#axes.indexOf(0);
    this.#ends = k < 0 ? undefined : ends[k];
    if (this.#ends !== undefined && isPeriodic(this.#ends)) {
      throw new RangeError(
        "axis 0 is streamed and periodic: its first results need its last samples; compute it with the chunk option (gradientInputRange) or the ndgradient command, which read the file's far end",
      );
    }
    // One spacing per computed axis (numpy's form), or one for all: axis 0's own entry, if any.
    const own = k >= 0 && spacing.length === this.#axes.length ? spacing[k] : undefined;
    if (own !== undefined && own !== null && typeof own !== 'number' && typeof own !== 'bigint' && !(own instanceof NDArray && own.ndim === 0)) {
      throw new TypeError("the coordinates of the streamed axis arrive as the x of each { f, x } chunk: give null (or a step) as axis 0's spacing");
    }
    if (own === null && !pair) throw new TypeError("axis 0's spacing is null: its coordinates must arrive as { f, x } chunks");
    if (pair && k < 0) throw new TypeError('the chunks carry coordinates (x), but axis 0 is not computed');
    if (pair && own !== undefined && own !== null) throw new TypeError("the chunks carry coordinates (x) and axis 0's spacing is a step: give one of them");
    this.#coordinates = pair ? 'pending' : 'none';
  }

  #checkChunk(f: AnyNDArray, pair: boolean): void {
    if (f.dtype !== this.#dtype) throw new TypeError(`a chunk is ${f.dtype}; the stream's chunks are ${this.#dtype}`);
    const row = f.shape.slice(1);
    if (row.length !== this.#rowShape!.length || row.some((n, d) => n !== this.#rowShape![d])) {
      throw new RangeError(
        `a chunk has shape [${f.shape.join(', ')}]; every chunk must be [any, ${this.#rowShape!.join(', ')}] (the stream's first was)`.replace(
          '[any, ]',
          '[any]',
        ),
      );
    }
    if (pair !== (this.#coordinates !== 'none' || this.#step !== undefined)) {
      throw new TypeError(pair ? "a chunk carries coordinates (x), the stream's first did not" : "a chunk has no coordinates (x), the stream's first had");
    }
  }

  #round(): (value: number) => number {
    return this.#xDtype === 'float32' ? Math.fround : (value: number) => value;
  }

  /** axis 0's coordinates so far, extended past its left end as numpy's xp (boundary.ts). */
  #xp(ends: AxisEnds, n: number): (j: number) => number {
    const x = this.#pendingX;
    return (j) =>
      extendedCoordinate(
        (i) => x[i]!,
        n,
        ends,
        0,
        this.#round(),
        () => false,
        j,
      );
  }

  /** numpy's test on the differences so far, each compared once: all equal to the first. */
  #stillUniform(): boolean {
    const m = this.#accuracy / 2;
    const n = this.#received;
    if (n < m + 2) return true; // the left end's ghosts need x[0..m]
    const ends: AxisEnds = { left: this.#ends!.left, right: { rule: BoundaryRule.numpy, constant: 0 } };
    const xp = this.#xp(ends, n);
    const round = this.#round();
    if (this.#nextDifference === undefined) {
      const low = ends.left.rule === BoundaryRule.numpy ? 0 : -m;
      this.#firstDifference = round(xp(low + 1) - xp(low));
      this.#nextDifference = low + 1;
    }
    for (; this.#nextDifference < n - 1; this.#nextDifference++) {
      const j = this.#nextDifference;
      if (round(xp(j + 1) - xp(j)) !== this.#firstDifference) return false;
    }
    return true;
  }

  /** At the end of a stream still uniform: numpy's decision over the whole axis, ghosts included. */
  #decidedStep(): NDArray | undefined {
    const n = this.#received;
    const step = detectedStep(this.#xp(this.#ends!, n), n, this.#ends!, this.#accuracy / 2, this.#round());
    return step === undefined ? undefined : stepScalar(step, this.#xDtype === 'float32' ? 'float32' : 'float64');
  }

  /** Positions before this are final while the length is unknown: their samples have all arrived. */
  #finalUpTo(): number {
    if (this.#ends === undefined) return this.#received;
    const m = this.#accuracy / 2;
    let upTo = this.#received - m;
    while (upTo > this.#emitted && sampleRange(this.#ends, this.#accuracy, this.#edgeOrder, unknownLength, this.#emitted, upTo).end > this.#received) upTo--;
    return upTo;
  }

  /** Computes positions [emitted, upTo) of an axis of `length`, then drops the chunks no longer read. */
  #emit(upTo: number, length: number): StreamResult | undefined {
    const first = this.#emitted;
    if (upTo <= first) return undefined;
    const rowSize = this.#rowShape!.reduce((a, b) => a * b, 1);
    const shape = [upTo - first, ...this.#rowShape!];
    const dtype = resultDType(this.#dtype!);
    const storage = storageDType(dtype);
    // Every element is written below: memory as the entry's results take it (pool.ts: unzeroed),
    // or the stream's own, reused. (Sizes in TypedArray values: two per complex element.)
    const size = shape[0]! * rowSize * valuesPerElement(dtype);
    const outputs = this.#axes.map((_, j) => {
      if (!this.#args.reuseResults) return this.#allocate(storage, size);
      if ((this.#resultMemory[j]?.length ?? 0) < size) this.#resultMemory[j] = this.#allocate(storage, 2 * size);
      return this.#resultMemory[j]!.subarray(0, size);
    });
    for (let p = first; p < upTo; ) {
      const q = this.#compute(p, upTo, length, outputs, first, rowSize);
      p = q;
    }
    this.#emitted = upTo;
    const results = outputs.map((data) => new NDArray(data, shape, cStrides(shape), 0, checkedView, dtype) as NDArray<FloatArray>);
    return this.#axes.length === 1 ? results[0]! : results;
  }

  /**
   * Positions [p, q) for some q <= upTo, written into the outputs at p - first: read in place from
   * one held chunk where their samples lie in it, else from a small copy across chunks.
   */
  #compute(p: number, upTo: number, length: number, outputs: FloatArray[], first: number, rowSize: number): number {
    const range = (a: number, b: number) =>
      this.#ends === undefined ? { start: a, end: b } : sampleRange(this.#ends, this.#accuracy, this.#edgeOrder, length, a, b);
    const m = this.#ends === undefined ? 0 : this.#accuracy / 2;
    const needed = range(p, p + 1);
    const block = this.#blocks.find((b) => needed.start < b.start + b.f.shape[0]!)!;
    const blockEnd = block.start + block.f.shape[0]!;
    let q: number;
    let window: { f: AnyNDArray; x: Float64Array | Float32Array | undefined; start: number };
    const fits = (r: { start: number; end: number }): boolean => r.start >= block.start && r.end <= blockEnd;
    if (fits(needed)) {
      // In place: every position whose samples this chunk holds.
      q = Math.min(upTo, blockEnd === this.#received && length !== unknownLength ? length : blockEnd - m);
      while (q > p + 1 && !fits(range(p, q))) q--;
      const w = range(p, q);
      window = {
        f: rowsOf(block.f, w.start - block.start, w.end - block.start),
        x: block.x?.subarray(w.start - block.start, w.end - block.start),
        start: w.start,
      };
    } else {
      // Across chunks: the positions up to where the next chunk holds their samples alone.
      q = Math.min(upTo, Math.max(p + 1, blockEnd + m));
      const w = range(p, q);
      window = { ...this.#copy(w.start, w.end), start: w.start };
    }
    const spacing = this.#spacing(window.x);
    const out = outputs.map(
      (data) =>
        new NDArray(data, [q - p, ...this.#rowShape!], cStrides([q - p, ...this.#rowShape!]), (p - first) * rowSize, checkedView, resultDType(this.#dtype!)),
    );
    const { options } = this.#args;
    const call: GradientOptions = {
      axis: this.#axes,
      out: out as NDArray<FloatArray>[],
      chunk: { axis: 0, length, start: p, end: q, inputStart: window.start },
      ...(options.edgeOrder === undefined ? {} : { edgeOrder: options.edgeOrder as 1 | 2 }),
      ...(options.accuracy === undefined ? {} : { accuracy: options.accuracy as 2 }),
      ...(options.boundary === undefined ? {} : { boundary: options.boundary as never }),
      ...(options.period === undefined ? {} : { period: options.period as number }),
      ...(options.threads === undefined ? {} : { threads: options.threads as number }),
    };
    // Synchronously: at 64 Ki samples a gradientAsync call costs half again as much (the pool's
    // hand-off), and two in flight on 2 cores gain nothing (measured: 82, 128, 82 µs a call).
    (this.#gradient as (...args: unknown[]) => unknown)(window.f, ...spacing, call);
    return q;
  }

  /** The spacing arguments of one chunk call: one per computed axis, axis 0's a step or the window's x. */
  #spacing(x: Float64Array | Float32Array | undefined): unknown[] {
    const { spacing } = this.#args;
    const k = this.#axes.indexOf(0);
    const perAxis = spacing.length === this.#axes.length ? [...spacing] : this.#axes.map(() => (spacing.length === 1 ? spacing[0] : 1));
    if (k >= 0 && this.#step !== undefined) perAxis[k] = this.#step;
    else if (k >= 0 && x !== undefined) perAxis[k] = x;
    return perAxis.length === 0 ? [] : perAxis;
  }

  /** Samples [start, end) of axis 0 (and their coordinates), copied from the held chunks. */
  #copy(start: number, end: number, blocks: readonly Block[] = this.#blocks): { f: AnyNDArray; x: Float64Array | Float32Array | undefined } {
    const rowSize = this.#rowShape!.reduce((a, b) => a * b, 1);
    const head = blocks[0]!.f;
    const data = allocate(head.dtype, (end - start) * rowSize);
    const x = blocks[0]!.x === undefined ? undefined : new (blocks[0]!.x.constructor as Float64ArrayConstructor)(end - start);
    for (const block of blocks) {
      const from = Math.max(start, block.start);
      const to = Math.min(end, block.start + block.f.shape[0]!);
      if (from >= to) continue;
      copyRows(block.f, from - block.start, to - block.start, data, (from - start) * rowSize);
      if (x !== undefined) x.set(block.x!.subarray(from - block.start, to - block.start), from - start);
    }
    const shape = [end - start, ...this.#rowShape!];
    return { f: new NDArray(data, shape, cStrides(shape), 0, checkedView, head.dtype), x };
  }

  /** The first sample a future position may read (all of them while the decision is open). */
  #keepFrom(): number {
    if (this.#coordinates === 'pending') return 0;
    if (this.#ends === undefined) return this.#emitted;
    const endSamples = this.#accuracy === 2 ? this.#edgeOrder + 1 : this.#accuracy + 1;
    return Math.max(0, Math.min(this.#emitted - this.#accuracy / 2, this.#received - endSamples));
  }

  /**
   * Keeps samples [from, received) as one chunk of the stream's own (the caller may reuse a
   * chunk's memory once push returns): at most the stencil's reach, but all while deciding.
   */
  #hold(from: number): void {
    if (from >= this.#received) {
      this.#blocks = [];
      return;
    }
    const held = this.#copy(from, this.#received);
    this.#blocks = [{ start: from, ...held }];
  }
}

/** Rows [from, to) of axis 0 of a, as a view. */
function rowsOf(a: AnyNDArray, from: number, to: number): AnyNDArray {
  return new NDArray(a.data, [to - from, ...a.shape.slice(1)], a.strides, a.offset + from * a.strides[0]!, checkedView, a.dtype);
}

/** Rows [from, to) of axis 0 of a, in C order, into target from `at`. */
function copyRows(a: AnyNDArray, from: number, to: number, target: NumericArray, at: number): void {
  const rows = rowsOf(a, from, to);
  const values = valuesPerElement(rows.dtype); // two per complex element
  const contiguous = cStrides(rows.shape).every((s, d) => rows.shape[d] === 1 || s === rows.strides[d]);
  if (contiguous) {
    (target as Float64Array).set((rows.data as Float64Array).subarray(values * rows.offset, values * (rows.offset + rows.size)), values * at);
    return;
  }
  // Element by element in C order (strided.ts), into the rows' C-order place in target.
  eachLane(rows.shape, rows.strides, cStrides(rows.shape), -1, rows.offset, at, (source, place) => {
    for (let v = 0; v < values; v++) (target as Float64Array)[values * place + v] = (rows.data as Float64Array)[values * source + v]!;
  });
}

/** What a stream of chunks C emits: gradient's result type for one chunk (its `f`). */
export type StreamResultOf<C> = C extends { readonly f: infer F } ? Results<GradientOf<F>, RankOf<F>> : Results<GradientOf<C>, RankOf<C>>;

/**
 * gradientStream's overloads: without `axis`, each result is typed as gradient types one chunk
 * (a 1-d TypedArray chunk gives an NDArray over its storage's result type); otherwise broadly.
 */
export interface GradientStreamFunction {
  <C extends StreamChunk>(
    source: Iterable<C> | AsyncIterable<C>,
    ...args: (Spacing | null)[] | [...(Spacing | null)[], StreamOptions & { axis?: null }]
  ): AsyncGenerator<StreamResultOf<C>, void, undefined>;
  (source: Iterable<StreamChunk> | AsyncIterable<StreamChunk>, ...args: StreamSpacingAndOptions): AsyncGenerator<StreamResult, void, undefined>;
}

/**
 * The async generator over a backend's gradient: see the main entry's gradientStream.
 */
export function createGradientStreamFunction(gradient: GradientFunction, allocate: AllocateResult = zeroedResult): GradientStreamFunction {
  return async function* gradientStream(
    source: Iterable<StreamChunk> | AsyncIterable<StreamChunk>,
    ...args: StreamSpacingAndOptions
  ): AsyncGenerator<StreamResult, void, undefined> {
    const state = new GradientStreamState(gradient, allocate, args);
    for await (const chunk of source) {
      const result = state.push(chunk);
      if (result !== undefined) yield result;
    }
    const last = state.finish();
    if (last !== undefined) yield last;
  };
}
