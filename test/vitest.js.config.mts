// The whole suite against the pure TypeScript backend (npm run test:js): bufferutil's pattern,
// one suite for both implementations.
import { defineConfig, mergeConfig } from 'vitest/config';

import base from './vitest.config.mts';

export default mergeConfig(base, defineConfig({ test: { env: { NDGRADIENT_BACKEND: 'js' } } }));
