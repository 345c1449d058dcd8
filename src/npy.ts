/**
 * The .npy format (numpy's NEP 1, versions 1.0, 2.0 and 3.0): its header, read and written, so
 * that the data can be streamed in bounded memory. npm's readers (npyjs and others) parse a whole
 * file held in memory, which is what the out-of-core command must not do; the header is small.
 *
 *   magic "\x93NUMPY", major, minor, header length (uint16 LE for 1.0, uint32 LE for 2.0 and 3.0),
 *   then a Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), },
 *   padded with spaces and a newline so that the data starts at a multiple of 64 bytes
 *   (latin-1 for 1.0 and 2.0, UTF-8 for 3.0).
 */

import type { DType, ResultDType } from './dtypes';

/** A parsed header: the data's dtype, byte order, layout, shape and where it starts. */
export interface NpyHeader {
  dtype: DType;
  /** True when the data is big-endian (and elements wider than a byte need swapping here). */
  bigEndian: boolean;
  itemSize: number;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the first element. */
  dataOffset: number;
}

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

// numpy's type codes (kind + size) of the dtypes gradient computes on.
const dtypes: Record<string, DType> = {
  f8: 'float64',
  f4: 'float32',
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64',
  c16: 'complex128',
  c8: 'complex64',
  f2: 'float16',
};

// The type codes of the result dtypes, for the headers written.
const codes: Record<ResultDType, string> = { float64: 'f8', float32: 'f4', complex128: 'c16', complex64: 'c8', float16: 'f2' };

/** A format error: what is wrong with the file, for the command's message. */
export class NpyFormatError extends Error {
  override name = 'NpyFormatError';
}

/** How many header bytes to read first: the fixed part of any version. */
export const npyPreambleLength = 12;

/** The length of the whole header (preamble, dict, padding) from its first 12 bytes. */
export function npyHeaderLength(preamble: Uint8Array): number {
  if (preamble.length < 10 || magic.some((b, i) => preamble[i] !== b)) throw new NpyFormatError('not a .npy file (no \\x93NUMPY magic at its start)');
  const major = preamble[6]!;
  if (major < 1 || major > 3) throw new NpyFormatError(`.npy format version ${major}.${preamble[7]} is not one this reads (1.0, 2.0, 3.0)`);
  const view = new DataView(preamble.buffer, preamble.byteOffset, preamble.byteLength);
  if (major === 1) return 10 + view.getUint16(8, true);
  if (preamble.length < 12) throw new NpyFormatError('the .npy header is cut short');
  return 12 + view.getUint32(8, true);
}

/** Parses the whole header (npyHeaderLength bytes). */
export function parseNpyHeader(header: Uint8Array): NpyHeader {
  const length = npyHeaderLength(header);
  if (header.length < length) throw new NpyFormatError(`the .npy header is cut short: ${header.length} of its ${length} bytes`);
  const major = header[6]!;
  const start = major === 1 ? 10 : 12;
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(header.subarray(start, length));
  const descr = /'descr'\s*:\s*(?:'([^']*)'|(\[))/.exec(text);
  const order = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (descr === null || order === null || shape === null)
    throw new NpyFormatError(`the .npy header is not a dict with descr, fortran_order and shape: ${text.trim()}`);
  if (descr[2] !== undefined) throw new NpyFormatError('the .npy file holds a structured dtype; gradient needs numbers');
  const code = descr[1]!;
  const byteOrder = code[0]!;
  const dtype = dtypes[code.slice(1)];
  if (!'<>|='.includes(byteOrder) || dtype === undefined) {
    throw new NpyFormatError(
      `the .npy dtype '${code}' is not supported: use float64, float32, float16, complex128, complex64 or an integer type (numpy's own gradient refuses bool)`,
    );
  }
  const dims = shape[1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (dims.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new NpyFormatError(`the .npy shape (${shape[1]}) is not a tuple of sizes`);
  const itemSize = Number(code.slice(2));
  return { dtype, bigEndian: byteOrder === '>' && itemSize > 1, itemSize, fortranOrder: order[1] === 'True', shape: dims, dataOffset: length };
}

/** A version 1.0 header (2.0 when the dict does not fit 1.0's uint16 length). */
export function npyHeader(dtype: ResultDType, shape: readonly number[], fortranOrder: boolean, bigEndian = false): Uint8Array {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${bigEndian ? '>' : '<'}${codes[dtype]}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${tuple}, }`;
  const version = dict.length + 11 < 65536 ? 1 : 2;
  const preamble = version === 1 ? 10 : 12;
  const total = Math.ceil((preamble + dict.length + 1) / 64) * 64;
  const bytes = new Uint8Array(total).fill(0x20);
  bytes.set(magic, 0);
  bytes[6] = version;
  bytes[7] = 0;
  const view = new DataView(bytes.buffer);
  if (version === 1) view.setUint16(8, total - preamble, true);
  else view.setUint32(8, total - preamble, true);
  for (let i = 0; i < dict.length; i++) bytes[preamble + i] = dict.charCodeAt(i);
  bytes[total - 1] = 0x0a;
  return bytes;
}
