/**
 * The `boundary`, `period` and `accuracy` options (README: Boundaries and accuracy): what lies beyond each end of a
 * computed axis, and the order of the stencil. Parsed into one {@link AxisEnds} per computed axis.
 */

import { describe } from './describe';
import { BoundaryRule } from './layout';
import { isPlainObject, ownProperty } from './objects';

/** What lies beyond one end of an axis. */
export type BoundaryMode = 'numpy' | 'periodic' | 'reflect' | 'symmetric' | { readonly constant: number };

/** One axis's boundary: the same at both ends, or one for each. */
export type AxisBoundary = BoundaryMode | { readonly left: BoundaryMode; readonly right: BoundaryMode };

/** The order of the interior stencil. */
export type Accuracy = 2 | 4 | 6 | 8;

/** One end, as the binding takes it (layout.ts). */
export interface End {
  rule: BoundaryRule;
  constant: number;
}

/** Both ends of one computed axis. */
export interface AxisEnds {
  left: End;
  right: End;
}

const numpyEnd: End = { rule: BoundaryRule.numpy, constant: 0 };
const numpyEnds: AxisEnds = { left: numpyEnd, right: numpyEnd };

const rules: Record<string, BoundaryRule> = Object.assign(Object.create(null) as Record<string, BoundaryRule>, {
  numpy: BoundaryRule.numpy,
  periodic: BoundaryRule.periodic,
  reflect: BoundaryRule.reflect,
  symmetric: BoundaryRule.symmetric,
});

// Names from np.pad, scipy.ndimage, MATLAB and findiff, and what they are here. scipy's 'reflect'
// is numpy's (and our) 'symmetric'; its 'mirror' is our 'reflect'.
const hints: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  wrap: "'periodic'",
  circular: "'periodic'",
  cyclic: "'periodic'",
  mirror: "'reflect'",
  constant: '{ constant: c }',
  zero: '{ constant: 0 }',
  zeros: '{ constant: 0 }',
  edge: "'numpy' (one-sided differences)",
  nearest: "'numpy' (one-sided differences)",
});

const expected = "'numpy', 'periodic', 'reflect', 'symmetric' or { constant: c }";

/** The accuracy option: 2 (numpy's, the default), 4, 6 or 8. */
export function checkAccuracy(accuracy: unknown): Accuracy {
  if (accuracy === undefined) return 2;
  if (typeof accuracy !== 'number') throw new TypeError(`accuracy must be 2, 4, 6 or 8, got ${describe(accuracy)}`);
  if (accuracy !== 2 && accuracy !== 4 && accuracy !== 6 && accuracy !== 8) {
    throw new RangeError(`accuracy must be 2, 4, 6 or 8 (the order of the central differences), got ${accuracy}`);
  }
  return accuracy;
}

function parseMode(value: unknown, name: string, keys: readonly string[] | undefined = isPlainObject(value) ? Object.keys(value) : undefined): End {
  if (typeof value === 'string') {
    const rule = rules[value];
    if (rule !== undefined) return rule === BoundaryRule.numpy ? numpyEnd : { rule, constant: 0 };
    const hint = hints[value.toLowerCase()];
    throw new RangeError(`${name} must be ${expected}, got '${value}'${hint === undefined ? '' : `; did you mean ${hint}?`}`);
  }
  if (keys !== undefined && keys.length === 1 && keys[0] === 'constant') {
    const constant = ownProperty(value as object, 'constant');
    if (typeof constant !== 'number') throw new TypeError(`${name}'s constant must be a number, got ${describe(constant)}`);
    return { rule: BoundaryRule.constant, constant };
  }
  throw new TypeError(`${name} must be ${expected}, or { left, right } with one of those for each end; got ${describe(value)}`);
}

function parseAxisBoundary(value: unknown, name: string): AxisEnds {
  const keys = isPlainObject(value) ? Object.keys(value) : undefined;
  if (keys !== undefined) {
    if (keys.includes('left') || keys.includes('right')) {
      const extra = keys.find((key) => key !== 'left' && key !== 'right');
      if (extra !== undefined) throw new TypeError(`${name} has an unknown key '${extra}' (expected { left, right })`);
      if (keys.length !== 2) throw new TypeError(`${name} needs both ends: { left, right }, got only '${keys[0]}'`);
      return {
        left: parseMode(ownProperty(value as object, 'left'), `${name}.left`),
        right: parseMode(ownProperty(value as object, 'right'), `${name}.right`),
      };
    }
  }
  const end = parseMode(value, name, keys);
  return { left: end, right: end };
}

/**
 * The ends of each computed axis: one boundary for all, or an array with one per computed axis
 * (in the order of `axes`). Each array entry is read once.
 * @example parseBoundary('periodic', [0, 1]); // periodic at both ends of both axes
 */
export function parseBoundary(boundary: unknown, axes: readonly number[]): readonly AxisEnds[] {
  if (boundary === undefined) return numpyEndsOf(axes.length);
  const all = new Array<AxisEnds>(axes.length);
  if (Array.isArray(boundary)) {
    const entries = Array.from(boundary as unknown[]);
    if (entries.length !== axes.length) {
      throw new RangeError(
        `boundary has ${entries.length} entries, one per computed axis is ${axes.length}: give one boundary for all axes or one per computed axis`,
      );
    }
    for (let k = 0; k < axes.length; k++) all[k] = parseAxisBoundary(entries[k], `boundary for axis ${axes[k]}`);
    return all;
  }
  const ends = parseAxisBoundary(boundary, 'boundary');
  for (let k = 0; k < axes.length; k++) all[k] = ends;
  return all;
}

