/**
 * First-derivative weights of the higher accuracy orders (README: Boundaries and accuracy), as native/weights.h
 * computes them: exact rationals for a uniform step, Fornberg's algorithm for coordinates.
 */

/** Rounds one operation's result to a precision: identity (float64) or Math.fround (float32). */
export type Round = (value: number) => number;

/**
 * Weights of the first derivative at node s over the integer nodes 0..K-1 (times the step h),
 * each the float64 nearest the exact rational: a quotient of two integers that float64 holds
 * exactly (|.| <= 8^8), so one division rounds it once (native/weights.h has the formulas).
 * @example uniformWeights(3, 1); // [-0.5, 0, 0.5]
 */
export function uniformWeights(K: number, s: number): number[] {
  const w = new Array<number>(K);
  for (let j = 0; j < K; j++) {
    let numerator = 0;
    let denominator = 1;
    if (j !== s) {
      numerator = 1;
      for (let l = 0; l < K; l++) {
        if (l !== j && l !== s) numerator *= s - l;
        if (l !== j) denominator *= j - l;
      }
    } else {
      for (let l = 0; l < K; l++) {
        if (l === s) continue;
        denominator *= s - l;
        let term = 1;
        for (let q = 0; q < K; q++) if (q !== s && q !== l) term *= s - q;
        numerator += term;
      }
    }
    w[j] = numerator / denominator;
  }
  return w;
}

/**
 * The central weights c_1..c_m of accuracy 2m: y = (Σ_k c_k·(f[i+k] - f[i-k])) / h.
 * @example centralWeights(2); // [2/3, -1/12]
 */
export function centralWeights(m: number): number[] {
  return uniformWeights(2 * m + 1, m).slice(m + 1);
}

/**
 * Fornberg's weights of the first derivative at z over the nodes x[0..K-1], every operation
 * rounded by `c` (native/weights.h lists them, in this order).
 * @example fornbergWeights([0, 1, 2], 1, (v) => v); // [-0.5, 0, 0.5]
 */
export function fornbergWeights(x: ArrayLike<number>, z: number, c: Round): number[] {
  const K = x.length;
  const d0 = new Array<number>(K).fill(0);
  const d1 = new Array<number>(K).fill(0);
  let c1 = 1;
  let c4 = c(x[0]! - z);
  d0[0] = 1;
  for (let i = 1; i < K; i++) {
    let c2 = 1;
    const c5 = c4;
    c4 = c(x[i]! - z);
    for (let j = 0; j < i; j++) {
      const c3 = c(x[i]! - x[j]!);
      c2 = c(c2 * c3);
      if (j === i - 1) {
        d1[i] = c(c(c1 * c(d0[i - 1]! - c(c5 * d1[i - 1]!))) / c2);
        d0[i] = c(c(c(-c1 * c5) * d0[i - 1]!) / c2);
      }
      d1[j] = c(c(c(c4 * d1[j]!) - d0[j]!) / c3);
      d0[j] = c(c(c4 * d0[j]!) / c3);
    }
    c1 = c2;
  }
  return d1;
}
