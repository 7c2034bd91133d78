/**
 * Compile a checked policy into a program: every expression, filter, window and consequence
 * becomes a closure once, so evaluating a year of case data is a pass over the data, not a
 * walk of the syntax tree per event. `program.evaluate(data)` runs the rules stratum by
 * stratum (the order the checker computed) and builds a traced result.
 *
 * Semantics are documented in docs/evaluation.md; the main points:
 * - Items: the events of the case data and the penalties, outcomes and referrals imposed so far
 *   (by rules of earlier strata, or recorded in the data). A subject's items are kept sorted by
 *   (date, id), so the order of records in the input never matters.
 * - `on X` rules run once per matching item, in date order. `unless` exempts an item; a ladder
 *   counts the non-exempt occurrences before it in its window.
 * - `when C` without `on` is a threshold: C is evaluated on each date on which an item it counts
 *   occurs. With a calendar window in C it fires at most once per window instance (per month,
 *   quarter, year); otherwise when C turns true. `retrigger` fires on every such date while C holds.
 *   Without any count, C is evaluated once, on the last day of the period.
 * - A threshold true when there are FEW items (`count < 1`, 低于, 不满, 至多, `not (… >= 2)`) is a
 *   minimum frequency: it is evaluated at the end of each window instance in the period instead
 *   (the last day of each month/quarter/year, clipped to the period; the period's last day; every
 *   day for a rolling window; the end of each anchored window), for every subject of the rule,
 *   whether it has items or not.
 * - `count(X within W)` on date D counts X's items dated in W(D) up to D.
 * - Members of a unit are its people other than its head (catalogue A16).
 */
import type * as A from '@kaoping/dsl';
import type { CheckResult, Diagnostic } from '@kaoping/dsl';
import { countPolarity } from '@kaoping/dsl';
import type { AttrValue, CaseData, DataError, EventRecord, Origin, PersonRecord, RecordCounts, UnitRecord } from './data.js';
import type * as R from './result.js';
import { Decimal, HUNDRED, round, show, ZERO, type RoundingMode } from './decimal.js';
import { display } from './display.js';
import { fillQuota } from './quota-ties.js';
import { computeDueDate } from './due-date.js';
import { penaltyPeriod, type PenaltyEnding } from './penalty-end.js';
import { subjectAttrReader } from './subject-attrs.js';
import {
  bundledYears,
  createCalendar,
  dueDate,
  guardCalendar,
  formatDate,
  halfEnd,
  halfKey,
  halfOf,
  halfStart,
  monthEnd,
  monthKey,
  monthStart,
  parseDate,
  quarterEnd,
  quarterKey,
  quarterOf,
  quarterStart,
  toYMD,
  yearEnd,
  yearKey,
  yearStart,
  type Calendar,
  type Day,
} from './calendar.js';
import { windowEndAfter, windowLength, windowStartBefore } from './durations.js';

// --- values and items ---------------------------------------------------------------------------

type V = Decimal | boolean | string | number | undefined;

interface Item {
  readonly id: string;
  readonly type: string;
  readonly date: Day;
  readonly subject: string;
  readonly attrs: Readonly<Record<string, AttrValue>>;
  /** For imposed items: the penalty result. */
  readonly penalty?: R.PenaltyResult;
  /** Where the record was read, for errors about it. */
  readonly origin?: Origin;
  /** A record of the case data's history (before the period): seen by windows, never acted on. */
  readonly history?: true;
}

interface Subject {
  readonly id: string;
  readonly name: string;
  readonly kind: 'person' | 'unit';
  readonly unit?: string;
  readonly unitKind?: string;
  /** The values of its attributes (`属性 … 针对 人员 | 单位`), from its record. */
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly origin?: Origin;
}

interface Ctx {
  readonly run: Run;
  readonly subject: Subject;
  readonly event?: Item;
  readonly asOf: Day;
  /** Records counted while evaluating (for traces). */
  readonly seen?: Set<string>;
  /** In a per-occurrence rule: the item being processed. Counts stop at it in (date, id) order. */
  readonly current?: Item;
  /** In a deadline's conditions: the matter's computed due date (`到期日`); none before it has started. */
  readonly due?: Day;
}

type Fn = (ctx: Ctx) => V;

const isDecimal = (v: V): v is Decimal => typeof v === 'object' && v !== null && v instanceof Decimal;
const dec = (v: V): Decimal => (isDecimal(v) ? v : typeof v === 'number' ? new Decimal(v) : ZERO);
const truthy = (v: V): boolean => v === true;

function cmp(op: A.CompareOp, a: V, b: V): boolean {
  if (a === undefined || b === undefined) return op === '!=' ? a !== b : false;
  if (isDecimal(a) || isDecimal(b)) {
    const c = dec(a).cmp(dec(b));
    return op === '>=' ? c >= 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : op === '<' ? c < 0 : op === '=' ? c === 0 : c !== 0;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return op === '>=' ? a >= b : op === '>' ? a > b : op === '<=' ? a <= b : op === '<' ? a < b : op === '=' ? a === b : a !== b;
  }
  return op === '=' ? a === b : op === '!=' ? a !== b : false;
}

// --- the compiled model -----------------------------------------------------------------------

interface BandDef {
  readonly name: string;
  readonly label?: string;
  readonly test: (v: Decimal) => boolean;
}

interface ScaleDef {
  readonly name: string;
  readonly label?: string;
  readonly score: string;
  readonly bands: readonly BandDef[];
  readonly decl: A.GradesDecl;
}

interface WindowDef {
  /** The first day counted for an item on day `d` (undefined = no lower bound but the period). */
  readonly start: (ctx: Ctx) => Day | undefined;
  /** Last day of the window (for anchored windows); undefined = `asOf`. */
  readonly end?: (ctx: Ctx) => Day | undefined;
  /** The calendar window instance of day `d` ('M2024-03'), or undefined for other windows. */
  readonly key?: (d: Day, ctx: Ctx) => string;
}

/**
 * When a minimum-frequency condition is checked: the last day of each window instance in the
 * period, and the name of the instance that ends on such a day (for the trace).
 */
interface Schedule {
  readonly days: (run: Run, s: Subject) => Day[];
  readonly name: (d: Day, run: Run, s: Subject) => R.Trace['why'];
}

interface FilterDef {
  readonly type: string;
  /** A unit's people whose items are meant (`of members` / `of all staff` / `of head`); none = the subject's own. */
  readonly of?: A.Scope;
  readonly where?: Fn;
}

interface ConsequenceDef {
  readonly node: A.Consequence;
  readonly apply: (ctx: Ctx, at: Day, records: readonly string[], why: R.Trace['why'], trace: TraceSite) => void;
}

interface TraceSite {
  readonly decl: string;
  readonly declKind: R.Trace['declKind'];
  readonly span: R.SourceSpan;
  readonly source?: string;
}

interface Compiled {
  readonly policy: A.PolicyFile;
  readonly checked: CheckResult;
}

export interface Program {
  readonly policy: A.PolicyFile;
  evaluate(data: CaseData, options?: EvaluateOptions): R.EvalResult;
}

export interface EvaluateOptions {
  /** A calendar to use instead of the one built from the case data. */
  readonly calendar?: Calendar;
  /** What the readers counted (read / used / rejected per record kind), reported in the summary. */
  readonly counts?: Readonly<Record<'events' | 'inputs' | 'votes' | 'units' | 'people', RecordCounts>>;
}

export interface CompileResult {
  readonly program?: Program;
  readonly diagnostics: Diagnostic[];
}

/** Compile a checked policy. A policy with check errors gives no program, only its diagnostics. */
export function compile(checked: CheckResult): CompileResult {
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { diagnostics: checked.diagnostics };
  const program = new ProgramImpl({ policy: checked.policy, checked });
  return { program, diagnostics: checked.diagnostics };
}

// --- helpers over the policy ----------------------------------------------------------------------

function spanOf(node: A.Node, file: string | undefined): R.SourceSpan {
  return { ...(file !== undefined ? { file } : {}), line: node.span.line, column: node.span.column, endLine: node.span.endLine, endColumn: node.span.endColumn };
}

const bilingual = (zh: string, en: string): R.Trace['why'] => ({ zh, en });

/** How a declaration is named in a message. */
const DECL_WORD: Partial<Record<A.Decl['kind'], R.Trace['why']>> = {
  RuleDecl: { zh: '规则', en: 'rule' },
  ScoreDecl: { zh: '评分', en: 'score' },
  DeadlineDecl: { zh: '时限', en: 'deadline' },
  QuotaDecl: { zh: '名额', en: 'quota' },
  GradesDecl: { zh: '等次划分', en: 'grades' },
};

class ProgramImpl implements Program {
  readonly policy: A.PolicyFile;
  private readonly decls = new Map<string, A.Decl>();
  private readonly fileOf = new Map<string, string | undefined>();
  readonly scales: ScaleDef[] = [];
  private readonly rules: { decl: A.Decl; run: (run: Run) => void }[] = [];
  private readonly scoreFns = new Map<string, (run: Run, s: Subject) => ScoreState>();
  readonly rounding?: { mode: RoundingMode; places: number };
  /** Penalties that last until an event (`持续 直至 …`): the ending, and the filter its records pass. */
  readonly endings = new Map<string, PenaltyEnding & { readonly filter: FilterDef }>();
  /** The declaration being compiled (named in the errors its closures report). */
  private compiling: A.Decl | undefined;
  /** Subject conditions (`针对 人员 其中 窗口工作人员`), compiled once. */
  private readonly subjectConditions = new Map<A.SubjectSpec, Fn>();

  constructor(c: Compiled) {
    this.policy = c.policy;
    for (const d of c.policy.decls) if (d.name) this.decls.set(d.name.text, d);
    for (const [name, sym] of c.checked.symbols) this.fileOf.set(name, sym.file);
    const hr = c.policy.header?.rounding;
    if (hr?.mode && hr.places) this.rounding = { mode: hr.mode, places: Number(hr.places.text) };
    for (const d of c.policy.decls) {
      this.compiling = d;
      const spec = (d as { subject?: A.SubjectSpec }).subject;
      if (spec?.where) this.subjectConditions.set(spec, this.compileExpr(spec.where, undefined));
      if (d.kind === 'GradesDecl' && d.name && d.score) this.scales.push(this.compileScale(d));
      if (d.kind === 'ScoreDecl' && d.name) this.scoreFns.set(d.name.text, this.compileScore(d));
      if (d.kind === 'PenaltyDecl' && d.name && d.until?.event?.event) {
        const bound = (n: A.NumberLit | undefined) => (n ? { days: Number(n.text), workingDays: n.unit === 'working_days' } : undefined);
        const minimum = bound(d.until.minimum);
        const maximum = bound(d.until.maximum);
        this.endings.set(d.name.text, { event: d.until.event.event.text, filtered: d.until.event.where !== undefined, filter: this.compileFilter(d.until.event), ...(minimum ? { minimum } : {}), ...(maximum ? { maximum } : {}) });
      }
    }
    // Rule-like declarations in the checker's strata order.
    const order = c.checked.strata.flat();
    for (const name of order) {
      const d = this.decls.get(name);
      if (!d) continue;
      this.compiling = d;
      if (d.kind === 'RuleDecl') this.rules.push({ decl: d, run: this.compileRule(d) });
      else if (d.kind === 'QuotaDecl') this.rules.push({ decl: d, run: this.compileQuota(d) });
      else if (d.kind === 'DeadlineDecl') this.rules.push({ decl: d, run: this.compileDeadline(d) });
    }
  }

  evaluate(data: CaseData, options: EvaluateOptions = {}): R.EvalResult {
    const run = new Run(this, data, options.calendar ?? createCalendar(this.calendarFor(data)));
    for (const r of this.rules) r.run(run);
    return run.result(options.counts);
  }

  decl(name: string): A.Decl | undefined {
    return this.decls.get(name);
  }

  /**
   * The working-day calendar: the policy's own days (header `holidays` / `workdays`), then the
   * case data's, which decide a day both mention; then the bundled calendar.
   */
  private calendarFor(data: CaseData): CaseData['calendar'] {
    const h = this.policy.header;
    const policyOff = (h?.holidays ?? []).map((d) => d.text);
    const policyOn = (h?.workdays ?? []).map((d) => d.text);
    if (policyOff.length === 0 && policyOn.length === 0) return data.calendar;
    const dataOff = data.calendar?.holidays ?? [];
    const dataOn = data.calendar?.workdays ?? [];
    const decided = new Set([...dataOff, ...dataOn]);
    return {
      holidays: [...dataOff, ...policyOff.filter((d) => !decided.has(d))],
      workdays: [...dataOn, ...policyOn.filter((d) => !decided.has(d))],
      ...(data.calendar?.useBundled !== undefined ? { useBundled: data.calendar.useBundled } : {}),
    };
  }

  site(d: A.Decl, node: A.Node, declKind: R.Trace['declKind']): TraceSite {
    const name = d.name?.text ?? '';
    const source = d.kind === 'RuleDecl' ? d.clauses.find((c): c is A.SourceClause => c.kind === 'SourceClause')?.text?.value : undefined;
    return { decl: name, declKind, span: spanOf(node, this.fileOf.get(name)), ...(source !== undefined ? { source } : {}) };
  }

  /** Does a declaration `for …` apply to this subject? (Its `where` condition is decided once per run and subject.) */
  applies(spec: A.SubjectSpec | undefined, s: Subject, run: Run): boolean {
    const kind = spec?.subject ?? 'person';
    if (kind !== s.kind) return false;
    if (spec?.unitKind && spec.unitKind.text !== s.unitKind) return false;
    const condition = spec ? this.subjectConditions.get(spec) : undefined;
    return !condition || run.meets(spec!, s, condition);
  }

