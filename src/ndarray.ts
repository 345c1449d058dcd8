/**
 * NDArray: a strided N-d view over a TypedArray (numpy's ndarray without the arithmetic), and
 * `array()` to build one.
 */

import { allocate, constructors, dtypeOf, isBigIntDType, isComplexDType, isDType, valuesPerElement, type DType, type NumericArray } from './dtypes';
import { article, counted, describe } from './describe';
import { formatView } from './format';
import { bufferOf, byteOffsetOf, lengthOf, typedArrayName } from './intrinsics';
import { halfBits, halfValue } from './half';
import { ownProperty } from './objects';
import type { Complex, DataOf, ElementOf, Index, KnownRank, NestedNumbers, NestedOf, Predecessor, RankOf, Shape, ShapeTuple, StorageOf } from './ranks';

export type { Complex, NestedNumbers } from './ranks';

/**
 * The dtype an array's data holds: `dtype` when it is given, else the TypedArray's own. A complex
 * dtype needs a Float64Array (complex128) or a Float32Array (complex64) of whole (re, im) pairs.
 */
export function checkDType(data: unknown, dtype: unknown, name: string, separator = ' '): DType {
  const own = dtypeOf(data);
  if (own === undefined) throw new TypeError(`${name}${separator}data must be a numeric TypedArray, got ${describe(data)}`);
  if (dtype === undefined || dtype === own) return own;
  if (!isDType(dtype)) throw new TypeError(`${name}${separator}dtype must be a dtype name such as 'float64', got ${describe(dtype)}`);
  const storage = constructors[dtype].name;
  if (dtype === 'float16' && own === 'uint16') return dtype; // float16 bits
  if (!isComplexDType(dtype) || own !== dtypeOf(new constructors[dtype](0))) {
    const holds = isComplexDType(dtype)
      ? `: ${dtype} is (re, im) pairs in a ${storage}`
      : dtype === 'float16'
        ? ': float16 is its bits in a Uint16Array (or a Float16Array)'
        : ` (it holds ${own}; array(data, { dtype }) converts)`;
    const kind = typedArrayName(data) ?? 'value';
    throw new TypeError(`${name}${separator}dtype '${dtype}' cannot view ${article(kind)} ${kind}${holds}`);
  }
  const length = lengthOf(data as NumericArray);
  if (length % 2 !== 0) throw new RangeError(`${name}${separator}data holds ${length} values: ${dtype} needs whole (re, im) pairs, an even number`);
  return dtype;
}

/**
 * A Float16Array's memory as a Uint16Array of its bits (what the backends read and write, on
 * every runtime); any other array as it is.
 */
export function halfBitsView(data: NumericArray): NumericArray {
  if (typedArrayName(data) !== 'Float16Array') return data;
  return new Uint16Array(bufferOf(data) as ArrayBuffer, byteOffsetOf(data), lengthOf(data));
}

/** The number of elements `data` holds as `dtype` (half its values for complex). */
export function elementsOf(data: NumericArray, dtype: DType): number {
  return lengthOf(data) / valuesPerElement(dtype);
}

/** C-order (row-major) strides, in elements, for `shape`. */
export function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d]!;
  }
  return strides;
}

/** The number of elements of `shape`; a RangeError if it is not a safe integer. */
export function shapeSize(shape: readonly number[], name = 'shape'): number {
  let size = 1;
  for (const length of shape) size *= length;
  if (!Number.isSafeInteger(size)) {
    throw new RangeError(`${name} [${shape.join(', ')}] has more elements than an array can hold`);
  }
  return size;
}

/** A fresh copy of a list of integers, each entry read once (a plain loop: no user `map`). */
function checkIndexList(value: unknown, name: string, allowNegative: boolean): number[] {
  if (!Array.isArray(value)) throw new TypeError(`${name} must be an array of integers, got ${describe(value)}`);
  const length: number = value.length;
  const list = new Array<number>(length);
  for (let d = 0; d < length; d++) {
    const entry: unknown = value[d];
    if (typeof entry !== 'number' || !Number.isSafeInteger(entry)) {
      throw new TypeError(`${name}[${d}] must be an integer, got ${describe(entry)}`);
    }
    if (!allowNegative && entry < 0) throw new RangeError(`${name}[${d}] must not be negative, got ${entry}`);
    list[d] = entry;
  }
  return list;
}

