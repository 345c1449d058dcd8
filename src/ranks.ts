/**
 * Types only: what TypeScript can know of a call's ranks and result types before it runs.
 *
 * A rank is a number literal where the call shows it — a shape tuple, nested array literals, a
 * TypedArray (1) — and `number` where only the run time knows (a `number[]` shape, an ndarray-like
 * object). With a known rank, gradient returns a tuple of that many results (numpy's list of
 * arrays), one bare result for rank 1 (numpy returns the array itself), and `[]` for rank 0.
 */

import type { DType, Float16ArrayLike, NumericArray } from './dtypes';
import type { ComplexTypedArrayLike } from './input';

/** A complex element as `get()` and `toArray()` give it. */
export interface Complex {
  re: number;
  im: number;
}

/**
 * The ranks these types spell out; a rank above them (or `number`) is typed as unknown. (Each
 * test is `N extends KnownRank`, never `number extends N`: TypeScript measures the latter as
 * contravariant in N, and then an NDArray of rank 2 would not be an NDArray of any rank.)
 */
export type KnownRank = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16;

/** N values of T as a tuple; `T[]` when N is not a known rank. */
export type Tuple<T, N extends number> = N extends KnownRank ? BuildTuple<T, N, []> : T[];
type BuildTuple<T, N extends number, Built extends T[]> = Built['length'] extends N ? Built : BuildTuple<T, N, [...Built, T]>;

/** A shape (or strides) of rank N: a read-only tuple, or `readonly number[]` for an unknown rank. */
export type Shape<N extends number> = N extends KnownRank ? readonly number[] & Readonly<BuildTuple<number, N, []>> : readonly number[];

/** The indices `get()` takes: one per dimension. */
export type Index<N extends number> = N extends KnownRank ? BuildTuple<number, N, []> : number[];

/** What a shape argument of literal length infers its rank from (`[h, w]` is rank 2). */
export type ShapeTuple<N extends number> = (readonly [] | readonly [number, ...number[]]) & { readonly length: N };

/** `toArray()` of a rank-N array: N levels of nested arrays (E itself for rank 0). */
export type NestedOf<E, N extends number> = N extends KnownRank ? (N extends 0 ? E : NestedOf<E[], Predecessor<N>>) : NestedNumbers<E>;

/** Nested arrays of any depth. */
export type NestedNumbers<E = number> = E | NestedNumbers<E>[];

/** N - 1 for a known rank N ≥ 1 (`number` otherwise). */
export type Predecessor<N extends number> = N extends KnownRank
  ? BuildTuple<unknown, N, []> extends [unknown, ...infer Rest]
    ? Rest['length']
    : number
  : number;

/** N + 1 for a known rank (`number` otherwise). */
export type Successor<N extends number> = N extends KnownRank ? [...BuildTuple<unknown, N, []>, unknown]['length'] & number : number;

/** A rank union such as `1 | 2` (a ragged literal) is no known rank. */
type OneRank<N extends number> = [N] extends [never]
  ? number
  : N extends unknown
    ? [number] extends [N]
      ? number
      : [N] extends [OneRankProbe<N>]
        ? N
        : number
    : never;
type OneRankProbe<N> = (N extends unknown ? (x: N) => void : never) extends (x: infer I) => void ? I : never;

/** The structural shape of an NDArray that these types look into (ndarray.ts implements it). */
export interface RankedArray<Data extends NumericArray, E, N extends number> {
  readonly data: Data;
  readonly ndim: N;
  get(...index: never[]): E;
}

/** The rank of a value as gradient() and array() read it: nested arrays count their levels. */
export type RankOf<T> = OneRank<RawRank<T>>;
type RawRank<T> = T extends number | bigint | Complex
  ? 0
  : T extends NumericArray | ComplexTypedArrayLike | Float16ArrayLike
    ? 1
    : T extends RankedArray<NumericArray, unknown, infer N>
      ? N
      : T extends readonly (infer Row)[]
        ? Successor<RawRank<Row>>
        : number;

/** numpy's result storage for each input storage: float32 stays float32, float16 (bits) stays float16, the rest is float64. */
export type ResultData<D extends NumericArray> = D extends Float32Array ? Float32Array : D extends Uint16Array ? Float64Array | Uint16Array : Float64Array;

/**
 * The storage of gradient's results for input T: by the dtype where the type shows it (a
 * Float16Array, an ndarray-like's literal dtype), else by T's storage (ResultData).
 */
export type ResultDataOf<T> = T extends Float16ArrayLike | { readonly dtype: 'float16' }
  ? Uint16Array
  : T extends { readonly dtype: 'complex128' }
    ? Float64Array
    : T extends { readonly dtype: 'complex64' | 'float32' }
      ? Float32Array
      : ResultData<DataOf<T>>;

/** What one call computing `count` axes returns: one bare result, an array or a tuple of them. */
export type Results<R, Count extends number> = Count extends KnownRank ? (Count extends 1 ? R : BuildTuple<R, Count, []>) : R | R[];

/** True when nested values hold `{ re, im }` elements (numpy makes such an array complex). */
type HoldsComplex<T> = T extends Complex ? true : T extends readonly (infer Row)[] ? HoldsComplex<Row> : false;

/** What an element of input T reads as: `Complex` for complex input, `number` otherwise. */
export type ElementOf<T> =
  T extends RankedArray<NumericArray, infer E extends number | Complex, number>
    ? E
    : T extends ComplexTypedArrayLike | { readonly dtype: 'complex128' | 'complex64' }
      ? Complex
      : HoldsComplex<T> extends true
        ? Complex
        : number;

/** The TypedArray each dtype is stored in (complex: interleaved parts; float16: its bits). */
export interface StorageOf {
  float64: Float64Array;
  float32: Float32Array;
  int8: Int8Array;
  uint8: Uint8Array;
  uint8c: Uint8ClampedArray;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  complex128: Float64Array;
  complex64: Float32Array;
  float16: Uint16Array;
}

/** The storage of input T: its TypedArray, or for plain values what array() builds (float64). */
export type DataOf<T> =
  T extends RankedArray<infer D, unknown, number>
    ? D
    : T extends NumericArray
      ? T
      : T extends Float16ArrayLike
        ? Uint16Array
        : T extends ComplexTypedArrayLike
          ? Float64Array | Float32Array
          : T extends { readonly dtype: infer Type extends DType }
            ? StorageOf[Type]
            : T extends { readonly data: infer D }
              ? D extends NumericArray
                ? D
                : Float64Array
              : Float64Array;
