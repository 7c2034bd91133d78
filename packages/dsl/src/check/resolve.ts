/**
 * Passes `declare` and `resolve-and-type`: build the symbol table, resolve every name in its
 * context, type every expression, check units, weights, enum values and attribute filters,
 * and record what each rule, score, parameter and grade scale reads and produces (for `strata`).
 */
import { Decimal, HUNDRED, ZERO } from '../decimal.js';
import type * as A from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { leadingChineseKeyword } from '../keywords.js';
import { suggest } from './suggest.js';
import { countPolarity } from './polarity.js';
import { SUBJECT_ATTRS, SubjectAttrs } from './subject-attrs.js';
import type { Reference, SymbolInfo, SymbolKind } from './types.js';
import { addUnits, BOOL, divUnits, isDayUnit, isWindowUnit, mulUnits, num, tyName, UNIT_NAME, UNKNOWN, type Ty, type UnitProblem } from './types-units.js';

export const KIND_NAME: Record<SymbolKind, { zh: string; en: string }> = {
  kind: { zh: '单位类别', en: 'unit category' },
  subjectAttribute: { zh: '对象属性', en: 'subject attribute' },
  event: { zh: '事件', en: 'event' },
  penalty: { zh: '处罚', en: 'penalty' },
  outcome: { zh: '后果', en: 'outcome' },
  referral: { zh: '移送', en: 'referral' },
  eligibility: { zh: '资格', en: 'eligibility' },
  param: { zh: '参数', en: 'parameter' },
  input: { zh: '输入', en: 'input' },
  survey: { zh: '测评', en: 'survey' },
  rule: { zh: '规则', en: 'rule' },
  score: { zh: '评分', en: 'score' },
  grades: { zh: '等次划分', en: 'grade scale' },
  quota: { zh: '名额', en: 'quota' },
  deadline: { zh: '时限', en: 'deadline' },
  attribute: { zh: '属性', en: 'attribute' },
  enumValue: { zh: '取值', en: 'value' },
  band: { zh: '等次', en: 'grade band' },
  choice: { zh: '选项', en: 'choice' },
  group: { zh: '评议组', en: 'rater group' },
};

const DECL_KIND: Record<A.Decl['kind'], SymbolKind> = {
  KindDecl: 'kind',
  AttributeDecl: 'subjectAttribute',
  EventDecl: 'event',
  PenaltyDecl: 'penalty',
  OutcomeDecl: 'outcome',
  ReferralDecl: 'referral',
  EligibilityDecl: 'eligibility',
  ParamDecl: 'param',
  InputDecl: 'input',
  SurveyDecl: 'survey',
  RuleDecl: 'rule',
  ScoreDecl: 'score',
  GradesDecl: 'grades',
  QuotaDecl: 'quota',
  DeadlineDecl: 'deadline',
};

export const declKind = (d: A.Decl): SymbolKind => DECL_KIND[d.kind];

const IMPOSABLE: SymbolKind[] = ['penalty', 'outcome', 'referral'];
const COUNTABLE: SymbolKind[] = ['event', 'penalty', 'outcome', 'referral'];

export interface AttrInfo {
  readonly sym: SymbolInfo;
  readonly type?: A.TypeRef;
  readonly values: Map<string, SymbolInfo>;
}

interface ScaleInfo {
  readonly sym: SymbolInfo;
  readonly decl: A.GradesDecl;
  readonly bands: Map<string, SymbolInfo>;
  /** The subject of the scale's score; set by `resolveAll` once every declaration is known. */
  subject: A.SubjectKind;
}

/** What a computation node reads and produces, for the strata pass. */
export interface NodeDeps {
  readonly node: string;
  readonly label: string;
  readonly reads: Set<string>;
  readonly produces: Set<string>;
  readonly isRule: boolean;
  readonly order: number;
}

export interface Ctx {
  /** The subject the declaration applies to. */
  readonly subject: A.SubjectKind;
  /**
   * Whose attributes a subject attribute reads: the subject's (default), or in an item filter with
   * `of members` / `of all staff` / `of head` the person the item belongs to (subject-attrs.ts).
   */
  readonly host?: A.SubjectKind;
  /** The event whose attributes bare names resolve to. */
  readonly event?: A.EventDecl;
  /** The event filter's event name, for messages. */
  readonly eventName?: string;
  readonly deps?: NodeDeps;
  /** In a deadline's `deemed overdue`, `unless` and `when`: `due date` (到期日) names its computed last day. */
  readonly dueDate?: boolean;
}

export class Resolver {
  readonly diagnostics: Diagnostic[] = [];
  readonly symbols = new Map<string, SymbolInfo>();
  readonly references: Reference[] = [];
  readonly used = new Set<string>();
  readonly nodes: NodeDeps[] = [];
  private readonly attrs = new Map<string, Map<string, AttrInfo>>();
  /** Attributes of people and units (`属性 … 针对 人员`): their checks live in subject-attrs.ts. */
  private readonly subjectAttrs = new SubjectAttrs(this);
  private readonly scales = new Map<string, ScaleInfo>();
  private readonly bandsByName = new Map<string, ScaleInfo[]>();
  private readonly choices = new Map<string, Map<string, SymbolInfo>>();
  /** Is this node's diagnostic reported? (Base-policy declarations are checked in their own file.) */
  private reporting = true;
  private currentFile: string | undefined;

  constructor(
    private readonly policy: A.PolicyFile,
    private readonly declFile: Map<A.Decl, string | undefined>,
  ) {}

  // --- reporting ---------------------------------------------------------------------------

  report(code: string, span: A.Span, args: Record<string, string | number> = {}): void {
    if (!this.reporting) return;
    this.diagnostics.push(diag(code, span, args));
  }

  refer(name: A.Name, symbol: SymbolInfo, isDeclaration = false): void {
    if (!isDeclaration) this.used.add(symbol.kind === 'attribute' || symbol.kind === 'enumValue' || symbol.kind === 'band' || symbol.kind === 'choice' || symbol.kind === 'group' ? `${symbol.kind}:${symbol.name}` : symbol.name);
    if (this.reporting) this.references.push({ span: name.span, symbol, isDeclaration, file: this.currentFile });
  }

  private makeSymbol(
    name: A.Name,
    kind: SymbolKind,
    node: A.Node,
    label: A.StringLit | undefined,
    parent?: SymbolInfo,
    extraZh = '',
    extraEn = '',
  ): SymbolInfo {
    const k = KIND_NAME[kind];
    const lab = label ? `“${label.value}”` : '';
    return {
      name: name.text,
      kind,
      node,
      nameSpan: name.span,
      label: label?.value,
      file: this.currentFile,
      parent,
      detail: {
        zh: `${k.zh} ${name.text}${lab}${parent ? `（${KIND_NAME[parent.kind].zh} ${parent.name}）` : ''}${extraZh}`,
        en: `${k.en} ${name.text}${lab ? ` ${lab}` : ''}${parent ? ` (of ${KIND_NAME[parent.kind].en} ${parent.name})` : ''}${extraEn}`,
      },
    };
  }

  private withDecl<T>(d: A.Decl, f: () => T): T {
    const file = this.declFile.get(d);
    const prevR = this.reporting;
    const prevF = this.currentFile;
    this.currentFile = file;
    this.reporting = file === undefined;
    try {
      return f();
    } finally {
      this.reporting = prevR;
      this.currentFile = prevF;
    }
  }

  // --- pass: declare --------------------------------------------------------------------------

  declare(): void {
    const firstLine = new Map<string, number>();
    for (const d of this.policy.decls) {
      this.withDecl(d, () => {
        if (!d.name) return;
        const kind = declKind(d);
        const existing = this.symbols.get(d.name.text);
        if (existing) {
          this.report('KP0102', d.name.span, { name: d.name.text, firstLine: firstLine.get(d.name.text) ?? existing.nameSpan.line });
          return;
        }
        const sym = this.makeSymbol(d.name, kind, d, d.label, undefined, this.declExtraZh(d), this.declExtraEn(d));
        this.symbols.set(d.name.text, sym);
        firstLine.set(d.name.text, d.name.span.line);
        this.refer(d.name, sym, true);
        this.declareMembers(d, sym);
      });
    }
  }

