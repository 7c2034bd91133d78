/**
 * An incremental reader of YAML case files written one record a line, for an editor that reads the
 * same file again after every edit (the playground).
 *
 * The examples and generated cases are written like this:
 *
 *     # comments
 *     period: { from: 2024-01-01, to: 2024-12-31 }
 *     events:
 *       - { id: E1, date: 2024-01-02, subject: P01, type: 迟到 }
 *       - {"id":"E2","date":"2024-01-03", …}
 *
 * that is, top-level keys, each with a flow collection on its own line or with a block sequence of
 * flow collections, one a line. In that shape every record can be parsed on its own: the reader
 * keeps each record's parsed value by the text of its line, so after an edit only the lines whose
 * text changed are parsed again, and the positions (line and column of every value) come from the
 * line's current number and the column inside it. A new line is read by the quick reader of
 * yaml-flow.ts when it is in its simple subset (most records are), else by the `yaml` library
 * (all such lines together, as the items of one block sequence).
 *
 * Whenever the text is not in that shape — anything else on a line (block mappings, multi-line
 * records, scalars, document markers, directives, tabs, carriage returns), an alias, a key written
 * twice, a key that is not a name, deep nesting, a section without records, or any syntax error in
 * the changed lines — it reads the whole
 * text with `parseYamlCase`, so the result is always the one `parseYamlCase` gives: the same tree
 * (numbers as their source text), the same errors at the same line and column.
 *
 * Browser-safe, like the rest of the package.
 */
import { isMap, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Origin } from './data.js';
import type { OriginOf } from './validate.js';
import { nodeAt, parseYamlCase, plain, type ParsedYamlCase } from './yaml-case.js';
import { flowOffset, parseFlowLine } from './yaml-flow.js';
import { structureProblem } from './yaml-structure.js';

/** What the reader did, for tests and benchmarks (counts, not times). */
export interface YamlLineStats {
  /** Texts read. */
  parses: number;
  /** Texts read whole by `parseYamlCase` (not in the one-record-a-line shape, or with a syntax error). */
  fullParses: number;
  /** Record lines (and one-line values) parsed again. */
  linesParsed: number;
  /** Record lines (and one-line values) taken from the cache, unchanged. */
  linesReused: number;
  /** The last read: `lines` (record by record) or `full`, and its own counts. */
  last?: { readonly mode: 'lines' | 'full'; readonly linesParsed: number; readonly linesReused: number };
}

export interface YamlCaseReader {
  /** The same as `parseYamlCase(text, display)`, re-using what it parsed for the previous text. */
  parse(text: string, display: string): ParsedYamlCase;
  readonly stats: YamlLineStats;
}

/** One flow collection on one line: a record of a block sequence, or the value of a top-level key. */
interface Content {
  /** 1-based line number. */
  readonly line: number;
  /** 0-based column where the collection starts. */
  readonly column: number;
  readonly text: string;
  /** The depth `plain` gives it in the whole document: 1 for a key's value, 2 for a record. */
  readonly depth: 1 | 2;
}

interface Section {
  readonly key: string;
  readonly line: number;
  /** `key: { … }` on one line. */
  readonly value?: Content;
  /** `key:` followed by records, `- { … }` one a line, all at this indentation. */
  readonly items: Content[];
  indent?: number;
}

/** A parsed collection: its plain value, and the offset (inside the collection's text) of the value at a path. */
interface Entry {
  readonly value: unknown;
  offsetOf(path: readonly (string | number)[]): number | undefined;
}

