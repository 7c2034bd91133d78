/**
 * P05 (Nanping municipal departments) on the catalogue's worked example E3, with its
 * readings: "×50" = 50% (A25), 不了解 = the mean of the unit's determinate votes (A26 a), the
 * democratic score = mean vote × 20 (A27), deductions capped at 5 in all, round half-up to an
 * integer before banding (A03 a), last place within each category (A42).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import { compile, type CaseData } from '../src/index.js';

const text = readFileSync(new URL('../../../policies/municipal-department-performance.kp', import.meta.url), 'utf8');
const analysis = createEnv().analyze(text, 'policies/municipal-department-performance.kp');
const { program } = compile(analysis.checked);

const data: CaseData = {
  period: { from: '2024-01-01', to: '2024-12-31' },
  units: [
    { id: 'U1', name: 'U1', kind: '第一类' },
    { id: 'U2', name: 'U2', kind: '第一类' },
    { id: 'U3', name: 'U3', kind: '第一类' },
    { id: 'V1', name: 'V1', kind: '第二类' },
    { id: 'V2', name: 'V2', kind: '第二类' },
  ],
  people: [],
  events: [
    { id: 'F1', date: '2024-03-10', subject: 'U1', type: '察访核验问题', attrs: { 扣减分值: '1.5' } },
    { id: 'F2', date: '2024-06-10', subject: 'U1', type: '察访核验问题', attrs: { 扣减分值: '2' } },
    { id: 'F3', date: '2024-09-10', subject: 'U1', type: '察访核验问题', attrs: { 扣减分值: '2.5' } },
    { id: 'F4', date: '2024-05-05', subject: 'U2', type: '察访核验问题', attrs: { 扣减分值: '1' } },
    { id: 'F5', date: '2024-07-07', subject: 'V1', type: '察访核验问题', attrs: { 扣减分值: '2' } },
    { id: 'X1', date: '2024-08-01', subject: 'U2', type: '一票否决事项', attrs: { 否决部门: '环保局', 严重违法: true, 造成不良影响: true } },
  ],
  inputs: [
    ...[['U1', '92'], ['U2', '95'], ['U3', '80'], ['V1', '85'], ['V2', '60']].map(([subject, value]) => ({ subject: subject!, input: '指标考核原始分', value: value! })),
    ...[['U1', '88'], ['U2', '91'], ['U3', '71']].map(([subject, value]) => ({ subject: subject!, input: '公众评议得分', value: value! })),
  ],
  votes: [
    { subject: 'V1', survey: '民主测评', choice: '满意票', count: 40 },
    { subject: 'V1', survey: '民主测评', choice: '一般票', count: 8 },
    { subject: 'V1', survey: '民主测评', choice: '不满意票', count: 2 },
    { subject: 'V1', survey: '民主测评', choice: '不了解票', count: 10 },
    { subject: 'V2', survey: '民主测评', choice: '一般票', count: 30 },
  ],
  params: { 投诉扣分: '2' },
};

const result = program!.evaluate(data);
const s = (id: string) => result.subjects.find((x) => x.id === id)!;
const score = (id: string, name: string) => s(id).scores.find((x) => x.name === name)?.value;
const got = (id: string) => s(id).penalties.map((p) => p.penalty).sort();

describe('P05 Nanping municipal evaluation, worked example E3', () => {
  it('policy compiles', () => expect(analysis.hasErrors).toBe(false));

  it('type 1: 0.5 × indicator + 0.5 × public − deductions (capped at 5 in all)', () => {
    expect(score('U1', '绩效评估得分')).toBe('85'); // 46 + 44 − min(6, 5)
    expect(score('U2', '绩效评估得分')).toBe('92'); // 47.5 + 45.5 − 1
    expect(score('U3', '绩效评估得分')).toBe('75.5'); // 40 + 35.5
  });

  it('75.5 rounds half-up to 76 → 良 (A03 reading a)', () => {
    expect(score('U3', '绩效评估结果')).toBe('76');
    expect([s('U1').grade, s('U2').grade, s('U3').grade]).toEqual(['良', '优', '良']);
  });

  it('type 2: 不了解 votes count as the mean of the others: 224/50 = 4.48 → 89.6; 59.5 + 26.88 − 2 = 84.38 → 84 → 良', () => {
    expect(score('V1', '效能考评得分')).toBe('84.38');
    expect(s('V1').grade).toBe('良');
    expect(score('V2', '效能考评得分')).toBe('60'); // 42 + 0.3 × 60
    expect(s('V2').grade).toBe('一般');
  });

  it('the result shows the ballots behind the survey: 60 ballots, 40/8/2/10, mean 224/50 = 4.48, scaled 4.48 × 100/5 = 89.6', () => {
    const sv = s('V1').surveys.find((x) => x.survey === '民主测评')!;
    expect(sv.value).toBe('89.6');
    expect(sv.scale).toBe('100');
    expect(sv.groups).toEqual([{ ballots: 60, tally: { 满意票: 40, 一般票: 8, 不满意票: 2, 不了解票: 10 }, mean: '4.48' }]);
    // V2: 30 一般 → mean 3 → 3 × 20 = 60
    expect(s('V2').surveys.map((x) => [x.survey, x.value, x.groups[0]!.tally])).toEqual([['民主测评', '60', { 满意票: 0, 一般票: 30, 不满意票: 0, 不了解票: 0 }]]);
    // type-1 units use no survey
    expect(s('U1').surveys).toEqual([]);
  });

  it('U2 is vetoed (serious environmental violation): loses merit eligibility and the commendation, keeps 优 (A40)', () => {
    expect(s('U2').flags['评先评优资格']).toBe(false);
    expect(got('U2')).toEqual([]);
    expect(s('U2').grade).toBe('优');
  });

  it('the last unit of each category is criticised and held accountable, whatever its band (A42)', () => {
    expect(got('U3')).toEqual(['通报批评', '绩效问责'].sort());
    expect(got('V2')).toEqual(['通报批评', '绩效问责'].sort());
    expect(got('U1')).toEqual([]);
    expect(got('V1')).toEqual([]);
    expect([s('U1').ranks['绩效评估得分'], s('U2').ranks['绩效评估得分'], s('U3').ranks['绩效评估得分']]).toEqual([2, 1, 3]);
  });
});
