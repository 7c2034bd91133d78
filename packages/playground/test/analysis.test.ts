/**
 * The worker's work as plain functions (src/analysis.ts): policy markers, data markers, results,
 * `继承` from the bundled files, the compile cache, and the language services. Every expected
 * line, column and score below is worked out from the texts in this file.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { completion, createEnv, definition, hover } from '@kaoping/dsl';
import type { AnalyzeRequest, ServiceRequest } from '../src/protocol.js';

// Count compilations, keeping the real compiler: the cache is observed by what it does.
const compileCalls = vi.hoisted(() => ({ n: 0 }));
vi.mock('@kaoping/evaluator', async (importOriginal) => {
  const real = await importOriginal<typeof import('@kaoping/evaluator')>();
  return {
    ...real,
    compile: (...args: Parameters<typeof real.compile>) => {
      compileCalls.n++;
      return real.compile(...args);
    },
  };
});

const { analyzeRequest, normalize, serviceRequest } = await import('../src/analysis.js');

// Line numbers are those of the policy text (line 1 = `制度 …`).
const POLICY = [
  '制度 测试 "效能测试制度" {', //                                          1
  '  版本 "1"', //                                                          2
  '  考核期 年度', //                                                       3
  '}', //                                                                   4
  '事件 迟到 "无故迟到" 针对 人员', //                                     5
  '事件 投诉 "被群众投诉" 针对 人员 { 属实 "调查后事实清楚": 是否 }', //   6
  '处罚 待岗 "待岗" { 轻重 3  持续 15 天 }', //                            7
  '规则 三次待岗 "一月内被投诉三次以上的，一律待岗" 针对 人员 {', //      8
  '  当 次数(投诉 其中 属实 在 自然月 内) 3次以上 则 待岗', //             9
  '}', //                                                                  10
  '评分 考核得分 "考核得分" 针对 人员 {', //                              11
  '  基础分 100分', //                                                     12
  '  扣 2分 每 迟到', //                                                   13
  '  扣 1.5分 每 投诉 其中 属实', //                                       14
  '}', //                                                                  15
  '等次划分 考核等次 "考核等次" 按 考核得分 {', //                        16
  '  优秀 "优秀" 不低于 95', //                                            17
  '  称职 "称职" 不低于 85 且 不满 95', //                                 18
  '  不称职 "不称职" 低于 85', //                                          19
  '}', //                                                                  20
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
  '  - { id: E3, date: 2024-05-10, subject: A, type: 投诉, 属实: true }', //              10
  '  - { id: E4, date: 2024-06-03, subject: B, type: 投诉, 属实: true }', //              11
  '  - { id: E5, date: 2024-06-14, subject: B, type: 投诉, 属实: true }', //              12
  '  - { id: E6, date: 2024-06-20, subject: B, type: 投诉, 属实: false }', //             13
  '  - { id: E7, date: 2024-06-27, subject: B, type: 投诉, 属实: true }', //              14
  '',
].join('\n');

let nextId = 1;
const req = (over: { policy?: string; file?: string; data?: string; files?: Record<string, string>; lang?: 'zh' | 'en' } = {}): AnalyzeRequest => ({
  id: nextId++,
  kind: 'analyze',
  lang: over.lang ?? 'zh',
  policy: { file: over.file ?? 'test.kp', text: over.policy ?? POLICY },
  data: { file: 'case.yaml', text: over.data ?? DATA },
  files: over.files ?? {},
});

const replaceLine = (text: string, line: number, content: string): string => {
  const lines = text.split('\n');
  lines[line - 1] = content;
  return lines.join('\n');
};

describe('normalize', () => {
  it('resolves . and .. segments', () => {
    expect(normalize('policies/county/../a.kp')).toBe('policies/a.kp');
    expect(normalize('/policies/./county//b.kp')).toBe('policies/county/b.kp');
    expect(normalize('a/b/../../c.kp')).toBe('c.kp');
  });
});

describe('analyzeRequest: a clean policy and clean data', () => {
  const res = analyzeRequest(req());

  it('has no markers and a result', () => {
    expect(res.policyMarkers).toEqual([]);
    expect(res.dataMarkers).toEqual([]);
    expect(res.blocked).toBeUndefined();
    expect(res.result).toBeDefined();
  });

  it('scores and grades as worked out by hand', () => {
    const who = (id: string) => res.result!.subjects.find((s) => s.id === id)!;
    // 甲: two late arrivals (2 × 2) and one substantiated complaint (1.5): 100 − 4 − 1.5 = 94.5, in 85..<95 → 称职
    expect(who('A').score).toBe('94.5');
    expect(who('A').grade).toBe('称职');
    expect(who('A').penalties).toEqual([]);
    // 乙: three substantiated complaints (E6 is not substantiated): 100 − 3 × 1.5 = 95.5, ≥ 95 → 优秀
    expect(who('B').score).toBe('95.5');
    expect(who('B').grade).toBe('优秀');
    // the third substantiated complaint in June (E7, 06-27) makes 3 → 待岗 that day, for 15 days: 06-27 … 07-11
    const p = who('B').penalties;
    expect(p.map((x) => [x.penalty, x.date, x.until, x.rule])).toEqual([['待岗', '2024-06-27', '2024-07-11', '三次待岗']]);
    expect([...p[0]!.events].sort()).toEqual(['E4', 'E5', 'E7']);
    // the rule's trace points at line 8 of the policy (the 规则 declaration)
    expect(p[0]!.trace.decl).toBe('三次待岗');
    expect(p[0]!.trace.span.line).toBeGreaterThanOrEqual(8);
    expect(p[0]!.trace.span.line).toBeLessThanOrEqual(10);
  });

  it('reports timings for each step', () => {
    for (const k of ['analyze', 'compile', 'data', 'evaluate'] as const) expect(res.timings[k]).toBeGreaterThanOrEqual(0);
  });
});

describe('analyzeRequest: policy markers', () => {
  it('a syntax error at its line and column', () => {
    // line 7 without the rank's number: `持续` stands where a number is expected, at column 17 (`处罚 待岗 "待岗" { 轻重 ` is 16 characters)
    const res = analyzeRequest(req({ policy: replaceLine(POLICY, 7, '处罚 待岗 "待岗" { 轻重 持续 15 天 }') }));
    const syntax = res.policyMarkers.filter((m) => m.code === 'KP0002');
    expect(syntax).toHaveLength(1);
    expect(syntax[0]).toMatchObject({ severity: 'error', line: 7, column: 17, endLine: 7, endColumn: 19 });
    expect(syntax[0]!.message).toContain('持续');
    expect(res.blocked).toBe('policy');
    expect(res.result).toBeUndefined();
  });

  it('an undefined name, with the suggestion, in either language', () => {
    // line 13 `  扣 2分 每 迟到到`: the name starts at column 10 and is 3 characters long
    const policy = replaceLine(POLICY, 13, '  扣 2分 每 迟到到');
    for (const lang of ['zh', 'en'] as const) {
      const res = analyzeRequest(req({ policy, lang }));
      // and 迟到 (line 5, column 4), used nowhere now, is declared but never used: a warning
      expect(res.policyMarkers.map((m) => [m.code, m.severity, m.line, m.column])).toEqual([
        ['KP0107', 'warning', 5, 4],
        ['KP0101', 'error', 13, 10],
      ]);
      const m = res.policyMarkers[1]!;
      expect(m).toMatchObject({ endLine: 13, endColumn: 13 });
      expect(m.message).toContain('迟到到');
      expect(m.message).toContain('`迟到`');
      expect(m.hint).toBeTruthy();
    }
    expect(analyzeRequest(req({ policy, lang: 'zh' })).policyMarkers[1]!.message).toMatch(/未定义/);
    expect(analyzeRequest(req({ policy, lang: 'en' })).policyMarkers[1]!.message).toMatch(/not declared|undefined|unknown/i);
  });
});

describe('analyzeRequest: data markers', () => {
  it('a value of the wrong form, under the value', () => {
    // line 13, `属实: 也许`: `  - { id: E6, date: 2024-06-20, subject: B, type: 投诉, 属实: ` is 58 characters,
    // so the value is at column 59 and the marker ends before the space after it (column 61)
    const res = analyzeRequest(req({ data: replaceLine(DATA, 13, '  - { id: E6, date: 2024-06-20, subject: B, type: 投诉, 属实: 也许 }') }));
    expect(res.policyMarkers).toEqual([]);
    expect(res.dataMarkers).toHaveLength(1);
    expect(res.dataMarkers[0]).toMatchObject({ severity: 'error', code: 'KD0123', line: 13, column: 59, endLine: 13, endColumn: 61 });
    expect(res.blocked).toBe('data');
    expect(res.result).toBeUndefined();
  });

  it('an unknown subject, on its line', () => {
    // line 12 with subject C, who is not among the people
    const res = analyzeRequest(req({ data: replaceLine(DATA, 12, '  - { id: E5, date: 2024-06-14, subject: C, type: 投诉, 属实: true }') }));
    // `  - { id: E5, date: 2024-06-14, subject: ` is 41 characters: C is at column 42
    expect(res.dataMarkers.map((m) => [m.code, m.line, m.column, m.endColumn])).toEqual([['KD0141', 12, 42, 43]]);
    expect(res.dataMarkers[0]!.message).toContain('C');
  });

  it('a YAML syntax error', () => {
    const res = analyzeRequest(req({ data: replaceLine(DATA, 8, '  - { id: E1, date: 2024-03-01, subject: A, type: 迟到 ') }));
    expect(res.dataMarkers.map((m) => m.code)).toContain('KD0102');
    expect(res.blocked).toBe('data');
  });

  it('the marker covers the rest of the line when the token is empty', () => {
    // a record without its `type`: a required field is missing
    const res = analyzeRequest(req({ data: replaceLine(DATA, 8, '  - { id: E1, date: 2024-03-01, subject: A }') }));
    expect(res.dataMarkers.map((m) => [m.code, m.line])).toEqual([['KD0121', 8]]);
    const m = res.dataMarkers[0]!;
    expect(m.endColumn).toBeGreaterThan(m.column);
  });
});

// --- extends ------------------------------------------------------------------------------------

const BASE = [
  '制度 县基础 "县基础制度" {', //       1
  '  版本 "1"', //                      2
  '  考核期 年度', //                   3
  '}', //                               4
  '事件 迟到 "无故迟到" 针对 人员', //  5
  '评分 考核得分 "考核得分" 针对 人员 {', // 6
  '  基础分 100分', //                  7
  '  扣 2分 每 迟到', //                8
  '}', //                               9
  '等次划分 考核等次 "考核等次" 按 考核得分 {', // 10
  '  优秀 "优秀" 不低于 95', //         11
  '  一般 "一般" 低于 95', //           12
  '}', //                               13
  '',
].join('\n');

const TOWN = (path: string): string =>
  [
    '制度 乡 "乡制度" {', //                                        1
    `  继承 "${path}"`, //                                          2
    '  版本 "1-乡"', //                                             3
    '}', //                                                         4
    '处罚 告诫 "效能告诫" { 轻重 2 }', //                           5
    '规则 迟到告诫 "迟到三次以上的，告诫" 针对 人员 {', //          6
    '  当 次数(迟到 在 考核期 内) 3次以上 则 告诫', //              7
    '}', //                                                         8
    '',
  ].join('\n');

const TOWN_DATA = [
  'period: { from: 2024-01-01, to: 2024-12-31 }',
  'units: [{ id: W, name: 窗口 }]',
  'people: [{ id: A, name: 甲, unit: W }, { id: B, name: 乙, unit: W }]',
  'events:',
  '  - { id: E1, date: 2024-02-01, subject: A, type: 迟到 }',
  '  - { id: E2, date: 2024-03-01, subject: A, type: 迟到 }',
  '  - { id: E3, date: 2024-04-01, subject: A, type: 迟到 }',
  '  - { id: E4, date: 2024-04-02, subject: B, type: 迟到 }',
  '',
].join('\n');

describe('analyzeRequest: 继承 from the bundled files', () => {
  const check = (file: string, path: string, files: Record<string, string>) => {
    const res = analyzeRequest(req({ file, policy: TOWN(path), data: TOWN_DATA, files }));
    expect(res.policyMarkers).toEqual([]);
    expect(res.dataMarkers).toEqual([]);
    const who = (id: string) => res.result!.subjects.find((s) => s.id === id)!;
    // 甲: three late arrivals: 100 − 6 = 94 → 一般, and the third one (04-01) brings the town's 告诫
    expect([who('A').score, who('A').grade]).toEqual(['94', '一般']);
    expect(who('A').penalties.map((p) => [p.penalty, p.date])).toEqual([['告诫', '2024-04-01']]);
    // 乙: one: 100 − 2 = 98 → 优秀
    expect([who('B').score, who('B').grade]).toEqual(['98', '优秀']);
    expect(who('B').penalties).toEqual([]);
  };

  it('a base in a parent directory (`../`)', () => {
    check('lib/town/乡.kp', '../base.kp', { 'lib/base.kp': BASE });
  });

  it('a base in the same directory', () => {
    check('lib/town/乡.kp', 'base.kp', { 'lib/town/base.kp': BASE });
  });

  it('a base two levels up, the policy at the root', () => {
    check('a/b/乡.kp', '../../base.kp', { 'base.kp': BASE });
    check('乡.kp', './base.kp', { 'base.kp': BASE });
  });

  it('a missing base is KP0106 on the 继承 line', () => {
    const res = analyzeRequest(req({ file: 'lib/town/乡.kp', policy: TOWN('../nope.kp'), data: TOWN_DATA, files: { 'lib/base.kp': BASE } }));
    const m = res.policyMarkers.find((x) => x.code === 'KP0106');
    expect(m).toBeDefined();
    expect(m!.line).toBe(2);
    expect(res.blocked).toBe('policy');
  });

  it('an error inside the base is shown on line 1, with the base file and its line', () => {
    // base line 8 uses an event the base does not declare
    const broken = replaceLine(BASE, 8, '  扣 2分 每 早退');
    const res = analyzeRequest(req({ file: 'lib/town/乡.kp', policy: TOWN('../base.kp'), data: TOWN_DATA, files: { 'lib/base.kp': broken } }));
    const m = res.policyMarkers.find((x) => x.code === 'KP0101');
    expect(m).toBeDefined();
    expect(m).toMatchObject({ line: 1, column: 1, endLine: 1 });
    expect(m!.message.startsWith('lib/base.kp:8: ')).toBe(true);
    expect(m!.message).toContain('早退');
    expect(res.blocked).toBe('policy');
  });
});

// --- the compile cache --------------------------------------------------------------------------

describe('analyzeRequest: compile once per policy text', () => {
  beforeEach(() => {
    // a different policy first, so that the cache holds something else
    analyzeRequest(req({ policy: POLICY.replace('版本 "1"', '版本 "0"') }));
    compileCalls.n = 0;
  });

  it('changing only the data does not compile again', () => {
    const a = analyzeRequest(req());
    expect(compileCalls.n).toBe(1);
    const b = analyzeRequest(req({ data: DATA.replace('2024-03-08, subject: A, type: 迟到', '2024-03-08, subject: B, type: 迟到') }));
    expect(compileCalls.n).toBe(1);
    expect(b.timings.compile).toBe(0);
    // and the new data is evaluated: E2 moved from 甲 to 乙: 甲 100 − 2 − 1.5 = 96.5, 乙 95.5 − 2 = 93.5
    expect(a.result!.subjects.find((s) => s.id === 'A')!.score).toBe('94.5');
    expect(b.result!.subjects.find((s) => s.id === 'A')!.score).toBe('96.5');
    expect(b.result!.subjects.find((s) => s.id === 'B')!.score).toBe('93.5');
  });

  it('the files arrive as a fresh copy with every message (postMessage clones them): still no new compile', () => {
    const files = { 'lib/base.kp': BASE };
    analyzeRequest(req({ file: 'lib/town/乡.kp', policy: TOWN('../base.kp'), data: TOWN_DATA, files }));
    expect(compileCalls.n).toBe(1);
    analyzeRequest(req({ file: 'lib/town/乡.kp', policy: TOWN('../base.kp'), data: TOWN_DATA.replace('2024-04-02', '2024-04-03'), files: structuredClone(files) }));
    expect(compileCalls.n).toBe(1);
  });

  it('a change of the policy, its file name or a base compiles again', () => {
    analyzeRequest(req());
    analyzeRequest(req({ policy: POLICY.replace('扣 2分 每 迟到', '扣 3分 每 迟到') }));
    expect(compileCalls.n).toBe(2);
    analyzeRequest(req({ policy: POLICY.replace('扣 2分 每 迟到', '扣 3分 每 迟到'), file: 'other.kp' }));
    expect(compileCalls.n).toBe(3);
    analyzeRequest(req({ file: 'lib/town/乡.kp', policy: TOWN('../base.kp'), data: TOWN_DATA, files: { 'lib/base.kp': BASE } }));
    const res = analyzeRequest(req({ file: 'lib/town/乡.kp', policy: TOWN('../base.kp'), data: TOWN_DATA, files: { 'lib/base.kp': BASE.replace('扣 2分', '扣 5分') } }));
    expect(compileCalls.n).toBe(5);
    // 甲: 100 − 3 × 5 = 85 → 一般
    expect(res.result!.subjects.find((s) => s.id === 'A')!.score).toBe('85');
  });

  it('a policy with errors is not compiled', () => {
    analyzeRequest(req({ policy: replaceLine(POLICY, 13, '  扣 2分 每 迟到到') }));
    expect(compileCalls.n).toBe(0);
  });
});

// --- language services --------------------------------------------------------------------------

describe('serviceRequest', () => {
  const svc = (kind: ServiceRequest['kind'], line: number, column: number, over: { policy?: string; file?: string; files?: Record<string, string>; lang?: 'zh' | 'en' } = {}): ServiceRequest => ({
    id: nextId++,
    kind,
    lang: over.lang ?? 'zh',
    policy: { file: over.file ?? 'test.kp', text: over.policy ?? POLICY },
    files: over.files ?? {},
    line,
    column,
  });

  it('definition: `待岗` on line 9 (column 33) is declared on line 7, column 4', () => {
    // `  当 次数(投诉 其中 属实 在 自然月 内) 3次以上 则 ` is 32 characters
    const res = serviceRequest(svc('definition', 9, 33));
    expect(res.definition).toMatchObject({ span: { line: 7, column: 4, endLine: 7, endColumn: 6 } });
    expect(res.definition!.file).toBeUndefined();
    expect(res.definition).toEqual(definition(POLICY, { line: 9, column: 33 }, { file: 'test.kp' }));
  });

  it('definition of a name declared in the base names the base file', () => {
    // town line 7 `  当 次数(迟到`: 迟到 at column 8; declared in the base on line 5, column 4
    const files = { 'lib/base.kp': BASE };
    const res = serviceRequest(svc('definition', 7, 8, { file: 'lib/town/乡.kp', policy: TOWN('../base.kp'), files }));
    expect(res.definition).toMatchObject({ file: 'lib/base.kp', span: { line: 5, column: 4 } });
    const loadBase = (path: string) => (path === '../base.kp' ? { text: BASE, file: 'lib/base.kp' } : undefined);
    expect(res.definition).toEqual(definition(TOWN('../base.kp'), { line: 7, column: 8 }, { file: 'lib/town/乡.kp', loadBase }));
  });

  it('hover on a name and on a keyword gives what packages/dsl gives', () => {
    for (const [line, column] of [
      [9, 33], // 待岗
      [13, 10], // 迟到
      [9, 3], // 当 (keyword)
    ] as const) {
      for (const lang of ['zh', 'en'] as const) {
        const res = serviceRequest(svc('hover', line, column, { lang }));
        expect(res.hover).toBeTruthy();
        expect(res.hover).toEqual(hover(POLICY, { line, column }, { file: 'test.kp', lang }));
      }
    }
    expect(serviceRequest(svc('hover', 9, 33)).hover!.contents).toContain('待岗');
    // nothing to say on an empty line
    expect(serviceRequest(svc('hover', 21, 1)).hover).toBeNull();
  });

  it('completion after `每 ` offers the events, as packages/dsl does', () => {
    // line 13 `  扣 2分 每 迟到`: the cursor after `每 ` is column 10
    const res = serviceRequest(svc('completion', 13, 10));
    const labels = res.completion!.map((c) => c.label);
    expect(labels).toContain('迟到');
    expect(labels).toContain('投诉');
    expect(res.completion).toEqual(completion(POLICY, { line: 13, column: 10 }, { file: 'test.kp', lang: 'zh' }));
  });

  it('uses the analysis of the same text (with its base), whatever the request before', () => {
    const files = { 'lib/base.kp': BASE };
    const a = serviceRequest(svc('completion', 7, 8, { file: 'lib/town/乡.kp', policy: TOWN('../base.kp'), files }));
    analyzeRequest(req());
    const b = serviceRequest(svc('completion', 7, 8, { file: 'lib/town/乡.kp', policy: TOWN('../base.kp'), files }));
    expect(b.completion).toEqual(a.completion);
    const loadBase = (path: string) => (path === '../base.kp' ? { text: BASE, file: 'lib/base.kp' } : undefined);
    const analysis = createEnv({ loadBase }).analyze(TOWN('../base.kp'), 'lib/town/乡.kp');
    expect(b.completion).toEqual(completion(TOWN('../base.kp'), { line: 7, column: 8 }, { file: 'lib/town/乡.kp', analysis, lang: 'zh' }));
  });
});
