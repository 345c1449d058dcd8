/**
 * gradientFile: np.gradient(np.load(input)) written as one .npy per computed axis, in bounded
 * memory whatever the file's size (README: Chunks and streams). The outermost axis of the file's
 * layout (axis 0 in C order, the last in Fortran order) is cut into chunks of contiguous bytes;
 * each is read with the samples its positions need (chunks.ts: gradientInputRange, wrapping at a
 * periodic end), computed off the JS thread into reused buffers, and appended to the outputs.
 * Outputs are written under temporary names beside their targets and renamed at the end: a
 * failure leaves no output file behind.
 *
 * Memory: one window of (rows + halo) slabs of the input and `rows` slabs of each output, with
 * rows chosen to fit `memoryBytes` (at least one slab: a slab is the product of the other axes'
 * lengths); coordinates of the chunked axis are read per chunk too, other axes' whole.
 */

import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

import { checkAccuracy, extendedCoordinate, isPeriodic, parseBoundary, parsePeriod, signedPeriod, type AxisBoundary } from './boundary';
import { sampleRange, stepScalar } from './chunks';
import { bytesPerElement, constructors, isComplexDType, resultDType, valuesPerElement, type FloatArray, type NumericArray } from './dtypes';
import type { GradientAsyncFunction } from './gradient';
import { NDArray, cStrides, checkedView } from './ndarray';
import { NpyFormatError, npyHeader, npyHeaderLength, npyPreambleLength, parseNpyHeader, type NpyHeader } from './npy';
import { checkEdgeOrder, normalizeAxes } from './options';

/** Options of {@link gradientFile}. */
export interface FileOptions {
  axis?: number | readonly number[];
  /** One step for every computed axis, or one per computed axis. */
  spacing?: number | readonly number[];
  /** Coordinates from .npy files (1-d), by axis (as numbered in the input). */
  coordinates?: Readonly<Record<number, string>>;
  edgeOrder?: 1 | 2 | (number & {});
  accuracy?: 2 | 4 | 6 | 8 | (number & {});
  boundary?: AxisBoundary | readonly AxisBoundary[];
  period?: number | readonly (number | undefined)[];
  threads?: number;
  /** The memory for one chunk's input and outputs, in bytes. Default 64 MiB. */
  memoryBytes?: number;
  /** Called after each chunk with the positions done along the chunked axis, and their count. */
  onProgress?: (done: number, total: number) => void;
  /** Aborts between chunks: the call rejects with the signal's reason and leaves no output. */
  signal?: AbortSignal;
}

const defaultMemory = 64 * 2 ** 20;
/** A view of `elements` of `dtype` over `buffer` (dtypes.ts constructors; complex: two values an element). */
function typedView(dtype: NpyHeader['dtype'], buffer: ArrayBufferLike, elements?: number): NumericArray {
  const Ctor = constructors[dtype] as unknown as new (buffer: ArrayBufferLike, offset: number, length?: number) => NumericArray;
  return new Ctor(buffer, 0, elements === undefined ? undefined : elements * valuesPerElement(dtype));
}

/**
 * The memory of the command's chunk buffers: shared memory where there is any, because a pending
 * gradientAsync reads that in place on every Node version, whereas on Node 21–23 it copies an
 * ArrayBuffer's contents at the call (pending.ts) — a second chunk's worth of memory per call.
 */
function chunkMemory(bytes: number): ArrayBufferLike {
  return typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** An open .npy file: its header and the byte size of its data, checked against the file. */
async function openNpy(file: string): Promise<{ handle: FileHandle; header: NpyHeader; elements: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const preamble = new Uint8Array(npyPreambleLength);
    await readFully(handle, preamble, 0, file, 'header');
    const bytes = new Uint8Array(npyHeaderLength(preamble));
    await readFully(handle, bytes, 0, file, 'header');
    const header = parseNpyHeader(bytes);
    const elements = header.shape.reduce((a, b) => a * b, 1);
    const expected = header.dataOffset + elements * header.itemSize;
    if (size < expected)
      throw new NpyFormatError(
        `${file} is truncated: its header describes ${expected - header.dataOffset} bytes of data, the file holds ${size - header.dataOffset}`,
      );
    return { handle, header, elements };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Reads target.length bytes from `position`, or fails with a clear message. */
async function readFully(handle: FileHandle, target: Uint8Array, position: number, file: string, what: string): Promise<void> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await handle.read(target, done, target.length - done, position + done);
    if (bytesRead === 0) throw new NpyFormatError(`${file} is truncated: it ends inside its ${what}`);
    done += bytesRead;
  }
}

