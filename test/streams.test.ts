// Streams (README: Chunks and streams): random numpy cases streamed along axis 0 in several
// chunkings concatenate to the whole call (which equals numpy), through both backends; the
// Transform honours backpressure, can be destroyed early, and errors destroy it with a clear
// message. Reproduce with NDGRADIENT_SEED.
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { describe, expect, it } from 'vitest';

import { createGradient } from '../src/gradient';
import { NDArray, createGradientStream, gradient, gradientStream } from '../src/index';
import { jsBackend } from '../src/reference';
import { createGradientStreamFunction } from '../src/streams';
import { caseArguments, compareCase, runOracle } from './numpy/oracle';

const count = Number(process.env.NDGRADIENT_STREAM_CASES ?? 160);
const seed = Number(process.env.NDGRADIENT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const jsStream = createGradientStreamFunction(createGradient(jsBackend).gradient);

/** Rows [from, to) of axis 0 of a, as a view. */
function rows(a: NDArray, from: number, to: number): NDArray {
  return new NDArray(a.data, [to - from, ...a.shape.slice(1)], a.strides, a.offset + from * a.strides[0]!, a.dtype);
}

/** Cut points of n samples: chunks of `size`, or uneven ones from a seeded generator. */
function cuts(n: number, size: number | 'uneven', random: () => number): number[] {
  const points = [0];
  while (points[points.length - 1]! < n) {
    const step = size === 'uneven' ? 1 + Math.floor(random() * Math.max(2, n / 3)) : size;
    points.push(Math.min(n, points[points.length - 1]! + step));
  }
  return points;
}

function generator(state: number): () => number {
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** C-order values of a stream's results for result r, concatenated. */
function concatenated(items: (NDArray | NDArray[])[], r: number): number[] {
  return items.flatMap((item) => Array.from([item].flat()[r]!.data as Float64Array));
}

/** The stream arguments for a case: axis 0's coordinates move into { f, x } chunks. */
function streamCall(c: ReturnType<typeof caseArguments>): {
  f: NDArray;
  spacing: unknown[];
  options: Record<string, unknown>;
  x: number[] | undefined;
  float32: boolean;
  float16: boolean;
} {
  const [f, ...args] = c;
  const options = args.pop() as Record<string, unknown>;
  const axes = options.axis === undefined ? Array.from({ length: f.ndim }, (_, d) => d) : [options.axis].flat().map((a) => ((a as number) + f.ndim) % f.ndim);
  const k = axes.indexOf(0);
  let x: number[] | undefined;
  let float32 = false;
  let float16 = false;
  const spacing = args.map((s, j) => {
    if (args.length !== axes.length || j !== k) return s;
    if (typeof s === 'number' || (s instanceof NDArray && s.ndim === 0)) return s;
    const values = s instanceof NDArray ? (s.toArray() as number[]) : Array.from(s as ArrayLike<number>, Number);
    if (values.length === 1) return s;
    x = values;
    float32 = s instanceof Float32Array || (s instanceof NDArray && s.dtype === 'float32');
    float16 = (s instanceof NDArray && s.dtype === 'float16') || Object.prototype.toString.call(s) === '[object Float16Array]';
    return null;
  });
  return { f, spacing, options, x, float32, float16 };
}

describe('a stream gives the bits of one whole-array call', () => {
  it.each([
    ['stencil-random', count],
    ['complex-stencil-random', Math.round(count / 4)],
    ['float16-stencil-random', Math.round(count / 4)],
  ] as const)(
    `%s cases streamed along axis 0 in four chunkings, both backends (seed ${seed})`,
    async (mode, count) => {
      const { cases } = runOracle(mode, String(seed), String(count));
      const random = generator(seed);
      const failures: string[] = [];
      let streamed = 0;
      for (const c of cases) {
        const call = streamCall(caseArguments(c));
        const { f, options } = call;
        const boundary = Array.isArray(options.boundary) ? options.boundary : [options.boundary];
        // A streamed periodic axis cannot start before its end has arrived (checked below).
        // Streamed coordinates are float64 or float32 (README: Chunks and streams).
        if (f.shape[0] === 0 || JSON.stringify(boundary).includes('periodic') || call.float16) continue;
        const whole = gradient(f, ...(caseArguments(c).slice(1, -1) as never[]), options);
        const numpy = compareCase(c, whole as never);
        if (numpy !== undefined) failures.push(`${c.name}: whole call vs numpy: ${numpy}`);
        streamed++;
        const m = ((options.accuracy as number | undefined) ?? 2) / 2;
        for (const size of [1, m, 'uneven', f.shape[0]!] as const) {
          for (const [name, stream] of [
            ['native', gradientStream],
            ['js', jsStream],
          ] as const) {
            const points = cuts(f.shape[0]!, size, random);
            const chunks = points.slice(0, -1).map((from, p) => {
              const to = points[p + 1]!;
              if (call.x === undefined) return rows(f, from, to);
              const x = call.x.slice(from, to);
              return { f: rows(f, from, to), x: call.float32 ? Float32Array.from(x) : Float64Array.from(x) };
            });
            const items: (NDArray | NDArray[])[] = [];
            try {
              for await (const item of stream(chunks, ...(call.spacing as never[]), options)) items.push(item as NDArray | NDArray[]);
            } catch (error) {
              failures.push(`${c.name}, chunks of ${size}, ${name}: ${(error as Error).message}`);
              continue;
            }
            const results = [whole].flat() as NDArray[];
            for (let r = 0; r < results.length; r++) {
              const want = Array.from(results[r]!.data as Float64Array);
              const got = concatenated(items, r);
              // A NaN only has to be a NaN; float16 results are bits.
              const nan = results[r]!.dtype === 'float16' ? (v: number | undefined) => ((v ?? 0) & 0x7fff) > 0x7c00 : Number.isNaN;
              const i = want.findIndex((v, j) => !Object.is(v, got[j]) && !(nan(v) && nan(got[j])));
              if (got.length !== want.length || i >= 0)
                failures.push(`${c.name}, chunks of ${size}, ${name}, result ${r}: element ${i} ${got[i]} vs ${want[i]} (${got.length} of ${want.length})`);
            }
          }
        }
      }
      console.log(`streams (${mode}, seed ${seed}): ${streamed} cases × 4 chunkings × 2 backends, ${failures.length} mismatches`);
      expect(streamed).toBeGreaterThan(count / 3);
      expect(failures.slice(0, 10)).toEqual([]);
    },
    600_000,
  );

  it("coordinates that stay uniform are held to the end, then take numpy's scalar path", async () => {
    const f = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i / 5));
    const x = Float64Array.from({ length: 300 }, (_, i) => 3 * i);
    const chunks = Array.from({ length: 10 }, (_, k) => ({ f: f.subarray(30 * k, 30 * k + 30), x: x.subarray(30 * k, 30 * k + 30) }));
    const items: NDArray<Float64Array>[] = [];
    for await (const item of gradientStream(chunks, { edgeOrder: 2 })) items.push(item as NDArray<Float64Array>);
    expect(items.length).toBe(1);
    expect(Array.from(items[0]!.data)).toEqual(Array.from((gradient(f, x, { edgeOrder: 2 }) as NDArray<Float64Array>).data));
    // The first unequal difference decides: results flow from then on.
    const bent = Float64Array.from(x, (v, i) => (i >= 45 ? v + 1 : v));
    const flowing: NDArray<Float64Array>[] = [];
    for await (const item of gradientStream(chunks.map((c, k) => ({ f: c.f, x: bent.subarray(30 * k, 30 * k + 30) }))))
      flowing.push(item as NDArray<Float64Array>);
    expect(flowing.length).toBe(10);
    expect(flowing.flatMap((r) => Array.from(r.data))).toEqual(Array.from((gradient(f, bent) as NDArray<Float64Array>).data));
  });
});

