/**
 * The pure TypeScript backend: the same packed arguments as the native addon, the same results
 * bit for bit. It runs where the addon cannot load, under `NDGRADIENT_BACKEND=js`, and through
 * the `ndgradient/js` entry (browsers, bundlers).
 *
 * Exactness: JS numbers are IEEE float64 and V8 never fuses a multiply-add, so numpy's float64
 * expressions carry over as written. float32 arithmetic is emulated by rounding each operation's
 * float64 result with Math.fround: for +, -, * and / of float32 operands that equals the float32
 * operation (float64 has more than 2 × 24 + 2 significand bits). Which values are float32 follows
 * numpy 2's promotion rules, as in native/kernels.h.
 */

import type { Backend } from './backend';
import { dtypeOf, type FloatArray, type NumericArray } from './dtypes';
import { AxisParams, Header, SpacingKind, axisStart, layoutVersion, shapeStart, stridesStart } from './layout';
import { eachLane } from './strided';

type Round = (value: number) => number;
const exact: Round = (value) => value;
const float32: Round = Math.fround;

/** The formulas of one axis, with values rounded to the precisions numpy uses for them. */
interface AxisFormulas {
  value: Round; // the data's precision (float32 for float32 data)
  arithmetic: Round; // where data meets coefficients: float32 only when both are float32
  uniform: boolean;
  twoH: number;
  left: number[];
  right: number[];
  a?: Float64Array; // coordinates: interior coefficients by point
  b?: Float64Array;
  c?: Float64Array;
}

function axisFormulas(n: number, edgeOrder: number, kind: number, step: number, coordinates: FloatArray | undefined, dataIsFloat32: boolean): AxisFormulas {
  const value = dataIsFloat32 ? float32 : exact;
  // The coefficients' precision: a float32 coordinate array, a strong float32 scalar, or a weak
  // JS number meeting float32 data (computed in float64, then rounded).
  const coefficientIsFloat32 =
    kind === SpacingKind.coordinates ? dtypeOf(coordinates) === 'float32' : kind === SpacingKind.weak ? dataIsFloat32 : kind === SpacingKind.float32;
  const c: Round = coefficientIsFloat32 ? float32 : exact;
  const arithmetic = dataIsFloat32 && coefficientIsFloat32 ? float32 : exact;
  let h = step;
  let uniform = true;
  if (kind === SpacingKind.coordinates) {
    // numpy's uniform detection on np.diff(x), in the coordinates' precision.
    const x = coordinates!;
    const first = c(x[1]! - x[0]!);
    for (let k = 1; k + 1 < n && uniform; k++) uniform = c(x[k + 1]! - x[k]!) === first;
    h = first;
  }
  if (uniform) {
    return {
      value, arithmetic, uniform, twoH: c(2 * h),
      left: edgeOrder === 1 ? [c(h)] : [c(-1.5 / h), c(2 / h), c(-0.5 / h)],
      right: edgeOrder === 1 ? [c(h)] : [c(0.5 / h), c(-2 / h), c(1.5 / h)],
    };
  }
  const x = coordinates!;
  const dx = (i: number): number => c(x[i + 1]! - x[i]!);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const cc = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    const dx1 = dx(i - 1);
    const dx2 = dx(i);
    a[i] = c(-dx2 / c(dx1 * c(dx1 + dx2)));
    b[i] = c(c(dx2 - dx1) / c(dx1 * dx2));
    cc[i] = c(dx1 / c(dx2 * c(dx1 + dx2)));
  }
  let left: number[];
  let right: number[];
  if (edgeOrder === 1) {
    left = [dx(0)];
    right = [dx(n - 2)];
  } else {
    let dx1 = dx(0);
    let dx2 = dx(1);
    left = [c(-c(c(2 * dx1) + dx2) / c(dx1 * c(dx1 + dx2))), c(c(dx1 + dx2) / c(dx1 * dx2)), c(-dx1 / c(dx2 * c(dx1 + dx2)))];
    dx1 = dx(n - 3);
    dx2 = dx(n - 2);
    right = [c(dx2 / c(dx1 * c(dx1 + dx2))), c(-c(dx2 + dx1) / c(dx1 * dx2)), c(c(c(2 * dx2) + dx1) / c(dx2 * c(dx1 + dx2)))];
  }
  return { value, arithmetic, uniform, twoH: 0, left, right, a, b, c: cc };
}

