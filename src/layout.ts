/**
 * The packed parameters of one call — the one definition of their layout. gradient.ts writes
 * them; both backends read them by these names: reference.ts, and the addon through
 * native/layout.h, which mirrors every number here. The version is the second value: each side
 * refuses a layout it was not built for (a stale addon, say), instead of misreading it.
 *
 *   header    count (of values that follow the layout, itself included), version, ndim, offset,
 *             edgeOrder, accuracy, threads (0: automatic), axis count, chunk axis (-1: a whole
 *             call), then for a chunk (chunks.ts): the axis length, the position of the input's
 *             sample 0 along it (origin), and the positions [first, last) written; the element
 *             kind (ElementKind)
 *   view      shape[ndim], then strides[ndim]
 *   per axis  axis, spacing kind, step, fresh (1: the output was allocated for the call, never
 *             written), output offset, left rule, left constant, right rule, right constant,
 *             period (signed as the coordinates run; 0 where unused), then output strides[ndim]
 */

/** Bump with every change below, here and in native/layout.h. */
export const layoutVersion = 5;

/** Positions of the header values. */
export enum Header {
  count = 0,
  version = 1,
  ndim = 2,
  offset = 3,
  edgeOrder = 4,
  accuracy = 5,
  threads = 6,
  axisCount = 7,
  chunkAxis = 8,
  chunkLength = 9,
  chunkOrigin = 10,
  chunkFirst = 11,
  chunkLast = 12,
  elementKind = 13,
  length = 14,
}

/** How the input's and the outputs' TypedArrays hold elements (native/layout.h ElementKind). */
export enum ElementKind {
  /** As the TypedArray says (a Float64Array holds float64). */
  asTyped = 0,
  /** Complex: (re, im) interleaved in a Float64Array (complex128) or a Float32Array (complex64). */
  complex = 1,
  /** float16: the bits in a Uint16Array. */
  float16 = 2,
}

/** Positions within one axis's values, from axisStart(). */
export enum AxisParams {
  axis = 0,
  kind = 1,
  step = 2,
  fresh = 3,
  outOffset = 4,
  leftRule = 5,
  leftConstant = 6,
  rightRule = 7,
  rightConstant = 8,
  period = 9,
  outStrides = 10,
}

/** What lies beyond one end of an axis (native/boundary.h mirrors these codes). */
export enum BoundaryRule {
  numpy = 0,
  periodic = 1,
  reflect = 2,
  symmetric = 3,
  constant = 4,
}

/**
 * What an axis's spacing is. For a scalar step, its place in numpy 2's promotion rules (NEP 50):
 * weak, a JS number (numpy's Python float, rounded to float32 where it meets float32 data);
 * float64 or float32, a "strong" 0-d array of that type. Coordinates arrive as an array argument.
 */
export enum SpacingKind {
  weak = 0,
  float64 = 1,
  float32 = 2,
  coordinates = 3,
  /** A strong float16 scalar (0-d float16 array). */
  float16 = 4,
  /** float16 coordinates: their bits in a Uint16Array. */
  float16Coordinates = 5,
}

/** Where shape[0] is. */
export const shapeStart = Header.length;

/** Where strides[0] is. */
export function stridesStart(ndim: number): number {
  return Header.length + ndim;
}

/** Where axis entry k's values start. */
export function axisStart(ndim: number, k: number): number {
  return Header.length + 2 * ndim + k * (AxisParams.outStrides + ndim);
}

/**
 * How many values a call of `ndim` dimensions and `axisCount` axes packs.
 * @example paramCount(1, 1); // 27
 */
export function paramCount(ndim: number, axisCount: number): number {
  return axisStart(ndim, axisCount);
}