  private declExtraZh(d: A.Decl): string {
    if (d.kind === 'PenaltyDecl') {
      const len = (n: A.NumberLit | undefined): string => (n ? `${n.text}${n.unit === 'working_days' ? '个工作日' : '天'}` : '');
      const until = d.until ? `持续 直至 ${d.until.event?.event?.text ?? ''}${d.until.minimum ? ` 最短 ${len(d.until.minimum)}` : ''}${d.until.maximum ? ` 最长 ${len(d.until.maximum)}` : ''}` : '';
      const parts = [d.rank ? `轻重 ${d.rank.text}` : '', d.lasts ? `持续 ${len(d.lasts)}` : until, d.stopsBonus ? '停发奖金' : ''].filter(Boolean);
      return parts.length ? `：${parts.join('，')}` : '';
    }
    if (d.kind === 'ParamDecl') return d.value ? '' : '（未赋值）';
    if (d.kind === 'AttributeDecl') return `（针对 ${d.subject?.subject === 'unit' ? '单位' : '人员'}）`;
    return '';
  }
  private declExtraEn(d: A.Decl): string {
    if (d.kind === 'PenaltyDecl') {
      const len = (n: A.NumberLit | undefined): string => (n ? `${n.text} ${n.unit === 'working_days' ? 'working days' : 'days'}` : '');
      const until = d.until ? `lasts until ${d.until.event?.event?.text ?? ''}${d.until.minimum ? `, minimum ${len(d.until.minimum)}` : ''}${d.until.maximum ? `, maximum ${len(d.until.maximum)}` : ''}` : '';
      const parts = [d.rank ? `rank ${d.rank.text}` : '', d.lasts ? `lasts ${len(d.lasts)}` : until, d.stopsBonus ? 'stops bonus' : ''].filter(Boolean);
      return parts.length ? `: ${parts.join(', ')}` : '';
    }
    if (d.kind === 'ParamDecl') return d.value ? '' : ' (no value)';
    if (d.kind === 'AttributeDecl') return ` (for ${d.subject?.subject === 'unit' ? 'units' : 'persons'})`;
    return '';
  }

  private declareMembers(d: A.Decl, sym: SymbolInfo): void {
    if (d.kind === 'EventDecl') {
      const map = new Map<string, AttrInfo>();
      this.attrs.set(sym.name, map);
      for (const a of d.attrs) {
        if (!a.name) continue;
        if (map.has(a.name.text)) {
          this.report('KP0209', a.name.span, { whatZh: '属性', whatEn: 'attribute', name: a.name.text });
          continue;
        }
        const asym = this.makeSymbol(a.name, 'attribute', a, a.label, sym);
        map.set(a.name.text, { sym: asym, type: a.type, values: this.enumValues(a.type, asym) });
        this.refer(a.name, asym, true);
      }
    } else if (d.kind === 'AttributeDecl') {
      // kept beside the events' attributes, so that `身份 = 主任` finds the value `主任`
      const map = this.attrs.get(SUBJECT_ATTRS) ?? new Map<string, AttrInfo>();
      this.attrs.set(SUBJECT_ATTRS, map);
      map.set(sym.name, this.subjectAttrs.declare(d, sym));
    } else if (d.kind === 'GradesDecl') {
      const bands = new Map<string, SymbolInfo>();
      const info: ScaleInfo = { sym, decl: d, bands, subject: 'person' };
      this.scales.set(sym.name, info);
      for (const b of d.bands) {
        if (!b.name) continue;
        if (bands.has(b.name.text)) {
          this.report('KP0209', b.name.span, { whatZh: '等次', whatEn: 'band', name: b.name.text });
          continue;
        }
        const bs = this.makeSymbol(b.name, 'band', b, b.label, sym);
        bands.set(b.name.text, bs);
        this.refer(b.name, bs, true);
        const list = this.bandsByName.get(b.name.text) ?? [];
        list.push(info);
        this.bandsByName.set(b.name.text, list);
      }
    } else if (d.kind === 'SurveyDecl') {
      const map = new Map<string, SymbolInfo>();
      this.choices.set(sym.name, map);
      for (const c of [...d.choices, ...d.groups]) {
        if (!c.name) continue;
        const kind = c.kind === 'SurveyChoice' ? 'choice' : 'group';
        if (map.has(c.name.text)) {
          this.report('KP0209', c.name.span, { whatZh: KIND_NAME[kind].zh, whatEn: KIND_NAME[kind].en, name: c.name.text });
          continue;
        }
        const cs = this.makeSymbol(c.name, kind, c, c.label, sym);
        map.set(c.name.text, cs);
        this.refer(c.name, cs, true);
      }
    }
  }

  /** The values of an enumeration type, declared as symbols under the attribute (a duplicate is KP0209). */
  enumValues(type: A.TypeRef | undefined, attr: SymbolInfo): Map<string, SymbolInfo> {
    const values = new Map<string, SymbolInfo>();
    if (type?.kind !== 'EnumType') return values;
    for (const v of type.values) {
      if (!v.name) continue;
      if (values.has(v.name.text)) {
        this.report('KP0209', v.name.span, { whatZh: '取值', whatEn: 'value', name: v.name.text });
        continue;
      }
      const vs = this.makeSymbol(v.name, 'enumValue', v, v.label, attr);
      values.set(v.name.text, vs);
      this.refer(v.name, vs, true);
    }
    return values;
  }

  kindName(kind: SymbolKind): { zh: string; en: string } {
    return KIND_NAME[kind];
  }

  // --- helpers for name lookup ---------------------------------------------------------------

  private lookup(name: A.Name, kinds: readonly SymbolKind[], whatZh: string, whatEn: string): SymbolInfo | undefined {
    const sym = this.symbols.get(name.text);
    if (!sym) {
      const candidates = [...this.symbols.values()].filter((s) => kinds.includes(s.kind)).map((s) => s.name);
      this.undefinedName(name, whatZh, whatEn, candidates);
      return undefined;
    }
    if (!kinds.includes(sym.kind)) {
      this.report('KP0103', name.span, {
        name: name.text,
        actualZh: KIND_NAME[sym.kind].zh,
        actualEn: `a ${KIND_NAME[sym.kind].en}`,
        expectedZh: whatZh,
        expectedEn: whatEn,
      });
      this.refer(name, sym);
      return undefined;
    }
    this.refer(name, sym);
    return sym;
  }

  undefinedName(name: A.Name, whatZh: string, whatEn: string, candidates: Iterable<string>): void {
    const s = suggest(name.text, candidates);
    const glued = leadingChineseKeyword(name.text);
    this.report('KP0101', name.span, {
      name: name.text,
      whatZh,
      // "undefined penalty", not "undefined a penalty"
      whatEn: whatEn.replace(/^(a|an) /, ''),
      ...(s ? { suggestion: s } : {}),
      ...(glued && !s ? { glued } : {}),
    });
  }

  private eventDecl(name: string): A.EventDecl | undefined {
    const s = this.symbols.get(name);
    return s?.kind === 'event' ? (s.node as A.EventDecl) : undefined;
  }

  /** The subject of `for …`; its `where` condition is checked where the declaration may have one (rules, scores, quotas). */
  private subjectOf(spec: A.SubjectSpec | undefined, where?: { allowed: boolean; zh: string; en: string }): A.SubjectKind {
    if (spec?.unitKind) this.lookup(spec.unitKind, ['kind'], '单位类别', 'a unit category');
    if (where) this.subjectAttrs.checkSpec(spec, where.allowed, where.zh, where.en);
    return spec?.subject ?? 'person';
  }

  private unitProblem(p: UnitProblem, span: A.Span, opZh: string, opEn: string): void {
    if (!p) return;
    this.report('KP0204', span, {
      leftZh: UNIT_NAME[p.left].zh,
      leftEn: UNIT_NAME[p.left].en,
      rightZh: UNIT_NAME[p.right].zh,
      rightEn: UNIT_NAME[p.right].en,
      opZh,
      opEn,
    });
  }

