/**
 * Where a call's fresh results live. The backends write every element of every result before a
 * call returns, so a result's memory need not be zeroed first; how it is obtained depends on the
 * entry point: plain TypedArrays for `ndgradient/js` (any JS engine), pooled and unzeroed memory
 * for the Node.js entry (pool.ts).
 */

import { allocate, type FloatArray, type StorageDType } from './dtypes';

/**
 * The ArrayBuffers lent by the addon (native/recycle.cc, through pool.ts): external memory, which
 * pending.ts must copy rather than mark (on Node >= 24 a marked external buffer aborts the process
 * when its environment ends) or use in place (moved by `transfer()` and collected, its memory
 * would be lent again while a pending call still reads or writes it).
 */
export const lentBuffers = new WeakSet<ArrayBuffer>();

/** A result array of `size` values (float16: bits) whose contents the caller will overwrite entirely. */
export type AllocateResult = (dtype: StorageDType, size: number) => FloatArray;

/**
 * Zero-filled TypedArrays of their own, one per result: portable, no Node.js built-ins.
 * @example zeroedResult('float32', 4); // Float32Array(4) [0, 0, 0, 0]
 */
export const zeroedResult: AllocateResult = (dtype, size) => allocate(dtype, size) as FloatArray;
