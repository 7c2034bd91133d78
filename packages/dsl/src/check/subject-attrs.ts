/**
 * Attributes of people and units (`属性 窗口工作人员 "…" 针对 人员: 是否`): a typed fact about each
 * person or each unit, given on its record in the case data (OpenFisca's person and household
 * variables, DMN's item definitions). The resolver (resolve.ts) declares them with the other
 * names and calls into this file for the checks of this family:
 *
 * - the declaration: its `针对` is `人员` or `单位` (no kind, no condition), its type is one an
 *   expression can read (not `决定` or `期间`: KP0203), and its name is not a fixed field of the
 *   record it lives on (`id`, `name`, `unit`, …: KP0224);
 * - subject conditions (`针对 人员 其中 窗口工作人员`): only rules, scores and quotas take one, and it
 *   reads only attributes of the subject and constants (KP0223);
 * - whose attribute a name is. Outside an item filter it is the subject's: a person's own, a
 *   unit's own, and a unit attribute in a person's context is that of the person's unit. Inside
 *   an item filter (`其中` of a count, `发生`, `每`, and the clauses of a per-occurrence rule) it is
 *   the attribute of the person or unit the item belongs to: with `来自 成员`, the member's. A person
 *   attribute where only a unit is at hand is KP0222.
 * - a bare name that is both an attribute of the event at hand and a subject attribute is not
 *   resolved by a precedence rule: it is KP0221, until written `事件.属性` (the event's) or
 *   `人员.属性` / `单位.属性` (the subject's).
 */
import type * as A from '../ast.js';
import type { SymbolInfo } from './types.js';
import { UNKNOWN, type Ty } from './types-units.js';
import type { AttrInfo, Ctx, Resolver } from './resolve.js';

/** The key under which the resolver keeps subject attributes beside the events' (no name starts with `@`). */
export const SUBJECT_ATTRS = '@对象';

/** Fields of the case-data records an attribute cannot be named after (with NDJSON's `record`; and `__proto__`, below). */
export const RESERVED_FIELDS: Readonly<Record<A.SubjectKind, readonly string[]>> = {
  person: ['id', 'name', 'unit', 'record'],
  unit: ['id', 'name', 'head', 'parent', 'kind', 'record'],
};

const OWNER: Record<A.SubjectKind, { zh: string; en: string; word: string; qZh: string; qEn: string }> = {
  person: { zh: '人员', en: 'a person', word: 'person', qZh: '人员', qEn: 'person' },
  unit: { zh: '单位', en: 'a unit', word: 'unit', qZh: '单位', qEn: 'unit' },
};

/** What a subject condition may not read, by expression kind. */
const NOT_IN_CONDITION: Partial<Record<A.Expr['kind'], { zh: string; en: string }>> = {
  Count: { zh: '次数', en: 'a count' },
  Sum: { zh: '合计', en: 'a sum' },
  Call: { zh: '函数（等次、排名、平均、具备……）', en: 'a function (grade, ranking, mean, eligible, …)' },
  Lookup: { zh: '对照表', en: 'a lookup table' },
  Last: { zh: '末位', en: '`last`' },
};

export class SubjectAttrs {
  /** Attribute name → its info and whose attribute it is. */
  private readonly byName = new Map<string, { readonly info: AttrInfo; readonly owner: A.SubjectKind }>();

  constructor(private readonly r: Resolver) {}

  /** Pass `declare`: remember the attribute and its values (enum values are symbols under it). */
  declare(d: A.AttributeDecl, sym: SymbolInfo): AttrInfo {
    const info: AttrInfo = { sym, type: d.type, values: this.r.enumValues(d.type, sym) };
    this.byName.set(sym.name, { info, owner: d.subject?.subject ?? 'person' });
    return info;
  }

  ownerOf(name: string): A.SubjectKind | undefined {
    return this.byName.get(name)?.owner;
  }

