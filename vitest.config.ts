import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['proto/test/**/*.test.ts', 'runtime/test/**/*.test.ts', 'components/react/test/**/*.test.ts', 'examples/**/*.test.ts', 'scripts/fidelity/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB and Vega views are heavy; two workers fit the 2-core machine.
    maxWorkers: 2,
    env: { TZ: 'UTC' },
  },
});
