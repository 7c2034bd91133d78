/**
 * The policy files' citations of their source regulations, read back so that
 * test/citations.test.ts can check each one against ../shared/seeds. The convention is the one
 * policies/README.md states ("the Chinese clause it encodes, with its source file and line number
 * (`cat -n`). Half-width punctuation in quotes is normalised to full-width"), as the files write it:
 *
 * - `出处 "FILE:LINES"` in a header or a rule: a seed file name and its lines (`252,260-292`);
 *   several files are separated by `;`.
 * - `第 N 行`, `第 N–M 行`, `第 N、M 行` cite lines of a seed: of the file named right before it
 *   (`000_db486f6b0daf494c.txt 第 484 行`, or its number, `002 第 246–260 行`), else of the scheme
 *   named right before it (`P14 第 286 行`, mapped to its file by the table in policies/README.md),
 *   else of the seed the text last named (a policy's header comment names its seed:
 *   `# 出处：../shared/seeds/002_….txt 第 260–292 行`), else of the policy's own `出处`.
 * - In a comment, a quotation “…” belongs to a reference when it follows it with at most a short
 *   label between (`第 251–252 行 （三）“…”`, `第 314 行 （一）现场服务“一次一评”`, `第 286 行只说“…”`),
 *   or when the reference follows it in parentheses (`“未经批准缺勤的，按旷工处理”（第 256 行）`).
 *   A parenthesised reference is followed by its quotation only as `（FILE 第 N 行）：“…”`,
 *   `（第 N 行，“…”）` or `（第 N 行“…”）`. A quotation that has its own parenthesised reference after it is that one's.
 * - A quotation is the seed's text with half-width punctuation written full-width; `……` marks an
 *   omission; inner quotation marks may be “” or ‘’; whitespace does not count. File 004 is
 *   traditional Chinese with pinyin glosses ("衛(wèi)生"); the policies quote it restored to
 *   simplified characters (seed-catalogue §0.1), so both sides are compared as simplified text
 *   (opencc-js), without glosses.
 */
import { Converter } from 'opencc-js';
import { parse, type PolicyHeader, type SourceClause, type StringLit } from '../../packages/dsl/src/index.js';

export type LineRange = readonly [from: number, to: number];

/** One citation of seed lines, found on `line` (1-based) of a policy or scenario file. */
export interface Citation {
  readonly line: number;
  /** As written: `第 251–252 行`, or the text of an `出处` clause. */
  readonly written: string;
  /** The seed file name, or undefined when nothing names one. */
  readonly seed: string | undefined;
  readonly ranges: readonly LineRange[];
  /** The quotation that belongs to the reference, as written. */
  readonly quote?: string;
}

const SEED_NAME = /\d{3}_[0-9a-f]{16}\.txt/;
const LINE_REF = /第\s*(\d+(?:\s*[–—-]\s*\d+)?(?:\s*[、，,]\s*\d+(?:\s*[–—-]\s*\d+)?)*)\s*行/g;

/** `252,260-292` or `24、26、30` or `278–284` → ranges; undefined if malformed. */
export function lineRanges(spec: string): LineRange[] | undefined {
  const ranges: LineRange[] = [];
  for (const part of spec.split(/[、，,]/)) {
    const m = /^\s*(\d+)(?:\s*[–—-]\s*(\d+))?\s*$/.exec(part);
    if (!m) return undefined;
    ranges.push([Number(m[1]), Number(m[2] ?? m[1])]);
  }
  return ranges;
}

