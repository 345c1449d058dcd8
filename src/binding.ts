/**
 * The native addon, loaded once per JS environment (main thread or worker) by node-gyp-build:
 * a prebuilt binary from prebuilds/ when one matches, else build/Release.
 */

import * as path from 'node:path';

import type { FloatArray, NumericArray } from './dtypes';
import type { ScalarKind } from './spacing';

/** The functions native/addon.cc exports. Each re-checks every bound it relies on. */
export interface Binding {
  /**
   * Writes the gradient of one axis into `output` (a view with the input's shape).
   * `spacing` is a step (with its promotion kind) or coordinates of the axis's length.
   */
  gradientAxis(
    input: NumericArray,
    shape: readonly number[],
    strides: readonly number[],
    offset: number,
    axis: number,
    edgeOrder: 1 | 2,
    spacing: number | Float64Array | Float32Array,
    scalarKind: ScalarKind,
    output: FloatArray,
    outputStrides: readonly number[],
    outputOffset: number,
  ): void;
}

// src/ and dist/ both sit one level below the package root.
const load = require('node-gyp-build') as (root: string) => unknown;
export const binding = load(path.join(__dirname, '..')) as Binding;
