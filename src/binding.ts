/**
 * The native addon, loaded once per JS environment (main thread or worker) by node-gyp-build:
 * a prebuilt binary from prebuilds/ when one matches, else build/Release.
 */

import * as path from 'node:path';

import type { Backend } from './backend';
import { explainLoadFailure } from './diagnose';

/**
 * The addon as a Backend. NDGRADIENT_ADDON_PATH names a .node file to load instead (a sanitizer
 * or debug build, or a binary a bundler put elsewhere); otherwise node-gyp-build finds it below
 * the package root (src/ and dist/ both sit one level below it). Throws, saying why and what to
 * do (diagnose.ts), if it cannot be loaded.
 */
export function loadNativeBackend(): Backend {
  const explicit = process.env.NDGRADIENT_ADDON_PATH;
  let addon: Omit<Backend, 'name'>;
  if (explicit) {
    const file = path.resolve(explicit);
    try {
      addon = require(file) as Omit<Backend, 'name'>;
    } catch (error) {
      throw explainLoadFailure(error, file, 'NDGRADIENT_ADDON_PATH');
    }
  } else {
    const root = path.join(__dirname, '..');
    const find = require('node-gyp-build') as ((root: string) => unknown) & { resolve?: (root: string) => string };
    let file: string | undefined;
    try {
      file = find.resolve?.(root);
    } catch {
      file = undefined; // no binary for this platform: node-gyp-build says so below
    }
    try {
      addon = (file === undefined ? find(root) : require(file)) as Omit<Backend, 'name'>;
    } catch (error) {
      throw explainLoadFailure(error, file, 'the binary node-gyp-build chose');
    }
  }
  return {
    name: 'native',
    kernels: addon.kernels,
    gradient: addon.gradient,
    gradientVector: addon.gradientVector,
    resultMemory: addon.resultMemory,
    gradientAsync: addon.gradientAsync,
  };
}