/** Each number's bytes reversed in place (a complex element's two parts each): big-endian to little (this machine's), or back. */
function swapBytes(bytes: Uint8Array, dtype: NpyHeader['dtype']): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytesPerElement(dtype) / valuesPerElement(dtype);
  if (size === 2) buffer.swap16();
  else if (size === 4) buffer.swap32();
  else if (size === 8) buffer.swap64();
}

/**
 * Rows [start, end) of the file's outermost axis of n (j mod n where a periodic range reaches past
 * an end) into `target`, each row `rowBytes` long.
 */
async function readRows(
  file: { handle: FileHandle; header: NpyHeader },
  name: string,
  n: number,
  rowBytes: number,
  start: number,
  end: number,
  target: Uint8Array,
): Promise<void> {
  for (let j = start; j < end; ) {
    const row = ((j % n) + n) % n;
    const count = Math.min(end - j, n - row);
    await readFully(
      file.handle,
      target.subarray((j - start) * rowBytes, (j - start + count) * rowBytes),
      file.header.dataOffset + row * rowBytes,
      name,
      'data',
    );
    j += count;
  }
  if (file.header.bigEndian) swapBytes(target.subarray(0, (end - start) * rowBytes), file.header.dtype);
}

/** A 1-d coordinates file, as the float array gradient reads (integers become float64, as numpy's). */
async function openCoordinates(file: string, axis: number, length: number) {
  const npy = await openNpy(file);
  if (npy.header.shape.length !== 1 || npy.header.shape[0] !== length) {
    await npy.handle.close();
    throw new RangeError(`coordinates ${file} have shape (${npy.header.shape.join(', ')}); axis ${axis} needs (${length},)`);
  }
  if (isComplexDType(npy.header.dtype) || npy.header.dtype === 'float16') {
    await npy.handle.close();
    throw new TypeError(`coordinates ${file} are ${npy.header.dtype}: coordinate files must be float64, float32 or integers`);
  }
  const float32 = npy.header.dtype === 'float32';
  const read = async (start: number, end: number): Promise<Float64Array | Float32Array> => {
    const bytes = new Uint8Array((end - start) * npy.header.itemSize);
    await readRows(npy, file, length, npy.header.itemSize, start, end, bytes);
    const values = typedView(npy.header.dtype, bytes.buffer as ArrayBuffer);
    return float32 ? (values as Float32Array) : values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>, Number);
  };
  return { ...npy, float32, read };
}

/** A temporary name beside `target`, in the same directory (so that rename is atomic). */
function temporaryName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * np.gradient of the .npy file `input`, one .npy per computed axis at `outputs` (in axis order),
 * in bounded memory. Resolves once every output is in place; on failure none is.
 * @example await gradientFile('field.npy', ['d0.npy', 'd1.npy'], { spacing: [0.1, 0.2] });
 */
