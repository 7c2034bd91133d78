/**
 * Attributes of people and units at evaluation (`属性 窗口工作人员 针对 人员: 是否`; the checker's
 * side is packages/dsl/src/check/subject-attrs.ts). The values come from the person and unit
 * records of the case data; compile.ts wires two things from here in:
 *
 * - reading an attribute in an expression. Whose it is: in an item context (a filter's `其中`, the
 *   clauses of a per-occurrence rule, a score's `每` item) the person or unit the item belongs to —
 *   with `来自 成员` the member; otherwise the subject's own. A unit attribute read for a person is
 *   that of the person's unit.
 * - a declaration's subject condition (`针对 人员 其中 窗口工作人员`): who the declaration is for.
 *
 * A missing value follows docs/evaluation.md §11: a yes/no attribute left out is *no* (the data
 * records what was established); any other attribute an expression needs and the record leaves
 * out is an error on that person or unit record (KE0004), and what needs it is unknown.
 */
import type * as A from '@kaoping/dsl';
import type { AttrValue, Origin } from './data.js';
import { Decimal } from './decimal.js';
import { parseDate } from './calendar.js';

/** A person or unit as the run holds it. */
export interface AttrHolder {
  readonly id: string;
  readonly name: string;
  readonly kind: 'person' | 'unit';
  /** A person's unit. */
  readonly unit?: string;
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly origin?: Origin;
}

/** What reading an attribute needs of the run. */
export interface AttrRun {
  subjectById(id: string): AttrHolder | undefined;
  error(code: string, message: { zh: string; en: string }, record?: string, origin?: Origin): void;
  scoreErrors: number;
}

/** What reading an attribute needs of the evaluation context. */
export interface AttrCtx {
  readonly run: AttrRun;
  readonly subject: AttrHolder;
  /** The item at hand, if any: its subject's attributes are read. */
  readonly event?: { readonly subject: string };
}

export type AttrReading = Decimal | boolean | string | number | undefined;

const WORD = { person: { zh: '人员', en: 'person' }, unit: { zh: '单位', en: 'unit' } } as const;

/**
 * The reader of attribute `name` (declared by `decl`) for an expression of `owner` at policy line
 * `line`. Numbers are exact decimals, dates days, yes/no booleans, the rest their names or text.
 */
export function subjectAttrReader(name: string, decl: A.AttributeDecl, owner: { zh: string; en: string }, line: number): (c: AttrCtx) => AttrReading {
  const of = decl.subject?.subject ?? 'person';
  const type = decl.type;
  return (c) => {
    const host = c.event ? c.run.subjectById(c.event.subject) : c.subject;
    const holder = of === 'unit' && host?.kind === 'person' ? (host.unit !== undefined ? c.run.subjectById(host.unit) : undefined) : host;
    if (!holder || holder.kind !== of) return undefined;
    // own values only: an attribute called `constructor` is not Object's
    const v = Object.prototype.hasOwnProperty.call(holder.attrs, name) ? holder.attrs[name] : undefined;
    if (v === undefined) {
      if (type?.kind === 'BoolType') return false;
      missing(c.run, holder, name, owner, line);
      return undefined;
    }
    switch (type?.kind) {
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

/** KE0004 on the person or unit record: the value is needed and not given, so what needs it is unknown. */
function missing(run: AttrRun, s: AttrHolder, attr: string, owner: { zh: string; en: string }, line: number): void {
  run.scoreErrors++;
  const w = WORD[s.kind];
  run.error(
    'KE0004',
    {
      zh: `${w.zh} ${s.id}（${s.name}）缺少属性 ${attr}，${owner.zh}（制度第 ${line} 行）需要它。请在案件数据的该${w.zh}记录上补上 ${attr}`,
      en: `${w.en} ${s.id} (${s.name}) has no ${attr}, which ${owner.en} (policy line ${line}) needs. Supply ${attr} on the ${w.en}'s record in the case data`,
    },
    `${s.kind}:${s.id}`,
    s.origin,
  );
}
