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

import { Flag } from './abort';
import type { Backend } from './backend';
import { dtypeOf, type FloatArray, type NumericArray } from './dtypes';
import { halfBits, halfValue, roundHalf } from './half';
import { complexArithmetic, realArithmetic, type Arithmetic, type ComplexValue } from './arithmetic';
import { AxisParams, BoundaryRule, ElementKind, Header, SpacingKind, axisStart, layoutVersion, shapeStart, stridesStart } from './layout';
import { detectedStep, extendedCoordinate, ghostSample } from './boundary';
import { eachLane } from './strided';
import { centralWeights, fornbergWeights, uniformWeights, type Round } from './weights';

const exact: Round = (value) => value;
const float32: Round = Math.fround;

/** numpy's float precisions, lowest first: where two meet, the higher one computes (NEP 50). */
enum Precision {
  half = 0,
  single = 1,
  double = 2,
}
const rounding: readonly Round[] = [roundHalf, float32, exact];

/**
 * Which positions of an axis a call writes, from which samples (native/walk.h AxisGeometry): a
 * whole call writes [0, n) from samples [0, n); a chunk (chunks.ts) writes [first, last) from
 * the samples [origin, origin + samples), a periodic chunk's wrapped ones held in place.
 */
interface AxisWindow {
  origin: number;
  samples: number;
  first: number;
  last: number;
}

/** One axis: its stencil (native/stencil.h), with values rounded to the precisions they take. */
interface AxisStencil extends AxisWindow {
  n: number;
  m: number; // half-width: accuracy / 2
  accuracy: number;
  edgeOrder: number;
  scalarEnds: boolean; // a 1-d input: numpy's ends there are scalars (arithmetic.ts scaleScalar)
  left: End;
  right: End;
  value: Round; // the data's precision (float32 for float32 data)
  arithmetic: Round; // where data meets coefficients: float32 only when both are float32
  uniform: boolean;
  twoH: number; // accuracy 2, uniform
  h: number; // above, uniform: the divisor of each sum
  central: number[]; // above, uniform: c_1..c_m in the data's precision
  leftRows: number[][]; // above, uniform: the off-centre rows at 'numpy' ends, by distance from the end
  rightRows: number[][];
  edgesLeft: number[]; // accuracy 2: numpy's edge coefficients (edge order 1: the divisor)
  edgesRight: number[];
  weights: number[][]; // coordinates: each written position's weights (from windowStart), from `first`
}

interface End {
  rule: BoundaryRule;
  constant: number; // in the data's precision
}

/** Where the weighted window of position i starts (native/stencil.h windowStart). */
function windowStart(s: AxisStencil, i: number): number {
  if (s.accuracy > 2 && i < s.m && s.left.rule === BoundaryRule.numpy) return 0;
  if (s.accuracy > 2 && i >= s.n - s.m && s.right.rule === BoundaryRule.numpy) return s.n - (2 * s.m + 1);
  return i - s.m;
}

/** numpy's interior coefficients over three coordinates, in the coordinates' precision. */
function numpyInterior(x0: number, x1: number, x2: number, c: Round): number[] {
  const dx1 = c(x1 - x0);
  const dx2 = c(x2 - x1);
  return [c(-dx2 / c(dx1 * c(dx1 + dx2))), c(c(dx2 - dx1) / c(dx1 * dx2)), c(dx1 / c(dx2 * c(dx1 + dx2)))];
}

