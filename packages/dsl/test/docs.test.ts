/**
 * docs/language.md is checked: its examples, its keyword table and its diagnostics table.
 *
 * Fenced blocks and what they promise:
 *   ```kaoping                      a complete policy file: no error diagnostics (warnings allowed)
 *   ```kaoping file=NAME.kp         the same, and `extends "NAME.kp"` in other blocks loads it
 *   ```kaoping warning KP0501 …     no error diagnostics, and each listed code occurs
 *   ```kaoping error KP0301 …       each listed code occurs
 *   ```text (or anything else)      not checked
 * Every keyword of the keyword table must be used by at least one checked (error-free) example.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODES, KEYWORDS, createEnv, formatDiagnostic, lex, type Diagnostic } from '@kaoping/dsl';

const DOC_URL = new URL('../../../docs/language.md', import.meta.url);
const doc = readFileSync(DOC_URL, 'utf8');
const lines = doc.split(/\r?\n/);

// --- fenced blocks ------------------------------------------------------------------------------

interface Block {
  readonly info: string;
  readonly text: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The nearest heading above the block, for test names. */
  readonly heading: string;
}

function fencedBlocks(): Block[] {
  const out: Block[] = [];
  let heading = '(top)';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h = /^#{1,6}\s+(.*)$/.exec(line);
    if (h) heading = h[1]!.trim();
    const open = /^(`{3,})(.*)$/.exec(line);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j]!.startsWith(fence) && lines[j]!.slice(fence.length).trim() === '')) {
      body.push(lines[j]!);
      j++;
    }
    out.push({ info: open[2]!.trim(), text: body.join('\n') + '\n', line: i + 1, heading });
    i = j;
  }
  return out;
}

type Expectation =
  | { kind: 'clean'; file?: string }
  | { kind: 'warning'; codes: string[] }
  | { kind: 'error'; codes: string[] };

function expectationOf(info: string): Expectation | undefined {
  const words = info.split(/\s+/).filter(Boolean);
  if (words[0] !== 'kaoping') return undefined;
  const rest = words.slice(1);
  if (rest.length === 0) return { kind: 'clean' };
  if (rest.length === 1 && rest[0]!.startsWith('file=')) return { kind: 'clean', file: rest[0]!.slice('file='.length) };
  if (rest[0] === 'error' || rest[0] === 'warning') return { kind: rest[0], codes: rest.slice(1) };
  throw new Error(`docs/language.md: unknown block tag \`\`\`${info}`);
}

const blocks = fencedBlocks();
const kaopingBlocks = blocks
  .map((b) => ({ ...b, expect: expectationOf(b.info) }))
  .filter((b): b is Block & { expect: Expectation } => b.expect !== undefined);

/** Base policies named by `file=` tags, for `extends`. */
const namedFiles = new Map<string, string>();
for (const b of kaopingBlocks) {
  if (b.expect.kind === 'clean' && b.expect.file) namedFiles.set(b.expect.file, b.text);
}

const env = createEnv({
  loadBase: (path) => {
    const name = path.split('/').pop()!;
    const text = namedFiles.get(name);
    return text === undefined ? undefined : { text, file: name };
  },
});

function show(ds: Diagnostic[]): string {
  return ds.length === 0 ? '(no diagnostics)' : ds.map((d) => formatDiagnostic(d, 'en')).join('\n');
}

const title = (b: Block): string => `line ${b.line} (${b.heading})`;

// --- tests --------------------------------------------------------------------------------------

