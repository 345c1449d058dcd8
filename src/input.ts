/**
 * The array argument `f` (and 1-d coordinates) in every form the README's Usage lists, as an NDArray
 * over the caller's memory wherever that memory is a TypedArray.
 */

import { dtypeOf, type Float16ArrayLike, type FloatArray, type NumericArray } from './dtypes';
import { describe } from './describe';
import { lengthOf } from './intrinsics';
import {
  NDArray,
  isNDArray,
  array,
  checkDType,
  checkView,
  checkedView,
  elementsOf,
  halfBitsView,
  snapshot,
  type AnyNDArray,
  type Complex,
  type ComplexNDArray,
} from './ndarray';
import { hasLikeProperty, likeProperty } from './objects';

/**
 * scijs `ndarray` (`stride`) and `@stdlib/ndarray` (`strides`) objects, read in place; a `dtype`
 * of 'complex128', 'complex64' or 'float16' reads `data` as such (stdlib's complex ndarrays hold a
 * Complex128Array or Complex64Array).
 */
export interface NDArrayLike {
  data: NumericArray | ArrayLike<number> | ComplexTypedArrayLike;
  shape: readonly number[];
  strides?: readonly number[];
  stride?: readonly number[];
  offset?: number;
  dtype?: string;
}

/**
 * `@stdlib/array`'s Complex128Array and Complex64Array (interleaved (re, im) pairs in an
 * ArrayBuffer), recognised by their class name and read in place; ndgradient does not depend on
 * stdlib.
 */
export interface ComplexTypedArrayLike {
  readonly buffer: ArrayBuffer;
  readonly byteOffset: number;
  readonly length: number;
  readonly BYTES_PER_ELEMENT: number;
  // biome-ignore lint/suspicious/noConfusingVoidType: stdlib's own declaration of get() says `| void`, which `| undefined` would not accept
  get(index: number): { readonly re: number; readonly im: number } | void;
}

/** The complex forms of `f`: results are complex of the same precision. */
export type ComplexInput = ComplexNDArray | ComplexTypedArrayLike | readonly Complex[] | readonly (readonly Complex[])[];

/** Everything `gradient` accepts as real `f` (complex: ComplexInput). */
export type GradientInput = number | NumericArray | Float16ArrayLike | NDArray<NumericArray, number, number> | NDArrayLike | readonly unknown[];

const complexArrays: Readonly<Record<string, { dtype: 'complex128' | 'complex64'; bytes: number }>> = {
  Complex128Array: { dtype: 'complex128', bytes: 16 },
  Complex64Array: { dtype: 'complex64', bytes: 8 },
};

/**
 * A stdlib Complex128Array or Complex64Array as a 1-d complex NDArray over its memory, or
 * undefined for anything else. Each property is read once.
 */
function fromComplexTypedArray(value: unknown, name: string): NDArray<FloatArray, Complex> | undefined {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return undefined;
  // The class name, read once (a user object's constructor is a user value like any other).
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  const className: unknown = typeof ctor === 'function' ? ctor.name : undefined;
  if (typeof className !== 'string' || !Object.hasOwn(complexArrays, className)) return undefined;
  const type = complexArrays[className]!;
  const { buffer, byteOffset, length } = value as ComplexTypedArrayLike;
  if (!((buffer as unknown) instanceof ArrayBuffer) && !(typeof SharedArrayBuffer !== 'undefined' && (buffer as unknown) instanceof SharedArrayBuffer)) {
    throw new TypeError(`${name} is a ${className} whose buffer is not an ArrayBuffer`);
  }
  if (
    !Number.isSafeInteger(byteOffset) ||
    !Number.isSafeInteger(length) ||
    byteOffset < 0 ||
    length < 0 ||
    byteOffset + length * type.bytes > buffer.byteLength
  ) {
    throw new RangeError(`${name} is a ${className} whose byteOffset ${byteOffset} and length ${length} do not fit its buffer`);
  }
  const Ctor = type.dtype === 'complex128' ? Float64Array : Float32Array;
  const data = new Ctor(buffer, byteOffset, 2 * length);
  return new NDArray(data, [length], [1], 0, checkedView, type.dtype);
}

/** An object with `data` and `shape`, own or from a class (not from a polluted Object.prototype). */
export function isNDArrayLike(value: unknown): value is NDArrayLike {
  return typeof value === 'object' && value !== null && !isNDArray(value) && hasLikeProperty(value, 'data') && hasLikeProperty(value, 'shape');
}

function fromNDArrayLike(value: NDArrayLike, name: string): AnyNDArray {
  // Each read once; scijs names its strides `stride`.
  const strides = likeProperty(value, 'strides') ?? likeProperty(value, 'stride');
  const given = likeProperty(value, 'data');
  const shape = likeProperty(value, 'shape');
  const offset = likeProperty(value, 'offset');
  // stdlib's complex and float16 ndarrays: a Complex128Array/Complex64Array (or interleaved
  // floats, or float16 bits) and their dtype. Any other dtype is the data's own.
  const declared = likeProperty(value, 'dtype');
  const complexData = fromComplexTypedArray(given, `${name}.data`);
  const data = complexData === undefined ? given : complexData.data;
  const special =
    complexData !== undefined ? complexData.dtype : declared === 'complex128' || declared === 'complex64' || declared === 'float16' ? declared : undefined;
  if (dtypeOf(data) !== undefined) {
    const dtype = checkDType(data, special, name);
    const view = checkView(elementsOf(data as NumericArray, dtype), shape, strides, offset, name);
    return new NDArray(halfBitsView(data as NumericArray), view.shape, view.strides, view.offset, checkedView, dtype);
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
export function toNDArray(value: unknown, name = 'f'): AnyNDArray {
  if (isNDArray(value)) return snapshot(value, name);
  const dtype = dtypeOf(value);
  if (dtype !== undefined) {
    const data = value as NumericArray;
    return new NDArray(halfBitsView(data), [lengthOf(data)], [1], 0, checkedView, dtype); // a Float16Array: its bits
  }
  const complex = fromComplexTypedArray(value, name);
  if (complex !== undefined) return complex;
  if (typeof value === 'number' || typeof value === 'bigint') return array(value);
  if (Array.isArray(value)) return array(value);
  if (typeof value === 'boolean') {
    throw new TypeError(`${name} must be numbers, got ${describe(value)}: numpy has no gradient for booleans`);
  }
  if (isNDArrayLike(value)) return fromNDArrayLike(value, name);
  if (typeof value === 'object' && value !== null && hasLikeProperty(value, 'data')) {
    throw new TypeError(`${name} has data but no shape: give { data, shape } (strides and offset optional), or new NDArray(data, shape)`);
  }
  throw new TypeError(`${name} must be a number, nested number arrays, a TypedArray, an NDArray or an ndarray-like { data, shape }, got ${describe(value)}`);
}