  expectType(t: Ty, expected: 'bool' | 'num', span: A.Span): void {
    if (t.t === 'unknown' || t.t === expected) return;
    const e = expected === 'bool' ? tyName(BOOL) : tyName(num());
    const a = tyName(t);
    this.report('KP0203', span, { expectedZh: e.zh, expectedEn: e.en, actualZh: a.zh, actualEn: a.en });
  }

  /** A number in one of `units` (or without a unit). */
  private expectUnit(t: Ty, units: readonly A.Unit[], span: A.Span, wantZh: string, wantEn: string): void {
    if (t.t === 'unknown') return;
    if (t.t !== 'num') {
      this.expectType(t, 'num', span);
      return;
    }
    if (t.unit && !units.includes(t.unit)) {
      this.report('KP0204', span, {
        leftZh: UNIT_NAME[t.unit].zh,
        leftEn: UNIT_NAME[t.unit].en,
        rightZh: wantZh,
        rightEn: wantEn,
        opZh: '混用',
        opEn: 'mixed',
      });
    }
  }

  // --- pass: resolve-and-type -------------------------------------------------------------------

  resolveAll(): void {
    // The subject of each grade scale is the subject of its score.
    for (const info of this.scales.values()) {
      const scoreName = info.decl.score?.text;
      const score = scoreName ? this.symbols.get(scoreName) : undefined;
      info.subject = (score && (score.node as { subject?: A.SubjectSpec }).subject?.subject) ?? 'person';
    }
    this.policy.decls.forEach((d, order) => this.withDecl(d, () => this.resolveDecl(d, order)));
  }

  private node(kind: string, name: string, isRule: boolean, order: number): NodeDeps {
    const n: NodeDeps = { node: `${kind}:${name}`, label: name, reads: new Set(), produces: new Set(), isRule, order };
    this.nodes.push(n);
    return n;
  }

  private resolveDecl(d: A.Decl, order: number): void {
    const name = d.name?.text ?? `#${order}`;
    switch (d.kind) {
      case 'KindDecl':
      case 'OutcomeDecl':
      case 'ReferralDecl':
      case 'EligibilityDecl':
        return;
      case 'AttributeDecl':
        return this.subjectAttrs.check(d);
      case 'EventDecl':
        this.subjectOf(d.subject, { allowed: false, zh: '事件', en: 'an event' });
        for (const a of d.attrs) {
          if (a.type?.kind === 'DecisionType') {
            for (const o of a.type.options) {
              const s = this.symbols.get(o.text);
              if (!s) this.undefinedName(o, '处罚、后果或移送', 'penalty, outcome or referral', [...this.symbols.values()].filter((x) => IMPOSABLE.includes(x.kind)).map((x) => x.name));
              else if (!IMPOSABLE.includes(s.kind)) {
                this.report('KP0208', o.span, { name: o.text });
                this.refer(o, s);
              } else this.refer(o, s);
            }
          }
        }
        return;
      case 'PenaltyDecl':
        if (d.rank) this.expectUnit(this.typeOf(d.rank, { subject: 'person' }), [], d.rank.span, '无单位的序数', 'a plain number');
        if (d.lasts) this.requireDays(d.lasts);
        if (d.until) this.resolvePenaltyUntil(d.until);
        return;
      case 'ParamDecl':
        if (d.value) {
          // A parameter's value is an expression evaluated for each subject: it may read a score.
          const t = this.typeOf(d.value, { subject: 'person', deps: this.node('param', name, false, order) });
          if (d.unit && t.t === 'num') this.unitProblem(addUnits(d.unit, t.unit).problem, d.value.span, '混用', 'mixed');
        }
        return;
      case 'InputDecl':
        this.subjectOf(d.subject, { allowed: false, zh: '输入', en: 'an input' });
        this.checkRange(d.range);
        return;
      case 'SurveyDecl':
        return this.resolveSurvey(d);
      case 'RuleDecl':
        return this.resolveRule(d, this.node('rule', name, true, order));
      case 'ScoreDecl':
        return this.resolveScore(d, this.node('score', name, false, order));
      case 'GradesDecl': {
        const n = this.node('scale', name, false, order);
        if (d.score) {
          const s = this.lookup(d.score, ['score', 'input', 'survey'], '评分、输入或测评', 'a score, input or survey');
          if (s?.kind === 'score') n.reads.add(`score:${s.name}`);
        }
        return;
      }
      case 'QuotaDecl':
        return this.resolveQuota(d, this.node('quota', name, true, order));
      case 'DeadlineDecl':
        return this.resolveDeadline(d, this.node('deadline', name, true, order));
    }
  }

  /**
   * A window's length: days or working days, or a calendar duration in months or years, which must
   * come to whole months (`1.5年` is 18 months; `1.3年` ends on no day of a month: KP0230).
   */
  private requireWindowLength(n: A.NumberLit): void {
    if (!isWindowUnit(n.unit)) {
      this.report('KP0204', n.span, {
        leftZh: n.unit ? UNIT_NAME[n.unit].zh : '无单位的数',
        leftEn: n.unit ? UNIT_NAME[n.unit].en : 'a number without a unit',
        rightZh: '天数、工作日数、月数或年数',
        rightEn: 'days, working days, months or years',
        opZh: '混用',
        opEn: 'mixed',
      });
      return;
    }
    if (n.unit === 'months' || n.unit === 'years') {
      const months = new Decimal(n.text).times(new Decimal(n.unit === 'years' ? '12' : '1'));
      if (months.d !== 1n) this.report('KP0230', n.span, { length: `${n.text}${n.unit === 'years' ? '年' : '个月'}` });
    }
  }

  private requireDays(n: A.NumberLit): void {
    if (!isDayUnit(n.unit)) {
      this.report('KP0204', n.span, {
        leftZh: n.unit ? UNIT_NAME[n.unit].zh : '无单位的数',
        leftEn: n.unit ? UNIT_NAME[n.unit].en : 'a number without a unit',
        rightZh: '天数或工作日数',
        rightEn: 'days or working days',
        opZh: '混用',
        opEn: 'mixed',
      });
    }
  }

  private checkRange(r: A.RangeLit | undefined): void {
    if (!r?.low || !r.high) return;
    const lo = constValue(r.low);
    const hi = constValue(r.high);
    if (lo && hi && lo.gt(hi)) this.report('KP0603', r.span, { low: lo.toString(), high: hi.toString() });
  }

  private resolveSurvey(d: A.SurveyDecl): void {
    this.subjectOf(d.subject, { allowed: false, zh: '测评', en: 'a survey' });
    const name = d.name?.text ?? '';
    const means = d.choices.filter((c) => c.value?.kind === 'MeanOfOthers');
    if (means.length > 1) {
      this.report('KP0211', means[1]!.span, {
        name,
        problemZh: '只能有一个选项按“其他选项的平均分”计',
        problemEn: 'only one choice can count as the mean of the others',
      });
    }
    if (d.choices.length > 0 && means.length === d.choices.length) {
      this.report('KP0211', d.span, { name, problemZh: '没有确定分值的选项', problemEn: 'no choice has a fixed value' });
    }
    if (d.choices.length === 0 && !d.rating) {
      this.report('KP0211', d.name?.span ?? d.span, {
        name,
        problemZh: '既没有选项，也没有评分范围',
        problemEn: 'has neither choices nor a rating range',
        hintZh: '加上 `选项 名称 = 分值`，或 `评分制 0..100`',
        hintEn: 'add `choice name = value`, or `rating 0..100`',
      });
    }
    for (const c of d.choices) {
      if (c.value && c.value.kind !== 'MeanOfOthers') {
        this.expectUnit(this.typeOf(c.value, { subject: 'person' }), ['points'], c.value.span, '分值', 'points');
      }
    }
    this.checkRange(d.rating);
    if (d.scale) {
      this.expectUnit(this.typeOf(d.scale, { subject: 'person' }), ['points'], d.scale.span, '分值', 'points');
      // `scale N` puts the best choice (or the top of the rating range) at N: that best value must be above 0
      const values = d.rating ? [d.rating.high] : d.choices.map((c) => (c.value?.kind === 'MeanOfOthers' ? undefined : c.value));
      const known = values.map((v) => (v ? constValue(v) : undefined)).filter((v): v is NonNullable<typeof v> => v !== undefined);
      if (known.length > 0 && known.every((v) => !v.gt(new Decimal(0)))) {
        this.report('KP0211', d.scale.span, {
          name,
          problemZh: '折算以最高分值为满分，但没有大于 0 的分值',
          problemEn: 'scale puts the best value at full marks, but no value is above 0',
          hintZh: '给最好的选项一个大于 0 的分值，或去掉 折算',
          hintEn: 'give the best choice a value above 0, or remove scale',
        });
      }
    }
    if (d.groups.length > 0) this.checkWeights(d.groups.map((g) => ({ weight: g.weight, span: g.span })), d.name?.span ?? d.span);
  }

