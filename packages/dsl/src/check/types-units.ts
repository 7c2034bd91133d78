/** Types of expressions and the algebra of units of measure. */
import type * as A from '../ast.js';

export type Ty =
  | { readonly t: 'num'; readonly unit?: A.Unit }
  | { readonly t: 'bool' }
  | { readonly t: 'date' }
  | { readonly t: 'text' }
  | { readonly t: 'intervals' }
  | { readonly t: 'enum'; readonly event: string; readonly attr: string; readonly values: readonly string[] }
  | { readonly t: 'decision'; readonly attr: string; readonly options: readonly string[] }
  | { readonly t: 'grade'; readonly scale: string }
  | { readonly t: 'band'; readonly scale: string }
  | { readonly t: 'rank' }
  | { readonly t: 'last' }
  /** An error was already reported; stay silent. */
  | { readonly t: 'unknown' };

export const UNKNOWN: Ty = { t: 'unknown' };
export const BOOL: Ty = { t: 'bool' };
export const num = (unit?: A.Unit): Ty => ({ t: 'num', unit });

export const UNIT_NAME: Record<A.Unit, { zh: string; en: string }> = {
  points: { zh: '分值', en: 'points' },
  days: { zh: '天数', en: 'days' },
  working_days: { zh: '工作日数', en: 'working days' },
  times: { zh: '次数', en: 'a count' },
  minutes: { zh: '分钟数', en: 'minutes' },
  places: { zh: '小数位数', en: 'decimal places' },
  percent: { zh: '百分比', en: 'a percentage' },
  months: { zh: '月数', en: 'months' },
  years: { zh: '年数', en: 'years' },
};

export function tyName(t: Ty): { zh: string; en: string } {
  switch (t.t) {
    case 'num':
      return t.unit ? UNIT_NAME[t.unit] : { zh: '数值', en: 'a number' };
    case 'bool':
      return { zh: '是否（真假）', en: 'yes/no' };
    case 'date':
      return { zh: '日期', en: 'a date' };
    case 'text':
      return { zh: '文本', en: 'text' };
    case 'intervals':
      return { zh: '期间列表', en: 'intervals' };
    case 'enum':
      return { zh: `属性 ${t.attr} 的取值`, en: `a value of ${t.attr}` };
    case 'decision':
      return { zh: `决定 ${t.attr}`, en: `decision ${t.attr}` };
    case 'grade':
      return { zh: `等次（${t.scale}）`, en: `a grade of ${t.scale}` };
    case 'band':
      return { zh: `等次（${t.scale}）`, en: `a band of ${t.scale}` };
    case 'rank':
      return { zh: '排名', en: 'a ranking place' };
    case 'last':
      return { zh: '末位', en: 'last place' };
    case 'unknown':
      return { zh: '未知', en: 'unknown' };
  }
}

export type UnitProblem = { left: A.Unit; right: A.Unit } | undefined;

/** + - and comparisons: both sides in the same unit; a number without a unit adapts. */
export function addUnits(a?: A.Unit, b?: A.Unit): { unit?: A.Unit; problem: UnitProblem } {
  if (!a) return { unit: b, problem: undefined };
  if (!b || a === b) return { unit: a, problem: undefined };
  return { unit: a, problem: { left: a, right: b } };
}

/** ×: a percentage or a count scales the other side; two measured quantities do not multiply. */
export function mulUnits(a?: A.Unit, b?: A.Unit): { unit?: A.Unit; problem: UnitProblem } {
  if (!a) return { unit: b, problem: undefined };
  if (!b) return { unit: a, problem: undefined };
  if (a === 'percent' || a === 'times') return { unit: b, problem: undefined };
  if (b === 'percent' || b === 'times') return { unit: a, problem: undefined };
  return { unit: a, problem: { left: a, right: b } };
}

/** ÷: same units give a plain ratio; dividing by a count or a plain number keeps the unit. */
export function divUnits(a?: A.Unit, b?: A.Unit): { unit?: A.Unit; problem: UnitProblem } {
  if (!b || b === 'times') return { unit: a, problem: undefined };
  if (!a) return { unit: undefined, problem: undefined };
  if (a === b) return { unit: undefined, problem: undefined };
  return { unit: a, problem: { left: a, right: b } };
}

export const isDayUnit = (u?: A.Unit): boolean => u === 'days' || u === 'working_days';

/** A window's length: days, working days, or a calendar duration (months, years). */
export const isWindowUnit = (u?: A.Unit): boolean => isDayUnit(u) || u === 'months' || u === 'years';