function axisStencil(
  n: number,
  window: AxisWindow,
  params: Float64Array,
  at: number,
  header: { edgeOrder: number; accuracy: number; scalarEnds: boolean },
  coordinates: FloatArray | undefined,
  data: Precision,
  chunked: boolean,
): AxisStencil {
  const kind = params[at + AxisParams.kind]!;
  const value = rounding[data]!;
  // The coefficients' precision: a float32 or float16 coordinate array, a strong float32 or
  // float16 scalar, or a weak JS number meeting float32 or float16 data (computed in float64,
  // then rounded).
  const coefficient =
    kind === SpacingKind.coordinates
      ? dtypeOf(coordinates) === 'float32'
        ? Precision.single
        : Precision.double
      : kind === SpacingKind.float16Coordinates || kind === SpacingKind.float16
        ? Precision.half
        : kind === SpacingKind.weak
          ? data
          : kind === SpacingKind.float32
            ? Precision.single
            : Precision.double;
  const c = rounding[coefficient]!;
  const arithmetic = rounding[Math.max(data, coefficient)]!;
  const end = (rule: number, constant: number): End => ({ rule, constant: value(constant) });
  const { edgeOrder, accuracy, scalarEnds } = header;
  const m = accuracy / 2;
  const K = 2 * m + 1;
  const s: AxisStencil = {
    n,
    ...window,
    m,
    accuracy,
    edgeOrder,
    scalarEnds,
    value,
    arithmetic,
    uniform: true,
    twoH: 0,
    h: 0,
    central: [],
    leftRows: [],
    rightRows: [],
    edgesLeft: [],
    edgesRight: [],
    weights: [],
    left: end(params[at + AxisParams.leftRule]!, params[at + AxisParams.leftConstant]!),
    right: end(params[at + AxisParams.rightRule]!, params[at + AxisParams.rightConstant]!),
  };
  let h = params[at + AxisParams.step]!;
  if (kind === SpacingKind.coordinates || kind === SpacingKind.float16Coordinates) {
    const coordinate = coordinates!;
    const period = c(params[at + AxisParams.period]!);
    const bits = kind === SpacingKind.float16Coordinates;
    const x = (j: number): number => (bits ? halfValue(coordinate[j - window.origin]!) : coordinate[j - window.origin]!); // the window's
    const holds = (j: number): boolean => j >= window.origin && j < window.origin + window.samples;
    // The coordinates as the oracle extends them (xp), in their precision.
    const xp = (j: number): number => extendedCoordinate(x, n, s, period, c, holds, j);
    // numpy's uniform detection on np.diff(xp); a chunked axis's was made over the whole axis.
    const step = chunked ? undefined : detectedStep(xp, n, s, m, c);
    s.uniform = step !== undefined;
    if (step !== undefined) h = step;
    if (!s.uniform) {
      for (let i = window.first; i < window.last; i++) {
        const start = windowStart(s, i);
        const nodes = Array.from({ length: K }, (_, k) => xp(start + k));
        s.weights.push(accuracy === 2 ? numpyInterior(nodes[0]!, nodes[1]!, nodes[2]!, c) : fornbergWeights(nodes, x(i), c));
      }
      // numpy's edge coefficients, where the call writes a 'numpy' end (a chunk may hold neither).
      const left = window.first === 0 && s.left.rule === BoundaryRule.numpy;
      const right = window.last === n && s.right.rule === BoundaryRule.numpy;
      if (accuracy === 2 && edgeOrder === 1) {
        if (left) s.edgesLeft = [c(x(1) - x(0))];
        if (right) s.edgesRight = [c(x(n - 1) - x(n - 2))];
      } else if (accuracy === 2) {
        if (left) {
          const dx1 = c(x(1) - x(0));
          const dx2 = c(x(2) - x(1));
          s.edgesLeft = [c(-c(c(2 * dx1) + dx2) / c(dx1 * c(dx1 + dx2))), c(c(dx1 + dx2) / c(dx1 * dx2)), c(-dx1 / c(dx2 * c(dx1 + dx2)))];
        }
        if (right) {
          const dx1 = c(x(n - 2) - x(n - 3));
          const dx2 = c(x(n - 1) - x(n - 2));
          s.edgesRight = [c(dx2 / c(dx1 * c(dx1 + dx2))), c(-c(dx2 + dx1) / c(dx1 * dx2)), c(c(c(2 * dx2) + dx1) / c(dx2 * c(dx1 + dx2)))];
        }
      }
      return s;
    }
  }
  if (accuracy === 2) {
    s.twoH = c(2 * h);
    s.edgesLeft = edgeOrder === 1 ? [c(h)] : [c(-1.5 / h), c(2 / h), c(-0.5 / h)];
    s.edgesRight = edgeOrder === 1 ? [c(h)] : [c(0.5 / h), c(-2 / h), c(1.5 / h)];
  } else {
    s.h = c(h);
    s.central = centralWeights(m).map(value);
    for (let r = 0; r < m; r++) {
      s.leftRows.push(uniformWeights(K, r).map(value));
      s.rightRows.push(uniformWeights(K, K - 1 - r).map(value));
    }
  }
  return s;
}

