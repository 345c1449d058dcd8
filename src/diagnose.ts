/**
 * Why the native addon did not load, in words a user can act on: what was tried, what went wrong
 * (a missing file, a binary for another architecture, a C library older than the binary needs),
 * and the fix. The loader's own messages are often misleading: Linux says "No such file or
 * directory" for an existing binary of another architecture.
 */

import { closeSync, existsSync, openSync, readSync } from 'node:fs';

// ELF e_machine values and the process.arch names they are.
const machines: Record<number, string> = { 62: 'x64', 183: 'arm64', 3: 'ia32', 40: 'arm', 243: 'riscv64', 21: 'ppc64', 22: 's390x' };

/** The architecture an ELF file is built for, 'not ELF', or undefined when unreadable. */
function elfArchitecture(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const header = Buffer.alloc(20);
    const read = readSync(fd, header, 0, 20, 0);
    if (read < 20 || header.readUInt32BE(0) !== 0x7f454c46) return 'not ELF';
    const machine = header[5] === 2 ? header.readUInt16BE(18) : header.readUInt16LE(18);
    return machines[machine] ?? `ELF machine 0x${machine.toString(16)}`;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The glibc this process runs on (Linux with glibc only). */
function glibcVersion(): string | undefined {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime;
}

const rebuild = 'build the addon from source with `npm run build:native --prefix node_modules/ndgradient` (a C++17 compiler, make and python3)';

/**
 * The reason and the fix for a failed load of `file` (undefined: node-gyp-build found none).
 * @example explainLoadFailure(new Error('x'), '/missing.node', 'NDGRADIENT_ADDON_PATH'); // "… does not exist …"
 */
export function explainLoadFailure(error: unknown, file: string | undefined, source: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0]!;
  let reason: string;
  if (file === undefined) {
    reason = `${firstLine}; ${rebuild}, or use the TypeScript backend (NDGRADIENT_BACKEND=js)`;
  } else if (!existsSync(file)) {
    reason = `${file} (${source}) does not exist`;
  } else {
    const version = /version `((?:GLIBC|GLIBCXX|CXXABI)_[0-9.]+)' not found/.exec(message);
    const architecture = process.platform === 'linux' ? elfArchitecture(file) : undefined;
    if (version !== undefined && version !== null) {
      const library = version[1]!.startsWith('GLIBC_') ? `glibc ${glibcVersion() ?? '(unknown version)'}` : 'an older libstdc++';
      reason = `${file} needs ${version[1]}, and this system has ${library}; ${rebuild} on this system`;
    } else if (architecture === 'not ELF') {
      reason = `${file} is not a shared library (no ELF header): a truncated or wrong file`;
    } else if (architecture !== undefined && architecture !== process.arch) {
      reason = `${file} is built for ${architecture}, and this process is ${process.arch}; install on this machine (npm ci) or point NDGRADIENT_ADDON_PATH at a build for ${process.arch}`;
    } else {
      reason = `${file}: ${firstLine}`;
    }
  }
  return new Error(`ndgradient: the native addon did not load: ${reason}`, { cause: error });
}
