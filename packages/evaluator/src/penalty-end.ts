/**
 * When a penalty that lasts until an event ends (`持续 直至 事件 [最短 N] [最长 M]`;
 * docs/evaluation.md §6): 待岗学习 until the exam is passed (P01 line 12), 停职 until the
 * investigation is concluded (P21 line 217).
 *
 * The ending event is the first one of the subject dated on or after the day the penalty starts
 * (its day 1), among the records whose filter holds; its day is the penalty's last day (the person
 * sits the exam, or hears the conclusion, on a day still under the penalty). Then:
 * - with `最短 N`, the penalty lasts at least N days: an event before the N-th day ends it on the
 *   N-th day;
 * - with `最长 M`, it lasts at most M days: without an event by the M-th day it ends on that day;
 * - otherwise, without an event by the last day of the period, it is still running then: its
 *   `until` is the period's last day and the result says so (`running`) — the day it will end is
 *   not in the data, and no day is guessed.
 * Lengths count like `持续 N 天`: the first day is day 1.
 */
import { formatDate, type Day } from './calendar.js';
import type * as R from './result.js';

export interface PenaltyEnding {
  /** The ending event's type, for the trace. */
  readonly event: string;
  /** Whether the ending is filtered (`直至 考试 其中 合格`): the trace then says "a qualifying 考试". */
  readonly filtered?: boolean;
  readonly minimum?: { readonly days: number; readonly workingDays: boolean };
  readonly maximum?: { readonly days: number; readonly workingDays: boolean };
}

export interface PenaltyPeriod {
  readonly until: Day;
  readonly ended: R.PenaltyEnd;
}

/**
 * @param candidates the subject's records of the ending event whose filter holds, by (date, id)
 * @param lastDay the last day of a length counted from `start` (day 1)
 */
export function penaltyPeriod(
  ending: PenaltyEnding,
  start: Day,
  periodEnd: Day,
  candidates: readonly { readonly id: string; readonly date: Day }[],
  lastDay: (start: Day, days: number, workingDays: boolean) => Day,
): PenaltyPeriod {
  const len = (b: { days: number; workingDays: boolean }) => ({ zh: `${b.days}${b.workingDays ? '个工作日' : '天'}`, en: `${b.days} ${b.workingDays ? 'working days' : 'days'}` });
  const first = candidates.find((c) => c.date >= start);
  const none = ending.filtered ? { zh: `符合条件的 ${ending.event}`, en: `qualifying ${ending.event}` } : { zh: ending.event, en: ending.event };
  const minEnd = ending.minimum ? lastDay(start, ending.minimum.days, ending.minimum.workingDays) : undefined;
  const maxEnd = ending.maximum ? lastDay(start, ending.maximum.days, ending.maximum.workingDays) : undefined;
  const ev = first ? { zh: `${ending.event} ${first.id}（${formatDate(first.date)}）`, en: `${ending.event} ${first.id} (${formatDate(first.date)})` } : undefined;
  if (first && ev && (maxEnd === undefined || first.date <= maxEnd)) {
    if (minEnd !== undefined && minEnd > first.date) {
      const m = len(ending.minimum!);
      return {
        until: minEnd,
        ended: { by: 'minimum', record: first.id, why: { zh: `${ev.zh}早于最短期限，满 ${m.zh} 于 ${formatDate(minEnd)} 结束`, en: `${ev.en} came before the minimum; ends when ${m.en} are served, on ${formatDate(minEnd)}` } },
      };
    }
    return { until: first.date, ended: { by: 'event', record: first.id, why: { zh: `至 ${ev.zh}结束`, en: `ended by ${ev.en}` } } };
  }
  if (maxEnd !== undefined && maxEnd <= periodEnd) {
    const m = len(ending.maximum!);
    return {
      until: maxEnd,
      ended: {
        by: 'maximum',
        ...(first ? { record: first.id } : {}),
        why: { zh: `至 ${formatDate(maxEnd)} 没有${none.zh}，满最长期限 ${m.zh} 结束`, en: `no ${none.en} by ${formatDate(maxEnd)}: ended at the maximum of ${m.en}` },
      },
    };
  }
  return {
    until: periodEnd,
    ended: {
      by: 'running',
      why: { zh: `至考核期末（${formatDate(periodEnd)}）仍没有${none.zh}，处罚仍在持续`, en: `no ${none.en} by the end of the period (${formatDate(periodEnd)}): still running` },
    },
  };
}
