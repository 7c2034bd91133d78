/**
 * The page gets a result without traces (src/slim.ts); the worker answers a click with the
 * traces of that item. Expected values worked out by hand from the small policy below.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRequest } from '../src/analysis.js';
import { slimResult, tracesOf } from '../src/slim.js';

const POLICY = [
  '制度 测试 "测试" { 版本 "1" 考核期 年度 }', //                             1
  '事件 投诉 "投诉" 针对 人员', //                                              2
  '处罚 告诫 "效能告诫" { 轻重 1 }', //                                        3
  '处罚 待岗 "待岗" { 轻重 2 }', //                                            4
  '规则 投诉告诫 "投诉予以告诫" 针对 人员 {', //                                5
  '  发生 投诉', //                                                             6
  '  则 告诫', //                                                               7
  '}', //                                                                       8
  '规则 三次待岗 "一月内告诫三次待岗" 针对 人员 {', //                          9
  '  当 次数(告诫 在 自然月 内) 3次以上 则 待岗', //                            10
  '}', //                                                                       11
  '评分 得分 "得分" 针对 人员 {', //                                            12
  '  基础分 100分', //                                                          13
  '  扣 2分 每 投诉', //                                                        14
  '}', //                                                                       15
  '',
].join('\n');

const DATA = [
  'period: { from: 2024-01-01, to: 2024-12-31 }',
  'units: [{ id: U, name: 办 }]',
  'people: [{ id: P, name: 张, unit: U }]',
  'events:',
  '  - { id: E1, date: 2024-03-04, subject: P, type: 投诉 }',
  '  - { id: E2, date: 2024-03-11, subject: P, type: 投诉 }',
  '  - { id: E3, date: 2024-03-18, subject: P, type: 投诉 }',
  '',
].join('\n');

const res = analyzeRequest({ id: 1, kind: 'analyze', lang: 'zh', policy: { file: 't.kp', text: POLICY }, data: { file: 'case.yaml', text: DATA }, files: {} });
const full = res.result!;

describe('slim results and traces on demand', () => {
  it('the slim result keeps what the tables show and drops the traces', () => {
    const slim = slimResult(full);
    const p = slim.subjects.find((s) => s.id === 'P')!;
    // 100 − 3 × 2 = 94; three warnings (03-04, 03-11, 03-18), the third in March → 待岗 on 03-18
    expect(p.score).toBe('94');
    expect(p.penalties.map((x) => `${x.penalty}@${x.date}`)).toEqual(['告诫@2024-03-04', '告诫@2024-03-11', '告诫@2024-03-18', '待岗@2024-03-18']);
    expect(p.scores[0]!.lines).toEqual([]);
    expect(p.penalties.every((x) => x.trace.records.length === 0 && x.events.length === 0)).toBe(true);
    // every penalty points at one shared empty trace
    expect(new Set(p.penalties.map((x) => x.trace)).size).toBe(1);
  });

  it("a score's traces are its lines, amount first, with their records", () => {
    const t = tracesOf(full, { subject: 'P', what: 'score', name: '得分' });
    expect(t.map((x) => [x.span.line, x.why.zh.split('  ')[0], x.records])).toEqual([
      [13, '100', []],
      [14, '-6', ['E1', 'E2', 'E3']],
    ]);
  });

  it('a threshold penalty lists the warnings it counted, each followed by the complaint it came from', () => {
    const standby = full.subjects.find((s) => s.id === 'P')!.penalties.find((x) => x.penalty === '待岗')!;
    const [t] = tracesOf(full, { subject: 'P', what: 'penalty', name: standby.id });
    expect(t!.span.line).toBe(10);
    const warnings = full.subjects.find((s) => s.id === 'P')!.penalties.filter((x) => x.penalty === '告诫').map((x) => x.id);
    expect(t!.records).toEqual([warnings[0], 'E1', warnings[1], 'E2', warnings[2], 'E3']);
  });

  it('an unknown subject or item has no traces', () => {
    expect(tracesOf(full, { subject: 'X', what: 'score', name: '得分' })).toEqual([]);
    expect(tracesOf(full, { subject: 'P', what: 'penalty', name: 'nope' })).toEqual([]);
    expect(tracesOf(undefined, { subject: 'P', what: 'score', name: '得分' })).toEqual([]);
  });
});

describe('exemptions reach the page', () => {
  // 投诉 with 撤诉 is exempt from the warning (line 7, `除非 撤诉`) and from the deduction (line 12):
  // E1 withdrawn → two exemptions dated 03-04; E2 not → 告诫@03-11; 100 − 2 = 98.
  const policy = [
    '制度 免除 "免除" { 版本 "1" 考核期 年度 }', //          1
    '事件 投诉 "投诉" 针对 人员 { 撤诉: 是否 }', //          2
    '处罚 告诫 "效能告诫" { 轻重 1 }', //                    3
    '规则 投诉告诫 "投诉予以告诫" 针对 人员 {', //           4
    '  发生 投诉', //                                        5
    '  则 告诫', //                                          6
    '  除非 撤诉', //                                        7
    '  出处 "seed.txt:5"', //                                 8
    '}', //                                                  9
    '评分 得分 "得分" 针对 人员 {', //                       10
    '  基础分 100分', //                                     11
    '  扣 2分 每 投诉 除非 撤诉', //                         12
    '}', //                                                  13
    '',
  ].join('\n');
  const data = [
    'period: { from: 2024-01-01, to: 2024-12-31 }',
    'units: [{ id: U, name: 办 }]',
    'people: [{ id: P, name: 张, unit: U }]',
    'events:',
    '  - { id: E1, date: 2024-03-04, subject: P, type: 投诉, 撤诉: true }',
    '  - { id: E2, date: 2024-03-11, subject: P, type: 投诉 }',
    '',
  ].join('\n');
  const r = analyzeRequest({ id: 2, kind: 'analyze', lang: 'zh', policy: { file: 't.kp', text: policy }, data: { file: 'case.yaml', text: data }, files: {} }).result!;

  it('the slim result keeps each exemption with its rule and date, not its trace', () => {
    const p = slimResult(r).subjects.find((s) => s.id === 'P')!;
    expect(p.score).toBe('98');
    expect(p.exemptions.map((e) => [e.kind, e.trace.decl, e.date])).toEqual([
      ['exempt', '投诉告诫', '2024-03-04'],
      ['exempt', '得分', '2024-03-04'],
    ]);
    expect(p.exemptions.every((e) => e.trace.records.length === 0 && e.trace.why.zh === '')).toBe(true);
  });

  it("an exemption's trace is its unless clause, its 出处 and the exempt record", () => {
    const [rule] = tracesOf(r, { subject: 'P', what: 'exemption', name: '0' });
    expect([rule!.span.line, rule!.source, rule!.records, rule!.why.zh]).toEqual([7, 'seed.txt:5', ['E1'], '投诉 E1（2024-03-04）：不予处理，适用规则 投诉告诫 的除外情形']);
    const [line] = tracesOf(r, { subject: 'P', what: 'exemption', name: '1' });
    expect([line!.span.line, line!.records, line!.why.zh]).toEqual([12, ['E1'], '投诉 E1（2024-03-04）：不予扣分，适用评分 得分 的除外情形']);
    expect(tracesOf(r, { subject: 'P', what: 'exemption', name: '2' })).toEqual([]);
  });
});
