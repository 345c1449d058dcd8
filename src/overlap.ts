/** Whether two views may share memory (numpy's may_share_memory: by byte range). */

import { elementRange, type NDArray } from './ndarray';

interface ByteSpan {
  buffer: ArrayBufferLike;
  first: number;
  last: number;
}

function byteSpan(view: NDArray): ByteSpan | undefined {
  if (view.size === 0) return undefined;
  const [low, high] = elementRange(view.shape, view.strides, view.offset);
  const { buffer, byteOffset, BYTES_PER_ELEMENT } = view.data;
  return { buffer, first: byteOffset + low * BYTES_PER_ELEMENT, last: byteOffset + (high + 1) * BYTES_PER_ELEMENT - 1 };
}

/** True if the byte ranges the two views span in the same buffer intersect. */
export function mayShareMemory(a: NDArray, b: NDArray): boolean {
  if (a.data.buffer !== b.data.buffer) return false;
  const spanA = byteSpan(a);
  const spanB = byteSpan(b);
  if (spanA === undefined || spanB === undefined || spanA.buffer !== spanB.buffer) return false;
  return spanA.first <= spanB.last && spanB.first <= spanA.last;
}
