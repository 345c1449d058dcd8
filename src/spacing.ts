/**
 * Spacing arguments, parsed in numpy's order: none (1 on every axis), one scalar for every
 * axis, or one scalar or coordinate array per computed axis.
 */

import { bytesPerElement, dtypeOf, isComplexDType, type Float16ArrayLike, type NumericArray } from './dtypes';
import { describe } from './describe';
import { isNDArrayLike, toNDArray } from './input';
import { bufferOf, byteOffsetOf, lengthOf } from './intrinsics';
import { SpacingKind } from './layout';
import { isPlainObject } from './objects';
import { type NDArray, isNDArray, nestedShape, type AnyNDArray } from './ndarray';

/** One spacing argument: a step, or coordinates along the axis. */
export type Spacing = number | bigint | NDArray | NumericArray | Float16ArrayLike | readonly number[];

/** Where a scalar step sits in numpy 2's promotion rules (NEP 50): layout.ts's SpacingKind. */
type ScalarKind = SpacingKind.weak | SpacingKind.float64 | SpacingKind.float32 | SpacingKind.float16;

/** A parsed spacing for one axis, as the binding takes it. */
export type AxisSpacing = { step: number; kind: ScalarKind } | { coordinates: CoordinateArray };

/** Coordinates as the binding takes them: float64, float32, or float16 bits (a Uint16Array). */
export type CoordinateArray = Float64Array | Float32Array | Uint16Array;

export const tooShortMessage = 'Shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required.';

const weakOne: AxisSpacing = { step: 1, kind: SpacingKind.weak };

/** numpy's `np.ndim(v) == 0`: numbers, 0-d arrays, and values that are no array at all. */
function isScalarLike(value: unknown): boolean {
  if (isNDArray(value)) return value.ndim === 0;
  if (isNDArrayLike(value)) return Array.isArray(value.shape) && value.shape.length === 0;
  return !Array.isArray(value) && dtypeOf(value) === undefined;
}

/**
 * A real spacing array. numpy would discard a complex spacing's imaginary part (with a
 * ComplexWarning) for real data, and compute complex coefficients for complex data; neither is
 * a gradient along real coordinates, so it is refused.
 */
function realSpacing(view: AnyNDArray, name: string): NDArray {
  if (isComplexDType(view.dtype)) throw new TypeError(`${name} is ${view.dtype}: spacing and coordinates must be real (complex data takes real spacing)`);
  return view as NDArray;
}

function scalarSpacing(value: unknown, axis: number): AxisSpacing {
  if (typeof value === 'number') return { step: value, kind: SpacingKind.weak };
  if (typeof value === 'bigint') return { step: Number(value), kind: SpacingKind.weak };
  if (isNDArray(value)) {
    const zeroD = realSpacing(value, `spacing for axis ${axis}`); // already the call's own (parseSpacing)
    // numpy keeps a 0-d array as is: a strong scalar of its dtype. An integer one promotes to
    // float64 in every operation gradient performs, so it acts as a float64 step.
    const kind = zeroD.dtype === 'float32' ? SpacingKind.float32 : zeroD.dtype === 'float16' ? SpacingKind.float16 : SpacingKind.float64;
    return { step: zeroD.get(), kind };
  }
  throw new TypeError(`spacing for axis ${axis} must be a number or coordinates (an array of numbers), got ${describe(value)}`);
}

/**
 * Coordinates as a contiguous float array: in place when already one, else one small copy. Plain
 * arrays are read once, element by element, into the copy.
 */
