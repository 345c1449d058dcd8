/**
 * gradientAsync's guarantee: while a call is pending, the pool thread touches only memory that no
 * JavaScript can free, shrink or move — whatever the caller does meanwhile (transfer with
 * `postMessage`, `structuredClone` or `ArrayBuffer.prototype.transfer`, resize, detach, drop
 * every reference and collect garbage, end the worker, exit). A reference keeps a view alive, not
 * its memory, so each array the pool thread reads or writes is one of:
 *
 * - in a SharedArrayBuffer (growable or not): it cannot be detached or shrunk. Read in place.
 * - in a fixed-length ArrayBuffer, where `markAsUntransferable` stops every transfer (Node 20,
 *   where transfers of a marked buffer copy it, and Node ≥ 24, where they throw): the buffer is
 *   marked untransferable, as Node marks its pooled Buffers, and read in place. The mark is
 *   permanent: a later transfer of that buffer copies (Node 20) or throws (Node ≥ 24).
 * - otherwise — a resizable ArrayBuffer, or a runtime whose mark does not stop
 *   `ArrayBuffer.prototype.transfer` (Node 22) — a copy: inputs and coordinates are copied at the
 *   call (the span their view reaches), and `out` is computed into memory of the library's own,
 *   copied into `out` only when the computation is done (a RangeError then if `out` was detached
 *   or shrunk meanwhile: its results are lost, and nothing is written).
 *
 * Fresh results are memory of their own (never pooled for an async call), out of the caller's
 * reach until the promise resolves.
 */

import { types } from 'node:util';
import * as workerThreads from 'node:worker_threads';

import { allocate, bytesPerElement, constructors, dtypeOf, valuesPerElement, type FloatArray, type NumericArray } from './dtypes';
import { arrayBufferByteLengthOf, bufferOf, byteOffsetOf, isResizable, lengthOf, transferOf } from './intrinsics';
import { NDArray, checkStillFits, checkedView, elementRange, type AnyNDArray, type Complex } from './ndarray';
import type { OutputArray } from './options';
import { lentBuffers } from './results';
import { eachLane } from './strided';

// Captured at load (intrinsics.ts explains why): a replaced worker_threads.markAsUntransferable
// or util.types.isSharedArrayBuffer cannot switch the protection off.
const { markAsUntransferable } = workerThreads;
const { isSharedArrayBuffer } = types;

/**
 * Whether this runtime's markAsUntransferable stops every way of detaching a buffer. Node 21–23
 * mark with a private symbol that postMessage and structuredClone honour but
 * ArrayBuffer.prototype.transfer does not (measured on Node 22); Node 20 has no transfer (without
 * flags), Node 24 and later set a V8 detach key. The version decides, and a probe confirms.
 */
function markStopsTransfers(): boolean {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 21 && major <= 23) return false;
  if (transferOf === undefined) return true;
  const probe = new ArrayBuffer(8);
  markAsUntransferable(probe);
  try {
    transferOf(probe);
  } catch {
    return true; // refused: the mark holds
  }
  return false;
}

/** True where marking a buffer untransferable keeps it attached (pool.ts pools only then). */
export const marksProtect = markStopsTransfers();

/**
 * Whether `buffer` can be detached at all, found without detaching it: transfer() checks
 * detachability (a TypeError for WebAssembly memory and marked buffers) before it allocates,
 * and an allocation of 2^53 - 1 bytes always fails (a RangeError), so nothing is moved.
 */
function detachable(buffer: ArrayBuffer): boolean {
  try {
    transferOf!(buffer, Number.MAX_SAFE_INTEGER);
  } catch (error) {
    return !(error instanceof TypeError);
  }
  return true; // not reached: the allocation cannot succeed
}

/**
 * True where `data` can be used in place by the pool thread, marking its buffer if need be.
 * A buffer that is already not detachable — WebAssembly memory, or one marked earlier — is used
 * as it is: marking WebAssembly memory would make its next grow() abort the process (Node ≥ 24).
 */
function usableInPlace(data: NumericArray): boolean {
  const buffer = bufferOf(data);
  if (isSharedArrayBuffer(buffer)) return true;
  if (isResizable(buffer as ArrayBuffer) || lentBuffers.has(buffer as ArrayBuffer)) return false;
  if (!marksProtect) return false;
  if (mayBeWebAssemblyMemory(buffer as ArrayBuffer) && !detachable(buffer as ArrayBuffer)) return true;
  markAsUntransferable(buffer);
  return true;
}

/**
 * Only a buffer of whole 64 KiB pages can be WebAssembly memory, so only those take the
 * detachability probe: on Node >= 24 the probe's failed 2^53-byte allocation makes V8 collect
 * all garbage first (three mark-compacts, 25-45 ms a call, measured), which must not be the price
 * of every gradientAsync.
 */
