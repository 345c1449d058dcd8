/**
 * Why the native addon did not load, in words a user can act on: what was tried, what went wrong
 * (a missing file, a binary for another architecture, a C library older than the binary needs),
 * and the fix. The loader's own messages are often misleading: Linux says "No such file or
 * directory" for an existing binary of another architecture.
 */

import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';

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

/**
 * The newest `prefix` symbol version (GLIBCXX_, CXXABI_) a shared library defines: what the
 * libstdc++ the loader named provides. Undefined when it cannot be read.
 */
function newestVersion(library: string, prefix: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(library, 'latin1');
  } catch {
    return undefined;
  }
  const parts = (version: string): number[] => version.split('.').map(Number);
  const newer = (a: string, b: string): boolean => {
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
    return false;
  };
  let newest: string | undefined;
  for (const match of text.matchAll(new RegExp(`${prefix}_(\\d+(?:\\.\\d+)*)\\0`, 'g'))) {
    if (newest === undefined || newer(match[1]!, newest)) newest = match[1]!;
  }
  return newest === undefined ? undefined : `${prefix}_${newest}`;
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
    // The loader names the library that lacks the version: "/lib/…/libstdc++.so.6: version `GLIBCXX_3.4.30' not found".
    const version = /(?:(?:^|\s)(\S+): )?version `((GLIBC|GLIBCXX|CXXABI)_[0-9.]+)' not found/.exec(message);
    const architecture = process.platform === 'linux' ? elfArchitecture(file) : undefined;
    if (version !== undefined && version !== null) {
      const [, library, needed, prefix] = version;
      const newest = library === undefined ? undefined : newestVersion(library, prefix!);
      const found =
        prefix === 'GLIBC'
          ? `glibc ${glibcVersion() ?? '(unknown version)'}`
          : newest === undefined
            ? `an older libstdc++${library === undefined ? '' : ` (${library})`}`
            : `${library}, whose newest is ${newest}`;
      reason = `${file} needs ${needed}, and this system has ${found}; ${rebuild} on this system`;
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
