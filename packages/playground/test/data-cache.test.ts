/**
 * The worker keeps the case data it parsed (src/analysis.ts): a policy edit feeds the kept parse
 * to the new policy's validator without parsing the data again, and a data edit parses again only
 * the record lines that changed. Observed through `dataStats` (what was parsed), never through
 * time. Scores are worked out by hand from the texts below.
 */
import { describe, expect, it } from 'vitest';
import type { AnalyzeRequest } from '../src/protocol.js';
import { analyzeRequest, dataStats } from '../src/analysis.js';

const POLICY = [
  '制度 测试 "效能测试制度" {',
  '  版本 "1"',
  '  考核期 年度',
  '}',
  '事件 迟到 "无故迟到" 针对 人员',
  '事件 投诉 "被群众投诉" 针对 人员 { 属实 "调查后事实清楚": 是否 }',
  '评分 考核得分 "考核得分" 针对 人员 {',
  '  基础分 100分',
  '  扣 2分 每 迟到', //                                     line 9
  '  扣 1.5分 每 投诉 其中 属实',
  '}',
  '',
].join('\n');

const DATA = [
  'period: { from: 2024-01-01, to: 2024-12-31 }', //                                      1
  'units:', //                                                                             2
  '  - { id: W, name: 窗口 }', //                                                          3
  'people:', //                                                                            4
  '  - { id: A, name: 甲, unit: W }', //                                                   5
  '  - { id: B, name: 乙, unit: W }', //                                                   6
  'events:', //                                                                            7
  '  - { id: E1, date: 2024-03-01, subject: A, type: 迟到 }', //                           8
  '  - { id: E2, date: 2024-03-08, subject: A, type: 迟到 }', //                           9
  '  - { id: E3, date: 2024-05-10, subject: B, type: 投诉, 属实: true }', //              10
  '  - { id: E4, date: 2024-06-03, subject: B, type: 投诉, 属实: false }', //             11
  '',
].join('\n');

let nextId = 1;
const req = (policy: string, data: string, file = 'case.yaml'): AnalyzeRequest => ({
  id: nextId++,
  kind: 'analyze',
  lang: 'zh',
  policy: { file: 'test.kp', text: policy },
  data: { file, text: data },
  files: {},
});
const replaceLine = (text: string, line: number, content: string): string => {
  const lines = text.split('\n');
  lines[line - 1] = content;
  return lines.join('\n');
};
const scores = (res: ReturnType<typeof analyzeRequest>) => Object.fromEntries(res.result!.subjects.filter((s) => s.kind === 'person').map((s) => [s.id, s.score]));

