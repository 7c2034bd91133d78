/**
 * The deliberately broken policies under test/broken/ show every checker diagnostic. Each file
 * says, in `# 期望: CODE …` comments written by hand from the language's rules, which codes
 * belong on the next non-comment line; every other line of the file must be clean. The test
 * asserts exactly that, and that together the files cover every checker code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES } from '@kaoping/dsl';
import { fileEnv } from './support/env.js';
import { annotatedExpectations as expectations, codesByLine as byLine } from './support/diagnostics.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'broken');
const env = fileEnv(dir);

const files = readdirSync(dir).filter((f) => f.endsWith('.kp')).sort();
const seen = new Set<string>();

describe('deliberately broken policies', () => {
  for (const f of files) {
    it(`${f}: each annotated line has exactly its expected diagnostics, other lines none`, () => {
      const path = join(dir, f);
      const text = readFileSync(path, 'utf8');
      const a = env.analyze(text, path);
      const own = a.diagnostics.filter((d) => d.file === path);
      for (const d of own) seen.add(d.code);
      const actual = byLine(own);
      const expected = expectations(text);
      const lines = new Set([...actual.keys(), ...expected.keys()]);
      for (const line of [...lines].sort((x, y) => x - y)) {
        expect({ line, codes: actual.get(line) ?? [] }).toEqual({ line, codes: expected.get(line) ?? [] });
      }
    });
  }

  it('every diagnostic has both languages, a hint, and a span inside its file', () => {
    for (const f of files) {
      const path = join(dir, f);
      const text = readFileSync(path, 'utf8');
      for (const d of env.analyze(text, path).diagnostics.filter((x) => x.file === path)) {
        expect(d.message.zh.length).toBeGreaterThan(0);
        expect(d.message.en.length).toBeGreaterThan(0);
        expect(d.hint?.zh.length).toBeGreaterThan(0);
        expect(d.hint?.en.length).toBeGreaterThan(0);
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(text.length);
      }
    }
  });

  it('together they show every checker code at least once', () => {
    // Codes of the parser (KP0001–KP0003, KP0005) are covered by the parser and robustness tests;
    // KP0006 (a file that is not UTF-8) by the command line that reads the bytes (cli-input.test.ts).
    const checkerCodes = Object.keys(CODES).filter((c) => !['KP0001', 'KP0002', 'KP0003', 'KP0005', 'KP0006'].includes(c));
    const missing = checkerCodes.filter((c) => !seen.has(c));
    expect(missing).toEqual([]);
  });
});

describe('the base policy as seen from the township', () => {
  it('a parameter the base leaves open is reported against the base file until the township supplies it', () => {
    const bad = join(dir, 'township-bad-extends.kp');
    const a = env.analyze(readFileSync(bad, 'utf8'), bad);
    const open = a.diagnostics.filter((d) => d.code === 'KP0501');
    expect(open.map((d) => [d.file, d.span.line])).toEqual([[join(dir, "county-base.kp"), 9]]);
    const good = join(dir, 'township-good.kp');
    const g = env.analyze(readFileSync(good, 'utf8'), good);
    expect(g.diagnostics).toEqual([]);
  });

  it('the override replaces the base declaration in the merged policy', () => {
    const good = join(dir, 'township-good.kp');
    const g = env.analyze(readFileSync(good, 'utf8'), good);
    const scale = g.checked.policy.decls.find((d) => d.kind === 'GradesDecl');
    expect(scale?.kind === 'GradesDecl' && scale.bands.map((b) => b.name?.text)).toEqual(['优秀', '良好', '合格', '不合格']);
    // the base's rule is still there, and comes first
    expect(g.checked.policy.decls.map((d) => d.name?.text)).toEqual(['迟到', '告诫', '迟到扣分', '迟到告诫', '得分', '考核等次']);
  });
});