// numpy's ends for n axes, made once per n: the default, on every call that gives no boundary.
const numpyEndsByCount: (readonly AxisEnds[])[] = [];
function numpyEndsOf(count: number): readonly AxisEnds[] {
  return (numpyEndsByCount[count] ??= Object.freeze(new Array<AxisEnds>(count).fill(numpyEnds)));
}

/**
 * The sample a ghost index stands for, g >= 1 samples beyond the left (or right) end of n samples
 * (np.pad's modes; native/boundary.h has the same): periodic f[-g] = f[n-g], f[n-1+g] = f[g-1];
 * reflect f[-g] = f[g], f[n-1+g] = f[n-1-g]; symmetric f[-g] = f[g-1], f[n-1+g] = f[n-g].
 * @example ghostSample(BoundaryRule.periodic, true, 10, 1); // 9
 */
export function ghostSample(rule: BoundaryRule, left: boolean, n: number, g: number): number {
  if (rule === BoundaryRule.periodic) return left ? n - g : g - 1;
  if (rule === BoundaryRule.reflect) return left ? g : n - 1 - g;
  return left ? g - 1 : n - g; // symmetric
}

/** True when either end of the axis is periodic. */
export function isPeriodic(ends: AxisEnds): boolean {
  return ends.left.rule === BoundaryRule.periodic || ends.right.rule === BoundaryRule.periodic;
}

const noPeriods: readonly undefined[] = Object.freeze([]);

/**
 * The period of each computed axis (undefined where none is given): one number for all, or an
 * array with one entry (a number or undefined) per computed axis.
 */
export function parsePeriod(period: unknown, axes: readonly number[], signedAxis = -1): readonly (number | undefined)[] {
  if (period === undefined) return noPeriods;
  const all = new Array<number | undefined>(axes.length).fill(undefined);
  const entries = Array.isArray(period) ? Array.from(period as unknown[]) : undefined;
  if (entries !== undefined && entries.length !== axes.length) {
    throw new RangeError(`period has ${entries.length} entries, one per computed axis is ${axes.length} (use undefined where an axis needs none)`);
  }
  for (let k = 0; k < axes.length; k++) {
    const value = entries === undefined ? period : entries[k];
    const name = entries === undefined ? 'period' : `period for axis ${axes[k]}`;
    if (value === undefined) continue;
    if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
    // A chunk's axis takes it signed: negative where the whole axis's coordinates decrease.
    if (axes[k] === signedAxis) {
      if (value === 0 || !Number.isFinite(value))
        throw new RangeError(`${name} must be a finite nonzero number (negative where the whole axis's coordinates decrease), got ${value}`);
    } else if (!(value > 0) || !Number.isFinite(value)) {
      throw new RangeError(`${name} must be a positive finite number, got ${value}`);
    }
    all[k] = value;
  }
  return all;
}

/**
 * The signed period the binding takes for periodic coordinates x: the coordinates continue past
 * each end in their own direction (x[-g] = x[n-g] - period for increasing x, + period for
 * decreasing x). The period must exceed the span |x[n-1] - x[0]|.
 */
export function signedPeriod(period: number | undefined, x: ArrayLike<number>, axis: number, chunked = false): number {
  const span = x[x.length - 1]! - x[0]!;
  if (period === undefined) {
    throw new RangeError(`axis ${axis} is periodic with coordinates: give its period (option period), the length after which the coordinates repeat`);
  }
  // A chunk holds part of the axis: the span (x[n-1] - x[0]) is the whole axis's, which the
  // caller checked (uniformStep does), and the caller's sign says which way the axis runs.
  if (chunked) return period;
  if (period <= Math.abs(span)) {
    throw new RangeError(
      `period for axis ${axis} is ${period}, not larger than the span of its coordinates (${Math.abs(span)}); one period must cover every sample and the step back to the first`,
    );
  }
  return span < 0 ? -period : period;
}

/**
 * Coordinate j of the axis, extended past its ends as the oracle's xp (native/boundary.h
 * ExtendedCoordinates), each operation rounded by `round` (the coordinates' precision):
 * periodic x[-g] = x[n-g] - period, x[n-1+g] = x[g-1] + period; otherwise odd reflection
 * x[-g] = 2*x[0] - x[g], x[n-1+g] = 2*x[n-1] - x[n-1-g]. `x(j)` reads position j where it is held;
 * `holds(j)` says whether a periodic chunk holds a wrapped sample at j itself.
 */
export function extendedCoordinate(
  x: (j: number) => number,
  n: number,
  ends: AxisEnds,
  period: number,
  round: (value: number) => number,
  holds: (j: number) => boolean,
  j: number,
): number {
  if (j < 0) return ends.left.rule === BoundaryRule.periodic ? round(x(holds(j) ? j : n + j) - period) : round(round(2 * x(0)) - x(-j));
  if (j >= n) {
    const g = j - (n - 1);
    return ends.right.rule === BoundaryRule.periodic ? round(x(holds(j) ? j : g - 1) + period) : round(round(2 * x(n - 1)) - x(n - 1 - g));
  }
  return x(j);
}

/**
 * numpy's uniform detection on np.diff(xp), where xp extends the coordinates by m samples past
 * each end that is not 'numpy': the first difference when every difference equals (===) it,
 * else undefined. NaN never equals; -0 equals 0.
 */
export function detectedStep(xp: (j: number) => number, n: number, ends: AxisEnds, m: number, round: (value: number) => number): number | undefined {
  const low = ends.left.rule === BoundaryRule.numpy ? 0 : -m;
  const high = ends.right.rule === BoundaryRule.numpy ? n - 1 : n - 1 + m;
  const first = round(xp(low + 1) - xp(low));
  for (let j = low + 1; j < high; j++) {
    if (round(xp(j + 1) - xp(j)) !== first) return undefined;
  }
  return first;
}
