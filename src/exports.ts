/** What both entries (the main one and ndgradient/js) export besides their gradient functions. */

export type { GradientFunction, GradientAsyncFunction, SpacingAndOptions } from './gradient';
export { NDArray, array, type ArrayOptions, type NestedNumbers } from './ndarray';
export type { GradientOptions } from './options';
export type { Accuracy, AxisBoundary, BoundaryMode } from './boundary';
export type { Spacing } from './spacing';
export type { GradientInput, NDArrayLike } from './input';
export type { DType, FloatArray, NumericArray } from './dtypes';
export { gradientInputRange, uniformStep, type GradientChunk, type InputRangeOptions, type SampleRange, type UniformStepOptions } from './chunks';
export type { StreamChunk, StreamOptions, StreamResult, StreamSpacingAndOptions } from './streams';
