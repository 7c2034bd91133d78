/**
 * A policy can supply calendar days itself (header `节假日` / `调休上班`): here for 2027, a year the
 * bundled calendar does not cover. Worked by hand: received Thu 2026-12-31, 5 working days, start
 * day excluded. Without the policy's days nobody knows 2027's holidays: the evaluator refuses
 * (KE0301) instead of counting Mon–Fri (issue 9 changed this: it used to answer due 01-07 without a
 * word). With 01-01 a holiday: Mon 01-04 … Fri 01-08 → due 01-08. With Sat 01-09 an adjusted
 * working day as well (and the case data making Mon 01-04 a holiday): 01-05, 01-06, 01-07, 01-08,
 * Sat 01-09 → due 01-09.
 */
import { describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import { compile, type CaseData } from '../src/index.js';

const policy = (header: string): string => `制度 限时 "限时办结" {
  考核期 年度
${header}
}
事件 申请 "办理申请" 针对 人员 { 受理日: 日期  办结日: 日期 }
后果 超时办结 "超时办结"
时限 办结期限 "5 个工作日内办结" {
  发生 申请
  起算 受理日
  期限 5个工作日
  首日 不计入
  办结 办结日
  则 超时办结
}
`;

const data = (done: string, calendar?: CaseData['calendar']): CaseData => ({
  period: { from: '2026-12-01', to: '2027-12-31' },
  ...(calendar ? { calendar } : {}),
  units: [{ id: 'U', name: 'U' }],
  people: [{ id: 'P', name: 'P', unit: 'U' }],
  events: [{ id: 'A1', date: '2026-12-31', subject: 'P', type: '申请', attrs: { 受理日: '2026-12-31', 办结日: done } }],
  inputs: [],
  votes: [],
  params: {},
});

const evaluate = (header: string, done: string, calendar?: CaseData['calendar']) => {
  const a = createEnv().analyze(policy(header), 'p.kp');
  expect(a.diagnostics).toEqual([]);
  return compile(a.checked).program!.evaluate(data(done, calendar));
};
const overdue = (header: string, done: string, calendar?: CaseData['calendar']): string[] => {
  const r = evaluate(header, done, calendar);
  expect(r.errors).toEqual([]);
  return r.subjects[0]!.penalties.map((p) => p.trace.why.en);
};

describe('the policy supplies calendar days', () => {
  it('without them, 2027 is not covered: KE0301 names the year and how to supply it, once', () => {
    const r = evaluate('', '2027-01-08');
    expect(r.errors.map((e) => e.code)).toEqual(['KE0301']);
    expect(r.errors[0]!.message.en).toContain('of 2027');
    expect(r.errors[0]!.message.en).toContain('2004–2026');
    expect(r.errors[0]!.message.en).toContain('under calendar in the case data');
    expect(r.errors[0]!.message.zh).toContain('节假日 / 调休上班');
  });
  it('with 节假日 2027-01-01: due 01-08, so done on 01-08 is in time', () => {
    expect(overdue('  节假日 2027-01-01', '2027-01-08')).toEqual([]);
    expect(overdue('  节假日 2027-01-01', '2027-01-11')).toEqual(['A1: from 受理日 2026-12-31, due 2027-01-08, done 2027-01-11']);
  });
  it('the case data adds and overrides days: Mon 01-04 off, Sat 01-09 worked → due 01-09', () => {
    expect(overdue('  节假日 2027-01-01\n  调休上班 2027-01-09', '2027-01-11', { holidays: ['2027-01-04'], workdays: [] })).toEqual([
      'A1: from 受理日 2026-12-31, due 2027-01-09, done 2027-01-11',
    ]);
  });
  it('the case data alone can cover 2027', () => {
    expect(overdue('', '2027-01-11', { holidays: ['2027-01-01'], workdays: [] })).toEqual(['A1: from 受理日 2026-12-31, due 2027-01-08, done 2027-01-11']);
  });
});
