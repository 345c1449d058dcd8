// Type tests, checked by `npm run typecheck` (tsc -p test): what TypeScript infers for each call
// form of gradient and gradientAsync. A wrong overload fails compilation.
import type { Transform } from 'node:stream';

import Complex128Array from '@stdlib/array-complex128';
import Complex64Array from '@stdlib/array-complex64';

import {
  NDArray,
  array,
  createGradientStream,
  gradient,
  gradientAsync,
  gradientFile,
  gradientInputRange,
  gradientStream,
  uniformStep,
  type Complex,
  type ComplexNDArray,
  type FloatArray,
  type SampleRange,
} from '../src/index';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T>() {
  return <V>(value: V, check: Equals<T, V>): V => {
    void check;
    return value;
  };
}

// Result types: numpy's storage (float32 stays Float32Array, the rest Float64Array) and the rank.
type F64<N extends number> = NDArray<Float64Array, number, N>;
type F32<N extends number> = NDArray<Float32Array, number, N>;
const vector = expectType<F64<1>>();
const matrix = expectType<F64<2>>();
const pair = expectType<[F64<2>, F64<2>]>();
const either = expectType<F64<number> | F64<number>[]>();
const f2 = [
  [1, 2, 4],
  [7, 11, 16],
];
const nd = array(f2);
declare const h: number;
declare const w: number;

// array() and the NDArray constructor know the rank the code shows.
matrix(nd, true);
vector(array([1, 2, 3]), true);
expectType<NDArray<Float32Array<ArrayBuffer>, number, 2>>()(array(new Float32Array(6), { shape: [2, 3] }), true);
expectType<NDArray<Int32Array, number, 1>>()(array([1, 2, 3], { dtype: 'int32' }), true);
expectType<NDArray<Float64Array<ArrayBuffer>, number, 3>>()(new NDArray(new Float64Array(24), [2, 3, 4]), true);
expectType<NDArray<Float64Array<ArrayBuffer>, number, 0>>()(new NDArray(new Float64Array(1), []), true);
// A shape held in a number[] is known at run time only.
const runtimeShape: number[] = [2, 3];
expectType<NDArray<Float64Array<ArrayBuffer>, number, number>>()(new NDArray(new Float64Array(6), runtimeShape), true);
// shape is a tuple, toArray() nested to the rank, get() takes one index per dimension.
expectType<readonly number[] & readonly [number, number]>()(nd.shape, true);
const [rows, columns]: readonly [number, number] = nd.shape; // no `| undefined` under noUncheckedIndexedAccess
void [rows, columns];
expectType<number[][]>()(nd.toArray(), true);
expectType<number>()(nd.get(1, 2), true);
// @ts-expect-error: a 2-d array takes two indices
nd.get(1);
expectType<2>()(nd.ndim, true);
for (const row of nd) vector(row, true);

// The image case: a pair of results of the input's storage, destructured without casts.
const image = new Float32Array(h * w);
const [gy, gx] = gradient(new NDArray(image, [h, w]));
expectType<F32<2>>()(gy, true);
expectType<Float32Array>()(gx.data, true);

// One NDArray: a 1-d input (number[] or a TypedArray), or a numeric axis.
vector(gradient([1, 2, 4, 7]), true);
expectType<F32<1>>()(gradient(new Float32Array(4), 0.5, { edgeOrder: 2 }), true);
vector(gradient(new Float64Array(4), [0, 1, 3, 4]), true);
vector(gradient(new Int16Array(4)), true); // integers give float64
matrix(gradient(f2, { axis: 1 }), true);
matrix(gradient(nd, 2, { axis: -1 }), true);
// One NDArray for a one-element axis list too; none for an empty one (run time agrees: api.test.ts).
matrix(gradient(f2, { axis: [1] }), true);
matrix(gradient(nd, { axis: [0] }), true);
expectType<[]>()(gradient(f2, { axis: [] }), true);
expectType<[]>()(gradient([1, 2, 3], { axis: [] }), true);
// Several axes: a tuple as long as the list.
pair(gradient(f2, { axis: [1, 0] }), true);
expectType<[F64<3>, F64<3>, F64<3>]>()(gradient(new NDArray(new Float64Array(24), [2, 3, 4]), { axis: [0, 1, -1] }), true);
// An axis list of unknown length (an array variable, an Int32Array, as numpy takes): one or several.
expectType<F64<2> | F64<2>[]>()(gradient(f2, { axis: new Int32Array([0]) }), true);
const axes: number[] = [0, 1];
expectType<F64<2> | F64<2>[]>()(gradient(f2, { axis: axes }), true);
// Every axis: a tuple as long as the rank (nested literals, shape tuples, rows of TypedArrays).
pair(gradient(f2), true);
pair(gradient(f2, 0.5, 2), true);
pair(gradient(nd), true);
pair(gradient(f2, { axis: null }), true);
expectType<[]>()(gradient(5), true);
// A rank known at run time only: one result or several.
either(gradient(new NDArray(new Float64Array(6), runtimeShape)), true);
either(gradient({ data: new Float64Array(6), shape: [2, 3] }), true);

