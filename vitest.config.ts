/**
 * Tests run from source: `@kaoping/dsl` resolves to packages/dsl/src, so a change in the
 * language is tested without a build. (The CLI tests spawn the built command; the root `test`
 * script runs `tsc -b` first.)
 *
 * Two projects:
 * - `unit`: every package's tests and test/*.test.ts (Node, in parallel);
 * - `e2e`: test/e2e/*.e2e.test.ts, the playground in a real browser (Chromium at
 *   /usr/bin/chromium, driven by playwright-core). Its global setup builds the playground for
 *   production and serves it; it runs after `unit` (`groupOrder`) so that the browser does not
 *   compete with the CLI tests for the CPU.
 * `vitest run --project unit` (or `--project e2e`) runs one of them.
 *
 * KAOPING_TEST_JSON=path additionally writes vitest's JSON report there (used by .ci/run);
 * the default reporter stays on for humans.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const jsonReport = process.env.KAOPING_TEST_JSON;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@kaoping\/dsl$/, replacement: fileURLToPath(new URL('./packages/dsl/src/index.ts', import.meta.url)) },
      { find: /^@kaoping\/evaluator$/, replacement: fileURLToPath(new URL('./packages/evaluator/src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    // CLI tests start node processes; property tests run many cases. Generous, but finite.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/e2e/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          // One browser, one page at a time; the first analysis of the sample year is slow on a
          // loaded machine. Generous, but finite.
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