/** The lowest and highest element index a non-empty view reaches. */
export function elementRange(shape: readonly number[], strides: readonly number[], offset: number): [number, number] {
  let low = offset;
  let high = offset;
  for (let d = 0; d < shape.length; d++) {
    const reach = strides[d]! * (shape[d]! - 1);
    if (reach < 0) low += reach;
    else high += reach;
  }
  return [low, high];
}

/**
 * A RangeError if a view checked earlier no longer fits its data: the buffer was detached,
 * transferred or (resizable) shrunk since. Cheap; run before every computation.
 */
export function checkStillFits(view: AnyNDArray, name: string): void {
  if (view.size === 0) return;
  const range = elementRange(view.shape, view.strides, view.offset);
  const low = range[0];
  const high = range[1];
  const length = elementsOf(view.data, view.dtype);
  if (low < 0 || high >= length) {
    throw new RangeError(
      `${name} reaches elements ${low} to ${high}, outside the ${name === 'f' ? "input's" : name.startsWith('out') ? "output's" : 'its'} ${length} elements ` +
        '(was its buffer detached, transferred or shrunk?)',
    );
  }
}

/**
 * Checks that (shape, strides, offset) is a view that stays inside `length` elements, and
 * returns it with fresh arrays. Strides and offset are in elements; strides may be negative or 0.
 */
export function checkView(
  length: number,
  shape: unknown,
  strides: unknown,
  offset: unknown,
  name = 'array',
): { shape: number[]; strides: number[]; offset: number } {
  const checkedShape = checkIndexList(shape, `${name} shape`, false);
  if (checkedShape.length > 64) throw new RangeError(`${name} has ${checkedShape.length} dimensions; at most 64 are supported`);
  const checkedStrides = strides === undefined ? cStrides(checkedShape) : checkIndexList(strides, `${name} strides`, true);
  if (checkedStrides.length !== checkedShape.length) {
    throw new RangeError(`${name} strides [${checkedStrides.join(', ')}] must have one entry per dimension of shape [${checkedShape.join(', ')}]`);
  }
  if (offset !== undefined && (typeof offset !== 'number' || !Number.isSafeInteger(offset))) {
    throw new TypeError(`${name} offset must be an integer, got ${describe(offset)}`);
  }
  const checkedOffset = offset ?? 0;
  if (checkedOffset < 0) throw new RangeError(`${name} offset must not be negative, got ${checkedOffset}`);
  if (shapeSize(checkedShape, `${name} shape`) > 0) {
    const range = elementRange(checkedShape, checkedStrides, checkedOffset);
    const low = range[0];
    const high = range[1];
    if (low < 0 || high >= length) {
      throw new RangeError(
        `${name} shape [${checkedShape.join(', ')}], strides [${checkedStrides.join(', ')}] and offset ${checkedOffset} ` +
          `reach elements ${low} to ${high}, outside the ${length} elements of its data`,
      );
    }
  }
  return { shape: checkedShape, strides: checkedStrides, offset: checkedOffset };
}

const inspect = Symbol.for('nodejs.util.inspect.custom');

/**
 * @internal Passed by this package as the constructor's 5th argument for views it has already
 * checked (its own results, a TypedArray's natural 1-d view): no validation on the hot path.
 */
export const checkedView: unique symbol = Symbol('checkedView');

