/**
 * Property: mutating a real policy — tokens and lines deleted, duplicated, swapped; random
 * Unicode inserted; the file truncated — never makes `analyze` throw, and every diagnostic it
 * returns is well formed, with a span inside the (mutated) file.
 *
 * The seed is fixed, so a failure reproduces: fast-check prints `{ seed, path }` and the
 * shrunk list of mutations; the assertion message shows the mutated text around the problem.
 * KAOPING_PROPERTY_SEED and KAOPING_PROPERTY_RUNS override the seed and the number of runs
 * for a longer local search.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEnv, lex, KEYWORDS, type Diagnostic } from '../packages/dsl/src/index.js';
import { problemsOf } from './support/diagnostics.js';

const SEED = Number(process.env.KAOPING_PROPERTY_SEED ?? 20240101);
/** Mutated policies in all, shared among the policy files (at least MIN_RUNS each). */
const TOTAL_RUNS = Number(process.env.KAOPING_PROPERTY_RUNS ?? 2400);
const MIN_RUNS = 300;

const POLICY_DIR = fileURLToPath(new URL('../policies/', import.meta.url));
const policies = readdirSync(POLICY_DIR)
  .filter((f) => f.endsWith('.kp'))
  .sort()
  .map((f) => ({ file: f, text: readFileSync(POLICY_DIR + f, 'utf8') }));

const env = createEnv();

// --- mutations -----------------------------------------------------------------------------

type Mutation =
  | { op: 'deleteToken'; i: number }
  | { op: 'duplicateToken'; i: number; glue: boolean }
  | { op: 'swapTokens'; i: number; j: number }
  | { op: 'deleteLine'; i: number }
  | { op: 'duplicateLine'; i: number }
  | { op: 'swapLines'; i: number; j: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number };

