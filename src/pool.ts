/**
 * Result memory for the Node.js entry: what a fresh TypedArray costs is most of a small call.
 *
 * - Results of up to 1 KiB are views into shared 8 KiB slabs, as Node's Buffer pool does for
 *   small Buffers: `new Float64Array(16)` costs 0.5–2 µs here (a backing store of its own, and
 *   the work of freeing it), a view into a slab about 30 ns. Such a result's `data.buffer` is the
 *   slab, so its `byteOffset` and length say where the result lies. Slabs are marked
 *   untransferable: a transfer list that names one cannot detach the neighbours' results. Where
 *   the mark does not stop ArrayBuffer.prototype.transfer (Node 22), nothing is pooled.
 * - Results of 64 KiB or more take memory that an earlier, collected result no longer needs,
 *   where the addon has some (native/recycle.cc): a fresh buffer's pages fault in on their first
 *   write, and the kernel zeroes each, which costs more than the gradient written into them
 *   (800 KB of float64: 370 µs allocating against 46 µs into `out`, here). Such an ArrayBuffer is
 *   external memory, which Node itself will not transfer to another thread (postMessage copies
 *   it on Node 20 and throws on later versions). It is never marked (pending.ts copies it): on
 *   Node >= 24 a marked external buffer aborts the process when its environment ends (Node's
 *   cleanup cannot detach it). Workers on Node >= 21 take ordinary buffers (recycleWith).
 * - Other results come from `Buffer.allocUnsafeSlow`: an ArrayBuffer of their own, not zeroed
 *   first (every element is written before the call returns); zeroing costs as much as a small
 *   gradient. Above Buffer's size limit, a plain zero-filled TypedArray.
 */

import { Buffer, constants } from 'node:buffer';
import { isMainThread, markAsUntransferable } from 'node:worker_threads';

import type { FloatArray, StorageDType } from './dtypes';
import { bufferOf, transferOf } from './intrinsics';
import { marksProtect } from './pending';
import { lentBuffers, zeroedResult, type AllocateResult } from './results';

// Captured at load: a later reassignment of Buffer.allocUnsafeSlow cannot run inside a call.
const { allocUnsafeSlow } = Buffer;
const slabBytes = 8192;
const pooledBytes = 1024;
const recycledBytes = 65536;

/** The addon's lender of used memory (native/recycle.cc); `lend(0)` trims it, `lend(-1)` says the event loop turned. */
export type ResultMemory = (bytes: number) => ArrayBuffer | boolean | undefined;

// The lender, once index.ts has chosen the native backend, whether a trim is scheduled, and
// whether the next turn of the event loop is awaited to tell the lender.
let resultMemory: ResultMemory | undefined;
let trimming = false;
let turnAwaited = false;

// Every second while the addon caches memory: each region that stayed cached since the last
// trim goes back to the system. Unref'd: it never keeps a process alive.
function scheduleTrim(): void {
  trimming = true;
  setTimeout(() => {
    trimming = false;
    if (resultMemory?.(0) === true) scheduleTrim();
  }, 1000).unref();
}

// The event loop has turned since a lease: finalisers (which give memory back) can have run, so
// the lender may map memory again. A loop that never yields leases at most 512 MiB; one that
// turns between calls, as a server does, has several calls' results out while V8 collects them.
// An immediate, not a microtask: microtasks run without a turn (an async loop awaiting only
// promises), and so do not let finalisers run. Unref'd, like the trim.
function noteTurn(): void {
  turnAwaited = false;
  resultMemory?.(-1);
}

/**
 * Large results take memory from `lend` (the addon's resultMemory) where it has some.
 * @example recycleWith(addon.resultMemory);
 */
export function recycleWith(lend: ResultMemory | undefined): void {
  // Not in a worker where ArrayBuffer.prototype.transfer exists (Node >= 21): there a result's
  // memory can be moved into a buffer that is then posted to another thread, and Node runs an
  // external buffer's finaliser when its worker ends, wherever its memory went; the region would
  // be unmapped under the other thread. (The main thread ends after its workers.)
  resultMemory = isMainThread || transferOf === undefined ? lend : undefined;
}

// The current slab and the bytes of it handed out. One per JS environment (each worker thread
// loads its own copy of this module), so no slab is shared across threads.
let slab = new ArrayBuffer(0);
let used = 0;

// Captured at load, like the built-ins of intrinsics.ts.
const { Float64Array: F64, Float32Array: F32, Uint16Array: U16 } = globalThis;

/** `size` elements of `dtype` over `memory` from `byteOffset`. */
function view(dtype: StorageDType, memory: ArrayBuffer, byteOffset: number, size: number): FloatArray {
  return dtype === 'float64' ? new F64(memory, byteOffset, size) : dtype === 'float32' ? new F32(memory, byteOffset, size) : new U16(memory, byteOffset, size);
}

/** Bytes per value of a storage dtype. */
const bytesOf = (dtype: StorageDType): number => (dtype === 'float64' ? 8 : dtype === 'float32' ? 4 : 2);

function pooled(dtype: StorageDType, size: number, bytes: number): FloatArray {
  if (used + bytes > slab.byteLength) {
    slab = new ArrayBuffer(slabBytes);
    markAsUntransferable(slab);
    used = 0;
  }
  const result = view(dtype, slab, used, size);
  used += (bytes + 7) & ~7; // the next result starts 8-byte aligned, as a Float64Array must
  return result;
}

/**
 * A result array for the Node.js entry: pooled when small, unzeroed when large.
 * @example nodeResult('float64', 16).length; // 16, a view into a shared 8 KiB slab
 */
export const nodeResult: AllocateResult = (dtype, size) => {
  const bytes = size * bytesOf(dtype);
  return bytes <= pooledBytes && marksProtect ? pooled(dtype, size, bytes) : ownResult(dtype, size);
};

/**
 * A result array in an ArrayBuffer of its own (never a pooled slab), unzeroed where Buffer can
 * allocate it: gradientAsync's results, which no other result's `buffer` may reach while pending.
 * @example ownResult('float64', 16).buffer.byteLength; // 128
 */
export const ownResult: AllocateResult = (dtype, size) => {
  const bytes = size * bytesOf(dtype);
  if (bytes >= recycledBytes && resultMemory !== undefined) {
    const memory = resultMemory(bytes);
    if (!trimming) scheduleTrim();
    if (!turnAwaited) {
      turnAwaited = true;
      setImmediate(noteTurn).unref();
    }
    if (typeof memory === 'object') {
      lentBuffers.add(memory);
      return view(dtype, memory, 0, size);
    }
  }
  if (bytes > constants.MAX_LENGTH) return zeroedResult(dtype, size);
  return view(dtype, bufferOf(allocUnsafeSlow(bytes)) as ArrayBuffer, 0, size);
};
