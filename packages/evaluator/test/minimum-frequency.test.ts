/**
 * Minimum frequencies (docs/evaluation.md §5, "Minimum frequencies"): a threshold that is true
 * when there are FEW items — `低于 1次`, `不满`, `至多`, `非 (… 以上)`, `= 0` — is checked on the
 * last day of each window instance in the period, for every subject of the rule, with or without
 * items, and fires at most once per instance, dated that day. Every expectation below is worked
 * out by hand from the calendar; the arithmetic is in the comments.
 */
import { describe, expect, it } from 'vitest';
import { countPolarity, createEnv, type Expr, type RuleDecl } from '@kaoping/dsl';
import { compile, type CaseData, type EventRecord, type PenaltyResult } from '../src/index.js';

const HEAD = '制度 试 "试" { 版本 "1" 考核期 年度 }\n事件 会议 "问责工作会议" 针对 单位\n后果 未开会 "未开会"\n';

function programOf(text: string) {
  const a = createEnv().analyze(text, 'min.kp');
  expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const { program } = compile(a.checked);
  return program!;
}

const meeting = (id: string, date: string, subject = 'U2', type = '会议'): EventRecord => ({ id, date, subject, type, attrs: {} });

function run(text: string, events: EventRecord[], period = { from: '2024-01-01', to: '2024-12-31' }, units = ['U1', 'U2']) {
  const data: CaseData = { period, units: units.map((id) => ({ id, name: id })), people: [], events, inputs: [], votes: [], params: {} };
  return programOf(text).evaluate(data);
}

/** `outcome@date` for each item imposed on a subject, in result order. */
function imposed(r: ReturnType<typeof run>, subject: string): string[] {
  return (r.subjects.find((s) => s.id === subject)?.penalties ?? []).map((p: PenaltyResult) => `${p.penalty}@${p.date}`);
}

const penaltiesOf = (r: ReturnType<typeof run>, subject: string): PenaltyResult[] => r.subjects.find((s) => s.id === subject)?.penalties ?? [];

describe('each quarter at least one meeting: 次数(会议 在 自然季度 内) 低于 1次', () => {
  const text = HEAD + '规则 最低 针对 单位 { 当 次数(会议 在 自然季度 内) 低于 1次 则 未开会 }\n';

  it('a unit with no events at all gets it at the end of all four quarters', () => {
    // U1 has no record of any kind. Quarter ends in 2024: 03-31, 06-30, 09-30, 12-31; each count is 0 < 1.
    const r = run(text, [meeting('M1', '2024-02-01')]);
    expect(imposed(r, 'U1')).toEqual(['未开会@2024-03-31', '未开会@2024-06-30', '未开会@2024-09-30', '未开会@2024-12-31']);
    const first = penaltiesOf(r, 'U1')[0]!;
    expect(first.id).toBe('最低:U1:1');
    expect(first.events).toEqual([]);
    expect(first.trace.records).toEqual([]);
    expect(first.trace.why).toEqual({
      zh: '2024-03-31：2024年第1季度（2024-01-01 至 2024-03-31）已届满，条件成立（无记录）',
      en: '2024-03-31: 2024 Q1 (2024-01-01 to 2024-03-31) is over; the condition holds (no records)',
    });
  });

  it('one meeting on 2024-02-01: Q1 has 1 (not < 1), Q2–Q4 have 0 each', () => {
    const r = run(text, [meeting('M1', '2024-02-01')]);
    expect(imposed(r, 'U2')).toEqual(['未开会@2024-06-30', '未开会@2024-09-30', '未开会@2024-12-31']);
    expect(penaltiesOf(r, 'U2')[0]!.trace.why.zh).toBe('2024-06-30：2024年第2季度（2024-04-01 至 2024-06-30）已届满，条件成立（无记录）');
  });

  it('a meeting on the last day of a quarter counts for that quarter', () => {
    // M1 on 2024-03-31 is in Q1 (01-01..03-31) and is counted on the check day itself: Q1 count 1.
    const r = run(text, [meeting('M1', '2024-03-31')]);
    expect(imposed(r, 'U2')).toEqual(['未开会@2024-06-30', '未开会@2024-09-30', '未开会@2024-12-31']);
  });
});

