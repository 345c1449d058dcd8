/** The interface between the API layer (gradient.ts) and what does the arithmetic. */

import type { FloatArray, NumericArray } from './dtypes';

/**
 * What computes a checked call: the native addon (native/addon.cc, which re-checks every bound)
 * or the pure TypeScript implementation (reference.ts). Both take the same packed arguments.
 */
export interface Backend {
  /** 'native' (the N-API addon) or 'js' (pure TypeScript). */
  readonly name: 'native' | 'js';
  /** The native kernel set in use (the addon only): 'avx2', or 'baseline' (no AVX2, or NDGRADIENT_KERNELS=baseline). */
  readonly kernels?: 'avx2' | 'baseline';
  /**
   * Writes the gradient of each requested axis into its output.
   * @param input the array's TypedArray
   * @param params packed numbers, laid out as layout.ts says (only the first `count` are read)
   * @param arrays per axis: the coordinates (or undefined), then the output TypedArray
   */
  gradient(input: NumericArray, params: Float64Array, ...arrays: (FloatArray | undefined)[]): void;
  /**
   * gradient(typedArray) alone, without packed parameters (the addon only: native/vector.cc):
   * what `gradient` computes for a 1-d `input` of 2 or more elements with unit spacing and
   * numpy's default ends, into `output` (the result's dtype, the input's length, no shared
   * memory). `fresh`: output is new memory.
   */
  gradientVector?(input: NumericArray, output: FloatArray, fresh: boolean): void;
  /**
   * An ArrayBuffer of `bytes` for a large result, over memory an earlier result no longer needs
   * where there is some (the addon only: native/recycle.cc), or undefined: take an ordinary one.
   * Its contents are an earlier result's values until the call writes every element.
   * `resultMemory(0)` gives back each cached region that stayed cached since the last such call (true while some stays).
   */
  resultMemory?(bytes: number): ArrayBuffer | boolean | undefined;
  /**
   * The same, computed on the libuv thread pool; invalid arguments throw synchronously. An odd
   * number of arrays ends with a cancellation flag (abort.ts): an Int32Array over a
   * SharedArrayBuffer that the call moves from 0 (queued) to 1 as it starts, unless it was set
   * to 2 first: then it rejects without starting.
   */
  gradientAsync(input: NumericArray, params: Float64Array, ...arrays: (FloatArray | Int32Array | undefined)[]): Promise<void>;
}
