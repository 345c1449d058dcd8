// What user code can do from inside a call — getters, Proxies, re-entrant calls, a polluted
// Object.prototype, objects from another realm — and aliasing `out` can set up: none of it may
// corrupt a result, leave a result element unwritten, or tie up a thread. Each case failed
// before the fix it names (README: Safety).
import { runInNewContext } from 'node:vm';

import { afterEach, describe, expect, it } from 'vitest';

import { NDArray, array, gradient, gradientAsync } from '../src/index';
import { isNDArray } from '../src/ndarray';

const syncCall = gradient as unknown as (...args: unknown[]) => NDArray | NDArray[];
const asyncCall = gradientAsync as unknown as (...args: unknown[]) => Promise<NDArray | NDArray[]>;

const squares = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i * i);
const bits = (a: NDArray): string => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).toString('hex');

describe('read once: every property of a user object is read exactly once', () => {
  it('NDArray fields cannot be reassigned, and a call works on its own copy of each view', async () => {
    const a = new NDArray(squares(4096), [4096]);
    expect(() => ((a as { offset: number }).offset = 1)).toThrow(TypeError);
    expect(() => ((a as { shape: readonly number[] }).shape = [3])).toThrow(TypeError);
    const expected = bits(gradient(squares(4096)));
    for (const call of [syncCall, asyncCall]) {
      const f = new NDArray(squares(4096), [4096]);
      // Read after f: the out list's getter shrinks f's shape array mid-call.
      const out = new Float64Array(4096);
      const outList = new Proxy([out], {
        get: (target, key) => {
          (f.shape as unknown as number[])[0] = 3;
          return Reflect.get(target, key);
        },
      });
      const result = (await call(f, { axis: [0], out: outList })) as NDArray;
      expect(result.shape).toEqual([4096]);
      expect(bits(result)).toBe(expected);
    }
  });

  it('gradient(typedArray, { out }) (the fast path) reads the options object once: its keys, then each option', () => {
    /** `options` behind a Proxy that counts the reads of its keys and of `out`. */
    const counted = (options: object) => {
      const reads = { keys: 0, out: 0 };
      const proxy = new Proxy(options, {
        ownKeys: (target) => {
          reads.keys++;
          return Reflect.ownKeys(target);
        },
        get: (target, key) => {
          if (key === 'out') reads.out++;
          return Reflect.get(target, key);
        },
      });
      return { proxy, reads };
    };
    const expected = bits(gradient(squares(64)));
    const out = new Float64Array(64);
    const taken = counted({ out });
    expect((gradient(squares(64), taken.proxy) as NDArray).data).toBe(out);
    expect(bits(new NDArray(out, [64]))).toBe(expected);
    expect(taken.reads).toEqual({ keys: 1, out: 1 });
    // An out the fast path declines (an NDArray) goes the general way, still read once.
    const wrapped = new NDArray(new Float64Array(64), [64]);
    const declined = counted({ out: wrapped });
    expect(gradient(squares(64), declined.proxy)).toBe(wrapped);
    expect(declined.reads).toEqual({ keys: 1, out: 1 });
  });

  it('a Proxy of an NDArray, or an object made from NDArray.prototype, is not taken for one', () => {
    const real = new NDArray(squares(8));
    expect(isNDArray(real)).toBe(true);
    expect(isNDArray(new Proxy(real, {}))).toBe(false);
    expect(isNDArray(Object.create(NDArray.prototype))).toBe(false);
    // A Proxy is read like any ndarray-like: each property once, then checked.
    let reads = 0;
    const proxy = new Proxy(real, {
      get: (target, key) => {
        reads++;
        return Reflect.get(target, key);
      },
    });
    expect(bits(gradient(proxy) as NDArray)).toBe(bits(gradient(squares(8))));
    // data, shape, strides (or stride), offset, dtype, and constructor (is it a stdlib complex array?)
    expect(reads).toBeLessThanOrEqual(6);
  });

  it('an ndarray-like whose getters change between reads is read once: allocation, checks and params agree', async () => {
    for (const call of [syncCall, asyncCall]) {
      const reads: Record<string, number> = { data: 0, shape: 0, strides: 0, offset: 0 };
      const data = squares(4096);
      const shifty = {
        get data() {
          reads.data!++;
          return data;
        },
        get shape() {
          return reads.shape!++ === 0 ? [4096] : [3];
        },
        get strides() {
          return reads.strides!++ === 0 ? [1] : [0];
        },
        get offset() {
          return reads.offset!++ === 0 ? 0 : 4000;
        },
      };
      const result = (await call(shifty)) as NDArray;
      expect(result.shape).toEqual([4096]);
      expect(bits(result)).toBe(bits(gradient(data)));
      expect(reads).toEqual({ data: 1, shape: 1, strides: 1, offset: 1 });
    }
  });

  it('a re-entrant gradient inside a getter does not disturb the outer call', async () => {
    const f = squares(4096);
    const expected = bits(gradient(f, 0.5, { edgeOrder: 2 }));
    const nested = () => gradient(squares(3), { edgeOrder: 1 });
    for (const call of [syncCall, asyncCall]) {
      const options = {
        get edgeOrder() {
          nested();
          return 2;
        },
      };
      expect(bits((await call(f, 0.5, options)) as NDArray)).toBe(expected);
      const like = {
        data: f,
        shape: [4096],
        get strides() {
          nested();
          return [1];
        },
      };
      expect(bits((await call(like, 0.5, { edgeOrder: 2 })) as NDArray)).toBe(expected);
      // The attack of the issue: an NDArray field turned into a re-entrant getter (now refused).
      const target = new NDArray(new Float64Array(4096), [4096]);
      try {
        Object.defineProperty(target, 'offset', {
          get: () => {
            nested();
            return 0;
          },
        });
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
      }
      expect(bits((await call(f, 0.5, { edgeOrder: 2, out: target })) as NDArray)).toBe(expected);
      const out = new Float64Array(4096);
      const outList = new Proxy([out], {
        get: (target, key) => {
          nested();
          return Reflect.get(target, key);
        },
      });
      const written = (await call(f, 0.5, { edgeOrder: 2, axis: [0], out: outList })) as NDArray;
      expect(written.data === out).toBe(true);
      expect(bits(written)).toBe(expected);
    }
  });

  it('options are own enumerable properties, each read once, whichever path the call takes', async () => {
    const f = squares(16);
    const expected = bits(gradient(f, { edgeOrder: 2 }));
    const plain = bits(gradient(f));
    for (const call of [syncCall, asyncCall]) {
      // { out } alone takes the fast path: its getter runs once, and the result lands in out.
      const out = new Float64Array(16);
      let reads = 0;
      const onlyOut = {
        get out() {
          reads++;
          return out;
        },
      };
      const written = (await call(f, onlyOut)) as NDArray;
      expect([reads, written.data === out, bits(written)]).toEqual([1, true, plain]);
      // A getter that deletes the option after it: the names were listed first, and a deleted
      // one reads as unset, never as an inherited value.
      const deleting: Record<string, unknown> = {
        get out() {
          delete deleting.edgeOrder;
          return undefined;
        },
        edgeOrder: 2,
      };
      expect(bits((await call(f, deleting)) as NDArray)).toBe(plain);
      // A non-enumerable option is not an option, as for Object.keys and spread (axis 5 would throw).
      const hidden = Object.defineProperty({ edgeOrder: 2 }, 'axis', { value: 5, enumerable: false });
      expect(bits((await call(f, hidden)) as NDArray)).toBe(expected);
    }
  });

  it("a Proxy's own keys are listed once: the names checked are the names read", async () => {
    for (const call of [syncCall, asyncCall]) {
      let listed = 0;
      const options = new Proxy({ out: new Float64Array(16), bogus: 1 } as Record<string, unknown>, {
        ownKeys(target) {
          listed++;
          return listed === 1 ? Reflect.ownKeys(target) : ['out'];
        },
      });
      await expect(Promise.resolve().then(() => call(squares(16), options))).rejects.toThrow(/^unknown option 'bogus'/);
      expect(listed).toBe(1);
    }
  });

  it('a buffer detached by a getter after it was read is caught before anything is computed', async () => {
    for (const call of [syncCall, asyncCall]) {
      const x = new Float64Array([0, 1, 3, 6]);
      const options = {
        get edgeOrder() {
          structuredClone(x.buffer, { transfer: [x.buffer] });
          return 1;
        },
      };
      // Options are read first, so this detaches before the coordinates are read: a length error.
      await expect(Promise.resolve().then(() => call(squares(4), x, options))).rejects.toThrow(RangeError);
      const f = squares(4);
      const out = [new Float64Array(4)];
      const late = new Proxy(out, {
        get: (target, key) => {
          if (key === '0') structuredClone(f.buffer, { transfer: [f.buffer as ArrayBuffer] });
          return Reflect.get(target, key);
        },
      });
      await expect(Promise.resolve().then(() => call(f, { axis: [0], out: late }))).rejects.toThrow(/detached, transferred or shrunk/);
    }
  });
});

