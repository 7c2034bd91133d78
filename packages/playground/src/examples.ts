/**
 * The examples menu: every policy under policies/ with its scenarios, and the sample township
 * year of examples/qingshi-2024/, bundled at build time (Vite's import.meta.glob). A scenario's
 * case data is the shared data of its file followed by its own (docs/scenarios.md: lists are
 * appended, period and calendar replaced, params merged), written out as one YAML case.
 */
import { parse as parseCsv } from 'csv-parse/browser/esm/sync';
import { parse as parseYaml } from 'yaml';

const policyTexts = import.meta.glob('../../../policies/**/*.kp', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const scenarioTexts = import.meta.glob('../../../policies/**/*.test.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const sampleFiles = import.meta.glob('../../../examples/qingshi-2024/*', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const repoPath = (globKey: string): string => globKey.replace(/^(\.\.\/)+/, '');

/** Every bundled policy file: repository path → text (also what `extends` reads). */
export const POLICY_FILES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(policyTexts).map(([k, v]) => [repoPath(k), v]));

export interface ExampleCase {
  /** Shown in the menu. */
  readonly name: string;
  /** The case data as YAML. */
  readonly data: string;
}

export interface Example {
  readonly policyFile: string;
  /** The policy's title, from its header. */
  readonly title: string;
  readonly cases: readonly ExampleCase[];
}

type Case = Record<string, unknown>;
const LISTS = ['units', 'people', 'events', 'inputs', 'votes'] as const;

/** As docs/scenarios.md says: lists appended, params by name, history's `from` replaced and its events appended. */
function merge(shared: Case | undefined, own: Case | undefined): Case {
  const out: Case = { ...(shared ?? {}) };
  for (const [k, v] of Object.entries(own ?? {})) {
    if ((LISTS as readonly string[]).includes(k)) out[k] = [...((out[k] as unknown[]) ?? []), ...((v as unknown[]) ?? [])];
    else if (k === 'params') out[k] = { ...((out[k] as object) ?? {}), ...(v as object) };
    else if (k === 'history') {
      const a = (out[k] ?? {}) as Case;
      const b = (v ?? {}) as Case;
      out[k] = { ...a, ...b, events: [...((a.events as unknown[]) ?? []), ...((b.events as unknown[]) ?? [])] };
    } else out[k] = v;
  }
  return out;
}

/**
 * YAML flow text for a value whose scalars are all strings (the scenario files are read with the
 * failsafe schema, the CSV cells are strings): a scalar that reads as a number, yes/no or a date
 * is written as it is, so numbers keep their digits and never pass through a binary float;
 * anything else is quoted when YAML needs it. Empty strings (empty CSV cells) are left out.
 */
export function flowYaml(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flowYaml).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== '' && x !== undefined)
      .map(([k, x]) => `${scalar(k)}: ${flowYaml(x)}`);
    return `{ ${parts.join(', ')} }`;
  }
  return scalar(String(v));
}

/** What YAML 1.2 (core schema) reads as something other than a string when written plain. */
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function scalar(s: string): string {
  if (/^(-?\d+(\.\d+)?|true|false|\d{4}-\d{2}-\d{2})$/.test(s)) return s;
  // a plain scalar in a flow collection: no indicator first, no `,:{}[]#` and no line break or tab inside
  const plain = /^[^\s,:{}[\]#&*!|>'"%@`?-][^,:{}[\]#\r\n\t]*$/.test(s) && s.trim() === s && !NOT_A_STRING.test(s);
  return plain ? s : JSON.stringify(s);
}

/** A case as YAML, one record per line (flow style), in the order of docs/case-data.md. */
export function caseYaml(c: Case, comment?: string): string {
  const lines: string[] = comment ? comment.split('\n').map((l) => `# ${l}`) : [];
  for (const key of ['period', 'calendar', 'params']) if (c[key] !== undefined) lines.push(`${key}: ${flowYaml(c[key])}`);
  const history = c.history as Case | undefined;
  if (history) {
    // the records before the period: `from`, then one record per line
    lines.push('history:');
    if (history.from !== undefined) lines.push(`  from: ${flowYaml(history.from)}`);
    const past = (history.events as unknown[] | undefined) ?? [];
    if (past.length > 0) {
      lines.push('  events:');
      for (const r of past) lines.push(`    - ${flowYaml(r)}`);
    }
  }
  for (const key of LISTS) {
    const list = c[key] as unknown[] | undefined;
    if (!list || list.length === 0) continue;
    lines.push(`${key}:`);
    for (const r of list) lines.push(`  - ${flowYaml(r)}`);
  }
  return lines.join('\n') + '\n';
}

/** The title in the header: each kind of quote ends at its own closing quote (`"北京市“三效一创”…"`), as the lexer reads it. */
function titleOf(text: string): string {
  const m = /^[ \t　]*(?:制度|policy)\s+[^\s"“「{｛]+\s*(?:"([^"\n\r]*)"|“([^”\n\r]*)”|「([^」\n\r]*)」)/m.exec(text);
  return m?.[1] ?? m?.[2] ?? m?.[3] ?? '';
}

/** The sample year from its case.yaml and CSV files. */
function sampleYear(): ExampleCase | undefined {
  const files = Object.fromEntries(Object.entries(sampleFiles).map(([k, v]) => [k.split('/').pop()!, v]));
  if (!files['case.yaml']) return undefined;
  const c = parseYaml(files['case.yaml'], { schema: 'failsafe' }) as Case;
  for (const key of LISTS) {
    const csv = files[`${key}.csv`];
    if (!csv) continue;
    const rows = parseCsv(csv, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[]; // cells are trimmed (docs/case-data.md 5)
    c[key] = [...((c[key] as unknown[]) ?? []), ...rows];
  }
  return { name: '青石镇 2024 年度样例数据（60 人，7 个站办所）', data: caseYaml(c, '青石镇 2024 年度机关效能考评样例数据（examples/qingshi-2024/）') };
}

function buildExamples(): Example[] {
  const out: Example[] = [];
  for (const [file, text] of Object.entries(POLICY_FILES).sort(([a], [b]) => a.localeCompare(b))) {
    const cases: ExampleCase[] = [];
    if (file === 'policies/county/qingshi-town.kp') {
      const s = sampleYear();
      if (s) cases.push(s);
    }
    const scen = scenarioTexts[`../../../${file.replace(/\.kp$/, '.test.yaml')}`];
    if (scen) {
      const doc = parseYaml(scen, { schema: 'failsafe' }) as { data?: Case | string; scenarios?: { name?: string; data?: Case | string }[] };
      const shared = typeof doc.data === 'object' ? doc.data : undefined;
      for (const s of doc.scenarios ?? []) {
        if (typeof s.data === 'string' || typeof doc.data === 'string') continue; // a case file by path: not bundled
        cases.push({ name: s.name ?? '', data: caseYaml(merge(shared, s.data), s.name) });
      }
    }
    out.push({ policyFile: file, title: titleOf(text), cases });
  }
  return out;
}

export const EXAMPLES: readonly Example[] = buildExamples();

/** The example opened first: the sample township year. */
export const DEFAULT_EXAMPLE = EXAMPLES.find((e) => e.policyFile === 'policies/county/qingshi-town.kp') ?? EXAMPLES[0]!;