  /** Weights: constant percentages summing to exactly 100%. */
  private checkWeights(entries: { weight?: A.Expr; span: A.Span }[], at: A.Span): void {
    let total = ZERO;
    let ok = true;
    for (const e of entries) {
      const w = e.weight;
      if (!w) {
        ok = false;
        continue;
      }
      if (w.kind !== 'Number' || w.unit !== 'percent') {
        this.report('KP0206', w.span);
        ok = false;
        continue;
      }
      total = total.plus(new Decimal(w.text));
    }
    if (ok && !total.eq(HUNDRED)) {
      this.report('KP0205', at, { total: total.toString(), diff: total.minus(HUNDRED).abs().toString() });
    }
  }

  // --- rules ----------------------------------------------------------------------------------

  private resolveRule(d: A.RuleDecl, deps: NodeDeps): void {
    const subject = this.subjectOf(d.subject, { allowed: true, zh: '规则', en: 'a rule' });
    const ons = d.clauses.filter((c): c is A.OnClause => c.kind === 'OnClause');
    let event: A.EventDecl | undefined;
    let eventName: string | undefined;
    let host: A.SubjectKind | undefined;
    for (const [i, on] of ons.entries()) {
      if (i > 0) {
        this.report('KP0209', on.span, { whatZh: '触发条件 `发生`', whatEn: 'trigger `on`', name: on.filter?.event?.text ?? '' });
        continue;
      }
      if (on.filter) {
        const e = this.resolveFilter(on.filter, { subject, deps });
        event = e;
        eventName = on.filter.event?.text;
        // triggered by the items of a unit's people: their attributes are read
        if (on.filter.of) host = 'person';
      }
    }
    const ctx: Ctx = { subject, event, eventName, deps, ...(host ? { host } : {}) };
    const hasTrigger = ons.length > 0 || d.clauses.some((c) => c.kind === 'WhenClause');
    if (!hasTrigger) this.report('KP0601', d.name?.span ?? d.span, { name: d.name?.text ?? '', label: d.label?.value ?? '' });
    for (const c of d.clauses) {
      switch (c.kind) {
        case 'OnClause':
        case 'RetriggerClause':
        case 'SourceClause':
          break;
        case 'WhenClause':
          if (c.condition) this.expectType(this.typeOf(c.condition, ctx), 'bool', c.condition.span);
          // A threshold both "at least" and "at most" in its counts has no single evaluation day.
          if (c.condition && ons.length === 0 && countPolarity(c.condition) === 'mixed') this.report('KP0609', c.condition.span);
          this.resolveConsequences(c.then, ctx);
          break;
        case 'ThenClause':
        case 'OtherwiseClause':
          this.resolveConsequences(c.then, ctx);
          break;
        case 'UnlessClause':
          if (c.condition) this.expectType(this.typeOf(c.condition, ctx), 'bool', c.condition.span);
          break;
        case 'LadderClause':
          if (ons.length === 0) this.report('KP0605', c.span);
          if (c.window) this.resolveWindow(c.window, ctx);
          this.checkLadder(c);
          for (const s of c.steps) this.resolveConsequences(s.then, ctx);
          break;
      }
    }
  }

  private checkLadder(c: A.LadderClause): void {
    const seen = new Set<number>();
    let openAt: number | undefined;
    let max = 0;
    for (const s of c.steps) {
      if (!s.occurrence) continue;
      const n = Number(s.occurrence.text);
      if (!Number.isInteger(n) || n < 1) {
        this.report('KP0203', s.occurrence.span, { expectedZh: '正整数（第几次）', expectedEn: 'a whole number ≥ 1 (which occurrence)', actualZh: s.occurrence.text, actualEn: s.occurrence.text });
        continue;
      }
      if (s.occurrence.unit && s.occurrence.unit !== 'times') {
        this.report('KP0204', s.occurrence.span, { leftZh: UNIT_NAME[s.occurrence.unit].zh, leftEn: UNIT_NAME[s.occurrence.unit].en, rightZh: '次数', rightEn: 'a count', opZh: '混用', opEn: 'mixed' });
      }
      if (seen.has(n)) this.report('KP0305', s.occurrence.span, { n });
      else if (openAt !== undefined && n > openAt) this.report('KP0308', s.occurrence.span, { n, prev: openAt });
      seen.add(n);
      if (s.orMore && openAt === undefined) openAt = n;
      max = Math.max(max, n);
    }
    for (let i = 1; i <= max; i++) {
      if (!seen.has(i)) {
        this.report('KP0304', c.span, { missing: i });
        break;
      }
    }
    if (max > 0 && openAt === undefined) this.report('KP0306', c.span, { last: max, next: max + 1 });
  }

  private resolveConsequences(cs: readonly A.Consequence[], ctx: Ctx): void {
    for (const c of cs) this.resolveConsequence(c, ctx);
  }

  private resolveConsequence(c: A.Consequence, ctx: Ctx): void {
    switch (c.kind) {
      case 'Impose':
        if (c.what) {
          const s = this.lookup(c.what, IMPOSABLE, '处罚、后果或移送', 'a penalty, outcome or referral');
          if (s) ctx.deps?.produces.add(`sym:${s.name}`);
        }
        this.checkTargetScope(c.target, c.span, ctx);
        return;
      case 'Ineligible':
        if (c.eligibility) {
          const s = this.lookup(c.eligibility, ['eligibility'], '资格', 'an eligibility');
          if (s) ctx.deps?.produces.add(`elig:${s.name}`);
        }
        this.checkTargetScope(c.target, c.span, ctx);
        return;
      case 'GradeCap':
      case 'GradeSet': {
        const scale = c.band ? this.resolveBandRef(c.band, ctx.subject) : undefined;
        if (scale) ctx.deps?.produces.add(`grade:${scale}`);
        return;
      }
      case 'Downgrade':
      case 'Veto': {
        if (c.kind === 'Downgrade' && c.steps) {
          const n = Number(c.steps.text);
          if (!Number.isInteger(n) || n < 1) {
            this.report('KP0203', c.steps.span, { expectedZh: '正整数（降几档）', expectedEn: 'a whole number ≥ 1 (bands to drop)', actualZh: c.steps.text, actualEn: c.steps.text });
          }
        }
        const scale = this.scaleFor(c.scale, ctx.subject, c.span);
        if (scale) ctx.deps?.produces.add(`grade:${scale}`);
        return;
      }
      case 'Decide': {
        if (!c.attr) return;
        if (!ctx.event) {
          this.report('KP0203', c.span, {
            expectedZh: '由 `发生` 触发的规则',
            expectedEn: 'a rule triggered by `on`',
            actualZh: '没有触发事件',
            actualEn: 'no triggering event',
            hintZh: '`按决定` 读取触发事件上记录的决定，规则须有 `发生 事件`',
            hintEn: '`decide` reads the decision recorded on the triggering event; add `on event`',
          });
          return;
        }
        const info = this.attrOf(ctx.event, c.attr, ctx.eventName);
        if (!info) return;
        if (info.type?.kind !== 'DecisionType') {
          this.report('KP0203', c.attr.span, { expectedZh: '决定类型的属性', expectedEn: 'a decision attribute', actualZh: '其他类型的属性', actualEn: 'an attribute of another type' });
          return;
        }
        for (const o of info.type.options) ctx.deps?.produces.add(`sym:${o.text}`);
        return;
      }
    }
  }