const FULL_WIDTH = [...'：，（）；｛｝、“”「」％＝＋－×÷≥≤≠→＃　。！？《》【】…—'];
const CONTROL = ['\0', '\t', '\n', '\r', '\r\n', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u200b', '\u2028', '\u2029', '\ufeff', '\ufffd'];
const KEYWORD_SPELLINGS = KEYWORDS.flatMap((k) => [...k.en, ...k.zh]);

const codePoint = (lo: number, hi: number): fc.Arbitrary<string> => fc.integer({ min: lo, max: hi }).map((c) => String.fromCodePoint(c));

/** One piece of inserted text: CJK, full-width punctuation, astral/emoji, control characters, lone surrogates, keywords, ASCII. */
const piece: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: codePoint(0x4e00, 0x9fff), weight: 4 },
  { arbitrary: codePoint(0x3400, 0x4dbf), weight: 1 },
  { arbitrary: fc.constantFrom(...FULL_WIDTH), weight: 3 },
  { arbitrary: codePoint(0x1f300, 0x1faff), weight: 1 }, // emoji
  { arbitrary: codePoint(0x20000, 0x2a6df), weight: 1 }, // CJK extension B (astral)
  { arbitrary: fc.constantFrom(...CONTROL), weight: 2 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), weight: 1 }, // lone surrogate
  { arbitrary: fc.constantFrom(...KEYWORD_SPELLINGS), weight: 3 },
  { arbitrary: fc.constantFrom(...'{}()[]:;,.-+*/%|<>=!"#@$&\\\'`~^ 0123456789'), weight: 3 },
  { arbitrary: codePoint(0x20, 0x7e), weight: 2 },
  { arbitrary: codePoint(0, 0xffff), weight: 1 },
);
const inserted = fc.array(piece, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('deleteToken' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('duplicateToken' as const), i: fc.nat(), glue: fc.boolean() }),
  fc.record({ op: fc.constant('swapTokens' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ op: fc.constant('deleteLine' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('duplicateLine' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: inserted }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Token ranges of `text` (comments included), from the language's own lexer. */
function tokenRanges(text: string): [number, number][] {
  const { tokens, comments } = lex(text);
  return [...tokens, ...comments]
    .filter((t) => Number.isInteger(t.startOffset) && Number.isInteger(t.endOffset))
    .map((t): [number, number] => [t.startOffset, t.endOffset! + 1])
    .sort((a, b) => a[0] - b[0]);
}

function replaceRanges(text: string, a: [number, number], b: [number, number]): string {
  const [first, second] = a[0] <= b[0] ? [a, b] : [b, a];
  if (first[1] > second[0]) return text; // overlapping or the same: nothing to swap
  return (
    text.slice(0, first[0]) +
    text.slice(second[0], second[1]) +
    text.slice(first[1], second[0]) +
    text.slice(first[0], first[1]) +
    text.slice(second[1])
  );
}

function applyMutation(text: string, m: Mutation): string {
  switch (m.op) {
    case 'deleteToken':
    case 'duplicateToken':
    case 'swapTokens': {
      const toks = tokenRanges(text);
      if (toks.length === 0) return text;
      const a = toks[m.i % toks.length]!;
      if (m.op === 'deleteToken') return text.slice(0, a[0]) + text.slice(a[1]);
      if (m.op === 'duplicateToken') return text.slice(0, a[1]) + (m.glue ? '' : ' ') + text.slice(a[0]);
      return replaceRanges(text, a, toks[m.j % toks.length]!);
    }
    case 'deleteLine':
    case 'duplicateLine':
    case 'swapLines': {
      const lines = text.split('\n');
      const i = m.i % lines.length;
      if (m.op === 'deleteLine') lines.splice(i, 1);
      else if (m.op === 'duplicateLine') lines.splice(i, 0, lines[i]!);
      else {
        const j = m.j % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      return lines.join('\n');
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
}

// --- what must hold ---------------------------------------------------------------------------

/** Lines as the lexer counts them: `\n`, `\r\n` and a lone `\r` each end a line. */


function excerpt(text: string, at: number): string {
  return JSON.stringify(text.slice(Math.max(0, at - 80), at + 80));
}

/** Where the mutated text first and last differs from the original, as line numbers and an excerpt. */
function describeChange(original: string, text: string): string {
  let a = 0;
  while (a < original.length && a < text.length && original[a] === text[a]) a++;
  let b = 0;
  while (b < original.length - a && b < text.length - a && original[original.length - 1 - b] === text[text.length - 1 - b]) b++;
  const line = (t: string, at: number): number => t.slice(0, at).split('\n').length;
  const lo = Math.max(0, a - 60);
  const clip = (t: string, end: number): string => {
    const part = t.slice(lo, end + 60);
    return JSON.stringify(part.length > 600 ? `${part.slice(0, 300)} … ${part.slice(-300)}` : part);
  };
  return (
    `changed: original line ${line(original, a)}–${line(original, original.length - b)} → mutated line ${line(text, a)}–${line(text, text.length - b)}\n` +
    `original: ${clip(original, original.length - b)}\n` +
    `mutated:  ${clip(text, text.length - b)}`
  );
}

function checkMutated(original: string, mutations: Mutation[]): void {
  let text = original;
  for (const m of mutations) text = applyMutation(text, m);
  let diagnostics: Diagnostic[];
  try {
    diagnostics = env.analyze(text).diagnostics;
  } catch (err) {
    throw new Error(`analyze threw ${String(err)}\n${describeChange(original, text)}`);
  }
  for (const d of diagnostics) {
    const problems = problemsOf(d, text);
    if (problems.length > 0) {
      throw new Error(
        `${d.code} ${JSON.stringify(d.span)}: ${problems.join('; ')}\n` +
          `message: ${d.message?.zh} / ${d.message?.en}\n` +
          `near the span: ${excerpt(text, d.span?.start ?? 0)}\n${describeChange(original, text)}`,
      );
    }
  }
}

// --- the tests ----------------------------------------------------------------------------------

describe('mutated policies never crash analyze and keep spans inside the file', () => {
  it('finds the policies', () => {
    expect(policies.length).toBeGreaterThan(0);
  });

  it('the mutations start from policies without syntax errors', () => {
    for (const { file, text } of policies) {
      const syntax = env.analyze(text).diagnostics.filter((d) => ['KP0001', 'KP0002', 'KP0003'].includes(d.code));
      expect(syntax, file).toEqual([]);
    }
  });

  it('the mutation operators do what they say', () => {
    const text = 'rule r {\n  on e\n}';
    // tokens: rule r { on e } → ranges [0,4) [5,6) [7,8) [11,13) [14,15) [16,17)
    expect(applyMutation(text, { op: 'deleteToken', i: 1 })).toBe('rule  {\n  on e\n}');
    expect(applyMutation(text, { op: 'duplicateToken', i: 0, glue: false })).toBe('rule rule r {\n  on e\n}');
    expect(applyMutation(text, { op: 'duplicateToken', i: 3, glue: true })).toBe('rule r {\n  onon e\n}');
    expect(applyMutation(text, { op: 'swapTokens', i: 0, j: 4 })).toBe('e r {\n  on rule\n}');
    expect(applyMutation(text, { op: 'deleteLine', i: 1 })).toBe('rule r {\n}');
    expect(applyMutation(text, { op: 'duplicateLine', i: 2 })).toBe('rule r {\n  on e\n}\n}');
    expect(applyMutation(text, { op: 'swapLines', i: 0, j: 2 })).toBe('}\n  on e\nrule r {');
    expect(applyMutation(text, { op: 'insert', at: 4, text: '次😀' })).toBe('rule次😀 r {\n  on e\n}');
    expect(applyMutation(text, { op: 'truncate', at: 6 })).toBe('rule r');
    expect(applyMutation('', { op: 'deleteToken', i: 3 })).toBe('');
  });

  const runsPerFile = Math.max(MIN_RUNS, Math.ceil(TOTAL_RUNS / Math.max(1, policies.length)));
  for (const { file, text } of policies) {
    it(
      `${file}: ${runsPerFile} mutated copies`,
      () => {
        fc.assert(
          fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => checkMutated(text, mutations)),
          { seed: SEED, numRuns: runsPerFile, endOnFailure: false },
        );
      },
      120_000,
    );
  }
});