export function createGradientFile(gradientAsync: GradientAsyncFunction) {
  return async function gradientFile(input: string, outputs: readonly string[], options: FileOptions = {}): Promise<void> {
    const source = await openNpy(input);
    const temporaries: { handle: FileHandle; name: string; target: string }[] = [];
    const closers: FileHandle[] = [source.handle];
    try {
      const { header } = source;
      const shape = header.shape;
      const ndim = shape.length;
      const axes = ndim === 0 ? [] : normalizeAxes(options.axis, ndim);
      if (outputs.length !== axes.length) {
        throw new RangeError(
          `${axes.length} axes are computed (${ndim === 0 ? 'a 0-d array has none' : `axis ${axes.join(', ')}`}); give one output path each, not ${outputs.length}`,
        );
      }
      const targets = outputs.map((o) => path.resolve(o));
      if (new Set(targets).size !== targets.length) throw new RangeError(`two outputs have the same path (${outputs.join(', ')}): one would replace the other`);
      const accuracy = checkAccuracy(options.accuracy);
      const edgeOrder = checkEdgeOrder(options.edgeOrder);
      const ends = parseBoundary(options.boundary, axes);
      const periods = parsePeriod(options.period, axes);
      const outType = resultDType(header.dtype);
      const outSize = bytesPerElement(outType);
      // The chunked axis: the outermost of the file's layout, its slabs contiguous.
      const chunkAxis = header.fortranOrder ? ndim - 1 : 0;
      const n = ndim === 0 ? 1 : shape[chunkAxis]!;
      const slab = ndim === 0 ? 1 : shape.reduce((a, b, d) => (d === chunkAxis ? a : a * b), 1);
      const strides = (s: readonly number[]): number[] => (header.fortranOrder ? [...cStrides([...s].reverse())].reverse() : cStrides(s));
      const k = axes.indexOf(chunkAxis);
      const chunkEnds = k < 0 ? undefined : ends[k]!;
      const m = accuracy / 2;
      const reach = chunkEnds === undefined ? 0 : Math.max(m, accuracy === 2 ? edgeOrder + 1 : accuracy + 1);

      // Spacing per computed axis: a step, coordinates read whole, or the chunked axis's by window.
      const given = options.spacing;
      const steps = typeof given === 'number' || given === undefined ? axes.map(() => given ?? 1) : [...given];
      if (steps.length !== axes.length) throw new RangeError(`spacing has ${steps.length} steps for ${axes.length} computed axes`);
      const spacing: unknown[] = [...steps];
      let windowCoordinates: Awaited<ReturnType<typeof openCoordinates>> | undefined;
      let signed: number | undefined;
      for (const [key, file] of Object.entries(options.coordinates ?? {})) {
        const axis = Number(key) < 0 ? Number(key) + ndim : Number(key);
        const j = axes.indexOf(axis);
        if (j < 0) throw new RangeError(`coordinates are given for axis ${key}, which is not computed`);
        const x = await openCoordinates(file, axis, shape[axis]!);
        closers.push(x.handle);
        if (axis !== chunkAxis) {
          spacing[j] = await x.read(0, shape[axis]!);
          continue;
        }
        // numpy's decision over the whole axis, in one pass of bounded reads.
        const decision = await wholeAxisStep(x, ends[j]!, periods[j], m, n, axis);
        if (decision.step !== undefined) spacing[j] = decision.step;
        else windowCoordinates = x;
        signed = decision.period;
      }
      const chunkPeriods = signed === undefined ? options.period : axes.map((_, j) => (j === k ? signed : periods[j]));

      // Outputs: headers now, data chunk by chunk. numpy's result keeps a float input's dtype,
      // byte order included (np.empty_like); integers give native float64.
      const bigEndianOut = header.bigEndian && outType === header.dtype;
      const head = npyHeader(outType, shape, header.fortranOrder, bigEndianOut);
      for (const target of outputs) {
        const name = temporaryName(target);
        const handle = await open(name, 'wx');
        temporaries.push({ handle, name, target });
        await handle.write(head, 0, head.length, 0);
      }
      const headerBytes = head.length;
      if (source.elements === 0 && axes.length > 0) {
        // No data: the whole call on the empty array checks the axis lengths as numpy does.
        const empty = new NDArray(typedView(header.dtype, new ArrayBuffer(0)), shape, undefined, 0, header.dtype);
        await gradientAsync(empty, ...(spacing as never[]), {
          axis: axes,
          boundary: options.boundary,
          period: options.period,
          ...(options.edgeOrder === undefined ? {} : { edgeOrder: options.edgeOrder }),
          ...(options.accuracy === undefined ? {} : { accuracy: options.accuracy }),
        });
      } else if (axes.length > 0) {
        const rowBytes = slab * header.itemSize;
        const rows = Math.max(
          1,
          Math.min(n, Math.floor((options.memoryBytes ?? defaultMemory) / (slab * (header.itemSize + axes.length * outSize))) - 2 * reach),
        );
        const window = new Uint8Array(chunkMemory((rows + 2 * reach) * rowBytes));
        const results = axes.map(() => new Uint8Array(chunkMemory(rows * slab * outSize)));
        for (let start = 0; start < n; start += rows) {
          options.signal?.throwIfAborted();
          const end = Math.min(n, start + rows);
          const range = chunkEnds === undefined ? { start, end } : sampleRange(chunkEnds, accuracy, edgeOrder, n, start, end);
          await readRows(source, input, n, rowBytes, range.start, range.end, window);
          const windowShape = shape.map((s, d) => (d === chunkAxis ? range.end - range.start : s));
          const f = new NDArray(
            typedView(header.dtype, window.buffer, (range.end - range.start) * slab),
            windowShape,
            strides(windowShape),
            0,
            checkedView,
            header.dtype,
          );
          const outShape = shape.map((s, d) => (d === chunkAxis ? end - start : s));
          const out = results.map(
            (bytes) => new NDArray(typedView(outType, bytes.buffer, (end - start) * slab) as FloatArray, outShape, strides(outShape), 0, checkedView, outType),
          );
          if (windowCoordinates !== undefined) spacing[k] = await windowCoordinates.read(range.start, range.end);
          await gradientAsync(f, ...(spacing as never[]), {
            axis: axes,
            out,
            threads: options.threads,
            boundary: options.boundary,
            period: chunkPeriods as number[],
            ...(options.edgeOrder === undefined ? {} : { edgeOrder: options.edgeOrder }),
            ...(options.accuracy === undefined ? {} : { accuracy: options.accuracy }),
            chunk: { axis: chunkAxis, length: n, start, end, inputStart: range.start },
          });
          for (let j = 0; j < temporaries.length; j++) {
            const bytes = (end - start) * slab * outSize;
            if (bigEndianOut) swapBytes(results[j]!.subarray(0, bytes), outType); // a swap either way
            await temporaries[j]!.handle.write(results[j]!, 0, bytes, headerBytes + start * slab * outSize);
          }
          options.onProgress?.(end, n);
        }
      }
      for (const t of temporaries) {
        await t.handle.sync();
        await t.handle.close();
      }
      for (const t of temporaries) await rename(t.name, t.target);
      temporaries.length = 0;
    } finally {
      for (const handle of closers) await handle.close().catch(() => undefined);
      for (const t of temporaries) {
        await t.handle.close().catch(() => undefined);
        await rm(t.name, { force: true });
      }
    }
  };
}