  /** Resolve `band` or `scale.band`; returns the scale name. */
  private resolveBandRef(ref: A.BandRef, subject: A.SubjectKind): string | undefined {
    if (!ref.band) return undefined;
    if (ref.scale) {
      const s = this.lookup(ref.scale, ['grades'], '等次划分', 'a grade scale');
      if (!s) return undefined;
      const info = this.scales.get(s.name)!;
      const b = info.bands.get(ref.band.text);
      if (!b) {
        this.undefinedName(ref.band, `等次（${s.name}）`, `band of ${s.name}`, info.bands.keys());
        return undefined;
      }
      this.refer(ref.band, b);
      return s.name;
    }
    let infos = this.bandsByName.get(ref.band.text) ?? [];
    if (infos.length === 0) {
      const all = [...this.scales.values()].flatMap((s) => [...s.bands.keys()]);
      this.undefinedName(ref.band, '等次', 'grade band', all);
      return undefined;
    }
    if (infos.length > 1) infos = infos.filter((i) => i.subject === subject);
    if (infos.length !== 1) {
      const all = this.bandsByName.get(ref.band.text)!;
      this.report('KP0307', ref.band.span, {
        band: ref.band.text,
        scales: all.map((i) => i.sym.name).join('、'),
        example: `${all[0]!.sym.name}.${ref.band.text}`,
      });
      return undefined;
    }
    const info = infos[0]!;
    this.refer(ref.band, info.bands.get(ref.band.text)!);
    return info.sym.name;
  }

  /** The grade scale a downgrade or veto applies to: named, or the only one for the subject. */
  private scaleFor(name: A.Name | undefined, subject: A.SubjectKind, span: A.Span): string | undefined {
    if (name) return this.lookup(name, ['grades'], '等次划分', 'a grade scale')?.name;
    const candidates = [...this.scales.values()].filter((s) => s.subject === subject);
    if (candidates.length === 1) return candidates[0]!.sym.name;
    if (candidates.length === 0) {
      this.report('KP0606', span, {
        whatZh: '降档或一票否决',
        whatEn: 'the downgrade or veto',
        name: '',
        missingZh: subject === 'unit' ? '单位的等次划分' : '人员的等次划分',
        missingEn: subject === 'unit' ? 'a grade scale for units' : 'a grade scale for persons',
      });
      return undefined;
    }
    this.report('KP0307', span, {
      band: '',
      scales: candidates.map((c) => c.sym.name).join('、'),
      example: `降档 1 ${candidates[0]!.sym.name}`,
    });
    return undefined;
  }

  // --- event filters and windows ------------------------------------------------------------------

  /** `on members` / `on all staff` land on a unit's people: only a unit rule has them. */
  private checkTargetScope(target: A.Target | undefined, span: A.Span, ctx: Ctx): void {
    if ((target === 'members' || target === 'staff') && ctx.subject !== 'unit') {
      this.report('KP0210', span, target === 'members' ? { whatZh: '对 成员', whatEn: 'on members' } : { whatZh: '对 全体人员', whatEn: 'on all staff' });
    }
  }

  /** Resolve `name [of members|all staff|head] [where …]`; returns the event declaration when it is an event. */
  private resolveFilter(f: A.EventFilter, ctx: Ctx): A.EventDecl | undefined {
    if (f.of && ctx.subject !== 'unit') {
      const what = { members: ['来自 成员', 'of members'], staff: ['来自 全体人员', 'of all staff'], head: ['来自 负责人', 'of head'] }[f.of];
      this.report('KP0210', f.span, { whatZh: what[0]!, whatEn: what[1]! });
    }
    if (!f.event) return undefined;
    const s = this.lookup(f.event, COUNTABLE, '事件、处罚、后果或移送', 'an event, penalty, outcome or referral');
    let event: A.EventDecl | undefined;
    if (s?.kind === 'event') event = s.node as A.EventDecl;
    else if (s) ctx.deps?.reads.add(`sym:${s.name}`);
    if (f.where) {
      const host = f.of ? 'person' : ctx.subject;
      const t = this.typeOf(f.where, { subject: ctx.subject, host, event, eventName: f.event.text, deps: ctx.deps });
      this.expectType(t, 'bool', f.where.span);
    }
    return event;
  }

  private resolveWindow(w: A.Window, ctx: Ctx): void {
    if (w.kind === 'RollingWindow' && w.length) this.requireWindowLength(w.length);
    if (w.kind === 'AnchoredWindow') {
      if (w.length) this.requireWindowLength(w.length);
      if (w.anchor) {
        const s = this.lookup(w.anchor, COUNTABLE, '事件、处罚、后果或移送', 'an event, penalty, outcome or referral');
        if (s && s.kind !== 'event') ctx.deps?.reads.add(`sym:${s.name}`);
      }
    }
  }

  attrOf(event: A.EventDecl, name: A.Name, eventName = event.name?.text ?? ''): AttrInfo | undefined {
    const map = this.attrs.get(event.name?.text ?? '');
    const info = map?.get(name.text);
    if (!info) {
      const available = [...(map?.keys() ?? [])];
      const s = suggest(name.text, available);
      this.report('KP0201', name.span, { event: eventName, name: name.text, available: available.join('、'), ...(s ? { suggestion: s } : {}) });
      return undefined;
    }
    this.refer(name, info.sym);
    return info;
  }

  attrType(info: AttrInfo): Ty {
    const t = info.type;
    switch (t?.kind) {
      case 'BoolType':
        return BOOL;
      case 'NumberType':
        return num(t.unit);
      case 'DateType':
        return { t: 'date' };
      case 'TextType':
        return { t: 'text' };
      case 'IntervalsType':
        return { t: 'intervals' };
      case 'EnumType':
        return { t: 'enum', event: info.sym.kind === 'subjectAttribute' ? SUBJECT_ATTRS : (info.sym.parent?.name ?? ''), attr: info.sym.name, values: [...info.values.keys()] };
      case 'DecisionType':
        return { t: 'decision', attr: info.sym.name, options: t.options.map((o) => o.text) };
      default:
        return UNKNOWN;
    }
  }

  // --- scores, quotas, deadlines -----------------------------------------------------------------

  private resolveScore(d: A.ScoreDecl, deps: NodeDeps): void {
    const subject = this.subjectOf(d.subject, { allowed: true, zh: '评分', en: 'a score' });
    const ctx: Ctx = { subject, deps };
    const bases = d.items.filter((i) => i.kind === 'BaseItem' || i.kind === 'WeightedItem' || i.kind === 'ValueItem');
    if (bases.length === 0) {
      this.report('KP0602', d.name?.span ?? d.span, { name: d.name?.text ?? '', label: d.label?.value ?? '', problemZh: '没有 `基础分`、`加权` 或 `公式`', problemEn: 'has no `base`, `weighted` or `value`' });
    } else if (bases.length > 1) {
      this.report('KP0602', bases[1]!.span, { name: d.name?.text ?? '', label: d.label?.value ?? '', problemZh: '有多个 `基础分`、`加权` 或 `公式`', problemEn: 'has more than one `base`, `weighted` or `value`' });
    }
    const points = (e: A.Expr | undefined, c: Ctx = ctx): void => {
      if (e) this.expectUnit(this.typeOf(e, c), ['points'], e.span, '分值', 'points');
    };
    for (const it of d.items) {
      switch (it.kind) {
        case 'BaseItem':
        case 'ValueItem':
          points(it.value);
          break;
        case 'WeightedItem':
          for (const e of it.entries) points(e.value);
          this.checkWeights(it.entries, it.span);
          break;
        case 'AdjustItem': {
          let c: Ctx = ctx;
          if (it.per) {
            const event = this.resolveFilter(it.per, ctx);
            c = { ...ctx, event, eventName: it.per.event?.text, ...(it.per.of ? { host: 'person' as const } : {}) };
            if (it.window) this.resolveWindow(it.window, ctx);
          }
          points(it.amount, c);
          points(it.cap, c);
          if (it.unless) this.expectType(this.typeOf(it.unless, c), 'bool', it.unless.span);
          break;
        }
        case 'TotalCapItem':
          points(it.cap);
          break;
        case 'ClampItem': {
          points(it.low);
          points(it.high);
          const lo = it.low && constValue(it.low);
          const hi = it.high && constValue(it.high);
          if (lo && hi && lo.gt(hi)) this.report('KP0603', it.span, { low: lo.toString(), high: hi.toString() });
          break;
        }
        case 'RoundItem':
          break;
      }
    }
  }