describe('at least two a quarter: 低于 2次 fires at the end of the quarter, not on the first meeting', () => {
  const text = HEAD + '规则 两次 针对 单位 { 当 次数(会议 在 自然季度 内) 低于 2次 则 未开会 }\n';
  // U2: Q1 one meeting (02-01), Q2 two (05-10, 06-20), Q3 one (08-08), Q4 none.
  const events = [meeting('M1', '2024-02-01'), meeting('M2', '2024-05-10'), meeting('M3', '2024-06-20'), meeting('M4', '2024-08-08')];

  it('Q1: 1 < 2 on 03-31 (not on 02-01); Q2: 2 is not < 2; Q3: 1 < 2 on 09-30; Q4: 0 < 2 on 12-31', () => {
    const r = run(text, events);
    expect(imposed(r, 'U2')).toEqual(['未开会@2024-03-31', '未开会@2024-09-30', '未开会@2024-12-31']);
    const [q1, q3, q4] = penaltiesOf(r, 'U2');
    expect(q1!.events).toEqual(['M1']);
    expect(q1!.trace.why).toEqual({
      zh: '2024-03-31：2024年第1季度（2024-01-01 至 2024-03-31）已届满，条件成立（M1）',
      en: '2024-03-31: 2024 Q1 (2024-01-01 to 2024-03-31) is over; the condition holds (M1)',
    });
    expect(q3!.events).toEqual(['M4']);
    expect(q4!.events).toEqual([]);
  });

  it('U1 without meetings: 0 < 2 in every quarter', () => {
    const r = run(text, events);
    expect(imposed(r, 'U1')).toEqual(['未开会@2024-03-31', '未开会@2024-06-30', '未开会@2024-09-30', '未开会@2024-12-31']);
  });
});