/**
 * A strided N-d view over a TypedArray, read in place. Its fields are read-only (getters over
 * private fields: assigning one throws in strict code). Each call reads an NDArray it is given
 * once, into a checked copy of its view (`snapshot`), so no later change to the object or its
 * `shape` array can reach a call in progress.
 *
 * Types: `Data` is the TypedArray, `E` what an element reads as (`number`, or {@link Complex}),
 * `N` the rank where the code shows it: a shape written as a list (`[h, w]`) makes `N` 2, so
 * `shape` is a tuple, `get()` takes two indices, `toArray()` is `number[][]` and gradient returns
 * a pair; a shape held in a `number[]` leaves `N` as `number` (known at run time only).
 *
 * @example
 * const a = new NDArray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * a.get(1, 2); // 6
 * a.toArray(); // [[1, 2, 3], [4, 5, 6]]
 * const column = new NDArray(a.data, [2], [3], 1); // the view [2, 5]
 */
export class NDArray<Data extends NumericArray = NumericArray, E extends number | Complex = number, N extends number = number> {
  readonly #data: Data;
  readonly #shape: readonly number[];
  readonly #strides: readonly number[];
  readonly #offset: number;
  readonly #dtype: DType;

  /**
   * @param data the TypedArray to view
   * @param shape dimension lengths (default: `[data.length]`)
   * @param strides in elements (default: C order)
   * @param offset in elements (default: 0)
   * @param dtype the element type (default: the TypedArray's own); `'complex128'` over a
   *   Float64Array or `'complex64'` over a Float32Array views (re, im) pairs: shape, strides and
   *   offset then count complex elements
   */
  constructor(data: Data, shape: ShapeTuple<N>, strides?: readonly number[], offset?: number, dtype?: DType);
  constructor(data: Data, shape?: readonly number[], strides?: readonly number[], offset?: number, dtype?: DType);
  /** @internal */
  constructor(data: Data, shape: readonly number[], strides: readonly number[], offset: number, token: typeof checkedView, dtype: DType);
  constructor(data: Data, shape?: readonly number[], strides?: readonly number[], offset?: number, token?: symbol | DType, dtype?: DType) {
    if (token === checkedView) {
      this.#data = data;
      this.#shape = shape!;
      this.#strides = strides!;
      this.#offset = offset!;
      this.#dtype = dtype!;
      return;
    }
    const type = checkDType(data, token, 'NDArray');
    const length = elementsOf(data, type);
    const view = checkView(length, shape === undefined ? [length] : shape, strides, offset, 'NDArray');
    this.#data = data;
    this.#shape = view.shape;
    this.#strides = view.strides;
    this.#offset = view.offset;
    this.#dtype = type;
  }

  /** The TypedArray the elements live in (shared, never copied). */
  get data(): Data {
    return this.#data;
  }
  /** Length of each dimension. */
  get shape(): Shape<N> {
    return this.#shape as Shape<N>;
  }
  /** Step between neighbours along each dimension, in elements (may be negative or 0). */
  get strides(): Shape<N> {
    return this.#strides as Shape<N>;
  }
  /** Index in `data` of the element at index (0, 0, …). */
  get offset(): number {
    return this.#offset;
  }
  /** The element type: `data`'s own, or complex over interleaved (re, im) values. */
  get dtype(): DType {
    return this.#dtype;
  }

  /** @internal The brand check behind isNDArray (a static method: only it may name #data). */
  static hasBrand(value: object): boolean {
    return #data in value;
  }

  /** Number of dimensions. */
  get ndim(): N {
    return this.#shape.length as N;
  }

  /** Number of elements. */
  get size(): number {
    return shapeSize(this.shape);
  }

  /**
   * The element at `index` (one integer per dimension; negative counts from the end).
   * @example new NDArray(new Float64Array([1, 2, 3])).get(-1); // 3
   */
  get(...index: Index<N>): E {
    const indices = index as number[];
    if (indices.length !== this.ndim) {
      throw new RangeError(`get() needs ${counted(this.ndim, 'index', 'indices')} for a ${this.ndim}-d array, got ${indices.length}`);
    }
    let at = this.offset;
    indices.forEach((i, d) => {
      const n = this.#shape[d]!;
      if (!Number.isInteger(i)) throw new TypeError(`index ${d} must be an integer, got ${describe(i)}`);
      if (i < -n || i >= n) throw new RangeError(`index ${i} is out of bounds for axis ${d} with size ${n}`);
      at += (i < 0 ? i + n : i) * this.#strides[d]!;
    });
    return this.#element(at);
  }

