/**
 * Reading user objects without trusting their prototype chain: options and their defaults come
 * from own properties only, so a polluted `Object.prototype` (`Object.prototype.out = …`) changes
 * no call; plain objects are recognised whatever realm (`vm` context, iframe) made them.
 */

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The own property `name` of `object`, read once, or undefined where it has none.
 * @example ownProperty(Object.create({ edgeOrder: 2 }), 'edgeOrder'); // undefined
 */
export function ownProperty(object: object, name: string): unknown {
  return hasOwn.call(object, name) ? (object as Record<string, unknown>)[name] : undefined;
}

/** True where `object` has an own property `name` (inherited ones do not count). */
export function hasOwnProperty(object: object, name: string): boolean {
  return hasOwn.call(object, name);
}

/**
 * True for a plain object — `{ … }` or `Object.create(null)` — from any realm: its prototype is
 * null or a root prototype (one whose own prototype is null), as every realm's Object.prototype is.
 * Arrays, TypedArrays and class instances are not plain.
 * @example isPlainObject(vm.runInNewContext('({ edgeOrder: 2 })')); // true
 */
export function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
