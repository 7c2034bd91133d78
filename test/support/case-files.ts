/**
 * Case files for the case-data fuzz (test/case-data-fuzz.test.ts): one case, written as YAML,
 * JSON, NDJSON or CSV (the same records in each), and the mutations applied to a file's bytes.
 */

/** A record's values: text (ids, names, enum names, dates), numbers as their digits, booleans, intervals. */
export type Value = string | number | boolean | readonly { from: string; to: string }[];
export type Rec = Readonly<Record<string, Value>>;

export interface Case {
  readonly period: { from: string; to: string };
  readonly units: readonly Rec[];
  readonly people: readonly Rec[];
  readonly events: readonly Rec[];
  readonly inputs: readonly Rec[];
  readonly votes: readonly Rec[];
  /** Records before the period (issue 10): `from`, and records shaped like events. */
  readonly history?: { readonly from: string; readonly events: readonly Rec[] };
}

const KINDS = ['units', 'people', 'events', 'inputs', 'votes'] as const;
const NDJSON_KIND = { units: 'unit', people: 'person', events: 'event', inputs: 'input', votes: 'vote' } as const;

export type Format = 'yaml' | 'json' | 'ndjson' | 'csv';
export const FORMATS: readonly Format[] = ['yaml', 'json', 'ndjson', 'csv'];

// --- writers --------------------------------------------------------------------------------

const yamlScalar = (v: string | number | boolean): string => (typeof v === 'string' && /^[\p{L}\p{N}_.-]+$/u.test(v) && !/^(true|false|null|~|[-.\d])/.test(v) ? v : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : JSON.stringify(v));
const yamlValue = (v: Value): string => (Array.isArray(v) ? `[${v.map((iv) => `{ from: ${iv.from}, to: ${iv.to} }`).join(', ')}]` : yamlScalar(v as string | number | boolean));
const yamlRecord = (r: Rec): string => `{ ${Object.entries(r).map(([k, v]) => `${k}: ${yamlValue(v)}`).join(', ')} }`;

/** Numbers stay JSON numbers (the readers keep their digits); intervals are lists of {from, to}. */
const jsonRecord = (r: Rec, extra: Record<string, string> = {}): string => JSON.stringify({ ...extra, ...r });

/** One YAML file: flow records one a line, and the first event written as a block mapping. */
function yaml(c: Case): string {
  const out = [`# 生成的案件（test/support/case-files.ts）`, `period: { from: ${c.period.from}, to: ${c.period.to} }`];
  if (c.history) {
    out.push('history:', `  from: ${c.history.from}`, '  events:');
    for (const r of c.history.events) out.push(`    - ${yamlRecord(r)}`);
  }
  for (const k of KINDS) {
    if (c[k].length === 0) continue;
    out.push(`${k}:`);
    c[k].forEach((r, i) => {
      if (k === 'events' && i === 0) {
        const [first, ...rest] = Object.entries(r);
        out.push(`  - ${first![0]}: ${yamlValue(first![1])}`, ...rest.map(([f, v]) => `    ${f}: ${yamlValue(v)}`));
      } else {
        out.push(`  - ${yamlRecord(r)}`);
      }
    });
  }
  return out.join('\n') + '\n';
}

/** One JSON file, one value a line (JSON.stringify with indentation). */
function json(c: Case): string {
  return JSON.stringify({ period: c.period, ...(c.history ? { history: c.history } : {}), ...Object.fromEntries(KINDS.filter((k) => c[k].length > 0).map((k) => [k, c[k]])) }, null, 2) + '\n';
}

/** One NDJSON file: a header line, then every record with its `record` kind. */
function ndjson(c: Case): string {
  const lines = [JSON.stringify({ record: 'header', period: c.period, ...(c.history ? { history: { from: c.history.from } } : {}) })];
  for (const r of c.history?.events ?? []) lines.push(jsonRecord(r, { record: 'history' }));
  for (const k of KINDS) for (const r of c[k]) lines.push(jsonRecord(r, { record: NDJSON_KIND[k] }));
  return lines.join('\n') + '\n';
}

