// Type tests, checked by `npm run typecheck` (tsc -p test): what TypeScript infers for each call
// form of gradient and gradientAsync. A wrong overload fails compilation.
import type { Transform } from 'node:stream';

import Complex128Array from '@stdlib/array-complex128';
import Complex64Array from '@stdlib/array-complex64';

import { NDArray, array, createGradientStream, gradient, gradientAsync, gradientFile, gradientInputRange, gradientStream, uniformStep, type Complex, type ComplexNDArray, type FloatArray, type SampleRange } from '../src/index';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T>() {
  return <V>(value: V, check: Equals<T, V>): V => (void check, value);
}

const one = expectType<NDArray<FloatArray>>();
const many = expectType<NDArray<FloatArray>[]>();
const either = expectType<NDArray<FloatArray> | NDArray<FloatArray>[]>();
const f2 = [[1, 2, 4], [7, 11, 16]];
const nd = array(f2);

// One NDArray: a 1-d input (number[] or a TypedArray), or a numeric axis.
one(gradient([1, 2, 4, 7]), true);
one(gradient(new Float32Array(4), 0.5, { edgeOrder: 2 }), true);
one(gradient(new Float64Array(4), [0, 1, 3, 4]), true);
one(gradient(f2, { axis: 1 }), true);
one(gradient(nd, 2, { axis: -1 }), true);
// One NDArray for a one-element axis list too; none for an empty one (run time agrees: api.test.ts).
one(gradient(f2, { axis: [1] }), true);
one(gradient(nd, { axis: [0] }), true);
expectType<[]>()(gradient(f2, { axis: [] }), true);
expectType<[]>()(gradient([1, 2, 3], { axis: [] }), true);
many(gradient(f2, { axis: [1, 0] }), true);
// An array: nested input, or a 0-d number (an empty array).
many(gradient(f2), true);
many(gradient(f2, 0.5, 2), true);
many(gradient(5), true);
// An NDArray's rank is known only at run time.
either(gradient(nd), true);
either(gradient({ data: new Float64Array(6), shape: [2, 3] }), true);

// The async forms resolve to the same types.
async function asyncForms(): Promise<void> {
  one(await gradientAsync([1, 2, 4, 7]), true);
  many(await gradientAsync(f2), true);
  one(await gradientAsync(f2, { axis: 0 }), true);
  one(await gradientAsync(f2, { axis: [0] }), true);
  expectType<[]>()(await gradientAsync(f2, { axis: [] }), true);
  either(await gradientAsync(nd), true);
}
void asyncForms;

// Wrong option names and kinds do not compile.
// @ts-expect-error edge_order is numpy's name; here it is edgeOrder
gradient([1, 2, 3], { edge_order: 2 });
// @ts-expect-error a string is no spacing
gradient([1, 2, 3], 'a');

// Boundaries and accuracy: every form of the options type-checks and keeps the result types.
one(gradient([1, 2, 4, 7, 11], { accuracy: 4 }), true);
one(gradient([1, 2, 4, 7, 11], { boundary: 'periodic' }), true);
one(gradient([1, 2, 4, 7, 11], [0, 1, 2, 3, 4], { boundary: { left: { constant: 0 }, right: 'reflect' }, period: 5 }), true);
many(gradient(f2, { boundary: ['symmetric', { left: 'numpy', right: 'periodic' }], period: [undefined, 3], accuracy: 2, edgeOrder: 2 }), true);
// Orders held in `number` variables type-check (their values are checked at run time: errors.test.ts).
const edgeOrder: number = 2;
const accuracy: number = 4;
one(gradient([1, 2, 4, 7, 11], { edgeOrder }), true);
one(gradient([1, 2, 4, 7, 11], { accuracy }), true);
// @ts-expect-error: an unknown mode
gradient([1, 2, 4, 7, 11], { boundary: 'wrap' });

// Rows given as TypedArrays stack into a 2-d input: an array of results.
many(gradient([new Float64Array(3), new Float64Array(3)]), true);
either(gradient([array([1, 2, 4]), array([2, 3, 7])]), true);

// Chunks, streams and files (README: Chunks and streams).
const range: SampleRange = gradientInputRange(100, 10, 20, { accuracy: 4, boundary: 'periodic' });
one(gradient(new Float64Array(12), 0.5, { chunk: { length: 100, start: range.start + 2, end: range.end - 2, inputStart: range.start } }), true);
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
const complexOne = expectType<ComplexNDArray>();
const complexEither = expectType<ComplexNDArray | ComplexNDArray[]>();
const z = array([{ re: 1, im: 1 }, { re: 2, im: 0 }]);
expectType<ComplexNDArray>()(z, true);
complexOne(gradient(new Complex128Array(4)), true);
complexOne(gradient([{ re: 1, im: 0 }, { re: 2, im: 2 }, { re: 4, im: 1 }]), true);
complexEither(gradient(z), true);
complexOne(gradient(z, 0.5, { axis: 0 }), true);
void (async () => complexOne(await gradientAsync(new Complex64Array(4)), true))();
expectType<Complex>()(complexOne(gradient(new Complex128Array(4)), true).get(0), true);
expectType<ComplexNDArray>()(array(new Float64Array(4), { dtype: 'complex128' }), true);
// A real NDArray constructed in the call stays real.
either(gradient(new NDArray(new Float64Array(6), [2, 3])), true);
