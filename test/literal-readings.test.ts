/**
 * Where a source text is ambiguous, each policy under policies/ states the reading it takes and
 * cites the ambiguity (A01–A52 of the seed catalogue). The files under test/literal-readings/
 * write the *literal* reading instead — the overlapping bands, the weights that do not add up,
 * the missing branch — and say, in `# 期望: CODE …` comments worked out by hand from the
 * language's rules, what the checker reports on each line. Every other line must be clean.
 *
 * Each file's header names the policy that takes the other reading (`# 制度: policies/….kp`)
 * and the ambiguity (`# 歧义: A07`); the test checks that the policy exists and cites it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileEnv } from './support/env.js';
import { annotatedExpectations, codesByLine } from './support/diagnostics.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'test', 'literal-readings');
const env = fileEnv(dir);

const files = readdirSync(dir).filter((f) => f.endsWith('.kp')).sort();

describe('literal readings of the ambiguous clauses', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const f of files) {
    const path = join(dir, f);
    const text = readFileSync(path, 'utf8');

    it(`${f}: names the policy that reads it otherwise, and that policy cites the ambiguity`, () => {
      const policy = /^#\s*制度:\s*(\S+)/m.exec(text)?.[1];
      const ambiguities = /^#\s*歧义:\s*(.+)$/m.exec(text)?.[1]?.match(/A\d{2}/g) ?? [];
      expect(policy, 'header line `# 制度: policies/….kp`').toBeDefined();
      expect(ambiguities.length, 'header line `# 歧义: Axx`').toBeGreaterThan(0);
      const policyPath = join(root, policy!);
      expect(existsSync(policyPath)).toBe(true);
      const policyText = readFileSync(policyPath, 'utf8');
      for (const a of ambiguities) expect(policyText).toContain(a);
    });

    it(`${f}: the checker reports exactly the annotated codes, line by line`, () => {
      const expected = annotatedExpectations(text);
      expect(expected.size, 'a literal reading shows at least one diagnostic').toBeGreaterThan(0);
      const own = env.analyze(text, path).diagnostics.filter((d) => d.file === path);
      const actual = codesByLine(own);
      const lines = new Set([...actual.keys(), ...expected.keys()]);
      for (const line of [...lines].sort((x, y) => x - y)) {
        expect({ line, codes: actual.get(line) ?? [] }).toEqual({ line, codes: expected.get(line) ?? [] });
      }
    });
  }
});
