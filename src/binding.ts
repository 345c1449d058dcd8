/**
 * The native addon, loaded once per JS environment (main thread or worker) by node-gyp-build:
 * a prebuilt binary from prebuilds/ when one matches, else build/Release.
 */

import * as path from 'node:path';

import type { FloatArray, NumericArray } from './dtypes';

/** The functions native/addon.cc exports. Each re-checks every bound it relies on. */
export interface Binding {
  /**
   * Writes the gradient of each requested axis into its output.
   * @param input the array's TypedArray
   * @param params packed numbers (only the first `count` are read): count, ndim, offset,
   *   edgeOrder, threads (0: automatic), axisCount,
   *   shape[ndim], strides[ndim], then per axis: axis, spacing kind (0 weak, 1 float64,
   *   2 float32, 3 coordinates), step, fresh (1: output newly allocated), output offset,
   *   output strides[ndim]
   * @param arrays per axis: the coordinates (or undefined), then the output TypedArray
   */
  gradient(input: NumericArray, params: Float64Array, ...arrays: (FloatArray | undefined)[]): void;
  /** The same, computed on the libuv thread pool; invalid arguments throw synchronously. */
  gradientAsync(input: NumericArray, params: Float64Array, ...arrays: (FloatArray | undefined)[]): Promise<void>;
}

/**
 * The addon: NDGRADIENT_ADDON_PATH names a .node file to load instead (a sanitizer or debug
 * build, or a binary a bundler put elsewhere); otherwise node-gyp-build finds it below the package
 * root (src/ and dist/ both sit one level below it).
 */
function loadBinding(): Binding {
  const explicit = process.env.NDGRADIENT_ADDON_PATH;
  if (explicit) return require(path.resolve(explicit)) as Binding;
  const load = require('node-gyp-build') as (root: string) => unknown;
  return load(path.join(__dirname, '..')) as Binding;
}

export const binding = loadBinding();
