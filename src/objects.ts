/**
 * Reading user objects without trusting their prototype chain: options and their defaults come
 * from own properties only, so a polluted `Object.prototype` (`Object.prototype.out = …`) changes
 * no call; plain objects are recognised whatever realm (`vm` context, iframe) made them.
 */

import { getPrototypeOf, hasOwn } from './intrinsics';

const objectPrototype = Object.prototype;

/**
 * The own property `name` of `object`, read once, or undefined where it has none.
 * @example ownProperty(Object.create({ edgeOrder: 2 }), 'edgeOrder'); // undefined
 */
export function ownProperty(object: object, name: string): unknown {
  return hasOwn(object, name) ? (object as Record<string, unknown>)[name] : undefined;
}

/**
 * True for a plain object — `{ … }` or `Object.create(null)` — from any realm: its prototype is
 * null or a root prototype (one whose own prototype is null), as every realm's Object.prototype is.
 * Arrays, TypedArrays and class instances are not plain.
 * @example isPlainObject(vm.runInNewContext('({ edgeOrder: 2 })')); // true
 */
export function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  const prototype = getPrototypeOf(value) as object | null;
  // This realm's Object.prototype first: asking it for its own prototype leaves V8's fast path.
  return prototype === null || prototype === objectPrototype || getPrototypeOf(prototype) === null;
}

/**
 * A property of an ndarray-like, own or inherited from a class's prototype (stdlib's ndarrays
 * have getters there), but never from a root prototype: a polluted Object.prototype.offset or
 * .strides is not part of any array.
 */
export function likeProperty(object: object, name: string): unknown {
  return hasLikeProperty(object, name) ? (object as Record<string, unknown>)[name] : undefined;
}

/** Whether likeProperty would find `name` (nothing is read). */
export function hasLikeProperty(object: object, name: string): boolean {
  for (let level: object | null = object; level !== null; level = getPrototypeOf(level) as object | null) {
    if (level !== object && getPrototypeOf(level) === null) return false; // a root prototype
    if (hasOwn(level, name)) return true;
  }
  return false;
}
