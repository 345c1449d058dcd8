// Backend selection: native by default, the TypeScript backend under NDGRADIENT_BACKEND=js or when
// the addon cannot load (with one warning), and ndgradient/js without any native code.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { backend, gradient } from '../src/index';

const root = path.join(__dirname, '..');
const node = (script: string, env: Record<string, string> = {}): string =>
  execFileSync(process.execPath, ['-e', script], { cwd: root, env: { ...process.env, NDGRADIENT_BACKEND: '', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

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
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NDGRADIENT_BACKEND: '' } });
    expect(output.trim()).toBe('native true true js true'); // both entries share ndarray.js
  });
});