  private resolveQuota(d: A.QuotaDecl, deps: NodeDeps): void {
    const subject = this.subjectOf(d.subject, { allowed: true, zh: '名额', en: 'a quota' });
    const ctx: Ctx = { subject, deps };
    const qname = d.name?.text ?? '';
    if (d.pool) this.expectType(this.typeOf(d.pool, ctx), 'bool', d.pool.span);
    if (d.share) this.expectUnit(this.typeOf(d.share, ctx), ['percent'], d.share.span, '百分比', 'a percentage');
    else this.report('KP0606', d.name?.span ?? d.span, { whatZh: '名额', whatEn: 'quota', name: qname, missing: '比例 / share' });
    if (d.by) {
      const s = this.lookup(d.by, ['score', 'input', 'survey'], '评分', 'a score');
      if (s?.kind === 'score') deps.reads.add(`score:${s.name}`);
    } else this.report('KP0606', d.name?.span ?? d.span, { whatZh: '名额', whatEn: 'quota', name: qname, missing: '按 / by' });
    if (d.ties?.by) {
      const s = this.lookup(d.ties.by, ['score', 'input', 'survey'], '评分', 'a score');
      if (s?.kind === 'score') deps.reads.add(`score:${s.name}`);
    }
    if (d.then.length === 0) this.report('KP0606', d.name?.span ?? d.span, { whatZh: '名额', whatEn: 'quota', name: qname, missing: '则 / then' });
    this.resolveConsequences(d.then, ctx);
  }

  private resolveDeadline(d: A.DeadlineDecl, deps: NodeDeps): void {
    const dname = d.name?.text ?? '';
    let ctx: Ctx = { subject: 'person', deps };
    if (d.on) {
      const event = this.resolveFilter(d.on, ctx);
      // A deadline runs for the subject of its event (a person's case, or a unit's).
      ctx = { ...ctx, subject: event?.subject?.subject ?? 'person', event, eventName: d.on.event?.text };
    } else this.report('KP0606', d.name?.span ?? d.span, { whatZh: '时限', whatEn: 'deadline', name: dname, missing: '发生 / on' });
    const dateAttr = (n: A.Name | undefined, kinds: A.TypeRef['kind'][], wantZh: string, wantEn: string): void => {
      if (!n || !ctx.event) return;
      const info = this.attrOf(ctx.event, n, ctx.eventName);
      if (info && info.type && !kinds.includes(info.type.kind)) {
        this.report('KP0203', n.span, { expectedZh: wantZh, expectedEn: wantEn, actualZh: tyName(this.attrType(info)).zh, actualEn: tyName(this.attrType(info)).en });
      }
    };
    dateAttr(d.from, ['DateType'], '日期', 'a date');
    for (const fb of d.ifMissing) if (fb.kind === 'attr') dateAttr(fb.name, ['DateType'], '日期', 'a date');
    dateAttr(d.done, ['DateType'], '日期', 'a date');
    dateAttr(d.pause, ['IntervalsType'], '期间列表', 'intervals');
    if (d.extend) {
      dateAttr(d.extend.filed, ['DateType'], '日期', 'a date');
      if (d.extend.by) this.expectUnit(this.typeOf(d.extend.by, ctx), ['days', 'working_days'], d.extend.by.span, '天数或工作日数', 'days or working days');
    }
    const limitType = d.limit ? this.typeOf(d.limit, ctx) : undefined;
    if (d.limit && limitType) this.expectUnit(limitType, ['days', 'working_days'], d.limit.span, '天数或工作日数', 'days or working days');
    else this.report('KP0606', d.name?.span ?? d.span, { whatZh: '时限', whatEn: 'deadline', name: dname, missing: '期限 / limit' });
    // The conditions that judge an overdue matter may name its computed last day (到期日).
    const judged: Ctx = { ...ctx, dueDate: true };
    for (const e of d.deemedOverdue) this.expectType(this.typeOf(e, judged), 'bool', e.span);
    for (const e of d.unless) this.expectType(this.typeOf(e, judged), 'bool', e.span);
    this.resolveConsequences(d.then, ctx);
    for (const w of d.when) {
      if (w.condition) this.expectType(this.typeOf(w.condition, judged), 'bool', w.condition.span);
      this.resolveConsequences(w.then, ctx);
    }
    // A limit in working days ends on a working day: rolling over (or not) changes nothing.
    if (d.rollover && limitType?.t === 'num' && limitType.unit === 'working_days') {
      this.report('KP0620', d.rollover.span, { name: dname, choiceZh: d.rollover.value === 'rolls' ? '顺延' : '不顺延', choiceEn: d.rollover.value === 'rolls' ? 'rolls over' : 'does not roll' });
    }
  }

  /**
   * `lasts until EVENT [minimum N] [maximum M]`: the ending is an event type of the case data (a
   * fact: the exam passed, the investigation concluded), its filter reads that event's attributes,
   * and the two bounds are lengths in one unit of days, the minimum not above the maximum.
   */
  private resolvePenaltyUntil(u: A.PenaltyUntil): void {
    if (u.event?.of) {
      const scope = { members: '来自 成员', staff: '来自 全体人员', head: '来自 负责人' }[u.event.of];
      const scopeEn = { members: 'of members', staff: 'of all staff', head: 'of head' }[u.event.of];
      this.report('KP0203', u.event.span, { expectedZh: '受处罚者本人的事件', expectedEn: "an event of the penalised subject's own", actualZh: `\`${scope}\``, actualEn: `\`${scopeEn}\``, hintZh: `删去 \`${scope}\`：结束处罚的是受处罚者本人的事件`, hintEn: `remove \`${scopeEn}\`: the penalty ends on an event of the penalised subject` });
    }
    if (u.event?.event) {
      const s = this.lookup(u.event.event, ['event'], '事件', 'an event');
      if (s?.kind === 'event' && u.event.where) {
        const event = s.node as A.EventDecl;
        this.expectType(this.typeOf(u.event.where, { subject: event.subject?.subject ?? 'person', event, eventName: s.name }), 'bool', u.event.where.span);
      }
    }
    if (u.minimum) this.requireDays(u.minimum);
    if (u.maximum) this.requireDays(u.maximum);
    const lo = u.minimum;
    const hi = u.maximum;
    if (lo && hi && isDayUnit(lo.unit) && isDayUnit(hi.unit)) {
      if (lo.unit !== hi.unit) {
        this.report('KP0204', hi.span, { leftZh: UNIT_NAME[lo.unit!].zh, leftEn: UNIT_NAME[lo.unit!].en, rightZh: UNIT_NAME[hi.unit!].zh, rightEn: UNIT_NAME[hi.unit!].en, opZh: '混用', opEn: 'mixed' });
      } else if (new Decimal(lo.text).gt(new Decimal(hi.text))) {
        this.report('KP0603', u.span, { low: lo.text, high: hi.text });
      }
    }
  }

  // --- expressions ----------------------------------------------------------------------------

