/**
 * Scenario files (`*.test.yaml`): a policy, some case data and the results a writer expects,
 * worked out by hand. `runScenarioFile` runs one file; `kaoping test` and test/scenarios.test.ts
 * both use it. The format is described in docs/scenarios.md.
 *
 * The scenario file is read with the case-data YAML reader (data/yaml.ts), so numbers keep their
 * exact digits and every value keeps its line and column: inline case data is validated by the
 * same validator as case files, and its errors point into the scenario file. The reader hands
 * the top level of the file to `header()` of the validator it is given; the `Recorder` below
 * takes it from there, and records what a reader feeds it so that shared data is read once and
 * replayed into each scenario's own validator.
 */
import { dirname, resolve } from 'node:path';
import { createEnv, type Lang, type PolicyFile } from '@kaoping/dsl';
import {
  compile,
  createValidator,
  feedCase,
  type CaseHeader,
  type CaseResult,
  type CaseValidator,
  type DataError,
  type EvalResult,
  type Origin,
  type OriginOf,
  type PersonRecord,
  type Program,
  type RecordKind,
  type SubjectResult,
  type UnitRecord,
} from '@kaoping/evaluator';
import { baseLoader } from './bases.js';
import { closest } from './commands/explain.js';
import { readCsv } from './data/csv.js';
import { formatOf, unsupported } from './data/files.js';
import { sortErrors } from './data/index.js';
import { readNdjson } from './data/ndjson.js';
import { readYaml } from './data/yaml.js';
import { displayPath } from './files.js';
import type { Text } from './io.js';
import { policyContext, withRecordNames, type PolicyContext } from './render/context.js';
import { formatDataError } from './render/data.js';
import { diagnosticLines } from './render/diagnostic.js';
import { exemptionSection, flagSection, gradeSection, penaltySection, scoreSection } from './render/explain.js';
import { problemReason, readPolicySource, utf8Diagnostic } from './source.js';

// --- results ---------------------------------------------------------------------------------

/** A problem with the scenario file itself (it cannot be read, its policy has errors, …): no scenario of it can pass. */
export interface FileProblem {
  /** The complete message, with its position when it has one. */
  readonly text: Text;
  /** What to do, on a line of its own (a policy diagnostic's hint). */
  readonly hint?: Text;
}

/** What a scenario expected and what the evaluation gave, for one key. */
export interface Failure {
  /** The subject id, for `expect:` entries. */
  readonly subject?: string;
  /** What was compared: `score`, `grade`, `scores.考核得分`, `penalties`, `flags.评先资格`, `quota 先进集体`, `errors`, … */
  readonly key: string;
  readonly expected: string;
  readonly actual: string;
  /** Where the expectation is written in the scenario file. */
  readonly origin?: Origin;
  /** More about the difference (missing and unexpected penalties, an unknown subject …). */
  readonly note?: Text;
  /** Which trace explains the actual value: shown under the failure. */
  readonly trace?: { readonly kind: 'score' | 'grade' | 'penalties' | 'exemptions' | 'flag' | 'errors'; readonly name?: string };
}

export interface ScenarioResult {
  readonly name: string;
  /** Where the scenario starts in the file. */
  readonly origin?: Origin;
  readonly passed: boolean;
  readonly failures: readonly Failure[];
  /** The case-data problems found (the scenario was not evaluated when there are any). */
  readonly dataErrors: readonly DataError[];
  /** The evaluation, when it happened. */
  readonly result?: EvalResult;
}

export interface ScenarioFileResult {
  /** The scenario file, relative to the working directory. */
  readonly file: string;
  readonly policy?: string;
  readonly description?: string;
  readonly problems: readonly FileProblem[];
  /** A file (the scenario file, its policy or its shared data) could not be read: `kaoping test` exits with 2. */
  readonly unreadable: boolean;
  readonly scenarios: readonly ScenarioResult[];
  /** Labels, bands and clause text of the policy, for showing traces. */
  readonly context?: (lang: Lang) => PolicyContext;
}

export interface RunOptions {
  /** Paths are shown relative to it (default: the process's working directory). */
  readonly cwd?: string;
  /**
   * Folders (absolute) the policy's base policies may be read from, besides the policy's own
   * folder: the directory `kaoping test` was given, and each `--root`.
   */
  readonly roots?: readonly string[];
}

// --- reading ---------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

type RecordMethod = 'unit' | 'person' | 'event' | 'input' | 'vote' | 'history';

interface HeaderPart {
  readonly obj: Obj;
  readonly originOf?: OriginOf;
}

/**
 * A CaseValidator that only records what a reader feeds it. `replay` feeds the records, rejects
 * and errors to a real validator; the headers (period, calendar, params) are kept apart, because
 * a scenario's own header replaces the shared one.
 */
class Recorder implements CaseValidator {
  readonly headers: HeaderPart[] = [];
  readonly records: { method: RecordMethod; args: [unknown, Origin | undefined, OriginOf | undefined] }[] = [];
  readonly rejects: { kind: RecordKind; error: DataError }[] = [];
  readonly errors: DataError[] = [];

  constructor(
    readonly model: CaseValidator['model'],
    readonly schema: object,
  ) {}

