// The baseline a JS developer would write first: numpy's formulas (edge order 1) in plain loops
// over a C-order array, one fresh output per axis. Uniform spacing 1, or 1-d coordinates.

export function naiveGradient(data, shape, x) {
  const size = data.length;
  const results = [];
  let inner = size;
  for (let axis = 0; axis < shape.length; axis++) {
    const n = shape[axis];
    inner /= n;
    const outer = size / (n * inner);
    const out = new data.constructor(size);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * n * inner + j;
        const at = (i) => base + i * inner;
        for (let i = 1; i < n - 1; i++) {
          if (x === undefined) {
            out[at(i)] = (data[at(i + 1)] - data[at(i - 1)]) / 2;
          } else {
            const dx1 = x[i] - x[i - 1];
            const dx2 = x[i + 1] - x[i];
            const a = -dx2 / (dx1 * (dx1 + dx2));
            const b = (dx2 - dx1) / (dx1 * dx2);
            const c = dx1 / (dx2 * (dx1 + dx2));
            out[at(i)] = a * data[at(i - 1)] + b * data[at(i)] + c * data[at(i + 1)];
          }
        }
        out[at(0)] = (data[at(1)] - data[at(0)]) / (x === undefined ? 1 : x[1] - x[0]);
        out[at(n - 1)] = (data[at(n - 1)] - data[at(n - 2)]) / (x === undefined ? 1 : x[n - 1] - x[n - 2]);
      }
    }
    results.push(out);
  }
  return results;
}