describe('reuseResults', () => {
  it('every result in the same memory, the same values; refused by the Transform', async () => {
    const f = Float64Array.from({ length: 1000 }, (_, i) => Math.cos(i / 11));
    const chunks = Array.from({ length: 10 }, (_, k) => f.subarray(100 * k, 100 * k + 100));
    const values: number[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const item of gradientStream(chunks, 0.5, { accuracy: 6, reuseResults: true })) {
      values.push(...(item as NDArray<Float64Array>).data);
      buffers.add((item as NDArray<Float64Array>).data.buffer);
    }
    expect(values).toEqual(Array.from((gradient(f, 0.5, { accuracy: 6 }) as NDArray<Float64Array>).data));
    expect(buffers.size).toBeLessThanOrEqual(2); // grown once, past the first chunk's 97 positions
    expect(() => createGradientStream({ reuseResults: true })).toThrow(/reuseResults is gradientStream's/);
  });
});

describe('the Transform', () => {
  /** A stream of `count` chunks of 4096 float64 samples that counts how many were read from it. */
  function source(chunks: number): { readable: Readable; produced: () => number } {
    let produced = 0;
    const readable = Readable.from(
      (function* () {
        for (let k = 0; k < chunks; k++) {
          produced++;
          yield Float64Array.from({ length: 4096 }, (_, i) => Math.sin((k * 4096 + i) / 100));
        }
      })(),
      { objectMode: true, highWaterMark: 1 },
    );
    return { readable, produced: () => produced };
  }

  it('backpressure: a slow consumer holds the producer back (bounded chunks in flight)', async () => {
    const { readable, produced } = source(400);
    let consumed = 0;
    let inFlight = 0;
    const sink = new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(_item, _encoding, callback) {
        consumed++;
        inFlight = Math.max(inFlight, produced() - consumed);
        setTimeout(callback, 1);
      },
    });
    await pipeline(readable, createGradientStream(0.01), sink);
    expect(consumed).toBe(401); // one result per chunk, and the right end
    // Readable.from, the Transform's two sides and the sink each buffer a few items, not 400.
    expect(inFlight).toBeLessThan(40);
  });

  it('destroyed early, it closes without an error and stops reading', async () => {
    const { readable, produced } = source(1000);
    const stream = createGradientStream();
    let results = 0;
    await new Promise<void>((resolve) => {
      stream.on('data', () => {
        if (++results === 5) stream.destroy();
      });
      stream.on('close', resolve);
      readable.pipe(stream);
    });
    expect(stream.destroyed).toBe(true);
    expect(produced()).toBeLessThan(100);
  });

  it('a bad chunk mid-stream destroys it with a clear error', async () => {
    const cases: [unknown[], new (...args: never[]) => Error, RegExp][] = [
      [[new Float64Array(10), new Float32Array(10)], TypeError, /a chunk is float32; the stream's chunks are float64/],
      [
        [new NDArray(new Float64Array(12), [4, 3]), new NDArray(new Float64Array(8), [4, 2])],
        RangeError,
        /a chunk has shape \[4, 2\]; every chunk must be \[any, 3\]/,
      ],
      [
        [
          { f: new Float64Array(3), x: new Float64Array([0, 1, 2]) },
          { f: new Float64Array(3), x: new Float64Array(2) },
        ],
        RangeError,
        /a chunk's x has 2 coordinates for 3 samples/,
      ],
      [
        [{ f: new Float64Array(3), x: new Float64Array([0, 1, 3]) }, new Float64Array(3)],
        TypeError,
        /a chunk has no coordinates \(x\), the stream's first had/,
      ],
      [[5], RangeError, /a chunk must have at least one dimension/],
    ];
    for (const [chunks, type, message] of cases) {
      const stream = createGradientStream();
      const error = await pipeline(Readable.from(chunks, { objectMode: true }), stream, new PassThrough({ objectMode: true }).resume()).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(type);
      expect(error!.message).toMatch(message);
      expect(stream.destroyed).toBe(true);
    }
  });

  it('errors of the whole stream: periodic axis 0, too few samples, uniform coordinates past maxBuffered', async () => {
    const run = async (chunks: unknown[], ...args: unknown[]): Promise<Error | undefined> => {
      try {
        for await (const _ of gradientStream(chunks as never, ...(args as never[])));
      } catch (error) {
        return error as Error;
      }
      return undefined;
    };
    expect((await run([new Float64Array(10)], { boundary: 'periodic' }))?.message).toMatch(/axis 0 is streamed and periodic/);
    expect((await run([new Float64Array(4)], { accuracy: 4 }))?.message).toMatch(
      /the stream ended after 4 samples along axis 0; this stencil needs at least 5/,
    );
    expect((await run([]))?.message).toMatch(/the stream ended before any chunk/);
    const uniform = Array.from({ length: 5 }, (_, k) => ({ f: new Float64Array(10), x: Float64Array.from({ length: 10 }, (_, i) => 10 * k + i) }));
    expect((await run(uniform, { maxBuffered: 30 }))?.message).toMatch(/still uniform after 40 samples.*uniformStep/);
    expect(() => createGradientStream({ out: new Float64Array(3) } as never)).toThrow(/out is not an option of streams/);
    expect(() => createGradientStream({ maxBuffered: 0 })).toThrow(RangeError);
    expect((await run([new Float64Array(4)], new Float64Array(4)))?.message).toMatch(/arrive as the x of each \{ f, x \} chunk/);
  });
});
