import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // PGlite takes seconds to start; the server and PGlite suites must not compete for the two cores
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // verbose, so the reason of a backend-specific skip is printed
    reporters: ['verbose'],
  },
});
