/**
 * The ES module entry: the CommonJS build re-exported, so that `import` and `require` share one
 * copy of the package (one native binding, one NDArray class).
 *
 * @example
 * import { gradient } from 'ndgradient';
 * gradient([1, 2, 4, 7, 11]).toArray(); // [1, 1.5, 2.5, 3.5, 4]
 */
export * from './index.js';
