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

/** The TypedArrays results are stored in. */
export type FloatArray = Float64Array | Float32Array;

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
  | 'uint64';

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
};

const dtypeByName: Record<string, DType> = {};
for (const [dtype, ctor] of Object.entries(constructors)) dtypeByName[ctor.name] = dtype as DType;


/** The dtype of a numeric TypedArray, or undefined for anything else (DataView, plain arrays…). */
export function dtypeOf(value: unknown): DType | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  // The type name from the internal slot: whatever the realm, prototype or own properties.
  const name = typedArrayName(value);
  return name === undefined ? undefined : dtypeByName[name];
}

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(constructors, value);
}

/** A new zero-filled array of `length` elements of `dtype`. */
export function allocate(dtype: DType, length: number): NumericArray {
  return new constructors[dtype](length);
}

/** numpy's result type for gradient: float32 for float32 input, float64 for every other. */
export function resultDType(dtype: DType): 'float64' | 'float32' {
  return dtype === 'float32' ? 'float32' : 'float64';
}

export function isBigIntDType(dtype: DType): boolean {
  return dtype === 'int64' || dtype === 'uint64';
}

/** Bytes per element of `dtype` (not read from the array: an own BYTES_PER_ELEMENT can lie). */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'float64' || dtype === 'int64' || dtype === 'uint64' ? 8 : dtype === 'float32' || dtype === 'int32' || dtype === 'uint32' ? 4 : dtype === 'int16' || dtype === 'uint16' ? 2 : 1;
}