  /** Element `at` of the data: a number, or for complex dtypes `{ re, im }`. */
  #element(at: number): E {
    const data = this.#data;
    if (isComplexDType(this.#dtype)) return { re: data[2 * at] as number, im: data[2 * at + 1] as number } as E;
    if (this.#dtype === 'float16' && dtypeOf(data) === 'uint16') return halfValue(data[at] as number) as E; // bits
    return Number(data[at]) as E;
  }

  /** The elements as nested plain arrays (a number for a 0-d array), like numpy's `tolist()`; complex elements as `{ re, im }`. */
  toArray(): NestedOf<E, N> {
    const build = (d: number, at: number): NestedNumbers<E> => {
      if (d === this.ndim) return this.#element(at);
      const row = new Array<NestedNumbers<E>>(this.#shape[d]!);
      for (let i = 0; i < row.length; i++) row[i] = build(d + 1, at + i * this.#strides[d]!);
      return row;
    };
    return build(0, this.offset) as NestedOf<E, N>;
  }

  /** Iterates along axis 0, as numpy does: numbers for a 1-d array, (N-1)-d views otherwise. */
  *[Symbol.iterator](): IterableIterator<Row<Data, E, N>> {
    type Item = Row<Data, E, N>;
    if (this.ndim === 0) throw new TypeError('iteration over a 0-d array');
    const n = this.#shape[0]!;
    const step = this.#strides[0]!;
    for (let i = 0; i < n; i++) {
      if (this.ndim === 1) yield this.#element(this.offset + i * step) as Item;
      else yield new NDArray<Data, E>(this.data, this.#shape.slice(1), this.#strides.slice(1), this.offset + i * step, this.#dtype) as Item;
    }
  }

  /**
   * console.log and util.inspect: numpy's summary above 1 000 elements (3 items at each end of
   * every dimension), at most `maxArrayLength` items of a dimension, values at their dtype's
   * shortest exact form; only the dtype and shape beyond `depth`.
   */
  [inspect](depth: number, options: { maxArrayLength?: number | null } = {}): string {
    if (depth < 0) return `NDArray(${this.dtype}, [${this.shape.join(', ')}])`;
    const maxItems = options.maxArrayLength === null ? Infinity : options.maxArrayLength;
    return formatView(this, maxItems === undefined ? {} : { maxItems });
  }

  /**
   * The same summary as console.log, as a string.
   * @example String(array([0.5, 1])); // 'NDArray(float64, [2]) [0.5, 1]'
   */
  toString(): string {
    return formatView(this);
  }

  /**
   * What JSON.stringify writes: `{ dtype, shape, data }` with `data` the nested values (all of
   * them). JSON has no NaN or Infinity: those become null, as JSON.stringify makes of any number
   * it cannot write; -0 becomes 0; float32 values are the exact doubles they are (numpy's tolist());
   * int64 values become the nearest double (exact up to 2^53).
   * @example JSON.stringify(array([1, 2])); // '{"dtype":"float64","shape":[2],"data":[1,2]}'
   */
  toJSON(): { dtype: DType; shape: number[]; data: NestedOf<E, N> } {
    return { dtype: this.dtype, shape: [...this.shape], data: this.toArray() };
  }

  /** `Object.prototype.toString` says `[object NDArray]`. */
  get [Symbol.toStringTag](): string {
    return 'NDArray';
  }
}

/** What iterating a rank-N NDArray yields: elements for rank 1, rank N-1 views above. */
export type Row<Data extends NumericArray, E extends number | Complex, N extends number> = N extends KnownRank
  ? N extends 0
    ? never
    : N extends 1
      ? E
      : NDArray<Data, E, Predecessor<N>>
  : E | NDArray<Data, E>;

/**
 * True for arrays made by the NDArray constructor only: a brand check that runs no user code (a
 * Proxy's traps are not consulted), whatever the prototype chain says. The library tests with
 * this, not `instanceof`, which a Proxy of an NDArray or an object made from NDArray.prototype
 * passes. (A custom Symbol.hasInstance would do the same for everyone, but cost a 16-element call
 * more than the rest of its JavaScript: V8 then leaves its fast instanceof path.)
 * @example isNDArray(new Proxy(array([1, 2]), {})); // false
 */
export function isNDArray(value: unknown): value is NDArray {
  return typeof value === 'object' && value !== null && NDArray.hasBrand(value);
}

/**
 * A call's own copy of a view it was given: `data`, `shape`, `strides` and `offset` read once
 * each, the arrays copied, the view checked against its data. (An own property defined on the
 * given object is read like any other user value: once.)
 */
export function snapshot<V extends NDArray<NumericArray, number | Complex>>(view: V, name = 'f'): V {
  const { data, shape, strides, offset } = view;
  const dtype = checkDType(data, (view as NDArray<NumericArray, number | Complex>).dtype, name, '.');
  const checked = checkView(Number.MAX_SAFE_INTEGER, shape, strides, offset, name);
  const copy = new NDArray(halfBitsView(data), checked.shape, checked.strides, checked.offset, checkedView, dtype);
  checkStillFits(copy, name);
  return copy as V;
}

/** Options of {@link array}. */
export interface ArrayOptions {
  /** Shape of the result; its product must equal the number of values. */
  shape?: readonly number[];
  /** Element type of the result (default: the TypedArray's own, or float64 for plain values). */
  dtype?: DType;
}

/**
 * A complex128 or complex64 NDArray: (re, im) pairs in a Float64Array or Float32Array. (A
 * constructed one is typed real unless given its type arguments: `new NDArray<Float64Array,
 * Complex>(data, shape, strides, offset, 'complex128')`, or made by `array()` with a complex dtype.)
 */
export type ComplexNDArray<N extends number = number> = NDArray<Float64Array | Float32Array, Complex, N>;

/** An NDArray of any dtype, real or complex. */
export type AnyNDArray = NDArray<NumericArray, number | Complex>;

/** A value that `array()` and `gradient()` read as nested numbers. */
export type Nested = number | bigint | ArrayLike<unknown>;

/** What `array()` takes. */
export type ArrayValues = Nested | Complex | AnyNDArray;

/**
 * The type `array(values, { dtype: T })` returns at rank N: the dtype's storage (or the values'
 * own TypedArray, or float64 for plain numbers), complex elements for a complex dtype or `{ re, im }`
 * values.
 */
export type ArrayOf<V, T extends DType | undefined, N extends number> = T extends DType
  ? NDArray<StorageOf[T], T extends 'complex128' | 'complex64' ? Complex : number, N>
  : NDArray<DataOf<V>, ElementOf<V>, N>;

function isArrayLikeValue(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || dtypeOf(value) !== undefined;
}

/**
 * The shape nested arrays suggest: the lengths along their first elements (TypedArrays count as
 * rows). Only a guess until fillNested has read every element against it.
 */
export function nestedShape(values: unknown): number[] {
  const shape: number[] = [];
  for (let level: unknown = values; isArrayLikeValue(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  return shape;
}

/**
 * Copies nested values into a new C-order array of `shape` (from nestedShape), checking each row
 * and element as it reads it, once: a ragged row or a non-number is an error naming its place.
 * The place is formatted only then, so valid input costs one read and one store per element.
 */
function fillNested(values: unknown, shape: readonly number[], dtype: DType, name: string): NumericArray {
  const data = allocate(dtype, shapeSize(shape)) as unknown as unknown[];
  const big = isBigIntDType(dtype);
  const complex = isComplexDType(dtype);
  const half = dtype === 'float16'; // stored as bits
  const last = shape.length - 1;
  const index = new Array<number>(shape.length).fill(0);
  const path = (depth: number): string =>
    index
      .slice(0, depth)
      .map((i) => `[${i}]`)
      .join('');
  const store = (value: unknown, at: number, depth: number): void => {
    if (complex) {
      const parts = complexParts(value);
      if (parts !== undefined) {
        data[2 * at] = parts.re;
        data[2 * at + 1] = parts.im;
        return;
      }
    } else if (isComplexValue(value)) {
      throw new TypeError(`${name}${path(depth)} is complex; ${dtype} has no imaginary part (give dtype 'complex128' or 'complex64')`);
    }
    if (typeof value === 'number') data[at] = big ? toBigInt(value) : half ? halfBits(value) : value;
    else if (typeof value === 'bigint') data[at] = big ? value : half ? halfBits(Number(value)) : Number(value);
    else if (isArrayLikeValue(value)) {
      throw new RangeError(`${name} is ragged: ${path(depth)} is an array where a number was expected (shape so far [${shape.join(', ')}])`);
    } else throw new TypeError(`${name}${path(depth)} must be a number${complex ? ' or { re, im }' : ''}, got ${describe(value)}`);
  };
  if (shape.length === 0) {
    store(values, 0, 0);
    return data as unknown as NumericArray;
  }
  let at = 0;
  const fill = (row: unknown, d: number): void => {
    const n = shape[d]!;
    if (!isArrayLikeValue(row) || row.length !== n) {
      throw new RangeError(
        `${name} is ragged: ${path(d) || 'the top level'} has ${isArrayLikeValue(row) ? `length ${row.length}` : describe(row)} ` +
          `where length ${n} was expected (shape [${shape.join(', ')}])`,
      );
    }
    if (d === last) {
      // The common case inline: a float or integer array, a number. Anything else (bigint, a
      // 64-bit dtype, an error) takes store(), which knows the place.
      const plain = !big && !complex && !half;
      for (let i = 0; i < n; i++) {
        const value = row[i];
        if (plain && typeof value === 'number') {
          data[at++] = value;
        } else {
          index[d] = i;
          store(value, at++, d + 1);
        }
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      index[d] = i;
      fill(row[i], d + 1);
    }
  };
  fill(values, 0);
  return data as unknown as NumericArray;
}

/**
 * An array whose entries are NDArrays (numpy's np.array([a, b])) as nested values: each entry read
 * once (snapshot) and expanded, so that the rows stack as TypedArray rows already do. Other
 * arrays are returned as they are, after one look at their entries.
 */
function withNDArrayRows(values: readonly unknown[]): readonly unknown[] {
  let rows: unknown[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const entry: unknown = values[i];
    if (!isNDArray(entry)) continue;
    rows ??= Array.from(values);
    const view = snapshot(entry, `f[${i}]`);
    rows[i] = view.ndim === 0 ? view.get() : view.toArray();
  }
  return rows ?? values;
}

/** A plain `{ re, im }` object of two numbers (what complex arrays' `get()` gives). */
function isComplexValue(value: unknown): value is Complex {
  if (typeof value !== 'object' || value === null || isArrayLikeValue(value)) return false;
  const { re, im } = value as Partial<Complex>;
  return typeof re === 'number' && typeof im === 'number';
}

/** A value's complex parts: a number or bigint is real (imaginary part 0). */
function complexParts(value: unknown): Complex | undefined {
  if (typeof value === 'number') return { re: value, im: 0 };
  if (typeof value === 'bigint') return { re: Number(value), im: 0 };
  if (typeof value !== 'object' || value === null || isArrayLikeValue(value)) return undefined;
  const { re, im } = value as Partial<Complex>; // each read once
  return typeof re === 'number' && typeof im === 'number' ? { re, im } : undefined;
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new RangeError(`${describe(value)} cannot be stored in an int64 or uint64 array`);
  return BigInt(number);
}

/** A C-order copy of any view, converted to `dtype`. */
function convert(source: NDArray<NumericArray, number | Complex>, dtype: DType): NDArray<NumericArray, number | Complex> {
  return new NDArray(fillNested(source.toArray(), source.shape, dtype, 'array'), source.shape, undefined, 0, dtype);
}

/** True when nested values start with a `{ re, im }` (numpy's np.array([1j, 2]) is complex). */
function firstElementIsComplex(values: unknown): boolean {
  let level: unknown = values;
  while (isArrayLikeValue(level) && level.length > 0) level = level[0];
  return isComplexValue(level);
}

/**
 * Builds an NDArray from nested arrays, a number, a TypedArray (viewed in place when no other
 * dtype is asked for) or another NDArray.
 *
 * @example
 * array([[1, 2, 3], [4, 5, 6]]).shape;                 // [2, 3]
 * array(new Float32Array(6), { shape: [2, 3] }).dtype;  // 'float32' (no copy)
 * array([1, 2, 3], { dtype: 'int32' }).data;            // Int32Array [1, 2, 3]
 */
export function array<V extends ArrayValues, N extends number, T extends DType | undefined = undefined>(
  values: V,
  options: { shape: ShapeTuple<N>; dtype?: T },
): ArrayOf<V, T, N>;
export function array<V extends ArrayValues, T extends DType | undefined = undefined>(
  values: V,
  options?: { shape?: undefined; dtype?: T },
): ArrayOf<V, T, RankOf<V>>;
export function array<V extends ArrayValues, T extends DType | undefined = undefined>(
  values: V,
  options?: { shape?: readonly number[]; dtype?: T },
): ArrayOf<V, T, number>;
export function array(values: Nested | Complex | AnyNDArray, options: ArrayOptions = {}): AnyNDArray {
  if (typeof options !== 'object' || options === null) throw new TypeError(`array() options must be an object, got ${describe(options)}`);
  // Own properties only: a polluted Object.prototype.dtype must not change the array.
  const shape = ownProperty(options, 'shape') as readonly number[] | undefined;
  const dtype = ownProperty(options, 'dtype') as DType | undefined;
  if (dtype !== undefined && !isDType(dtype)) throw new TypeError(`array() dtype must be a dtype name such as 'float64', got ${describe(dtype)}`);
  let result: AnyNDArray;
  if (isNDArray(values)) {
    result = values;
  } else if (dtypeOf(values) !== undefined) {
    // A complex dtype over a Float64Array or Float32Array views its (re, im) pairs in place.
    const complexView = dtype !== undefined && isComplexDType(dtype) && dtypeOf(values) === dtypeOf(new constructors[dtype](0));
    result = new NDArray(values as NumericArray, undefined, undefined, undefined, complexView ? dtype : undefined);
  } else if (isComplexValue(values)) {
    result = new NDArray(fillNested(values, [], dtype ?? 'complex128', 'array'), [], [], 0, dtype ?? 'complex128');
  } else if (typeof values === 'number' || typeof values === 'bigint') {
    result = new NDArray(fillNested(values, [], dtype ?? 'float64', 'array'), []);
  } else if (Array.isArray(values)) {
    const rows = withNDArrayRows(values);
    const nested = nestedShape(rows);
    const type = dtype ?? (firstElementIsComplex(rows) ? 'complex128' : 'float64');
    result = new NDArray(fillNested(rows, nested, type, 'array'), nested, undefined, 0, type);
  } else {
    throw new TypeError(`array() needs a number, nested number arrays, a TypedArray or an NDArray, got ${describe(values)}`);
  }
  if (dtype !== undefined && dtype !== result.dtype) result = convert(result, dtype);
  if (shape !== undefined) {
    const checked = checkIndexList(shape, 'array() shape', false);
    if (shapeSize(checked) !== result.size) {
      throw new RangeError(`array() shape [${checked.join(', ')}] holds ${shapeSize(checked)} elements, but ${result.size} values were given`);
    }
    const contiguous = result.strides.every((s, d) => s === cStrides(result.shape)[d]);
    const source = contiguous ? result : convert(result, result.dtype);
    result = new NDArray(source.data, checked, undefined, source.offset, source.dtype);
  }
  return result;
}
