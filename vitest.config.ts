/**
 * Tests run from source: `@kaoping/dsl` resolves to packages/dsl/src, so a change in the
 * language is tested without a build. (The CLI tests spawn the built command; the root `test`
 * script runs `tsc -b` first.)
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
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // CLI tests start node processes; property tests run many cases. Generous, but finite.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
});
