/**
 * The ES module entry of ndgradient/js: the CommonJS build re-exported (one copy of its state).
 *
 * @example
 * import { gradient } from 'ndgradient/js';
 * gradient([1, 2, 4, 7, 11]).toArray(); // [1, 1.5, 2.5, 3.5, 4]
 */
import ndgradient from './js.js';

/** @see {@link ndgradient.gradient} */
export const gradient = ndgradient.gradient;
/** @see {@link ndgradient.gradientAsync} */
export const gradientAsync = ndgradient.gradientAsync;
/** @see {@link ndgradient.backend} */
export const backend = ndgradient.backend;
/** @see {@link ndgradient.array} */
export const array = ndgradient.array;
/** @see {@link ndgradient.NDArray} */
export const NDArray = ndgradient.NDArray;
export type NDArray<Data extends import('./dtypes.js').NumericArray = import('./dtypes.js').NumericArray> = import('./ndarray.js').NDArray<Data>;
export type * from './js.js';
