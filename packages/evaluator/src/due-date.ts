/**
 * A deadline's due date as the law counts it (docs/evaluation.md §9).
 *
 * 1. The n-th counted day from the start: day 1 is the start or the day after it (`首日`), days in
 *    a paused interval never count, and with a limit in working days only working days count.
 * 2. An extension counts when it was filed on or before the due date of step 3 (P12.R6(3): one
 *    filed after the limit ran out does not extend it). It lengthens the limit: the extended due
 *    date is the (n + extension)-th counted day, i.e. the extension's days are counted on from the
 *    unmoved last day of step 1.
 * 3. `到期日 顺延` (Civil Code art. 203, "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的
 *    最后一日"): a due date on a rest day moves to the day after the rest period, which is the next
 *    working day of the calendar — for a run of rest days the two are the same day, and the
 *    calendar has no other kind of rest day. The move needs the calendar (an uncovered year is
 *    KE0301, raised by the guarded calendar the run passes in). A limit in working days already
 *    ends on a working day, so the move changes nothing there (the checker warns, KP0620).
 *
 * Pure: the calendar is the only thing it asks, and only about the days it needs.
 */
import { dueDate, formatDate, nextWorkingDay, type Calendar, type Day } from './calendar.js';

export interface DueDateQuestion {
  readonly start: Day;
  /** The limit in days (a whole number ≥ 0, checked by the caller: KE0010). */
  readonly limit: number;
  readonly workingDays: boolean;
  readonly startCounted: boolean;
  readonly paused: readonly { readonly from: Day; readonly to: Day }[];
  /** `到期日 顺延`: move a due date on a rest day to the next working day. */
  readonly rollsOver: boolean;
  /** An extension of `days` filed on `filed`, when the record has one. */
  readonly extension?: { readonly days: number; readonly filed: Day };
}

export interface DueDateAnswer {
  /** The last day of the limit, after the extension and the roll. */
  readonly due: Day;
  /** For the trace: the extension (counted or not) and the roll, in both languages. */
  readonly note: { readonly zh: string; readonly en: string };
}

export function computeDueDate(calendar: Calendar, q: DueDateQuestion): DueDateAnswer {
  const counting = { workingDays: q.workingDays, paused: q.paused };
  const roll = (d: Day): Day => (q.rollsOver ? nextWorkingDay(calendar, d) : d);
  const unit = { zh: q.workingDays ? '个工作日' : '天', en: q.workingDays ? 'working days' : 'days' };
  let last = dueDate(calendar, q.start, q.limit, { ...counting, startCounted: q.startCounted });
  let zh = '';
  let en = '';
  if (q.extension) {
    const { days, filed } = q.extension;
    if (filed <= roll(last)) {
      last = dueDate(calendar, last, days, { ...counting, startCounted: false });
      zh += `；延期 ${days} ${unit.zh}（${formatDate(filed)} 申请）`;
      en += `; extended by ${days} ${unit.en} (filed ${formatDate(filed)})`;
    } else {
      zh += `；延期申请于 ${formatDate(filed)}，已过期限，不予计算`;
      en += `; extension filed ${formatDate(filed)}, after the deadline: not counted`;
    }
  }
  const due = roll(last);
  if (due !== last) {
    zh += `；${formatDate(last)} 为休息日，顺延至 ${formatDate(due)}`;
    en += `; ${formatDate(last)} is a rest day: rolled over to ${formatDate(due)}`;
  }
  return { due, note: { zh, en } };
}
