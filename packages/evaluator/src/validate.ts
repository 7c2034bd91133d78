/**
 * Validating case data against a policy, one record at a time (so a reader can stream a large
 * file), then across records in `finish()`. Every problem is a DataError with a `KD01xx` code,
 * a message in Chinese and English saying what was expected and what to do, and the position
 * it was read from. A record with a problem is rejected, counted and reported — never dropped
 * silently. docs/case-data.md lists the codes.
 *
 * Numbers arrive as decimal strings taken from the source text (the readers see to that); a
 * JSON number handed in directly is turned into its shortest decimal text. Nothing here goes
 * through a binary float.
 *
 * Browser-safe: no Node APIs.
 */
import { suggest } from '@kaoping/dsl';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { PolicyFile } from '@kaoping/dsl';
import type {
  AttrValue,
  CalendarData,
  CaseData,
  DataError,
  EventRecord,
  InputRecord,
  Origin,
  Period,
  PersonRecord,
  RecordCounts,
  UnitRecord,
  VoteRecord,
} from './data.js';
import {
  BOOL_WORDS,
  EVENT_FIELDS,
  PERSON_FIELDS,
  UNIT_FIELDS,
  defKey,
  policyModel,
  schemaForModel,
  type AttrModel,
  type EventModel,
  type InputModel,
  type PolicyModel,
  type SubjectModel,
  type SurveyModel,
} from './schema.js';
import { Decimal } from './decimal.js';
import { addMonths, formatDate, parseDate } from './calendar.js';
import { daysProblem, voteCountProblem } from './limits.js';
import { nameList, nearestText } from './names.js';
import { compileDef } from './schema-validators.js';

export type RecordKind = 'events' | 'inputs' | 'votes' | 'units' | 'people' | 'history';
export const RECORD_KINDS: readonly RecordKind[] = ['units', 'people', 'events', 'inputs', 'votes', 'history'];

/** The position of a value inside the object being validated (a path of keys and indexes). */
export type OriginOf = (path: readonly (string | number)[]) => Origin | undefined;

export interface CaseHeader {
  readonly period?: Period;
  /** `history: { from }`: the first day from which the case holds every earlier record. */
  readonly historyFrom?: string;
  readonly calendar?: CalendarData;
  readonly params: Readonly<Record<string, string>>;
}

export interface CaseResult {
  /** The case, present when a valid period was given; rejected records are left out of it. */
  readonly data?: CaseData;
  /** Every problem: the per-record ones in the order they were found, then the cross-record ones. */
  readonly errors: DataError[];
  /** Per kind; `history` only when the case has history records. */
  readonly counts: Record<Exclude<RecordKind, 'history'>, RecordCounts> & { readonly history?: RecordCounts };
}

export interface CaseValidator {
  readonly model: PolicyModel;
  /** The JSON Schema the validators use (the same as `schemaFor`). */
  readonly schema: object;
  /** The top-level fields of a case file other than the record lists: `period`, `calendar`, `params`. */
  header(obj: unknown, originOf?: OriginOf): CaseHeader | DataError[];
  unit(obj: unknown, origin?: Origin, originOf?: OriginOf): UnitRecord | DataError[];
  person(obj: unknown, origin?: Origin, originOf?: OriginOf): PersonRecord | DataError[];
  event(obj: unknown, origin?: Origin, originOf?: OriginOf): EventRecord | DataError[];
  /** A record of the history before the period (`history.events`): an event or a sanction, dated before the period. */
  history(obj: unknown, origin?: Origin, originOf?: OriginOf): EventRecord | DataError[];
  input(obj: unknown, origin?: Origin, originOf?: OriginOf): InputRecord | DataError[];
  vote(obj: unknown, origin?: Origin, originOf?: OriginOf): VoteRecord | DataError[];
  /** A record the reader could not parse at all (a malformed row or line): counted as read and rejected. */
  reject(kind: RecordKind, error: DataError): void;
  /** A problem that concerns no single record (an unreadable file, a syntax error). */
  error(error: DataError): void;
  /** Cross-record checks; returns the case and every error. Call once, after the last record. */
  finish(): CaseResult;
}

/** The codes of case-data problems, with a short description (docs/case-data.md explains each). */
export const DATA_CODES: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  KD0100: { zh: '文件不是 UTF-8 编码', en: 'file is not UTF-8' },
  KD0101: { zh: '文件无法读取', en: 'file cannot be read' },
  KD0102: { zh: 'YAML/JSON 语法错误', en: 'YAML/JSON syntax error' },
  KD0103: { zh: 'CSV 语法错误', en: 'CSV syntax error' },
  KD0104: { zh: 'NDJSON 行不是 JSON 对象', en: 'NDJSON line is not a JSON object' },
  KD0105: { zh: '不支持的文件类型', en: 'unsupported file type' },
  KD0106: { zh: 'CSV 文件名或表头有误', en: 'CSV file name or header row problem' },
  KD0107: { zh: '案件文件结构有误', en: 'case file structure problem' },
  KD0108: { zh: 'NDJSON 的 record 取值未知', en: 'unknown NDJSON record kind' },
  KD0109: { zh: 'CSV 行的单元格多于表头', en: 'CSV row has more cells than the header' },
  KD0110: { zh: '缺少考核期', en: 'period missing' },
  KD0111: { zh: '考核期起止颠倒', en: 'period ends before it starts' },
  KD0112: { zh: '考核期或日历重复给出', en: 'period or calendar given twice' },
  KD0113: { zh: '制度未声明该参数', en: 'parameter not declared' },
  KD0114: { zh: '参数已在制度中赋值', en: 'parameter already has a value in the policy' },
  KD0115: { zh: '参数重复给值', en: 'parameter given twice' },
  KD0116: { zh: '往期记录的起始日有误', en: 'problem with the first day of the history' },
  KD0117: { zh: '日期同时列为节假日和调休工作日', en: 'date listed both as a holiday and as a working day' },
  KD0118: { zh: '考核期不在制度的有效期内', en: 'period outside the policy\'s effective dates' },
  KD0119: { zh: '考核期长于制度头的考核期', en: 'period longer than the policy header\'s period' },
  KD0120: { zh: '记录不是对象', en: 'record is not an object' },
  KD0121: { zh: '缺少必填字段', en: 'required field missing' },
  KD0122: { zh: '未知字段或属性', en: 'unknown field or attribute' },
  KD0123: { zh: '字段格式有误', en: 'field has the wrong form' },
  KD0124: { zh: '取值不在允许范围内', en: 'value is not one of those allowed' },
  KD0125: { zh: '日期不存在或区间颠倒', en: 'impossible date, or interval ends before it starts' },
  KD0126: { zh: '未知事件类型', en: 'unknown event type' },
  KD0127: { zh: '未知输入', en: 'unknown input' },
  KD0128: { zh: '未知测评', en: 'unknown survey' },
  KD0129: { zh: '数值超出范围', en: 'value out of range' },
  KD0130: { zh: '季度缺失或多余', en: 'quarter missing or not allowed' },
  KD0131: { zh: '评议组缺失或多余', en: 'rater group missing or not allowed' },
  KD0140: { zh: '编号重复', en: 'duplicate id' },
  KD0141: { zh: '对象不存在', en: 'subject not found' },
  KD0142: { zh: '对象类型不符（人员/单位）', en: 'subject is of the wrong kind (person/unit)' },
  KD0143: { zh: '单位类别不符', en: 'unit of the wrong kind' },
  KD0144: { zh: '人员所属单位不存在', en: "person's unit not found" },
  KD0145: { zh: '单位负责人不是已知人员', en: 'unit head is not a known person' },
  KD0146: { zh: '上级单位不存在或成环', en: 'parent unit not found, or a cycle' },
  KD0147: { zh: '单位类别未声明', en: 'unit kind not declared' },
  KD0148: { zh: '日期不在考核期内', en: 'date outside the period' },
  KD0149: { zh: '往期记录的日期不在往期内', en: 'history record dated outside the history' },
  KD0150: { zh: '输入重复', en: 'input given twice' },
};

// --- small helpers ---------------------------------------------------------------------------

interface Text {
  readonly zh: string;
  readonly en: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Case-data values as the validators see them: numbers become their decimal text, `null` members
 * are dropped (null = absent), dates (from a YAML 1.1 reader) become `YYYY-MM-DD`.
 */
export function normalize(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.map((x) => (x === null ? null : normalize(x)));
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const n = normalize(x);
      if (n === undefined) continue;
      if (k === '__proto__') Object.defineProperty(out, k, { value: n, enumerable: true, writable: true, configurable: true });
      else out[k] = n;
    }
    return out;
  }
  return v;
}

/** The decimal text of a JS number without exponent where possible (`1e21` stays as is and fails the pattern). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  try {
    return new Decimal(s).toFixed();
  } catch {
    return s;
  }
}

/** "Did you mean": the dsl's suggestion, the same for policy names and case-data names. */
export const suggestName = suggest;

/** A value as shown in a message. */
function show(v: unknown): string {
  if (v === undefined) return '（空）';
  if (typeof v === 'string') return v === '' ? '""' : v.length > 60 ? `${v.slice(0, 57)}…` : v;
  if (typeof v === 'boolean') return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
function showEn(v: unknown): string {
  return v === undefined ? '(empty)' : show(v);
}

/** `事件 E7 的`, `输入 指标（U1）的`: no space after a closing full-width bracket. */
const of = (who: Text): string => `${sp(who)}的`;
/** The Chinese name followed by a space, unless it ends with a full-width bracket. */
const sp = (who: Text): string => (who.zh.endsWith('）') ? who.zh : `${who.zh} `);

const listZh = (xs: readonly string[]): string => xs.join('、');
const listEn = (xs: readonly string[]): string => xs.join(', ');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date `YYYY-MM-DD`. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!;
  return d <= max;
}

/** Parse the compact intervals form `a..b;c..d`. */
function parseIntervals(s: string): { from: string; to: string }[] {
  return s
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const [from, to] = p.split('..').map((x) => x.trim());
      return { from: from ?? '', to: to ?? '' };
    });
}

