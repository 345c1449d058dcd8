/**
 * How an NDArray prints (console.log, util.inspect, String()): numpy's summary for large arrays
 * — more than `threshold` elements show `edgeItems` at each end of every dimension, `...`
 * between — and each value at its dtype's shortest round-tripping form (float32 `0.1`, not
 * `0.10000000149011612`). No Node built-ins: the same in ndgradient/js.
 */

import type { DType, NumericArray } from './dtypes';
import { halfValue, roundHalf } from './half';
import { typedArrayName } from './intrinsics';

/** What printing reads of a view. */
export interface PrintableView {
  readonly data: NumericArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
}

export interface PrintOptions {
  /** Above this many elements, summarise (numpy's default 1000). */
  threshold?: number;
  /** Items shown at each end of a summarised dimension (numpy's default 3). */
  edgeItems?: number;
  /** At most this many items of any one dimension (util.inspect's maxArrayLength). */
  maxItems?: number;
}

/** The shortest decimal that reads back as the same value of a precision (float32, float16). */
function shortestText(value: number, round: (x: number) => number): string {
  if (!Number.isFinite(value) || value === 0) return Object.is(value, -0) ? '-0' : String(value);
  for (let digits = 1; digits < 10; digits++) {
    const text = value.toPrecision(digits);
    if (round(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

/** One element as text, in its dtype's shortest exact form. */
export function formatElement(value: number | bigint, dtype: DType): string {
  if (typeof value === 'bigint') return String(value);
  if (dtype === 'float32' || dtype === 'complex64') return shortestText(value, Math.fround);
  if (dtype === 'float16') return shortestText(value, roundHalf);
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * A complex element as numpy writes one, without its parentheses: `1+2j`, `-0.5-0j`, `NaN+Infinityj`
 * (each part in its precision's shortest exact form, as JS writes numbers).
 * @example formatComplex(1, -2, 'complex128'); // '1-2j'
 */
export function formatComplex(re: number, im: number, dtype: 'complex128' | 'complex64'): string {
  const imaginary = formatElement(im, dtype);
  const negative = imaginary.startsWith('-');
  return `${formatElement(re, dtype)}${negative ? '-' : '+'}${negative ? imaginary.slice(1) : imaginary}j`;
}

/**
 * The elements of a view as nested brackets, summarised past the threshold.
 * @example formatElements(new NDArray(new Float32Array([0.1, 0.2]))); // '[0.1, 0.2]'
 */
export function formatElements(view: PrintableView, options: PrintOptions = {}): string {
  const { shape, strides, data, dtype } = view;
  const bits = typedArrayName(data) === 'Uint16Array'; // float16 as bits (else a Float16Array of values)
  let size = 1;
  for (const length of shape) size *= length;
  const summarise = size > (options.threshold ?? 1000);
  const edge = Math.min(
    summarise ? (options.edgeItems ?? 3) : Infinity,
    Math.max(options.maxItems === 0 ? 0 : 1, Math.floor((options.maxItems ?? Infinity) / 2)),
  );
  const limit = Math.min(summarise ? 2 * edge : Infinity, options.maxItems ?? Infinity);
  const level = (d: number, at: number): string => {
    if (d === shape.length) {
      if (dtype === 'complex128' || dtype === 'complex64') return formatComplex(data[2 * at] as number, data[2 * at + 1] as number, dtype);
      if (dtype === 'float16' && bits) return formatElement(halfValue(data[at] as number), dtype);
      return formatElement(data[at]!, dtype);
    }
    const n = shape[d]!;
    const parts: string[] = [];
    const shown = (i: number): void => {
      parts.push(level(d + 1, at + i * strides[d]!));
    };
    if (n > limit) {
      for (let i = 0; i < edge; i++) shown(i);
      parts.push('...');
      for (let i = n - edge; i < n; i++) shown(i);
    } else {
      for (let i = 0; i < n; i++) shown(i);
    }
    const separator = d === shape.length - 1 ? ', ' : `,\n${' '.repeat(d + 1)}`;
    return `[${parts.join(separator)}]`;
  };
  return level(0, view.offset);
}

/** The whole text: `NDArray(dtype, [shape]) values`. */
export function formatView(view: PrintableView, options: PrintOptions = {}): string {
  return `NDArray(${view.dtype}, [${view.shape.join(', ')}]) ${formatElements(view, options)}`;
}