// The async forms resolve to the same types.
async function asyncForms(): Promise<void> {
  vector(await gradientAsync([1, 2, 4, 7]), true);
  pair(await gradientAsync(f2), true);
  matrix(await gradientAsync(f2, { axis: 0 }), true);
  matrix(await gradientAsync(f2, { axis: [0] }), true);
  pair(await gradientAsync(f2, { axis: [0, 1] }), true);
  expectType<[]>()(await gradientAsync(f2, { axis: [] }), true);
  const [ay, ax] = await gradientAsync(new NDArray(image, [h, w]));
  expectType<F32<2>>()(ay, true);
  expectType<F32<2>>()(ax, true);
}
void asyncForms;

// Wrong option names and kinds do not compile.
// @ts-expect-error edge_order is numpy's name; here it is edgeOrder
gradient([1, 2, 3], { edge_order: 2 });
// @ts-expect-error signal is gradientAsync's: a synchronous call cannot be aborted
gradient([1, 2, 3], { signal: new AbortController().signal });
void gradientAsync([1, 2, 3], { signal: new AbortController().signal });
// @ts-expect-error a string is no spacing
gradient([1, 2, 3], 'a');

// Boundaries and accuracy: every form of the options type-checks and keeps the result types.
vector(gradient([1, 2, 4, 7, 11], { accuracy: 4 }), true);
vector(gradient([1, 2, 4, 7, 11], { boundary: 'periodic' }), true);
vector(gradient([1, 2, 4, 7, 11], [0, 1, 2, 3, 4], { boundary: { left: { constant: 0 }, right: 'reflect' }, period: 5 }), true);
pair(gradient(f2, { boundary: ['symmetric', { left: 'numpy', right: 'periodic' }], period: [undefined, 3], accuracy: 2, edgeOrder: 2 }), true);
// Orders held in `number` variables type-check (their values are checked at run time: errors.test.ts).
const edgeOrder: number = 2;
const accuracy: number = 4;
vector(gradient([1, 2, 4, 7, 11], { edgeOrder }), true);
vector(gradient([1, 2, 4, 7, 11], { accuracy }), true);
// @ts-expect-error: an unknown mode
gradient([1, 2, 4, 7, 11], { boundary: 'wrap' });

// Rows given as TypedArrays or 1-d NDArrays stack into a 2-d input (float64, as array() builds it).
pair(gradient([new Float64Array(3), new Float64Array(3)]), true);
pair(gradient([array([1, 2, 4]), array([2, 3, 7])]), true);

// Chunks, streams and files (README: Chunks and streams).
const range: SampleRange = gradientInputRange(100, 10, 20, { accuracy: 4, boundary: 'periodic' });
vector(gradient(new Float64Array(12), 0.5, { chunk: { length: 100, start: range.start + 2, end: range.end - 2, inputStart: range.start } }), true);
const step: NDArray | undefined = uniformStep(new Float64Array([0, 1, 2]));
void step;
const stream: Transform = createGradientStream(0.5, { accuracy: 4 });
void stream;
void (async () => {
  for await (const item of gradientStream([new Float64Array(4)], 0.5, { reuseResults: true, maxBuffered: 10 })) {
    const first: NDArray<FloatArray> | NDArray<FloatArray>[] = item;
    void first;
  }
  const done: Promise<void> = gradientFile('in.npy', ['out.npy'], { spacing: 0.5, memoryBytes: 2 ** 20 });
  void done;
})();
// @ts-expect-error: streams allocate their results: no out
createGradientStream({ out: new Float64Array(3) });
// @ts-expect-error: a chunk needs its positions
gradient(new Float64Array(3), { chunk: { length: 10 } });

// Complex data (README: Complex data): complex results for complex input; get() gives { re, im }.
type C128<N extends number> = NDArray<Float64Array, Complex, N>;
const z = array([
  { re: 1, im: 1 },
  { re: 2, im: 0 },
]);
expectType<C128<1>>()(z, true);
expectType<ComplexNDArray<1>>()(gradient(new Complex128Array(4)), true);
expectType<C128<1>>()(
  gradient([
    { re: 1, im: 0 },
    { re: 2, im: 2 },
    { re: 4, im: 1 },
  ]),
  true,
);
expectType<C128<1>>()(gradient(z), true);
expectType<C128<1>>()(gradient(z, 0.5, { axis: 0 }), true);
expectType<[C128<2>, C128<2>]>()(gradient(array([[{ re: 1, im: 1 }], [{ re: 2, im: 0 }]])), true);
void (async () => expectType<ComplexNDArray<1>>()(await gradientAsync(new Complex64Array(4)), true))();
expectType<Complex>()(gradient(new Complex128Array(4)).get(0), true);
expectType<NDArray<Float64Array, Complex, 1>>()(array(new Float64Array(4), { dtype: 'complex128' }), true);
expectType<NDArray<Float32Array, Complex, 2>>()(new NDArray<Float32Array, Complex, 2>(new Float32Array(8), [2, 2], undefined, 0, 'complex64'), true);
// A real NDArray constructed in the call stays real.
pair(gradient(new NDArray(new Float64Array(6), [2, 3])), true);