describe('docs/language.md examples', () => {
  it('has checked examples of every kind', () => {
    const kinds = new Set(kaopingBlocks.map((b) => b.expect.kind));
    expect([...kinds].sort()).toEqual(['clean', 'error', 'warning']);
    expect(kaopingBlocks.filter((b) => b.expect.kind === 'clean').length).toBeGreaterThan(20);
  });

  for (const b of kaopingBlocks) {
    const e = b.expect;
    if (e.kind === 'clean') {
      it(`example at ${title(b)} has no errors`, () => {
        const a = env.analyze(b.text, e.file);
        const errors = a.diagnostics.filter((d) => d.severity === 'error');
        expect(errors, `diagnostics of the example at line ${b.line}:\n${show(a.diagnostics)}`).toEqual([]);
        expect(a.parsed.ast.header, `the example at line ${b.line} starts with a policy header`).toBeDefined();
      });
    } else {
      it(`example at ${title(b)} reports ${e.codes.join(' ')}`, () => {
        expect(e.codes.length, 'a tagged block lists at least one code').toBeGreaterThan(0);
        for (const c of e.codes) expect(Object.keys(CODES), `${c} is a diagnostic code`).toContain(c);
        const a = env.analyze(b.text);
        const found = a.diagnostics.map((d) => d.code);
        for (const c of e.codes) {
          expect(found, `expected ${c} from the example at line ${b.line}; got:\n${show(a.diagnostics)}`).toContain(c);
        }
        if (e.kind === 'warning') {
          const errors = a.diagnostics.filter((d) => d.severity === 'error');
          expect(errors, `a warning example has no errors; got:\n${show(a.diagnostics)}`).toEqual([]);
        }
      });
    }
  }

  it('uses every keyword in at least one error-free example', () => {
    const used = new Set<string>();
    for (const b of kaopingBlocks) {
      if (b.expect.kind === 'error') continue;
      for (const t of lex(b.text).tokens) used.add(t.tokenType.name);
    }
    const unused = KEYWORDS.filter((k) => !used.has(k.name)).map((k) => `${k.name} (${k.en[0]} / ${k.zh[0]})`);
    expect(unused).toEqual([]);
  });
});

// --- tables -------------------------------------------------------------------------------------

/** The lines of the section whose heading matches `re`, up to the next heading of the same or higher level. */
function section(re: RegExp): string[] | undefined {
  const start = lines.findIndex((l) => /^#{1,6}\s/.test(l) && re.test(l));
  if (start < 0) return undefined;
  const level = /^#+/.exec(lines[start]!)![0].length;
  let end = start + 1;
  while (end < lines.length) {
    const m = /^(#+)\s/.exec(lines[end]!);
    if (m && m[1]!.length <= level) break;
    end++;
  }
  return lines.slice(start + 1, end);
}

/** Rows of the markdown tables in `sectionLines` (header and separator rows dropped), as cells. */
function tableRows(sectionLines: string[]): string[][] {
  const rows: string[][] = [];
  let inTable = false;
  for (const l of sectionLines) {
    if (!l.trim().startsWith('|')) {
      inTable = false;
      continue;
    }
    const cells = l.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
    if (!inTable) {
      inTable = true; // header row
      continue;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    rows.push(cells);
  }
  return rows;
}

/** The `code spans` of a table cell. */
const spans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

describe('docs/language.md keyword table', () => {
  const lines = section(/Keyword table/i);
  const rows = tableRows(lines ?? []);

  it('has one row per keyword, no more', () => {
    expect(lines, 'a section headed "Keyword table"').toBeDefined();
    expect(rows.length).toBe(KEYWORDS.length);
  });

  for (const kw of KEYWORDS) {
    it(`lists ${kw.name} with all its spellings`, () => {
      const row = rows.find((r) => sameSet(spans(r[0] ?? ''), kw.en));
      expect(row, `a row whose English cell is exactly ${kw.en.map((s) => `\`${s}\``).join(', ')}`).toBeDefined();
      expect(spans(row![1] ?? '').sort()).toEqual([...kw.zh].sort());
      expect(row![2] ?? '').toContain(kw.category);
      expect((row![3] ?? '').length).toBeGreaterThan(0);
    });
  }
});

describe('docs/language.md diagnostics table', () => {
  const lines = section(/Diagnostic codes/i);
  const rows = tableRows(lines ?? []);
  const byCode = new Map(rows.map((r) => [spans(r[0] ?? '')[0] ?? (r[0] ?? '').trim(), r]));

  it('lists exactly the codes of the catalogue', () => {
    expect(lines, 'a section headed "Diagnostic codes"').toBeDefined();
    expect([...byCode.keys()].sort()).toEqual(Object.keys(CODES).sort());
    expect(rows.length).toBe(Object.keys(CODES).length);
  });

  for (const [code, def] of Object.entries(CODES)) {
    it(`lists ${code} with severity ${def.severity}`, () => {
      const row = byCode.get(code);
      expect(row, `a row for ${code}`).toBeDefined();
      expect(row![1] ?? '').toContain(def.severity);
      expect((row![2] ?? '').length).toBeGreaterThan(10);
    });
  }
});