  header(obj: unknown, originOf?: OriginOf): CaseHeader | DataError[] {
    if (isObj(obj)) this.headers.push({ obj, ...(originOf ? { originOf } : {}) });
    return [];
  }
  unit(obj: unknown, origin?: Origin, originOf?: OriginOf): UnitRecord | DataError[] {
    this.records.push({ method: 'unit', args: [obj, origin, originOf] });
    return [];
  }
  person(obj: unknown, origin?: Origin, originOf?: OriginOf): PersonRecord | DataError[] {
    this.records.push({ method: 'person', args: [obj, origin, originOf] });
    return [];
  }
  event(obj: unknown, origin?: Origin, originOf?: OriginOf): DataError[] {
    this.records.push({ method: 'event', args: [obj, origin, originOf] });
    return [];
  }
  history(obj: unknown, origin?: Origin, originOf?: OriginOf): DataError[] {
    this.records.push({ method: 'history', args: [obj, origin, originOf] });
    return [];
  }
  input(obj: unknown, origin?: Origin, originOf?: OriginOf): DataError[] {
    this.records.push({ method: 'input', args: [obj, origin, originOf] });
    return [];
  }
  vote(obj: unknown, origin?: Origin, originOf?: OriginOf): DataError[] {
    this.records.push({ method: 'vote', args: [obj, origin, originOf] });
    return [];
  }
  reject(kind: RecordKind, error: DataError): void {
    this.rejects.push({ kind, error });
  }
  error(error: DataError): void {
    this.errors.push(error);
  }
  finish(): CaseResult {
    throw new Error('Recorder.finish: a recorder is replayed, not finished');
  }

  replay(v: CaseValidator): void {
    for (const r of this.records) v[r.method](...r.args);
    for (const r of this.rejects) v.reject(r.kind, r.error);
    for (const e of this.errors) v.error(e);
  }
}

/** Case data read from files (paths relative to the scenario file), or given inline. */
interface DataSource {
  readonly recorder: Recorder;
  /** The files read, as shown (for sorting errors). */
  readonly files: readonly string[];
}

async function readData(
  value: unknown,
  at: readonly (string | number)[],
  rootOriginOf: OriginOf,
  dir: string,
  cwd: string,
  fresh: () => Recorder,
): Promise<DataSource | Text> {
  const recorder = fresh();
  if (isObj(value)) {
    feedCase(recorder, value, (p) => rootOriginOf([...at, ...p]));
    return { recorder, files: [] };
  }
  const paths = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((x) => typeof x === 'string') ? (value as string[]) : undefined;
  if (!paths) {
    return {
      zh: `data 应为案件数据（映射），或案件文件的路径（一个或一组，相对本文件）。`,
      en: `data should be case data (a mapping), or the path of a case file (one or a list, relative to this file).`,
    };
  }
  const files: string[] = [];
  for (const p of paths) {
    const abs = resolve(dir, p);
    const shown = displayPath(abs, cwd);
    files.push(shown);
    const format = formatOf(shown);
    if (format === 'yaml') await readYaml(abs, shown, recorder);
    else if (format === 'ndjson') await readNdjson(abs, shown, recorder);
    else if (format === 'csv') await readCsv(abs, shown, recorder);
    else recorder.error(unsupported(shown));
  }
  return { recorder, files };
}

/**
 * The headers of the shared data and of the scenario: the scenario's `period`, `calendar` and
 * `history` (its `from`; the history records are appended like the other records) replace the shared ones; its `params` replace the shared value of each parameter it names.
 */
function mergeHeaders(shared: readonly HeaderPart[], own: readonly HeaderPart[]): HeaderPart[] {
  const ownKeys = new Set(own.flatMap((h) => Object.keys(h.obj)));
  const ownParams = new Set(own.flatMap((h) => (isObj(h.obj.params) ? Object.keys(h.obj.params) : [])));
  const kept: HeaderPart[] = [];
  for (const h of shared) {
    const obj: Obj = { ...h.obj };
    for (const k of ['period', 'calendar', 'history']) if (ownKeys.has(k)) delete obj[k];
    if (isObj(obj.params) && ownParams.size > 0) {
      const params: Obj = { ...obj.params };
      for (const k of ownParams) delete params[k];
      obj.params = params;
      if (Object.keys(params).length === 0) delete obj.params;
    }
    if (Object.keys(obj).length > 0) kept.push({ obj, ...(h.originOf ? { originOf: h.originOf } : {}) });
  }
  return [...kept, ...own];
}

// --- expectations ----------------------------------------------------------------------------

const FILE_KEYS = ['policy', 'description', 'data', 'scenarios'];
const SCENARIO_KEYS = ['name', 'description', 'data', 'expect', 'expect_quotas', 'expect_errors'];
const SUBJECT_KEYS = ['score', 'grade', 'scores', 'grades', 'penalties', 'exemptions', 'flags', 'ranks'];

