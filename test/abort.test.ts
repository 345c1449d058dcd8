// gradientAsync's `signal` (README: gradientAsync): an abort rejects with an AbortError; work
// that has not started never starts (nothing written); running work runs to its end, never
// leaving a partial result; no listener outlives the call. Run on both backends (test:js).
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';

import { AbortError, NDArray, backend, createGradientStream, gradient, gradientAsync, gradientStream } from '../src/index';
import { marksProtect } from '../src/pending';

const ramp = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => (i * i) % 1009);

/** True when every element is 0: nothing was written into a zeroed array. */
const untouched = (data: Float64Array): boolean => data.every((v) => v === 0);

async function rejection(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('gradientAsync: signal', () => {
  it('an aborted signal rejects with an AbortError (its reason as cause) and writes nothing', async () => {
    const controller = new AbortController();
    const reason = new Error('user left');
    controller.abort(reason);
    const out = new Float64Array(1000);
    const error = await rejection(gradientAsync(ramp(1000), { out, signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR', cause: reason });
    expect(untouched(out)).toBe(true);
    // abort() without a reason: the signal's own DOMException AbortError is the cause.
    const plain = new AbortController();
    plain.abort();
    const second = (await rejection(gradientAsync(ramp(10), { signal: plain.signal }))) as AbortError;
    expect((second.cause as DOMException).name).toBe('AbortError');
  });

  it('arguments are checked first: a bad call with an aborted signal rejects with its own error', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(gradientAsync([1, 2], { edgeOrder: 2, signal: controller.signal })).rejects.toThrow(RangeError);
  });

  it('work still queued when the signal aborts never starts', async () => {
    // Fill the thread pool (libuv's 4 threads; the TypeScript backend's one event loop) with
    // long calls, then queue one more and abort it: it rejects without waiting for them, and
    // its `out` stays untouched after every call has ended.
    const n = backend === 'native' ? 8_000_000 : 400_000;
    const input = ramp(n); // made before the calls: they are queued back to back
    const busy = Array.from({ length: 4 }, () => gradientAsync(input, { threads: 1, accuracy: 8 }));
    const out = new Float64Array(n);
    const controller = new AbortController();
    const queued = gradientAsync(input, { out, signal: controller.signal });
    controller.abort();
    let busyDone = false;
    void Promise.all(busy).then(() => (busyDone = true));
    const error = await rejection(queued);
    expect(error).toBeInstanceOf(AbortError);
    // Rejected at once, not after the pool drained. (Where the guard copies each input at the call,
    // Node 21-23, those copies take long enough for the busy calls to end first: no full pool then.)
    if (backend === 'native' && marksProtect) expect(busyDone).toBe(false);
    await Promise.all(busy);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(untouched(out)).toBe(true);
  });

  it('work already running runs to its end: an abort at any moment leaves out untouched or whole, never partial', async () => {
    const n = backend === 'native' ? 4_000_000 : 200_000;
    const f = ramp(n);
    const want = gradient(f).data;
    let outcomes = '';
    for (const delay of [0, 1, 2, 5, 10]) {
      const out = new Float64Array(n);
      const controller = new AbortController();
      const pending = gradientAsync(f, { out, signal: controller.signal });
      setTimeout(() => controller.abort(), delay);
      const error = await rejection(pending);
      // Resolved before the abort, or rejected with an AbortError.
      if (error !== undefined) expect(error).toBeInstanceOf(AbortError);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const whole = out.every((v, i) => v === want[i]);
      expect(untouched(out) || whole).toBe(true);
      outcomes += error === undefined ? 'r' : whole ? 'w' : 'u';
    }
    expect(outcomes).toHaveLength(5);
  });

  it('a signal that never aborts changes nothing: the same bits, and no listener left behind', async () => {
    const controller = new AbortController();
    const f = new NDArray(ramp(600), [20, 30]);
    const results = await gradientAsync(f, 0.5, { signal: controller.signal });
    const want = gradient(f, 0.5);
    expect(results.map((r) => Array.from(r.data))).toEqual(want.map((r) => Array.from(r.data)));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // Many calls on one signal: each removes its listener when it settles.
    await Promise.all(Array.from({ length: 50 }, () => gradientAsync(ramp(100), { signal: controller.signal })));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    controller.abort();
  });

  it('signal must be a real AbortSignal, and is an option of gradientAsync only', async () => {
    for (const fake of [{ aborted: true }, {}, 'abort', new EventTarget()]) {
      await expect(gradientAsync([1, 2, 3], { signal: fake as AbortSignal })).rejects.toThrow(/signal must be an AbortSignal/);
    }
    expect(() => gradient([1, 2, 3], { signal: new AbortController().signal } as never)).toThrow(/signal is an option of gradientAsync/);
    expect(() => gradientStream([new Float64Array(3)], { signal: new AbortController().signal } as never)).not.toThrow(); // lazy
    await expect(gradientStream([new Float64Array(3)], { signal: new AbortController().signal } as never).next()).rejects.toThrow(
      /signal is not an option of streams/,
    );
    expect(() => createGradientStream({ signal: new AbortController().signal } as never)).toThrow(/signal is not an option of streams/);
  });
});
