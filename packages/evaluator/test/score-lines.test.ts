/**
 * A score's lines, as an auditor reads them (issue 9, "smaller defects"): every line's amount is
 * what it adds to the score — a cap, a clamp and a rounding included — so the column adds up to
 * the value; the deductions cap and the additions cap each cite their own clause; a formula line
 * says 公式; a reason shows a value that does not terminate as ≈, to the places the score rounds to.
 * Worked by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { createEnv, Decimal } from '@kaoping/dsl';
import { compile, type CaseData, type ScoreResult } from '../src/index.js';

const policy = `制度 分项 "分项之和" { 版本 "1" 考核期 年度 }
事件 违规 "扣分事项" 针对 人员 { 分值: 小数 分 }
事件 表彰 "加分事项" 针对 人员 { 分值: 小数 分 }
输入 甲 "甲项得分" 针对 人员 ：分 范围 0..100
输入 乙 "乙项得分" 针对 人员 ：分 范围 0..100
评分 总分 "总分" 针对 人员 {
  加权 { 甲: 50%  乙: 50% }
  扣 分值 每 违规
  加 分值 每 表彰
  扣分 封顶 10分
  加分 封顶 3分
  限定 0..95
  舍入 四舍五入 1位
}
评分 三分之一 "甲的三分之一" 针对 人员 {
  公式 甲 / 3
  舍入 四舍五入 2位
}
`;

const analysis = createEnv().analyze(policy, 'lines.kp');
const program = compile(analysis.checked).program!;

function evaluate(inputs: Record<string, [string, string]>, events: { type: string; amount: string }[]): Record<string, ScoreResult> {
  const data: CaseData = {
    period: { from: '2024-01-01', to: '2024-12-31' },
    units: [{ id: 'U', name: 'U' }],
    people: Object.keys(inputs).map((id) => ({ id, name: id, unit: 'U' })),
    events: Object.keys(inputs).flatMap((id) =>
      events.map((e, i) => ({ id: `${id}-${i}`, date: `2024-03-${String(i + 1).padStart(2, '0')}`, subject: id, type: e.type, attrs: { 分值: e.amount } })),
    ),
    inputs: Object.entries(inputs).flatMap(([id, [a, b]]) => [
      { subject: id, input: '甲', value: a },
      { subject: id, input: '乙', value: b },
    ]),
    votes: [],
    params: {},
  };
  const r = program.evaluate(data);
  expect(r.errors).toEqual([]);
  return Object.fromEntries(r.subjects.map((s) => [s.id, Object.fromEntries(s.scores.map((x) => [x.name, x]))]))['P'] as Record<string, ScoreResult>;
}

const sum = (s: ScoreResult): string => s.lines.reduce((a, l) => a.plus(new Decimal(l.amount)), new Decimal(0)).toString();

describe('score lines add up to the score', () => {
  it('the policy checks', () => expect(analysis.hasErrors).toBe(false));

  // 甲 100、乙 99.9 → 50 + 49.95 = 99.95；扣 6 + 7 = 13 → 封顶 10，退回 3；加 2 + 2.5 = 4.5 → 封顶 3，超出 1.5 不计；
  // 99.95 − 10 + 3 = 92.95 → 限定 0..95 不变 → 四舍五入 1 位 93.0（+0.05）。
  const s = evaluate({ P: ['100', '99.9'] }, [
    { type: "违规", amount: '6' },
    { type: "违规", amount: '7' },
    { type: "表彰", amount: '2' },
    { type: "表彰", amount: '2.5' },
  ]).总分!;

  it('caps, clamp and rounding carry their adjustment, so the amounts sum to the value', () => {
    expect(s.value).toBe('93');
    expect(s.lines.map((l) => [l.item, l.amount])).toEqual([
      ['weighted', '50'],
      ['weighted', '49.95'],
      ['deduct', '-13'],
      ['add', '4.5'],
      ['cap', '3'],
      ['cap', '-1.5'],
      ['round', '0.05'],
    ]);
    expect(sum(s)).toBe('93');
  });

  it('each total cap cites its own clause and says what it gave back or left out', () => {
    const caps = s.lines.filter((l) => l.item === 'cap');
    expect(caps.map((l) => l.trace.span.line)).toEqual([10, 11]);
    expect(caps[0]!.trace.why.zh).toBe('扣分合计 13，封顶 10，退回 3');
    expect(caps[1]!.trace.why.zh).toBe('加分合计 4.5，封顶 3，超出 1.5 不计');
  });

  it('a clamp line is the adjustment too', () => {
    // 甲 100、乙 100 → 100；无扣加 → 限定在 95：−5。
    const t = evaluate({ P: ['100', '100'] }, []).总分!;
    expect(t.value).toBe('95');
    expect(t.lines.map((l) => [l.item, l.amount])).toEqual([
      ['weighted', '50'],
      ['weighted', '50'],
      ['clamp', '-5'],
    ]);
    expect(t.lines[2]!.trace.why.zh).toBe('100 限定在 0..95，得 95');
  });

  it('a formula line says 公式, and a value that does not terminate reads ≈ to the score’s places', () => {
    // 甲 94 → 94 / 3 = 31.333… → 四舍五入 2 位 31.33（−0.00333…）。
    const t = evaluate({ P: ['94', '0'] }, []).三分之一!;
    expect(t.value).toBe('31.33');
    expect(t.lines[0]!.item).toBe('value');
    expect(t.lines[0]!.trace.why).toEqual({ zh: '公式', en: 'formula' });
    expect(t.lines[1]!.trace.why.zh).toBe('≈31.3333 舍入为 31.33');
    expect(sum(t)).toBe('31.33');
  });
});

describe('a score in no grade band', () => {
  // The checker makes bands cover what is banded (KP0301) — for an input, its declared range — and
  // the readers refuse an input outside that range (KD0129). A program that calls evaluate() with
  // data it did not validate can still pass 150 for an input declared 0..100: 150 is in no band,
  // and the evaluator says so (KE0013) instead of giving no grade without a word.
  const text = `制度 等次外 "等次外" { 版本 "1" }
输入 原始分 "原始分" 针对 人员 ：分 范围 0..100
等次划分 档次 "档次" 按 原始分 { 好 "好" 60 至 100  差 "差" 0 ..< 60 }
`;
  const a = createEnv().analyze(text, 'bands.kp');
  it('the policy checks', () => expect(a.hasErrors).toBe(false));
  it('150 gets no grade, and KE0013 names the score and the scale', () => {
    const r = compile(a.checked).program!.evaluate({
      period: { from: '2024-01-01', to: '2024-12-31' },
      units: [{ id: 'U', name: 'U' }],
      people: [{ id: 'P', name: '张三', unit: 'U' }],
      events: [],
      inputs: [{ subject: 'P', input: '原始分', value: '150' }],
      votes: [],
      params: {},
    });
    expect(r.subjects[0]!.grade).toBeNull();
    expect(r.errors.map((e) => e.code)).toEqual(['KE0013']);
    expect(r.errors[0]!.message.zh).toBe('P（张三）：原始分 为 150，不在等次划分 档次 的任何等次内，无法定等次');
  });
});