describe('other windows', () => {
  it('monthly: each calendar month checked on its last day (29 February in 2024)', () => {
    const text = HEAD + '规则 按月 针对 单位 { 当 次数(会议 在 自然月 内) 低于 1次 则 未开会 }\n';
    // U2 meets in January (01-15), March (03-03, 03-20) and December (12-01).
    // Months without: Feb (ends 02-29, leap year), Apr 04-30, May 05-31, Jun 06-30, Jul 07-31,
    // Aug 08-31, Sep 09-30, Oct 10-31, Nov 11-30 — 9 outcomes.
    const r = run(text, [meeting('M1', '2024-01-15'), meeting('M2', '2024-03-03'), meeting('M3', '2024-03-20'), meeting('M4', '2024-12-01')]);
    expect(imposed(r, 'U2')).toEqual(
      ['02-29', '04-30', '05-31', '06-30', '07-31', '08-31', '09-30', '10-31', '11-30'].map((d) => `未开会@2024-${d}`),
    );
    expect(penaltiesOf(r, 'U2')[0]!.trace.why.en).toBe('2024-02-29: 2024-02 (2024-02-01 to 2024-02-29) is over; the condition holds (no records)');
    // U1: all 12 months.
    expect(imposed(r, 'U1')).toHaveLength(12);
  });

  it('a period that is not a calendar year clips the first and the last quarter', () => {
    const text = HEAD + '规则 最低 针对 单位 { 当 次数(会议 在 自然季度 内) 低于 1次 则 未开会 }\n';
    // Period 2024-02-15..2024-11-15. Quarters overlapping it: Q1 (checked 03-31, covers 02-15..03-31),
    // Q2 (06-30), Q3 (09-30), Q4 clipped to 10-01..11-15 (checked 11-15). U2 meets on 05-05 (Q2).
    const r = run(text, [meeting('M1', '2024-05-05')], { from: '2024-02-15', to: '2024-11-15' });
    expect(imposed(r, 'U2')).toEqual(['未开会@2024-03-31', '未开会@2024-09-30', '未开会@2024-11-15']);
    const ps = penaltiesOf(r, 'U2');
    expect(ps[0]!.trace.why.zh).toBe('2024-03-31：2024年第1季度（2024-02-15 至 2024-03-31）已届满，条件成立（无记录）');
    expect(ps[2]!.trace.why.zh).toBe('2024-11-15：2024年第4季度（2024-10-01 至 2024-11-15）已届满，条件成立（无记录）');
  });

  it('a period spanning two years: year instances 2024 and 2025, each checked on its last day in the period', () => {
    const text = HEAD + '规则 按年 针对 单位 { 当 次数(会议 在 自然年 内) 低于 1次 则 未开会 }\n';
    // Period 2024-07-01..2025-06-30: 2024 (07-01..12-31, checked 2024-12-31) and 2025 (01-01..06-30,
    // checked 2025-06-30). U2 meets on 2025-03-01, so only 2024 is short.
    const r = run(text, [meeting('M1', '2025-03-01')], { from: '2024-07-01', to: '2025-06-30' });
    expect(imposed(r, 'U2')).toEqual(['未开会@2024-12-31']);
    expect(imposed(r, 'U1')).toEqual(['未开会@2024-12-31', '未开会@2025-06-30']);
  });

  it('the assessment period (or no window): checked once, on the last day of the period', () => {
    const text = HEAD + '规则 全期 针对 单位 { 当 次数(会议 在 考核期 内) 低于 1次 则 未开会 }\n规则 无窗 针对 单位 { 当 次数(会议) 不满 1次 则 未开会 }\n';
    const r = run(text, [meeting('M1', '2024-02-01')]);
    expect(imposed(r, 'U1')).toEqual(['未开会@2024-12-31', '未开会@2024-12-31']);
    expect(imposed(r, 'U2')).toEqual([]);
    expect(penaltiesOf(r, 'U1')[0]!.trace.why.zh).toBe('2024-12-31：考核期（2024-01-01 至 2024-12-31）已届满，条件成立（无记录）');
  });

  it('rolling 30 days: every day whose whole window lies in the period; fires when the condition turns true', () => {
    const text = HEAD + '规则 滚动规则 针对 单位 { 当 次数(会议 在 滚动 30 天 内) 低于 1次 则 未开会 }\n';
    // Period 2024-01-01..2024-03-31. The first full window is 01-01..01-30 (checked on 01-30).
    // U2 meets on 01-10 and 03-01. The window ending D is D−29..D:
    //   D = 02-08: 01-10..02-08 holds M1 → false; D = 02-09: 01-11..02-09 is empty → true (fires);
    //   true until D = 02-29 (01-31..02-29); D = 03-01 .. 03-30: 03-01 is inside → false;
    //   D = 03-31: 03-02..03-31 is empty → true again (fires).
    // U1 never meets: true from 01-30 on, fires once.
    const r = run(text, [meeting('M1', '2024-01-10'), meeting('M2', '2024-03-01')], { from: '2024-01-01', to: '2024-03-31' });
    expect(imposed(r, 'U2')).toEqual(['未开会@2024-02-09', '未开会@2024-03-31']);
    expect(penaltiesOf(r, 'U2')[0]!.trace.why.zh).toBe('2024-02-09：滚动 30 天（2024-01-11 至 2024-02-09）已届满，条件成立（无记录）');
    expect(imposed(r, 'U1')).toEqual(['未开会@2024-01-30']);
  });

  it('an anchored window: checked at its end; a later anchor inside it starts it afresh; a window still open at period end is not due', () => {
    const text =
      '制度 试 "试" { 版本 "1" 考核期 年度 }\n事件 整改 "整改通知" 针对 单位\n事件 回访 "回访" 针对 单位\n后果 未回访 "整改后30天内未回访"\n' +
      '规则 回访检查 针对 单位 { 当 次数(回访 在 自 整改 起 30 天 内) 低于 1次 则 未回访 }\n';
    // U2: 整改 03-01, 回访 03-20 → window 03-02..03-31 holds 1 → nothing.
    //     整改 06-01, no 回访 → window 06-02..07-01 (day 30 = 07-01) → fires 07-01.
    //     整改 09-01 and 09-10: the second starts inside the first window, so only 09-11..10-10 is
    //     checked → fires 10-10.
    //     整改 12-15 → window ends 2025-01-14, after the period: not checked.
    // U1 has no 整改: no window, nothing to check.
    const ev = (id: string, date: string, type: string): EventRecord => ({ id, date, subject: 'U2', type, attrs: {} });
    const r = run(text, [ev('Z1', '2024-03-01', '整改'), ev('H1', '2024-03-20', '回访'), ev('Z2', '2024-06-01', '整改'), ev('Z3', '2024-09-01', '整改'), ev('Z4', '2024-09-10', '整改'), ev('Z5', '2024-12-15', '整改')]);
    expect(imposed(r, 'U2')).toEqual(['未回访@2024-07-01', '未回访@2024-10-10']);
    expect(penaltiesOf(r, 'U2')[0]!.trace.why.zh).toBe('2024-07-01：整改（2024-06-01）后 30 天（2024-06-02 至 2024-07-01）已届满，条件成立（无记录）');
    expect(imposed(r, 'U1')).toEqual([]);
  });
});

