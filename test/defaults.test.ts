/**
 * docs/evaluation.md §11 lists every default the evaluator applies, with how a policy declares
 * another reading and which error refuses a guess. This test walks that table:
 * - every code in "refused by" is one the program reports (the evaluator's KE codes, the case-data
 *   KD codes, the checker's KP codes), and some scenario or test provokes it;
 * - every keyword named under "declared by" is a spelling of the language's keyword table (or a
 *   case-data field, where the cell says "case data");
 * - every KE code the evaluator can report is in the table, so a new refusal cannot go unlisted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES, KEYWORDS } from '@kaoping/dsl';
import { DATA_CODES } from '@kaoping/evaluator';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const doc = readFileSync(join(ROOT, 'docs/evaluation.md'), 'utf8');

function files(dir: string, keep: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    if (e === 'node_modules' || e === 'dist' || e.startsWith('.')) continue;
    const f = join(dir, e);
    if (statSync(f).isDirectory()) out.push(...files(f, keep));
    else if (keep(f)) out.push(f);
  }
  return out;
}

/** The table of §11: one array of cells per row, the header and rule lines left out. */
function table(): string[][] {
  const start = doc.indexOf('## 11. Defaults and refusals');
  expect(start, 'docs/evaluation.md has a section "11. Defaults and refusals"').toBeGreaterThan(0);
  const lines = doc.slice(start).split('\n').filter((l) => l.startsWith('|'));
  return lines
    .slice(2)
    .map((l) => l.slice(2, -2).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|')));
}

const rows = table();
const evaluatorSource = files(join(ROOT, 'packages/evaluator/src'), (f) => f.endsWith('.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');
const reportedKE = new Set([...evaluatorSource.matchAll(/'(KE\d{4})'/g)].map((m) => m[1]!));
/** Where a code can be provoked: scenario files' expectations and the test suites. */
const provokers = [
  ...files(join(ROOT, 'policies'), (f) => f.endsWith('.test.yaml')),
  ...files(join(ROOT, 'test'), (f) => (f.endsWith('.test.yaml') || f.endsWith('.ts') || f.endsWith('.kp')) && !f.endsWith('defaults.test.ts')),
  ...files(join(ROOT, 'packages'), (f) => /\/test\//.test(f) && f.endsWith('.ts')),
].map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
const spellings = new Set(KEYWORDS.flatMap((k) => [...k.en, ...k.zh]));
const CASE_FIELDS = new Set(['calendar', 'params', 'period', 'history']);

describe('docs/evaluation.md §11: every default, how to declare it, what refuses a guess', () => {
  it('has rows, numbered in order', () => {
    expect(rows.length).toBeGreaterThan(20);
    rows.forEach((r, i) => expect(r[0]).toBe(String(i + 1)));
  });

  for (const r of rows) {
    const [n, what, , declared = '', refused = ''] = r;
    describe(`row ${n}: ${what}`, () => {
      const codes = refused.match(/K[DEP]\d{4}/g) ?? [];
      it('names each refusing code as one the program reports', () => {
        expect(refused === '—' || codes.length > 0, `"${refused}" is a code list or —`).toBe(true);
        for (const c of codes) {
          if (c.startsWith('KE')) expect(reportedKE, `${c} is reported by packages/evaluator/src`).toContain(c);
          else if (c.startsWith('KD')) expect(Object.keys(DATA_CODES)).toContain(c);
          else expect(Object.keys(CODES)).toContain(c);
        }
      });
      for (const c of codes) {
        it(`${c} is provoked by a scenario or a test`, () => {
          const by = provokers.filter((p) => p.text.includes(c));
          expect(by.map((p) => p.file), `some scenario file or test mentions ${c}`).not.toEqual([]);
        });
      }
      it('declares with keywords of the language (or case-data fields)', () => {
        for (const m of declared.matchAll(/(case data )?`([^`]+)`/g)) {
          const word = m[2]!;
          if (/[\s|]/.test(word)) continue; // an example value, not a keyword
          if (!/[A-Za-z\u3400-\u9fff]/.test(word)) continue; // punctuation (`=`)
          if (m[1]) expect(CASE_FIELDS, `${word} is a case-data field`).toContain(word);
          else expect(spellings, `${word} is a keyword spelling`).toContain(word);
        }
      });
    });
  }

  it('lists every evaluation error code the evaluator can report', () => {
    const listed = new Set(rows.flatMap((r) => r[4]?.match(/KE\d{4}/g) ?? []));
    expect([...reportedKE].filter((c) => !listed.has(c)).sort()).toEqual([]);
  });
});
