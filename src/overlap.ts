/**
 * Memory that views share: numpy's may_share_memory (by byte range), and views that map two
 * indices to one element. An output that shares memory with what the call reads, or with itself,
 * would make results depend on the order of the writes.
 */

import { bytesPerElement, type FloatArray } from './dtypes';
import { bufferOf, byteLengthOf, byteOffsetOf } from './intrinsics';
import { elementRange, type AnyNDArray } from './ndarray';

interface ByteSpan {
  buffer: ArrayBufferLike;
  first: number;
  last: number;
}

function byteSpan(view: AnyNDArray): ByteSpan | undefined {
  if (view.size === 0) return undefined;
  const range = elementRange(view.shape, view.strides, view.offset);
  const low = range[0];
  const high = range[1];
  // The real buffer and offset (intrinsics.ts): own properties on the array cannot hide a sharing.
  const size = bytesPerElement(view.dtype);
  const byteOffset = byteOffsetOf(view.data);
  return { buffer: bufferOf(view.data), first: byteOffset + low * size, last: byteOffset + (high + 1) * size - 1 };
}

function arraySpan(data: FloatArray): ByteSpan | undefined {
  const bytes = byteLengthOf(data);
  if (bytes === 0) return undefined;
  return { buffer: bufferOf(data), first: byteOffsetOf(data), last: byteOffsetOf(data) + bytes - 1 };
}

function intersect(a: ByteSpan | undefined, b: ByteSpan | undefined): boolean {
  if (a === undefined || b === undefined || a.buffer !== b.buffer) return false;
  return a.first <= b.last && b.first <= a.last;
}

/** True if the byte ranges the two views span in the same buffer intersect. */
export function mayShareMemory(a: AnyNDArray, b: AnyNDArray): boolean {
  return intersect(byteSpan(a), byteSpan(b));
}

/** True if the view's bytes and a whole TypedArray's (a coordinate array) intersect. */
export function mayShareMemoryWithArray(view: AnyNDArray, data: FloatArray): boolean {
  return intersect(byteSpan(view), arraySpan(data));
}

/**
 * True unless every index of the view addresses its own element, by a sufficient test (as the
 * native layer's, native/strided.h): sorted by magnitude, the stride of each dimension longer
 * than 1 must step past everything the smaller ones reach. Every C- or F-order array and every
 * slice or transpose of one passes; a zero stride on such a dimension never does.
 * @example mayOverlapItself(new NDArray(new Float64Array(1), [4], [0])); // true
 */
export function mayOverlapItself(view: AnyNDArray): boolean {
  const dims: [stride: number, length: number][] = [];
  for (let d = 0; d < view.ndim; d++) {
    const length = view.shape[d]!;
    if (length === 0) return false;
    if (length > 1) dims.push([Math.abs(view.strides[d]!), length]);
  }
  dims.sort((a, b) => a[0] - b[0]);
  let reach = 0;
  for (const [stride, length] of dims) {
    if (stride <= reach) return true;
    reach += stride * (length - 1);
  }
  return false;
}