/** The scheme → seed file table of policies/README.md (`| `file.kp` | P14 | `002_….txt` lines …`). */
export function schemeSeeds(readme: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of readme.matchAll(/^\| `[^`]+\.kp` \| (P\d\d) \| `(\d{3}_[0-9a-f]{16}\.txt)`/gm)) map.set(m[1]!, m[2]!);
  return map;
}

/** The `出处 "…"` clauses of a policy (header and rules), each split into seed files and lines. */
export function sourceClauses(text: string): Citation[] {
  const found: StringLit[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const n = node as Partial<PolicyHeader> & Partial<SourceClause> & { kind?: string };
    if (n.kind === 'PolicyHeader' && n.source) found.push(n.source);
    if (n.kind === 'SourceClause' && n.text) found.push(n.text);
    for (const v of Object.values(n)) walk(v);
  };
  walk(parse(text).ast);
  return found.flatMap(({ value, span }) =>
    value.split(';').map((part) => {
      const m = /^\s*(\S+?):([\d,\s-]+)$/.exec(part);
      return { line: span.line, written: value, seed: m?.[1], ranges: (m && lineRanges(m[2]!)) ?? [] };
    }),
  );
}

interface Segment {
  /** The text, comment lines joined (the `#` and the indentation removed). */
  readonly text: string;
  /** Offsets where each source line starts in `text`, with its line number. */
  readonly starts: ReadonlyArray<readonly [offset: number, line: number]>;
  readonly comment: boolean;
}

/** Runs of full-line comments (one segment each) and the other lines (one segment per line). */
function segments(text: string): Segment[] {
  const lines = text.split(/\r\n?|\n/);
  const out: Segment[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!/^\s*#/.test(lines[i]!)) {
      out.push({ text: lines[i]!, starts: [[0, i + 1]], comment: false });
      i++;
      continue;
    }
    let joined = '';
    const starts: Array<readonly [number, number]> = [];
    for (; i < lines.length && /^\s*#/.test(lines[i]!); i++) {
      starts.push([joined.length, i + 1]);
      joined += lines[i]!.replace(/^\s*#/, '').trim();
    }
    out.push({ text: joined, starts, comment: true });
  }
  return out;
}

const lineAt = (seg: Segment, offset: number): number => seg.starts.filter(([o]) => o <= offset).at(-1)![1];

/** Whether `text[0, upto)` leaves a full-width parenthesis open. */
function insideParens(text: string, upto: number): boolean {
  let depth = 0;
  for (const ch of text.slice(0, upto)) {
    if (ch === '（') depth++;
    else if (ch === '）' && depth > 0) depth--;
  }
  return depth > 0;
}

/** The end of the quotation whose text starts at `from` (just after its “), counting nested “”. */
function quoteEnd(text: string, from: number): number {
  let depth = 1;
  for (let p = from; p < text.length; p++) {
    if (text[p] === '“') depth++;
    else if (text[p] === '”' && --depth === 0) return p;
  }
  return text.length;
}

/** The start of the quotation that ends (with ”) at `end`, counting nested “”. */
function quoteStart(text: string, end: number): number {
  let depth = 1;
  for (let p = end - 1; p >= 0; p--) {
    if (text[p] === '”') depth++;
    else if (text[p] === '“' && --depth === 0) return p + 1;
  }
  return 0;
}

/** The quotation that belongs to the reference at [start, end) of a comment, if any. */
function quoteOf(text: string, start: number, end: number, next: number): string | undefined {
  const inParens = insideParens(text, start);
  const after = /^([^“”；。]{0,40}?)“/.exec(text.slice(end, next));
  if (after) {
    const gap = after[1]!;
    let depth = 0;
    const balanced = [...gap].every((ch) => (ch === '（' ? ++depth : ch === '）' ? --depth : depth) >= 0);
    const fits = inParens ? /^(?:）[：:]|[，,]|)\s*$/.test(gap) : balanced;
    const from = end + after[0].length;
    const to = quoteEnd(text, from);
    const ownReference = /^\s*（[^）]{0,60}?第\s*\d[\d\s–—、，,-]*行/.test(text.slice(to + 1));
    if (fits && !ownReference) return text.slice(from, to);
  }
  if (inParens) {
    const before = /”\s*（[^（）]*$/.exec(text.slice(0, start));
    if (before) return text.slice(quoteStart(text, before.index), before.index);
  }
  return undefined;
}

/**
 * The `第 N 行` references of a policy or scenario file. `schemes` maps P-numbers to seed files;
 * `fallback` is the seed used when the text names none before a reference.
 */
