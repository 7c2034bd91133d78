/**
 * When a penalty lasting until an event ends (src/penalty-end.ts), worked by hand. The first day
 * is day 1: a minimum of 7 days from Mon 2024-04-08 ends on Sun 04-14; a maximum of 30 days from
 * 06-03 ends on 07-02 (06-03 … 06-30 is 28 days); 5 working days from Fri 2024-09-27 end on
 * 10-09 (09-27, Sun 09-29, 09-30, 10-08, 10-09; National Day 10-01 … 10-07 off).
 */
import { describe, expect, it } from 'vitest';
import { penaltyPeriod, type PenaltyEnding } from '../src/penalty-end.js';
import { createCalendar, dueDate, formatDate, parseDate } from '../src/calendar.js';

const cal = createCalendar();
const d = (s: string) => parseDate(s)!;
const lastDay = (start: number, days: number, workingDays: boolean) => dueDate(cal, start, days, { workingDays, startCounted: true });
const end = (ending: PenaltyEnding, start: string, events: [string, string][], periodEnd = '2024-12-31') => {
  const r = penaltyPeriod(ending, d(start), d(periodEnd), events.map(([id, date]) => ({ id, date: d(date) })), lastDay);
  return { until: formatDate(r.until), by: r.ended.by, record: r.ended.record };
};
const exam: PenaltyEnding = { event: '考试', filtered: true, minimum: { days: 7, workingDays: false } };
const inquiry: PenaltyEnding = { event: '调查结论', maximum: { days: 30, workingDays: false } };

describe('the end of a penalty lasting until an event', () => {
  it('the first event on or after the first day ends it, on its day', () => {
    expect(end({ event: '调查结论' }, '2024-05-06', [['C0', '2024-05-01'], ['C1', '2024-05-20'], ['C2', '2024-05-25']])).toEqual({ until: '2024-05-20', by: 'event', record: 'C1' });
    // an event on the first day itself ends it that day (day 1 is also the last)
    expect(end({ event: '调查结论' }, '2024-05-06', [['C1', '2024-05-06']])).toEqual({ until: '2024-05-06', by: 'event', record: 'C1' });
  });

  it('a minimum: an event before the 7th day ends it on the 7th day; one after, on its own day', () => {
    expect(end(exam, '2024-04-08', [['X1', '2024-04-12']])).toEqual({ until: '2024-04-14', by: 'minimum', record: 'X1' });
    expect(end(exam, '2024-04-08', [['X1', '2024-04-14']])).toEqual({ until: '2024-04-14', by: 'event', record: 'X1' });
    expect(end(exam, '2024-04-08', [['X2', '2024-04-19']])).toEqual({ until: '2024-04-19', by: 'event', record: 'X2' });
  });

  it('a maximum: no event by the 30th day ends it then; an event on the 30th day is the event', () => {
    expect(end(inquiry, '2024-06-03', [])).toEqual({ until: '2024-07-02', by: 'maximum', record: undefined });
    expect(end(inquiry, '2024-06-03', [['C3', '2024-07-15']])).toEqual({ until: '2024-07-02', by: 'maximum', record: 'C3' });
    expect(end(inquiry, '2024-06-03', [['C3', '2024-07-02']])).toEqual({ until: '2024-07-02', by: 'event', record: 'C3' });
  });

  it('in working days', () => {
    expect(end({ event: '调查结论', maximum: { days: 5, workingDays: true } }, '2024-09-27', [])).toEqual({ until: '2024-10-09', by: 'maximum', record: undefined });
  });

  it('no event and no maximum reached by the last day of the period: still running, `until` is that day', () => {
    expect(end(exam, '2024-12-20', [])).toEqual({ until: '2024-12-31', by: 'running', record: undefined });
    // a maximum that runs past the period's end does not end it inside the period: 12-20 + 29 = 2025-01-18
    expect(end(inquiry, '2024-12-20', [])).toEqual({ until: '2024-12-31', by: 'running', record: undefined });
    // a minimum past the period's end with an event inside it: the minimum's end is known
    expect(end(exam, '2024-12-28', [['X9', '2024-12-30']])).toEqual({ until: '2025-01-03', by: 'minimum', record: 'X9' });
  });

  it('says which event, or that none came, in both languages', () => {
    const r = penaltyPeriod(exam, d('2024-12-20'), d('2024-12-31'), [], lastDay);
    expect(r.ended.why).toEqual({ zh: '至考核期末（2024-12-31）仍没有符合条件的 考试，处罚仍在持续', en: 'no qualifying 考试 by the end of the period (2024-12-31): still running' });
    const e = penaltyPeriod({ event: '调查结论' }, d('2024-05-06'), d('2024-12-31'), [{ id: 'C1', date: d('2024-05-20') }], lastDay);
    expect(e.ended.why).toEqual({ zh: '至 调查结论 C1（2024-05-20）结束', en: 'ended by 调查结论 C1 (2024-05-20)' });
  });
});
