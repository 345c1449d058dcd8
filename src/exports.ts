/** What both entries (the main one and ndgradient/js) export besides their gradient functions. */

export { AbortError } from './abort';
export type { GradientArgument, GradientFunction, GradientAsyncFunction, GradientOf, SpacingAndOptions, SyncOptions } from './gradient';
export type { NestedOf, RankOf, Results, Shape, Tuple } from './ranks';
export { NDArray, array, type AnyNDArray, type ArrayOptions, type Complex, type ComplexNDArray, type NestedNumbers } from './ndarray';
export type { GradientOptions } from './options';
export type { Accuracy, AxisBoundary, BoundaryMode } from './boundary';
export type { Spacing } from './spacing';
export type { ComplexInput, ComplexTypedArrayLike, GradientInput, NDArrayLike } from './input';
export type { DType, Float16ArrayLike, FloatArray, NumericArray, ResultDType } from './dtypes';
export { gradientInputRange, uniformStep, type GradientChunk, type InputRangeOptions, type SampleRange, type UniformStepOptions } from './chunks';
export type { GradientStreamFunction, StreamChunk, StreamOptions, StreamResult, StreamResultOf, StreamSpacingAndOptions } from './streams';