  /** A subject's attribute values keyed in the order the policy declares the attributes (so record key order never shows). */
  inDeclarationOrder(attrs: Readonly<Record<string, AttrValue>>): Record<string, AttrValue> {
    const out: Record<string, AttrValue> = {};
    for (const d of this.policy.decls) {
      const k = d.kind === 'AttributeDecl' ? d.name?.text : undefined;
      if (k !== undefined && Object.prototype.hasOwnProperty.call(attrs, k)) Object.defineProperty(out, k, { value: attrs[k], enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  scoreOf(run: Run, name: string, s: Subject): ScoreState | undefined {
    const d = this.decls.get(name);
    if (d?.kind !== 'ScoreDecl' || !this.applies(d.subject, s, run)) return undefined;
    return run.memoScore(name, s, () => this.scoreFns.get(name)!(run, s));
  }

  // --- expressions ---------------------------------------------------------------------------

  /** The declaration of the event whose attributes a bare name resolves to, if any. */
  private attrType(event: A.EventDecl | undefined, name: string): A.TypeRef | undefined {
    return event?.attrs.find((a) => a.name?.text === name)?.type;
  }

  private eventDecl(name: string | undefined): A.EventDecl | undefined {
    const d = name ? this.decls.get(name) : undefined;
    return d?.kind === 'EventDecl' ? d : undefined;
  }

  compileExpr(e: A.Expr | undefined, event: A.EventDecl | undefined): Fn {
    if (!e) return () => undefined;
    switch (e.kind) {
      case 'Number': {
        const v = e.unit === 'percent' ? new Decimal(e.text).div(HUNDRED) : new Decimal(e.text);
        return () => v;
      }
      case 'Date': {
        const d = parseDate(e.text);
        return () => d;
      }
      case 'StringExpr': {
        const v = e.value;
        return () => v;
      }
      case 'Bool': {
        const v = e.value;
        return () => v;
      }
      case 'Last':
        return () => 'last';
      case 'DueDate':
        return (c) => c.due;
      case 'NameRef':
        return this.compileName(e, event);
      case 'Not': {
        const f = this.compileExpr(e.operand, event);
        return (c) => !truthy(f(c));
      }
      case 'Neg': {
        const f = this.compileExpr(e.operand, event);
        return (c) => dec(f(c)).neg();
      }
      case 'Binary': {
        const l = this.compileExpr(e.left, event);
        const r = this.compileExpr(e.right, event);
        switch (e.op) {
          case 'and':
            return (c) => truthy(l(c)) && truthy(r(c));
          case 'or':
            return (c) => truthy(l(c)) || truthy(r(c));
          case '+':
            return (c) => dec(l(c)).plus(dec(r(c)));
          case '-':
            return (c) => dec(l(c)).minus(dec(r(c)));
          case '*':
            return (c) => dec(l(c)).times(dec(r(c)));
          case '/': {
            const owner = this.compiling;
            const line = e.span.line;
            return (c) => {
              const d = r(c);
              const n = l(c);
              if (d === undefined || n === undefined) return undefined;
              if (dec(d).isZero()) {
                c.run.divisionByZero(c.subject, owner, line);
                return undefined;
              }
              return dec(n).div(dec(d));
            };
          }
        }
        break;
      }
      case 'Compare': {
        const l = this.compileExpr(e.left, event);
        const right = e.right;
        // `attr = value`, `grade(g) = band`: a bare name on the right that is not a value of its own
        // is the constant name of an enum value, a decision option or a band.
        const r =
          right?.kind === 'NameRef' && !right.member && !right.subject && this.isConstantName(right.name.text, event)
            ? ((v: string) => () => v)(right.name.text)
            : right?.kind === 'NameRef' && right.member && this.decls.get(right.name.text)?.kind === 'GradesDecl'
              ? ((v: string) => () => v)(right.member.text)
              : this.compileExpr(right, event);
        const op = e.op;
        if (e.left?.kind === 'Call' && e.left.fn === 'ranking' && right?.kind === 'Last') {
          const score = e.left.args[0]?.kind === 'NameRef' ? e.left.args[0].name.text : '';
          return (c) => c.run.isLast(score, c.subject) === (op === '=');
        }
        return (c) => cmp(op, l(c), r(c));
      }
      case 'InSet': {
        const v = this.compileExpr(e.value, event);
        const set = new Set(e.set.map((n) => n.text));
        return (c) => {
          const x = v(c);
          return typeof x === 'string' && set.has(x);
        };
      }
      case 'Count': {
        const filter = this.compileFilter(e.filter);
        const window = this.compileWindow(e.window);
        return (c) => new Decimal(c.run.count(c, filter, window));
      }
      case 'Sum': {
        const filter = this.compileFilter(e.filter);
        const window = this.compileWindow(e.window);
        const attr = e.attr?.text ?? '';
        return (c) => c.run.sum(c, filter, window, attr);
      }
      case 'Call':
        return this.compileCall(e, event);
      case 'Lookup': {
        const attr = e.attr?.text ?? '';
        const table = new Map<string, Fn>();
        for (const en of e.entries) if (en.key) table.set(en.key.text, this.compileExpr(en.value, event));
        const owner = this.compiling;
        const line = e.span.line;
        return (c) => {
          const v = c.event?.attrs[attr];
          if (v === undefined) {
            if (c.event) c.run.missingAttr(c.event, attr, owner, line);
            return undefined;
          }
          // the checker makes the table cover every value of the attribute (KP0207)
          const f = typeof v === 'string' ? table.get(v) : undefined;
          return f ? f(c) : undefined;
        };
      }
    }
    return () => undefined;
  }

  private isConstantName(name: string, event: A.EventDecl | undefined): boolean {
    if (this.attrType(event, name)) return false;
    const d = this.decls.get(name);
    return !d || !['ParamDecl', 'InputDecl', 'ScoreDecl', 'SurveyDecl', 'AttributeDecl'].includes(d.kind);
  }

  private compileName(e: A.NameRef, event: A.EventDecl | undefined): Fn {
    const name = e.name.text;
    // `事件.属性`: the event's attribute, written so to tell it from a subject attribute
    if (e.member && this.decls.get(name)?.kind === 'EventDecl') {
      const t = this.attrType(event, e.member.text);
      return t ? this.eventAttr(e.member.text, t, e.member.span.line) : () => undefined;
    }
    if (e.member) {
      const band = e.member.text;
      return () => band;
    }
    // `人员.X` / `单位.X` is the subject's attribute, never the event's
    const t = e.subject ? undefined : this.attrType(event, name);
    if (t) return this.eventAttr(name, t, e.name.span.line);
    const d = this.decls.get(name);
    switch (d?.kind) {
      case 'AttributeDecl': {
        const owner = this.compiling;
        const what = owner?.name ? { zh: `${DECL_WORD[owner.kind]?.zh ?? ''} ${owner.name.text}`, en: `${DECL_WORD[owner.kind]?.en ?? ''} ${owner.name.text}` } : { zh: '', en: '' };
        return subjectAttrReader(name, d, what, e.name.span.line);
      }
      case 'ParamDecl': {
        const value = d.value ? this.compileExpr(d.value, undefined) : undefined;
        // A percentage supplied by the case data (`优秀比例: 30`) means 30%, as `30%` does in a policy.
        const percent = d.unit === 'percent';
        return (c) => {
          if (value) return value(c);
          const v = c.run.param(name);
          return v && percent ? v.div(HUNDRED) : v;
        };
      }
      case 'InputDecl':
        return (c) => c.run.input(name, c.subject);
      case 'ScoreDecl':
        return (c) => c.run.scoreValue(name, c.subject);
      case 'SurveyDecl':
        return (c) => c.run.survey(name, c.subject);
      default:
        return () => name;
    }
  }

  /** Attribute `name` (of type `t`) of the item at hand. */
  private eventAttr(name: string, t: A.TypeRef, where: number): Fn {
    const owner = this.compiling;
    return (c) => {
      const v = c.event?.attrs[name];
      if (v === undefined) {
        // A yes/no attribute left out is "no" (docs/evaluation.md, "Defaults"); any other value
        // left out cannot be guessed.
        if (t.kind === 'BoolType') return false;
        if (c.event) c.run.missingAttr(c.event, name, owner, where);
        return undefined;
      }
      switch (t.kind) {
        case 'NumberType':
          return typeof v === 'string' ? new Decimal(v) : undefined;
        case 'DateType':
          return typeof v === 'string' ? parseDate(v) : undefined;
        case 'BoolType':
          return v === true;
        default:
          return typeof v === 'string' ? v : undefined;
      }
    };
  }

  private compileCall(e: A.Call, event: A.EventDecl | undefined): Fn {
    const args = e.args.map((a) => this.compileExpr(a, event));
    switch (e.fn) {
      case 'min':
        return (c) => Decimal.min(dec(args[0]!(c)), dec(args[1]!(c)));
      case 'max':
        return (c) => Decimal.max(dec(args[0]!(c)), dec(args[1]!(c)));
      case 'mean': {
        const a = e.args[0];
        if (a?.kind === 'NameRef' && this.decls.get(a.name.text)?.kind === 'InputDecl') {
          const input = a.name.text;
          return (c) => c.run.inputMean(input, c.subject);
        }
        return args[0]!;
      }
      case 'grade': {
        const scale = e.args[0]?.kind === 'NameRef' ? e.args[0].name.text : '';
        return (c) => c.run.finalGrade(scale, c.subject).band ?? undefined;
      }
      case 'eligible': {
        const elig = e.args[0]?.kind === 'NameRef' ? e.args[0].name.text : '';
        return (c) => c.run.isEligible(c.subject, elig);
      }
      case 'ranking': {
        const score = e.args[0]?.kind === 'NameRef' ? e.args[0].name.text : '';
        return (c) => {
          const r = c.run.rank(score, c.subject);
          return r === undefined ? undefined : new Decimal(r);
        };
      }
    }
  }

  compileFilter(f: A.EventFilter | undefined): FilterDef {
    const type = f?.event?.text ?? '';
    const event = this.eventDecl(type);
    return { type, ...(f?.of ? { of: f.of } : {}), where: f?.where ? this.compileExpr(f.where, event) : undefined };
  }

  compileWindow(w: A.Window | undefined): WindowDef {
    // No window: a count covers the period (`start` undefined); a ladder counts every earlier
    // occurrence, history included (docs/evaluation.md §5, §11).
    if (!w) return { start: () => undefined };
    switch (w.kind) {
      case 'PeriodWindow':
        return { start: (c) => c.run.periodStart, key: () => 'P' };
      case 'AllRecordsWindow':
        return { start: (c) => c.run.recordsFrom, key: () => 'R' };
      case 'CalendarWindow':
        if (w.unit === 'month') return { start: (c) => monthStart(c.asOf), key: (d) => `M${monthKey(d)}` };
        if (w.unit === 'quarter') return { start: (c) => quarterStart(c.asOf), key: (d) => `Q${quarterKey(d)}` };
        if (w.unit === 'half') return { start: (c) => halfStart(c.asOf), key: (d) => `H${halfKey(d)}` };
        return { start: (c) => yearStart(c.asOf), key: (d) => `Y${yearKey(d)}` };
      case 'RollingWindow': {
        const len = windowLength(w.length);
        return { start: (c) => windowStartBefore(c.run.calendar, c.asOf, len) };
      }
      case 'AnchoredWindow': {
        const len = windowLength(w.length);
        const anchor = w.anchor?.text ?? '';
        // Items after the latest anchor (not on its day) up to the window's length after it.
        return {
          // each anchor opens a window instance of its own: a threshold fires once per anchor
          key: (d, c) => `A${c.run.latest(c.subject, anchor, d) ?? 'none'}`,
          start: (c) => {
            const a = c.run.latest(c.subject, anchor, c.asOf);
            return a === undefined ? Number.POSITIVE_INFINITY : a + 1;
          },
          end: (c) => {
            const a = c.run.latest(c.subject, anchor, c.asOf);
            return a === undefined ? Number.NEGATIVE_INFINITY : windowEndAfter(c.run.calendar, a, len);
          },
        };
      }
    }
  }

  /** Every `count(…)` and `sum(…)` in a condition, however deeply nested. */
  private countsIn(e: A.Expr | undefined): (A.Count | A.Sum)[] {
    const out: (A.Count | A.Sum)[] = [];
    const visit = (x: unknown): void => {
      if (!x || typeof x !== 'object') return;
      if (Array.isArray(x)) {
        for (const y of x) visit(y);
        return;
      }
      const node = x as A.Expr;
      if (node.kind === 'Count' || node.kind === 'Sum') out.push(node);
      for (const [k, v] of Object.entries(x)) if (k !== 'span') visit(v);
    };
    visit(e);
    return out;
  }

  /** The calendar windows of every count in a condition: the instance key of a day. */
  private windowKeys(e: A.Expr | undefined): ((d: Day, ctx: Ctx) => string) | undefined {
    const keys = this.countsIn(e)
      .map((c) => (c.window ? this.compileWindow(c.window).key : undefined))
      .filter((k): k is (d: Day, ctx: Ctx) => string => k !== undefined);
    if (keys.length === 0) return undefined;
    return (d, ctx) => keys.map((k) => k(d, ctx)).join('|');
  }

  /** The event types a condition counts (its trigger dates come from their items). */
  private countedFilters(e: A.Expr | undefined): FilterDef[] {
    return this.countsIn(e)
      .filter((c) => c.filter)
      .map((c) => this.compileFilter(c.filter));
  }

  /**
   * The check days of a minimum-frequency condition: the union, over its counts, of the last days
   * of their window instances (docs/evaluation.md §5). On each day the trace names the instances
   * that end on it.
   */
  private minimumSchedule(e: A.Expr | undefined, rule: string): Schedule {
    const parts = this.countsIn(e).map((c) => this.compileSchedule(c.window, rule));
    if (parts.length === 1) return parts[0]!;
    return {
      days: (run, s) => {
        const all = new Set<Day>();
        for (const p of parts) for (const d of p.days(run, s)) all.add(d);
        return [...all].sort((a, b) => a - b);
      },
      name: (d, run, s) => {
        const names: R.Trace['why'][] = [];
        for (const p of parts) {
          if (!p.days(run, s).includes(d)) continue;
          const n = p.name(d, run, s);
          if (!names.some((x) => x.zh === n.zh)) names.push(n);
        }
        return { zh: names.map((n) => n.zh).join('、'), en: names.map((n) => n.en).join('; ') };
      },
    };
  }

  /** The instances of one window that lie in the period, each checked on its last day. */
  private compileSchedule(w: A.Window | undefined, rule: string): Schedule {
    const range = (from: Day, to: Day): { zh: string; en: string } => ({ zh: `（${formatDate(from)} 至 ${formatDate(to)}）`, en: ` (${formatDate(from)} to ${formatDate(to)})` });
    if (!w || w.kind === 'PeriodWindow' || w.kind === 'AllRecordsWindow') {
      const all = w?.kind === 'AllRecordsWindow';
      return {
        days: (run) => [run.periodEnd],
        name: (_d, run) => {
          const r = range(all ? run.recordsFrom : run.periodStart, run.periodEnd);
          return all ? { zh: `全部记录${r.zh}`, en: `all records${r.en}` } : { zh: `考核期${r.zh}`, en: `the period${r.en}` };
        },
      };
    }
    switch (w.kind) {
      case 'CalendarWindow': {
        const [start, end] =
          w.unit === 'month' ? [monthStart, monthEnd] : w.unit === 'quarter' ? [quarterStart, quarterEnd] : w.unit === 'half' ? [halfStart, halfEnd] : [yearStart, yearEnd];
        const label = (d: Day): { zh: string; en: string } => {
          const { year, month } = toYMD(d);
          if (w.unit === 'month') return { zh: `${year}年${month}月`, en: monthKey(d) };
          if (w.unit === 'quarter') return { zh: `${year}年第${quarterOf(d)}季度`, en: `${year} Q${quarterOf(d)}` };
          if (w.unit === 'half') return { zh: `${year}年${halfOf(d) === 1 ? '上' : '下'}半年`, en: `${year} H${halfOf(d)}` };
          return { zh: `${year}年`, en: `${year}` };
        };
        return {
          // every instance that overlaps the period, its last day clipped to the period's
          days: (run) => {
            const out: Day[] = [];
            for (let d = start(run.periodStart); d <= run.periodEnd; d = end(d) + 1) out.push(Math.min(end(d), run.periodEnd));
            return out;
          },
          name: (d, run) => {
            const l = label(d);
            const r = range(Math.max(start(d), run.recordsFrom), Math.min(end(d), run.periodEnd));
            return { zh: `${l.zh}${r.zh}`, en: `${l.en}${r.en}` };
          },
        };
      }
      case 'RollingWindow': {
        const len = windowLength(w.length);
        return {
          // every day of the period whose whole window lies in the records the case holds (from the
          // first day of its history, else of the period)
          days: (run) => {
            const out: Day[] = [];
            for (let d = run.periodStart; d <= run.periodEnd; d++) if (windowStartBefore(run.calendar, d, len) >= run.recordsFrom) out.push(d);
            // a window that reaches before the records on every day of the period is never checked:
            // not "no finding", but no answer
            if (out.length === 0) {
              const need = formatDate(windowStartBefore(run.calendar, run.periodStart, len));
              const held = formatDate(run.recordsFrom);
              run.error(
                'KE0303',
                bilingual(
                  `规则 ${rule} 的最低频次（滚动 ${len.label.zh}）在考核期内的每一天都无法判断：时间窗伸到 ${held} 以前，而案件数据只记全了自 ${held} 起的记录。请在案件数据的往期记录中给出自 ${need}（或更早）起的记录：history: { from: ${need}, events: [...] }`,
                  `the minimum frequency of rule ${rule} (rolling ${len.label.en}) cannot be checked on any day of the period: its window reaches before ${held}, and the case data holds every record only from ${held}. Give the history from ${need} (or earlier) in the case data: history: { from: ${need}, events: [...] }`,
                ),
                `rule:${rule}`,
              );
            }
            return out;
          },
          name: (d, run) => {
            const r = range(windowStartBefore(run.calendar, d, len), d);
            return { zh: `滚动 ${len.label.zh}${r.zh}`, en: `rolling ${len.label.en}${r.en}` };
          },
        };
      }
      case 'AnchoredWindow': {
        const len = windowLength(w.length);
        const anchor = w.anchor?.text ?? '';
        const ends = (run: Run, s: Subject): { a: Day; end: Day }[] => {
          const anchors = run.anchorDays(s, anchor);
          const out: { a: Day; end: Day }[] = [];
          anchors.forEach((a, i) => {
            const end = windowEndAfter(run.calendar, a, len);
            const next = anchors[i + 1];
            // a later anchor inside the window starts it afresh; a window still open at the end of
            // the period is not yet due; one that ended before the period was last period's
            if ((next === undefined || next > end) && end >= run.periodStart && end <= run.periodEnd) out.push({ a, end });
          });
          return out;
        };
        return {
          days: (run, s) => ends(run, s).map((x) => x.end),
          name: (d, run, s) => {
            const x = ends(run, s).find((y) => y.end === d);
            const a = x?.a ?? d;
            const r = range(a + 1, d);
            return {
              zh: `${anchor}（${formatDate(a)}）后 ${len.label.zh}${r.zh}`,
              en: `${len.label.en} after ${anchor} of ${formatDate(a)}${r.en}`,
            };
          },
        };
      }
    }
  }

  // --- consequences ---------------------------------------------------------------------------

  compileConsequence(c: A.Consequence, d: A.Decl, event: A.EventDecl | undefined): ConsequenceDef {
    const site = this.site(d, c, d.kind === 'QuotaDecl' ? 'quota' : d.kind === 'DeadlineDecl' ? 'deadline' : 'rule');
    const ruleName = d.name?.text ?? '';
    const trace = (records: readonly string[], why: R.Trace['why']): R.Trace => ({ ...site, records, why });
    switch (c.kind) {
      case 'Impose': {
        const what = c.what?.text ?? '';
        const target = c.target;
        return {
          node: c,
          apply: (ctx, at, records, why) => {
            const t = trace(records, why);
            for (const s of ctx.run.targets(ctx.subject, target, at, t)) ctx.run.impose(s, what, at, ruleName, records, t);
          },
        };
      }
      case 'Ineligible': {
        const elig = c.eligibility?.text ?? '';
        const target = c.target;
        return {
          node: c,
          apply: (ctx, at, records, why) => {
            const t = trace(records, why);
            for (const s of ctx.run.targets(ctx.subject, target, at, t)) ctx.run.revoke(s, elig, t);
          },
        };
      }
      case 'GradeCap':
      case 'GradeSet': {
        const band = c.band?.band?.text ?? '';
        const scale = c.band?.scale?.text ?? this.scaleOfBand(band, d);
        const kind = c.kind === 'GradeCap' ? 'cap' : 'set';
        return { node: c, apply: (ctx, at, records, why) => ctx.run.changeGrade(ctx.subject, scale, { kind, band, steps: 0, date: at, trace: trace(records, why) }) };
      }
      case 'Downgrade':
      case 'Veto': {
        const scale = c.scale?.text ?? this.onlyScaleFor(d);
        const steps = c.kind === 'Downgrade' ? Number(c.steps?.text ?? '1') : 0;
        const kind = c.kind === 'Downgrade' ? 'downgrade' : 'veto';
        return { node: c, apply: (ctx, at, records, why) => ctx.run.changeGrade(ctx.subject, scale, { kind, band: '', steps, date: at, trace: trace(records, why) }) };
      }
      case 'Decide': {
        const attr = c.attr?.text ?? '';
        return {
          node: c,
          apply: (ctx, at, records, why) => {
            const choice = ctx.event?.attrs[attr];
            if (typeof choice === 'string') {
              const t = trace(records, bilingual(`${why.zh}；委员会决定：${choice}`, `${why.en}; the committee decided: ${choice}`));
              ctx.run.impose(ctx.subject, choice, at, ruleName, records, t);
            } else {
              ctx.run.error('KE0201', bilingual(`事件 ${ctx.event?.id ?? ''} 没有记录决定 ${attr}，规则 ${ruleName} 无法执行`, `event ${ctx.event?.id ?? ''} records no decision ${attr}; rule ${ruleName} cannot apply`), ctx.event?.id);
            }
          },
        };
      }
    }
  }

  private scaleOfBand(band: string, d: A.Decl): string {
    const subject = (d as { subject?: A.SubjectSpec }).subject?.subject ?? 'person';
    const matches = this.scales.filter((s) => s.bands.some((b) => b.name === band));
    return (matches.find((s) => this.scoreSubject(s) === subject) ?? matches[0])?.name ?? '';
  }

  private onlyScaleFor(d: A.Decl): string {
    const subject = (d as { subject?: A.SubjectSpec }).subject?.subject ?? 'person';
    return this.scales.find((s) => this.scoreSubject(s) === subject)?.name ?? '';
  }

  scoreSubject(s: ScaleDef): A.SubjectKind {
    const d = this.decls.get(s.score);
    return (d as { subject?: A.SubjectSpec } | undefined)?.subject?.subject ?? 'person';
  }

  // --- rules -----------------------------------------------------------------------------------

  private compileRule(d: A.RuleDecl): (run: Run) => void {
    const name = d.name?.text ?? '';
    const on = d.clauses.find((c): c is A.OnClause => c.kind === 'OnClause');
    const onFilter = on ? this.compileFilter(on.filter) : undefined;
    const event = this.eventDecl(on?.filter?.event?.text);
    const unless = d.clauses.filter((c): c is A.UnlessClause => c.kind === 'UnlessClause').map((c) => ({ node: c, f: this.compileExpr(c.condition, event) }));
    const retrigger = d.clauses.some((c) => c.kind === 'RetriggerClause');
    const cons = (cs: readonly A.Consequence[]) => cs.map((c) => this.compileConsequence(c, d, event));
    const thens = d.clauses.filter((c): c is A.ThenClause => c.kind === 'ThenClause').map((c) => ({ node: c, cons: cons(c.then) }));
    const whens = d.clauses
      .filter((c): c is A.WhenClause => c.kind === 'WhenClause')
      .map((c) => ({
        node: c,
        f: this.compileExpr(c.condition, event),
        cons: cons(c.then),
        keyOf: this.windowKeys(c.condition),
        counted: this.countedFilters(c.condition),
        // true when there are few items: a minimum frequency, checked at the end of each window
        minimum: !on && countPolarity(c.condition) === 'fewer' ? this.minimumSchedule(c.condition, name) : undefined,
      }));
    const otherwise = d.clauses.filter((c): c is A.OtherwiseClause => c.kind === 'OtherwiseClause').map((c) => ({ node: c, cons: cons(c.then) }));
    const ladder = d.clauses.find((c): c is A.LadderClause => c.kind === 'LadderClause');
    const ladderWindow = ladder ? this.compileWindow(ladder.window) : undefined;
    const steps = (ladder?.steps ?? [])
      .filter((s) => s.occurrence)
      .map((s) => ({ n: Number(s.occurrence!.text), orMore: s.orMore, node: s, cons: cons(s.then) }))
      .sort((a, b) => a.n - b.n);
    const ruleSite = this.site(d, d, 'rule');
    const applyAll = (cs: ConsequenceDef[], ctx: Ctx, at: Day, records: readonly string[], why: R.Trace['why']): void => {
      for (const c of cs) c.apply(ctx, at, records, why, ruleSite);
    };

    if (onFilter) {
      // Per occurrence.
      return (run) => {
        for (const s of run.subjectsFor(d.subject)) {
          const occurrences: Item[] = [];
          for (const item of run.itemsOf(s, onFilter)) {
            const ctx: Ctx = { run, subject: s, event: item, asOf: item.date, current: item };
            if (onFilter.where && !truthy(onFilter.where(ctx))) continue;
            if (item.history) {
              // history before the period: an earlier occurrence for the ladder (unless exempt), never acted on
              if (!unless.some((u) => truthy(u.f(ctx)))) occurrences.push(item);
              continue;
            }
            const day = formatDate(item.date);
            const label = `${item.type} ${item.id}（${day}）`;
            const labelEn = `${item.type} ${item.id} (${day})`;
            const exempt = unless.find((u) => truthy(u.f(ctx)));
            if (exempt) {
              run.exempt(s, 'exempt', item.date, {
                ...this.site(d, exempt.node, 'rule'),
                records: [item.id],
                why: bilingual(`${label}：不予处理，适用规则 ${name} 的除外情形`, `${labelEn}: not penalised, exempt under rule ${name}`),
              });
              continue;
            }
            const records = [item.id];
            if (steps.length) {
              const start = ladderWindow?.start({ run, subject: s, asOf: item.date });
              const earlier = occurrences.filter((o) => start === undefined || o.date >= start);
              const n = 1 + earlier.length;
              const step = steps.find((x) => x.n === n) ?? [...steps].reverse().find((x) => x.orMore && n >= x.n);
              if (step) {
                // the earlier occurrences of the history before the period are named: an auditor sees why it is not the first
                const past = earlier.filter((o) => o.history).map((o) => o.id);
                const why = past.length
                  ? bilingual(`${label} 是第 ${n} 次（含往期记录 ${past.join('、')}）`, `${labelEn} is occurrence ${n} (counting the earlier record${past.length > 1 ? 's' : ''} ${past.join(', ')})`)
                  : bilingual(`${label} 是第 ${n} 次`, `${labelEn} is occurrence ${n}`);
                applyAll(step.cons, ctx, item.date, past.length ? [...past, item.id] : records, why);
              }
            }
            occurrences.push(item);
            const why = bilingual(`发生 ${label}`, `${labelEn} occurred`);
            for (const t of thens) applyAll(t.cons, ctx, item.date, records, why);
            let any = false;
            for (const w of whens) {
              const seen = new Set<string>(records);
              if (truthy(w.f({ ...ctx, seen }))) {
                any = true;
                applyAll(w.cons, ctx, item.date, [...seen], bilingual(`${label}，且条件成立`, `${labelEn}, and the condition holds`));
              }
            }
            if (!any) for (const o of otherwise) applyAll(o.cons, ctx, item.date, records, bilingual(`${label}，其他条件均不成立`, `${labelEn}, no condition held`));
          }
        }
      };
    }

    // Thresholds over time.
    return (run) => {
      for (const s of run.subjectsFor(d.subject)) {
        for (const w of whens) {
          if (w.minimum) {
            // A minimum frequency: checked on the last day of each window instance, for every
            // subject, with or without items; at most once per instance.
            let lastKey: string | undefined;
            let held = false;
            for (const at of w.minimum.days(run, s)) {
              const seen = new Set<string>();
              const ctx: Ctx = { run, subject: s, asOf: at, seen };
              const holds = truthy(w.f(ctx));
              const fire = holds && (retrigger || (w.keyOf ? w.keyOf(at, ctx) !== lastKey : !held));
              held = holds;
              if (!fire) continue;
              if (w.keyOf) lastKey = w.keyOf(at, ctx);
              const records = run.byDate([...seen]);
              const instance = w.minimum.name(at, run, s);
              const exempt = unless.find((u) => truthy(u.f({ run, subject: s, asOf: at })));
              if (exempt) {
                run.exempt(s, 'exempt', at, {
                  ...this.site(d, exempt.node, 'rule'),
                  records,
                  why: bilingual(
                    `${formatDate(at)}：${instance.zh}已届满，条件成立，但不予处理：适用规则 ${name} 的除外情形`,
                    `${formatDate(at)}: ${instance.en} is over; the condition holds, but not penalised: exempt under rule ${name}`,
                  ),
                });
                continue;
              }
              const why = bilingual(
                `${formatDate(at)}：${instance.zh}已届满，条件成立（${records.join('、') || '无记录'}）`,
                `${formatDate(at)}: ${instance.en} is over; the condition holds (${records.join(', ') || 'no records'})`,
              );
              applyAll(w.cons, { run, subject: s, asOf: at }, at, records, why);
            }
            continue;
          }
          const dates = w.counted.length ? run.datesOf(s, w.counted) : [run.periodEnd];
          let lastKey: string | undefined;
          // The history before the period is replayed, acting on nothing: a threshold that already
          // held in a window instance (a calendar year, an anchor's year) before the period does not
          // fire again for that instance in it.
          if (w.keyOf && !retrigger) {
            for (const at of run.historyDatesOf(s, w.counted)) {
              const ctx: Ctx = { run, subject: s, asOf: at, seen: new Set<string>() };
              if (truthy(w.f(ctx))) lastKey = w.keyOf(at, ctx);
            }
          }
          for (const at of dates) {
            const seen = new Set<string>();
            const ctx: Ctx = { run, subject: s, asOf: at, seen };
            const holds = truthy(w.f(ctx));
            let fire = false;
            if (holds) {
              if (retrigger) fire = true;
              else if (w.keyOf) fire = w.keyOf(at, ctx) !== lastKey;
              // it turned true: it did not hold the day before (a rolling window may have emptied in
              // between); a condition that counts nothing is evaluated once, at the end of the period
              else fire = w.counted.length === 0 || !truthy(w.f({ run, subject: s, asOf: at - 1 }));
            }
            if (!fire) continue;
            if (w.keyOf) lastKey = w.keyOf(at, ctx);
            const exempt = unless.find((u) => truthy(u.f({ run, subject: s, asOf: at })));
            if (exempt) {
              run.exempt(s, 'exempt', at, {
                ...this.site(d, exempt.node, 'rule'),
                records: run.byDate([...seen]),
                why: bilingual(`${formatDate(at)}：条件成立，但不予处理：适用规则 ${name} 的除外情形`, `${formatDate(at)}: the condition holds, but not penalised: exempt under rule ${name}`),
              });
              continue;
            }
            const records = run.byDate([...seen]);
            const why = bilingual(`${formatDate(at)}：条件成立（${records.join('、') || '无记录'}）`, `${formatDate(at)}: the condition holds (${records.join(', ') || 'no records'})`);
            applyAll(w.cons, { run, subject: s, asOf: at }, at, records, why);
          }
        }
      }
    };
  }

  // --- scores --------------------------------------------------------------------------------

  private compileScore(d: A.ScoreDecl): (run: Run, s: Subject) => ScoreState {
    const name = d.name?.text ?? '';
    type Step = (ctx: Ctx, st: ScoreState) => void;
    const steps: Step[] = [];
    const site = (node: A.Node): TraceSite => this.site(d, node, 'score');
    let deductCap: { f: Fn; site: TraceSite } | undefined;
    let addCap: { f: Fn; site: TraceSite } | undefined;
    let clamp: { low: Fn; high: Fn; site: TraceSite } | undefined;
    let rounding: { mode: RoundingMode; places: number; site: TraceSite } | undefined;
    for (const it of d.items) if (it.kind === 'RoundItem' && it.mode && it.places) rounding = { mode: it.mode, places: Number(it.places.text), site: site(it) };
    // Reasons show values to the places the score is rounded to (docs/evaluation.md §1).
    const places = rounding?.places ?? this.rounding?.places;
    const num = (v: Decimal): string => display(v, places);
    for (const it of d.items) {
      switch (it.kind) {
        case 'BaseItem':
        case 'ValueItem': {
          const f = this.compileExpr(it.value, undefined);
          const kind = it.kind === 'BaseItem' ? 'base' : 'value';
          const why = it.kind === 'BaseItem' ? bilingual('基础分', 'base') : bilingual('公式', 'formula');
          steps.push((ctx, st) => {
            const seen = new Set<string>();
            const v = dec(f({ ...ctx, seen }));
            st.base = st.base.plus(v);
            st.lines.push({ item: kind, amount: show(v), trace: { ...site(it), records: ctx.run.byDate([...seen]), why } });
          });
          break;
        }
        case 'WeightedItem': {
          const parts = it.entries.map((e) => ({ f: this.compileExpr(e.value, undefined), w: e.weight?.kind === 'Number' ? new Decimal(e.weight.text).div(HUNDRED) : ZERO, node: e }));
          steps.push((ctx, st) => {
            for (const p of parts) {
              const seen = new Set<string>();
              const v = dec(p.f({ ...ctx, seen }));
              const part = v.times(p.w);
              st.base = st.base.plus(part);
              const text = `${num(v)} × ${show(p.w.times(HUNDRED))}%`;
              st.lines.push({ item: 'weighted', amount: show(part), trace: { ...site(p.node), records: ctx.run.byDate([...seen]), why: bilingual(text, text) } });
            }
          });
          break;
        }
        case 'AdjustItem':
          steps.push(this.compileAdjust(d, it, site(it), num));
          break;
        case 'TotalCapItem':
          if (it.which === 'deductions') deductCap = { f: this.compileExpr(it.cap, undefined), site: site(it) };
          else addCap = { f: this.compileExpr(it.cap, undefined), site: site(it) };
          break;
        case 'ClampItem':
          clamp = { low: this.compileExpr(it.low, undefined), high: this.compileExpr(it.high, undefined), site: site(it) };
          break;
        case 'RoundItem':
          break;
      }
    }
    const defaultRounding = this.rounding;
    // Every line's amount is what it adds to the score (a cap, a clamp and a rounding too), so the
    // amounts of a score's lines add up to its value.
    return (run, s) => {
      const st: ScoreState = { name, label: d.label?.value, base: ZERO, deductions: ZERO, additions: ZERO, lines: [], value: null };
      const ctx: Ctx = { run, subject: s, asOf: run.periodEnd };
      // A missing input, parameter or survey anywhere below makes this score unknown (null).
      const missingBefore = run.scoreErrors;
      for (const step of steps) step(ctx, st);
      if (deductCap) {
        const c = dec(deductCap.f(ctx));
        if (st.deductions.gt(c)) {
          const back = st.deductions.minus(c);
          st.lines.push({
            item: 'cap',
            amount: show(back),
            trace: { ...deductCap.site, records: [], why: bilingual(`扣分合计 ${num(st.deductions)}，封顶 ${num(c)}，退回 ${num(back)}`, `deductions ${num(st.deductions)} in all, capped at ${num(c)}: ${num(back)} given back`) },
          });
          st.deductions = c;
        }
      }
      if (addCap) {
        const c = dec(addCap.f(ctx));
        if (st.additions.gt(c)) {
          const over = st.additions.minus(c);
          st.lines.push({
            item: 'cap',
            amount: show(over.neg()),
            trace: { ...addCap.site, records: [], why: bilingual(`加分合计 ${num(st.additions)}，封顶 ${num(c)}，超出 ${num(over)} 不计`, `additions ${num(st.additions)} in all, capped at ${num(c)}: ${num(over)} not counted`) },
          });
          st.additions = c;
        }
      }
      let v = st.base.minus(st.deductions).plus(st.additions);
      if (clamp) {
        const lo = dec(clamp.low(ctx));
        const hi = dec(clamp.high(ctx));
        const c = Decimal.min(Decimal.max(v, lo), hi);
        if (!c.eq(v)) {
          st.lines.push({ item: 'clamp', amount: show(c.minus(v)), trace: { ...clamp.site, records: [], why: bilingual(`${num(v)} 限定在 ${num(lo)}..${num(hi)}，得 ${num(c)}`, `${num(v)} clamped to ${num(lo)}..${num(hi)}: ${num(c)}`) } });
        }
        v = c;
      }
      const r = rounding ?? (defaultRounding ? { ...defaultRounding, site: undefined } : undefined);
      if (r) {
        const rv = round(v, r.places, r.mode);
        if (!rv.eq(v) && r.site) st.lines.push({ item: 'round', amount: show(rv.minus(v)), trace: { ...r.site, records: [], why: bilingual(`${num(v)} 舍入为 ${show(rv)}`, `${num(v)} rounded to ${show(rv)}`) } });
        v = rv;
      }
      st.value = run.scoreErrors > missingBefore ? null : v;
      return st;
    };
  }

  /**
   * `deduct`/`add A [per X [where C]] [within W] [cap K] [unless U]`: A for each of the subject's
   * items of X (in W as of the period's last day), skipping — and recording as exempt — those where
   * U holds; the line's total capped at K. A negative amount is refused (KE0007): a deduction that
   * would add points, or an addition that would deduct, is not what the policy says.
   */
  private compileAdjust(d: A.ScoreDecl, it: A.AdjustItem, site: TraceSite, num: (v: Decimal) => string): (ctx: Ctx, st: ScoreState) => void {
    const sign = it.sign;
    const word = sign === 'deduct' ? bilingual('扣分', 'deduction') : bilingual('加分', 'addition');
    const cap = it.cap ? this.compileExpr(it.cap, undefined) : undefined;
    const book = (st: ScoreState, total: Decimal, records: string[], why: R.Trace['why']): void => {
      if (sign === 'deduct') st.deductions = st.deductions.plus(total);
      else st.additions = st.additions.plus(total);
      st.lines.push({ item: sign, amount: show(sign === 'deduct' ? total.neg() : total), trace: { ...site, records, why } });
    };
    const negative = (ctx: Ctx, v: Decimal, item?: Item): void => {
      ctx.run.scoreErrors++;
      const what = item ? `${item.type} ${item.id}（${formatDate(item.date)}）` : `评分 ${d.name?.text ?? ''}`;
      const whatEn = item ? `${item.type} ${item.id} (${formatDate(item.date)})` : `score ${d.name?.text ?? ''}`;
      ctx.run.error(
        'KE0007',
        bilingual(
          `${what}：${word.zh}为 ${num(v)}，不能为负（制度第 ${site.span.line} 行）。请核对数值；要加分请写 加，要扣分请写 扣`,
          `${whatEn}: the ${word.en} is ${num(v)}, which cannot be negative (policy line ${site.span.line}). Check the value; write add for points added and deduct for points taken`,
        ),
        item?.id ?? ctx.subject.id,
        item?.origin,
      );
    };
    if (!it.per) {
      const amt = this.compileExpr(it.amount, undefined);
      return (ctx, st) => {
        const seen = new Set<string>();
        let total = dec(amt({ ...ctx, seen }));
        if (total.lt(ZERO)) return negative(ctx, total);
        if (cap) total = Decimal.min(total, dec(cap(ctx)));
        if (total.isZero()) return;
        book(st, total, ctx.run.byDate([...seen]), word);
      };
    }
    const filter = this.compileFilter(it.per);
    const ev = this.eventDecl(it.per.event?.text);
    const amt = this.compileExpr(it.amount, ev);
    const unless = it.unless ? this.compileExpr(it.unless, ev) : undefined;
    const window = this.compileWindow(it.window);
    const scoreName = d.name?.text ?? '';
    return (ctx, st) => {
      let total = ZERO;
      const records: string[] = [];
      const wctx: Ctx = { ...ctx, asOf: ctx.run.periodEnd };
      const ws = window.start(wctx);
      const we = window.end?.(wctx);
      for (const item of ctx.run.itemsOf(ctx.subject, filter)) {
        // a score line counts the period's items only: the history before it is never scored
        if (item.history) continue;
        const ictx: Ctx = { ...ctx, event: item, asOf: item.date };
        if (filter.where && !truthy(filter.where(ictx))) continue;
        if ((ws !== undefined && item.date < ws) || (we !== undefined && item.date > we)) continue;
        if (unless && truthy(unless(ictx))) {
          const label = `${item.type} ${item.id}（${formatDate(item.date)}）`;
          const labelEn = `${item.type} ${item.id} (${formatDate(item.date)})`;
          ctx.run.exempt(ctx.subject, 'exempt', item.date, {
            ...site,
            span: spanOf(it.unless!, site.span.file),
            records: [item.id],
            why: bilingual(`${label}：不予${word.zh}，适用评分 ${scoreName} 的除外情形`, `${labelEn}: no ${word.en}, exempt under score ${scoreName}`),
          });
          continue;
        }
        const v = dec(amt(ictx));
        if (v.lt(ZERO)) {
          negative(ctx, v, item);
          continue;
        }
        total = total.plus(v);
        records.push(item.id);
      }
      if (records.length === 0) return;
      let note = { zh: `${records.length} 次`, en: `${records.length} times` };
      if (cap) {
        const c = dec(cap(ctx));
        if (total.gt(c)) {
          note = { zh: `${records.length} 次，合计 ${num(total)}，封顶 ${num(c)}`, en: `${records.length} times, ${num(total)} in all, capped at ${num(c)}` };
          total = c;
        }
      }
      book(st, total, records, note);
    };
  }
  // --- grades, quotas, deadlines ------------------------------------------------------------------

  private compileScale(d: A.GradesDecl): ScaleDef {
    const bands: BandDef[] = d.bands.map((b) => {
      const tests = b.bounds
        .filter((x) => x.value)
        .map((x) => {
          const v = new Decimal(x.value!.text);
          return (s: Decimal) => cmp(x.op, s, v);
        });
      return { name: b.name?.text ?? '', label: b.label?.value, test: (s: Decimal) => tests.every((t) => t(s)) };
    });
    return { name: d.name!.text, label: d.label?.value, score: d.score!.text, bands, decl: d };
  }

  private compileQuota(d: A.QuotaDecl): (run: Run) => void {
    const pool = d.pool ? this.compileExpr(d.pool, undefined) : () => true;
    const share = d.share ? this.compileExpr(d.share, undefined) : () => undefined;
    const by = d.by?.text ?? '';
    const mode: RoundingMode = d.rounding ?? 'floor';
    const cons = d.then.map((c) => this.compileConsequence(c, d, undefined));
    const site = this.site(d, d, 'quota');
    return (run) => {
      const subjects = run.subjectsFor(d.subject);
      const population = subjects.length;
      const at = run.periodEnd;
      const ctx0: Ctx = { run, subject: subjects[0] ?? run.noSubject, asOf: at };
      const ratio = share(ctx0);
      if (!isDecimal(ratio)) {
        // the missing parameter is reported (KE0001); no places are given out on a guessed ratio
        run.quotas.push({
          quota: d.name?.text ?? '',
          size: 0,
          population,
          pool: [],
          chosen: [],
          trace: { ...site, records: [], why: bilingual(`名额比例没有取值，未评选（${population} 个对象）`, `the quota's share has no value; nobody was chosen (${population} subjects)`) },
        });
        return;
      }
      const sizeExact = ratio.times(population);
      const size = round(sizeExact, 0, mode).toNumber();
      const candidates = subjects.filter((s) => truthy(pool({ run, subject: s, asOf: at })));
      const ranked = candidates
        .map((s) => ({ s, v: run.scoreValue(by, s) }))
        .filter((x): x is { s: Subject; v: Decimal } => isDecimal(x.v))
        .sort((a, b) => b.v.cmp(a.v) || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0));
      const name = d.name?.text ?? '';
      const tieBreak = d.ties?.by?.text;
      const { chosen, note, undecided } = fillQuota(name, d.ties, ranked.map((x) => ({ ...x, id: x.s.id })), Math.max(0, size), (x) => (tieBreak === undefined ? undefined : run.scoreValue(tieBreak, x)));
      if (undecided) run.error('KE0012', undecided, `quota:${name}`);
      const why = bilingual(
        `名额 ${display(ratio.times(HUNDRED))}% × ${population} = ${display(sizeExact)}，取整为 ${size}；候选 ${candidates.length} 个${note.zh}`,
        `quota ${display(ratio.times(HUNDRED))}% × ${population} = ${display(sizeExact)}, rounded to ${size}; ${candidates.length} candidates${note.en}`,
      );
      for (const [i, x] of chosen.entries()) {
        const w = bilingual(`${why.zh}；按 ${by} 排第 ${i + 1}（${show(x.v)}）`, `${why.en}; ${i + 1}${['st', 'nd', 'rd'][i] ?? 'th'} by ${by} (${show(x.v)})`);
        for (const c of cons) c.apply({ run, subject: x.s, asOf: at }, at, [], w, site);
      }
      run.quotas.push({
        quota: d.name?.text ?? '',
        size,
        population,
        pool: candidates.map((s) => s.id).sort(),
        chosen: chosen.map((x) => x.s.id),
        trace: { ...site, records: [], why },
      });
    };
  }

  private compileDeadline(d: A.DeadlineDecl): (run: Run) => void {
    const filter = this.compileFilter(d.on);
    const event = this.eventDecl(d.on?.event?.text);
    const limit = this.compileExpr(d.limit, event);
    const working = this.limitUnit(d.limit, event) === 'working_days';
    const from = d.from?.text;
    const done = d.done?.text;
    const pause = d.pause?.text;
    const extBy = d.extend?.by ? this.compileExpr(d.extend.by, event) : undefined;
    const extFiled = d.extend?.filed?.text;
    const startCounted = d.startDay === 'counted';
    const rollsOver = d.rollover?.value === 'rolls';
    const deemed = d.deemedOverdue.map((e) => this.compileExpr(e, event));
    const unless = d.unless.map((e) => ({ node: e, f: this.compileExpr(e, event) }));
    const cons = d.then.map((c) => this.compileConsequence(c, d, event));
    const site = this.site(d, d, 'deadline');
    const whens = d.when.map((w) => ({ cond: this.compileExpr(w.condition, event), cons: w.then.map((c) => this.compileConsequence(c, d, event)), site: this.site(d, w, 'deadline') }));
    const dateAttr = (item: Item, name: string | undefined): Day | undefined => {
      const v = name ? item.attrs[name] : undefined;
      return typeof v === 'string' ? parseDate(v) : undefined;
    };
    const name = d.name?.text ?? '';
    const startOf = this.deadlineStart(d, dateAttr);
    /** An overdue matter: exempt under `unless`, or its consequences (and those of each `when` that holds). */
    const overdue = (ctx: Ctx, item: Item, at: Day, why: R.Trace['why']): void => {
      const exempt = unless.find((u) => truthy(u.f(ctx)));
      if (exempt) {
        ctx.run.exempt(ctx.subject, 'exempt', at, {
          ...site,
          span: spanOf(exempt.node, site.span.file),
          records: [item.id],
          why: bilingual(`${why.zh}；不予处理，适用时限 ${name} 的除外情形`, `${why.en}; not penalised: exempt under deadline ${name}`),
        });
        return;
      }
      for (const c of cons) c.apply(ctx, at, [item.id], why, site);
      for (const w of whens) if (truthy(w.cond(ctx))) for (const c of w.cons) c.apply(ctx, at, [item.id], why, w.site);
    };
    return (run) => {
      for (const s of run.subjectsFor(event?.subject)) {
        for (const item of run.itemsOf(s, filter)) {
          // a matter of the history before the period is not judged in this period
          if (item.history) continue;
          const ctx0: Ctx = { run, subject: s, event: item, asOf: item.date };
          if (filter.where && !truthy(filter.where(ctx0))) continue;
          const begun = startOf(item);
          const label = `${item.type} ${item.id}（${formatDate(item.date)}）`;
          const labelEn = `${item.type} ${item.id} (${formatDate(item.date)})`;
          if (begun === 'missing') {
            run.error(
              'KE0009',
              bilingual(
                `${label}：缺少起算日期 ${from}，而时限 ${name} 没有规定起算日期缺失时怎么办。请在案件数据中补上 ${from}；制度若另有规定，在时限中写 起算 ${from} 缺失时 未起算（或 缺失时 事件日期、缺失时 另一日期属性）`,
                `${labelEn}: the start ${from} is missing, and deadline ${name} does not say what a missing start means. Supply ${from} in the case data; if the policy says otherwise, write from ${from} if missing not started (or if missing event date, or if missing another date attribute) in the deadline`,
              ),
              item.id,
              item.origin,
            );
            continue;
          }
          if (begun === 'not-started') {
            // Not started: there is no due date, and only a `deemed overdue` condition can hold.
            const deemedFirst = deemed.findIndex((f) => truthy(f(ctx0)));
            if (deemedFirst < 0) {
              run.exempt(s, 'not-started', item.date, {
                ...site,
                span: spanOf(d.ifMissing.find((f) => f.kind === 'notStarted') ?? d, site.span.file),
                records: [item.id],
                why: bilingual(`${label}：没有起算日期（${[from, ...d.ifMissing.filter((f) => f.kind === 'attr').map((f) => (f as { name: A.Name }).name.text)].join('、')}），按时限 ${name} 的规定视为未起算，不计超时`, `${labelEn}: no start date (${[from, ...d.ifMissing.filter((f) => f.kind === 'attr').map((f) => (f as { name: A.Name }).name.text)].join(', ')}); not started, as deadline ${name} says, so not overdue`),
              });
              continue;
            }
            const at = dateAttr(item, done) ?? run.periodEnd;
            overdue(ctx0, item, at, bilingual(`${item.id}：视为超时（第 ${deemedFirst + 1} 种情形；时限未起算）`, `${item.id}: deemed overdue (condition ${deemedFirst + 1}; the deadline had not started)`));
            continue;
          }
          const start = begun.day;
          // A length of days must be a whole number ≥ 0 (KE0010), never truncated or taken as 0.
          const days = (v: V, what: R.Trace['why']): number | undefined => {
            const x = isDecimal(v) ? v : undefined;
            if (x !== undefined && round(x, 0, 'down').eq(x) && !x.lt(ZERO)) return x.toNumber();
            run.error(
              'KE0010',
              bilingual(
                `${label}：时限 ${name} 的${what.zh}${x === undefined ? '没有取值（缺少属性或参数）' : `为 ${show(x)}，不是非负整数`}。请核对案件数据或制度`,
                `${labelEn}: the ${what.en} of deadline ${name} ${x === undefined ? 'has no value (a missing attribute or parameter)' : `is ${show(x)}, not a whole number ≥ 0`}. Check the case data or the policy`,
              ),
              item.id,
              item.origin,
            );
            return undefined;
          };
          const n = days(limit(ctx0), bilingual('期限', 'limit'));
          if (n === undefined) continue;
          const pv = pause ? item.attrs[pause] : undefined;
          const paused = Array.isArray(pv) ? pv.map((p) => ({ from: parseDate(p.from)!, to: parseDate(p.to)! })) : [];
          const filed = dateAttr(item, extFiled);
          let extension: { days: number; filed: Day } | undefined;
          if (extBy && filed !== undefined) {
            const ext = days(extBy(ctx0), bilingual('延期天数', 'extension'));
            if (ext === undefined) continue;
            extension = { days: ext, filed };
          }
          const { due, note } = computeDueDate(run.calendar, { start, limit: n, workingDays: working, startCounted, paused, rollsOver, ...(extension ? { extension } : {}) });
          const ctx: Ctx = { ...ctx0, due };
          const doneAt = dateAttr(item, done);
          const deemedHit = deemed.findIndex((f) => truthy(f(ctx)));
          const late = doneAt !== undefined ? doneAt > due : run.periodEnd > due;
          if (!late && deemedHit < 0) continue;
          // dated the day it was done (late, or deemed overdue); if never done, the day after the due day
          const at = doneAt !== undefined ? doneAt : Math.min(due + 1, run.periodEnd);
          const why =
            deemedHit >= 0
              ? bilingual(`${item.id}：视为超时（第 ${deemedHit + 1} 种情形；到期日 ${formatDate(due)}）${note.zh}`, `${item.id}: deemed overdue (condition ${deemedHit + 1}; due ${formatDate(due)})${note.en}`)
              : bilingual(
                  `${item.id}：${begun.from.zh} ${formatDate(start)} 起算，期限 ${formatDate(due)}，${doneAt !== undefined ? `${formatDate(doneAt)} 办结` : '未办结'}${note.zh}`,
                  `${item.id}: from ${begun.from.en} ${formatDate(start)}, due ${formatDate(due)}, ${doneAt !== undefined ? `done ${formatDate(doneAt)}` : 'not done'}${note.en}`,
                );
          overdue(ctx, item, at, why);
        }
      }
    };
  }

  /**
   * When an item's clock starts: the `from` attribute; when it is missing, each `if missing` in turn
   * (another attribute, the event's own date, or not started); when they are used up, `missing` (an
   * error on the record, KE0009). A deadline without `from` counts from the event's date.
   */
  private deadlineStart(
    d: A.DeadlineDecl,
    dateAttr: (item: Item, name: string | undefined) => Day | undefined,
  ): (item: Item) => { day: Day; from: R.Trace['why'] } | 'not-started' | 'missing' {
    const eventDate = bilingual('事件日期', 'the event date');
    const from = d.from?.text;
    if (from === undefined) return (item) => ({ day: item.date, from: eventDate });
    type Step = { readonly kind: 'attr'; readonly name: string } | { readonly kind: 'eventDate' | 'notStarted' };
    const chain: Step[] = [{ kind: 'attr', name: from }, ...d.ifMissing.map((f): Step => (f.kind === 'attr' ? { kind: 'attr', name: f.name.text } : { kind: f.kind }))];
    return (item) => {
      for (const step of chain) {
        if (step.kind !== 'attr') return step.kind === 'eventDate' ? { day: item.date, from: eventDate } : 'not-started';
        const day = dateAttr(item, step.name);
        if (day !== undefined) return { day, from: bilingual(step.name, step.name) };
      }
      return 'missing';
    };
  }

  private limitUnit(e: A.Expr | undefined, event: A.EventDecl | undefined): A.Unit | undefined {
    if (!e) return undefined;
    if (e.kind === 'Number') return e.unit;
    if (e.kind === 'NameRef') {
      const t = this.attrType(event, e.name.text);
      if (t?.kind === 'NumberType') return t.unit;
      const p = this.decls.get(e.name.text);
      if (p?.kind === 'ParamDecl') return p.unit;
    }
    return undefined;
  }
}

// --- the run: state of one evaluation ----------------------------------------------------------------

interface ScoreState {
  readonly name: string;
  readonly label?: string;
  base: Decimal;
  deductions: Decimal;
  additions: Decimal;
  lines: R.ScoreLine[];
  value: Decimal | null;
}

interface GradeChangeDraft {
  readonly kind: R.GradeChange['kind'];
  readonly band: string;
  readonly steps: number;
  readonly date: Day;
  readonly trace: R.Trace;
}

class Run {
  readonly calendar: Calendar;
  readonly periodStart: Day;
  readonly periodEnd: Day;
  /** The first day from which the case holds every record: its history's `from`, else the period's first day. */
  readonly recordsFrom: Day;
  /** Ids of the history records, and per subject the records as given (for the result). */
  private readonly historyIds = new Set<string>();
  private readonly historyRecords = new Map<string, R.HistoryRecordResult[]>();
  readonly people = new Map<string, PersonRecord>();
  readonly units = new Map<string, UnitRecord>();
  private readonly subjects = new Map<string, Subject>();
  /** Unit id → its people other than its head (`members`), and all its people (`all staff`), by id. */
  private readonly members = new Map<string, Subject[]>();
  private readonly staff = new Map<string, Subject[]>();
  /** subject → type → items sorted by (date, id). */
  private readonly items = new Map<string, Map<string, Item[]>>();
  private readonly dirty = new Set<Item[]>();
  private readonly penalties = new Map<string, R.PenaltyResult[]>();
  private readonly revoked = new Map<string, Map<string, R.Trace[]>>();
  private readonly gradeChanges = new Map<string, GradeChangeDraft[]>();
  private readonly scores = new Map<string, ScoreState>();
  private readonly inputs = new Map<string, Map<number, Decimal>>();
  /** Subject id → its input records as given, for the result (an auditor sees the quarters behind a mean). */
  private readonly inputRecords = new Map<string, R.InputResult[]>();
  private readonly votes = new Map<string, { group?: string; choice: string; count: number; ref: string }[]>();
  /** Subject id → survey name → how the survey came out (filled when a survey is first computed). */
  private readonly surveyResults = new Map<string, Map<string, { result: R.SurveyResult; value: Decimal | undefined }>>();
  private readonly exemptions = new Map<string, R.ExemptionResult[]>();
  /** Record id → its day: the case data's events and the items imposed so far. */
  private readonly recordDays = new Map<string, Day>();
  private quartersCache: number[] | undefined;
  readonly quotas: R.QuotaResult[] = [];
  readonly errors: DataError[] = [];
  private readonly errorKeys = new Set<string>();
  /** Counts missing values met while computing; a score that meets one is unknown. */
  scoreErrors = 0;
  private seq = new Map<string, number>();
  readonly noSubject: Subject = { id: '', name: '', kind: 'person', attrs: {} };
  /** Per subject condition (`针对 人员 其中 …`): whether each subject meets it, decided once. */
  private readonly conditionMet = new Map<A.SubjectSpec, Map<string, boolean>>();
  private readonly ranks = new Map<string, Map<string, number>>();
  /** Bumped whenever an item is added after loading; merged member lists are cached per version. */
  private version = 0;
  private readonly memberItems = new Map<string, { version: number; items: Item[] }>();

  constructor(
    readonly program: ProgramImpl,
    readonly data: CaseData,
    calendar: Calendar,
  ) {
    this.calendar = this.guarded(calendar);
    this.periodStart = parseDate(data.period.from)!;
    this.periodEnd = parseDate(data.period.to)!;
    const sortById = <T extends { id: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const u of sortById(data.units)) {
      this.units.set(u.id, u);
      this.subjects.set(u.id, { id: u.id, name: u.name, kind: 'unit', unitKind: u.kind, attrs: u.attrs ?? {}, ...(u.origin ? { origin: u.origin } : {}) });
      this.members.set(u.id, []);
      this.staff.set(u.id, []);
    }
    for (const p of sortById(data.people)) {
      this.people.set(p.id, p);
      const s: Subject = { id: p.id, name: p.name, kind: 'person', unit: p.unit, attrs: p.attrs ?? {}, ...(p.origin ? { origin: p.origin } : {}) };
      this.subjects.set(p.id, s);
      this.staff.get(p.unit)?.push(s);
      if (this.units.get(p.unit)?.head !== p.id) this.members.get(p.unit)?.push(s);
    }
    this.recordsFrom = data.history ? (parseDate(data.history.from) ?? this.periodStart) : this.periodStart;
    const byDateId = (a: EventRecord, b: EventRecord): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    // History first: it is all dated before the period, so every list stays sorted by (date, id).
    for (const e of [...(data.history?.events ?? [])].sort(byDateId)) this.recordHistory(e);
    // Sanctions recorded in the data are taken in after the events, so that one lasting until an
    // event sees all of them.
    const recorded: [EventRecord, A.Decl, Day][] = [];
    for (const e of [...data.events].sort(byDateId)) {
      const date = parseDate(e.date);
      if (date === undefined) continue;
      const item: Item = { id: e.id, type: e.type, date, subject: e.subject, attrs: e.attrs, ...(e.origin ? { origin: e.origin } : {}) };
      this.recordDays.set(e.id, date);
      const d = program.decl(e.type);
      if (d && (d.kind === 'PenaltyDecl' || d.kind === 'OutcomeDecl' || d.kind === 'ReferralDecl')) recorded.push([e, d, date]);
      else this.list(e.subject, e.type).push(item);
    }
    for (const [e, d, date] of recorded) this.recordImposed(e, d, date);
    for (const i of data.inputs) {
      const key = `${i.subject}\u0000${i.input}`;
      const m = this.inputs.get(key) ?? new Map<number, Decimal>();
      const value = new Decimal(i.value);
      m.set(i.quarter ?? 0, value);
      this.inputs.set(key, m);
      const list = this.inputRecords.get(i.subject) ?? [];
      list.push({ input: i.input, ...(i.quarter !== undefined ? { quarter: i.quarter } : {}), value: show(value), ...(i.origin ? { origin: `${i.origin.file}:${i.origin.line}` } : {}) });
      this.inputRecords.set(i.subject, list);
    }
    for (const v of data.votes) {
      const key = `${v.subject}\u0000${v.survey}`;
      const list = this.votes.get(key) ?? [];
      list.push({ group: v.group, choice: v.choice, count: v.count, ref: v.origin ? `vote:${v.origin.file}:${v.origin.line}` : `vote:${v.subject}:${v.survey}` });
      this.votes.set(key, list);
    }
  }

  /**
   * The calendar the run counts working days with: a day of a year the calendar does not cover is
   * an error naming the year and how to supply it (KE0301, once per year), not a silent
   * Monday–Friday answer.
   */
  private guarded(cal: Calendar): Calendar {
    const years = bundledYears();
    const known = `${years[0]}–${years[years.length - 1]}`;
    return guardCalendar(cal, (year, d) =>
      this.error(
        'KE0301',
        bilingual(
          `无法判断 ${formatDate(d)} 是否为工作日：内置节假日数据只含 ${known} 年，案件数据和制度都没有给出 ${year} 年的节假日与调休上班日。请在案件数据的 calendar 中列出 ${year} 年的 holidays 和 workdays，或在制度头写 节假日 / 调休上班`,
          `cannot tell whether ${formatDate(d)} is a working day: the bundled holiday data covers ${known} only, and neither the case data nor the policy lists the days off and adjusted working days of ${year}. List ${year}'s holidays and workdays under calendar in the case data, or write holidays / workdays in the policy header`,
        ),
        `calendar:${year}`,
      ),
    );
  }

  /**
   * A record of the history before the period: an item that windows, ladders and anchors see, but
   * not a penalty of this period (a sanction of last year is listed under the subject's `history`).
   */
  private recordHistory(e: EventRecord): void {
    const date = parseDate(e.date);
    if (date === undefined) return;
    this.recordDays.set(e.id, date);
    this.historyIds.add(e.id);
    const list = this.historyRecords.get(e.subject) ?? [];
    list.push({ id: e.id, type: e.type, date: e.date, ...(e.origin ? { origin: `${e.origin.file}:${e.origin.line}` } : {}) });
    this.historyRecords.set(e.subject, list);
    this.list(e.subject, e.type).push({ id: e.id, type: e.type, date, subject: e.subject, attrs: e.attrs, history: true, ...(e.origin ? { origin: e.origin } : {}) });
  }

  /** Is this record id one of the history before the period? */
  isHistory(id: string): boolean {
    return this.historyIds.has(id);
  }

  /** A sanction recorded in the case data (decided outside the policy) counts like an imposed one. */
  private recordImposed(e: EventRecord, d: A.Decl, date: Day): void {
    const kind = d.kind === 'PenaltyDecl' ? 'penalty' : d.kind === 'OutcomeDecl' ? 'outcome' : 'referral';
    const p: R.PenaltyResult = {
      id: e.id,
      penalty: e.type,
      label: d.label?.value,
      kind,
      date: e.date,
      ...this.lasting(d, e.subject, date),
      rule: 'input',
      events: [e.id],
      trace: {
        decl: e.type,
        declKind: 'input',
        span: { ...(e.origin ? { file: e.origin.file } : {}), line: e.origin?.line ?? 0, column: e.origin?.column ?? 0, endLine: e.origin?.line ?? 0, endColumn: e.origin?.column ?? 0 },
        records: [e.id],
        why: bilingual('案件数据中记录的处理决定', 'a sanction recorded in the case data'),
      },
    };
    this.pushPenalty(e.subject, p);
    const l = this.list(e.subject, e.type);
    l.push({ id: e.id, type: e.type, date, subject: e.subject, attrs: {}, penalty: p });
    this.dirty.add(l);
  }

  private lastDay(start: Day, lasts: A.NumberLit): Day {
    return this.lengthEnd(start, Number(lasts.text), lasts.unit === 'working_days');
  }

  /** The last day of a length from `start`: the first day counts (a 15-day stand-down from 07-01 ends on 07-15, catalogue E1). */
  private lengthEnd(start: Day, days: number, workingDays: boolean): Day {
    return dueDate(this.calendar, start, days, { workingDays, startCounted: true });
  }

  /**
   * How long a penalty imposed (or recorded) on `day` lasts: a fixed length (`持续 N 天`), or until
   * the first ending event of the subject on or after that day (`持续 直至 …`, penalty-end.ts).
   */
  private lasting(d: A.Decl | undefined, subject: string, day: Day): Pick<R.PenaltyResult, 'until' | 'ended'> {
    if (d?.kind !== 'PenaltyDecl') return {};
    if (d.lasts) return { until: formatDate(this.lastDay(day, d.lasts)) };
    const ending = d.name ? this.program.endings.get(d.name.text) : undefined;
    if (!ending) return {};
    const s = this.subjects.get(subject) ?? this.noSubject;
    const candidates = this.itemsOf(s, ending.filter).filter((x) => x.date >= day && (!ending.filter.where || truthy(ending.filter.where({ run: this, subject: s, event: x, asOf: x.date }))));
    const { until, ended } = penaltyPeriod(ending, day, this.periodEnd, candidates, (from, n, w) => this.lengthEnd(from, n, w));
    return { until: formatDate(until), ended };
  }

  private list(subject: string, type: string): Item[] {
    let m = this.items.get(subject);
    if (!m) {
      m = new Map();
      this.items.set(subject, m);
    }
    let l = m.get(type);
    if (!l) {
      l = [];
      m.set(type, l);
    }
    return l;
  }

  private sorted(l: Item[]): Item[] {
    if (this.dirty.has(l)) {
      l.sort((a, b) => a.date - b.date || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.dirty.delete(l);
    }
    return l;
  }

  get periodEndDay(): Day {
    return this.periodEnd;
  }

  subjectsFor(spec: A.SubjectSpec | undefined): Subject[] {
    const out: Subject[] = [];
    for (const s of this.subjects.values()) if (this.program.applies(spec, s, this)) out.push(s);
    return out;
  }

  subjectById(id: string): Subject | undefined {
    return this.subjects.get(id);
  }

  /** Does the subject meet a declaration's subject condition? Decided once per run (attributes do not change). */
  meets(spec: A.SubjectSpec, s: Subject, condition: Fn): boolean {
    let m = this.conditionMet.get(spec);
    if (!m) this.conditionMet.set(spec, (m = new Map()));
    let v = m.get(s.id);
    if (v === undefined) m.set(s.id, (v = truthy(condition({ run: this, subject: s, asOf: this.periodEnd }))));
    return v;
  }

  /** The people of a unit in a scope: its members (without the head), all its staff, or its head. */
  peopleOf(unitId: string | undefined, scope: A.Scope): Subject[] {
    if (unitId === undefined) return [];
    if (scope === 'members') return this.members.get(unitId) ?? [];
    if (scope === 'staff') return this.staff.get(unitId) ?? [];
    const head = this.units.get(unitId)?.head;
    const h = head ? this.subjects.get(head) : undefined;
    return h ? [h] : [];
  }

  /** The subject's items of a filter's type (or those of its unit's people in a scope), sorted by (date, id). */
  itemsOf(s: Subject, f: FilterDef): Item[] {
    if (f.of) {
      const key = `${s.id}\u0000${f.of}\u0000${f.type}`;
      const cached = this.memberItems.get(key);
      if (cached && cached.version === this.version) return cached.items;
      const all = this.peopleOf(s.id, f.of).flatMap((m) => this.sorted(this.items.get(m.id)?.get(f.type) ?? []));
      all.sort((a, b) => a.date - b.date || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.memberItems.set(key, { version: this.version, items: all });
      return all;
    }
    return this.sorted(this.items.get(s.id)?.get(f.type) ?? []);
  }

  /** Is the item after the one a per-occurrence rule is processing, in (date, id) order? */
  private afterCurrent(ctx: Ctx, item: Item): boolean {
    const c = ctx.current;
    return !!c && item.date === c.date && item.id > c.id;
  }

  /** Index of the first item dated on or after `day` (items sorted by date). */
  private firstFrom(items: readonly Item[], day: Day): number {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid]!.date < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Dates on which any of the filters' items occur, ascending, unique. */
  datesOf(s: Subject, filters: readonly FilterDef[]): Day[] {
    const set = new Set<Day>();
    for (const f of filters) for (const i of this.itemsOf(s, f)) if (i.date >= this.periodStart && i.date <= this.periodEnd) set.add(i.date);
    return [...set].sort((a, b) => a - b);
  }

  private inWindow(ctx: Ctx, item: Item, w: WindowDef): boolean {
    const start = w.start(ctx) ?? this.periodStart;
    const end = w.end?.(ctx) ?? ctx.asOf;
    return item.date >= start && item.date <= Math.min(end, ctx.asOf);
  }

  count(ctx: Ctx, f: FilterDef, w: WindowDef): number {
    let n = 0;
    const items = this.itemsOf(ctx.subject, f);
    const start = w.start(ctx) ?? this.periodStart;
    const end = Math.min(w.end?.(ctx) ?? ctx.asOf, ctx.asOf);
    for (let i = this.firstFrom(items, start); i < items.length; i++) {
      const item = items[i]!;
      if (item.date > end || this.afterCurrent(ctx, item)) break;
      if (f.where && !truthy(f.where({ ...ctx, event: item }))) continue;
      n++;
      ctx.seen?.add(item.id);
    }
    return n;
  }

  sum(ctx: Ctx, f: FilterDef, w: WindowDef, attr: string): Decimal {
    let total = ZERO;
    for (const item of this.itemsOf(ctx.subject, f)) {
      if (item.date > ctx.asOf || this.afterCurrent(ctx, item)) break;
      if (!this.inWindow(ctx, item, w)) continue;
      if (f.where && !truthy(f.where({ ...ctx, event: item }))) continue;
      const v = item.attrs[attr];
      if (typeof v === 'string') total = total.plus(new Decimal(v));
      ctx.seen?.add(item.id);
    }
    return total;
  }

  /** The days, history included, on which the subject had an item of `type`, ascending, unique. */
  anchorDays(s: Subject, type: string): Day[] {
    const out: Day[] = [];
    for (const i of this.sorted(this.items.get(s.id)?.get(type) ?? [])) {
      if (i.date <= this.periodEnd && out[out.length - 1] !== i.date) out.push(i.date);
    }
    return out;
  }

  /** Days before the period on which one of the filters' history items occurs, ascending, unique. */
  historyDatesOf(s: Subject, filters: readonly FilterDef[]): Day[] {
    const set = new Set<Day>();
    for (const f of filters) for (const i of this.itemsOf(s, f)) if (i.date < this.periodStart) set.add(i.date);
    return [...set].sort((a, b) => a - b);
  }

  /** The latest day on or before `asOf` on which the subject had an item of `type`. */
  latest(s: Subject, type: string, asOf: Day): Day | undefined {
    const l = this.sorted(this.items.get(s.id)?.get(type) ?? []);
    let found: Day | undefined;
    for (const i of l) {
      if (i.date > asOf) break;
      found = i.date;
    }
    return found;
  }

  // --- consequences --------------------------------------------------------------------------

  targets(s: Subject, target: A.Target | undefined, at: Day, trace: R.Trace): Subject[] {
    if (!target) return [s];
    const unitId = s.kind === 'unit' ? s.id : s.unit;
    if (target === 'unit') {
      const u = unitId ? this.subjects.get(unitId) : undefined;
      return u ? [u] : [];
    }
    if (target === 'members' || target === 'staff') return [...this.peopleOf(unitId, target)];
    const head = unitId ? this.units.get(unitId)?.head : undefined;
    const h = head ? this.subjects.get(head) : undefined;
    if (!h) {
      this.error('KE0101', bilingual(`单位 ${unitId ?? ''} 没有负责人，规则 ${trace.decl}（${formatDate(at)}）无法落到负责人`, `unit ${unitId ?? ''} has no head; rule ${trace.decl} (${formatDate(at)}) cannot land on its head`), unitId);
      return [];
    }
    return [h];
  }

  impose(s: Subject, what: string, at: Day, rule: string, records: readonly string[], trace: R.Trace): void {
    const d = this.program.decl(what);
    const kind = d?.kind === 'OutcomeDecl' ? 'outcome' : d?.kind === 'ReferralDecl' ? 'referral' : 'penalty';
    const key = `${rule}:${s.id}`;
    const n = (this.seq.get(key) ?? 0) + 1;
    this.seq.set(key, n);
    const p: R.PenaltyResult = {
      id: `${rule}:${s.id}:${n}`,
      penalty: what,
      label: d?.label?.value,
      kind,
      date: formatDate(at),
      ...this.lasting(d, s.id, at),
      rule,
      events: [...records],
      trace,
    };
    this.pushPenalty(s.id, p);
    this.recordDays.set(p.id, at);
    const l = this.list(s.id, what);
    l.push({ id: p.id, type: what, date: at, subject: s.id, attrs: {}, penalty: p });
    this.dirty.add(l);
    this.version++;
  }

  private pushPenalty(subject: string, p: R.PenaltyResult): void {
    const l = this.penalties.get(subject) ?? [];
    l.push(p);
    this.penalties.set(subject, l);
  }

  revoke(s: Subject, elig: string, trace: R.Trace): void {
    let m = this.revoked.get(s.id);
    if (!m) {
      m = new Map<string, R.Trace[]>();
      this.revoked.set(s.id, m);
    }
    const l = m.get(elig);
    if (l) l.push(trace);
    else m.set(elig, [trace]);
  }

  isEligible(s: Subject, elig: string): boolean {
    return (this.revoked.get(s.id)?.get(elig)?.length ?? 0) === 0;
  }

  changeGrade(s: Subject, scale: string, change: GradeChangeDraft): void {
    const key = `${scale}\u0000${s.id}`;
    const l = this.gradeChanges.get(key);
    if (l) l.push(change);
    else this.gradeChanges.set(key, [change]);
  }

  /** Something a rule would have acted on but did not (exempt, or a deadline not started): kept for the result. */
  exempt(s: Subject, kind: R.ExemptionResult['kind'], at: Day, trace: R.Trace): void {
    const e: R.ExemptionResult = { kind, date: formatDate(at), trace };
    const l = this.exemptions.get(s.id);
    if (l) l.push(e);
    else this.exemptions.set(s.id, [e]);
  }

  error(code: string, message: R.Trace['why'], record?: string, origin?: Origin): void {
    const key = `${code}\u0000${message.en}`;
    if (this.errorKeys.has(key)) return;
    this.errorKeys.add(key);
    this.errors.push({ code, message, ...(origin ? { origin } : {}), ...(record ? { record } : {}) });
  }

  /** An attribute an expression needs is missing on a record (KE0004); what needs it is unknown. */
  missingAttr(item: Item, attr: string, owner: A.Decl | undefined, line: number): void {
    this.scoreErrors++;
    const what = owner?.name ? `${DECL_WORD[owner.kind]?.zh ?? ''} ${owner.name.text}` : '';
    const whatEn = owner?.name ? `${DECL_WORD[owner.kind]?.en ?? ''} ${owner.name.text}` : '';
    this.error(
      'KE0004',
      bilingual(
        `${item.type} ${item.id}（${formatDate(item.date)}）缺少属性 ${attr}，${what}（制度第 ${line} 行）需要它。请在案件数据中补上该属性`,
        `${item.type} ${item.id} (${formatDate(item.date)}) has no ${attr}, which ${whatEn} (policy line ${line}) needs. Supply the attribute in the case data`,
      ),
      item.id,
      item.origin,
    );
  }

  /** A division by zero (KE0011): the value that needs it is unknown, never taken as 0. */
  divisionByZero(s: Subject, owner: A.Decl | undefined, line: number): void {
    this.scoreErrors++;
    const what = owner?.name ? `${DECL_WORD[owner.kind]?.zh ?? ''} ${owner.name.text}` : '';
    const whatEn = owner?.name ? `${DECL_WORD[owner.kind]?.en ?? ''} ${owner.name.text}` : '';
    this.error(
      'KE0011',
      bilingual(
        `${s.id}（${s.name}）：${what}（制度第 ${line} 行）的除法除数为零，该值无法计算。请核对数据；制度若对除数为零另有规定，把它写进制度`,
        `${s.id} (${s.name}): the division in ${whatEn} (policy line ${line}) divides by zero, so the value cannot be computed. Check the data; if the policy says what happens then, write it in the policy`,
      ),
      s.id,
    );
  }

  /** Record ids in the order an auditor reads them: by date, then id (votes and unknown ids last). */
  byDate(ids: readonly string[]): string[] {
    const date = (id: string): number => this.recordDays.get(id) ?? Number.POSITIVE_INFINITY;
    return [...ids].sort((a, b) => date(a) - date(b) || (a < b ? -1 : a > b ? 1 : 0));
  }

  // --- values ----------------------------------------------------------------------------------

  param(name: string): Decimal | undefined {
    const v = this.data.params[name];
    if (v === undefined) {
      this.error('KE0001', bilingual(`参数 ${name} 没有取值：制度未给出，案件数据的 params 中也没有`, `parameter ${name} has no value: neither the policy nor the case data's params give one`));
      this.scoreErrors++;
      return undefined;
    }
    return new Decimal(v);
  }

  /** An input's value; for a quarterly input, the mean of its quarters (`inputMean`). */
  input(name: string, s: Subject): Decimal | undefined {
    const d = this.program.decl(name);
    if (d?.kind === 'InputDecl' && d.quarterly) return this.inputMean(name, s);
    const v = this.inputs.get(`${s.id}\u0000${name}`)?.get(0);
    if (v === undefined) this.missingInput(name, s);
    return v;
  }

  /**
   * The mean of a quarterly input over the quarters the period touches, each of which must be given
   * (KE0002 names the missing ones), or — with `skip missing` / `缺季不计` — over the quarters given.
   * A quarter outside the period is refused (KE0008), never averaged in.
   */
  inputMean(name: string, s: Subject): Decimal | undefined {
    const d = this.program.decl(name);
    if (d?.kind !== 'InputDecl' || !d.quarterly) return this.input(name, s);
    const m = this.inputs.get(`${s.id}\u0000${name}`) ?? new Map<number, Decimal>();
    const touched = this.periodQuarters;
    const outside = [...m.keys()].filter((q) => !touched.includes(q)).sort((a, b) => a - b);
    if (outside.length > 0) {
      this.scoreErrors++;
      this.error(
        'KE0008',
        bilingual(
          `${s.id}（${s.name}）的输入 ${name} 给出了第 ${outside.join('、')} 季度，不在考核期 ${this.data.period.from} 至 ${this.data.period.to} 内。请删除该记录，或核对考核期`,
          `${s.id} (${s.name}): input ${name} is given for quarter ${outside.join(', ')}, outside the period ${this.data.period.from} to ${this.data.period.to}. Remove the record, or check the period`,
        ),
        s.id,
      );
      return undefined;
    }
    const skip = d.skipMissing;
    const missing = touched.filter((q) => !m.has(q));
    if (m.size === 0 || (!skip && missing.length > 0)) {
      this.missingInput(name, s, m.size === 0 ? [] : missing);
      return undefined;
    }
    const given = touched.filter((q) => m.has(q)).map((q) => m.get(q)!);
    return given.reduce((a, b) => a.plus(b), ZERO).div(given.length);
  }

  /** The quarters (1–4) the period touches, in order. */
  private get periodQuarters(): number[] {
    if (!this.quartersCache) {
      const qs: number[] = [];
      for (let d = quarterStart(this.periodStart); d <= this.periodEnd; d = quarterEnd(d) + 1) {
        const q = quarterOf(d);
        if (!qs.includes(q)) qs.push(q);
      }
      this.quartersCache = qs.sort((a, b) => a - b);
    }
    return this.quartersCache;
  }

  private missingInput(name: string, s: Subject, quarters: readonly number[] = []): void {
    this.scoreErrors++;
    if (quarters.length > 0) {
      this.error(
        'KE0002',
        bilingual(
          `${s.id}（${s.name}）缺少输入 ${name} 的第 ${quarters.join('、')} 季度，依赖它的评分无法计算。请补齐；制度若规定按已报季度平均，在该输入上写 缺季不计`,
          `${s.id} (${s.name}) has no input ${name} for quarter ${quarters.join(', ')}; the scores that need it cannot be computed. Supply it; a policy that averages the quarters given writes skip missing on the input`,
        ),
        s.id,
      );
      return;
    }
    this.error('KE0002', bilingual(`${s.id}（${s.name}）缺少输入 ${name}，依赖它的评分无法计算`, `${s.id} (${s.name}) has no input ${name}; the scores that need it cannot be computed`), s.id);
  }

  survey(name: string, s: Subject): Decimal | undefined {
    const done = this.surveyResults.get(s.id)?.get(name);
    if (done) return done.value;
    const d = this.program.decl(name);
    if (d?.kind !== 'SurveyDecl') return undefined;
    const groups: R.SurveyGroupResult[] = [];
    const value = this.computeSurvey(d, name, s, groups);
    const votes = this.votes.get(`${s.id}\u0000${name}`) ?? [];
    const result: R.SurveyResult = {
      survey: name,
      ...(d.label ? { label: d.label.value } : {}),
      value: value === undefined ? null : show(value),
      groups,
      ...(d.scale ? { scale: show(this.constNumber(d.scale)) } : {}),
      trace: { ...this.program.site(d, d, 'survey'), records: votes.map((v) => v.ref), why: bilingual(`测评 ${name}`, `survey ${name}`) },
    };
    const m = this.surveyResults.get(s.id) ?? new Map();
    m.set(name, { result, value });
    this.surveyResults.set(s.id, m);
    return value;
  }

  /** The survey's value for a subject; each group's ballots and mean are pushed onto `groups`. */
  private computeSurvey(d: A.SurveyDecl, name: string, s: Subject, groups: R.SurveyGroupResult[]): Decimal | undefined {
    const votes = this.votes.get(`${s.id}\u0000${name}`) ?? [];
    const value = new Map<string, Decimal>();
    for (const c of d.choices) if (c.name && c.value && c.value.kind !== 'MeanOfOthers') value.set(c.name.text, this.constNumber(c.value));
    const groupMean = (vs: typeof votes): Decimal | undefined => {
      let total = ZERO;
      let n = 0;
      for (const v of vs) {
        // A `mean` choice (不了解) counts as the mean of the determinate votes: leaving it out gives exactly that.
        const x = d.rating ? new Decimal(v.choice) : value.get(v.choice);
        if (x === undefined) continue;
        total = total.plus(x.times(v.count));
        n += v.count;
      }
      return n === 0 ? undefined : total.div(n);
    };
    const describe = (vs: typeof votes, g?: A.SurveyDecl['groups'][number]): Decimal | undefined => {
      const mean = groupMean(vs);
      const tally: Record<string, number> = {};
      if (d.rating) {
        const byRating = new Map<string, { x: Decimal; n: number }>();
        for (const v of vs) {
          const e = byRating.get(v.choice) ?? { x: new Decimal(v.choice), n: 0 };
          e.n += v.count;
          byRating.set(v.choice, e);
        }
        for (const [k, e] of [...byRating].sort((a, b) => b[1].x.cmp(a[1].x))) tally[k] = e.n;
      } else {
        for (const c of d.choices) if (c.name) tally[c.name.text] = 0;
        for (const v of vs) tally[v.choice] = (tally[v.choice] ?? 0) + v.count;
      }
      groups.push({
        ...(g?.name ? { group: g.name.text } : {}),
        ...(g?.label ? { label: g.label.value } : {}),
        ...(g?.weight?.kind === 'Number' ? { weight: `${g.weight.text}%` } : {}),
        ballots: vs.reduce((n, v) => n + v.count, 0),
        tally,
        mean: mean === undefined ? null : show(mean),
      });
      return mean;
    };
    let result: Decimal | undefined;
    if (d.groups.length) {
      result = ZERO;
      for (const g of d.groups) {
        const m = describe(votes.filter((v) => v.group === g.name?.text), g);
        if (m === undefined) {
          this.missingVotes(name, s, g.name?.text);
          return undefined;
        }
        const w = g.weight?.kind === 'Number' ? new Decimal(g.weight.text).div(HUNDRED) : ZERO;
        result = result.plus(m.times(w));
      }
    } else {
      result = describe(votes);
      if (result === undefined) {
        this.missingVotes(name, s);
        return undefined;
      }
    }
    if (d.scale) {
      const best = d.rating?.high ? this.constNumber(d.rating.high) : Decimal.max(...[...value.values()]);
      if (!best.isZero()) result = result.times(this.constNumber(d.scale)).div(best);
    }
    return result;
  }

  private constNumber(e: A.Expr): Decimal {
    if (e.kind === 'Number') return new Decimal(e.text);
    if (e.kind === 'Neg' && e.operand) return this.constNumber(e.operand).neg();
    return ZERO;
  }

  private missingVotes(name: string, s: Subject, group?: string): void {
    this.scoreErrors++;
    this.error(
      'KE0003',
      bilingual(`${s.id}（${s.name}）的测评 ${name}${group ? ` 评议组 ${group}` : ''} 没有有效票`, `${s.id} (${s.name}) has no valid votes in survey ${name}${group ? `, group ${group}` : ''}`),
      s.id,
    );
  }

  memoScore(name: string, s: Subject, f: () => ScoreState): ScoreState {
    const key = `${name}\u0000${s.id}`;
    let st = this.scores.get(key);
    if (!st) {
      st = f();
      this.scores.set(key, st);
    }
    return st;
  }

  scoreValue(name: string, s: Subject): Decimal | undefined {
    const d = this.program.decl(name);
    if (d?.kind === 'InputDecl') return this.input(name, s);
    if (d?.kind === 'SurveyDecl') return this.survey(name, s);
    const st = this.program.scoreOf(this, name, s);
    if (st && st.value === null) this.scoreErrors++;
    return st?.value ?? undefined;
  }

  /** Base band of a scale from the score, then caps, sets, downgrades and vetoes. */
  finalGrade(scale: string, s: Subject): { base: string | null; band: string | null; vetoed: boolean; changes: R.GradeChange[] } {
    const def = this.program.scales.find((x) => x.name === scale);
    if (!def) return { base: null, band: null, vetoed: false, changes: [] };
    const v = this.scoreValue(def.score, s);
    const base = v === undefined ? null : (def.bands.find((b) => b.test(v))?.name ?? null);
    if (v !== undefined && base === null) {
      // The checker makes bands cover what the score can be (KP0301); a value outside them anyway
      // (an input beyond the range it was declared with) gets no grade, and says so.
      this.error(
        'KE0013',
        bilingual(`${s.id}（${s.name}）：${def.score} 为 ${show(v)}，不在等次划分 ${scale} 的任何等次内，无法定等次`, `${s.id} (${s.name}): ${def.score} is ${show(v)}, in none of the bands of ${scale}, so it gets no grade`),
        s.id,
      );
    }
    const order = def.bands.map((b) => b.name);
    const worse = (a: string, b: string): string => (order.indexOf(a) >= order.indexOf(b) ? a : b);
    const drafts = [...(this.gradeChanges.get(`${scale}\u0000${s.id}`) ?? [])].sort((a, b) => a.date - b.date);
    let band = base;
    const changes: R.GradeChange[] = [];
    let vetoed = false;
    // set (the worst set wins), then caps, then downgrades, then veto
    // `set to` and `veto` decide the grade whatever the score (even an unknown one); caps and
    // downgrades need a band to start from.
    const sets = drafts.filter((c) => c.kind === 'set');
    if (sets.length) {
      const target = sets.reduce((acc, c) => worse(acc, c.band), sets[0]!.band);
      band = target;
      const last = sets.find((c) => c.band === target)!;
      changes.push({ kind: 'set', band, date: formatDate(last.date), trace: last.trace });
    }
    for (const c of drafts.filter((x) => x.kind === 'cap')) {
      if (band === null) break;
      const nb = worse(band, c.band);
      if (nb !== band) {
        band = nb;
        changes.push({ kind: 'cap', band, date: formatDate(c.date), trace: c.trace });
      }
    }
    for (const c of drafts.filter((x) => x.kind === 'downgrade')) {
      if (band === null) break;
      const i = Math.min(order.length - 1, order.indexOf(band) + c.steps);
      band = order[i]!;
      changes.push({ kind: 'downgrade', band, date: formatDate(c.date), trace: c.trace });
    }
    const veto = drafts.find((x) => x.kind === 'veto');
    if (veto) {
      vetoed = true;
      band = order[order.length - 1] ?? band;
      changes.push({ kind: 'veto', band: band ?? '', date: formatDate(veto.date), trace: veto.trace });
    }
    return { base, band, vetoed, changes };
  }

  /** Place in a score's ranking among the subjects it applies to: 1 = best, ties share; vetoed last. */
  rank(score: string, s: Subject): number | undefined {
    let m = this.ranks.get(score);
    if (!m) {
      m = new Map();
      const d = this.program.decl(score);
      const spec = (d as { subject?: A.SubjectSpec } | undefined)?.subject;
      const scales = this.program.scales.filter((x) => x.score === score);
      const entries = this.subjectsFor(spec)
        .map((x) => ({ s: x, v: this.scoreValue(score, x), vetoed: scales.some((g) => this.finalGrade(g.name, x).vetoed) }))
        .filter((x): x is { s: Subject; v: Decimal; vetoed: boolean } => x.v !== undefined);
      entries.sort((a, b) => Number(a.vetoed) - Number(b.vetoed) || b.v.cmp(a.v));
      let place = 0;
      entries.forEach((e, i) => {
        const prev = entries[i - 1];
        if (!prev || prev.vetoed !== e.vetoed || !prev.v.eq(e.v)) place = i + 1;
        m!.set(e.s.id, place);
      });
      this.ranks.set(score, m);
    }
    return m.get(s.id);
  }

  isLast(score: string, s: Subject): boolean {
    const r = this.rank(score, s);
    if (r === undefined) return false;
    const all = [...(this.ranks.get(score)?.values() ?? [])];
    return r === Math.max(...all);
  }

  // --- result ---------------------------------------------------------------------------------

  /** Every trace whose records include history before the period names them (`history`). */
  private markHistory(subjects: readonly R.SubjectResult[]): void {
    if (this.historyIds.size === 0) return;
    const seen = new Set<object>();
    const visit = (x: unknown): void => {
      if (!x || typeof x !== 'object' || seen.has(x)) return;
      seen.add(x);
      if (Array.isArray(x)) {
        for (const y of x) visit(y);
        return;
      }
      const o = x as Record<string, unknown>;
      if (Array.isArray(o['records']) && o['why'] && !('history' in o)) {
        const past = (o['records'] as string[]).filter((id) => this.historyIds.has(id));
        if (past.length > 0) o['history'] = past;
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'history') visit(v);
    };
    visit(subjects);
  }

  result(counts?: EvaluateOptions['counts']): R.EvalResult {
    const p = this.program;
    const subjects: R.SubjectResult[] = [];
    const distribution: Record<string, Record<string, number>> = {};
    for (const sc of p.scales) distribution[sc.name] = Object.fromEntries(sc.bands.map((b) => [b.name, 0]));
    const ordered = [...this.subjects.values()].sort((a, b) => (a.kind !== b.kind ? (a.kind === 'person' ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const eligibilities = p.policy.decls.filter((d): d is A.EligibilityDecl => d.kind === 'EligibilityDecl');
    for (const s of ordered) {
      const scores: R.ScoreResult[] = [];
      for (const d of p.policy.decls) {
        if (d.kind !== 'ScoreDecl' || !d.name) continue;
        const st = p.scoreOf(this, d.name.text, s);
        if (st) scores.push({ name: st.name, ...(st.label ? { label: st.label } : {}), value: st.value ? show(st.value) : null, lines: st.lines });
      }
      const grades: R.GradeResult[] = [];
      for (const sc of p.scales) {
        const sd = p.decl(sc.score);
        if (!p.applies((sd as { subject?: A.SubjectSpec } | undefined)?.subject, s, this)) continue;
        const g = this.finalGrade(sc.name, s);
        const label = sc.bands.find((b) => b.name === g.band)?.label;
        grades.push({
          scale: sc.name,
          ...(sc.label ? { label: sc.label } : {}),
          score: sc.score,
          baseBand: g.base,
          band: g.band,
          ...(label ? { bandLabel: label } : {}),
          vetoed: g.vetoed,
          changes: g.changes,
          trace: { ...p.site(sc.decl, sc.decl, 'grades'), records: [], why: bilingual(`按 ${sc.score} 划分`, `banded by ${sc.score}`) },
        });
        if (g.band !== null) distribution[sc.name]![g.band] = (distribution[sc.name]![g.band] ?? 0) + 1;
      }
      const main = grades[0];
      // The main score is what the main grade scale bands: a score, or a survey or input.
      const mainScale = main ? p.scales.find((sc) => sc.name === main.scale) : undefined;
      const mainValue = mainScale ? this.scoreValue(mainScale.score, s) : undefined;
      const mainScore = mainScale ? (mainValue === undefined ? null : show(mainValue)) : (scores[0]?.value ?? null);
      // By date; on one day in the order they were imposed (a warning before the stand-down it
      // triggered), which the evaluation order makes the same on every run.
      const penalties = [...(this.penalties.get(s.id) ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      const flagDetails: R.FlagResult[] = eligibilities
        .filter((e) => e.name)
        .map((e) => {
          const traces = this.revoked.get(s.id)?.get(e.name!.text) ?? [];
          return { eligibility: e.name!.text, ...(e.label ? { label: e.label.value } : {}), eligible: traces.length === 0, traces };
        });
      const ranks: Record<string, number> = {};
      for (const x of scores) {
        const r = this.rank(x.name, s);
        if (r !== undefined) ranks[x.name] = r;
      }
      subjects.push({
        id: s.id,
        name: s.name,
        kind: s.kind,
        ...(s.unit ? { unit: s.unit } : {}),
        ...(s.unitKind ? { unitKind: s.unitKind } : {}),
        ...(Object.keys(s.attrs).length > 0 ? { attributes: p.inDeclarationOrder(s.attrs) } : {}),
        score: mainScore,
        grade: main?.band ?? null,
        gradeLabel: main?.bandLabel ?? null,
        scores,
        grades,
        penalties,
        flags: Object.fromEntries(flagDetails.map((f) => [f.eligibility, f.eligible])),
        flagDetails,
        bonusStopped: penalties
          .filter((x) => x.until && (p.decl(x.penalty) as A.PenaltyDecl | undefined)?.stopsBonus)
          .map((x) => ({ from: x.date, until: x.until!, penalty: x.penalty, ...(x.ended?.by === 'running' ? { running: true as const } : {}) })),
        ranks,
        surveys: [...(this.surveyResults.get(s.id)?.values() ?? [])].map((x) => x.result),
        inputs: [...(this.inputRecords.get(s.id) ?? [])].sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : (a.quarter ?? 0) - (b.quarter ?? 0))),
        // by date; on one day in the order the rules ran, which the strata make the same on every run
        exemptions: [...(this.exemptions.get(s.id) ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
        ...(this.historyRecords.has(s.id) ? { history: this.historyRecords.get(s.id)! } : {}),
      });
    }
    const byId = new Map(subjects.map((x) => [x.id, x]));
    const peopleOf = new Map<string, PersonRecord[]>();
    for (const p of this.people.values()) {
      const l = peopleOf.get(p.unit);
      if (l) l.push(p);
      else peopleOf.set(p.unit, [p]);
    }
    const units: R.UnitSummary[] = [...this.units.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((u) => {
        const people = peopleOf.get(u.id) ?? [];
        const memberPenalties: Record<string, number> = {};
        const memberGrades: Record<string, number> = {};
        for (const m of people) {
          const r = byId.get(m.id);
          for (const pen of r?.penalties ?? []) memberPenalties[pen.penalty] = (memberPenalties[pen.penalty] ?? 0) + 1;
          if (r?.grade) memberGrades[r.grade] = (memberGrades[r.grade] ?? 0) + 1;
        }
        return { id: u.id, name: u.name, ...(u.kind ? { kind: u.kind } : {}), ...(u.head ? { head: u.head } : {}), members: people.length, memberPenalties, memberGrades };
      });
    this.markHistory(subjects);
    const count = (n: number): RecordCounts => ({ read: n, used: n, rejected: 0 });
    return {
      policy: { id: p.policy.header?.name?.text ?? '', ...(p.policy.header?.title ? { title: p.policy.header.title.value } : {}), ...(p.policy.header?.version ? { version: p.policy.header.version.text } : {}) },
      period: this.data.period,
      subjects,
      units,
      quotas: this.quotas,
      summary: {
        gradeDistribution: distribution,
        records: counts ?? {
          ...(this.data.history ? { history: count(this.data.history.events.length) } : {}),
          events: count(this.data.events.length),
          inputs: count(this.data.inputs.length),
          votes: count(this.data.votes.length),
          units: count(this.data.units.length),
          people: count(this.data.people.length),
        },
        penalties: [...this.penalties.values()].reduce((a, l) => a + l.length, 0),
      },
      errors: [...this.errors].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.message.en < b.message.en ? -1 : 1)),
    };
  }
}
