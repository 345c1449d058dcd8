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
import { markAsUntransferable } from 'node:worker_threads';

import { constructors, dtypeOf, type FloatArray, type NumericArray } from './dtypes';
import { NDArray, checkStillFits, checkedView, elementRange } from './ndarray';
import { eachLane } from './strided';

// Intrinsic getters, captured at load: an own `buffer` property defined on a TypedArray, or a
// replaced prototype getter, cannot change what is protected.
const typedArrayPrototype = Object.getPrototypeOf(Int8Array.prototype) as object;
const bufferOf = Object.getOwnPropertyDescriptor(typedArrayPrototype, 'buffer')!.get! as (this: NumericArray) => ArrayBufferLike;
const byteOffsetOf = Object.getOwnPropertyDescriptor(typedArrayPrototype, 'byteOffset')!.get! as (this: NumericArray) => number;
const resizableOf = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get as ((this: ArrayBuffer) => boolean) | undefined;
const { isSharedArrayBuffer } = types;

/** Whether this runtime's markAsUntransferable stops every way of detaching a buffer. */
function markStopsTransfers(): boolean {
  const prototype = ArrayBuffer.prototype as unknown as Record<string, ((this: ArrayBuffer) => ArrayBuffer) | undefined>;
  for (const name of ['transfer', 'transferToFixedLength']) {
    const transfer = prototype[name];
    if (typeof transfer !== 'function') continue;
    const probe = new ArrayBuffer(8);
    markAsUntransferable(probe);
    try {
      transfer.call(probe);
    } catch {
      continue; // refused: the mark holds
    }
    return false; // Node 22: the marked probe was detached
  }
  return true; // and postMessage / structuredClone honour the mark on every supported version
}

const marksProtect = markStopsTransfers();

/** True where `data` can be used in place by the pool thread (marking its buffer if need be). */
function usableInPlace(data: NumericArray): boolean {
  const buffer = bufferOf.call(data);
  if (isSharedArrayBuffer(buffer)) return true;
  if (resizableOf !== undefined && resizableOf.call(buffer as ArrayBuffer)) return false;
  if (!marksProtect) return false;
  markAsUntransferable(buffer);
  return true;
}

/** The elements [low, high] of `data` as a view over the same memory (no species lookups). */
function span<Data extends NumericArray>(data: Data, dtype: NDArray['dtype'], low: number, high: number): Data {
  const Ctor = constructors[dtype] as unknown as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Data;
  return new Ctor(bufferOf.call(data), byteOffsetOf.call(data) + low * data.BYTES_PER_ELEMENT, high - low + 1);
}

/** A view with the same shape and strides over a copy of the span `view` reaches. */
function snapshot<Data extends NumericArray>(view: NDArray<Data>): NDArray<Data> {
  const [low, high] = elementRange(view.shape, view.strides, view.offset);
  const copy = new constructors[view.dtype](high - low + 1) as Data;
  (copy as unknown as { set(source: Data): void }).set(span(view.data, view.dtype, low, high));
  return new NDArray(copy, view.shape, view.strides, view.offset - low, checkedView, view.dtype);
}

/** Copies every element of `from` into `to` (same shape and strides, offsets of their own). */
function copyElements(from: NDArray<FloatArray>, to: NDArray<FloatArray>): void {
  const [low, high] = elementRange(to.shape, to.strides, to.offset);
  if (high - low + 1 === to.size) {
    // Dense (no holes, no overlap): the span is exactly the view's elements.
    const start = from.offset - (to.offset - low);
    span(to.data, to.dtype, low, high).set(span(from.data, from.dtype, start, start + high - low));
    return;
  }
  eachLane(to.shape, from.strides, to.strides, -1, from.offset, to.offset, (source, target) => {
    to.data[target] = from.data[source]!;
  });
}

/** The arrays of a checked call, as the pool thread will see them. */
export interface PendingArrays {
  input: NDArray;
  coordinates: (FloatArray | undefined)[];
  outputs: NDArray<FloatArray>[];
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
  const input = usableInPlace(call.input.data) ? call.input : snapshot(call.input);
  const coordinates = call.coordinates.map((x) => (x === undefined || usableInPlace(x) ? x : snapshot(new NDArray(x, [x.length], [1], 0, checkedView, dtypeOf(x) as 'float64' | 'float32')).data));
  if (call.fresh) return { input, coordinates, outputs: call.outputs, fresh: true, finish() {} };
  const aside: [NDArray<FloatArray>, NDArray<FloatArray>][] = [];
  const outputs = call.outputs.map((out) => {
    if (usableInPlace(out.data)) return out;
    const [low, high] = elementRange(out.shape, out.strides, out.offset);
    const memory = new constructors[out.dtype](high - low + 1) as FloatArray;
    const staged = new NDArray(memory, out.shape, out.strides, out.offset - low, checkedView, out.dtype);
    aside.push([staged, out]);
    return staged;
  });
  return {
    input,
    coordinates,
    outputs,
    fresh: false,
    finish() {
      // Every target must still be there before any is written: a failed call writes nothing.
      for (const [, out] of aside) checkStillFits(out, 'out');
      for (const [staged, out] of aside) copyElements(staged, out);
    },
  };
}
