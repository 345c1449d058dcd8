/**
 * The ES module entry of ndgradient/js: the CommonJS build re-exported (one copy of its state).
 *
 * @example
 * import { gradient } from 'ndgradient/js';
 * gradient([1, 2, 4, 7, 11]).toArray(); // [1, 1.5, 2.5, 3.5, 4]
 */
export * from './js.js';
