import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // PGlite takes seconds to start
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