describe('other ways of writing "few"', () => {
  it('至多, 以下, 非 (… 以上) and = 0 are minimum frequencies too', () => {
    const text =
      HEAD +
      '后果 甲 "甲"\n后果 乙 "乙"\n后果 丙 "丙"\n后果 丁 "丁"\n' +
      '规则 至多规则 针对 单位 { 当 次数(会议 在 自然季度 内) 至多 1次 则 甲 }\n' +
      '规则 以下规则 针对 单位 { 当 次数(会议 在 自然季度 内) 1次以下 则 乙 }\n' +
      '规则 否定 针对 单位 { 当 非 (次数(会议 在 自然季度 内) 2次以上) 则 丙 }\n' +
      '规则 无会 针对 单位 { 当 次数(会议 在 自然季度 内) = 0 则 丁 }\n' +
      '规则 最低 针对 单位 { 当 次数(会议 在 自然季度 内) 低于 1次 则 未开会 }\n';
    // U2 meetings: Q1 two (01-05, 02-05), Q2 one (04-05), Q3 none, Q4 three (10-05, 11-05, 12-05).
    // ≤ 1 (甲, 乙) and not ≥ 2 (丙): Q2 (1) and Q3 (0). = 0 (丁): Q3 only.
    const r = run(text, ['01-05', '02-05', '04-05', '10-05', '11-05', '12-05'].map((d, i) => meeting(`M${i + 1}`, `2024-${d}`)));
    const u2 = imposed(r, 'U2');
    for (const x of ['甲', '乙', '丙']) expect(u2.filter((p) => p.startsWith(x))).toEqual([`${x}@2024-06-30`, `${x}@2024-09-30`]);
    expect(u2.filter((p) => p.startsWith('丁'))).toEqual(['丁@2024-09-30']);
    expect(u2.filter((p) => p.startsWith('未开会'))).toEqual(['未开会@2024-09-30']);
  });

  it('an exemption is checked on the same day; an exempt instance is noted, not imposed', () => {
    const text = HEAD + '事件 免检 "经批准免于开会" 针对 单位\n规则 最低 针对 单位 { 当 次数(会议 在 自然季度 内) 低于 1次 则 未开会  除非 次数(免检 在 自然季度 内) 1次以上 }\n';
    // U2: no meeting at all; an exemption recorded on 2024-05-01 (Q2). Q2 is exempt: Q1, Q3, Q4 remain.
    const r = run(text, [{ id: 'X1', date: '2024-05-01', subject: 'U2', type: '免检', attrs: {} }]);
    expect(imposed(r, 'U2')).toEqual(['未开会@2024-03-31', '未开会@2024-09-30', '未开会@2024-12-31']);
  });
});

