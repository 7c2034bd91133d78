/**
 * P08 (Yaqiao window staff) on the catalogue's worked example E4. Expected values are the
 * catalogue's hand computation from the policy text (A21: per occurrence, "serious" replaces;
 * A29: no ceiling).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import { compile, type CaseData, type EventRecord } from '../src/index.js';

const file = new URL('../../../policies/window-staff-assessment.kp', import.meta.url);
const analysis = createEnv().analyze(readFileSync(file, 'utf8'), 'policies/window-staff-assessment.kp');
const { program } = compile(analysis.checked);

let n = 0;
const ev = (subject: string, type: string, date: string, attrs: EventRecord['attrs'] = {}): EventRecord => ({ id: `E${++n}`, date, subject, type, attrs });
const times = (k: number, f: (i: number) => EventRecord): EventRecord[] => Array.from({ length: k }, (_, i) => f(i));

const data: CaseData = {
  period: { from: '2024-01-01', to: '2024-12-31' },
  units: [{ id: 'W', name: '政务中心窗口' }],
  people: [
    { id: 'A', name: '甲', unit: 'W' },
    { id: 'B', name: '乙', unit: 'W' },
    { id: 'C', name: '丙', unit: 'W' },
  ],
  events: [
    ...times(3, (i) => ev('A', '未佩证', `2024-03-0${i + 1}`)),
    ...times(2, (i) => ev('A', '迟到早退', `2024-04-0${i + 1}`)),
    ev('A', '态度投诉', '2024-05-06', { 情节: '一般' }),
    ...times(2, (i) => ev('A', '书面表扬', `2024-06-0${i + 3}`)),
    ev('A', '建议采纳', '2024-07-01'),
    ev('B', '玩游戏', '2024-02-01'),
    ...times(2, (i) => ev('B', '许可违规', `2024-03-1${i}`)),
    ev('B', '推诿咨询', '2024-04-15'),
    ev('B', '旷工', '2024-05-20'),
    ev('C', '违法查处', '2024-08-08'),
    ev('C', '态度投诉', '2024-09-09', { 情节: '严重' }),
  ],
  inputs: [],
  votes: [],
  params: {},
};

describe('P08 window staff, worked example E4', () => {
  it('compiles', () => {
    expect(analysis.hasErrors).toBe(false);
    expect(program).toBeDefined();
  });
  const result = program!.evaluate(data);
  const person = (id: string) => result.subjects.find((s) => s.id === id)!;

  it('A: 100 − 3×1 − 2×2 − 2 + 2×3 + 5 = 102 → 优秀 (no ceiling, A29)', () => {
    expect(person('A').score).toBe('102');
    expect(person('A').grade).toBe('优秀');
    expect(person('A').gradeLabel).toBe('优秀');
  });
  it('B: 100 − 5 − 2×5 − 10 − 5 = 70 → 基本称职 (exactly at the band edge)', () => {
    expect(person('B').score).toBe('70');
    expect(person('B').grade).toBe('基本称职');
  });
  it('C: 100 − 30 − 5 (serious replaces the 2) = 65 → 不称职', () => {
    expect(person('C').score).toBe('65');
    expect(person('C').grade).toBe('不称职');
  });
  it('explains each line of the score with the rule span and the events', () => {
    const lines = person('A').scores[0]!.lines;
    const badge = lines.find((l) => l.trace.records.includes('E1'))!;
    expect(badge.item).toBe('deduct');
    expect(badge.amount).toBe('-3');
    expect(badge.trace.records).toEqual(['E1', 'E2', 'E3']);
    expect(badge.trace.decl).toBe('考核得分');
    // the span points at the clause `扣 1分 每 未佩证` of the policy
    expect(readFileSync(file, 'utf8').split('\n')[badge.trace.span.line - 1]).toContain('扣 1分 每 未佩证');
  });
  it('the grade distribution counts final grades', () => {
    expect(result.summary.gradeDistribution['考核等次']).toEqual({ 优秀: 1, 称职: 0, 基本称职: 1, 不称职: 1 });
  });
  it('the order of the input records does not change the result', () => {
    const shuffled = { ...data, events: [...data.events].reverse(), people: [...data.people].reverse() };
    expect(JSON.stringify(program!.evaluate(shuffled))).toBe(JSON.stringify(result));
  });
});