describe('aliasing: out shares memory with nothing the call reads, nor with itself', () => {
  const cases: [string, () => unknown[], RegExp][] = [
    [
      'out is the coordinates',
      () => {
        const x = new Float64Array([0, 1, 3, 6, 10]);
        return [squares(5), x, { out: x }];
      },
      /must not share memory with the coordinates/,
    ],
    [
      'out overlaps the coordinates',
      () => {
        const m = new Float64Array(12);
        return [squares(5), m.subarray(0, 5), { out: m.subarray(4, 9) }];
      },
      /must not share memory with the coordinates/,
    ],
    ['a zero-stride out', () => [squares(6), { out: new NDArray(new Float64Array(1), [6], [0]) }], /maps two indices to one element/],
    [
      'a 2-d out with strides [0, 0]',
      () => [new NDArray(squares(6), [2, 3]), { axis: 1, out: new NDArray(new Float64Array(6), [2, 3], [0, 0]) }],
      /maps two indices to one element/,
    ],
    [
      'a 2-d out whose rows overlap',
      () => [new NDArray(squares(6), [2, 3]), { axis: 1, out: new NDArray(new Float64Array(6), [2, 3], [2, 1]) }],
      /maps two indices to one element/,
    ],
    [
      'a zero-stride 2^52-element input with a zero-stride out (once a hang)',
      () => [new NDArray(new Float64Array(1), [2 ** 26, 2 ** 26], [0, 0]), { axis: 1, out: new NDArray(new Float64Array(1), [2 ** 26, 2 ** 26], [0, 0]) }],
      /maps two indices to one element/,
    ],
  ];
  it.each(cases)('%s: RangeError, sync and async, nothing written', async (_name, args, message) => {
    expect(() => syncCall(...args())).toThrow(message);
    await expect(asyncCall(...args())).rejects.toThrow(message);
    await expect(asyncCall(...args())).rejects.toBeInstanceOf(RangeError);
  });

  it('transposed, reversed and stepped outs are still accepted', () => {
    const f = new NDArray(squares(12), [3, 4]);
    const expected = gradient(f, { axis: 0 }).toArray();
    const memory = new Float64Array(24).fill(-1);
    const outs = [
      new NDArray(new Float64Array(12), [3, 4], [1, 3]), // Fortran order
      new NDArray(new Float64Array(12), [3, 4], [-4, -1], 11), // reversed
      new NDArray(memory, [3, 4], [8, 2], 0), // every other element
    ];
    for (const out of outs) expect(gradient(f, { axis: 0, out }).toArray()).toEqual(expected);
    expect(memory.filter((v, i) => i % 2 === 1 && v !== -1)).toHaveLength(0);
  });
});