/**
 * numpy's uniform decision on a coordinates file (boundary.ts detectedStep on its extended
 * values), reading it in bounded chunks, and the signed period a chunk of that axis takes.
 */
async function wholeAxisStep(
  x: Awaited<ReturnType<typeof openCoordinates>>,
  ends: ReturnType<typeof parseBoundary>[number],
  period: number | undefined,
  m: number,
  n: number,
  axis: number,
) {
  const round = x.float32 ? Math.fround : (v: number) => v;
  const head = await x.read(0, Math.min(n, m + 1));
  const tail = await x.read(Math.max(0, n - m - 1), n);
  let signed = 0;
  if (isPeriodic(ends)) signed = signedPeriod(period, [head[0]!, tail[tail.length - 1]!], axis);
  // One pass upwards through blocks of the file; ghosts read the head and tail only. (The same
  // comparisons as boundary.ts detectedStep, which cannot await a read.)
  const block = 1 << 16;
  let cached = { start: 0, values: await x.read(0, Math.min(n, block)) };
  const read = (i: number): number => {
    if (i < head.length) return head[i]!;
    if (i >= n - tail.length) return tail[i - (n - tail.length)]!;
    if (i < cached.start || i >= cached.start + cached.values.length) throw new RangeError(`coordinate ${i} is not cached`);
    return cached.values[i - cached.start]!;
  };
  const low = ends.left.rule === 0 ? 0 : -m;
  const high = ends.right.rule === 0 ? n - 1 : n - 1 + m;
  const xp = (j: number): number => extendedCoordinate(read, n, ends, round(signed), round, () => false, j);
  const first = round(xp(low + 1) - xp(low));
  let uniform = true;
  for (let j = low + 1; j < high && uniform; j++) {
    if (j + 1 >= cached.start + cached.values.length && j + 1 < n - tail.length) {
      const start = j;
      cached = { start, values: await x.read(start, Math.min(n, start + block)) };
    }
    uniform = round(xp(j + 1) - xp(j)) === first;
  }
  if (!uniform) return { step: undefined, period: isPeriodic(ends) ? signed : undefined };
  return { step: stepScalar(first, x.float32 ? 'float32' : 'float64'), period: isPeriodic(ends) ? signed : undefined };
}
