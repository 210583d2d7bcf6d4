import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Set once for all projects (vitest refuses per-project values in one run). Each server test
    // file opens its own database; PGlite start-up and argon2 are CPU-heavy on 2 cores.
    maxWorkers: 2,
    projects: [
      { test: { name: 'schema', include: ['packages/schema/test/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'server',
          include: ['apps/server/test/**/*.test.ts'],
          // Builds one migrated PGlite database that every test file starts from.
          globalSetup: ['apps/server/test/helpers/global-setup.ts'],
          // Files share their worker's module graph: the server's modules load once per worker, not
          // once per file (~3.4 s each on a quiet machine). file-setup.ts puts back what a file sets.
          isolate: false,
          setupFiles: ['apps/server/test/helpers/file-setup.ts'],
          environment: 'node',
          // Deadlines only catch hangs: tests wait on progress (waitForProgress), and on 2 shared cores
          // a slow start is load, not failure (a 120 s hook and a 60 s test failed that way).
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      { test: { name: 'web', include: ['apps/web/test/**/*.test.{ts,tsx}'], environment: 'node' } },
      {
        // Run by `npm run test:e2e` (e2e/run.mjs), which starts the server and sets E2E_BASE_URL.
        test: { name: 'e2e', include: ['e2e/tests/**/*.e2e.ts'], environment: 'node', testTimeout: 90_000, hookTimeout: 120_000, fileParallelism: false },
      },
    ],
  },
});
