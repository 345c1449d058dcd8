/**
 * gradient(f, ...spacing, options?): numpy.gradient, bit for bit.
 *
 * Every argument is checked here, in numpy's order (f, axis, spacing, edge order, axis lengths),
 * before any output is allocated or written; the backend (the native addon, which re-checks the
 * bounds it relies on, or reference.ts) then does the arithmetic, with numpy's expressions:
 *   interior, step h:      (f[i+1] - f[i-1]) / (2.0 * h)
 *   interior, coordinates: (a*f[i-1] + b*f[i]) + c*f[i+1]
 *   edges:                 one-sided differences of order 1 or 2
 */

import type { Backend } from './backend';
import { allocate, resultDType, type FloatArray, type NumericArray } from './dtypes';
import { type GradientInput, toNDArray } from './input';
import { NDArray, cStrides, checkStillFits, checkedView } from './ndarray';
import { checkEdgeOrder, checkOptionNames, checkOut, checkThreads, isOptionsObject, normalizeAxes, type GradientOptions } from './options';
import { mayShareMemory } from './overlap';
import { parseSpacing, tooShortMessage, type AxisSpacing, type Spacing } from './spacing';

/** Spacing arguments, optionally followed by the options object. */
export type SpacingAndOptions = Spacing[] | [...Spacing[], GradientOptions];

/** A checked call, ready to run: what the sync and async entry points share. */
interface GradientPlan {
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

/** A fresh result array; a clear RangeError where the memory cannot be had. */
function allocateResult(dtype: 'float64' | 'float32', size: number): FloatArray {
  try {
    return allocate(dtype, size) as FloatArray;
  } catch (error) {
    const gib = (size * (dtype === 'float64' ? 8 : 4)) / 2 ** 30;
    throw new RangeError(`cannot allocate a result of ${size} ${dtype} elements (${gib.toFixed(1)} GiB): ${(error as Error).message}`);
  }
}

function splitArguments(args: readonly unknown[]): { spacing: readonly unknown[]; options: GradientOptions } {
  const last = args[args.length - 1];
  if (args.length > 0 && isOptionsObject(last)) return { spacing: args.slice(0, -1), options: last };
  return { spacing: args, options: {} };
}

/** Parses and checks a call; allocates (or adopts) the outputs. Throws before writing anything. */
function planGradient(f: unknown, args: readonly unknown[]): GradientPlan {
  const { spacing: spacingArgs, options } = splitArguments(args);
  checkOptionNames(options);
  const input = toNDArray(f);
  checkStillFits(input, 'f');
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
    const size = input.size;
    const strides = cStrides(input.shape);
    outputs = axes.map(() => new NDArray(allocateResult(dtype, size), input.shape, strides, 0, checkedView, dtype));
  } else {
    outputs = checkOut(options.out, axes.length, input.shape, dtype);
    outputs.forEach((out, i) => {
      const name = Array.isArray(options.out) ? `out[${i}]` : 'out';
      checkStillFits(out, name);
      if (mayShareMemory(out, input)) throw new RangeError(`${name} must not share memory with the input`);
      outputs.slice(0, i).forEach((other, j) => {
        if (mayShareMemory(out, other)) throw new RangeError(`${name} must not share memory with out[${j}]`);
      });
    });
  }
  return { input, axes, edgeOrder, spacing, outputs, fresh: options.out === undefined, threads, single: axes.length === 1 };
}

// The packed numbers of a call, reused from call to call (the binding copies what it reads before
// it returns). One per JS environment: each worker thread loads its own copy of this module.
let scratch = new Float64Array(512);