describe('thresholds true when there are many items are unchanged', () => {
  it('以上 still fires on the day of the item that reaches it, once per instance', () => {
    const text = HEAD + '规则 多 针对 单位 { 当 次数(会议 在 自然季度 内) 2次以上 则 未开会 }\n';
    // Q1: 01-05, 02-05 (2nd → fires 02-05), 03-05 (same quarter: no). Q2: 04-05 only.
    const r = run(text, ['01-05', '02-05', '03-05', '04-05'].map((d, i) => meeting(`M${i + 1}`, `2024-${d}`)));
    expect(imposed(r, 'U2')).toEqual(['未开会@2024-02-05']);
    expect(imposed(r, 'U1')).toEqual([]);
  });

  it('a condition with both directions keeps the old rule (evaluated on item days) and the checker warns (KP0609)', () => {
    const text = HEAD + '事件 投诉 "投诉" 针对 单位\n规则 混 针对 单位 { 当 次数(会议 在 自然季度 内) 低于 1次 且 次数(投诉 在 自然季度 内) 1次以上 则 未开会 }\n';
    const a = createEnv().analyze(text, 'mixed.kp');
    expect(a.diagnostics.map((d) => [d.code, d.severity, d.span.line])).toEqual([['KP0609', 'warning', 5]]);
    // U2: a complaint on 05-10, no meeting in Q2 → evaluated on 05-10 (the complaint's day): 0 < 1 and 1 ≥ 1.
    const r = run(text, [{ id: 'C1', date: '2024-05-10', subject: 'U2', type: '投诉', attrs: {} }]);
    expect(imposed(r, 'U2')).toEqual(['未开会@2024-05-10']);
    expect(imposed(r, 'U1')).toEqual([]);
  });
});

describe('countPolarity', () => {
  const conditionOf = (cond: string): Expr => {
    const a = createEnv().analyze(`${HEAD}事件 投诉 "投诉" 针对 单位\n规则 r 针对 单位 { 当 ${cond} 则 未开会 }\n`, 'p.kp');
    const rule = a.checked.policy.decls.find((d): d is RuleDecl => d.kind === 'RuleDecl')!;
    const when = rule.clauses.find((c) => c.kind === 'WhenClause');
    return (when as { condition: Expr }).condition;
  };
  const cases: [string, string][] = [
    ['次数(会议 在 自然季度 内) 低于 1次', 'fewer'],
    ['次数(会议 在 自然季度 内) 不满 2次', 'fewer'],
    ['次数(会议 在 自然季度 内) 不超过 1次', 'fewer'],
    ['次数(会议 在 自然季度 内) <= 1', 'fewer'],
    ['1 > 次数(会议 在 自然季度 内)', 'fewer'],
    ['非 (次数(会议 在 自然季度 内) >= 1)', 'fewer'],
    ['次数(会议 在 自然季度 内) = 0', 'fewer'],
    ['次数(会议) - 次数(投诉) >= 0 且 非 (次数(投诉) 1次以上)', 'mixed'],
    ['次数(会议 在 自然季度 内) 3次以上', 'more'],
    ['次数(会议 在 自然季度 内) != 0', 'more'],
    ['次数(会议 在 自然季度 内) * 2 > 3', 'more'],
    ['次数(会议 在 自然季度 内) = 2', 'undetermined'],
    ['次数(会议 在 自然季度 内) 低于 1次 或 次数(投诉 在 自然月 内) 3次以上', 'mixed'],
  ];
  for (const [cond, want] of cases) it(`${cond} → ${want}`, () => expect(countPolarity(conditionOf(cond))).toBe(want));
});