describe('options: own properties only, plain objects from any realm', () => {
  const polluted = ['edgeOrder', 'axis', 'out', 'threads', 'dtype', 'length', 'data', 'shape'];
  afterEach(() => {
    for (const name of polluted) delete (Object.prototype as Record<string, unknown>)[name];
  });

  it('a polluted Object.prototype changes no call', async () => {
    const f = [1, 2, 4, 8, 16];
    const expected = gradient(f).toArray();
    const trap = new Float64Array(5);
    Object.assign(Object.prototype, { edgeOrder: 2, axis: 7, out: trap, threads: 'many', dtype: 'int8', length: 1 });
    expect(gradient(f).toArray()).toEqual(expected);
    expect(gradient(f, { axis: 0 }).toArray()).toEqual(expected);
    expect((await gradientAsync(f, {})).toArray()).toEqual(expected);
    expect(array([1.5, 2.5]).dtype).toBe('float64');
    expect(Array.from(trap)).toEqual([0, 0, 0, 0, 0]);
  });

  it('an options object from another realm is options, not a spacing', () => {
    const options = runInNewContext('({ edgeOrder: 2 })') as object;
    expect(syncCall([1, 2, 4, 8], options)).toEqual(gradient([1, 2, 4, 8], { edgeOrder: 2 }));
    const withNullPrototype = Object.assign(Object.create(null) as object, { edgeOrder: 2 });
    expect(syncCall([1, 2, 4, 8], withNullPrototype)).toEqual(gradient([1, 2, 4, 8], { edgeOrder: 2 }));
  });

  it('an option named like an Object.prototype member is refused by name', () => {
    expect(() => syncCall([1, 2, 3], { constructor: 1 })).toThrow(/unknown option 'constructor'/);
    expect(() => syncCall([1, 2, 3], { toString: 1 })).toThrow(/unknown option 'toString'/);
  });
});