/**
 * One lane: n points of the input from offsetX in steps of strideX, written to the output from
 * offsetY in steps of strideY (the stdlib strided signature), with the operations of the data's
 * values (arithmetic.ts: real, or numpy's complex).
 */
function lane<V>(
  ops: Arithmetic<V>,
  read: (i: number) => V,
  strideX: number,
  offsetX: number,
  write: (i: number, value: V) => void,
  strideY: number,
  offsetY: number,
  s: AxisStencil,
): void {
  const { n, m, value: v, arithmetic: r } = s;
  const { subtract, add, scale, divide } = ops;
  const leftConstant = ops.constant(s.left.constant);
  const rightConstant = ops.constant(s.right.constant);
  // A sample by virtual index, read where the input holds it; beyond an end, by the boundary rule.
  const f = (j: number): V => {
    if (j < s.origin || j >= s.origin + s.samples) {
      const left = j < 0;
      const end = left ? s.left : s.right;
      if (end.rule === BoundaryRule.constant) return left ? leftConstant : rightConstant;
      j = ghostSample(end.rule, left, n, left ? -j : j - (n - 1));
    }
    return read(offsetX + (j - s.origin) * strideX);
  };
  // Σ w_k·f[start+k] left to right, in `sum`'s precision.
  const weighted = (w: readonly number[], start: number, sum: Round, times = scale): V => {
    let total = times(w[0]!, f(start), sum);
    for (let k = 1; k < w.length; k++) total = add(total, times(w[k]!, f(start + k), sum), sum);
    return total;
  };
  const weights = (i: number): number[] => s.weights[i - s.first]!;
  for (let i = s.first; i < s.last; i++) {
    const atLeft = i < m;
    const atRight = i >= n - m;
    let result: V;
    if ((atLeft && s.left.rule === BoundaryRule.numpy) || (atRight && s.right.rule === BoundaryRule.numpy)) {
      if (s.accuracy === 2 && s.edgeOrder === 1) {
        result = atLeft ? divide(subtract(f(1), f(0), v), s.edgesLeft[0]!, r) : divide(subtract(f(n - 1), f(n - 2), v), s.edgesRight[0]!, r);
      } else if (s.accuracy === 2) {
        result = weighted(atLeft ? s.edgesLeft : s.edgesRight, atLeft ? 0 : n - 3, r, s.scalarEnds ? ops.scaleScalar : scale);
      } else if (s.uniform) {
        result = divide(weighted(atLeft ? s.leftRows[i]! : s.rightRows[n - 1 - i]!, windowStart(s, i), v), s.h, r);
      } else {
        result = weighted(weights(i), windowStart(s, i), r);
      }
    } else if (s.uniform && s.accuracy === 2) {
      result = divide(subtract(f(i + 1), f(i - 1), v), s.twoH, r);
    } else if (s.uniform) {
      let sum = scale(s.central[0]!, subtract(f(i + 1), f(i - 1), v), v);
      for (let k = 1; k < m; k++) sum = add(sum, scale(s.central[k]!, subtract(f(i + 1 + k), f(i - 1 - k), v), v), v);
      result = divide(sum, s.h, r);
    } else {
      result = weighted(weights(i), i - m, r);
    }
    write(offsetY + (i - s.first) * strideY, result);
  }
}

