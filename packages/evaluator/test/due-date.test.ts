/**
 * A deadline's due date as the law counts it (src/due-date.ts), worked by hand on the 2024
 * mainland calendar: National Day 10-01 … 10-07 off, Sun 09-29 and Sat 10-12 working; 03-09 and
 * 03-10 a weekend. Start day excluded unless said: the start is day 0.
 */
import { describe, expect, it } from 'vitest';
import { computeDueDate, type DueDateQuestion } from '../src/due-date.js';
import { createCalendar, formatDate, parseDate } from '../src/calendar.js';
import { guardCalendar } from '../src/calendar.js';

const cal = createCalendar();
const d = (s: string) => parseDate(s)!;
const q = (over: Partial<DueDateQuestion> & { start: string }): DueDateQuestion => ({ limit: 8, workingDays: false, startCounted: false, paused: [], rollsOver: false, ...over, start: d(over.start) });
const due = (over: Partial<DueDateQuestion> & { start: string }) => formatDate(computeDueDate(cal, q(over)).due);

describe('rolling a due date off a rest day (Civil Code art. 203)', () => {
  it('day 8 on National Day: not moved without the roll, the day after the holiday with it', () => {
    // 09-23 + 8: 09-24 (1) … 10-01 (8)
    expect(due({ start: '2024-09-23' })).toBe('2024-10-01');
    // 10-01 … 10-07 off → 10-08, the day after the rest period = the next working day
    expect(due({ start: '2024-09-23', rollsOver: true })).toBe('2024-10-08');
    expect(computeDueDate(cal, q({ start: '2024-09-23', rollsOver: true })).note.en).toBe('; 2024-10-01 is a rest day: rolled over to 2024-10-08');
  });

  it('day 8 on a Saturday moves to Monday; a working day does not move', () => {
    // 03-01 + 8 = 03-09 (Sat), 03-10 (Sun) → 03-11 (Mon)
    expect(due({ start: '2024-03-01', rollsOver: true })).toBe('2024-03-11');
    // 03-04 + 8 = 03-12 (Tue)
    expect(due({ start: '2024-03-04', rollsOver: true })).toBe('2024-03-12');
    expect(computeDueDate(cal, q({ start: '2024-03-04', rollsOver: true })).note).toEqual({ zh: '', en: '' });
  });

  it('an adjusted working day (调休) is a working day: a due date on Sat 10-12 stays', () => {
    // 10-04 + 8 = 10-12 (Sat, working)
    expect(due({ start: '2024-10-04', rollsOver: true })).toBe('2024-10-12');
  });

  it('a limit in working days ends on a working day: the roll changes nothing (except a limit of 0)', () => {
    // Fri 09-27 + 5 working days: Sun 09-29 (1), 09-30 (2), 10-08 (3), 10-09 (4), 10-10 (5)
    expect(due({ start: '2024-09-27', limit: 5, workingDays: true })).toBe('2024-10-10');
    expect(due({ start: '2024-09-27', limit: 5, workingDays: true, rollsOver: true })).toBe('2024-10-10');
    // a limit of 0 ends on its start, Sat 03-09; rolled: Mon 03-11
    expect(due({ start: '2024-03-09', limit: 0, workingDays: true, rollsOver: true })).toBe('2024-03-11');
  });

  it('an extension filed on the rolled due date counts; its days run on from the unmoved last day', () => {
    // unmoved 10-01, rolled 10-08; filed 10-08 ≤ 10-08 → counts; 8 + 3 = 11 days: 10-04 (a holiday) → 10-08
    const r = computeDueDate(cal, q({ start: '2024-09-23', rollsOver: true, extension: { days: 3, filed: d('2024-10-08') } }));
    expect(formatDate(r.due)).toBe('2024-10-08');
    expect(r.note.zh).toBe('；延期 3 天（2024-10-08 申请）；2024-10-04 为休息日，顺延至 2024-10-08');
    // without the roll, filed 10-08 is after the due date 10-01: not counted
    const fixed = computeDueDate(cal, q({ start: '2024-09-23', extension: { days: 3, filed: d('2024-10-08') } }));
    expect(formatDate(fixed.due)).toBe('2024-10-01');
    expect(fixed.note.en).toBe('; extension filed 2024-10-08, after the deadline: not counted');
    // extended by 10 days: 8 + 10 = 18 days → 10-11 (Fri, working)
    expect(due({ start: '2024-09-23', rollsOver: true, extension: { days: 10, filed: d('2024-09-30') } })).toBe('2024-10-11');
  });

  it('the roll asks the calendar: a year nobody covers is reported (the run turns it into KE0301)', () => {
    const years: number[] = [];
    const guarded = guardCalendar(cal, (y) => years.push(y));
    // Thu 2026-12-24 + 8 = 2027-01-01: rolling asks whether 2027-01-01 is a working day
    computeDueDate(guarded, q({ start: '2026-12-24', rollsOver: true }));
    expect(years).toEqual([2027]);
    // counting calendar days without the roll asks nothing
    const none: number[] = [];
    computeDueDate(guardCalendar(cal, (y) => none.push(y)), q({ start: '2026-12-24' }));
    expect(none).toEqual([]);
  });
});
