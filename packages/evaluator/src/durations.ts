/**
 * The length of a window: a number of days or working days, or a calendar duration in months or
 * years (`1年`, `半年`, `3年`, `6个月`). A calendar duration is counted on the calendar, never as a
 * number of days: one year after 2024-09-09 is 2025-09-09, one year after 2023-09-09 is
 * 2024-09-09 (366 days, across 29 February). Civil Code arts. 201–202: the start day is not
 * counted, and "按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，为月末日" —
 * the last day is the same day of the month N months later, or that month's last day when it has
 * no such day (2024-02-29 + 1 year = 2025-02-28; 2024-08-31 + 6 months = 2025-02-28). The last
 * day is not moved off a rest day (art. 203 is a deadline's business).
 *
 * Looking back, a window of N months ending on day D holds the days after the same day N months
 * before D (the month's last day when it has none) up to D: one year ending on 2025-02-28 is
 * 2024-02-29 … 2025-02-28. docs/evaluation.md §4 states both directions.
 */
import type * as A from '@kaoping/dsl';
import { addMonths, dueDate, rollingStart, type Calendar, type Day } from './calendar.js';

export interface WindowLength {
  /** Days, working days or months (years are twelve months). */
  readonly unit: 'days' | 'working_days' | 'months';
  readonly n: number;
  /** As a reader says it: `3 天`, `5 个工作日`, `1 年`, `半年`, `18 个月`. */
  readonly label: { readonly zh: string; readonly en: string };
}

/** The length a window's number literal says (the checker has seen to the unit and whole months). */
export function windowLength(lit: A.NumberLit | undefined): WindowLength {
  const text = lit?.text ?? '0';
  if (lit?.unit === 'years' || lit?.unit === 'months') {
    const n = lit.unit === 'years' ? Math.round(Number(text) * 12) : Number(text);
    return { unit: 'months', n, label: monthsLabel(n) };
  }
  const working = lit?.unit === 'working_days';
  const n = Number(text);
  return { unit: working ? 'working_days' : 'days', n, label: working ? { zh: `${n} 个工作日`, en: `${n} working days` } : { zh: `${n} 天`, en: `${n} days` } };
}

function monthsLabel(n: number): { zh: string; en: string } {
  if (n === 6) return { zh: '半年', en: 'half a year' };
  if (n % 12 === 0) return { zh: `${n / 12} 年`, en: `${n / 12} ${n === 12 ? 'year' : 'years'}` };
  return { zh: `${n} 个月`, en: `${n} ${n === 1 ? 'month' : 'months'}` };
}

/** The first day of the window of this length that ends on `end` (both included). */
export function windowStartBefore(cal: Calendar | undefined, end: Day, len: WindowLength): Day {
  if (len.unit === 'months') return addMonths(end, -len.n) + 1;
  return rollingStart(cal, end, len.n, len.unit === 'working_days');
}

/** The last day of the window of this length after `anchor` (the anchor's own day not counted). */
export function windowEndAfter(cal: Calendar | undefined, anchor: Day, len: WindowLength): Day {
  if (len.unit === 'months') return addMonths(anchor, len.n);
  return dueDate(cal, anchor, len.n, { workingDays: len.unit === 'working_days', startCounted: false });
}
