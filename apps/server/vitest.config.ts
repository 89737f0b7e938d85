import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each file starts its own server and worker threads; one file at a time keeps the shared 2-core machine calm.
    fileParallelism: false,
  },
});