/** The binding's arguments for a checked plan (see Binding.gradient for the layout). */
function packPlan(plan: GradientPlan): { params: Float64Array; arrays: (FloatArray | undefined)[] } {
  const { input } = plan;
  const ndim = input.ndim;
  const count = 6 + 2 * ndim + plan.axes.length * (5 + ndim);
  if (scratch.length < count) scratch = new Float64Array(2 * count);
  const params = scratch;
  params[0] = count;
  params[1] = ndim;
  params[2] = input.offset;
  params[3] = plan.edgeOrder;
  params[4] = plan.threads;
  params[5] = plan.axes.length;
  for (let d = 0; d < ndim; d++) {
    params[6 + d] = input.shape[d]!;
    params[6 + ndim + d] = input.strides[d]!;
  }
  const arrays: (FloatArray | undefined)[] = [];
  let at = 6 + 2 * ndim;
  for (let k = 0; k < plan.axes.length; k++) {
    const spacing = plan.spacing[k]!;
    const out = plan.outputs[k]!;
    params[at] = plan.axes[k]!;
    if ('step' in spacing) {
      params[at + 1] = spacing.kind;
      params[at + 2] = spacing.step;
      arrays.push(undefined);
    } else {
      params[at + 1] = 3;
      params[at + 2] = 0;
      arrays.push(spacing.coordinates);
    }
    params[at + 3] = plan.fresh ? 1 : 0;
    params[at + 4] = out.offset;
    for (let d = 0; d < ndim; d++) params[at + 5 + d] = out.strides[d]!;
    at += 5 + ndim;
    arrays.push(out.data);
  }
  return { params, arrays };
}

/** gradient, with its overloads: one NDArray for one computed axis, an array otherwise. */
export interface GradientFunction {
  (f: NumericArray | readonly number[], ...args: SpacingAndOptions): NDArray<FloatArray>;
  (f: GradientInput, ...args: [...Spacing[], GradientOptions & { axis: number }]): NDArray<FloatArray>;
  (f: number | readonly (readonly unknown[])[], ...args: SpacingAndOptions): NDArray<FloatArray>[];
  (f: GradientInput, ...args: SpacingAndOptions): NDArray<FloatArray> | NDArray<FloatArray>[];
}

/** gradientAsync, with the same overloads as promises. */
export interface GradientAsyncFunction {
  (f: NumericArray | readonly number[], ...args: SpacingAndOptions): Promise<NDArray<FloatArray>>;
  (f: GradientInput, ...args: [...Spacing[], GradientOptions & { axis: number }]): Promise<NDArray<FloatArray>>;
  (f: number | readonly (readonly unknown[])[], ...args: SpacingAndOptions): Promise<NDArray<FloatArray>[]>;
  (f: GradientInput, ...args: SpacingAndOptions): Promise<NDArray<FloatArray> | NDArray<FloatArray>[]>;
}

/** The public functions over one backend. */
export function createGradient(backend: Backend): { gradient: GradientFunction; gradientAsync: GradientAsyncFunction } {
  /**
   * The gradient of `f` along one or more axes, as numpy.gradient computes it, bit for bit:
   * second-order central differences inside, one-sided differences of order `edgeOrder` at the
   * ends. Float32 input gives float32 results; every other input gives float64.
   */
  function gradient(f: GradientInput, ...args: unknown[]): NDArray<FloatArray> | NDArray<FloatArray>[] {
    const plan = planGradient(f, args);
    if (plan.axes.length > 0) {
      const { params, arrays } = packPlan(plan);
      if (arrays.length === 2) backend.gradient(plan.input.data, params, arrays[0], arrays[1]);
      else backend.gradient(plan.input.data, params, ...arrays);
    }
    return plan.single ? plan.outputs[0]! : plan.outputs;
  }

  /** gradient, computed off the JS thread where the backend can (the native one: the libuv pool). */
  async function gradientAsync(f: GradientInput, ...args: unknown[]): Promise<NDArray<FloatArray> | NDArray<FloatArray>[]> {
    const plan = planGradient(f, args);
    if (plan.axes.length > 0) {
      // The params buffer is reused by the next call: the backend copies it before returning.
      const { params, arrays } = packPlan(plan);
      await backend.gradientAsync(plan.input.data, params, ...arrays);
    }
    return plan.single ? plan.outputs[0]! : plan.outputs;
  }

  return { gradient: gradient as GradientFunction, gradientAsync: gradientAsync as GradientAsyncFunction };
}
