import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  // '../src/index' is the CommonJS-shaped source (index.ts), not the ESM wrapper (index.mts),
  // which re-exports the built CommonJS file and is tested through dist/ by backend.test.ts.
  resolve: { extensions: ['.ts', '.js', '.json', '.mts', '.mjs'] },
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/numpy/require.ts'],
    // One process per file (vitest's default, stated): each loads the addon in a fresh process.
    pool: 'forks',
    testTimeout: 60_000,
  },
});
