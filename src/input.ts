/**
 * The array argument `f` (and 1-d coordinates) in every form the README's Usage lists, as an NDArray
 * over the caller's memory wherever that memory is a TypedArray.
 */

import { dtypeOf, type NumericArray } from './dtypes';
import { describe } from './describe';
import { lengthOf, typedArrayName } from './intrinsics';
import { NDArray, isNDArray, array, checkView, checkedView, snapshot } from './ndarray';
import { hasLikeProperty, likeProperty } from './objects';

/** scijs `ndarray` (`stride`) and `@stdlib/ndarray` (`strides`) objects, read in place. */
export interface NDArrayLike {
  data: NumericArray | ArrayLike<number>;
  shape: readonly number[];
  strides?: readonly number[];
  stride?: readonly number[];
  offset?: number;
}

/** Everything `gradient` accepts as `f`. */
export type GradientInput = number | NumericArray | NDArray | NDArrayLike | readonly unknown[];

/** An object with `data` and `shape`, own or from a class (not from a polluted Object.prototype). */
export function isNDArrayLike(value: unknown): value is NDArrayLike {
  return typeof value === 'object' && value !== null && !isNDArray(value) && hasLikeProperty(value, 'data') && hasLikeProperty(value, 'shape');
}

function fromNDArrayLike(value: NDArrayLike, name: string): NDArray {
  // Each read once; scijs names its strides `stride`.
  const strides = likeProperty(value, 'strides') ?? likeProperty(value, 'stride');
  const data = likeProperty(value, 'data');
  const shape = likeProperty(value, 'shape');
  const offset = likeProperty(value, 'offset');
  if (dtypeOf(data) !== undefined) {
    const view = checkView(lengthOf(data as NumericArray), shape, strides, offset, name);
    return new NDArray(data as NumericArray, view.shape, view.strides, view.offset);
  }
  if (!Array.isArray(data)) {
    throw new TypeError(`${name}.data must be a numeric TypedArray or an array of numbers, got ${describe(data)}`);
  }
  // Plain-array storage: copied once into float64, then viewed with the caller's strides.
  const copy = new Float64Array(data.length);
  data.forEach((entry, i) => {
    if (typeof entry !== 'number') throw new TypeError(`${name}.data[${i}] must be a number, got ${describe(entry)}`);
    copy[i] = entry;
  });
  const view = checkView(copy.length, shape, strides, offset, name);
  return new NDArray(copy, view.shape, view.strides, view.offset);
}

/**
 * `f` as an NDArray of the call's own: numbers are 0-d, TypedArrays 1-d views, nested arrays one
 * float64 copy, NDArrays and ndarray-likes views over their data, each read once (a snapshot).
 */
export function toNDArray(value: unknown, name = 'f'): NDArray {
  if (isNDArray(value)) return snapshot(value, name);
  const dtype = dtypeOf(value);
  if (dtype !== undefined) {
    const data = value as NumericArray;
    return new NDArray(data, [lengthOf(data)], [1], 0, checkedView, dtype);
  }
  if (typedArrayName(value) === 'Float16Array') {
    throw new TypeError(`${name} is a Float16Array: float16 is not supported yet (convert it to a Float32Array: new Float32Array(${name}))`);
  }
  if (typeof value === 'number' || typeof value === 'bigint') return array(value);
  if (Array.isArray(value)) return array(value);
  if (typeof value === 'boolean') {
    throw new TypeError(`${name} must be numbers, got ${describe(value)}: numpy has no gradient for booleans`);
  }
  if (isNDArrayLike(value)) return fromNDArrayLike(value, name);
  if (typeof value === 'object' && value !== null && hasLikeProperty(value, 'data')) {
    throw new TypeError(`${name} has data but no shape: give { data, shape } (strides and offset optional), or new NDArray(data, shape)`);
  }
  throw new TypeError(
    `${name} must be a number, nested number arrays, a TypedArray, an NDArray or an ndarray-like { data, shape }, got ${describe(value)}`,
  );
}
