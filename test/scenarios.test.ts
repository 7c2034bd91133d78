/**
 * Every scenario file (`*.test.yaml`) under policies/ and test/, run with the same runner as
 * `kaoping test` (packages/cli/src/scenario.ts): one vitest test per scenario, so CI counts them.
 * A failing scenario fails with the runner's report (expected vs actual, and the trace behind it).
 * The expected values in the scenario files are worked out by hand (see the comments in each).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findScenarioFiles } from '../packages/cli/src/commands/test.js';
import { formatScenario, formatScenarioFile, runScenarioFile } from '../packages/cli/src/scenario.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const files = ['policies', 'test'].flatMap((dir) => findScenarioFiles(fileURLToPath(new URL(`../${dir}/`, import.meta.url))));
const results = await Promise.all(files.map((f) => runScenarioFile(f, { cwd: ROOT })));

describe('scenario files', () => {
  it('are found under policies/ and test/', () => {
    const shown = results.map((r) => r.file);
    expect(shown).toContain('policies/window-staff-assessment.test.yaml');
    expect(shown).toContain('test/fixtures/cli/demo.test.yaml');
  });
});

for (const r of results) {
  describe(r.file, () => {
    if (r.problems.length > 0 || r.scenarios.length === 0) {
      it('can be run', () => {
        expect.fail(formatScenarioFile(r, 'zh').join('\n'));
      });
    }
    const ctx = r.context?.('zh');
    r.scenarios.forEach((s, i) => {
      it(`${i + 1}. ${s.name}`, () => {
        if (!s.passed) expect.fail(formatScenario(s, ctx, 'zh').join('\n'));
        expect(s.failures).toEqual([]);
      });
    });
  });
}
