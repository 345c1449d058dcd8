/**
 * The four operations the gradient's formulas take, for the TypeScript backend: on real values
 * (JS numbers), and on complex values as numpy computes them (native/complex.h). Each takes the
 * precision its result is rounded to (weights.ts Round), so float32 and complex64 arithmetic are
 * emulated one operation at a time.
 *
 * Coefficients and divisors are real. numpy promotes them to complex (a zero imaginary part) and
 * uses its complex operators: a product is fma(w, ar, -(0·ai)) + fma(w, ai, 0·ar)i, each part one
 * fused multiply-add as numpy's SIMD loops compute it (which keeps numpy's NaN for 0·Inf and its
 * signed zeros); a quotient is Smith's scaled division. Where numpy indexes a 1-d array's ends
 * with integers, its scalar arithmetic computes them: the same product unfused (scaleScalar).
 */

import type { Round } from './weights';

/** A value's operations; V is number (real data) or ComplexValue. */
export interface Arithmetic<V> {
  /** a - b */
  subtract(a: V, b: V, round: Round): V;
  /** a + b */
  add(a: V, b: V, round: Round): V;
  /** w * a, for a real coefficient w */
  scale(w: number, a: V, round: Round): V;
  /** w * a as numpy's scalar arithmetic computes it: at a 1-d array's ends, which numpy indexes with integers */
  scaleScalar(w: number, a: V, round: Round): V;
  /** a / d, for a real divisor d */
  divide(a: V, d: number, round: Round): V;
  /** A real constant as a value (a boundary constant). */
  constant(value: number): V;
}

/** numpy's complex value: its parts. */
export interface ComplexValue {
  re: number;
  im: number;
}

export const realArithmetic: Arithmetic<number> = {
  subtract: (a, b, round) => round(a - b),
  add: (a, b, round) => round(a + b),
  scale: (w, a, round) => round(w * a),
  scaleScalar: (w, a, round) => round(w * a),
  divide: (a, d, round) => round(a / d),
  constant: (value) => value,
};

/**
 * a / (d + 0i), numpy's divide loop: with |br| >= |bi| (d not NaN), rat = bi/br and
 * scl = 1/(br + bi*rat), then ((ar + ai*rat)*scl, (ai - ar*rat)*scl); a zero divisor gives
 * (ar/|br|, ai/|br|); NaN takes the other branch (rat = br/bi).
 */
function divideComplex(a: ComplexValue, d: number, round: Round): ComplexValue {
  const br = d;
  const bi = 0;
  const absR = Math.abs(br);
  if (absR >= Math.abs(bi)) {
    if (absR === 0) return { re: round(a.re / absR), im: round(a.im / absR) };
    const rat = round(bi / br);
    const scl = round(1 / round(br + round(bi * rat)));
    return { re: round(round(a.re + round(a.im * rat)) * scl), im: round(round(a.im - round(a.re * rat)) * scl) };
  }
  const rat = round(br / bi);
  const scl = round(1 / round(bi + round(br * rat)));
  return { re: round(round(round(a.re * rat) + a.im) * scl), im: round(round(round(a.im * rat) - a.re) * scl) };
}

/**
 * x*y + z rounded once, for an addend that is a zero or a NaN (0 times a part): the exact product
 * plus a zero is the product rounded once, whose sign survives where it underflows to zero (a
 * separate addition would apply the sign rule of a sum of zeros). native/complex.h fusedMultiplyAdd.
 */
function fusedMultiplyAddZero(x: number, y: number, z: number, round: Round): number {
  const product = round(x * y);
  if (product === 0 && x !== 0 && y !== 0 && !Number.isNaN(z)) return product;
  return round(product + z);
}

export const complexArithmetic: Arithmetic<ComplexValue> = {
  subtract: (a, b, round) => ({ re: round(a.re - b.re), im: round(a.im - b.im) }),
  add: (a, b, round) => ({ re: round(a.re + b.re), im: round(a.im + b.im) }),
  // (w + 0i)(ar + ai i) = fma(w, ar, -(0·ai)) + fma(w, ai, 0·ar)i
  scale: (w, a, round) => ({ re: fusedMultiplyAddZero(w, a.re, -round(0 * a.im), round), im: fusedMultiplyAddZero(w, a.im, round(0 * a.re), round) }),
  // numpy's scalar multiply, unfused: (w·ar - 0·ai) + (w·ai + 0·ar)i, each product rounded
  scaleScalar: (w, a, round) => ({ re: round(round(w * a.re) - round(0 * a.im)), im: round(round(w * a.im) + round(0 * a.re)) }),
  divide: divideComplex,
  constant: (value) => ({ re: value, im: 0 }),
};
