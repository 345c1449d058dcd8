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
import { resultDType, type FloatArray, type NumericArray } from './dtypes';
import { type GradientInput, toNDArray } from './input';
import { NDArray, cStrides, checkStillFits, checkedView } from './ndarray';
import { checkEdgeOrder, checkOptionNames, checkOut, checkThreads, isOptionsObject, normalizeAxes, type GradientOptions } from './options';
import { mayShareMemory } from './overlap';
import { zeroedResult, type AllocateResult } from './results';
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
function allocateResult(allocate: AllocateResult, dtype: 'float64' | 'float32', size: number): FloatArray {
  try {
    return allocate(dtype, size);
  } catch (error) {
    const gib = (size * (dtype === 'float64' ? 8 : 4)) / 2 ** 30;
    throw new RangeError(`cannot allocate a result of ${size} ${dtype} elements (${gib.toFixed(1)} GiB): ${(error as Error).message}`);
  }
}

const noOptions: GradientOptions = Object.freeze({});

/** Parses and checks a call; allocates (or adopts) the outputs. Throws before writing anything. */
function planGradient(f: unknown, args: readonly unknown[], allocate: AllocateResult): GradientPlan {
  // The options object, when the last argument is one; the spacing arguments come before it.
  const hasOptions = args.length > 0 && isOptionsObject(args[args.length - 1]);
  const options = hasOptions ? (args[args.length - 1] as GradientOptions) : noOptions;
  if (hasOptions) checkOptionNames(options);
  const input = toNDArray(f);
  // A view made here from f's current memory fits it; one made earlier may not any more.
  if (input === f) checkStillFits(input, 'f');
  const axes = normalizeAxes(options.axis, input.ndim);
  const spacing = parseSpacing(args, hasOptions ? args.length - 1 : args.length, input.shape, axes);
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
    // Loops, not map(): a closure made per call costs V8 a lazy-compile trampoline on every call.
    outputs = new Array<NDArray<FloatArray>>(axes.length);
    for (let k = 0; k < axes.length; k++) {
      outputs[k] = new NDArray(allocateResult(allocate, dtype, size), input.shape, strides, 0, checkedView, dtype);
    }
  } else {
    outputs = checkOut(options.out, axes.length, input.shape, dtype);
    const several = Array.isArray(options.out);
    for (let i = 0; i < outputs.length; i++) {
      const out = outputs[i]!;
      const name = several ? `out[${i}]` : 'out';
      checkStillFits(out, name);
      if (mayShareMemory(out, input)) throw new RangeError(`${name} must not share memory with the input`);
      for (let j = 0; j < i; j++) {
        if (mayShareMemory(out, outputs[j]!)) throw new RangeError(`${name} must not share memory with out[${j}]`);
      }
    }
  }
  return { input, axes, edgeOrder, spacing, outputs, fresh: options.out === undefined, threads, single: axes.length === 1 };
}

// The packed numbers of a call, reused from call to call (the binding copies what it reads before
// it returns). One per JS environment: each worker thread loads its own copy of this module.
let scratch = new Float64Array(512);

/** The binding's packed numbers for a checked plan (see Backend.gradient for the layout). */
function packParams(plan: GradientPlan): Float64Array {
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
  let at = 6 + 2 * ndim;
  for (let k = 0; k < plan.axes.length; k++) {
    const spacing = plan.spacing[k]!;
    const out = plan.outputs[k]!;
    params[at] = plan.axes[k]!;
    if ('step' in spacing) {
      params[at + 1] = spacing.kind;
      params[at + 2] = spacing.step;
    } else {
      params[at + 1] = 3;
      params[at + 2] = 0;
    }
    params[at + 3] = plan.fresh ? 1 : 0;
    params[at + 4] = out.offset;
    for (let d = 0; d < ndim; d++) params[at + 5 + d] = out.strides[d]!;
    at += 5 + ndim;
  }
  return params;
}

/** An axis's coordinates for the binding, or undefined for a scalar step. */
function coordinatesOf(spacing: AxisSpacing): FloatArray | undefined {
  return 'coordinates' in spacing ? spacing.coordinates : undefined;
}

/** The binding's array arguments for a plan: per axis, the coordinates (or undefined) and the output. */
function packArrays(plan: GradientPlan): (FloatArray | undefined)[] {
  const arrays: (FloatArray | undefined)[] = [];
  for (let k = 0; k < plan.axes.length; k++) arrays.push(coordinatesOf(plan.spacing[k]!), plan.outputs[k]!.data);
  return arrays;
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

/**
 * The public functions over one backend, with fresh results from `allocate` (whose memory the
 * backend overwrites entirely).
 */
export function createGradient(backend: Backend, allocate: AllocateResult = zeroedResult): { gradient: GradientFunction; gradientAsync: GradientAsyncFunction } {
  /**
   * The gradient of `f` along one or more axes, as numpy.gradient computes it, bit for bit:
   * second-order central differences inside, one-sided differences of order `edgeOrder` at the
   * ends. Float32 input gives float32 results; every other input gives float64.
   */
  function gradient(f: GradientInput, ...args: unknown[]): NDArray<FloatArray> | NDArray<FloatArray>[] {
    const plan = planGradient(f, args, allocate);
    if (plan.single) {
      backend.gradient(plan.input.data, packParams(plan), coordinatesOf(plan.spacing[0]!), plan.outputs[0]!.data);
    } else if (plan.axes.length > 0) {
      backend.gradient(plan.input.data, packParams(plan), ...packArrays(plan));
    }
    return plan.single ? plan.outputs[0]! : plan.outputs;
  }

  /** gradient, computed off the JS thread where the backend can (the native one: the libuv pool). */
  async function gradientAsync(f: GradientInput, ...args: unknown[]): Promise<NDArray<FloatArray> | NDArray<FloatArray>[]> {
    const plan = planGradient(f, args, allocate);
    if (plan.axes.length > 0) {
      // The params buffer is reused by the next call: the backend copies it before returning.
      await backend.gradientAsync(plan.input.data, packParams(plan), ...packArrays(plan));
    }
    return plan.single ? plan.outputs[0]! : plan.outputs;
  }

  return { gradient: gradient as GradientFunction, gradientAsync: gradientAsync as GradientAsyncFunction };
}
