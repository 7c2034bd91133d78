/**
 * P19 (bureau internal performance) on the catalogue's worked example E6: weighted composites,
 * quarterly means, rater-group satisfaction, the one-band downgrade, 诫勉 consequences, the 30%
 * quota rounded down (A44), individuals set to 诫勉. Every figure is the catalogue's hand
 * computation; the encoding splits functional work into three sub-targets (50/30/20), so each
 * unit gets the same quarterly figure for all three, which leaves F = the mean of the quarters.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import { compile, type CaseData, type InputRecord, type VoteRecord } from '../src/index.js';

const text = readFileSync(new URL('../../../policies/bureau-performance.kp', import.meta.url), 'utf8');
const analysis = createEnv().analyze(text, 'policies/bureau-performance.kp');
const { program } = compile(analysis.checked);

const unitInputs = (u: string, q: number[], m: number, i: number): InputRecord[] => [
  ...['重点工作目标', '常规工作目标', '其他工作目标'].flatMap((input) => q.map((v, k) => ({ subject: u, input, value: String(v), quarter: k + 1 }))),
  ...['依法履职', '高效履职', '廉洁履职', '学习调研信息'].map((input) => ({ subject: u, input, value: String(m) })),
  ...['创新创优成果', '工作适时改进'].map((input) => ({ subject: u, input, value: String(i) })),
];
const unitVotes = (u: string, lead: number, mid: number): VoteRecord[] => [
  { subject: u, survey: '单位工作满意度', group: '局领导班子评议', choice: String(lead), count: 1 },
  { subject: u, survey: '单位工作满意度', group: '中层以下人员评议', choice: String(mid), count: 1 },
];
const personInputs = (p: string, q: number[], im: number): InputRecord[] => [
  ...q.map((v, k) => ({ subject: p, input: '工作考核目标', value: String(v), quarter: k + 1 })),
  { subject: p, input: '内部管理目标', value: String(im) },
];
const personVotes = (p: string, lead: number, mid: number): VoteRecord[] => [
  { subject: p, survey: '个人工作满意度', group: '领导班子评价', choice: String(lead), count: 1 },
  { subject: p, survey: '个人工作满意度', group: '中层以下人员评价', choice: String(mid), count: 1 },
];

const data: CaseData = {
  period: { from: '2024-01-01', to: '2024-12-31' },
  units: ['D1', 'D2', 'D3', 'D4', 'D5'].map((id) => ({ id, name: id })),
  people: [
    { id: 'R', name: 'R', unit: 'D1' },
    { id: 'Q', name: 'Q', unit: 'D2' },
    { id: 'P', name: 'P', unit: 'D3' },
  ],
  events: [{ id: 'X1', date: '2024-06-01', subject: 'Q', type: '违纪违法查处', attrs: {} }],
  inputs: [
    ...unitInputs('D1', [92, 88, 95, 85], 86, 80),
    ...unitInputs('D2', [95, 94, 96, 91], 92, 90),
    ...unitInputs('D3', [72, 68, 70, 70], 68, 60),
    ...unitInputs('D4', [97, 95, 96, 96], 95, 90),
    ...unitInputs('D5', [90, 90, 90, 90], 90, 90),
    ...personInputs('R', [80, 82, 78, 84], 88),
    ...personInputs('P', [90, 85, 88, 93], 95),
    ...personInputs('Q', [95, 92, 90, 91], 90),
  ],
  votes: [
    ...unitVotes('D1', 90, 85),
    ...unitVotes('D2', 95, 92),
    ...unitVotes('D3', 70, 72),
    ...unitVotes('D4', 95, 94),
    ...unitVotes('D5', 90, 90),
    ...personVotes('R', 85, 80),
    ...personVotes('P', 92, 88),
    ...personVotes('Q', 90, 88),
  ],
  params: { 优秀比例: '30' },
};

const result = program!.evaluate(data);
const s = (id: string) => result.subjects.find((x) => x.id === id)!;
const total = (id: string) => s(id).scores.find((x) => x.name === '处室单位绩效总得分')!.value;

describe('P19 bureau performance, worked example E6', () => {
  it('policy compiles', () => expect(analysis.hasErrors).toBe(false));

  it('unit totals: 0.4F + 0.3M + 0.1I + 0.2S', () => {
    expect(total('D1')).toBe('87.2'); // 36 + 25.8 + 8 + 17.4
    expect(total('D2')).toBe('92.84'); // 37.6 + 27.6 + 9 + 18.64
    expect(total('D3')).toBe('68.64'); // 28 + 20.4 + 6 + 14.24
    expect(total('D4')).toBe('94.78'); // 38.4 + 28.5 + 9 + 18.88
    expect(total('D5')).toBe('90'); // exactly at the 优秀 edge
  });

  it('bands, and D2 down one band for its member Q\'s discipline case', () => {
    expect(['D1', 'D2', 'D3', 'D4', 'D5'].map((u) => s(u).grade)).toEqual(['良好', '良好', '诫勉', '优秀', '优秀']);
    const g = s('D2').grades[0]!;
    expect([g.baseBand, g.band, g.changes.map((c) => c.kind)]).toEqual(['优秀', '良好', ['downgrade']]);
    expect(g.changes[0]!.trace.records).toEqual(['X1']);
  });

  it('D3 at 诫勉: key rectification unit, written report and admonitory talk; its members lose eligibility', () => {
    expect(s('D3').penalties.map((p) => p.penalty).sort()).toEqual(['书面情况报告', '诫勉谈话', '重点整改单位'].sort());
    expect(s('P').flags['评优资格']).toBe(false);
    expect(s('R').flags['评优资格']).toBe(true);
  });

  it('advanced collectives: 30% × 5 = 1.5, rounded down to 1 → D4 only (D2 left the pool when downgraded)', () => {
    const q = result.quotas.find((x) => x.quota === '先进集体')!;
    expect([q.population, q.size, q.pool, q.chosen]).toEqual([5, 1, ['D4', 'D5'], ['D4']]);
    expect(s('D4').penalties.map((p) => p.penalty)).toEqual(['先进集体初步意见']);
  });

  it('excellent individuals: 30% × 3 = 0.9 → 0 places; with 50%, 1.5 → 1, but P (优秀) lost 评优资格 with D3, so nobody', () => {
    expect(result.quotas.find((x) => x.quota === '优秀个人')!.size).toBe(0);
    const half = program!.evaluate({ ...data, params: { 优秀比例: '50' } }).quotas.find((x) => x.quota === '优秀个人')!;
    expect([half.size, half.pool, half.chosen]).toEqual([1, [], []]);
  });

  it('individuals: 0.6W + 0.2IM + 0.2S; Q set to 诫勉 for the discipline case', () => {
    const ind = (id: string) => s(id).scores.find((x) => x.name === '个人绩效总分')!.value;
    expect([ind('R'), ind('P'), ind('Q')]).toEqual(['82.6', '90.32', '90.96']);
    expect([s('R').grade, s('P').grade, s('Q').grade]).toEqual(['良好', '优秀', '诫勉']);
    expect(s('Q').grades[0]!.changes.map((c) => [c.kind, c.band])).toEqual([['set', '诫勉']]);
    expect(s('Q').penalties.map((p) => p.penalty).sort()).toEqual(['书面情况报告', '诫勉谈话'].sort());
  });
});
