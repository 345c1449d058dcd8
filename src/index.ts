/**
 * ndgradient: numpy.gradient for Node.js, bit for bit.
 *
 * The arithmetic runs in the native addon; where it cannot be loaded (no prebuilt binary for the
 * platform and no compiler), in the pure TypeScript backend, with the same results bit for bit
 * and one warning. NDGRADIENT_BACKEND=js forces the TypeScript backend.
 *
 * @example
 * import { gradient } from 'ndgradient';
 * gradient([1, 2, 4, 7, 11]).toArray(); // [1, 1.5, 2.5, 3.5, 4]
 */

import type { Backend } from './backend';
import { loadNativeBackend } from './binding';
import { createGradient } from './gradient';
import { guardPending } from './pending';
import { nodeResult, ownResult, recycleWith } from './pool';
import { jsBackend } from './reference';
import { createGradientStreamFunction } from './streams';
import { createTransformFunction } from './transform';
import { createGradientFile } from './files';

function chooseBackend(): Backend {
  const wanted = process.env.NDGRADIENT_BACKEND;
  if (wanted !== undefined && wanted !== '' && wanted !== 'js' && wanted !== 'native') {
    throw new TypeError(
      `NDGRADIENT_BACKEND=${wanted} is not a backend: use 'native' (the addon, an error if it cannot load), 'js' (TypeScript), or leave it unset (the addon, else TypeScript with a warning)`,
    );
  }
  if (wanted === 'js') return jsBackend;
  try {
    return loadNativeBackend();
  } catch (error) {
    if (wanted === 'native') throw error;
    // The message says what was tried, why it failed and what to do (diagnose.ts).
    process.emitWarning(`${(error as Error).message}. Using the TypeScript backend meanwhile (the same results, slower).`, { code: 'NDGRADIENT_FALLBACK' });
    return jsBackend;
  }
}

const selected = chooseBackend();
recycleWith(selected.resultMemory);
// gradientAsync's arrays are guarded (pending.ts) whichever backend computes, so that a pending
// call behaves the same on both: the native one computes on the libuv pool, which needs it.
const api = createGradient(selected, { allocate: nodeResult, allocateAsync: ownResult, guard: guardPending });

/** Which backend computes: `'native'` (the N-API addon) or `'js'` (pure TypeScript). */
export const backend: 'native' | 'js' = selected.name;

/**
 * The gradient of `f` along one or more axes, as numpy.gradient computes it, bit for bit:
 * second-order central differences inside, one-sided differences of order `edgeOrder` at the
 * ends. Beyond numpy: `boundary` (periodic, reflect, symmetric or constant ends, with `period` for
 * periodic coordinates) and `accuracy` (4, 6 or 8). Float32 input gives float32 results; every
 * other input gives float64.
 *
 * @param f a number (0-d), nested number arrays, a TypedArray (read in place), an NDArray or an
 *   ndarray-like `{ data, shape, strides | stride, offset }`
 * @param args spacing — none (1), one number for every axis, or one per computed axis, each a
 *   number or coordinates (number[], TypedArray, 1-d NDArray) — then optionally
 *   `{ axis, edgeOrder, accuracy, boundary, period, out, threads }`
 * @returns one NDArray when one axis is computed, else an array with one NDArray per axis
 *
 * @example
 * gradient([1, 2, 4, 7, 11]).toArray();                  // [1, 1.5, 2.5, 3.5, 4]
 * const [d0, d1] = gradient([[1, 2, 4], [7, 11, 16]]);   // d/d(axis 0), d/d(axis 1)
 * gradient([1, 2, 4, 7, 11], [0, 1, 1.5, 3.5, 4]);       // coordinates
 * gradient(f, 0.5, 2.0, { edgeOrder: 2 });               // a step per axis
 * gradient(f, { axis: -1 });                             // the last axis only
 * gradient(longitudes, { boundary: 'periodic', accuracy: 4 }); // a wrapping axis, fourth order
 */
export const gradient = api.gradient;

/**
 * {@link gradient}, computed off the JS thread (on the libuv pool): the same arguments, the same
 * results bit for bit. Invalid arguments reject with the same errors. Inputs and `out` must not
 * be written, transferred or resized until the promise settles.
 *
 * @example
 * const velocity = await gradientAsync(positions, timestamps, { edgeOrder: 2 });
 */
export const gradientAsync = api.gradientAsync;

/**
 * Gradient chunks of a stream of chunks along axis 0, as an async generator over any (async)
 * iterable: each result is what {@link gradient} returns for those positions of the whole array,
 * emitted once the samples it reads have arrived; concatenated along axis 0 they are the bits of
 * one whole-array call. Chunks are TypedArrays (1-d), NDArrays (N-d; axis 0 streamed), or
 * `{ f, x }` with the coordinates of axis 0. Spacing as in gradient; axis 0's is a number (its
 * step), or null where per-axis spacing is given and the chunks carry x. README: Chunks and streams.
 *
 * @example
 * for await (const velocity of gradientStream(sensor, 0.01)) sink.write(velocity.data);
 */
export const gradientStream = createGradientStreamFunction(api.gradient, nodeResult);

/**
 * {@link gradientStream} as a Node.js Transform (object mode): write chunks, read results.
 * Backpressure holds a writer back; an error (a chunk of another dtype or shape, coordinates that
 * stay uniform past maxBuffered) destroys the stream with a TypeError or RangeError.
 *
 * @example
 * await pipeline(sensorChunks, createGradientStream(0.01, { accuracy: 4 }), sink);
 */
export const createGradientStream = createTransformFunction(api.gradient, nodeResult);

/**
 * np.gradient(np.load(input)) as one .npy per computed axis, in bounded memory whatever the
 * file's size (the ndgradient command's job): C or Fortran order, either byte order, every dtype
 * gradient takes. Outputs appear only once complete. README: Chunks and streams.
 *
 * @example
 * await gradientFile('temperature.npy', ['d_lat.npy', 'd_lon.npy'], { spacing: [2.5, 2.5], boundary: ['numpy', 'periodic'] });
 */
export const gradientFile = createGradientFile(api.gradientAsync);

export type { FileOptions } from './files';

export * from './exports';