function coordinates(value: unknown, axis: number): CoordinateArray {
  const name = `spacing for axis ${axis}`;
  if (Array.isArray(value)) {
    const n = value.length;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const entry: unknown = value[i];
      if (typeof entry === 'number') x[i] = entry;
      else if (typeof entry === 'bigint') x[i] = Number(entry);
      else if (Array.isArray(entry) || dtypeOf(entry) !== undefined) {
        throw new RangeError(`distances must be either scalars or 1d (${name} has shape [${nestedShape(value).join(', ')}])`);
      } else throw new TypeError(`${name}[${i}] must be a number, got ${describe(entry)}`);
    }
    return x;
  }
  const view = realSpacing(toNDArray(value, name), name);
  if (view.ndim >= 2) throw new RangeError(`distances must be either scalars or 1d (${name} has shape [${view.shape.join(', ')}])`);
  const { data, offset } = view;
  const n = view.shape[0]!;
  // float16 coordinates: their bits (the call's own view holds float16 as a Uint16Array).
  const float16 = view.dtype === 'float16';
  if ((view.dtype === 'float64' || view.dtype === 'float32' || float16) && (view.strides[0] === 1 || n <= 1)) {
    const floats = data as CoordinateArray;
    if (offset === 0 && n === lengthOf(floats)) return floats;
    // A view of the n coordinates over the same memory, made without subarray(): that would ask
    // the array's constructor[Symbol.species], which a caller can set.
    const Ctor = view.dtype === 'float64' ? Float64Array : float16 ? Uint16Array : Float32Array;
    return new Ctor(bufferOf(floats) as ArrayBuffer, byteOffsetOf(floats) + offset * bytesPerElement(view.dtype), n);
  }
  if (float16) {
    const bits = new Uint16Array(n);
    for (let i = 0; i < n; i++) bits[i] = (data as Uint16Array)[offset + i * view.strides[0]!]!;
    return bits;
  }
  // float32 coordinates keep float32 (numpy computes their differences in float32); integer
  // coordinates are converted to float64 before differencing, as numpy does.
  const copy = view.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) copy[i] = view.get(i);
  return copy;
}

function axisSpacing(value: unknown, axis: number, length: number): AxisSpacing {
  if (isScalarLike(value)) return scalarSpacing(value, axis);
  const x = coordinates(value, axis);
  if (x.length <= 1) {
    // numpy fails here with IndexError (it reads diff(x)[0]); README: Deliberate differences from numpy.
    throw new RangeError(`${tooShortMessage} (spacing for axis ${axis} has ${x.length} coordinate${x.length === 1 ? '' : 's'})`);
  }
  if (x.length !== length) {
    throw new RangeError(
      `when 1d, distances must match the length of the corresponding dimension (spacing for axis ${axis} has ${x.length} coordinates, the axis has ${length})`,
    );
  }
  return { coordinates: x };
}

/** `count` times the same spacing (a loop: cheaper per call than a closure or fill()). */
function repeat(spacing: AxisSpacing, count: number): AxisSpacing[] {
  const all = new Array<AxisSpacing>(count);
  for (let k = 0; k < count; k++) all[k] = spacing;
  return all;
}

/**
 * The spacing of each axis in `axes`, from the positional arguments after `f`.
 * @param args the arguments after `f`; the first `count` are the spacing, in the order of `axes`
 * @param count how many of `args` are spacing (the options object may follow them)
 * @param shape the shape of `f`
 * @param axes the computed axes (normalised, in the caller's order)
 */
export function parseSpacing(args: readonly unknown[], count: number, shape: readonly number[], axes: readonly number[]): AxisSpacing[] {
  if (count === 0) return repeat(weakOne, axes.length);
  // Arrays with a shape are read once, into views of the call's own, before anything looks at them.
  const values = new Array<unknown>(count);
  for (let i = 0; i < count; i++) {
    const value = args[i];
    if (isPlainObject(value) && !isNDArrayLike(value)) {
      throw new TypeError(`argument ${i + 2} is an options object: options must be the last argument, gradient(f, ...spacing, options)`);
    }
    values[i] = isNDArray(value) || isNDArrayLike(value) ? toNDArray(value, `spacing for axis ${axes[i] ?? axes[0] ?? i}`) : value;
  }
  if (count === 1 && isScalarLike(values[0])) {
    return repeat(axes.length === 0 ? weakOne : scalarSpacing(values[0], axes[0]!), axes.length);
  }
  if (count !== axes.length) {
    throw new TypeError(`invalid number of arguments: give no spacing, one scalar, or one spacing per computed axis (${axes.length}); got ${count}`);
  }
  return axes.map((axis, i) => axisSpacing(values[i], axis, shape[axis]!));
}
