/**
 * Element types: the TypedArrays ndgradient reads, their dtype names, and numpy's rule for the
 * result type (float32 stays float32, everything else becomes float64).
 */

import { typedArrayName } from './intrinsics';

/** Every TypedArray ndgradient accepts as input. */
export type NumericArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/**
 * Node 24's Float16Array, described by its shape, so that these types need no `lib.esnext` (any
 * runtime's Float16Array matches it). ndgradient reads it as float16 and returns float16 results
 * as their bits in a Uint16Array.
 */
export interface Float16ArrayLike extends ArrayLike<number> {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly [Symbol.toStringTag]: 'Float16Array';
}

/** The TypedArrays results are stored in (complex results: interleaved re, im; float16: bits in a Uint16Array). */
export type FloatArray = Float64Array | Float32Array | Uint16Array;

/** dtype names, numpy's where numpy has one (`uint8c` is a Uint8ClampedArray, as in stdlib). */
export type DType =
  | 'float64'
  | 'float32'
  | 'int8'
  | 'uint8'
  | 'uint8c'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'complex128'
  | 'complex64'
  | 'float16';

/** The dtypes of results: numpy's result type of each input dtype (resultDType). */
export type ResultDType = 'float64' | 'float32' | 'complex128' | 'complex64' | 'float16';

type Constructor = { new (length: number): NumericArray; new (buffer: ArrayBuffer): NumericArray; readonly name: string };

/** The TypedArray constructor of each dtype. */
export const constructors: Readonly<Record<DType, Constructor>> = {
  float64: Float64Array,
  float32: Float32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  uint8c: Uint8ClampedArray,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  // Complex elements are two values of their TypedArray, (re, im) interleaved.
  complex128: Float64Array,
  complex64: Float32Array,
  // float16 elements are their bits in a Uint16Array (a Float16Array, where the runtime has one,
  // is read as float16 too).
  float16: Uint16Array,
};

// A TypedArray's own dtype: the first listed for its type (a Float64Array is float64).
const dtypeByName: Record<string, DType> = { Float16Array: 'float16' };
for (const [dtype, ctor] of Object.entries(constructors)) dtypeByName[ctor.name] ??= dtype as DType;

/** The dtype of a numeric TypedArray, or undefined for anything else (DataView, plain arrays…). */
export function dtypeOf(value: unknown): DType | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  // The type name from the internal slot: whatever the realm, prototype or own properties.
  const name = typedArrayName(value);
  return name === undefined ? undefined : dtypeByName[name];
}

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && Object.hasOwn(constructors, value);
}

/** True for complex128 and complex64. */
export function isComplexDType(dtype: DType): dtype is 'complex128' | 'complex64' {
  return dtype === 'complex128' || dtype === 'complex64';
}

/** TypedArray values per element: 2 for complex (re, im), 1 otherwise. */
export function valuesPerElement(dtype: DType): 1 | 2 {
  return isComplexDType(dtype) ? 2 : 1;
}

/** A new zero-filled array of `length` elements of `dtype`. */
export function allocate(dtype: DType, length: number): NumericArray {
  return new constructors[dtype](length * valuesPerElement(dtype));
}

/** numpy's result type for gradient: float32, float16 and complex input keep their type; every other input gives float64. */
export function resultDType(dtype: DType): ResultDType {
  return dtype === 'float32' || dtype === 'float16' || isComplexDType(dtype) ? dtype : 'float64';
}

export function isBigIntDType(dtype: DType): boolean {
  return dtype === 'int64' || dtype === 'uint64';
}

/** What a result dtype is stored as: float64 or float32 values (complex: interleaved), or float16 bits. */
export type StorageDType = 'float64' | 'float32' | 'float16';

/** The TypedArray type a result dtype is stored in. */
export function storageDType(dtype: ResultDType): StorageDType {
  return dtype === 'float16' ? 'float16' : dtype === 'float32' || dtype === 'complex64' ? 'float32' : 'float64';
}

/** Bytes per element of `dtype` (not read from the array: an own BYTES_PER_ELEMENT can lie). */
export function bytesPerElement(dtype: DType): number {
  if (isComplexDType(dtype)) return dtype === 'complex128' ? 16 : 8;
  return dtype === 'float64' || dtype === 'int64' || dtype === 'uint64'
    ? 8
    : dtype === 'float32' || dtype === 'int32' || dtype === 'uint32'
      ? 4
      : dtype === 'int16' || dtype === 'uint16' || dtype === 'float16'
        ? 2
        : 1;
}
