/**
 * A quota whose share is a parameter without a value (issue 9: it read "0% × 3 = 0" as if the
 * share were zero). Now: nobody is chosen, the trace says the share has no value, and the
 * missing parameter is reported (KE0001). With the value given (30%): 30% × 3 = 0.9 → floor 0.
 */
import { describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import { compile, type CaseData } from '../src/index.js';

const text = `制度 名额比例 "名额比例由案件数据给出" { 版本 "1" 考核期 年度 }
参数 先进比例 "先进比例" ：%
输入 综合分 "综合得分" 针对 单位 ：分 范围 0..100
后果 先进 "先进集体"
名额 先进名额 "先进集体" 针对 单位 { 比例 先进比例  按 综合分  则 先进 }
`;
const a = createEnv().analyze(text, 'share.kp');
const program = compile(a.checked).program!;
const data = (params: Record<string, string>): CaseData => ({
  period: { from: '2024-01-01', to: '2024-12-31' },
  units: [
    { id: 'A', name: 'A' },
    { id: 'B', name: 'B' },
    { id: 'C', name: 'C' },
  ],
  people: [],
  events: [],
  inputs: [
    { subject: 'A', input: '综合分', value: '95' },
    { subject: 'B', input: '综合分', value: '90' },
    { subject: 'C', input: '综合分', value: '85' },
  ],
  votes: [],
  params,
});

describe('a quota whose share has no value', () => {
  it('the policy checks (with the warning that 先进比例 has no value)', () => {
    expect(a.hasErrors).toBe(false);
    expect(a.diagnostics.map((d) => d.code)).toEqual(['KP0501']);
  });
  it('chooses nobody, says why, and reports the missing parameter', () => {
    const r = program.evaluate(data({}));
    expect(r.quotas[0]!.chosen).toEqual([]);
    expect(r.quotas[0]!.trace.why.zh).toBe('名额比例没有取值，未评选（3 个对象）');
    expect(r.quotas[0]!.trace.why.zh).not.toContain('0%');
    expect(r.errors.map((e) => e.code)).toEqual(['KE0001']);
  });
  it('with the share given as 30: 30% × 3 = 0.9, floored to 0', () => {
    const r = program.evaluate(data({ 先进比例: '30' }));
    expect(r.errors).toEqual([]);
    expect(r.quotas[0]!.size).toBe(0);
    expect(r.quotas[0]!.trace.why.zh).toBe('名额 30% × 3 = 0.9，取整为 0；候选 3 个');
  });
});
