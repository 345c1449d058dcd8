/**
 * The native addon, loaded once per JS environment (main thread or worker) by node-gyp-build:
 * a prebuilt binary from prebuilds/ when one matches, else build/Release.
 */

import * as path from 'node:path';

import type { Backend } from './backend';

/**
 * The addon as a Backend. NDGRADIENT_ADDON_PATH names a .node file to load instead (a sanitizer
 * or debug build, or a binary a bundler put elsewhere); otherwise node-gyp-build finds it below
 * the package root (src/ and dist/ both sit one level below it). Throws if it cannot be loaded.
 */
export function loadNativeBackend(): Backend {
  const explicit = process.env.NDGRADIENT_ADDON_PATH;
  const addon = (explicit
    ? require(path.resolve(explicit))
    : (require('node-gyp-build') as (root: string) => unknown)(path.join(__dirname, '..'))) as Omit<Backend, 'name'>;
  return { name: 'native', kernels: addon.kernels, gradient: addon.gradient, gradientAsync: addon.gradientAsync };
}
