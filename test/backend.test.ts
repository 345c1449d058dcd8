// Backend selection: native by default, the TypeScript backend under NDGRADIENT_BACKEND=js or when
// the addon cannot load (with one warning), and ndgradient/js without any native code.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

import { explainLoadFailure } from '../src/diagnose';
import { backend, gradient } from '../src/index';

const root = path.join(__dirname, '..');
const node = (script: string, env: Record<string, string> = {}): string =>
  execFileSync(process.execPath, ['-e', script], {
    cwd: root,
    env: { ...process.env, NDGRADIENT_BACKEND: '', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('backends', () => {
  it('reports the backend in use', () => {
    expect(backend).toBe(process.env.NDGRADIENT_BACKEND === 'js' ? 'js' : 'native');
    expect(gradient([1, 2, 4, 7, 11]).toArray()).toEqual([1, 1.5, 2.5, 3.5, 4]);
  });

  it('falls back to TypeScript, with one warning, when the addon cannot load', () => {
    const script = `
      process.on('warning', (w) => console.log('warning', w.code));
      const { backend, gradient } = require('.');
      setImmediate(() => console.log(backend, JSON.stringify(gradient([1, 2, 4]).toArray())));`;
    const output = node(script, { NDGRADIENT_ADDON_PATH: path.join(root, 'no-such-addon.node') });
    expect(output.trim().split('\n')).toEqual(['warning NDGRADIENT_FALLBACK', 'js [1,1.5,2]']);
  });

  it('a failed load says what was tried, why it failed and what to do', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ndgradient-diagnose-'));
    try {
      const load = (file: string): string => {
        try {
          node(`require('.')`, { NDGRADIENT_ADDON_PATH: file, NDGRADIENT_BACKEND: 'native' });
        } catch (error) {
          return String((error as { stderr: string }).stderr);
        }
        throw new Error('expected the load to fail');
      };
      expect(load(path.join(dir, 'missing.node'))).toContain(`${path.join(dir, 'missing.node')} (NDGRADIENT_ADDON_PATH) does not exist`);
      writeFileSync(path.join(dir, 'text.node'), 'not a binary');
      expect(load(path.join(dir, 'text.node'))).toContain('is not a shared library (no ELF header)');
      if (process.platform === 'linux' && process.arch === 'x64') {
        // The binary this package loads (build/Release, or a prebuild once prebuildify has run).
        const builtAddon: string = require('node-gyp-build').path(root);
        // The real addon with its ELF machine set to arm64: Linux itself says "No such file or directory".
        const binary = Buffer.from(readFileSync(builtAddon));
        binary.writeUInt16LE(0xb7, 18);
        writeFileSync(path.join(dir, 'arm64.node'), binary);
        expect(load(path.join(dir, 'arm64.node'))).toContain('arm64.node is built for arm64, and this process is x64');
        // A binary newer than the C library: the versions found and needed.
        copyFileSync(builtAddon, path.join(dir, 'real.node'));
        const glibc = explainLoadFailure(
          new Error("/lib/libc.so.6: version `GLIBC_2.99' not found (required by real.node)"),
          path.join(dir, 'real.node'),
          'test',
        );
        expect(glibc.message).toMatch(
          /real\.node needs GLIBC_2\.99, and this system has glibc 2\.\d+; build the addon from source with `npm run build:native --prefix node_modules\/ndgradient`/,
        );
        const cxx = explainLoadFailure(new Error("version `GLIBCXX_3.4.30' not found"), path.join(dir, 'real.node'), 'test');
        expect(cxx.message).toContain('needs GLIBCXX_3.4.30, and this system has an older libstdc++');
        // The loader names the library: its newest version is read from it (this process's own libstdc++).
        const libstdcxx = readFileSync('/proc/self/maps', 'utf8').match(/\/\S*libstdc\+\+\.so\S*/)?.[0];
        if (libstdcxx !== undefined) {
          const named = explainLoadFailure(
            new Error(`${libstdcxx}: version \`CXXABI_1.3.99' not found (required by real.node)`),
            path.join(dir, 'real.node'),
            'test',
          );
          expect(named.message).toMatch(
            new RegExp(`needs CXXABI_1\\.3\\.99, and this system has ${libstdcxx.replace(/[.+]/g, '\\$&')}, whose newest is CXXABI_1\\.3\\.\\d+;`),
          );
        }
      }
      const none = explainLoadFailure(new Error('No native build was found for platform=linux arch=x64'), undefined, 'node-gyp-build');
      expect(none.message).toContain(
        'No native build was found for platform=linux arch=x64; build the addon from source with `npm run build:native --prefix node_modules/ndgradient`',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown NDGRADIENT_BACKEND is an error that names the valid values', () => {
    expect(() => node(`require('.')`, { NDGRADIENT_BACKEND: 'bogus' })).toThrow(/NDGRADIENT_BACKEND=bogus is not a backend: use 'native'.*'js'/);
  });

  it('ndgradient/js loads no native code', () => {
    const script = `
      const { backend, gradient } = require('./dist/js.js');
      const native = Object.keys(require.cache).filter((file) => file.endsWith('.node') || file.includes('node-gyp-build'));
      console.log(backend, native.length, JSON.stringify(gradient([1, 2, 4]).toArray()));`;
    expect(node(script).trim()).toBe('js 0 [1,1.5,2]');
  });

  it('import and require give the same package (one NDArray class, one binding)', () => {
    const script = `
      import { gradient, NDArray, backend } from 'ndgradient';
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('ndgradient');
      const js = await import('ndgradient/js');
      console.log(backend, NDArray === cjs.NDArray, gradient([1, 2, 4]) instanceof cjs.NDArray, js.backend, js.NDArray === cjs.NDArray);`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NDGRADIENT_BACKEND: '' },
    });
    expect(output.trim()).toBe('native true true js true'); // both entries share ndarray.js
  });
});
