import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    // One process per file (vitest's default, stated): each loads the addon in a fresh process.
    pool: 'forks',
    testTimeout: 60_000,
  },
});
