/**
 * Built-ins captured when ndgradient loads, called without looking anything up on the values
 * they are given (Node's "primordials"): an own `buffer`, `length` or `BYTES_PER_ELEMENT`
 * property defined on a TypedArray, a `constructor[Symbol.species]`, or a built-in replaced
 * after load cannot change what a call reads, checks or protects. (Code that replaces built-ins
 * before ndgradient loads is trusted, as by every library.) No Node built-ins here.
 */

const call = Function.prototype.call;
/** `method` as a function of its receiver: uncurry(f)(self, ...args) is f.call(self, ...args). */
const uncurry = <T, A extends unknown[], R>(method: (this: T, ...args: A) => R): ((self: T, ...args: A) => R) => call.bind(method as never) as never;
const getter = <T, R>(prototype: object, name: PropertyKey): ((self: T) => R) =>
  uncurry(Object.getOwnPropertyDescriptor(prototype, name)!.get! as (this: T) => R);

const typedArrayPrototype = Object.getPrototypeOf(Int8Array.prototype) as object;

/** A TypedArray's real buffer, byte offset, byte length and length (its internal slots). */
export const bufferOf = getter<ArrayBufferView, ArrayBufferLike>(typedArrayPrototype, 'buffer');
export const byteOffsetOf = getter<ArrayBufferView, number>(typedArrayPrototype, 'byteOffset');
export const byteLengthOf = getter<ArrayBufferView, number>(typedArrayPrototype, 'byteLength');
export const lengthOf = getter<ArrayBufferView, number>(typedArrayPrototype, 'length');
/** The TypedArray's type name from its internal slot, or undefined for anything else. */
export const typedArrayName = getter<unknown, string | undefined>(typedArrayPrototype, Symbol.toStringTag);

/** True for a resizable (non-shared) ArrayBuffer. */
const resizableGetter = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get;
export const isResizable: (buffer: ArrayBuffer) => boolean =
  resizableGetter === undefined ? () => false : uncurry(resizableGetter as (this: ArrayBuffer) => boolean);

/** An ArrayBuffer's byte length, read with the built-in getter. */
export const arrayBufferByteLengthOf = uncurry(Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get as (this: ArrayBuffer) => number);

/** ArrayBuffer.prototype.transfer, where the runtime has it. */
const transferMethod = (ArrayBuffer.prototype as { transfer?: (this: ArrayBuffer, length?: number) => ArrayBuffer }).transfer;
export const transferOf = transferMethod === undefined ? undefined : uncurry(transferMethod);

export const hasOwn = uncurry(Object.prototype.hasOwnProperty as (this: object, key: PropertyKey) => boolean);
export const { getPrototypeOf } = Object;
