import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'schema', include: ['packages/schema/test/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'server',
          include: ['apps/server/test/**/*.test.ts'],
          environment: 'node',
          // Each file opens its own database; PGlite start-up and argon2 are CPU-heavy on 2 cores.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
      { test: { name: 'web', include: ['apps/web/test/**/*.test.{ts,tsx}'], environment: 'node' } },
    ],
  },
});