describe('own properties and replaced built-ins cannot redirect a call (hostile review)', () => {
  it('an NDArray subclass whose shape has an own map(): the call copies entries itself', async () => {
    const n = 1000;
    const data = squares(n);
    const shape = [n];
    (shape as unknown as { map: unknown }).map = () => [n / 2];
    class Shifty extends NDArray {
      override get shape(): readonly number[] {
        return shape;
      }
    }
    for (const call of [syncCall, asyncCall]) expect(bits((await call(new Shifty(data))) as NDArray)).toBe(bits(gradient(data.slice())));
  });

  it('own buffer and BYTES_PER_ELEMENT properties on out: overlap is still seen, results land in out', async () => {
    const memory = new ArrayBuffer(8 * 400, { maxByteLength: 8 * 400 }); // resizable: computed aside
    const o0 = new Float64Array(memory, 0, 200);
    const o1 = new Float64Array(memory, 800, 200);
    Object.defineProperty(o1, 'buffer', { value: new ArrayBuffer(8) });
    const f = new NDArray(squares(200), [10, 20]);
    expect(() => syncCall(f, { out: [o0, o1] })).toThrow(/must not share memory/);
    await expect(asyncCall(f, { out: [o0, o1] })).rejects.toThrow(/must not share memory/);
    const input = new Float64Array(new ArrayBuffer(8 * 200, { maxByteLength: 8 * 200 }), 0, 100).map((_, i) => i * i);
    const target = new Float64Array(new ArrayBuffer(8 * 100, { maxByteLength: 8 * 100 }));
    Object.defineProperty(target, 'BYTES_PER_ELEMENT', { value: 0 });
    await asyncCall(input, { out: target });
    expect(Array.from(target.subarray(0, 4))).toEqual([1, 2, 4, 6]);
    expect(Array.from(input.subarray(0, 4))).toEqual([0, 1, 4, 9]);
  });

  it('coordinates whose constructor[Symbol.species] is set are read where they lie', async () => {
    const xs = new Float64Array([0, 0, 1, 3, 4, 8, 9]);
    (xs as unknown as { constructor: unknown }).constructor = { [Symbol.species]: () => new Float64Array([0, 10, 20, 30, 40, 50]) };
    const f = [1, 2, 4, 7, 11, 16];
    const expected = gradient(f, [0, 1, 3, 4, 8, 9]).toArray();
    for (const call of [syncCall, asyncCall]) expect(((await call(f, new NDArray(xs, [6], [1], 1))) as NDArray).toArray()).toEqual(expected);
  });

  it('ndarray-likes ignore a polluted Object.prototype (offset, strides, stride), and keep class getters (stdlib)', () => {
    const like = () => ({ data: new Float64Array([1, 2, 4, 7, 11, 16]), shape: [3] });
    const clean = (gradient(like()) as NDArray).toArray();
    try {
      Object.assign(Object.prototype, { offset: 3, strides: [2], stride: [-1] });
      expect((gradient(like()) as NDArray).toArray()).toEqual(clean);
    } finally {
      for (const name of ['offset', 'strides', 'stride']) delete (Object.prototype as Record<string, unknown>)[name];
    }
    class Strided {
      get data() {
        return new Float64Array([1, 2, 4, 7, 11, 16]);
      }
      get shape() {
        return [3];
      }
      get strides() {
        return [2];
      }
      get offset() {
        return 0;
      }
    }
    expect((gradient(new Strided() as unknown as NDArray) as NDArray).toArray()).toEqual(gradient([1, 4, 11]).toArray());
  });
});