const csvCell = (v: Value): string => {
  const s = Array.isArray(v) ? v.map((iv) => `${iv.from}..${iv.to}`).join(';') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV: one file per kind, the union of the records' fields as columns. */
function csv(records: readonly Rec[]): string {
  const cols: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return [cols.join(','), ...records.map((r) => cols.map((c) => (r[c] === undefined ? '' : csvCell(r[c]!))).join(','))].join('\n') + '\n';
}

/** The files of a case in one format, by name (the names say what CSV and NDJSON files hold). */
export function caseFiles(c: Case, format: Format): Map<string, string> {
  const files = new Map<string, string>();
  if (format === 'yaml') files.set('case.yaml', yaml(c));
  else if (format === 'json') files.set('case.json', json(c));
  else if (format === 'ndjson') files.set('case.ndjson', ndjson(c));
  else {
    files.set('header.yaml', `period: { from: ${c.period.from}, to: ${c.period.to} }\n${c.history ? `history: { from: ${c.history.from} }\n` : ''}`);
    if (c.history && c.history.events.length > 0) files.set('history.csv', csv(c.history.events));
    for (const k of KINDS) if (c[k].length > 0) files.set(`${k}.csv`, csv(c[k]));
  }
  return files;
}

// --- mutations ------------------------------------------------------------------------------

export type Mutation =
  | { op: 'setByte'; at: number; byte: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'truncate'; at: number }
  | { op: 'deleteLine'; i: number }
  | { op: 'duplicateLine'; i: number }
  | { op: 'swapLines'; i: number; j: number }
  /** The i-th value-like token (a run of characters other than spaces and `,:{}[]"`) replaced. */
  | { op: 'replaceToken'; i: number; text: string }
  /** The i-th value (after `key: ` in YAML and JSON, a cell below the header in CSV) replaced. */
  | { op: 'replaceValue'; i: number; text: string }
  | { op: 'lineEnds'; ends: '\r\n' | '\r' }
  | { op: 'bom' };

const LF = 0x0a;

function lineRanges(b: Buffer): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === LF) {
      out.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < b.length) out.push([start, b.length]);
  return out;
}

const TOKEN = /[^\s,:{}[\]"]+/g;

/** Apply one mutation to a file's bytes. Positions are taken modulo the file's size, so any number fits. */
export function mutate(b: Buffer, m: Mutation): Buffer {
  const at = (n: number): number => n % (b.length + 1);
  switch (m.op) {
    case 'setByte': {
      if (b.length === 0) return b;
      const out = Buffer.from(b);
      out[m.at % b.length] = m.byte;
      return out;
    }
    case 'insert':
      return Buffer.concat([b.subarray(0, at(m.at)), Buffer.from(m.text, 'utf8'), b.subarray(at(m.at))]);
    case 'delete':
      return Buffer.concat([b.subarray(0, at(m.at)), b.subarray(Math.min(b.length, at(m.at) + m.length))]);
    case 'duplicate': {
      const s = at(m.at);
      return Buffer.concat([b.subarray(0, s + m.length), b.subarray(s)]);
    }
    case 'truncate':
      return b.subarray(0, at(m.at));
    case 'deleteLine':
    case 'duplicateLine':
    case 'swapLines': {
      const lines = lineRanges(b).map(([s, e]) => b.subarray(s, e));
      if (lines.length === 0) return b;
      const i = m.i % lines.length;
      if (m.op === 'deleteLine') lines.splice(i, 1);
      else if (m.op === 'duplicateLine') lines.splice(i, 0, lines[i]!);
      else {
        const j = m.j % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      return Buffer.concat(lines);
    }
    case 'replaceToken': {
      const text = b.toString('latin1'); // byte offsets; the tokens' delimiters are ASCII
      const tokens = [...text.matchAll(TOKEN)];
      if (tokens.length === 0) return b;
      const t = tokens[m.i % tokens.length]!;
      return Buffer.concat([b.subarray(0, t.index), Buffer.from(m.text, 'utf8'), b.subarray(t.index + t[0].length)]);
    }
    case 'replaceValue': {
      const text = b.toString('latin1');
      const spans = valueSpans(text);
      if (spans.length === 0) return b;
      const [s, e] = spans[m.i % spans.length]!;
      return Buffer.concat([b.subarray(0, s), Buffer.from(m.text, 'utf8'), b.subarray(e)]);
    }
    case 'lineEnds':
      return Buffer.from(b.toString('latin1').replace(/\r?\n/g, m.ends), 'latin1');
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
  }
}

/** Byte ranges of the values of a file (given as latin1 text, one character a byte). */
function valueSpans(text: string): [number, number][] {
  const out: [number, number][] = [];
  if (/^[^:\n]*,[^:\n]*\n/.test(text)) {
    // CSV: the cells of every row but the first
    let at = text.indexOf('\n') + 1;
    while (at > 0 && at < text.length) {
      const end = text.indexOf('\n', at);
      const line = text.slice(at, end < 0 ? text.length : end);
      let c = at;
      for (const cell of line.split(',')) {
        out.push([c, c + cell.length]);
        c += cell.length + 1;
      }
      at = end < 0 ? -1 : end + 1;
    }
    return out;
  }
  for (const m of text.matchAll(/: ("(?:[^"\\\n]|\\.)*"|[^\s,{}[\]"]+)/g)) out.push([m.index + 2, m.index + m[0].length]);
  return out;
}

// --- checking positions ----------------------------------------------------------------------

/** The lines of a file as a reader sees them (`\n`, `\r\n`, `\r` end a line; a BOM is dropped), in UTF-16 units. */
export function lineLengths(b: Buffer): number[] {
  let text = b.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}
