// Above accuracy 2 numpy has no answer, so besides the reference (stencils.test.ts) the orders are
// checked for what they claim (README: Boundaries and accuracy): polynomials of degree <= accuracy are
// differentiated exactly up to rounding, and on smooth functions the error falls as h^accuracy.
import { describe, expect, it } from 'vitest';

import { gradient, type NDArray } from '../src/index';
import { createGradient } from '../src/gradient';
import { jsBackend } from '../src/reference';

const js = createGradient(jsBackend).gradient as unknown as typeof gradient;
const accuracies = [2, 4, 6, 8] as const;

/** The options of an order: numpy's second-order ends at accuracy 2 (its first-order ones would set the order). */
const orderOf = (accuracy: (typeof accuracies)[number]) => (accuracy === 2 ? { accuracy, edgeOrder: 2 as const } : { accuracy });

/** A polynomial with fixed pseudo-random coefficients of the given degree, and its derivative. */
function polynomial(degree: number): { f: (x: number) => number; df: (x: number) => number } {
  const c = Array.from({ length: degree + 1 }, (_, k) => Math.sin(7 * k + 1));
  return {
    f: (x) => c.reduce((sum, ck, k) => sum + ck * x ** k, 0),
    df: (x) => c.reduce((sum, ck, k) => (k === 0 ? sum : sum + k * ck * x ** (k - 1)), 0),
  };
}

/** Uniform x on [0, 1], or a smooth non-uniform map of it. */
function grid(n: number, uniform: boolean): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (uniform ? i / (n - 1) : i / (n - 1) + 0.08 * Math.sin((3 * i) / (n - 1))));
}

function maxError(result: NDArray, x: Float64Array, df: (x: number) => number): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs((result.data[i] as number) - df(x[i]!)));
  return worst;
}

describe.each([
  ['native', gradient],
  ['js', js],
])('accuracy orders (%s backend)', (_name, run) => {
  it.each(accuracies)('accuracy %i: exact on polynomials of degree <= accuracy, not above', (accuracy) => {
    for (const uniform of [true, false]) {
      const x = grid(accuracy + 12, uniform);
      const spacing = uniform ? x[1]! - x[0]! : x;
      for (let degree = 0; degree <= accuracy + 1; degree++) {
        const { f, df } = polynomial(degree);
        const error = maxError(run(Float64Array.from(x, f), spacing, orderOf(accuracy)) as NDArray, x, df);
        if (degree <= accuracy) expect(error, `degree ${degree}, uniform ${uniform}`).toBeLessThan(1e-8);
        else expect(error, `degree ${degree} is beyond the order`).toBeGreaterThan(1e-6);
      }
    }
  });

  it.each(accuracies)('accuracy %i: the measured order of convergence is accuracy ± 0.3', (accuracy) => {
    const orders: string[] = [];
    const wave = (x: number): number => Math.sin(3 * x) + Math.cos(2 * x);
    const dwave = (x: number): number => 3 * Math.cos(3 * x) - 2 * Math.sin(2 * x);
    for (const uniform of [true, false]) {
      const errors = [24, 48].map((n) => {
        const x = grid(n, uniform);
        return maxError(run(Float64Array.from(x, wave), uniform ? x[1]! - x[0]! : x, orderOf(accuracy)) as NDArray, x, dwave);
      });
      const order = Math.log2(errors[0]! / errors[1]!);
      orders.push(`${uniform ? 'uniform' : 'coordinates'} ${order.toFixed(2)}`);
      expect(Math.abs(order - accuracy), `order ${order} (errors ${errors})`).toBeLessThan(0.3);
    }
    // A periodic function on a periodic axis, with and without coordinates: no ends at all.
    const periodic = (n: number, coordinates: boolean): number => {
      const x = Float64Array.from({ length: n }, (_, i) => i / n);
      const f = Float64Array.from(x, (t) => Math.sin(2 * Math.PI * t));
      const df = (t: number): number => 2 * Math.PI * Math.cos(2 * Math.PI * t);
      const spacing = coordinates ? x.map((t, i) => t + 0.002 * Math.sin(2 * Math.PI * (i / n))) : 1 / n;
      const result = run(f, spacing, { accuracy, boundary: 'periodic', period: 1 }) as NDArray;
      return coordinates ? maxError(result, spacing as Float64Array, (t) => df(t)) : maxError(result, x, df);
    };
    const order = Math.log2(periodic(16, false) / periodic(32, false));
    orders.push(`periodic ${order.toFixed(2)}`);
    expect(Math.abs(order - accuracy), `periodic order ${order}`).toBeLessThan(0.3);
    console.log(`convergence, accuracy ${accuracy}: ${orders.join(', ')}`);
  });
});
