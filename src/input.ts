/**
 * The array argument `f` (and 1-d coordinates) in every form the SPEC accepts, as an NDArray
 * over the caller's memory wherever that memory is a TypedArray.
 */

import { dtypeOf, type NumericArray } from './dtypes';
import { describe } from './describe';
import { NDArray, array, checkView, checkedView, snapshot } from './ndarray';

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

export function isNDArrayLike(value: unknown): value is NDArrayLike {
  return typeof value === 'object' && value !== null && !(value instanceof NDArray) && 'data' in value && 'shape' in value;
}

function fromNDArrayLike(value: NDArrayLike, name: string): NDArray {
  const strides = value.strides ?? value.stride;
  const { data } = value;
  if (dtypeOf(data) !== undefined) {
    const view = checkView((data as NumericArray).length, value.shape, strides, value.offset, name);
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
  const view = checkView(copy.length, value.shape, strides, value.offset, name);
  return new NDArray(copy, view.shape, view.strides, view.offset);
}

/**
 * `f` as an NDArray of the call's own: numbers are 0-d, TypedArrays 1-d views, nested arrays one
 * float64 copy, NDArrays and ndarray-likes views over their data, each read once (a snapshot).
 */
export function toNDArray(value: unknown, name = 'f'): NDArray {
  if (value instanceof NDArray) return snapshot(value, name);
  const dtype = dtypeOf(value);
  if (dtype !== undefined) {
    const data = value as NumericArray;
    return new NDArray(data, [data.length], [1], 0, checkedView, dtype);
  }
  if (typeof value === 'number' || typeof value === 'bigint') return array(value);
  if (Array.isArray(value)) return array(value);
  if (typeof value === 'boolean') {
    throw new TypeError(`${name} must be numbers, got ${describe(value)}: numpy has no gradient for booleans`);
  }
  if (isNDArrayLike(value)) return fromNDArrayLike(value, name);
  if (typeof value === 'object' && value !== null && 'data' in value) {
    throw new TypeError(`${name} has data but no shape: give { data, shape } (strides and offset optional), or new NDArray(data, shape)`);
  }
  throw new TypeError(
    `${name} must be a number, nested number arrays, a TypedArray, an NDArray or an ndarray-like { data, shape }, got ${describe(value)}`,
  );
}