  /** Pass `resolve-and-type` for the declaration itself. */
  check(d: A.AttributeDecl): void {
    const spec = d.subject;
    if (spec?.unitKind || spec?.where) {
      this.r.report('KP0223', (spec.where ?? spec.unitKind)!.span, {
        problemZh: '属性声明的 `针对` 只写 `人员` 或 `单位`',
        problemEn: 'the `for` of an attribute declaration is `person` or `unit`, nothing more',
        hintZh: '属性对某类人员或单位才有意义时，照样声明，在规则、评分或名额的 `针对 … 其中` 中筛选',
        hintEn: 'declare the attribute for all persons (or units) and filter with `for … where` in the rules, scores or quotas',
      });
    }
    const t = d.type?.kind;
    if (t === 'DecisionType' || t === 'IntervalsType') {
      this.r.report('KP0203', d.type!.span, {
        expectedZh: '是否、整数、小数、日期、文本或取值列表',
        expectedEn: 'bool, integer, decimal, date, text or a list of values',
        actualZh: t === 'DecisionType' ? '决定' : '期间',
        actualEn: t === 'DecisionType' ? 'decision' : 'intervals',
        hintZh: '决定与期间记在事件上（`按决定` 读取触发事件的决定，`暂停` 读取事件的期间）',
        hintEn: 'decisions and intervals are recorded on events (`decide` reads the triggering event, `pause` its intervals)',
      });
    }
    const owner = spec?.subject ?? 'person';
    // `__proto__`: JSON Schema validators (ajv) cannot check a property of that name
    if (d.name && (RESERVED_FIELDS[owner].includes(d.name.text) || d.name.text === '__proto__')) {
      this.r.report('KP0224', d.name.span, {
        name: d.name.text,
        ownerZh: OWNER[owner].zh,
        ownerEn: OWNER[owner].word,
        fields: RESERVED_FIELDS[owner].join('、'),
        ...(d.name.text === '__proto__' ? { proto: 1 } : {}),
      });
    }
  }

  /**
   * A declaration's `针对 … 其中 条件`: allowed on rules, scores and quotas, where it reads only the
   * subject's attributes and constants (it decides who the declaration is for, before anything is
   * counted or scored).
   */
  checkSpec(spec: A.SubjectSpec | undefined, allowed: boolean, whatZh: string, whatEn: string): void {
    const where = spec?.where;
    if (!where) return;
    if (!allowed) {
      // its names are still resolved (a misspelling is reported, a name used here is used)
      this.r.typeOf(where, { subject: spec.subject, host: spec.subject });
      this.r.report('KP0223', where.span, {
        problemZh: `${whatZh}的 \`针对\` 不能带 \`其中\` 条件`,
        problemEn: `the \`for\` of ${whatEn} takes no \`where\` condition`,
        hintZh: '在使用它的规则、评分或名额上写 `针对 … 其中 …`',
        hintEn: 'write `for … where …` on the rules, scores or quotas that use it',
      });
      return;
    }
    this.r.expectType(this.r.typeOf(where, { subject: spec.subject, host: spec.subject }), 'bool', where.span);
    const bad = this.forbidden(where);
    if (bad) {
      this.r.report('KP0223', bad.span, {
        problemZh: `对象条件只能读取${OWNER[spec.subject].zh}的属性和常量，不能读取${bad.what.zh}`,
        problemEn: `a subject condition reads only attributes of the ${OWNER[spec.subject].word} and constants, not ${bad.what.en}`,
        hintZh: '对象条件决定声明针对谁，先于任何计数和评分；依赖次数、得分的条件写在 `当` 或 `候选` 中',
        hintEn: 'a subject condition decides whom the declaration is for, before anything is counted or scored; put conditions on counts or scores in `when` or `pool`',
      });
    }
  }

  /** The first part of a subject condition that is not an attribute, a value or a constant. */
  private forbidden(e: A.Expr | undefined): { span: A.Span; what: { zh: string; en: string } } | undefined {
    if (!e) return undefined;
    const what = NOT_IN_CONDITION[e.kind];
    if (what) return { span: e.span, what };
    switch (e.kind) {
      case 'NameRef': {
        if (e.subject) return undefined;
        const s = this.r.symbols.get(e.name.text);
        if (e.member || (s && s.kind !== 'subjectAttribute')) {
          const k = s ? this.r.kindName(s.kind) : { zh: '名称', en: 'name' };
          return { span: e.span, what: { zh: `${k.zh} ${e.name.text}`, en: `the ${k.en} ${e.name.text}` } };
        }
        return undefined;
      }
      case 'Binary':
      case 'Compare':
        return this.forbidden(e.left) ?? this.forbidden(e.right);
      case 'InSet':
        return this.forbidden(e.value);
      case 'Not':
      case 'Neg':
        return this.forbidden(e.operand);
      default:
        return undefined;
    }
  }

