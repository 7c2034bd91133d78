/**
 * P01 (street office) on the catalogue's worked example E1, with its interpretations: calendar
 * month and year (A07, A08), each threshold at most once per window (A15), the head's own
 * warnings not counted (A16), efficiency and administrative warnings kept apart (A17).
 * Penalties start on the day they are imposed, which counts as day 1 (docs/evaluation.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import { compile, type CaseData, type EventRecord } from '../src/index.js';

const text = readFileSync(new URL('../../../policies/street-office-accountability.kp', import.meta.url), 'utf8');
const analysis = createEnv().analyze(text, 'policies/street-office-accountability.kp');
const { program } = compile(analysis.checked);

const ev = (id: string, subject: string, type: string, date: string, attrs: EventRecord['attrs'] = {}): EventRecord => ({ id, date, subject, type, attrs });

const base: CaseData = {
  period: { from: '2024-01-01', to: '2024-12-31' },
  units: [{ id: 'O', name: '综合办', head: 'Zhao' }],
  people: ['Zhao', 'Zhang', 'Li', 'Wang', 'Sun', 'Qian'].map((id) => ({ id, name: id, unit: 'O' })),
  events: [
    // Part 1: efficiency warnings decided by the leading group, recorded in the data (dated by the decision, A11)
    ev('W1', 'Zhang', '效能告诫', '2024-01-25'),
    ev('W2', 'Li', '效能告诫', '2024-02-19'),
    ev('W3', 'Zhang', '效能告诫', '2024-03-05'),
    ev('W4', 'Li', '效能告诫', '2024-03-20'),
    ev('W5', 'Wang', '效能告诫', '2024-08-02'),
    // Part 2: substantiated complaints
    ev('C1', 'Sun', '群众投诉', '2024-06-03', { 事由: '态度不好', 事实清楚: true }),
    ev('C2', 'Sun', '群众投诉', '2024-06-14', { 事由: '效率低下', 事实清楚: true }),
    ev('C3', 'Sun', '群众投诉', '2024-06-27', { 事由: '态度不好', 事实清楚: true }),
    ev('C4', 'Qian', '群众投诉', '2024-06-20', { 事由: '态度不好', 事实清楚: true }),
    ev('C5', 'Qian', '群众投诉', '2024-07-02', { 事由: '态度不好', 事实清楚: true }),
    ev('C6', 'Qian', '群众投诉', '2024-07-15', { 事由: '态度不好', 事实清楚: true }),
    // Part 3: unfamiliarity
    ev('U1', 'Li', '业务不熟悉违规', '2024-04-08'),
    ev('U2', 'Li', '业务不熟悉违规', '2024-10-14'),
    // E1 part 3: "Li passes and returns 04-16": the exam after the week, passed on 04-15
    ev('X1', 'Li', '单位考试', '2024-04-15', { 合格: true }),
    // Part 4: Wang's oral warning (no call-back within the time limit) and written warning
    ev('V1', 'Wang', '效能违规', '2024-06-03', { 情形: '未反馈预约', 受到投诉举报: false, 造成不良影响: false, 情况属实: true, 领导小组审定: true }),
    ev('V2', 'Wang', '效能违规', '2024-10-15', { 情形: '其他违反', 受到投诉举报: true, 造成不良影响: true, 情况属实: true, 领导小组审定: true }),
    ev('N1', 'Wang', '告诫通知书送达', '2024-10-15', { 收到通知日: '2024-10-15', 检查送交日: '2024-10-22' }),
  ],
  inputs: [],
  votes: [],
  params: {},
};

const result = program!.evaluate(base);
const who = (id: string) => result.subjects.find((s) => s.id === id)!;
const imposed = (id: string, penalty: string) => who(id).penalties.filter((p) => p.penalty === penalty);

describe('P01 street office, worked example E1', () => {
  it('policy compiles', () => {
    expect(analysis.hasErrors).toBe(false);
  });

  it('part 1: the head is warned on 03-20 (2nd in March) and on 08-02 (5th in the year)', () => {
    const warnings = imposed('Zhao', '告诫');
    expect(warnings.map((w) => w.date)).toEqual(['2024-03-20', '2024-08-02']);
    expect(warnings[0]!.events).toEqual(['W3', 'W4']);
    expect(warnings[1]!.events).toEqual(['W1', 'W2', 'W3', 'W4', 'W5']);
    expect(warnings.every((w) => w.rule === '负责人告诫')).toBe(true);
  });

  it('part 2: Sun, three substantiated complaints in June → stand-down of 15 days with the bonus stopped', () => {
    const s = imposed('Sun', '待岗');
    expect(s).toHaveLength(1);
    // imposed on the third complaint's day; day 1 = 06-27, day 15 = 07-11
    expect([s[0]!.date, s[0]!.until]).toEqual(['2024-06-27', '2024-07-11']);
    expect(s[0]!.events).toEqual(['C1', 'C2', 'C3']);
    expect(who('Sun').bonusStopped).toEqual([{ from: '2024-06-27', until: '2024-07-11', penalty: '待岗' }]);
  });

  it('part 2: Qian, one complaint in June and two in July → no stand-down (calendar month)', () => {
    expect(imposed('Qian', '待岗')).toEqual([]);
  });

  it('part 3: Li, 1st unfamiliarity → off-post study for a week and until the exam is passed, 2nd → reassignment', () => {
    // at least 04-08 … 04-14 (line 12 "一个星期"), then until the exam passed on 04-15: back on 04-16, as in E1
    expect(imposed('Li', '待岗学习').map((p) => [p.date, p.until, p.ended?.record])).toEqual([['2024-04-08', '2024-04-15', 'X1']]);
    expect(imposed('Li', '调整工作岗位').map((p) => p.date)).toEqual(['2024-10-14']);
  });

  it('part 4: Wang, oral then written administrative warning → loses 2024 merit eligibility on 10-15', () => {
    expect(imposed('Wang', '口头告诫').map((p) => p.date)).toEqual(['2024-06-03']);
    expect(imposed('Wang', '书面告诫').map((p) => p.date)).toEqual(['2024-10-15']);
    expect(who('Wang').flags['评先资格']).toBe(false);
    const t = who('Wang').flagDetails.find((f) => f.eligibility === '评先资格')!.traces[0]!;
    expect(t.decl).toBe('两次行政告诫');
    // the two warnings counted, by date: the ids the rules gave them (rule:subject:n)
    expect(t.records).toEqual(['口头告诫规则:Wang:1', '书面告诫规则:Wang:1']);
    // the head's 告诫 is not an administrative warning (A17): Zhao keeps his eligibility
    expect(who('Zhao').flags['评先资格']).toBe(true);
  });

  it('part 4: the self-criticism is due 7 days after the notice, start day excluded: by 10-22', () => {
    expect(imposed('Wang', '书面检查逾期')).toEqual([]);
    const late = program!.evaluate({
      ...base,
      events: base.events.map((e) => (e.id === 'N1' ? { ...e, attrs: { ...e.attrs, 检查送交日: '2024-10-23' } } : e)),
    });
    const p = late.subjects.find((s) => s.id === 'Wang')!.penalties.filter((x) => x.penalty === '书面检查逾期');
    expect(p.map((x) => x.date)).toEqual(['2024-10-23']);
    expect(p[0]!.trace.why.en).toBe('N1: from 收到通知日 2024-10-15, due 2024-10-22, done 2024-10-23');
  });

  it('E1 alternative: with a rolling 30-day window Qian is stood down (06-20, 07-02, 07-15 within 30 days)', () => {
    const rolling = text.replace('当 次数(群众投诉 其中 事实清楚 在 自然月 内) 3次以上 则 待岗', '当 次数(群众投诉 其中 事实清楚 在 滚动 30天) 3次以上 则 待岗');
    expect(rolling).not.toBe(text);
    const a = createEnv().analyze(rolling, 'rolling.kp');
    const r = compile(a.checked).program!.evaluate(base);
    const q = r.subjects.find((s) => s.id === 'Qian')!.penalties.filter((p) => p.penalty === '待岗');
    expect(q.map((p) => p.date)).toEqual(['2024-07-15']);
  });
});
