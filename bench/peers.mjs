// The configurations bench/run.mjs compares, each a function that prepares its inputs outside
// the timing and returns the call to time.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { naiveGradient } from './naive.mjs';
import { nestedRows, valuesPer } from './workloads.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const { gradient, NDArray } = require(root);

/** Peers that are devDependencies; absent ones are skipped. */
function optionalRequire(name) {
  try {
    return require(name);
  } catch {
    return undefined;
  }
}
const numpyTs = optionalRequire('numpy-ts');
const ndarray = optionalRequire('ndarray');
const ndarrayGradient = optionalRequire('ndarray-gradient');

function ndgradient(extra, withOut) {
  return (w, { data, x }) => {
    // The common call where the workload is one (a 1-d float TypedArray, no spacing, no options
    // but out): gradient(x) and gradient(x, { out }), as users write it; else an NDArray.
    const common =
      !w.nested &&
      w.shape.length === 1 &&
      x === undefined &&
      w.axis === undefined &&
      Object.keys(extra).length === 0 &&
      (w.dtype === 'float64' || w.dtype === 'float32');
    const f = w.nested ? nestedRows(data, w.shape) : common ? data : new NDArray(data, w.shape, undefined, 0, w.dtype);
    const spacing = x === undefined ? [] : [x];
    const options = { ...extra, ...(w.axis === undefined ? {} : { axis: w.axis }) };
    // Periodic coordinates need a period: one step past the span.
    if (x !== undefined && extra.boundary === 'periodic') options.period = x[x.length - 1] - x[0] + (x[1] - x[0]);
    if (withOut) {
      const axes = w.axis === undefined ? w.shape.length : 1;
      const outputs = Array.from({ length: axes }, () => new data.constructor(data.length));
      options.out = axes === 1 ? outputs[0] : outputs;
    }
    if (common) return withOut ? () => gradient(f, { out: options.out }) : () => gradient(f);
    return () => gradient(f, ...spacing, options);
  };
}

/** name → (workload, input) => call, or undefined where the peer cannot do the workload. */
export const peers = {
  ndgradient: ndgradient({}, false),
  'ndgradient threads:1': ndgradient({ threads: 1 }, false),
  'ndgradient out': ndgradient({}, true),
  'ndgradient out threads:1': ndgradient({ threads: 1 }, true),
  // Boundary modes and accuracy (README: Boundaries and accuracy), against 'ndgradient out' in the same run.
  'ndgradient out periodic': ndgradient({ boundary: 'periodic' }, true),
  'ndgradient out constant': ndgradient({ boundary: { constant: 0 } }, true),
  'ndgradient out accuracy:4': ndgradient({ accuracy: 4 }, true),
  // The nested workload's baseline: a hand-written flatten (timed), then one call.
  'hand flatten + ndgradient': (w, { data }) => {
    if (!w.nested) return undefined;
    const rows = nestedRows(data, w.shape);
    return () => {
      const flat = new Float64Array(w.shape[0] * w.shape[1]);
      let k = 0;
      for (const row of rows) for (const value of row) flat[k++] = value;
      return gradient(new NDArray(flat, w.shape));
    };
  },
  'numpy-ts': (w, { data, x }) => {
    if (numpyTs === undefined || w.nested || valuesPer(w.dtype) === 2 || w.dtype === 'float16') return undefined;
    const a = numpyTs.array(data).reshape(w.shape);
    const varargs = x === undefined ? undefined : [numpyTs.array(x)];
    return () => numpyTs.gradient(a, varargs, w.axis);
  },
  'ndarray-gradient (reused dst)': (w, { data, x }) => {
    if (ndarrayGradient === undefined || x !== undefined || w.axis !== undefined || w.nested || valuesPer(w.dtype) === 2 || w.dtype === 'float16')
      return undefined;
    const src = ndarray(data, w.shape);
    const dst = ndarray(new data.constructor(data.length * w.shape.length), [...w.shape, w.shape.length]);
    return () => ndarrayGradient(dst, src);
  },
  'naive JS loop': (w, { data, x }) =>
    w.axis === undefined && !w.nested && valuesPer(w.dtype) === 1 && w.dtype !== 'float16' ? () => naiveGradient(data, w.shape, x) : undefined,
};
