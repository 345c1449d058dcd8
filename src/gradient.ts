/**
 * gradient(f, ...spacing, options?): numpy.gradient, bit for bit.
 *
 * Every argument is checked here, in numpy's order (f, axis, spacing, edge order, axis lengths),
 * before any output is allocated or written; the native binding then re-checks the bounds it
 * relies on. The arithmetic lives in native/ and follows numpy's expressions:
 *   interior, step h:      (f[i+1] - f[i-1]) / (2.0 * h)
 *   interior, coordinates: (a*f[i-1] + b*f[i]) + c*f[i+1]
 *   edges:                 one-sided differences of order 1 or 2
 */

import { binding } from './binding';
import { allocate, resultDType, type FloatArray, type NumericArray } from './dtypes';
import { type GradientInput, toNDArray } from './input';
import { NDArray } from './ndarray';
import { checkEdgeOrder, checkOptionNames, checkOut, checkThreads, isOptionsObject, normalizeAxes, type GradientOptions } from './options';
import { mayShareMemory } from './overlap';
import { parseSpacing, tooShortMessage, type AxisSpacing, type Spacing } from './spacing';

/** Spacing arguments, optionally followed by the options object. */
export type SpacingAndOptions = Spacing[] | [...Spacing[], GradientOptions];

/** A checked call, ready to run: what the sync and async entry points share. */
export interface GradientPlan {
  input: NDArray;
  axes: number[];
  edgeOrder: 1 | 2;
  spacing: AxisSpacing[];
  outputs: NDArray<FloatArray>[];
  /** True when the outputs were allocated for this call (never written yet). */
  fresh: boolean;
  /** Threads for the call; 0 is automatic. */
  threads: number;
  /** numpy returns a bare array when exactly one axis is computed. */
  single: boolean;
}

function splitArguments(args: readonly unknown[]): { spacing: readonly unknown[]; options: GradientOptions } {
  const last = args[args.length - 1];
  if (args.length > 0 && isOptionsObject(last)) return { spacing: args.slice(0, -1), options: last };
  return { spacing: args, options: {} };
}

/** Parses and checks a call; allocates (or adopts) the outputs. Throws before writing anything. */
export function planGradient(f: unknown, args: readonly unknown[]): GradientPlan {
  const { spacing: spacingArgs, options } = splitArguments(args);
  checkOptionNames(options);
  const input = toNDArray(f);
  const axes = normalizeAxes(options.axis, input.ndim);
  const spacing = parseSpacing(spacingArgs, input.shape, axes);
  const edgeOrder = checkEdgeOrder(options.edgeOrder);
  const threads = checkThreads(options.threads);
  for (const axis of axes) {
    const length = input.shape[axis]!;
    if (length < edgeOrder + 1) {
      throw new RangeError(`${tooShortMessage} (axis ${axis} has length ${length}, edgeOrder is ${edgeOrder})`);
    }
  }
  const dtype = resultDType(input.dtype);
  let outputs: NDArray<FloatArray>[];
  if (options.out === undefined) {
    outputs = axes.map(() => new NDArray(allocate(dtype, input.size) as FloatArray, input.shape));
  } else {
    outputs = checkOut(options.out, axes.length, input.shape, dtype);
    outputs.forEach((out, i) => {
      const name = Array.isArray(options.out) ? `out[${i}]` : 'out';
      if (mayShareMemory(out, input)) throw new RangeError(`${name} must not share memory with the input`);
      outputs.slice(0, i).forEach((other, j) => {
        if (mayShareMemory(out, other)) throw new RangeError(`${name} must not share memory with out[${j}]`);
      });
    });
  }
  return { input, axes, edgeOrder, spacing, outputs, fresh: options.out === undefined, threads, single: axes.length === 1 };
}

/** The binding's arguments for a checked plan (see Binding.gradient for the layout). */
export function packPlan(plan: GradientPlan): { params: Float64Array; arrays: (FloatArray | undefined)[] } {
  const { input } = plan;
  const ndim = input.ndim;
  const params = new Float64Array(5 + 2 * ndim + plan.axes.length * (5 + ndim));
  params.set([ndim, input.offset, plan.edgeOrder, plan.threads, plan.axes.length]);
  params.set(input.shape, 5);
  params.set(input.strides, 5 + ndim);
  const arrays: (FloatArray | undefined)[] = [];
  let at = 5 + 2 * ndim;
  plan.axes.forEach((axis, k) => {
    const spacing = plan.spacing[k]!;
    const out = plan.outputs[k]!;
    if ('step' in spacing) {
      params.set([axis, spacing.kind, spacing.step], at);
      arrays.push(undefined);
    } else {
      params.set([axis, 3, 0], at);
      arrays.push(spacing.coordinates);
    }
    params.set([plan.fresh ? 1 : 0, out.offset], at + 3);
    params.set(out.strides, at + 5);
    at += 5 + ndim;
    arrays.push(out.data);
  });
  return { params, arrays };
}

/** Runs a checked plan on this thread (and the addon's threads, for large arrays). */
export function runPlan(plan: GradientPlan): void {
  if (plan.axes.length === 0) return;
  const { params, arrays } = packPlan(plan);
  binding.gradient(plan.input.data, params, arrays);
}

/**
 * The gradient of `f` along one or more axes, as numpy.gradient computes it, bit for bit:
 * second-order central differences inside, one-sided differences of order `edgeOrder` at the
 * ends. Float32 input gives float32 results; every other input gives float64.
 *
 * @param f a number (0-d), nested number arrays, a TypedArray (read in place), an NDArray or an
 *   ndarray-like `{ data, shape, strides | stride, offset }`
 * @param args spacing — none (1), one number for every axis, or one per computed axis, each a
 *   number or coordinates (number[], TypedArray, 1-d NDArray) — then optionally
 *   `{ axis, edgeOrder, out }`
 * @returns one NDArray when one axis is computed, else an array with one NDArray per axis
 *
 * @example
 * gradient([1, 2, 4, 7, 11]).toArray();                  // [1, 1.5, 2.5, 3.5, 4]
 * const [d0, d1] = gradient([[1, 2, 4], [7, 11, 16]]);   // d/d(axis 0), d/d(axis 1)
 * gradient([1, 2, 4, 7, 11], [0, 1, 1.5, 3.5, 4]);       // coordinates
 * gradient(f, 0.5, 2.0, { edgeOrder: 2 });               // a step per axis
 * gradient(f, { axis: -1 });                             // the last axis only
 */
export function gradient(f: NumericArray | readonly number[], ...args: SpacingAndOptions): NDArray<FloatArray>;
export function gradient(f: GradientInput, ...args: [...Spacing[], GradientOptions & { axis: number }]): NDArray<FloatArray>;
export function gradient(f: number | readonly (readonly unknown[])[], ...args: SpacingAndOptions): NDArray<FloatArray>[];
export function gradient(f: GradientInput, ...args: SpacingAndOptions): NDArray<FloatArray> | NDArray<FloatArray>[];
export function gradient(f: GradientInput, ...args: unknown[]): NDArray<FloatArray> | NDArray<FloatArray>[] {
  const plan = planGradient(f, args);
  runPlan(plan);
  return plan.single ? plan.outputs[0]! : plan.outputs;
}