/** `92.50` → `92.5`, `-0` → `0`; undefined when the text is not a plain decimal. */
export function canonicalDecimal(text: string): string | undefined {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const zero = /^0+$/.test(int) && frac === '';
  return `${!zero && m[1] === '-' ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

const show = (v: unknown): string => (v === null || v === undefined ? 'null' : typeof v === 'string' ? v : JSON.stringify(v));

/** Does a YAML value mean true/false? (`true`, `false`, `是`, `否`) */
function boolOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '是' || v === 'TRUE') return true;
  if (v === 'false' || v === '否' || v === 'FALSE') return false;
  return undefined;
}

interface Ctx {
  readonly result: EvalResult;
  /** Grade scale → the score it bands. */
  readonly scaleScore: ReadonlyMap<string, string>;
  readonly originOf: (p: readonly (string | number)[]) => Origin | undefined;
  readonly failures: Failure[];
}

function suggestion(key: string, allowed: readonly string[]): Text {
  const near = closest(key, allowed);
  return near.length > 0
    ? { zh: `是否指 ${near[0]}？可用的键：${allowed.join('、')}。`, en: `Did you mean ${near[0]}? Keys: ${allowed.join(', ')}.` }
    : { zh: `可用的键：${allowed.join('、')}。`, en: `Keys: ${allowed.join(', ')}.` };
}

function unknownKey(key: string, allowed: readonly string[], origin: Origin | undefined, subject?: string): Failure {
  const s = suggestion(key, allowed);
  return {
    ...(subject !== undefined ? { subject } : {}),
    key,
    expected: '',
    actual: '',
    ...(origin ? { origin } : {}),
    note: { zh: `未知的期望键 ${key}。${s.zh}`, en: `unknown expectation key ${key}. ${s.en}` },
  };
}

function badValue(key: string, value: unknown, what: Text, origin: Origin | undefined, subject?: string): Failure {
  return {
    ...(subject !== undefined ? { subject } : {}),
    key,
    expected: show(value),
    actual: '',
    ...(origin ? { origin } : {}),
    note: { zh: `期望值写法有误：应为${what.zh}。`, en: `the expected value is malformed: it should be ${what.en}.` },
  };
}

/**
 * `待岗@2024-06-27`, `告诫`, or with the penalty's last day: `待岗@2024-06-27..2024-07-11`, and
 * `停职@2024-03-04..` for one still running at the end of the period (lasting until an event).
 */
interface PenaltyPattern {
  readonly text: string;
  readonly name: string;
  readonly date?: string;
  /** After `..`: the last day, or `running` for an open `..`. */
  readonly until?: string;
}

/** Something named and dated in a result: a penalty (by name or label), or an exemption (by the declaration that exempted it). */
interface Dated {
  readonly names: readonly (string | undefined)[];
  readonly date: string;
  /** A penalty's last day (`running` when it lasts until an event that had not come by the period's end). */
  readonly until?: string;
}

function parsePattern(text: string): PenaltyPattern {
  const at = text.lastIndexOf('@');
  if (at <= 0) return { text, name: text.trim() };
  const when = text.slice(at + 1).trim();
  const range = when.indexOf('..');
  const name = text.slice(0, at).trim();
  if (range < 0) return { text, name, date: when };
  const until = when.slice(range + 2).trim();
  return { text, name, date: when.slice(0, range).trim(), until: until === '' ? 'running' : until };
}

const showDated = (x: Dated, withUntil: boolean): string => `${x.names[0]}@${x.date}${withUntil && x.until !== undefined ? `..${x.until === 'running' ? '' : x.until}` : ''}`;

function compareDated(items: readonly Dated[], expected: readonly PenaltyPattern[]): { missing: PenaltyPattern[]; extra: string[] } {
  const left = [...items];
  const missing: PenaltyPattern[] = [];
  const take = (p: PenaltyPattern): void => {
    const i = left.findIndex((x) => x.names.includes(p.name) && (p.date === undefined || x.date === p.date) && (p.until === undefined || x.until === p.until));
    if (i < 0) missing.push(p);
    else left.splice(i, 1);
  };
  // Expectations with a last day first, then dated ones, so that a looser one cannot take the item a stricter one names.
  for (const p of expected) if (p.until !== undefined) take(p);
  for (const p of expected) if (p.date !== undefined && p.until === undefined) take(p);
  for (const p of expected) if (p.date === undefined) take(p);
  const withUntil = expected.some((p) => p.until !== undefined);
  return { missing, extra: left.map((x) => showDated(x, withUntil)) };
}

function checkSubject(ctx: Ctx, id: string, exp: unknown, at: readonly (string | number)[]): void {
  const { result, failures } = ctx;
  const o = (...p: (string | number)[]): Origin | undefined => ctx.originOf([...at, ...p]);
  const s = result.subjects.find((x) => x.id === id);
  if (!s) {
    const near = closest(id, result.subjects.map((x) => x.id));
    failures.push({
      subject: id,
      key: 'id',
      expected: '',
      actual: '',
      ...(o() ? { origin: o()! } : {}),
      note:
        near.length > 0
          ? { zh: `结果中没有编号为 ${id} 的人员或单位。是否指 ${near.join('、')}？`, en: `the result has no person or unit ${id}. Did you mean ${near.join(', ')}?` }
          : { zh: `结果中没有编号为 ${id} 的人员或单位。`, en: `the result has no person or unit ${id}.` },
    });
    return;
  }
  if (!isObj(exp)) {
    failures.push(badValue('expect', exp, { zh: '映射（score、grade、penalties 等）', en: 'a mapping (score, grade, penalties, …)' }, o(), id));
    return;
  }
  const fail = (f: Omit<Failure, 'subject'>): void => void failures.push({ subject: id, ...f });
  const mainScale = s.grades[0]?.scale;
  for (const [key, value] of Object.entries(exp)) {
    const origin = o(key);
    const where = origin ? { origin } : {};
    switch (key) {
      case 'score':
      case 'scores': {
        const entries: [string | undefined, unknown, Origin | undefined][] =
          key === 'score' ? [[undefined, value, origin]] : isObj(value) ? Object.entries(value).map(([k, v]) => [k, v, o(key, k)]) : [];
        if (key === 'scores' && !isObj(value)) {
          fail(badValue(key, value, { zh: '映射（评分名: 分值）', en: 'a mapping (score name: value)' }, origin));
          break;
        }
        for (const [name, v, at2] of entries) {
          const label = name === undefined ? 'score' : `scores.${name}`;
          const w2 = at2 ? { origin: at2 } : {};
          const score = name === undefined ? undefined : s.scores.find((x) => x.name === name || x.label === name);
          if (name !== undefined && !score) {
            fail({ key: label, expected: show(v), actual: '', ...w2, note: { zh: `${s.id} 没有评分 ${name}；它的评分：${s.scores.map((x) => x.name).join('、') || '无'}。`, en: `${s.id} has no score ${name}; its scores: ${s.scores.map((x) => x.name).join(', ') || 'none'}.` } });
            continue;
          }
          const actual = name === undefined ? s.score : score!.value;
          const traceName = name === undefined ? mainScoreName(s, ctx) : score!.name;
          if (v === null) {
            if (actual !== null) fail({ key: label, expected: 'null', actual, ...w2, ...(traceName ? { trace: { kind: 'score', name: traceName } } : {}) });
            continue;
          }
          const want = typeof v === 'string' ? canonicalDecimal(v) : undefined;
          if (want === undefined) {
            fail(badValue(label, v, { zh: '小数，如 "102" 或 "89.5"（或 null 表示无法计算）', en: 'a decimal such as "102" or "89.5" (or null for unknown)' }, at2));
            continue;
          }
          if (actual === null || canonicalDecimal(actual) !== want) {
            fail({ key: label, expected: show(v), actual: actual ?? 'null', ...w2, ...(traceName ? { trace: { kind: 'score', name: traceName } } : {}) });
          }
        }
        break;
      }
      case 'grade':
      case 'grades': {
        if (key === 'grades' && !isObj(value)) {
          fail(badValue(key, value, { zh: '映射（等次划分名: 等次）', en: 'a mapping (grade scale: band)' }, origin));
          break;
        }
        const entries: [string | undefined, unknown, Origin | undefined][] =
          key === 'grade' ? [[mainScale, value, origin]] : Object.entries(value as Obj).map(([k, v]) => [k, v, o(key, k)]);
        for (const [scale, v, at2] of entries) {
          const label = key === 'grade' ? 'grade' : `grades.${scale}`;
          const w2 = at2 ? { origin: at2 } : {};
          const g = scale === undefined ? undefined : s.grades.find((x) => x.scale === scale);
          if (key === 'grades' && !g) {
            fail({ key: label, expected: show(v), actual: '', ...w2, note: { zh: `${s.id} 没有等次划分 ${scale}。`, en: `${s.id} has no grade scale ${scale}.` } });
            continue;
          }
          if (v !== null && typeof v !== 'string') {
            fail(badValue(label, v, { zh: '等次的名称或标签', en: 'the name or label of a band' }, at2));
            continue;
          }
          const band = g?.band ?? null;
          const bandLabel = g?.bandLabel;
          const ok = v === null ? band === null : band !== null && (band === v || bandLabel === v);
          if (!ok) {
            fail({ key: label, expected: show(v), actual: band === null ? 'null' : bandLabel && bandLabel !== band ? `${band}「${bandLabel}」` : band, ...w2, ...(g ? { trace: { kind: 'grade', name: g.scale } } : {}) });
          }
        }
        break;
      }
      case 'penalties':
      case 'exemptions': {
        const penalties = key === 'penalties';
        if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) {
          fail(
            badValue(
              key,
              value,
              penalties
                ? { zh: '列表，每项为 名称、名称@日期 或 名称@起始日..终止日，如 [待岗@2024-06-27..2024-07-11, 告诫]', en: 'a list of name, name@date or name@from..until, e.g. [待岗@2024-06-27..2024-07-11, 告诫]' }
                : { zh: '列表，每项为 规则（评分、时限）名称 或 名称@日期，如 [超时告诫@2024-03-05]', en: 'a list of rule (score, deadline) names or name@date, e.g. [超时告诫@2024-03-05]' },
              origin,
            ),
          );
          break;
        }
        const patterns: PenaltyPattern[] = (value as string[]).map(parsePattern);
        const items: Dated[] = penalties
          ? s.penalties.map((p) => ({ names: [p.penalty, p.label], date: p.date, ...(p.until !== undefined ? { until: p.ended?.by === 'running' ? 'running' : p.until } : {}) }))
          : s.exemptions.map((e) => ({ names: [e.trace.decl], date: e.date }));
        const { missing, extra } = compareDated(items, patterns);
        if (missing.length > 0 || extra.length > 0) {
          const parts: Text[] = [];
          if (missing.length > 0) parts.push({ zh: `缺少 ${missing.map((m) => m.text).join('、')}`, en: `missing ${missing.map((m) => m.text).join(', ')}` });
          if (extra.length > 0) parts.push({ zh: `多出 ${extra.join('、')}`, en: `not expected ${extra.join(', ')}` });
          fail({
            key,
            expected: `[${patterns.map((p) => p.text).join(', ')}]`,
            actual: `[${items.map((x) => showDated(x, patterns.some((p) => p.until !== undefined))).join(', ')}]`,
            ...where,
            note: { zh: parts.map((p) => p.zh).join('；'), en: parts.map((p) => p.en).join('; ') },
            trace: { kind: key },
          });
        }
        break;
      }
      case 'flags': {
        if (!isObj(value)) {
          fail(badValue(key, value, { zh: '映射（资格名: true/false）', en: 'a mapping (eligibility: true/false)' }, origin));
          break;
        }
        for (const [flag, v] of Object.entries(value)) {
          const at2 = o(key, flag);
          const w2 = at2 ? { origin: at2 } : {};
          const want = boolOf(v);
          if (want === undefined) {
            fail(badValue(`flags.${flag}`, v, { zh: 'true 或 false（保留或取消）', en: 'true or false (held or revoked)' }, at2));
            continue;
          }
          const detail = s.flagDetails.find((f) => f.eligibility === flag || f.label === flag);
          if (!detail) {
            fail({ key: `flags.${flag}`, expected: String(want), actual: '', ...w2, note: { zh: `制度中没有资格 ${flag}。`, en: `the policy has no eligibility ${flag}.` } });
            continue;
          }
          if (detail.eligible !== want) fail({ key: `flags.${flag}`, expected: String(want), actual: String(detail.eligible), ...w2, trace: { kind: 'flag', name: detail.eligibility } });
        }
        break;
      }
      case 'ranks': {
        if (!isObj(value)) {
          fail(badValue(key, value, { zh: '映射（评分名: 名次）', en: 'a mapping (score name: place)' }, origin));
          break;
        }
        for (const [score, v] of Object.entries(value)) {
          const at2 = o(key, score);
          const w2 = at2 ? { origin: at2 } : {};
          if (typeof v !== 'string' || !/^[1-9]\d*$/.test(v)) {
            fail(badValue(`ranks.${score}`, v, { zh: '正整数名次', en: 'a whole number ≥ 1' }, at2));
            continue;
          }
          const actual = s.ranks[score];
          if (actual !== Number(v)) fail({ key: `ranks.${score}`, expected: v, actual: actual === undefined ? 'null' : String(actual), ...w2, trace: { kind: 'score', name: score } });
        }
        break;
      }
      default:
        failures.push(unknownKey(key, SUBJECT_KEYS, origin, id));
    }
  }
}

/** The main score: the one the first grade scale of the subject bands, else its first score. */
function mainScoreName(s: SubjectResult, ctx: Ctx): string | undefined {
  const scale = s.grades[0]?.scale;
  return (scale !== undefined ? ctx.scaleScore.get(scale) : undefined) ?? s.scores[0]?.name;
}

// --- running ---------------------------------------------------------------------------------

interface Loaded {
  readonly policy: PolicyFile;
  readonly program: Program;
  readonly context: (lang: Lang) => PolicyContext;
}

export async function runScenarioFile(path: string, options: RunOptions = {}): Promise<ScenarioFileResult> {
  const cwd = options.cwd ?? process.cwd();
  const abs = resolve(cwd, path);
  const file = displayPath(abs, cwd);
  const dir = dirname(abs);
  const problems: FileProblem[] = [];
  const at = (o: Origin | undefined): string => (o ? `${o.file}:${o.line}:${o.column}: ` : `${file}: `);
  const problem = (o: Origin | undefined, text: Text): void => void problems.push({ text: { zh: `${at(o)}${text.zh}`, en: `${at(o)}${text.en}` } });
  const base = { file, problems, scenarios: [] as ScenarioResult[] };

  // The file itself: the YAML reader gives its top level to `header()`.
  const top = new Recorder({} as CaseValidator['model'], {});
  await readYaml(abs, file, top);
  const unreadable = top.errors.some((e) => e.code === 'KD0101');
  for (const e of top.errors) problems.push({ text: { zh: formatDataError(e, 'zh'), en: formatDataError(e, 'en') } });
  if (top.errors.length > 0) return { ...base, unreadable };
  const root = top.headers[0];
  const sections = [...new Set(top.records.map((r) => r.method))];
  if (!root || sections.length > 0) {
    const first = top.records[0]?.args[1];
    problem(first, {
      zh: '场景文件应为映射，含 policy（制度文件）与 scenarios（场景列表）；案件数据写在 data: 之下。格式见 docs/scenarios.md。',
      en: 'a scenario file should be a mapping with policy (the policy file) and scenarios (the list of scenarios); case data goes under data:. See docs/scenarios.md.',
    });
    return { ...base, unreadable: false };
  }
  const doc = root.obj;
  const originOf: OriginOf = (p) => root.originOf?.(p);
  for (const key of Object.keys(doc)) {
    if (!FILE_KEYS.includes(key)) {
      const s = suggestion(key, FILE_KEYS);
      problem(originOf([key]), { zh: `未知的键 ${key}。${s.zh}`, en: `unknown key ${key}. ${s.en}` });
    }
  }
  const description = typeof doc.description === 'string' ? doc.description : undefined;

  // The policy.
  if (typeof doc.policy !== 'string' || doc.policy.trim() === '') {
    problem(originOf(doc.policy === undefined ? [] : ['policy']), {
      zh: 'policy 应为制度文件的路径（相对本文件），如 policy: window-staff-assessment.kp。',
      en: 'policy should be the path of the policy file (relative to this file), e.g. policy: window-staff-assessment.kp.',
    });
    return { ...base, unreadable: false, ...(description ? { description } : {}) };
  }
  const policyAbs = resolve(dir, doc.policy);
  const policyShown = displayPath(policyAbs, cwd);
  const withPolicy = { ...base, policy: policyShown, ...(description ? { description } : {}) };
  let loaded: Loaded;
  const source = readPolicySource(policyAbs);
  if ('problem' in source && source.problem.kind !== 'utf8') {
    const r = problemReason(source.problem);
    const io = source.problem.kind === 'io';
    problem(originOf(['policy']), {
      zh: `制度文件 ${policyShown} ${io ? `无法读取（${r.zh}）` : r.zh}。路径相对场景文件所在目录。`,
      en: `the policy file ${policyShown} ${io ? `cannot be read (${r.en})` : r.en}. The path is relative to the scenario file's directory.`,
    });
    return { ...withPolicy, unreadable: true };
  }
  {
    const analysis =
      'text' in source
        ? createEnv({ loadBase: baseLoader(cwd, [dirname(policyAbs), ...(options.roots ?? [])]) }).analyze(source.text, policyShown)
        : undefined;
    const program = analysis && !analysis.hasErrors ? compile(analysis.checked).program : undefined;
    if (!analysis || !program) {
      const errors = analysis ? analysis.diagnostics.filter((x) => x.severity === 'error') : 'problem' in source && source.problem.kind === 'utf8' ? [utf8Diagnostic(source.problem, policyShown)] : [];
      for (const d of errors) {
        const [zh, hintZh] = diagnosticLines(d, 'zh', d.file ?? policyShown);
        const [en, hintEn] = diagnosticLines(d, 'en', d.file ?? policyShown);
        problems.push({ text: { zh: zh!, en: en! }, ...(hintZh !== undefined && hintEn !== undefined ? { hint: { zh: hintZh.trim(), en: hintEn.trim() } } : {}) });
      }
      problem(originOf(['policy']), { zh: `制度 ${policyShown} 有错误，场景未运行。`, en: `the policy ${policyShown} has errors; no scenario was run.` });
      return { ...withPolicy, unreadable: false };
    }
    const checked = analysis.checked;
    loaded = {
      policy: checked.policy,
      program,
      context: (lang) => policyContext(checked.policy, policyShown, (d) => checked.symbols.get(d)?.file, lang, cwd),
    };
  }
  const model = createValidator(loaded.policy);
  const fresh = (): Recorder => new Recorder(model.model, model.schema);

  // Shared data.
  let shared: DataSource = { recorder: fresh(), files: [] };
  if (doc.data !== undefined && doc.data !== null) {
    const s = await readData(doc.data, ['data'], originOf, dir, cwd, fresh);
    if ('zh' in s) {
      problem(originOf(['data']), s);
      return { ...withPolicy, unreadable: false, context: loaded.context };
    }
    const unreadableData = s.recorder.errors.filter((e) => e.code === 'KD0101');
    if (unreadableData.length > 0) {
      for (const e of unreadableData) problem(originOf(['data']), e.message);
      return { ...withPolicy, unreadable: true, context: loaded.context };
    }
    shared = s;
  }

  // The scenarios.
  if (!Array.isArray(doc.scenarios) || doc.scenarios.length === 0) {
    problem(originOf(doc.scenarios === undefined ? [] : ['scenarios']), {
      zh: 'scenarios 应为场景列表（每项含 name、data 与 expect）。',
      en: 'scenarios should be a list of scenarios (each with name, data and expect).',
    });
    return { ...withPolicy, unreadable: false, context: loaded.context };
  }
  const scenarios: ScenarioResult[] = [];
  let i = -1;
  for (const sc of doc.scenarios as unknown[]) {
    i++;
    scenarios.push(await runScenario(sc, i, { originOf, dir, cwd, file, shared, fresh, loaded }));
  }
  return { ...withPolicy, unreadable: false, scenarios, context: loaded.context };
}