/**
 * One lane: n points of the input from offsetX in steps of strideX, written to the output from
 * offsetY in steps of strideY (the stdlib strided signature).
 */
function lane(n: number, read: (i: number) => number, strideX: number, offsetX: number, y: FloatArray, strideY: number, offsetY: number, edgeOrder: number, k: AxisFormulas): void {
  const { value: v, arithmetic: r } = k;
  const f = (i: number): number => read(offsetX + i * strideX);
  const combine = (a: number, b: number, c: number, f0: number, f1: number, f2: number): number => r(r(r(a * f0) + r(b * f1)) + r(c * f2));
  for (let i = 1; i < n - 1; i++) {
    y[offsetY + i * strideY] = k.uniform
      ? r(v(f(i + 1) - f(i - 1)) / k.twoH)
      : combine(k.a![i]!, k.b![i]!, k.c![i]!, f(i - 1), f(i), f(i + 1));
  }
  const last = offsetY + (n - 1) * strideY;
  if (edgeOrder === 1) {
    y[offsetY] = r(v(f(1) - f(0)) / k.left[0]!);
    y[last] = r(v(f(n - 1) - f(n - 2)) / k.right[0]!);
  } else {
    y[offsetY] = combine(k.left[0]!, k.left[1]!, k.left[2]!, f(0), f(1), f(2));
    y[last] = combine(k.right[0]!, k.right[1]!, k.right[2]!, f(n - 3), f(n - 2), f(n - 1));
  }
}

/** Runs one packed call (layout.ts). The API layer has checked every argument. */
function run(input: NumericArray, params: Float64Array, arrays: readonly (FloatArray | undefined)[]): void {
  if (params[Header.version] !== layoutVersion) {
    throw new RangeError(`ndgradient: params use layout version ${params[Header.version]}; this backend reads version ${layoutVersion}`);
  }
  const ndim = params[Header.ndim]!;
  const offset = params[Header.offset]!;
  const edgeOrder = params[Header.edgeOrder]!;
  const axisCount = params[Header.axisCount]!;
  const shape = params.subarray(shapeStart, shapeStart + ndim);
  const strides = params.subarray(stridesStart(ndim), stridesStart(ndim) + ndim);
  if (shape.some((n) => n === 0)) return;
  const dtype = dtypeOf(input);
  const read: (i: number) => number = dtype === 'int64' || dtype === 'uint64' ? (i) => Number(input[i]) : (i) => input[i] as number;
  for (let k = 0; k < axisCount; k++) {
    const at = axisStart(ndim, k);
    const axis = params[at + AxisParams.axis]!;
    const formulas = axisFormulas(shape[axis]!, edgeOrder, params[at + AxisParams.kind]!, params[at + AxisParams.step]!, arrays[2 * k], dtype === 'float32');
    const out = arrays[2 * k + 1]!;
    const outStrides = params.subarray(at + AxisParams.outStrides, at + AxisParams.outStrides + ndim);
    eachLane(shape, strides, outStrides, axis, offset, params[at + AxisParams.outOffset]!, (ox, oy) =>
      lane(shape[axis]!, read, strides[axis]!, ox, out, outStrides[axis]!, oy, edgeOrder, formulas),
    );
  }
}

const defer: (task: () => void) => void = typeof setImmediate === 'function' ? (task) => setImmediate(task) : (task) => setTimeout(task, 0);

/** The pure TypeScript backend. Its async variant computes on this thread, in a later task. */
export const jsBackend: Backend = {
  name: 'js',
  gradient(input, params, ...arrays) {
    run(input, params, arrays);
  },
  gradientAsync(input, params, ...arrays) {
    const copy = params.slice(0, params[0]); // the caller reuses params for its next call
    const views = [input, ...arrays].filter((a): a is NumericArray => a !== undefined);
    const lengths = views.map((view) => view.length);
    return new Promise((resolve, reject) => {
      defer(() => {
        if (views.some((view, i) => view.length < lengths[i]!)) {
          reject(new RangeError('ndgradient: an array was detached, transferred or shrunk while gradientAsync was pending; its results are lost'));
          return;
        }
        run(input, copy, arrays);
        resolve();
      });
    });
  },
};