function mayBeWebAssemblyMemory(buffer: ArrayBuffer): boolean {
  return transferOf !== undefined && arrayBufferByteLengthOf(buffer) % 65536 === 0;
}

/** The elements [low, high] of `data` as a view over the same memory (no species lookups). */
function span<Data extends NumericArray>(data: Data, dtype: NDArray['dtype'], low: number, high: number): Data {
  const Ctor = constructors[dtype] as unknown as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Data;
  return new Ctor(bufferOf(data), byteOffsetOf(data) + low * bytesPerElement(dtype), (high - low + 1) * valuesPerElement(dtype));
}

/** A view with the same shape and strides over a copy of the span `view` reaches. */
function snapshot<Data extends NumericArray>(view: NDArray<Data, number | Complex>): NDArray<Data, number | Complex> {
  // An empty view reaches no element (its range is empty, and may start before the buffer).
  if (view.size === 0) return new NDArray(new constructors[view.dtype](0) as Data, view.shape, view.strides, 0, checkedView, view.dtype);
  const range = elementRange(view.shape, view.strides, view.offset);
  const copy = allocate(view.dtype, range[1] - range[0] + 1) as Data;
  (copy as unknown as { set(source: Data): void }).set(span(view.data, view.dtype, range[0], range[1]));
  return new NDArray(copy, view.shape, view.strides, view.offset - range[0], checkedView, view.dtype);
}

/** Copies every element of `from` into `to` (same shape and strides, offsets of their own). */
function copyElements(from: OutputArray, to: OutputArray): void {
  if (to.size === 0) return;
  const range = elementRange(to.shape, to.strides, to.offset);
  const low = range[0];
  const high = range[1];
  if (high - low + 1 === to.size) {
    // Dense (no holes, no overlap): the span is exactly the view's elements.
    const start = from.offset - (to.offset - low);
    span(to.data, to.dtype, low, high).set(span(from.data, from.dtype, start, start + high - low));
    return;
  }
  const values = valuesPerElement(to.dtype);
  eachLane(to.shape, from.strides, to.strides, -1, from.offset, to.offset, (source, target) => {
    for (let v = 0; v < values; v++) to.data[values * target + v] = from.data[values * source + v]!;
  });
}

/** The arrays of a checked call, as the pool thread will see them. */
export interface PendingArrays {
  input: AnyNDArray;
  coordinates: (FloatArray | undefined)[];
  outputs: OutputArray[];
  /** True when the outputs were allocated for this call (out of the caller's reach). */
  fresh: boolean;
}

/** What guardPending made of a call: the arrays to compute with, and how to finish. */
export interface GuardedCall extends PendingArrays {
  /** After the computation: copies results computed aside into `out`. Throws if `out` went away. */
  finish(): void;
}

/**
 * Makes a checked call safe to compute off the JS thread (see above); runs no user code.
 * @example
 * const guarded = guardPending({ input, coordinates: [undefined], outputs: [out], fresh: false });
 * // compute with guarded.input, guarded.coordinates, guarded.outputs, then:
 * guarded.finish();
 */
export function guardPending(call: PendingArrays): GuardedCall {
  // Plain loops over the call's own lists: nothing here looks up a method a caller could replace.
  const input = usableInPlace(call.input.data) ? call.input : snapshot(call.input);
  const coordinates = new Array<FloatArray | undefined>(call.coordinates.length);
  for (let k = 0; k < coordinates.length; k++) {
    const x = call.coordinates[k];
    coordinates[k] =
      x === undefined || usableInPlace(x) ? x : snapshot(new NDArray(x, [lengthOf(x)], [1], 0, checkedView, dtypeOf(x) as 'float64' | 'float32')).data;
  }
  if (call.fresh) return { input, coordinates, outputs: call.outputs, fresh: true, finish() {} };
  const staged: OutputArray[] = [];
  const targets: OutputArray[] = [];
  const outputs = new Array<OutputArray>(call.outputs.length);
  for (let k = 0; k < outputs.length; k++) {
    const out = call.outputs[k]!;
    if (usableInPlace(out.data)) {
      outputs[k] = out;
      continue;
    }
    const range = elementRange(out.shape, out.strides, out.offset);
    const memory = allocate(out.dtype, range[1] - range[0] + 1) as FloatArray;
    outputs[k] = new NDArray(memory, out.shape, out.strides, out.offset - range[0], checkedView, out.dtype);
    staged.push(outputs[k]!);
    targets.push(out);
  }
  return {
    input,
    coordinates,
    outputs,
    fresh: false,
    finish() {
      // Every target must still be there before any is written: a failed call writes nothing.
      for (let k = 0; k < targets.length; k++) checkStillFits(targets[k]!, 'out');
      for (let k = 0; k < targets.length; k++) copyElements(staged[k]!, targets[k]!);
    },
  };
}