describe('the data is parsed once per text', () => {
  it('first request: every record line is parsed', () => {
    const res = analyzeRequest(req(POLICY, DATA));
    expect(res.dataMarkers).toEqual([]);
    // 甲: two late arrivals, 100 − 2 × 2 = 96; 乙: one substantiated complaint, 100 − 1.5 = 98.5
    expect(scores(res)).toEqual({ A: '96', B: '98.5' });
    expect(dataStats.parses).toBe(1);
    expect(dataStats.last).toEqual({ mode: 'lines', linesParsed: 8, linesReused: 0 }); // period, 1 unit, 2 people, 4 events
  });

  it('a policy edit reads the kept parse: nothing is parsed again', () => {
    const res = analyzeRequest(req(replaceLine(POLICY, 9, '  扣 3分 每 迟到'), DATA));
    // 甲: 100 − 2 × 3 = 94
    expect(scores(res)).toEqual({ A: '94', B: '98.5' });
    expect(dataStats.parses).toBe(1);
  });

  it('a data edit of one event parses that line only', () => {
    const res = analyzeRequest(req(POLICY, replaceLine(DATA, 11, '  - { id: E4, date: 2024-06-03, subject: B, type: 投诉, 属实: true }')));
    // 乙: two substantiated complaints, 100 − 2 × 1.5 = 97
    expect(scores(res)).toEqual({ A: '96', B: '97' });
    expect(dataStats.parses).toBe(2);
    expect(dataStats.last).toEqual({ mode: 'lines', linesParsed: 1, linesReused: 7 });
  });

  it('a data problem keeps its marker through a policy edit, without parsing again', () => {
    // line 11 with `属实: 也许`: not a yes/no, at column 59 (`  - { id: E4, date: 2024-06-03, subject: B, type: 投诉, 属实: ` is 58 characters)
    const bad = replaceLine(DATA, 11, '  - { id: E4, date: 2024-06-03, subject: B, type: 投诉, 属实: 也许 }');
    const first = analyzeRequest(req(POLICY, bad));
    expect(first.dataMarkers.map((m) => [m.code, m.line, m.column, m.endColumn])).toEqual([['KD0123', 11, 59, 61]]);
    expect(first.blocked).toBe('data');
    const parses = dataStats.parses;
    const second = analyzeRequest(req(replaceLine(POLICY, 9, '  扣 3分 每 迟到'), bad));
    expect(second.dataMarkers).toEqual(first.dataMarkers);
    expect(dataStats.parses).toBe(parses);
  });

  it('a syntax error is read whole, and its marker kept', () => {
    // line 8 without its `}`: the flow map is not closed; the reader falls back to the whole parse
    const broken = replaceLine(DATA, 8, '  - { id: E1, date: 2024-03-01, subject: A, type: 迟到');
    const res = analyzeRequest(req(POLICY, broken));
    expect(res.dataMarkers.map((m) => m.code)).toContain('KD0102');
    expect(res.blocked).toBe('data');
    expect(dataStats.last?.mode).toBe('full');
    const fullParses = dataStats.fullParses;
    analyzeRequest(req(replaceLine(POLICY, 9, '  扣 4分 每 迟到'), broken));
    expect(dataStats.fullParses).toBe(fullParses);
  });

  it('another file name is another parse (positions carry the name)', () => {
    const parses = dataStats.parses;
    const res = analyzeRequest(req(POLICY, DATA, 'other.yaml'));
    expect(dataStats.parses).toBe(parses + 1);
    expect(res.result!.subjects.length).toBeGreaterThan(0);
  });
});

describe('the validated case is kept while the policy implies the same case data', () => {
  it('a new event type in the policy makes a record of that type valid (the kept validation is not reused)', () => {
    const data = DATA.replace('events:\n', 'events:\n  - { id: E0, date: 2024-02-01, subject: A, type: 旷工 }\n');
    const before = analyzeRequest(req(POLICY, data));
    expect(before.blocked).toBe('data');
    expect(before.dataMarkers.map((m) => [m.code, m.line])).toEqual([['KD0126', 8]]); // an event type the policy does not declare (docs/case-data.md)
    // the same data, with 旷工 declared and 5 points off for it: 甲 100 − 2 × 2 − 5 = 91
    const policy = POLICY.replace('事件 迟到 "无故迟到" 针对 人员', '事件 迟到 "无故迟到" 针对 人员\n事件 旷工 "旷工" 针对 人员').replace('  扣 2分 每 迟到', '  扣 2分 每 迟到\n  扣 5分 每 旷工');
    const after = analyzeRequest(req(policy, data));
    expect(after.dataMarkers).toEqual([]);
    expect(scores(after)).toEqual({ A: '91', B: '98.5' });
  });

  it('a new value of an attribute is accepted after the edit, and rejected again when it is taken out', () => {
    const data = replaceLine(DATA, 11, '  - { id: E4, date: 2024-06-03, subject: B, type: 投诉, 属实: true, 情节: 严重 }');
    const withoutAttr = analyzeRequest(req(POLICY, data));
    expect(withoutAttr.dataMarkers.map((m) => m.code)).toEqual(['KD0122']);
    const policy = POLICY.replace('{ 属实 "调查后事实清楚": 是否 }', '{ 属实 "调查后事实清楚": 是否  情节: 一般 | 严重 }');
    // 乙: two substantiated complaints, 100 − 2 × 1.5 = 97
    expect(scores(analyzeRequest(req(policy, data)))).toEqual({ A: '96', B: '97' });
    expect(analyzeRequest(req(POLICY, data)).dataMarkers.map((m) => m.code)).toEqual(['KD0122']);
  });
});