function decodePointer(p: string): (string | number)[] {
  if (p === '') return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

// --- what each field expects ---------------------------------------------------------------

interface Expect extends Text {
  /** Allowed names (enum-like fields): a mismatch is KD0124, with a suggestion. */
  readonly names?: readonly string[];
  /** Labels → names, to point a writer who used a label to the name. */
  readonly labels?: ReadonlyMap<string, string>;
  /** A different code for a mismatch (unit kind: KD0147). */
  readonly code?: string;
}

const EXPECT = {
  id: { zh: '非空的编号', en: 'a non-empty id' },
  date: { zh: 'YYYY-MM-DD 格式的日期', en: 'a date in the form YYYY-MM-DD' },
  text: { zh: '文本', en: 'text' },
  person: { zh: '人员编号', en: 'a person id' },
  unit: { zh: '单位编号', en: 'a unit id' },
  subject: { zh: '人员或单位编号', en: 'a person or unit id' },
  bool: { zh: 'true 或 false（也可写 是/否）', en: 'true or false (also 是/否)' },
  integer: { zh: '整数', en: 'a whole number' },
  decimal: { zh: '数字（如 92.5，不用科学计数法）', en: 'a number (e.g. 92.5, no exponent)' },
  intervals: {
    zh: '日期区间列表，如 [{from: 2024-03-01, to: 2024-03-05}] 或 "2024-03-01..2024-03-05;2024-04-01..2024-04-02"',
    en: 'a list of date intervals, e.g. [{from: 2024-03-01, to: 2024-03-05}] or "2024-03-01..2024-03-05;2024-04-01..2024-04-02"',
  },
  dates: { zh: '日期列表（YYYY-MM-DD）', en: 'a list of dates (YYYY-MM-DD)' },
  count: { zh: '正整数（票数）', en: 'a whole number of at least 1 (the number of votes)' },
  quarter: { zh: '季度 1、2、3、4 之一', en: 'a quarter: 1, 2, 3 or 4' },
} satisfies Record<string, Expect>;

function oneOf(names: readonly string[], labels?: ReadonlyMap<string, string>, what?: Text): Expect {
  if (names.length === 0) {
    return { zh: `${what?.zh ?? '取值'}（制度中没有声明任何可选值）`, en: `${what?.en ?? 'a value'} (the policy declares none)`, names };
  }
  const list = nameList(names, false);
  return { zh: `${list.zh} 之一`, en: `one of ${list.en}`, names, ...(labels ? { labels } : {}) };
}

function attrExpect(a: AttrModel): Expect {
  switch (a.type) {
    case 'bool':
      return EXPECT.bool;
    case 'integer':
      return EXPECT.integer;
    case 'decimal':
      return EXPECT.decimal;
    case 'date':
      return EXPECT.date;
    case 'text':
      return EXPECT.text;
    case 'intervals':
      return EXPECT.intervals;
    case 'enum':
      return oneOf(a.values ?? [], a.valueLabels);
    case 'decision':
      return oneOf(a.values ?? []);
  }
}

/** How a record is named in messages, and which fields it has. */
interface Ctx {
  readonly who: Text;
  /** The `record` of its errors. */
  readonly record?: string;
  readonly origin?: Origin;
  readonly originOf?: OriginOf;
  /** The fields it may have, in order (for "unknown field" suggestions). */
  readonly fields: readonly string[];
  /** What a field expects; `attr` when it is an event attribute. */
  expect(field: string): (Expect & { attr?: boolean }) | undefined;
  /** A special message for a field that is not allowed (quarter, group, closed params). */
  unknown?(field: string, value: unknown): DataError | undefined;
  /** A special message for a missing field. */
  missing?(field: string): DataError | undefined;
}

function err(code: string, zh: string, en: string, origin: Origin | undefined, record: string | undefined): DataError {
  return { code, message: { zh, en }, ...(origin ? { origin } : {}), ...(record !== undefined ? { record } : {}) };
}

function fieldOrigin(ctx: Ctx, path: readonly (string | number)[]): Origin | undefined {
  return (path.length > 0 ? ctx.originOf?.(path) : undefined) ?? ctx.origin;
}

/** A wrong value in a field. */
function badValue(ctx: Ctx, field: string, value: unknown, path: readonly (string | number)[]): DataError {
  const ex = ctx.expect(field);
  const kindZh = ex?.attr ? '属性' : '字段';
  const kindEn = ex?.attr ? 'attribute' : 'field';
  const origin = fieldOrigin(ctx, path.length > 0 ? path : [field]);
  if (!ex) {
    return err('KD0123', `${of(ctx.who)}${kindZh} ${field} 取值有误：${show(value)}。`, `${ctx.who.en}: ${kindEn} ${field} has a wrong value: ${showEn(value)}.`, origin, ctx.record);
  }
  if (ex.names) {
    const label = typeof value === 'string' ? ex.labels?.get(value) : undefined;
    const near = typeof value === 'string' && !label ? suggestName(value, ex.names) : undefined;
    const hintZh = label
      ? `「${value as string}」是 ${label} 的标签，请写名称 ${label}。`
      : near
        ? `是否想写 ${near}？`
        : ex.names.length > 0
          ? '请改为其中之一，或在制度中声明该值。'
          : '请核对制度。';
    const hintEn = label
      ? `"${value as string}" is the label of ${label}; write the name ${label}.`
      : near
        ? `Did you mean ${near}?`
        : ex.names.length > 0
          ? 'Use one of them, or declare the value in the policy.'
          : 'Check the policy.';
    return err(
      ex.code ?? 'KD0124',
      `${of(ctx.who)}${kindZh} ${field} 应为 ${ex.zh}，实际为 ${show(value)}。${hintZh}`,
      `${ctx.who.en}: ${kindEn} ${field} should be ${ex.en}, but is ${showEn(value)}. ${hintEn}`,
      origin,
      ctx.record,
    );
  }
  return err(
    ex.code ?? 'KD0123',
    `${of(ctx.who)}${kindZh} ${field} 应为 ${ex.zh}，实际为 ${show(value)}。请改正该值。`,
    `${ctx.who.en}: ${kindEn} ${field} should be ${ex.en}, but is ${showEn(value)}. Correct the value.`,
    origin,
    ctx.record,
  );
}

function missingField(ctx: Ctx, field: string): DataError {
  const special = ctx.missing?.(field);
  if (special) return special;
  const ex = ctx.expect(field);
  return err(
    'KD0121',
    `${sp(ctx.who)}缺少字段 ${field}${ex ? `（${ex.zh}）` : ''}。请补上。`,
    `${ctx.who.en}: field ${field}${ex ? ` (${ex.en})` : ''} is missing. Add it.`,
    ctx.origin,
    ctx.record,
  );
}

function unknownField(ctx: Ctx, field: string, value: unknown, attrsOf?: EventModel): DataError {
  const special = ctx.unknown?.(field, value);
  if (special) return special;
  const origin = fieldOrigin(ctx, [field]);
  const near = suggestName(field, ctx.fields);
  const nearZh = near ? `是否想写 ${near}？` : '';
  const nearEn = near ? ` Did you mean ${near}?` : '';
  if (attrsOf) {
    const attrs = [...attrsOf.attrs.keys()];
    const haveZh = attrs.length > 0 ? `${attrsOf.name} 的属性有：${listZh(attrs)}。` : `${attrsOf.name} 没有声明属性。`;
    const haveEn = attrs.length > 0 ? `Its attributes are: ${listEn(attrs)}.` : `${attrsOf.name} declares no attributes.`;
    return err(
      'KD0122',
      `${ctx.who.zh}（${attrsOf.name}）没有属性 ${field}。${haveZh}${nearZh || '请删除它，或在制度中声明该属性。'}`,
      `${ctx.who.en} (${attrsOf.name}) has no attribute ${field}. ${haveEn}${nearEn || ' Remove it, or declare the attribute in the policy.'}`,
      origin,
      ctx.record,
    );
  }
  return err(
    'KD0122',
    `${sp(ctx.who)}没有字段 ${field}；可用的字段：${listZh(ctx.fields)}。${nearZh || '请删除它。'}`,
    `${ctx.who.en} has no field ${field}; the fields are: ${listEn(ctx.fields)}.${nearEn || ' Remove it.'}`,
    origin,
    ctx.record,
  );
}

/** Turn ajv's errors into one clear error per field. */
function translate(errors: readonly ErrorObject[], obj: Obj, ctx: Ctx, attrsOf?: EventModel): DataError[] {
  const out: DataError[] = [];
  const missing: string[] = [];
  const unknown: string[] = [];
  const byField = new Map<string, (string | number)[]>();
  for (const e of errors) {
    const path = decodePointer(e.instancePath);
    if (path.length === 0) {
      if (e.keyword === 'required') {
        const f = (e.params as { missingProperty: string }).missingProperty;
        if (!missing.includes(f)) missing.push(f);
      } else if (e.keyword === 'additionalProperties') {
        const f = (e.params as { additionalProperty: string }).additionalProperty;
        if (!unknown.includes(f)) unknown.push(f);
      } else if (e.keyword === 'type') {
        out.push(notAnObject(ctx, obj));
      }
      continue;
    }
    const field = String(path[0]);
    const prev = byField.get(field);
    // Point at the deepest value that failed (an interval's `from`, a holiday in a list).
    if (!prev || path.length > prev.length) byField.set(field, path);
  }
  for (const f of missing) out.push(missingField(ctx, f));
  const order = Object.keys(obj);
  for (const f of order) {
    if (unknown.includes(f)) out.push(unknownField(ctx, f, obj[f], attrsOf));
    const path = byField.get(f);
    if (path) out.push(badValue(ctx, f, obj[f], path));
  }
  return out;
}

function notAnObject(ctx: Ctx, value: unknown): DataError {
  return err(
    'KD0120',
    `${sp(ctx.who)}应为一个对象（键: 值 的映射），实际为 ${show(value)}。请按 docs/case-data.md 的格式书写。`,
    `${ctx.who.en} should be an object (a mapping of key: value), but is ${showEn(value)}. Write it as docs/case-data.md shows.`,
    ctx.origin,
    ctx.record,
  );
}

const origText = (o: Origin | undefined): string => (o ? `${o.file}:${o.line}:${o.column}` : '');

const subjectWord = (s: SubjectModel): Text =>
  s.subject === 'unit'
    ? s.unitKind
      ? { zh: `类别为 ${s.unitKind} 的单位`, en: `a unit of kind ${s.unitKind}` }
      : { zh: '单位', en: 'a unit' }
    : { zh: '人员', en: 'a person' };

// --- records kept for the cross-record checks ------------------------------------------------

interface Held<R> {
  readonly rec: R;
  readonly origin?: Origin;
  /**
   * Positions of the (at most two) fields the cross-record checks look at, kept as numbers so a
   * million events stay small: events subject/date, units head/parent, people unit, inputs and
   * votes subject. 0 = unknown.
   */
  readonly aLine: number;
  readonly aCol: number;
  readonly bLine: number;
  readonly bCol: number;
  rejected: boolean;
}

function held<R>(rec: R, origin: Origin | undefined, a: Origin | undefined, b: Origin | undefined): Held<R> {
  return { rec, origin, aLine: a?.line ?? 0, aCol: a?.column ?? 0, bLine: b?.line ?? 0, bCol: b?.column ?? 0, rejected: false };
}

/** The first record read with an id: kept (held), or rejected at once (`early`). */
type Seen<R> = Held<R> | { readonly origin?: Origin; readonly early: true };

/** The position of field a or b of a held record (its file is the record's), or the record's. */
function posA(h: Held<unknown>): Origin | undefined {
  return h.origin && h.aLine > 0 ? { file: h.origin.file, line: h.aLine, column: h.aCol } : h.origin;
}
function posB(h: Held<unknown>): Origin | undefined {
  return h.origin && h.bLine > 0 ? { file: h.origin.file, line: h.bLine, column: h.bCol } : h.origin;
}

// --- the validator ---------------------------------------------------------------------------

/** The model and schema of a policy, and its validators, compiled once per entry on first use. */
interface Compiled {
  readonly model: PolicyModel;
  readonly schema: Record<string, unknown>;
  validatorFor(def: string): ValidateFunction;
}

/** The schema and its compiled validators, per policy: compiled once, on first use, and reused. */
const COMPILED = new WeakMap<PolicyFile, Compiled>();

function compiledFor(policy: PolicyFile): Compiled {
  const known = COMPILED.get(policy);
  if (known) return known;
  const model = policyModel(policy);
  const schema = schemaForModel(model);
  const defs = schema.$defs as Record<string, Record<string, unknown>>;
  const compiled = new Map<string, ValidateFunction>();
  const c: Compiled = {
    model,
    schema,
    validatorFor(def) {
      let v = compiled.get(def);
      if (!v) compiled.set(def, (v = compileDef(defs, def)));
      return v;
    },
  };
  COMPILED.set(policy, c);
  return c;
}

/** Per-record validators for a checked policy. The ajv validators are compiled once per policy and reused. */
export function createValidator(policy: PolicyFile): CaseValidator {
  const { model, schema, validatorFor } = compiledFor(policy);
  /** Fields ajv found fault with in the last `check` (the checks after it skip them). */
  let flagged = new Set<string>();
  const check = (def: string, obj: Obj, ctx: Ctx, attrsOf?: EventModel): DataError[] => {
    const v = validatorFor(def);
    if (v(obj)) {
      flagged = new Set();
      return [];
    }
    flagged = new Set((v.errors ?? []).map((e) => String(decodePointer(e.instancePath)[0] ?? '')));
    return translate(v.errors ?? [], obj, ctx, attrsOf);
  };

  const counts: Record<RecordKind, { read: number; used: number; rejected: number }> = {
    units: { read: 0, used: 0, rejected: 0 },
    people: { read: 0, used: 0, rejected: 0 },
    events: { read: 0, used: 0, rejected: 0 },
    inputs: { read: 0, used: 0, rejected: 0 },
    votes: { read: 0, used: 0, rejected: 0 },
    history: { read: 0, used: 0, rejected: 0 },
  };
  const errors: DataError[] = [];
  const firstUnit = new Map<string, Seen<UnitRecord>>();
  const firstPerson = new Map<string, Seen<PersonRecord>>();
  const firstEvent = new Map<string, Seen<EventRecord>>();
  /** Remember the first record read with each id, rejected or not (duplicates and "why not" messages). */
  const noteFirst = <R>(first: Map<string, Seen<R>>, list: Held<R>[], raw: unknown, origin: Origin | undefined, result: R | DataError[]): R | DataError[] => {
    let id: string | undefined;
    if (Array.isArray(result)) {
      const n = isObj(raw) ? normalize(raw.id) : undefined;
      id = typeof n === 'string' ? n : undefined;
      if (id !== undefined && !first.has(id)) first.set(id, { origin, early: true });
    } else {
      const h = list[list.length - 1]!;
      id = (h.rec as { id: string }).id;
      if (!first.has(id)) first.set(id, h);
    }
    return result;
  };
  const units: Held<UnitRecord>[] = [];
  const people: Held<PersonRecord>[] = [];
  const events: Held<EventRecord>[] = [];
  const historyEvents: Held<EventRecord>[] = [];
  const inputs: Held<InputRecord>[] = [];
  const votes: Held<VoteRecord>[] = [];
  let period: Period | undefined;
  let periodOrigin: Origin | undefined;
  let periodSeen = false;
  let historyFrom: string | undefined;
  let historyOrigin: Origin | undefined;
  let calendar: CalendarData | undefined;
  let calendarOrigin: Origin | undefined;
  const params: Record<string, string> = {};
  const paramOrigins = new Map<string, Origin | undefined>();

  const fail = (kind: RecordKind, errs: DataError[]): DataError[] => {
    counts[kind].read++;
    counts[kind].rejected++;
    errors.push(...errs);
    return errs;
  };
  const failRecord = fail;
  const accept = <R>(kind: RecordKind, list: Held<R>[], held: Held<R>): R => {
    counts[kind].read++;
    list.push(held);
    return held.rec;
  };

  /** Checks after the schema: real calendar dates. */
  const dateCheck = (ctx: Ctx, field: string, value: unknown, path: (string | number)[], attr: boolean): DataError | undefined => {
    if (typeof value !== 'string' || isCalendarDate(value)) return undefined;
    const k = attr ? { zh: '属性', en: 'attribute' } : { zh: '字段', en: 'field' };
    return err(
      'KD0125',
      `${of(ctx.who)}${k.zh} ${field} 中的日期 ${value} 不存在。请核对年月日。`,
      `${ctx.who.en}: ${k.en} ${field} has the date ${value}, which does not exist. Check the year, month and day.`,
      fieldOrigin(ctx, path),
      ctx.record,
    );
  };

  const intervalsValue = (ctx: Ctx, field: string, value: unknown): { value?: { from: string; to: string }[]; errors: DataError[] } => {
    const list = typeof value === 'string' ? parseIntervals(value) : (value as { from: string; to: string }[]);
    const errs: DataError[] = [];
    list.forEach((iv, i) => {
      const path = typeof value === 'string' ? [field] : [field, i];
      for (const d of [iv.from, iv.to]) {
        const e = dateCheck(ctx, field, d, path, true);
        if (e) errs.push(e);
      }
      if (errs.length === 0 && iv.from > iv.to) {
        errs.push(
          err(
            'KD0125',
            `${of(ctx.who)}属性 ${field} 中的区间 ${iv.from}..${iv.to} 起止颠倒。请把开始日期写在前面。`,
            `${ctx.who.en}: attribute ${field} has the interval ${iv.from}..${iv.to}, which ends before it starts. Put the start date first.`,
            fieldOrigin(ctx, path),
            ctx.record,
          ),
        );
      }
    });
    return errs.length > 0 ? { errors: errs } : { value: list.map((iv) => ({ from: iv.from, to: iv.to })), errors: [] };
  };

  const rangeCheck = (ctx: Ctx, field: string, value: string, low: string | undefined, high: string | undefined): DataError | undefined => {
    const v = new Decimal(value);
    if ((low === undefined || v.gte(low)) && (high === undefined || v.lte(high))) return undefined;
    const rangeZh = low !== undefined && high !== undefined ? `${low} 到 ${high} 之间` : low !== undefined ? `不小于 ${low}` : `不大于 ${high}`;
    const rangeEn = low !== undefined && high !== undefined ? `between ${low} and ${high}` : low !== undefined ? `at least ${low}` : `at most ${high}`;
    return err(
      'KD0129',
      `${of(ctx.who)}字段 ${field} 应在 ${rangeZh}（制度规定的范围），实际为 ${value}。请核对该值。`,
      `${ctx.who.en}: field ${field} should be ${rangeEn} (the range the policy declares), but is ${value}. Check the value.`,
      fieldOrigin(ctx, [field]),
      ctx.record,
    );
  };

  /**
   * The attribute values of a record (an event's, a person's or a unit's) that passed the schema:
   * booleans as booleans, dates that exist, intervals in order, day counts within the calendar.
   * Problems go to `errs`; fields the schema flagged (`bad`) and the record's fixed fields are skipped.
   */
  const readAttrs = (ctx: Ctx, declared: ReadonlyMap<string, AttrModel>, obj: Obj, bad: ReadonlySet<string>, fixed: readonly string[], errs: DataError[]): Record<string, AttrValue> => {
    const attrs: Record<string, AttrValue> = {};
    // an own property whatever the name (an attribute may be called `__proto__`)
    const set = (k: string, v: AttrValue): void => {
      Object.defineProperty(attrs, k, { value: v, enumerable: true, writable: true, configurable: true });
    };
    for (const [k, v] of Object.entries(obj)) {
      const a = declared.get(k);
      if (!a || bad.has(k) || fixed.includes(k)) continue;
      switch (a.type) {
        case 'bool':
          set(k, typeof v === 'boolean' ? v : BOOL_WORDS[v as string]!);
          break;
        case 'date': {
          const d = dateCheck(ctx, k, v, [k], true);
          if (d) errs.push(d);
          else set(k, v as string);
          break;
        }
        case 'intervals': {
          const r = intervalsValue(ctx, k, v);
          if (r.value) set(k, r.value);
          errs.push(...r.errors);
          break;
        }
        case 'integer':
        case 'decimal': {
          const d = daysProblem({ zh: of(ctx.who), en: ctx.who.en }, k, a.unit, v as string);
          if (d) errs.push(err('KD0129', d.zh, d.en, fieldOrigin(ctx, [k]), ctx.record));
          else set(k, v as string);
          break;
        }
        default:
          set(k, v as string);
      }
    }
    return attrs;
  };

  /**
   * A field of a unit or person record that is neither a fixed field nor a declared attribute:
   * KD0122, with the fields and the attributes the policy declares, and the nearest name.
   */
  const unknownSubjectField = (ctx: Ctx, field: string, fixed: readonly string[], declared: ReadonlyMap<string, AttrModel>, word: Text): DataError => {
    const attrs = [...declared.keys()];
    const near = suggestName(field, [...fixed, ...attrs]);
    const haveZh = attrs.length > 0 ? `本制度为${word.zh}声明的属性：${listZh(attrs)}。` : `本制度没有为${word.zh}声明属性。`;
    const haveEn = attrs.length > 0 ? ` The attributes the policy declares for ${word.en}: ${listEn(attrs)}.` : ` The policy declares no attributes for ${word.en}.`;
    return err(
      'KD0122',
      `${sp(ctx.who)}没有字段 ${field}，本制度也没有为${word.zh}声明这个属性；${word.zh}记录的字段：${listZh(fixed)}。${haveZh}${near ? `是否想写 ${near}？` : `请删除它，或在制度中声明该属性（属性 ${field} 针对 ${word.zh}: 类型）。`}`,
      `${ctx.who.en} has no field ${field}, and the policy declares no such attribute for ${word.en}; the fields of ${word.en} records are: ${listEn(fixed)}.${haveEn}${near ? ` Did you mean ${near}?` : ` Remove it, or declare the attribute in the policy (attribute ${field} for ${word.en === 'units' ? 'unit' : 'person'}: TYPE).`}`,
      fieldOrigin(ctx, [field]),
      ctx.record,
    );
  };

  // --- header ---------------------------------------------------------------------------------

  const HEADER_KEYS = ['period', 'calendar', 'params', 'history'];
  const TOP_KEYS = [...HEADER_KEYS, 'units', 'people', 'events', 'inputs', 'votes'];

  const header = (raw: unknown, originOf?: OriginOf): CaseHeader | DataError[] => {
    const obj = normalize(raw);
    const errs: DataError[] = [];
    const top: Ctx = { who: { zh: '案件文件', en: 'the case file' }, origin: originOf?.([]), originOf, fields: TOP_KEYS, expect: () => undefined };
    if (!isObj(obj)) {
      errs.push(notAnObject(top, obj));
      errors.push(...errs);
      return errs;
    }
    let newPeriod: Period | undefined;
    let newCalendar: CalendarData | undefined;
    const newParams: Record<string, string> = {};
    for (const key of Object.keys(obj)) {
      if (!HEADER_KEYS.includes(key)) {
        const near = suggestName(key, TOP_KEYS);
        errs.push(
          err(
            'KD0107',
            `案件文件没有顶层字段 ${key}；可用的字段：${listZh(TOP_KEYS)}。${near ? `是否想写 ${near}？` : '请删除它。'}`,
            `the case file has no top-level field ${key}; the fields are: ${listEn(TOP_KEYS)}.${near ? ` Did you mean ${near}?` : ' Remove it.'}`,
            originOf?.([key]),
            undefined,
          ),
        );
      }
    }
    if (obj.period !== undefined) {
      periodSeen = true;
      const p = obj.period;
      const sub: OriginOf = (path) => originOf?.(['period', ...path]);
      const ctx: Ctx = {
        who: { zh: '考核期 period', en: 'period' },
        record: 'period',
        origin: originOf?.(['period']),
        originOf: sub,
        fields: ['from', 'to'],
        expect: (f) => (f === 'from' || f === 'to' ? EXPECT.date : undefined),
      };
      if (!isObj(p)) errs.push(notAnObject(ctx, p));
      else {
        const e = check('period', p, ctx);
        if (e.length === 0) {
          for (const f of ['from', 'to']) {
            const d = dateCheck(ctx, f, p[f], [f], false);
            if (d) e.push(d);
          }
        }
        if (e.length === 0 && (p.from as string) > (p.to as string)) {
          e.push(
            err(
              'KD0111',
              `考核期从 ${p.from as string} 开始，却在 ${p.to as string} 结束。请把开始日期写在 from，结束日期写在 to。`,
              `the period starts on ${p.from as string} but ends on ${p.to as string}. Put the first day in from and the last day in to.`,
              ctx.origin,
              'period',
            ),
          );
        }
        // The policy applies only within its effective dates (header `生效 D1 [至 D2]`).
        const life = policy.header;
        const effFrom = life?.effectiveFrom?.text;
        const effTo = life?.effectiveTo?.text;
        if (e.length === 0 && ((effFrom !== undefined && (p.from as string) < effFrom) || (effTo !== undefined && (p.to as string) > effTo))) {
          const lifeZh = effTo !== undefined ? `${effFrom ?? '（未写）'} 至 ${effTo}` : `${effFrom} 起`;
          const lifeEn = effTo !== undefined ? `${effFrom ?? '(not given)'} to ${effTo}` : `from ${effFrom}`;
          e.push(
            err(
              'KD0118',
              `考核期 ${p.from as string} 至 ${p.to as string} 不在制度的有效期（${lifeZh}）内，制度不能用于这段时间。请核对考核期，或换用当时有效的制度版本`,
              `the period ${p.from as string} to ${p.to as string} lies outside the policy's effective dates (${lifeEn}); the policy does not apply to it. Check the period, or use the version of the policy in force then`,
              ctx.origin,
              'period',
            ),
          );
        }
        // No longer than the header's 考核期 (年度 / 季度 / 月度), counted on the calendar: a year from
        // 2024-07-01 ends on 2025-06-30 at the latest. Earlier years are history, not a longer period.
        const kind = life?.period?.value;
        if (e.length === 0 && kind) {
          const months = kind === 'year' ? 12 : kind === 'quarter' ? 3 : 1;
          const last = formatDate(addMonths(parseDate(p.from as string)! - 1, months));
          if ((p.to as string) > last) {
            const word = { year: ['年度', '一年', 'a year'], quarter: ['季度', '一个季度', 'a quarter'], month: ['月度', '一个月', 'a month'] }[kind];
            e.push(
              err(
                'KD0119',
                `考核期 ${p.from as string} 至 ${p.to as string} 长于制度头的考核期（${word[0]}，${word[1]}：从 ${p.from as string} 起至迟到 ${last}）。一份案件数据只评估一个考核期：以前的记录请写在往期记录 history 中（docs/case-data.md），或把案件分成几个考核期分别评估。`,
                `the period ${p.from as string} to ${p.to as string} is longer than the policy header's period (${kind}: ${word[2]}, from ${p.from as string} to ${last} at the latest). A case evaluates one period: put earlier records under history (docs/case-data.md), or split the case into several periods.`,
                ctx.origin,
                'period',
              ),
            );
          }
        }
        if (e.length === 0) {
          const np = { from: p.from as string, to: p.to as string };
          if (period && (period.from !== np.from || period.to !== np.to)) {
            e.push(
              err(
                'KD0112',
                `考核期已在 ${origText(periodOrigin)} 给出（${period.from} 至 ${period.to}），此处又给出 ${np.from} 至 ${np.to}。请只保留一处。`,
                `the period was already given at ${origText(periodOrigin)} (${period.from} to ${period.to}); here it is ${np.from} to ${np.to}. Keep only one.`,
                ctx.origin,
                'period',
              ),
            );
          } else if (!period) {
            newPeriod = np;
          }
        }
        errs.push(...e);
      }
    }
    if (obj.calendar !== undefined) {
      const c = obj.calendar;
      const sub: OriginOf = (path) => originOf?.(['calendar', ...path]);
      const ctx: Ctx = {
        who: { zh: '日历 calendar', en: 'calendar' },
        record: 'calendar',
        origin: originOf?.(['calendar']),
        originOf: sub,
        fields: ['holidays', 'workdays', 'useBundled'],
        expect: (f) => (f === 'useBundled' ? EXPECT.bool : f === 'holidays' || f === 'workdays' ? EXPECT.dates : undefined),
      };
      if (!isObj(c)) errs.push(notAnObject(ctx, c));
      else {
        const e = check('calendar', c, ctx);
        if (e.length === 0) {
          for (const f of ['holidays', 'workdays']) {
            ((c[f] as string[] | undefined) ?? []).forEach((d, i) => {
              const x = dateCheck(ctx, f, d, [f, i], false);
              if (x) e.push(x);
            });
          }
        }
        if (e.length === 0) {
          const holidays = new Set((c.holidays as string[] | undefined) ?? []);
          ((c.workdays as string[] | undefined) ?? []).forEach((d, i) => {
            if (!holidays.has(d)) return;
            e.push(
              err(
                'KD0117',
                `日历中 ${d} 同时列为节假日（holidays）和调休工作日（workdays）。请只保留其一。`,
                `the calendar lists ${d} both as a holiday (holidays) and as a working day (workdays). Keep only one.`,
                sub(['workdays', i]) ?? ctx.origin,
                'calendar',
              ),
            );
          });
        }
        if (e.length === 0 && calendar) {
          e.push(
            err(
              'KD0112',
              `日历已在 ${origText(calendarOrigin)} 给出。请把节假日与调休写在同一处。`,
              `the calendar was already given at ${origText(calendarOrigin)}. Put all holidays and adjusted working days in one place.`,
              ctx.origin,
              'calendar',
            ),
          );
        }
        if (e.length === 0) {
          const ub = c.useBundled;
          newCalendar = {
            holidays: [...((c.holidays as string[] | undefined) ?? [])],
            workdays: [...((c.workdays as string[] | undefined) ?? [])],
            ...(ub !== undefined ? { useBundled: typeof ub === 'boolean' ? ub : BOOL_WORDS[ub as string]! } : {}),
          };
          calendarOrigin = ctx.origin;
        }
        errs.push(...e);
      }
    }
    if (obj.history !== undefined) {
      const h = obj.history;
      const at = originOf?.(['history']);
      const fromAt = originOf?.(['history', 'from']) ?? at;
      const from = isObj(h) ? normalize(h.from) : undefined;
      const extra = isObj(h) ? Object.keys(h).filter((k) => k !== 'from' && k !== 'events') : [];
      const example = 'history: { from: 2024-01-01, events: [ { id: H1, date: 2024-09-09, subject: P1, type: 调整工作岗位 } ] }';
      if (!isObj(h) || extra.length > 0) {
        errs.push(err(
          'KD0107',
          `往期记录 history 应为映射，含 from（往期记录的起始日）与 events（往期记录），例如 ${example}${extra.length > 0 ? `；多出了 ${listZh(extra)}` : ''}。`,
          `history should be a mapping with from (the first day of the history) and events (its records), e.g. ${example}${extra.length > 0 ? `; it also has ${listEn(extra)}` : ''}.`,
          at,
          'history',
        ));
      } else if (typeof from !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !isCalendarDate(from)) {
        errs.push(err(
          'KD0116',
          `往期记录缺少起始日 history.from，或它不是日历上的日期（实际为 ${show(from ?? null)}）。请写明案件数据自哪一天起记全了往期记录，例如 from: 2024-01-01。`,
          `history.from (the first day of the history) is missing or is not a day of the calendar (it is ${showEn(from ?? null)}). Write from which day on the case data holds every earlier record, e.g. from: 2024-01-01.`,
          fromAt,
          'history',
        ));
      } else if (historyFrom !== undefined && historyFrom !== from) {
        errs.push(err(
          'KD0116',
          `往期记录的起始日已在 ${origText(historyOrigin)} 给出（${historyFrom}），此处又给出 ${from}。请只保留一处。`,
          `the first day of the history was already given at ${origText(historyOrigin)} (${historyFrom}); here it is ${from}. Keep only one.`,
          fromAt,
          'history',
        ));
      } else {
        historyFrom = from;
        historyOrigin = fromAt;
      }
    }
    if (obj.params !== undefined) {
      const ps = obj.params;
      const sub: OriginOf = (path) => originOf?.(['params', ...path]);
      const open = [...model.params.values()].filter((p) => p.open).map((p) => p.name);
      const ctx: Ctx = {
        who: { zh: '参数 params', en: 'params' },
        record: 'params',
        origin: originOf?.(['params']),
        originOf: sub,
        fields: open,
        expect: (f) => (model.params.get(f)?.open ? EXPECT.decimal : undefined),
        unknown: (f) => {
          const p = model.params.get(f);
          if (p && !p.open) {
            return err(
              'KD0114',
              `参数 ${f} 已在制度中赋值，不能在案件数据中再给值。若要改变它，请在制度中修改（或用 覆盖 声明）。`,
              `parameter ${f} already has a value in the policy; case data cannot set it. To change it, edit the policy (or override the declaration).`,
              sub([f]) ?? ctx.origin,
              'params',
            );
          }
          const near = suggestName(f, model.params.keys());
          const openText = open.length > 0 ? { zh: `需要取值的参数：${listZh(open)}。`, en: `Parameters that need a value: ${listEn(open)}.` } : { zh: '本制度没有需要取值的参数。', en: 'The policy has no parameters without a value.' };
          return err(
            'KD0113',
            `制度没有声明参数 ${f}。${openText.zh}${near ? `是否想写 ${near}？` : ''}`,
            `the policy declares no parameter ${f}. ${openText.en}${near ? ` Did you mean ${near}?` : ''}`,
            sub([f]) ?? ctx.origin,
            'params',
          );
        },
      };
      if (!isObj(ps)) errs.push(notAnObject(ctx, ps));
      else {
        errs.push(...check('params', ps, ctx));
        for (const [k, v] of Object.entries(ps)) {
          if (!model.params.get(k)?.open || typeof v !== 'string' || !/^-?[0-9]+(\.[0-9]+)?$/.test(v)) continue;
          const prev = k in params ? params[k] : newParams[k];
          if (prev !== undefined && prev !== v) {
            errs.push(
              err(
                'KD0115',
                `参数 ${k} 已在 ${origText(paramOrigins.get(k))} 给值 ${prev}，此处又给 ${v}。请只保留一处。`,
                `parameter ${k} was already given the value ${prev} at ${origText(paramOrigins.get(k))}; here it is ${v}. Keep only one.`,
                sub([k]) ?? ctx.origin,
                'params',
              ),
            );
          } else if (prev === undefined) {
            newParams[k] = v;
            paramOrigins.set(k, sub([k]) ?? ctx.origin);
          }
        }
      }
    }
    if (newPeriod) {
      period = newPeriod;
      periodOrigin = originOf?.(['period']);
    }
    if (newCalendar) calendar = newCalendar;
    Object.assign(params, newParams);
    errors.push(...errs);
    if (errs.length > 0) return errs;
    return { ...(period ? { period } : {}), ...(historyFrom ? { historyFrom } : {}), ...(calendar ? { calendar } : {}), params: { ...params } };
  };

  // --- units and people -----------------------------------------------------------------------

  const unitFields = [...UNIT_FIELDS, ...model.unitAttrs.keys()];
  const unitsWord = { zh: '单位', en: 'units' };
  const peopleWord = { zh: '人员', en: 'people' };
  const unit = (raw: unknown, origin?: Origin, originOf?: OriginOf): UnitRecord | DataError[] => {
    const obj = normalize(raw);
    const idv = isObj(obj) && typeof obj.id === 'string' ? obj.id : undefined;
    const ctx: Ctx = {
      who: { zh: `单位 ${idv ?? '（无编号）'}`, en: `unit ${idv ?? '(no id)'}` },
      record: idv !== undefined ? `unit:${idv}` : undefined,
      origin,
      originOf,
      fields: unitFields,
      unknown: (f) => unknownSubjectField(ctx, f, UNIT_FIELDS, model.unitAttrs, unitsWord),
      expect: (f) =>
        model.unitAttrs.has(f) ? { ...attrExpect(model.unitAttrs.get(f)!), attr: true } :
        f === 'id' ? EXPECT.id
        : f === 'name' ? EXPECT.text
        : f === 'head' ? EXPECT.person
        : f === 'parent' ? EXPECT.unit
        : f === 'kind'
          ? model.kinds.length > 0
            ? { ...oneOf(model.kinds, model.kindLabels), zh: `本制度声明的单位类别 ${listZh(model.kinds)} 之一`, en: `one of the unit kinds the policy declares: ${listEn(model.kinds)}`, code: 'KD0147' }
            : { zh: '空（本制度没有声明单位类别，请删除 kind）', en: 'absent (the policy declares no unit kinds; remove kind)', names: [], code: 'KD0147' }
          : undefined,
    };
    if (!isObj(obj)) return fail('units', [notAnObject(ctx, obj)]);
    const errs = check('unit', obj, ctx);
    const attrs = readAttrs(ctx, model.unitAttrs, obj, flagged, UNIT_FIELDS, errs);
    if (errs.length > 0) return fail('units', errs);
    const rec: UnitRecord = {
      id: obj.id as string,
      name: obj.name as string,
      ...(obj.head !== undefined ? { head: obj.head as string } : {}),
      ...(obj.parent !== undefined ? { parent: obj.parent as string } : {}),
      ...(obj.kind !== undefined ? { kind: obj.kind as string } : {}),
      ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
      ...(origin ? { origin } : {}),
    };
    return accept('units', units, held(rec, origin, originOf?.(['head']), originOf?.(['parent'])));
  };

  const personFields = [...PERSON_FIELDS, ...model.personAttrs.keys()];
  const person = (raw: unknown, origin?: Origin, originOf?: OriginOf): PersonRecord | DataError[] => {
    const obj = normalize(raw);
    const idv = isObj(obj) && typeof obj.id === 'string' ? obj.id : undefined;
    const ctx: Ctx = {
      who: { zh: `人员 ${idv ?? '（无编号）'}`, en: `person ${idv ?? '(no id)'}` },
      record: idv !== undefined ? `person:${idv}` : undefined,
      origin,
      originOf,
      fields: personFields,
      unknown: (f) => unknownSubjectField(ctx, f, PERSON_FIELDS, model.personAttrs, peopleWord),
      expect: (f) => {
        const a = model.personAttrs.get(f);
        if (a) return { ...attrExpect(a), attr: true };
        return f === 'id' ? EXPECT.id : f === 'name' ? EXPECT.text : f === 'unit' ? EXPECT.unit : undefined;
      },
    };
    if (!isObj(obj)) return fail('people', [notAnObject(ctx, obj)]);
    const errs = check('person', obj, ctx);
    const attrs = readAttrs(ctx, model.personAttrs, obj, flagged, PERSON_FIELDS, errs);
    if (errs.length > 0) return fail('people', errs);
    const rec: PersonRecord = {
      id: obj.id as string,
      name: obj.name as string,
      unit: obj.unit as string,
      ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
      ...(origin ? { origin } : {}),
    };
    return accept('people', people, held(rec, origin, originOf?.(['unit']), undefined));
  };

  // --- events -----------------------------------------------------------------------------------

  const eventFields = new Map<EventModel, readonly string[]>();
  const fieldsOf = (ev: EventModel): readonly string[] => {
    let f = eventFields.get(ev);
    if (!f) eventFields.set(ev, (f = [...EVENT_FIELDS, ...ev.attrs.keys()]));
    return f;
  };
  const typeNames = (): string[] => [...model.events.keys(), ...model.sanctions.keys()];
  const eventLabels = new Map<string, string>();
  for (const e of model.events.values()) if (e.label !== undefined && e.label !== e.name) eventLabels.set(e.label, e.name);

  /** An event, or (kind `history`) a record of the history before the period: the same fields. */
  const event = (raw: unknown, origin?: Origin, originOf?: OriginOf, kind: 'events' | 'history' = 'events'): EventRecord | DataError[] => {
    const fail = (_k: RecordKind, errs: DataError[]): DataError[] => failRecord(kind, errs);
    const obj = normalize(raw);
    const idv = isObj(obj) && typeof obj.id === 'string' ? obj.id : undefined;
    const type = isObj(obj) && typeof obj.type === 'string' ? obj.type : undefined;
    const ev = type !== undefined ? model.events.get(type) : undefined;
    const sanction = type !== undefined ? model.sanctions.get(type) : undefined;
    const ctx: Ctx = {
      who: kind === 'history' ? { zh: `往期记录 ${idv ?? '（无编号）'}`, en: `history record ${idv ?? '(no id)'}` } : { zh: `事件 ${idv ?? '（无编号）'}`, en: `event ${idv ?? '(no id)'}` },
      ...(idv !== undefined ? { record: idv } : {}),
      origin,
      originOf,
      fields: ev ? fieldsOf(ev) : EVENT_FIELDS,
      expect: (f) => {
        if (f === 'id') return EXPECT.id;
        if (f === 'date') return EXPECT.date;
        if (f === 'subject') return ev ? (ev.subject === 'unit' ? EXPECT.unit : EXPECT.person) : EXPECT.subject;
        if (f === 'type') return oneOf(typeNames(), eventLabels);
        const a = ev?.attrs.get(f);
        return a ? { ...attrExpect(a), attr: true } : undefined;
      },
    };
    if (!isObj(obj)) return fail('events', [notAnObject(ctx, obj)]);
    if (obj.type === undefined) {
      const names = typeNames();
      const all = nameList(names, false);
      return fail('events', [
        err(
          'KD0121',
          `${sp(ctx.who)}缺少字段 type（事件类型）。${names.length > 0 ? `请写明本制度声明的事件类型之一：${all.zh}。` : '本制度没有声明事件类型。'}`,
          `${ctx.who.en}: field type (the event type) is missing. ${names.length > 0 ? `Write one of the event types the policy declares: ${all.en}.` : 'The policy declares no event types.'}`,
          origin,
          ctx.record,
        ),
      ]);
    }
    if (!ev && !sanction) {
      const names = typeNames();
      const label = type !== undefined ? eventLabels.get(type) : undefined;
      const near = type !== undefined && !label ? suggestName(type, names) : undefined;
      const list = nearestText(type, names, { zh: '事件类型', en: 'event types' });
      const hintZh = label ? `「${type}」是事件 ${label} 的标签，请写名称 ${label}。` : near ? `是否想写 ${near}？` : list.zh;
      const hintEn = label ? `"${type}" is the label of the event ${label}; write the name ${label}.` : near ? `Did you mean ${near}?` : list.en;
      return fail('events', [
        err(
          'KD0126',
          `${of(ctx.who)}类型 ${show(obj.type)} 不是本制度声明的事件类型，也不是处罚、后果或移送。${hintZh}`,
          `${ctx.who.en}: type ${showEn(obj.type)} is not an event type of the policy, nor a penalty, outcome or referral. ${hintEn}`,
          fieldOrigin(ctx, ['type']),
          ctx.record,
        ),
      ]);
    }
    const errs = ev ? check(defKey.event(ev.name), obj, ctx, ev) : check('sanction', obj, ctx);
    const bad = flagged;
    if (!bad.has('date')) {
      const d = dateCheck(ctx, 'date', obj.date, ['date'], false);
      if (d) errs.push(d);
    }
    const attrs = ev ? readAttrs(ctx, ev.attrs, obj, bad, EVENT_FIELDS, errs) : {};
    if (errs.length > 0) return fail('events', errs);
    const rec: EventRecord = {
      id: obj.id as string,
      date: obj.date as string,
      subject: obj.subject as string,
      type: obj.type as string,
      attrs,
      ...(origin ? { origin } : {}),
    };
    return accept(kind, kind === 'history' ? historyEvents : events, held(rec, origin, originOf?.(['subject']), originOf?.(['date'])));
  };

  // --- inputs -----------------------------------------------------------------------------------

  const inputLabels = new Map<string, string>();
  for (const i of model.inputs.values()) if (i.label !== undefined && i.label !== i.name) inputLabels.set(i.label, i.name);

  const input = (raw: unknown, origin?: Origin, originOf?: OriginOf): InputRecord | DataError[] => {
    const obj = normalize(raw);
    const name = isObj(obj) && typeof obj.input === 'string' ? obj.input : undefined;
    const subj = isObj(obj) && typeof obj.subject === 'string' ? obj.subject : undefined;
    const q = isObj(obj) && typeof obj.quarter === 'string' ? obj.quarter : undefined;
    const im: InputModel | undefined = name !== undefined ? model.inputs.get(name) : undefined;
    const whoZh = `输入 ${name ?? '（未写名称）'}${subj !== undefined || q !== undefined ? `（${[subj, q !== undefined ? `第 ${q} 季度` : undefined].filter(Boolean).join('，')}）` : ''}`;
    const whoEn = `input ${name ?? '(no name)'}${subj !== undefined || q !== undefined ? ` (${[subj, q !== undefined ? `Q${q}` : undefined].filter(Boolean).join(', ')})` : ''}`;
    const ctx: Ctx = {
      who: { zh: whoZh, en: whoEn },
      record: `input:${subj ?? ''}:${name ?? ''}${q !== undefined ? `:Q${q}` : ''}`,
      origin,
      originOf,
      fields: ['subject', 'input', 'value', ...(im?.quarterly ? ['quarter'] : [])],
      expect: (f) =>
        f === 'subject' ? (im?.subject === 'unit' ? EXPECT.unit : EXPECT.person)
        : f === 'value' ? EXPECT.decimal
        : f === 'quarter' ? EXPECT.quarter
        : f === 'input' ? oneOf([...model.inputs.keys()], inputLabels)
        : undefined,
      unknown: (f) =>
        f === 'quarter' && im && !im.quarterly
          ? err(
              'KD0130',
              `${whoZh}不应有 quarter：该输入不按季度给出。请删除 quarter，或在制度中把它声明为 按季度。`,
              `${whoEn} takes no quarter: the input is not quarterly. Remove quarter, or declare the input quarterly in the policy.`,
              originOf?.(['quarter']) ?? origin,
              ctx.record,
            )
          : undefined,
      missing: (f) =>
        f === 'quarter' && im
          ? err(
              'KD0130',
              `${whoZh}缺少 quarter：该输入按季度给出，应写明季度 1、2、3、4 之一。请补上季度。`,
              `${whoEn} has no quarter: the input is quarterly, so quarter (1, 2, 3 or 4) is required. Add the quarter.`,
              origin,
              ctx.record,
            )
          : undefined,
    };
    if (!isObj(obj)) return fail('inputs', [notAnObject(ctx, obj)]);
    if (obj.input === undefined) return fail('inputs', [missingField(ctx, 'input')]);
    if (!im) {
      const names = [...model.inputs.keys()];
      const label = name !== undefined ? inputLabels.get(name) : undefined;
      const near = name !== undefined && !label ? suggestName(name, names) : undefined;
      const list = nearestText(name, names, { zh: '输入', en: 'inputs' });
      const hintZh = label ? `「${name}」是输入 ${label} 的标签，请写名称 ${label}。` : near ? `是否想写 ${near}？` : list.zh;
      const hintEn = label ? `"${name}" is the label of the input ${label}; write the name ${label}.` : near ? `Did you mean ${near}?` : list.en;
      return fail('inputs', [
        err(
          'KD0127',
          `${whoZh}：${show(obj.input)} 不是本制度声明的输入。${hintZh}`,
          `${whoEn}: ${showEn(obj.input)} is not an input of the policy. ${hintEn}`,
          fieldOrigin(ctx, ['input']),
          ctx.record,
        ),
      ]);
    }
    const errs = check(defKey.input(im.name), obj, ctx);
    if (errs.length === 0) {
      const r = rangeCheck(ctx, 'value', obj.value as string, im.low, im.high);
      if (r) errs.push(r);
    }
    if (errs.length > 0) return fail('inputs', errs);
    const rec: InputRecord = {
      subject: obj.subject as string,
      input: im.name,
      value: obj.value as string,
      ...(obj.quarter !== undefined ? { quarter: Number(obj.quarter) } : {}),
      ...(origin ? { origin } : {}),
    };
    return accept('inputs', inputs, held(rec, origin, originOf?.(['subject']), undefined));
  };

  // --- votes ------------------------------------------------------------------------------------

  const surveyLabels = new Map<string, string>();
  for (const s of model.surveys.values()) if (s.label !== undefined && s.label !== s.name) surveyLabels.set(s.label, s.name);

  const vote = (raw: unknown, origin?: Origin, originOf?: OriginOf): VoteRecord | DataError[] => {
    const obj = normalize(raw);
    const name = isObj(obj) && typeof obj.survey === 'string' ? obj.survey : undefined;
    const subj = isObj(obj) && typeof obj.subject === 'string' ? obj.subject : undefined;
    const sm: SurveyModel | undefined = name !== undefined ? model.surveys.get(name) : undefined;
    const whoZh = `测评票 ${name ?? '（未写测评）'}${subj !== undefined ? `（${subj}）` : ''}`;
    const whoEn = `vote ${name ?? '(no survey)'}${subj !== undefined ? ` (${subj})` : ''}`;
    const g = isObj(obj) && typeof obj.group === 'string' ? obj.group : undefined;
    const c = isObj(obj) && typeof obj.choice === 'string' ? obj.choice : undefined;
    const ctx: Ctx = {
      who: { zh: whoZh, en: whoEn },
      record: `vote:${subj ?? ''}:${name ?? ''}${g !== undefined ? `:${g}` : ''}:${c ?? ''}`,
      origin,
      originOf,
      fields: ['subject', 'survey', ...(sm && sm.groups.length > 0 ? ['group'] : []), 'choice', 'count'],
      expect: (f) =>
        f === 'subject' ? (sm?.subject === 'unit' ? EXPECT.unit : EXPECT.person)
        : f === 'count' ? EXPECT.count
        : f === 'group' && sm ? oneOf(sm.groups, sm.groupLabels)
        : f === 'choice' && sm
          ? sm.rating
            ? { zh: `评分（数字）`, en: 'a rating (a number)' }
            : oneOf(sm.choices, sm.choiceLabels)
          : undefined,
      unknown: (f) =>
        f === 'group' && sm && sm.groups.length === 0
          ? err(
              'KD0131',
              `${whoZh}不应有 group：测评 ${sm.name} 没有评议组。请删除 group，或在制度中声明评议组。`,
              `${whoEn} takes no group: survey ${sm.name} has no rater groups. Remove group, or declare the groups in the policy.`,
              originOf?.(['group']) ?? origin,
              ctx.record,
            )
          : undefined,
      missing: (f) =>
        f === 'group' && sm
          ? err(
              'KD0131',
              `${whoZh}缺少 group：测评 ${sm.name} 分评议组计分，应为 ${listZh(sm.groups)} 之一。请补上评议组。`,
              `${whoEn} has no group: survey ${sm.name} is scored by rater group, so group (one of ${listEn(sm.groups)}) is required. Add the group.`,
              origin,
              ctx.record,
            )
          : undefined,
    };
    if (!isObj(obj)) return fail('votes', [notAnObject(ctx, obj)]);
    if (obj.survey === undefined) return fail('votes', [missingField(ctx, 'survey')]);
    if (!sm) {
      const names = [...model.surveys.keys()];
      const label = name !== undefined ? surveyLabels.get(name) : undefined;
      const near = name !== undefined && !label ? suggestName(name, names) : undefined;
      const list = nearestText(name, names, { zh: '测评', en: 'surveys' });
      const hintZh = label ? `「${name}」是测评 ${label} 的标签，请写名称 ${label}。` : near ? `是否想写 ${near}？` : list.zh;
      const hintEn = label ? `"${name}" is the label of the survey ${label}; write the name ${label}.` : near ? `Did you mean ${near}?` : list.en;
      return fail('votes', [
        err(
          'KD0128',
          `${whoZh}：${show(obj.survey)} 不是本制度声明的测评。${hintZh}`,
          `${whoEn}: ${showEn(obj.survey)} is not a survey of the policy. ${hintEn}`,
          fieldOrigin(ctx, ['survey']),
          ctx.record,
        ),
      ]);
    }
    const errs = check(defKey.vote(sm.name), obj, ctx);
    if (errs.length === 0 && sm.rating) {
      const r = rangeCheck(ctx, 'choice', obj.choice as string, sm.rating.low, sm.rating.high);
      if (r) errs.push(r);
    }
    const tooMany = errs.length === 0 && obj.count !== undefined ? voteCountProblem(ctx.who, obj.count as string) : undefined;
    if (tooMany) errs.push(err('KD0129', tooMany.zh, tooMany.en, fieldOrigin(ctx, ['count']), ctx.record));
    const count = obj.count === undefined ? 1 : Number(obj.count);
    if (errs.length > 0) return fail('votes', errs);
    const rec: VoteRecord = {
      subject: obj.subject as string,
      survey: sm.name,
      ...(obj.group !== undefined ? { group: obj.group as string } : {}),
      choice: obj.choice as string,
      count,
      ...(origin ? { origin } : {}),
    };
    return accept('votes', votes, held(rec, origin, originOf?.(['subject']), undefined));
  };

  // --- cross-record checks ----------------------------------------------------------------------

  let result: CaseResult | undefined;

  const finish = (): CaseResult => {
    if (result) return result;
    const cross: DataError[] = [];
    const reject = <R>(kind: RecordKind, h: Held<R>, e: DataError): void => {
      if (h.rejected) return;
      h.rejected = true;
      counts[kind].rejected++;
      cross.push(e);
    };

    // Duplicate ids: the first occurrence stays, each later one is rejected with its own error.
    const dedupe = <R extends { id: string }>(kind: RecordKind, list: Held<R>[], first: Map<string, Seen<R>>, word: Text): void => {
      for (const h of list) {
        const f = first.get(h.rec.id);
        if (f === h || f === undefined) continue;
        const firstAt = f.origin;
        reject(
          kind,
          h,
          err(
            'KD0140',
            `${word.zh}编号 ${h.rec.id} 重复：已在 ${origText(firstAt)} 使用${'early' in f ? '（该记录有错误，也未被采用）' : ''}。此条记录未被采用；请给它另一个编号，或删除重复的记录。`,
            `duplicate ${word.en} id ${h.rec.id}: already used at ${origText(firstAt)}${'early' in f ? ' (that record has errors and is not used either)' : ''}. This record is not used; give it another id, or remove the duplicate.`,
            h.origin,
            kind === 'events' || kind === 'history' ? h.rec.id : `${kind === 'units' ? 'unit' : 'person'}:${h.rec.id}`,
          ),
        );
      }
    };
    dedupe('units', units, firstUnit, { zh: '单位', en: 'unit' });
    dedupe('people', people, firstPerson, { zh: '人员', en: 'person' });
    dedupe('events', events, firstEvent, { zh: '事件', en: 'event' });
    dedupe('history', historyEvents, firstEvent, { zh: '往期记录', en: 'history record' });
    /** Units and people by id: the first record of each id, if it was kept. */
    const byId = <R extends { id: string }>(list: Held<R>[]): Map<string, Held<R>> => new Map(list.filter((h) => !h.rejected).map((h) => [h.rec.id, h]));
    const unitById = byId(units);
    const personById = byId(people);

    /** Why an id is not usable: never given, or given in a record that was rejected (and where). */
    const whyNot = <R>(first: Map<string, Seen<R>>, id: string, word: Text): Text => {
      const f = first.get(id);
      if (f === undefined) return { zh: `没有编号为 ${id} 的${word.zh}`, en: `there is no ${word.en} with the id ${id}` };
      return f.origin
        ? { zh: `${word.zh} ${id} 的记录未被采用（见 ${origText(f.origin)} 的错误）`, en: `the record of ${word.en} ${id} was not used (see the error at ${origText(f.origin)})` }
        : { zh: `${word.zh} ${id} 的记录未被采用（见该记录的错误）`, en: `the record of ${word.en} ${id} was not used (see its error)` };
    };
    const personWord = { zh: '人员', en: 'person' };
    const unitWord = { zh: '单位', en: 'unit' };
    const usable = <R>(m: Map<string, Held<R>>, id: string): boolean => {
      const h = m.get(id);
      return h !== undefined && !h.rejected;
    };

    // Parent cycles.
    for (const h of unitById.values()) {
      const seen = new Set<string>([h.rec.id]);
      let p = h.rec.parent;
      while (p !== undefined) {
        if (p === h.rec.id) {
          reject(
            'units',
            h,
            err(
              'KD0146',
              `单位 ${h.rec.id} 的上级单位链回到了它自己（${[...seen].join(' → ')} → ${h.rec.id}）。请改正 parent。`,
              `the parent chain of unit ${h.rec.id} leads back to itself (${[...seen].join(' → ')} → ${h.rec.id}). Correct parent.`,
              posB(h),
              `unit:${h.rec.id}`,
            ),
          );
          break;
        }
        if (seen.has(p)) break;
        seen.add(p);
        p = unitById.get(p)?.rec.parent;
      }
    }

    // Units and people refer to each other: repeat until nothing more is rejected.
    for (let changed = true; changed; ) {
      changed = false;
      for (const h of unitById.values()) {
        if (h.rejected) continue;
        const u = h.rec;
        if (u.head !== undefined && !usable(personById, u.head)) {
          const why = whyNot(firstPerson, u.head, personWord);
          reject('units', h, err(
            'KD0145',
            `单位 ${u.id} 的负责人 head 应为人员编号，但${why.zh}。请在 people 中加上该人员，或改正 head。`,
            `unit ${u.id}: head should be a person id, but ${why.en}. Add the person to people, or correct head.`,
            posA(h),
            `unit:${u.id}`,
          ));
          changed = true;
        } else if (u.parent !== undefined && !usable(unitById, u.parent)) {
          const why = whyNot(firstUnit, u.parent, unitWord);
          reject('units', h, err(
            'KD0146',
            `单位 ${u.id} 的上级单位 parent 应为单位编号，但${why.zh}。请在 units 中加上该单位，或改正 parent。`,
            `unit ${u.id}: parent should be a unit id, but ${why.en}. Add the unit to units, or correct parent.`,
            posB(h),
            `unit:${u.id}`,
          ));
          changed = true;
        }
      }
      for (const h of personById.values()) {
        if (h.rejected) continue;
        const p = h.rec;
        if (!usable(unitById, p.unit)) {
          const why = whyNot(firstUnit, p.unit, unitWord);
          reject('people', h, err(
            'KD0144',
            `人员 ${p.id} 的所属单位 unit 应为单位编号，但${why.zh}。请在 units 中加上该单位，或改正 unit。`,
            `person ${p.id}: unit should be a unit id, but ${why.en}. Add the unit to units, or correct unit.`,
            posA(h),
            `person:${p.id}`,
          ));
          changed = true;
        }
      }
    }

    /** The subject check shared by events, inputs and votes; returns an error or undefined. */
    const subjectProblem = (
      s: SubjectModel | undefined,
      subject: string,
      who: Text,
      what: Text,
      at: Origin | undefined,
      record: string | undefined,
    ): DataError | undefined => {
      const isPerson = usable(personById, subject);
      const isUnit = usable(unitById, subject);
      if (!s) {
        // A sanction recorded in the data: a person or a unit.
        if (isPerson || isUnit) return undefined;
        const why = firstPerson.has(subject)
          ? whyNot(firstPerson, subject, personWord)
          : firstUnit.has(subject)
            ? whyNot(firstUnit, subject, unitWord)
            : { zh: `没有编号为 ${subject} 的人员或单位`, en: `there is no person or unit with the id ${subject}` };
        return err('KD0141', `${of(who)}对象 subject 应为人员或单位编号，但${why.zh}。请改正 subject，或在 people/units 中加上它。`, `${who.en}: subject should be a person or unit id, but ${why.en}. Correct subject, or add it to people/units.`, at, record);
      }
      const want = subjectWord(s);
      if (s.subject === 'person') {
        if (isPerson) return undefined;
        if (isUnit) {
          return err('KD0142', `${what.zh} 针对人员，但 ${subject} 是单位。请把 subject 改为人员编号。`, `${what.en} applies to persons, but ${subject} is a unit. Use a person id as subject.`, at, record);
        }
        const why = whyNot(firstPerson, subject, personWord);
        return err('KD0141', `${of(who)}对象 subject 应为人员编号，但${why.zh}。请改正 subject，或在 people 中加上该人员。`, `${who.en}: subject should be a person id, but ${why.en}. Correct subject, or add the person to people.`, at, record);
      }
      if (!isUnit) {
        if (isPerson) {
          return err('KD0142', `${what.zh} 针对${want.zh}，但 ${subject} 是人员。请把 subject 改为单位编号。`, `${what.en} applies to ${want.en}, but ${subject} is a person. Use a unit id as subject.`, at, record);
        }
        const why = whyNot(firstUnit, subject, unitWord);
        return err('KD0141', `${of(who)}对象 subject 应为单位编号，但${why.zh}。请改正 subject，或在 units 中加上该单位。`, `${who.en}: subject should be a unit id, but ${why.en}. Correct subject, or add the unit to units.`, at, record);
      }
      if (s.unitKind !== undefined) {
        const k = unitById.get(subject)!.rec.kind;
        if (k !== s.unitKind) {
          const hasZh = k === undefined ? '没有写类别' : `的类别是 ${k}`;
          const hasEn = k === undefined ? 'has no kind' : `is of kind ${k}`;
          return err('KD0143', `${what.zh} 针对类别为 ${s.unitKind} 的单位，但单位 ${subject} ${hasZh}。请核对 subject，或该单位的 kind。`, `${what.en} applies to units of kind ${s.unitKind}, but unit ${subject} ${hasEn}. Check subject, or the unit's kind.`, at, record);
        }
      }
      return undefined;
    };

    for (const h of events) {
      if (h.rejected) continue;
      const e = h.rec;
      const who = { zh: `事件 ${e.id}`, en: `event ${e.id}` };
      const em = model.events.get(e.type);
      const what = em ? { zh: `事件类型 ${e.type}`, en: `event type ${e.type}` } : { zh: e.type, en: e.type };
      const p = subjectProblem(em, e.subject, who, what, posA(h), e.id);
      if (p) {
        reject('events', h, p);
        continue;
      }
      if (period && (e.date < period.from || e.date > period.to)) {
        reject('events', h, err(
          'KD0148',
          `事件 ${e.id} 的日期 ${e.date} 不在考核期 ${period.from} 至 ${period.to} 内，未被采用。请核对日期，或调整考核期。`,
          `event ${e.id}: the date ${e.date} is outside the period ${period.from} to ${period.to}; the event is not used. Check the date, or the period.`,
          posB(h),
          e.id,
        ));
      }
    }

    // The history: each record before the period and on or after history.from (docs/case-data.md §3).
    for (const h of historyEvents) {
      if (h.rejected) continue;
      const e = h.rec;
      const who = { zh: `往期记录 ${e.id}`, en: `history record ${e.id}` };
      const em = model.events.get(e.type);
      const what = em ? { zh: `事件类型 ${e.type}`, en: `event type ${e.type}` } : { zh: e.type, en: e.type };
      const p = subjectProblem(em, e.subject, who, what, posA(h), e.id);
      if (p) {
        reject('history', h, p);
        continue;
      }
      if (historyFrom === undefined) {
        reject('history', h, err(
          'KD0116',
          `往期记录 ${e.id}：案件数据没有给出往期记录的起始日 history.from，未被采用。请写明自哪一天起记全了往期记录，例如 history: { from: 2024-01-01, events: [...] }。`,
          `history record ${e.id}: the case data does not say from which day its history is complete (history.from); the record is not used. Give it, e.g. history: { from: 2024-01-01, events: [...] }.`,
          h.origin,
          e.id,
        ));
      } else if (period && (e.date < historyFrom || e.date >= period.from)) {
        const late = e.date >= period.from;
        reject('history', h, err(
          'KD0149',
          late
            ? `往期记录 ${e.id} 的日期 ${e.date} 不在考核期 ${period.from} 之前，未被采用。往期记录只记考核期以前的事；考核期内的请写在 events 中。`
            : `往期记录 ${e.id} 的日期 ${e.date} 早于往期记录的起始日 ${historyFrom}（${origText(historyOrigin)}），未被采用。请核对日期，或把 history.from 提前。`,
          late
            ? `history record ${e.id}: the date ${e.date} is not before the period, which starts on ${period.from}; the record is not used. History holds what happened before the period; put a record of the period under events.`
            : `history record ${e.id}: the date ${e.date} is before the first day of the history, ${historyFrom} (${origText(historyOrigin)}); the record is not used. Check the date, or move history.from earlier.`,
          posB(h),
          e.id,
        ));
      }
    }
    if (historyFrom !== undefined && period && historyFrom >= period.from) {
      cross.push(err(
        'KD0116',
        `往期记录的起始日 ${historyFrom} 不在考核期 ${period.from} 之前。往期记录是考核期以前的记录；请把 history.from 改为考核期以前的日子，或删除 history。`,
        `the first day of the history, ${historyFrom}, is not before the period, which starts on ${period.from}. History is what came before the period; set history.from to a day before it, or remove history.`,
        historyOrigin,
        'history',
      ));
    }

    const seenInputs = new Map<string, Held<InputRecord>>();
    for (const h of inputs) {
      if (h.rejected) continue;
      const r = h.rec;
      const im = model.inputs.get(r.input)!;
      const q = r.quarter !== undefined ? { zh: `，第 ${r.quarter} 季度`, en: `, Q${r.quarter}` } : { zh: '', en: '' };
      const who = { zh: `输入 ${r.input}（${r.subject}${q.zh}）`, en: `input ${r.input} (${r.subject}${q.en})` };
      const record = `input:${r.subject}:${r.input}${r.quarter !== undefined ? `:Q${r.quarter}` : ''}`;
      const p = subjectProblem(im, r.subject, who, { zh: `输入 ${r.input}`, en: `input ${r.input}` }, posA(h), record);
      if (p) {
        reject('inputs', h, p);
        continue;
      }
      const key = `${r.subject}\u0000${r.input}\u0000${r.quarter ?? ''}`;
      const first = seenInputs.get(key);
      if (first) {
        reject('inputs', h, err(
          'KD0150',
          `${who.zh}已在 ${origText(first.origin)} 给出（${first.rec.value}），此处又给出 ${r.value}。此条未被采用；请只保留一个值。`,
          `${who.en} was already given at ${origText(first.origin)} (${first.rec.value}); here it is ${r.value}. This one is not used; keep only one value.`,
          h.origin,
          record,
        ));
      } else {
        seenInputs.set(key, h);
      }
    }

    for (const h of votes) {
      if (h.rejected) continue;
      const r = h.rec;
      const sm = model.surveys.get(r.survey)!;
      const who = { zh: `测评票 ${r.survey}（${r.subject}）`, en: `vote ${r.survey} (${r.subject})` };
      const record = `vote:${r.subject}:${r.survey}${r.group !== undefined ? `:${r.group}` : ''}:${r.choice}`;
      const p = subjectProblem(sm, r.subject, who, { zh: `测评 ${r.survey}`, en: `survey ${r.survey}` }, posA(h), record);
      if (p) reject('votes', h, p);
    }

    // The period. (A parameter left without a value is reported by the evaluator, KE0001.)
    if (!periodSeen) {
      cross.push(err(
        'KD0110',
        '案件数据缺少考核期 period。请在案件文件中写明，例如 period: { from: 2024-01-01, to: 2024-12-31 }。',
        'the case data has no period. Give it in the case file, e.g. period: { from: 2024-01-01, to: 2024-12-31 }.',
        undefined,
        'period',
      ));
    }
    for (const k of RECORD_KINDS) counts[k].used = counts[k].read - counts[k].rejected;
    const keep = <R>(list: Held<R>[]): R[] => list.filter((h) => !h.rejected).map((h) => h.rec);
    const data: CaseData | undefined = period
      ? {
          period,
          ...(calendar ? { calendar } : {}),
          units: keep(units),
          people: keep(people),
          events: keep(events),
          ...(historyFrom !== undefined && !(period && historyFrom >= period.from) ? { history: { from: historyFrom, events: keep(historyEvents) } } : {}),
          inputs: keep(inputs),
          votes: keep(votes),
          params: { ...params },
        }
      : undefined;
    const allCounts = Object.fromEntries(
      RECORD_KINDS.filter((k) => k !== 'history' || counts.history.read > 0).map((k) => [k, { ...counts[k] }]),
    ) as CaseResult['counts'];
    result = { ...(data ? { data } : {}), errors: [...errors, ...cross], counts: allCounts };
    return result;
  };

  return {
    model,
    schema,
    header,
    unit: (raw, origin, originOf) => noteFirst(firstUnit, units, raw, origin, unit(raw, origin, originOf)),
    person: (raw, origin, originOf) => noteFirst(firstPerson, people, raw, origin, person(raw, origin, originOf)),
    event: (raw, origin, originOf) => noteFirst(firstEvent, events, raw, origin, event(raw, origin, originOf)),
    history: (raw, origin, originOf) => noteFirst(firstEvent, historyEvents, raw, origin, event(raw, origin, originOf, 'history')),
    input,
    vote,
    reject: (kind, e) => void fail(kind, [e]),
    error: (e) => void errors.push(e),
    finish,
  };
}

// --- whole case objects ------------------------------------------------------------------------

/** The record lists of a case file and the validator method for each. */
export const SECTIONS: readonly { readonly key: RecordKind; readonly method: 'unit' | 'person' | 'event' | 'input' | 'vote' }[] = [
  { key: 'units', method: 'unit' },
  { key: 'people', method: 'person' },
  { key: 'events', method: 'event' },
  { key: 'inputs', method: 'input' },
  { key: 'votes', method: 'vote' },
];

/**
 * Feed one whole case object (a parsed YAML or JSON case file) to a validator: the header fields,
 * then every record of every list. `originOf` gives positions (readers with a source map).
 */
export function feedCase(v: CaseValidator, obj: unknown, originOf?: OriginOf): void {
  if (!isObj(obj)) {
    v.error(
      err(
        'KD0107',
        `案件文件应为映射（period、units、people、events 等字段），实际为 ${show(normalize(obj))}。请按 docs/case-data.md 的格式书写。`,
        `a case file should be a mapping (period, units, people, events, …), but is ${showEn(normalize(obj))}. Write it as docs/case-data.md shows.`,
        originOf?.([]),
        undefined,
      ),
    );
    return;
  }
  const head: Obj = {};
  for (const [k, x] of Object.entries(obj)) if (!SECTIONS.some((s) => s.key === k)) head[k] = x;
  // history: its `from` is part of the header, its `events` are records
  const history = isObj(obj.history) ? obj.history : undefined;
  if (history && 'events' in history) {
    const { events: _records, ...rest } = history;
    // `history: { events: […] }` alone adds records to a history whose `from` is given elsewhere
    if (Object.keys(rest).length > 0) head.history = rest;
    else delete head.history;
  }
  if (Object.keys(head).length > 0) v.header(head, originOf);
  const past = history?.events;
  if (past !== undefined && past !== null) {
    if (!Array.isArray(past)) {
      v.error(err('KD0107', `history.events 应为列表（每项一条往期记录），实际为 ${show(normalize(past))}。`, `history.events should be a list (one record per item), but is ${showEn(normalize(past))}.`, originOf?.(['history', 'events']), undefined));
    } else {
      past.forEach((item, i) => {
        const sub: OriginOf | undefined = originOf ? (p) => originOf(['history', 'events', i, ...p]) : undefined;
        v.history(item, originOf?.(['history', 'events', i]), sub);
      });
    }
  }
  for (const s of SECTIONS) {
    const list = obj[s.key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      v.error(
        err(
          'KD0107',
          `${s.key} 应为列表（每项一条记录，YAML 中以 "- " 开头），实际为 ${show(normalize(list))}。`,
          `${s.key} should be a list (one record per item, "- " in YAML), but is ${showEn(normalize(list))}.`,
          originOf?.([s.key]),
          undefined,
        ),
      );
      continue;
    }
    list.forEach((item, i) => {
      const sub: OriginOf | undefined = originOf ? (p) => originOf([s.key, i, ...p]) : undefined;
      v[s.method](item, originOf?.([s.key, i]), sub);
    });
  }
}

/** Validate one whole case object against a policy (the playground; tests). */
export function validateCase(policy: PolicyFile, obj: unknown, originOf?: OriginOf): CaseResult {
  const v = createValidator(policy);
  feedCase(v, obj, originOf);
  return v.finish();
}
