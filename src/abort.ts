/**
 * gradientAsync's `signal`: an AbortSignal that rejects the call with an AbortError.
 *
 * Work still queued when the signal aborts never starts: the call and the pool thread share a
 * cancellation flag (an Int32Array over a SharedArrayBuffer: 0 queued, 1 started, 2 cancelled),
 * and one compare-and-swap on each side decides which came first (native/async.cc). Work already
 * running cannot be stopped midway: it runs to its end, then the call rejects and its results are
 * dropped (an `out` array then holds them). The signal's state and events are read through the
 * built-in AbortSignal and EventTarget methods captured at load, so a look-alike object or a
 * patched prototype runs no code here.
 */

import { describe } from './describe';

/** The cancellation states of native/async.cc (and of the TypeScript backend, reference.ts). */
export enum Flag {
  queued = 0,
  started = 1,
  cancelled = 2,
}

// Captured once: the brand-checking getters (they throw for anything but a real AbortSignal).
const abortedOf = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')!.get!;
const reasonOf = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'reason')!.get!;
const addListener = EventTarget.prototype.addEventListener;
const removeListener = EventTarget.prototype.removeEventListener;
const compareExchange = Atomics.compareExchange;
const Shared: SharedArrayBufferConstructor | undefined = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : undefined;

/**
 * The error an aborted call rejects with, as Node's own APIs do (`fs.promises.readFile`,
 * `timers/promises`): name 'AbortError', code 'ABORT_ERR', the signal's reason as its `cause`.
 * @example
 * const controller = new AbortController();
 * const pending = gradientAsync(f, { signal: controller.signal });
 * controller.abort();
 * await pending.catch((error) => error instanceof AbortError); // true
 */
export class AbortError extends Error {
  override readonly name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The `signal` option checked: undefined, or a real AbortSignal (a TypeError otherwise). */
export function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  try {
    abortedOf.call(value);
  } catch {
    throw new TypeError(`signal must be an AbortSignal (new AbortController().signal), got ${describe(value)}`);
  }
  return value as AbortSignal;
}

function abortErrorOf(signal: AbortSignal): AbortError {
  return new AbortError(undefined, { cause: reasonOf.call(signal) });
}

/** Rejects now (throws, in an async function) when the signal has aborted already. */
export function throwIfAborted(signal: AbortSignal): void {
  if (abortedOf.call(signal)) throw abortErrorOf(signal);
}

/** A fresh cancellation flag for one call (state: queued), or undefined where there is no SharedArrayBuffer. */
export function cancellationFlag(): Int32Array | undefined {
  return Shared === undefined ? undefined : new Int32Array(new Shared(4));
}

/**
 * The work's outcome, unless the signal aborts first: then an AbortError, at once for work that
 * had not started (it never will), when it ends for work that had (its results dropped). Without a
 * flag (no SharedArrayBuffer) queued work cannot be stopped: the call rejects when it ends.
 */
export function abortable(work: Promise<void>, flag: Int32Array | undefined, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let abortedWhileRunning = false;
    const onAbort = (): void => {
      if (flag !== undefined && compareExchange(flag, 0, Flag.queued, Flag.cancelled) === Flag.queued) reject(abortErrorOf(signal));
      else abortedWhileRunning = true;
    };
    addListener.call(signal, 'abort', onAbort, { once: true });
    const settle = (outcome: () => void): void => {
      removeListener.call(signal, 'abort', onAbort);
      outcome();
    };
    work.then(
      () => settle(() => (abortedWhileRunning ? reject(abortErrorOf(signal)) : resolve())),
      (error: unknown) => settle(() => reject(abortedWhileRunning ? abortErrorOf(signal) : error)),
    );
  });
}