/** Runs one packed call (layout.ts). The API layer has checked every argument. */
function run(input: NumericArray, params: Float64Array, arrays: readonly (FloatArray | undefined)[]): void {
  if (params[Header.version] !== layoutVersion) {
    throw new RangeError(`ndgradient: params use layout version ${params[Header.version]}; this backend reads version ${layoutVersion}`);
  }
  const ndim = params[Header.ndim]!;
  const offset = params[Header.offset]!;
  const header = { edgeOrder: params[Header.edgeOrder]!, accuracy: params[Header.accuracy]!, scalarEnds: ndim === 1 };
  const axisCount = params[Header.axisCount]!;
  const shape = params.subarray(shapeStart, shapeStart + ndim);
  const strides = params.subarray(stridesStart(ndim), stridesStart(ndim) + ndim);
  if (shape.some((n) => n === 0)) return;
  const complex = params[Header.elementKind] === ElementKind.complex;
  const half = params[Header.elementKind] === ElementKind.float16; // float16 bits in a Uint16Array
  const dtype = dtypeOf(input);
  // A chunk (chunks.ts): positions [first, last) of its axis; another axis is computed over the
  // input's part at those positions.
  const chunkAxis = params[Header.chunkAxis]!;
  const origin = params[Header.chunkOrigin]!;
  const first = params[Header.chunkFirst]!;
  const last = params[Header.chunkLast]!;
  const written = Array.from(shape);
  if (chunkAxis >= 0) written[chunkAxis] = last - first;
  for (let k = 0; k < axisCount; k++) {
    const at = axisStart(ndim, k);
    const axis = params[at + AxisParams.axis]!;
    const chunked = axis === chunkAxis;
    const n = chunked ? params[Header.chunkLength]! : written[axis]!;
    const window = chunked ? { origin, samples: shape[axis]!, first, last } : { origin: 0, samples: n, first: 0, last: n };
    const precision = half ? Precision.half : dtype === 'float32' ? Precision.single : Precision.double;
    const stencil = axisStencil(n, window, params, at, header, arrays[2 * k], precision, chunked);
    const out = arrays[2 * k + 1]!;
    const outStrides = params.subarray(at + AxisParams.outStrides, at + AxisParams.outStrides + ndim);
    const inputOffset = chunkAxis >= 0 && !chunked ? offset + (first - origin) * strides[chunkAxis]! : offset;
    const each = (run: (ox: number, oy: number) => void): void =>
      eachLane(written, strides, outStrides, axis, inputOffset, params[at + AxisParams.outOffset]!, run);
    if (complex) {
      // (re, im) pairs: element i is values 2i and 2i + 1.
      const read = (i: number): ComplexValue => ({ re: input[2 * i] as number, im: input[2 * i + 1] as number });
      const write = (i: number, value: ComplexValue): void => {
        out[2 * i] = value.re;
        out[2 * i + 1] = value.im;
      };
      each((ox, oy) => lane(complexArithmetic, read, strides[axis]!, ox, write, outStrides[axis]!, oy, stencil));
    } else {
      const read: (i: number) => number = half
        ? (i) => halfValue(input[i] as number)
        : dtype === 'int64' || dtype === 'uint64'
          ? (i) => Number(input[i])
          : (i) => input[i] as number;
      const write = (i: number, value: number): void => {
        out[i] = half ? halfBits(value) : value;
      };
      each((ox, oy) => lane(realArithmetic, read, strides[axis]!, ox, write, outStrides[axis]!, oy, stencil));
    }
  }
}

const defer: (task: () => void) => void = typeof setImmediate === 'function' ? (task) => setImmediate(task) : (task) => setTimeout(task, 0);

/** The pure TypeScript backend. Its async variant computes on this thread, in a later task. */
export const jsBackend: Backend = {
  name: 'js',
  gradient(input, params, ...arrays) {
    run(input, params, arrays);
  },
  gradientAsync(input, params, ...given) {
    const copy = params.slice(0, params[0]); // the caller reuses params for its next call
    // Two arrays per axis: an odd count ends with the cancellation flag (backend.ts).
    const flag = given.length % 2 === 1 ? (given[given.length - 1] as Int32Array) : undefined;
    const arrays = (flag === undefined ? given : given.slice(0, -1)) as (FloatArray | undefined)[];
    const views = [input, ...arrays].filter((a): a is NumericArray => a !== undefined);
    const lengths = views.map((view) => view.length);
    return new Promise((resolve, reject) => {
      defer(() => {
        if (flag !== undefined && Atomics.compareExchange(flag, 0, Flag.queued, Flag.started) !== Flag.queued) {
          reject(new Error('ndgradient: gradientAsync was cancelled before it started; nothing was written'));
          return;
        }
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
