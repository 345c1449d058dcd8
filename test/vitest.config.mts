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
    // Two files at a time on two cores (vitest's default leaves one idle there): the suites are
    // single-threaded JavaScript for most of their time, and CI runs them nine times.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