interface Env {
  readonly originOf: OriginOf;
  readonly dir: string;
  readonly cwd: string;
  readonly file: string;
  readonly shared: DataSource;
  readonly fresh: () => Recorder;
  readonly loaded: Loaded;
}

async function runScenario(sc: unknown, i: number, env: Env): Promise<ScenarioResult> {
  const { originOf, loaded } = env;
  const here = ['scenarios', i];
  const origin = originOf(here);
  const base = (name: string) => ({ name, ...(origin ? { origin } : {}) });
  if (!isObj(sc)) {
    return {
      ...base(`#${i + 1}`),
      passed: false,
      dataErrors: [],
      failures: [{ key: 'scenario', expected: '', actual: '', ...(origin ? { origin } : {}), note: { zh: '场景应为映射（name、data、expect 等）。', en: 'a scenario should be a mapping (name, data, expect, …).' } }],
    };
  }
  const name = typeof sc.name === 'string' && sc.name.trim() !== '' ? sc.name : `#${i + 1}`;
  const failures: Failure[] = [];
  if (typeof sc.name !== 'string' || sc.name.trim() === '') {
    failures.push({ key: 'name', expected: '', actual: '', ...(origin ? { origin } : {}), note: { zh: '场景缺少 name（名称）。', en: 'the scenario has no name.' } });
  }
  for (const key of Object.keys(sc)) if (!SCENARIO_KEYS.includes(key)) failures.push(unknownKey(key, SCENARIO_KEYS, originOf([...here, key])));

  // Its data: the shared data, then its own.
  let own: DataSource = { recorder: env.fresh(), files: [] };
  if (sc.data !== undefined && sc.data !== null) {
    const s = await readData(sc.data, [...here, 'data'], originOf, env.dir, env.cwd, env.fresh);
    if ('zh' in s) {
      const o = originOf([...here, 'data']);
      failures.push({ key: 'data', expected: '', actual: '', ...(o ? { origin: o } : {}), note: s });
      return { ...base(name), passed: false, failures, dataErrors: [] };
    }
    own = s;
  }
  const v = createValidator(loaded.policy);
  for (const h of mergeHeaders(env.shared.recorder.headers, own.recorder.headers)) v.header(h.obj, h.originOf);
  env.shared.recorder.replay(v);
  own.recorder.replay(v);
  const read = v.finish();
  const dataErrors = sortErrors(read.errors, [env.file, ...env.shared.files, ...own.files]);
  const result = dataErrors.length === 0 && read.data ? loaded.program.evaluate(read.data, { counts: read.counts }) : undefined;

  // Expected errors (none when not given).
  const codes = (list: readonly DataError[]): string[] => [...new Set(list.map((e) => e.code))].sort();
  const actualCodes = codes([...dataErrors, ...(result?.errors ?? [])]);
  const expErrOrigin = originOf([...here, 'expect_errors']);
  let expectedCodes: string[] = [];
  if (sc.expect_errors !== undefined && sc.expect_errors !== null) {
    if (Array.isArray(sc.expect_errors) && sc.expect_errors.every((x) => typeof x === 'string')) expectedCodes = [...new Set(sc.expect_errors as string[])].sort();
    else failures.push(badValue('expect_errors', sc.expect_errors, { zh: '错误代码的列表，如 [KD0124]', en: 'a list of error codes, e.g. [KD0124]' }, expErrOrigin));
  }
  const missing = expectedCodes.filter((c) => !actualCodes.includes(c));
  const extra = actualCodes.filter((c) => !expectedCodes.includes(c));
  if (missing.length > 0 || extra.length > 0) {
    const parts: Text[] = [];
    if (missing.length > 0) parts.push({ zh: `缺少 ${missing.join('、')}`, en: `missing ${missing.join(', ')}` });
    if (extra.length > 0) parts.push({ zh: `多出 ${extra.join('、')}`, en: `not expected ${extra.join(', ')}` });
    failures.push({
      key: 'errors',
      expected: `[${expectedCodes.join(', ')}]`,
      actual: `[${actualCodes.join(', ')}]`,
      ...(expErrOrigin ? { origin: expErrOrigin } : origin ? { origin } : {}),
      note: { zh: parts.map((p) => p.zh).join('；'), en: parts.map((p) => p.en).join('; ') },
      trace: { kind: 'errors' },
    });
  }

  const hasExpect = sc.expect !== undefined && sc.expect !== null;
  const hasQuotas = sc.expect_quotas !== undefined && sc.expect_quotas !== null;
  if (!hasExpect && !hasQuotas && sc.expect_errors === undefined) {
    failures.push({ key: 'expect', expected: '', actual: '', ...(origin ? { origin } : {}), note: { zh: '场景没有任何期望（expect、expect_quotas 或 expect_errors）。', en: 'the scenario expects nothing (expect, expect_quotas or expect_errors).' } });
  }
  if ((hasExpect || hasQuotas) && !result) {
    const o = originOf([...here, hasExpect ? 'expect' : 'expect_quotas']);
    failures.push({
      key: hasExpect ? 'expect' : 'expect_quotas',
      expected: '',
      actual: '',
      ...(o ? { origin: o } : {}),
      note: { zh: '案件数据有错误，未进行评估，无法比较期望的结果。', en: 'the case data has errors: nothing was evaluated, so the expected results cannot be compared.' },
      trace: { kind: 'errors' },
    });
  }
  if (result) {
    const scaleScore = new Map<string, string>();
    for (const d of loaded.policy.decls) if (d.kind === 'GradesDecl' && d.name && d.score) scaleScore.set(d.name.text, d.score.text);
    const ctx: Ctx = { result, scaleScore, originOf, failures };
    if (hasExpect) {
      if (!isObj(sc.expect)) failures.push(badValue('expect', sc.expect, { zh: '映射（对象编号: 期望）', en: 'a mapping (subject id: expectations)' }, originOf([...here, 'expect'])));
      else for (const [id, exp] of Object.entries(sc.expect)) checkSubject(ctx, id, exp, [...here, 'expect', id]);
    }
    if (hasQuotas) checkQuotas(ctx, sc.expect_quotas, [...here, 'expect_quotas']);
  }
  return { ...base(name), passed: failures.length === 0, failures, dataErrors, ...(result ? { result } : {}) };
}