  /** A bare name that is an attribute of the event at hand: ambiguous when it names a subject attribute too. */
  checkAmbiguous(name: A.Name, ctx: Ctx): void {
    const s = this.byName.get(name.text);
    if (!s) return;
    const o = OWNER[s.owner];
    this.r.report('KP0221', name.span, { name: name.text, event: ctx.eventName ?? '', ownerZh: o.zh, ownerEn: o.en, ownerWordEn: o.word, qualifierZh: o.qZh, qualifierEn: o.qEn });
  }

  /** A name that resolved to a subject attribute declaration (bare, or `人员.X` / `单位.X`). */
  read(name: A.Name, sym: SymbolInfo, ctx: Ctx, qualified?: A.SubjectKind): Ty {
    const s = this.byName.get(sym.name);
    if (!s) return UNKNOWN;
    this.r.refer(name, sym);
    const o = OWNER[s.owner];
    if (qualified && qualified !== s.owner) {
      this.r.report('KP0222', name.span, {
        name: name.text,
        ownerZh: o.zh,
        ownerEn: o.en,
        hereZh: `写作 ${OWNER[qualified].qZh}.${name.text}`,
        hereEn: `it is written ${OWNER[qualified].qEn}.${name.text}`,
        hintZh: `写 ${o.qZh}.${name.text}`,
        hintEn: `write ${o.qEn}.${name.text}`,
      });
      return this.r.attrType(s.info);
    }
    const host = ctx.host ?? ctx.subject;
    if (s.owner === 'person' && host === 'unit') {
      this.r.report('KP0222', name.span, {
        name: name.text,
        ownerZh: o.zh,
        ownerEn: o.en,
        hereZh: '的对象是单位',
        hereEn: 'the subject here is a unit',
        hintZh: `单位没有人员属性；要按单位人员的属性筛选他们的记录，写 \`来自 成员 其中 ${name.text}\`（或 \`来自 全体人员\`、\`来自 负责人\`）`,
        hintEn: `a unit has no person attributes; to pick the items of its people by their attribute, write \`of members where ${name.text}\` (or \`of all staff\`, \`of head\`)`,
      });
      // the attribute's type still resolves its values (`身份 = 主任`): one error, not two
    }
    return this.r.attrType(s.info);
  }

  /** `人员.X` / `单位.X`: the subject's attribute X, named explicitly. */
  qualified(e: A.NameRef, ctx: Ctx): Ty {
    const subject = e.subject!;
    const sym = this.r.symbols.get(e.name.text);
    if (!sym || sym.kind !== 'subjectAttribute') {
      if (sym) {
        this.r.report('KP0103', e.name.span, {
          name: e.name.text,
          actualZh: this.r.kindName(sym.kind).zh,
          actualEn: `a ${this.r.kindName(sym.kind).en}`,
          expectedZh: `${OWNER[subject].zh}属性`,
          expectedEn: `${OWNER[subject].word} attribute`,
        });
        this.r.refer(e.name, sym);
      } else {
        const names = [...this.byName].filter(([, v]) => v.owner === subject).map(([k]) => k);
        this.r.undefinedName(e.name, `${OWNER[subject].zh}属性`, `${OWNER[subject].word} attribute`, names);
      }
      return UNKNOWN;
    }
    return this.read(e.name, sym, ctx, subject);
  }

  /** `事件.属性`: the attribute of the event at hand, named explicitly (to tell it from a subject attribute). */
  eventQualified(e: A.NameRef, ctx: Ctx): Ty {
    const sym = this.r.symbols.get(e.name.text)!;
    this.r.refer(e.name, sym);
    if (!e.member) return UNKNOWN;
    if (!ctx.event || ctx.event.name?.text !== e.name.text) {
      this.r.report('KP0203', e.span, {
        expectedZh: ctx.event ? `事件 ${ctx.eventName ?? ''} 的属性` : '一个值',
        expectedEn: ctx.event ? `an attribute of event ${ctx.eventName ?? ''}` : 'a value',
        actualZh: `事件 ${e.name.text} 的属性`,
        actualEn: `an attribute of event ${e.name.text}`,
        hintZh: '`事件.属性` 只能指此处正在筛选或触发规则的事件',
        hintEn: '`event.attribute` can only name the event being filtered or triggering the rule here',
      });
      return UNKNOWN;
    }
    const info = this.r.attrOf(ctx.event, e.member, ctx.eventName);
    return info ? this.r.attrType(info) : UNKNOWN;
  }
}