export function lineReferences(text: string, schemes: ReadonlyMap<string, string>, fallback: string | undefined, seedNames: readonly string[]): Citation[] {
  const out: Citation[] = [];
  let lastNamed: string | undefined;
  for (const seg of segments(text)) {
    const refs = [...seg.text.matchAll(LINE_REF)];
    // Seed names and scheme-prefixed references, in order, so that "the seed last named" is known.
    const names = [
      ...[...seg.text.matchAll(new RegExp(SEED_NAME, 'g'))].map((m) => ({ at: m.index, seed: m[0] })),
      ...[...seg.text.matchAll(/(?:^|[（(\s])(\d{3})\s*第/g)].map((m) => ({ at: m.index, seed: seedNames.find((s) => s.startsWith(`${m[1]}_`)) })),
      ...[...seg.text.matchAll(/(P\d\d)\s*第/g)].map((m) => ({ at: m.index, seed: schemes.get(m[1]!) })),
    ].sort((a, b) => a.at - b.at);
    refs.forEach((r, k) => {
      const start = r.index;
      const end = start + r[0].length;
      const before = seg.text.slice(Math.max(0, start - 40), start);
      const adjacent =
        new RegExp(`(${SEED_NAME.source})\`?\\s*$`).exec(before)?.[1] ??
        seedNames.find((s) => s.startsWith(`${/(?:^|[（(\s])(\d{3})\s*$/.exec(before)?.[1] ?? '-'}_`)) ??
        schemes.get(/(P\d\d)\s*$/.exec(before)?.[1] ?? '');
      for (const n of names) if (n.at < start && n.seed) lastNamed = n.seed;
      const seed = adjacent ?? lastNamed ?? fallback;
      const quote = seg.comment ? quoteOf(seg.text, start, end, refs[k + 1]?.index ?? seg.text.length) : undefined;
      out.push({ line: lineAt(seg, start), written: r[0], seed, ranges: lineRanges(r[1]!) ?? [], ...(quote !== undefined ? { quote } : {}) });
    });
    for (const n of names) if (n.seed) lastNamed = n.seed;
  }
  return out;
}

/** The first seed file a text names (its header comment), or undefined. */
export function firstSeedNamed(text: string): string | undefined {
  return SEED_NAME.exec(text)?.[0];
}

// --- comparing a quotation with its lines ----------------------------------------------------

const toSimplified = Converter({ from: 'tw', to: 'cn' });
const HALF_TO_FULL: Record<string, string> = { ',': '，', ':': '：', ';': '；', '(': '（', ')': '）', '!': '！', '?': '？' };

/** Text as quotations are compared: simplified, no pinyin glosses, no whitespace or quotation marks, full-width punctuation, one dash. */
export function normalise(text: string): string {
  return toSimplified(text.replace(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)/g, ''))
    .replace(/\s+/g, '')
    .replace(/[,:;()!?]/g, (c: string) => HALF_TO_FULL[c]!)
    .replace(/[“”‘’"'「」]/g, '')
    .replace(/[–—―－-]/g, '-');
}

/** Whether every part of `quote` (split at omission marks) is found, in order, in `cited`. */
export function quoteIsIn(quote: string, cited: string): boolean {
  const text = normalise(cited);
  let at = 0;
  for (const part of quote.split(/…+|\.{3,}|⋯+/).map(normalise).filter((p) => p !== '')) {
    const found = text.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return true;
}

// --- paths ------------------------------------------------------------------------------------

/** Path-like words of a text: absolute (`/tmp/x`), relative (`./x`, `../x`) or from the repository root (`policies/x`). */
export function pathsIn(text: string): Array<{ line: number; path: string }> {
  const out: Array<{ line: number; path: string }> = [];
  text.split(/\r\n?|\n/).forEach((l, i) => {
    for (const m of l.matchAll(/(?<=^|[\s（(“"'`：:，,、])((?:\.{1,2}\/|\/(?=[A-Za-z])|(?:policies|test|docs|examples|packages|bench)\/)[\w.\-/]*)/g)) {
      out.push({ line: i + 1, path: m[1]!.replace(/[.…]+$/, '') });
    }
  });
  return out;
}