  typeOf(e: A.Expr, ctx: Ctx): Ty {
    switch (e.kind) {
      case 'Number':
        return num(e.unit);
      case 'Date':
        return { t: 'date' };
      case 'StringExpr':
        return { t: 'text' };
      case 'Bool':
        return BOOL;
      case 'Last':
        return { t: 'last' };
      case 'DueDate':
        if (ctx.dueDate) return { t: 'date' };
        this.report('KP0621', e.span, {});
        return UNKNOWN;
      case 'NameRef':
        return this.nameType(e, ctx);
      case 'Not': {
        if (e.operand) this.expectType(this.typeOf(e.operand, ctx), 'bool', e.operand.span);
        return BOOL;
      }
      case 'Neg': {
        const t = e.operand ? this.typeOf(e.operand, ctx) : UNKNOWN;
        if (t.t !== 'num' && t.t !== 'unknown') this.expectType(t, 'num', e.span);
        return t.t === 'num' ? t : UNKNOWN;
      }
      case 'Binary':
        return this.binaryType(e, ctx);
      case 'Compare':
        return this.compareType(e, ctx);
      case 'InSet': {
        const t = e.value ? this.typeOf(e.value, ctx) : UNKNOWN;
        if (t.t === 'enum' || t.t === 'decision') {
          for (const n of e.set) this.valueOf(t, n);
        } else if (t.t !== 'unknown') {
          this.report('KP0203', e.span, { expectedZh: '有取值列表的属性', expectedEn: 'an attribute with listed values', actualZh: tyName(t).zh, actualEn: tyName(t).en });
        }
        return BOOL;
      }
      case 'Count':
        if (e.filter) this.resolveFilter(e.filter, ctx);
        if (e.window) this.resolveWindow(e.window, ctx);
        return num('times');
      case 'Sum': {
        let out: Ty = num();
        if (e.filter) {
          const event = this.resolveFilter(e.filter, ctx);
          if (event && e.attr) {
            const info = this.attrOf(event, e.attr, e.filter.event?.text);
            if (info) {
              const t = this.attrType(info);
              if (t.t !== 'num') this.expectType(t, 'num', e.attr.span);
              else out = t;
            }
          } else if (!event && e.filter.event && e.attr) {
            this.report('KP0201', e.attr.span, { event: e.filter.event.text, name: e.attr.text, available: '' });
          }
        }
        if (e.window) this.resolveWindow(e.window, ctx);
        return out;
      }
      case 'Call':
        return this.callType(e, ctx);
      case 'Lookup':
        return this.lookupType(e, ctx);
    }
  }

  private nameType(e: A.NameRef, ctx: Ctx): Ty {
    const name = e.name;
    // `人员.X` / `单位.X`, and `事件.属性`: subject-attrs.ts
    if (e.subject) return this.subjectAttrs.qualified(e, ctx);
    if (e.member && this.symbols.get(name.text)?.kind === 'event') return this.subjectAttrs.eventQualified(e, ctx);
    if (e.member) {
      // `scale.band`
      const s = this.lookup(name, ['grades'], '等次划分', 'a grade scale');
      if (!s) return UNKNOWN;
      const info = this.scales.get(s.name)!;
      const b = info.bands.get(e.member.text);
      if (!b) {
        this.undefinedName(e.member, `等次（${s.name}）`, `band of ${s.name}`, info.bands.keys());
        return UNKNOWN;
      }
      this.refer(e.member, b);
      return { t: 'band', scale: s.name };
    }
    if (ctx.event) {
      const map = this.attrs.get(ctx.event.name?.text ?? '');
      const info = map?.get(name.text);
      if (info) {
        this.subjectAttrs.checkAmbiguous(name, ctx);
        this.refer(name, info.sym);
        return this.attrType(info);
      }
    }
    const sym = this.symbols.get(name.text);
    if (!sym) {
      // The filter names an event that does not exist (already reported): its attributes are unknown
      // too, so a name here is not reported a second time.
      if (!ctx.event && ctx.eventName !== undefined && !this.symbols.has(ctx.eventName)) return UNKNOWN;
      const attrNames = ctx.event ? [...(this.attrs.get(ctx.event.name?.text ?? '')?.keys() ?? [])] : [];
      const values = [...this.symbols.values()].filter((s) => ['param', 'input', 'score', 'survey', 'subjectAttribute'].includes(s.kind)).map((s) => s.name);
      const s = suggest(name.text, [...attrNames, ...values]);
      if (ctx.event && !attrNames.length && !values.length) {
        this.report('KP0201', name.span, { event: ctx.eventName ?? '', name: name.text, available: '' });
      } else if (ctx.event && (s === undefined || attrNames.includes(s))) {
        this.report('KP0201', name.span, { event: ctx.eventName ?? '', name: name.text, available: attrNames.join('、'), ...(s ? { suggestion: s } : {}) });
      } else if (ctx.event) {
        // closest to a parameter, input, score or survey: a misspelt value, not a missing attribute
        this.undefinedName(name, '名称', 'name', [...attrNames, ...values]);
      } else {
        this.undefinedName(name, '名称', 'name', values);
      }
      return UNKNOWN;
    }
    if (sym.kind === 'subjectAttribute') return this.subjectAttrs.read(name, sym, ctx);
    this.refer(name, sym);
    switch (sym.kind) {
      case 'param':
        ctx.deps?.reads.add(`param:${sym.name}`);
        return num((sym.node as A.ParamDecl).unit);
      case 'input':
        return num((sym.node as A.InputDecl).unit ?? 'points');
      case 'score':
        ctx.deps?.reads.add(`score:${sym.name}`);
        return num('points');
      case 'survey':
        return num('points');
      default:
        this.report('KP0103', name.span, {
          name: name.text,
          actualZh: KIND_NAME[sym.kind].zh,
          actualEn: `a ${KIND_NAME[sym.kind].en}`,
          expectedZh: '一个值（属性、参数、输入、评分或测评）',
          expectedEn: 'a value (attribute, parameter, input, score or survey)',
        });
        return UNKNOWN;
    }
  }

  /** Resolve `n` as a value of an enum or decision type. */
  private valueOf(t: Ty, n: A.Name): void {
    if (t.t === 'enum') {
      const v = this.attrs.get(t.event)?.get(t.attr)?.values.get(n.text);
      if (v) {
        this.refer(n, v);
        return;
      }
      const s = suggest(n.text, t.values);
      this.report('KP0202', n.span, { value: n.text, attr: t.attr, available: t.values.join('、'), ...(s ? { suggestion: s } : {}) });
      return;
    }
    if (t.t === 'decision') {
      const sym = this.symbols.get(n.text);
      if (t.options.includes(n.text) && sym) {
        this.refer(n, sym);
        return;
      }
      const s = suggest(n.text, t.options);
      this.report('KP0202', n.span, { value: n.text, attr: t.attr, available: t.options.join('、'), ...(s ? { suggestion: s } : {}) });
    }
  }

  private binaryType(e: A.Binary, ctx: Ctx): Ty {
    const l = e.left ? this.typeOf(e.left, ctx) : UNKNOWN;
    const r = e.right ? this.typeOf(e.right, ctx) : UNKNOWN;
    if (e.op === 'and' || e.op === 'or') {
      if (e.left) this.expectType(l, 'bool', e.left.span);
      if (e.right) this.expectType(r, 'bool', e.right.span);
      return BOOL;
    }
    if (l.t === 'unknown' || r.t === 'unknown') return l.t === 'num' ? l : r.t === 'num' ? r : UNKNOWN;
    if (l.t !== 'num' || r.t !== 'num') {
      const bad = l.t !== 'num' ? l : r;
      this.report('KP0203', e.span, { expectedZh: '数值', expectedEn: 'a number', actualZh: tyName(bad).zh, actualEn: tyName(bad).en });
      return UNKNOWN;
    }
    const opZh = { '+': '相加', '-': '相减', '*': '相乘', '/': '相除' }[e.op];
    const opEn = { '+': 'added', '-': 'subtracted', '*': 'multiplied', '/': 'divided' }[e.op];
    const res = e.op === '*' ? mulUnits(l.unit, r.unit) : e.op === '/' ? divUnits(l.unit, r.unit) : addUnits(l.unit, r.unit);
    this.unitProblem(res.problem, e.span, opZh, opEn);
    return num(res.unit);
  }

