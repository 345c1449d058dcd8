/**
 * float16 (IEEE binary16) on every runtime: its bits to and from JS numbers, and the rounding
 * numpy's half loops apply after each operation (native/half.h has the same conversions). A JS
 * number holds every float16 value exactly, and any sum, difference, product or quotient of two
 * of them closely enough (53 significand bits >= 2·11 + 2) that rounding it to float16 gives the
 * correctly rounded float16 operation, as numpy's float32 detour does.
 */

const scratch = new Float64Array(1);
const scratchBits = new Uint32Array(scratch.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const high = littleEndian ? 1 : 0;

const round = 2 ** 52; // adding and subtracting it rounds a number below 2^52 to an integer, half to even

/**
 * The float16 bits nearest a number (round half to even; overflow to ±Infinity): numpy's cast of
 * a Python float to float16.
 * @example halfBits(1); // 0x3c00
 */
export function halfBits(value: number): number {
  scratch[0] = value;
  const sign = (scratchBits[high]! >>> 16) & 0x8000;
  if (Number.isNaN(value)) return sign | 0x7e00;
  const magnitude = Math.abs(value);
  if (!(magnitude < 65520)) return sign | 0x7c00; // at or past the rounding edge of 65504
  if (magnitude < 2 ** -14) return sign | (magnitude * 2 ** 24 + round - round); // subnormal; 0x400 is the smallest normal
  const e = ((scratchBits[high]! >>> 20) & 0x7ff) - 1023; // -14 <= e <= 15
  const integer = magnitude * 2 ** (10 - e) + round - round; // in [1024, 2048]: 2048 carries into the exponent
  return sign | (((e + 15) << 10) + integer - 1024);
}

/**
 * The number float16 bits stand for (exact).
 * @example halfValue(0x3555); // 0.333251953125
 */
export function halfValue(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const significand = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0x1f) return significand === 0 ? sign * Infinity : Number.NaN;
  if (exponent === 0) return sign * significand * 2 ** -24;
  return sign * (1024 + significand) * 2 ** (exponent - 25);
}

/**
 * A number rounded to float16 (Math.f16round on runtimes that have it; this on every one).
 * @example roundHalf(0.1); // 0.0999755859375
 */
export function roundHalf(value: number): number {
  return halfValue(halfBits(value));
}
