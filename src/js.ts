/**
 * ndgradient/js: the same API over the pure TypeScript backend only. It loads no native code and
 * needs no Node.js built-ins, so it works in browsers and bundles; results are bit for bit those
 * of the native backend (and numpy).
 *
 * @example
 * import { gradient } from 'ndgradient/js';
 * gradient([1, 2, 4, 7, 11]).toArray(); // [1, 1.5, 2.5, 3.5, 4]
 */

import { createGradient } from './gradient';
import { jsBackend } from './reference';
import { createGradientStreamFunction } from './streams';

const api = createGradient(jsBackend);

/** Which backend computes: always `'js'` here. */
export const backend: 'native' | 'js' = 'js';

/**
 * numpy.gradient, bit for bit (see the main entry for every form).
 * @example gradient([[1, 2, 4], [7, 11, 16]]); // [d/d(axis 0), d/d(axis 1)]
 */
export const gradient = api.gradient;

/**
 * gradient in a later task of this thread (the TypeScript backend has no thread pool).
 * @example await gradientAsync([1, 2, 4, 7, 11], { edgeOrder: 2 });
 */
export const gradientAsync = api.gradientAsync;

/**
 * gradientStream over the TypeScript backend (see the main entry; createGradientStream, a Node.js
 * Transform, is the main entry's only).
 * @example for await (const d of gradientStream(chunks, 0.5)) console.log(d.toArray());
 */
export const gradientStream = createGradientStreamFunction(api.gradient);

export * from './exports';
