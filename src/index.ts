/**
 * ndgradient: numpy.gradient for Node.js, bit for bit.
 *
 * @example
 * import { gradient } from 'ndgradient';
 * gradient([1, 2, 4, 7, 11]).toArray(); // [1, 1.5, 2.5, 3.5, 4]
 */

export { gradient, gradientAsync, type SpacingAndOptions } from './gradient';
export { NDArray, array, type ArrayOptions, type NestedNumbers } from './ndarray';
export type { GradientOptions } from './options';
export type { Spacing } from './spacing';
export type { GradientInput, NDArrayLike } from './input';
export type { DType, FloatArray, NumericArray } from './dtypes';
