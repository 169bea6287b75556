import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built extension in real Chromium and Firefox (`npm run test:e2e`, after
 * `npm run build`). One file at a time and long timeouts: each file starts browsers, and the CI
 * machine has two cores.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
    retry: 0,
  },
});