  private compareType(e: A.Compare, ctx: Ctx): Ty {
    const left = e.left;
    const right = e.right;
    if (!left || !right) return BOOL;
    const l = this.typeOf(left, ctx);
    // The right side of `attr = value` / `grade(g) = band` is resolved against the left's type.
    if ((l.t === 'enum' || l.t === 'decision') && right.kind === 'NameRef' && !right.member && !right.subject && !this.isValueName(right.name.text, ctx)) {
      this.valueOf(l, right.name);
      this.eqOnly(e, l);
      return BOOL;
    }
    if (l.t === 'grade') {
      if (right.kind === 'NameRef' && !right.member) {
        const info = this.scales.get(l.scale);
        const b = info?.bands.get(right.name.text);
        if (b) this.refer(right.name, b);
        else this.undefinedName(right.name, `等次（${l.scale}）`, `band of ${l.scale}`, info?.bands.keys() ?? []);
        return BOOL;
      }
      const r = this.typeOf(right, ctx);
      if (r.t === 'band' && r.scale !== l.scale) {
        this.report('KP0203', right.span, { expectedZh: `等次（${l.scale}）`, expectedEn: `a band of ${l.scale}`, actualZh: `等次（${r.scale}）`, actualEn: `a band of ${r.scale}` });
      }
      return BOOL;
    }
    const r = this.typeOf(right, ctx);
    if (l.t === 'unknown' || r.t === 'unknown') return BOOL;
    if (l.t === 'rank' || r.t === 'rank') {
      const other = l.t === 'rank' ? r : l;
      if (other.t !== 'last' && other.t !== 'num' && other.t !== 'rank') {
        this.report('KP0203', e.span, { expectedZh: '名次或末位', expectedEn: 'a place or `last`', actualZh: tyName(other).zh, actualEn: tyName(other).en });
      }
      return BOOL;
    }
    if (l.t === 'num' && r.t === 'num') {
      this.unitProblem(addUnits(l.unit, r.unit).problem, e.span, '比较', 'compared');
      return BOOL;
    }
    if (r.t === 'enum' && left.kind === 'NameRef') return BOOL;
    if (l.t !== r.t) {
      this.report('KP0203', right.span, { expectedZh: tyName(l).zh, expectedEn: tyName(l).en, actualZh: tyName(r).zh, actualEn: tyName(r).en });
    } else if (l.t === 'bool' || l.t === 'text' || l.t === 'enum') this.eqOnly(e, l);
    return BOOL;
  }

  private eqOnly(e: A.Compare, t: Ty): void {
    if (e.op !== '=' && e.op !== '!=') {
      this.report('KP0203', e.span, {
        expectedZh: '`=` 或 `!=`',
        expectedEn: '`=` or `!=`',
        actualZh: `对${tyName(t).zh}使用 ${e.op}`,
        actualEn: `${e.op} on ${tyName(t).en}`,
      });
    }
  }

  /** Is `name` something other than a bare enum value in this context (an attribute or a value declaration)? */
  private isValueName(name: string, ctx: Ctx): boolean {
    if (ctx.event && this.attrs.get(ctx.event.name?.text ?? '')?.has(name)) return true;
    const s = this.symbols.get(name);
    return !!s && ['param', 'input', 'score', 'survey', 'subjectAttribute'].includes(s.kind);
  }

  private callType(e: A.Call, ctx: Ctx): Ty {
    const arity = e.fn === 'min' || e.fn === 'max' ? 2 : 1;
    if (e.args.length !== arity) {
      this.report('KP0203', e.span, {
        expectedZh: `${arity} 个参数`,
        expectedEn: `${arity} argument${arity > 1 ? 's' : ''}`,
        actualZh: `${e.args.length} 个`,
        actualEn: `${e.args.length}`,
      });
      return UNKNOWN;
    }
    switch (e.fn) {
      case 'min':
      case 'max': {
        const a = this.typeOf(e.args[0]!, ctx);
        const b = this.typeOf(e.args[1]!, ctx);
        if (a.t === 'unknown' || b.t === 'unknown') return a.t === 'num' ? a : b.t === 'num' ? b : UNKNOWN;
        if (a.t !== 'num' || b.t !== 'num') {
          this.expectType(a.t !== 'num' ? a : b, 'num', e.span);
          return UNKNOWN;
        }
        const r = addUnits(a.unit, b.unit);
        this.unitProblem(r.problem, e.span, '比较', 'compared');
        return num(r.unit);
      }
      case 'mean': {
        const arg = e.args[0]!;
        const t = this.typeOf(arg, ctx);
        if (t.t !== 'num' && t.t !== 'unknown') this.expectType(t, 'num', arg.span);
        return t.t === 'num' ? t : UNKNOWN;
      }
      case 'eligible': {
        const arg = e.args[0]!;
        if (arg.kind !== 'NameRef' || arg.member) {
          this.report('KP0203', arg.span, { expectedZh: '资格的名称', expectedEn: 'the name of an eligibility', actualZh: '表达式', actualEn: 'an expression' });
          return BOOL;
        }
        const s = this.lookup(arg.name, ['eligibility'], '资格', 'an eligibility');
        if (s) ctx.deps?.reads.add(`elig:${s.name}`);
        return BOOL;
      }
      case 'grade':
      case 'ranking': {
        const arg = e.args[0]!;
        if (arg.kind !== 'NameRef' || arg.member) {
          this.report('KP0203', arg.span, {
            expectedZh: e.fn === 'grade' ? '等次划分的名称' : '评分的名称',
            expectedEn: e.fn === 'grade' ? 'the name of a grade scale' : 'the name of a score',
            actualZh: '表达式',
            actualEn: 'an expression',
          });
          return UNKNOWN;
        }
        if (e.fn === 'grade') {
          const s = this.lookup(arg.name, ['grades'], '等次划分', 'a grade scale');
          if (!s) return UNKNOWN;
          ctx.deps?.reads.add(`final:${s.name}`);
          return { t: 'grade', scale: s.name };
        }
        const s = this.lookup(arg.name, ['score', 'input', 'survey'], '评分', 'a score');
        if (s?.kind === 'score') ctx.deps?.reads.add(`score:${s.name}`);
        return s ? { t: 'rank' } : UNKNOWN;
      }
    }
  }

  private lookupType(e: A.Lookup, ctx: Ctx): Ty {
    let values: Map<string, SymbolInfo> | undefined;
    if (e.attr) {
      if (!ctx.event) {
        this.report('KP0203', e.span, {
          expectedZh: '`每 事件` 之后的对照表',
          expectedEn: 'a lookup used with `per event`',
          actualZh: '没有事件的对照表',
          actualEn: 'a lookup without an event',
          hintZh: '对照表按事件属性取值，写 `加 按 级别 { … } 每 事件`',
          hintEn: 'a lookup reads an event attribute: `add by level { … } per event`',
        });
      } else {
        const info = this.attrOf(ctx.event, e.attr, ctx.eventName);
        if (info && info.type?.kind !== 'EnumType') {
          this.report('KP0203', e.attr.span, { expectedZh: '有取值列表的属性', expectedEn: 'an attribute with listed values', actualZh: tyName(this.attrType(info)).zh, actualEn: tyName(this.attrType(info)).en });
        } else if (info) values = info.values;
      }
    }
    let unit: A.Unit | undefined;
    const keys = new Set<string>();
    for (const en of e.entries) {
      if (en.key && values) {
        const v = values.get(en.key.text);
        if (v) this.refer(en.key, v);
        else {
          const s = suggest(en.key.text, values.keys());
          this.report('KP0202', en.key.span, { value: en.key.text, attr: e.attr?.text ?? '', available: [...values.keys()].join('、'), ...(s ? { suggestion: s } : {}) });
        }
        if (keys.has(en.key.text)) this.report('KP0209', en.key.span, { whatZh: '对照项', whatEn: 'lookup entry', name: en.key.text });
        keys.add(en.key.text);
      }
      if (en.value) {
        const t = this.typeOf(en.value, ctx);
        if (t.t === 'num') {
          const r = addUnits(unit, t.unit);
          this.unitProblem(r.problem, en.value.span, '混用', 'mixed');
          unit = r.unit;
        } else this.expectType(t, 'num', en.value.span);
      }
    }
    if (values) {
      const missing = [...values.keys()].filter((k) => !keys.has(k));
      if (missing.length) this.report('KP0207', e.span, { attr: e.attr?.text ?? '', missing: missing.join('、') });
    }
    return num(unit);
  }
}

/** The value of a constant number expression (with sign), or undefined. */
export function constValue(e: A.Expr): Decimal | undefined {
  if (e.kind === 'Number') return new Decimal(e.text);
  if (e.kind === 'Neg' && e.operand) {
    const v = constValue(e.operand);
    return v?.neg();
  }
  return undefined;
}
