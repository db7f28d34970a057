import { defineConfig } from 'vitest/config';

// Timeouts by kind of test, generous enough for a 2-core machine whose other core is busy (the suite must pass
// there): unit tests beside the code are quick; end-to-end tests in test/ open databases, spawn the CLI and the
// server, read real PDFs in workers and drive Chromium. No test may depend on another file's state, so files run
// in separate processes (forks) in any order.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 400_000,
        },
      },
    ],
  },
});