function checkQuotas(ctx: Ctx, value: unknown, at: readonly (string | number)[]): void {
  const { result, failures } = ctx;
  if (!isObj(value)) {
    failures.push(badValue('expect_quotas', value, { zh: '映射（名额名: 选定的编号列表）', en: 'a mapping (quota: list of chosen ids)' }, ctx.originOf(at)));
    return;
  }
  for (const [quota, ids] of Object.entries(value)) {
    const o = ctx.originOf([...at, quota]);
    const where = o ? { origin: o } : {};
    const q = result.quotas.find((x) => x.quota === quota);
    if (!q) {
      failures.push({ key: `quota ${quota}`, expected: show(ids), actual: '', ...where, note: { zh: `结果中没有名额 ${quota}；有：${result.quotas.map((x) => x.quota).join('、') || '无'}。`, en: `the result has no quota ${quota}; it has: ${result.quotas.map((x) => x.quota).join(', ') || 'none'}.` } });
      continue;
    }
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) {
      failures.push(badValue(`quota ${quota}`, ids, { zh: '选定对象编号的列表，如 [D4]', en: 'a list of the chosen ids, e.g. [D4]' }, o));
      continue;
    }
    const want = [...(ids as string[])].sort();
    const got = [...q.chosen].sort();
    if (want.join('\0') !== got.join('\0')) {
      failures.push({
        key: `quota ${quota}`,
        expected: `[${want.join(', ')}]`,
        actual: `[${got.join(', ')}]`,
        ...where,
        note: { zh: `${q.trace.why.zh}；候选：${q.pool.join('、') || '无'}`, en: `${q.trace.why.en}; candidates: ${q.pool.join(', ') || 'none'}` },
      });
    }
  }
}