const BLANK = /^ *(?:#.*)?$/;
/** A top-level key: lowercase letters, digits and `_`, never `null`, `true` or `false` (which YAML reads as other than strings). */
const KEY = /^([a-z][a-z0-9_]*):(?: +(.*))?$/;
const ITEM = /^( *)- +([{[].*)$/;

/** The sections of a text in the one-record-a-line shape, or undefined when it is not in it. */
export function splitSections(text: string): Section[] | undefined {
  if (text.includes('\r') || text.includes('\t')) return undefined;
  const lines = text.split('\n');
  const sections: Section[] = [];
  const seen = new Set<string>();
  let current: Section | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (BLANK.test(line)) continue;
    const k = KEY.exec(line);
    if (k) {
      const key = k[1]!;
      if (key === 'null' || key === 'true' || key === 'false' || seen.has(key)) return undefined;
      if (current && current.value === undefined && current.items.length === 0) return undefined; // `key:` with no records: null
      seen.add(key);
      const rest = k[2] ?? '';
      if (rest === '' || rest.startsWith('#')) {
        current = { key, line: i + 1, items: [] };
      } else if (rest.startsWith('{') || rest.startsWith('[')) {
        current = { key, line: i + 1, value: { line: i + 1, column: line.length - rest.length, text: rest, depth: 1 }, items: [] };
      } else {
        return undefined;
      }
      sections.push(current);
      continue;
    }
    const m = ITEM.exec(line);
    if (!m || !current || current.value !== undefined) return undefined;
    const indent = m[1]!.length;
    if (current.indent === undefined) current.indent = indent;
    else if (current.indent !== indent) return undefined;
    const rest = m[2]!;
    current.items.push({ line: i + 1, column: line.length - rest.length, text: rest, depth: 2 });
  }
  if (sections.length === 0) return undefined;
  if (current && current.value === undefined && current.items.length === 0) return undefined;
  return sections;
}

const cacheKey = (c: Content): string => `${c.depth}${c.text}`;

function hasAlias(node: Node): boolean {
  let found = false;
  visit(node, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Parse the given collections together, as the records of one block sequence (`- …` a line).
 * Undefined when anything is not as it would be in place: a syntax error, a record that is not
 * a flow collection ending on its own line, an alias.
 */
function parseBatch(contents: readonly Content[]): Entry[] | undefined {
  let src = '';
  const starts: number[] = [];
  for (const c of contents) {
    starts.push(src.length + 2);
    src += `- ${c.text}\n`;
  }
  const doc = parseDocument(src, { prettyErrors: false, uniqueKeys: true }) as Document;
  if (doc.errors.length > 0 || !isSeq(doc.contents) || doc.contents.flow) return undefined;
  const items = doc.contents.items;
  if (items.length !== contents.length) return undefined;
  const out: Entry[] = [];
  for (let i = 0; i < items.length; i++) {
    const node = items[i] as Node | null;
    const c = contents[i]!;
    const start = starts[i]!;
    if (!node || !(isMap(node) || isSeq(node)) || !node.flow) return undefined;
    const range = node.range;
    if (!range || range[0] !== start || range[1] > start + c.text.length) return undefined;
    if (hasAlias(node) || structureProblem(node, doc, Infinity, c.depth + 1)) return undefined; // the whole parse says what is wrong
    out.push({
      value: plain(node, doc, c.depth),
      offsetOf: (path) => {
        const range = (nodeAt(node, path) as { range?: [number, number, number] } | undefined)?.range;
        return range ? range[0] - start : undefined;
      },
    });
  }
  return out;
}

export function createYamlCaseReader(): YamlCaseReader {
  let cache = new Map<string, Entry>();
  const stats: YamlLineStats = { parses: 0, fullParses: 0, linesParsed: 0, linesReused: 0 };

  const full = (text: string, display: string): ParsedYamlCase => {
    stats.fullParses++;
    stats.last = { mode: 'full', linesParsed: 0, linesReused: 0 };
    return parseYamlCase(text, display);
  };

  const parse = (input: string, display: string): ParsedYamlCase => {
    stats.parses++;
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    // A .json file must be JSON, and the one-record-a-line shape is YAML: read it whole.
    if (display.toLowerCase().endsWith('.json')) return full(input, display);
    const sections = splitSections(text);
    if (!sections) return full(input, display);
    const all: Content[] = [];
    for (const s of sections) {
      if (s.value) all.push(s.value);
      else all.push(...s.items);
    }
    const next = new Map<string, Entry>();
    const missing: Content[] = [];
    let reused = 0;
    for (const c of all) {
      const key = cacheKey(c);
      if (next.has(key)) continue;
      const hit = cache.get(key);
      if (hit) {
        next.set(key, hit);
        reused++;
      } else {
        next.set(key, undefined as unknown as Entry); // placeholder: parsed below
        missing.push(c);
      }
    }
    // The quick reader first (yaml-flow.ts); the lines it leaves are parsed together by the yaml library.
    const slow: Content[] = [];
    for (const c of missing) {
      const q = parseFlowLine(c.text);
      if (q) {
        const node = q.node;
        next.set(cacheKey(c), { value: q.value, offsetOf: (path) => flowOffset(node, path) });
      } else {
        slow.push(c);
      }
    }
    if (slow.length > 0) {
      const parsed = parseBatch(slow);
      if (!parsed) return full(input, display);
      slow.forEach((c, i) => next.set(cacheKey(c), parsed[i]!));
    }
    cache = next;
    stats.linesParsed += missing.length;
    stats.linesReused += reused;
    stats.last = { mode: 'lines', linesParsed: missing.length, linesReused: reused };

    const entry = (c: Content): Entry => next.get(cacheKey(c))!;
    const tree: Record<string, unknown> = {};
    const byKey = new Map<string, Section>();
    for (const s of sections) {
      byKey.set(s.key, s);
      tree[s.key] = s.value ? entry(s.value).value : s.items.map((c) => entry(c).value);
    }
    const at = (line: number, column: number): Origin => ({ file: display, line, column });
    const inside = (c: Content, path: readonly (string | number)[]): Origin | undefined => {
      const offset = entry(c).offsetOf(path);
      return offset === undefined ? undefined : at(c.line, c.column + offset + 1);
    };
    const originOf: OriginOf = (path) => {
      if (path.length === 0) return at(sections[0]!.line, 1); // the top-level mapping starts at its first key
      const s = byKey.get(String(path[0]));
      if (!s) return undefined;
      if (s.value) return inside(s.value, path.slice(1));
      if (path.length === 1) return at(s.items[0]!.line, s.indent! + 1); // the sequence starts at its first `-`
      const i = path[1];
      const c = typeof i === 'number' ? s.items[i] : undefined;
      return c ? inside(c, path.slice(2)) : undefined;
    };
    return { kind: 'tree', tree, originOf };
  };

  return { parse, stats };
}
