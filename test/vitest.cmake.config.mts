// Suites against the cmake-js build of the addon (npm run test:cmake): the second build of the
// same sources must give the same bits.
import { fileURLToPath } from 'node:url';

import { defineConfig, mergeConfig } from 'vitest/config';

import base from './vitest.config.mts';

const addon = fileURLToPath(new URL('../build/cmake/Release/ndgradient.node', import.meta.url));
export default mergeConfig(base, defineConfig({ test: { env: { NDGRADIENT_ADDON_PATH: addon } } }));