// --- reporting -------------------------------------------------------------------------------

/** The report of one file: its problems, then each scenario (passed or failed, with the differences and their traces). */
export function formatScenarioFile(r: ScenarioFileResult, lang: Lang): string[] {
  const zh = lang === 'zh';
  const out: string[] = [];
  const about = [r.description, r.policy ? (zh ? `制度 ${r.policy}` : `policy ${r.policy}`) : undefined].filter(Boolean).join(zh ? '；' : '; ');
  out.push(about ? (zh ? `${r.file}（${about}）` : `${r.file} (${about})`) : r.file);
  for (const p of r.problems) {
    out.push(`  ${p.text[lang]}`);
    if (p.hint) out.push(`      ${p.hint[lang]}`);
  }
  const ctx = r.context?.(lang);
  for (const s of r.scenarios) out.push(...formatScenario(s, ctx, lang));
  return out;
}

export function formatScenario(s: ScenarioResult, ctx: PolicyContext | undefined, lang: Lang): string[] {
  const zh = lang === 'zh';
  const out: string[] = [];
  const where = s.origin ? (zh ? `（${s.origin.file}:${s.origin.line}）` : ` (${s.origin.file}:${s.origin.line})`) : '';
  if (s.passed) {
    out.push(`  ${zh ? '通过' : 'pass'}  ${s.name}`);
    return out;
  }
  out.push(`  ${zh ? '失败' : 'FAIL'}  ${s.name}${where}`);
  const shownErrors = new Set<string>();
  for (const f of s.failures) {
    const pos = f.origin ? `${f.origin.file}:${f.origin.line}:${f.origin.column}: ` : '';
    const who = f.subject !== undefined ? `${f.subject} ` : '';
    if (f.expected !== '' || f.actual !== '') {
      out.push(`        ${pos}${who}${f.key}${zh ? '：期望 ' : ': expected '}${f.expected}${zh ? '，实际 ' : ', actual '}${f.actual}`);
      if (f.note) out.push(`          ${f.note[lang]}`);
    } else {
      out.push(`        ${pos}${who}${f.note ? f.note[lang] : f.key}`);
    }
    if (!f.trace) continue;
    const subject = f.subject !== undefined ? s.result?.subjects.find((x) => x.id === f.subject) : undefined;
    const indent = '          ';
    if (f.trace.kind === 'errors') {
      for (const e of [...s.dataErrors, ...(s.result?.errors ?? [])]) {
        const line = formatDataError(e, lang);
        if (shownErrors.has(line)) continue;
        shownErrors.add(line);
        out.push(`${indent}${line}`);
      }
      continue;
    }
    if (!subject || !ctx) continue;
    // imposed penalties by name and date (`效能告诫@2024-03-05`), as explain shows them
    const tctx = withRecordNames(ctx, s.result?.subjects ?? [], subject.id);
    if (f.trace.kind === 'score') {
      const score = subject.scores.find((x) => x.name === f.trace!.name);
      if (score) {
        out.push(`${indent}${tctx.named(score.name)} = ${score.value ?? (zh ? '无法计算' : 'unknown')}`);
        out.push(...scoreSection(score, tctx, lang, indent + '  '));
      }
    } else if (f.trace.kind === 'grade') {
      const g = subject.grades.find((x) => x.scale === f.trace!.name);
      if (g) {
        out.push(...gradeSection(subject, g, tctx, lang, indent));
        const score = subject.scores.find((x) => x.name === tctx.scale(g.scale)?.score);
        if (score) {
          out.push(`${indent}${tctx.named(score.name)} = ${score.value ?? (zh ? '无法计算' : 'unknown')}`);
          out.push(...scoreSection(score, tctx, lang, indent + '  '));
        }
      }
    } else if (f.trace.kind === 'penalties') {
      out.push(...(subject.penalties.length > 0 ? penaltySection(subject, tctx, lang, indent) : [`${indent}${zh ? '（没有处罚）' : '(no penalties)'}`]));
    } else if (f.trace.kind === 'exemptions') {
      out.push(...(subject.exemptions.length > 0 ? exemptionSection(subject, tctx, lang, indent) : [`${indent}${zh ? '（没有除外情形）' : '(no exemptions)'}`]));
    } else if (f.trace.kind === 'flag') {
      out.push(...flagSection(subject, tctx, lang, indent, [f.trace.name!]));
    }
  }
  return out;
}

/** `3 个场景通过，1 个失败` / `3 scenarios passed, 1 failed`. */
export function summaryLine(passed: number, failed: number, lang: Lang): string {
  return lang === 'zh' ? `${passed} 个场景通过，${failed} 个失败` : `${passed} scenario${passed === 1 ? '' : 's'} passed, ${failed} failed`;
}
