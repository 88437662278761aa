import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // PGlite takes seconds to start; argon2 hashes take ~60 ms each
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
