/**
 * Validating case data record by record and across records (no files here: records are plain
 * objects with made-up positions, so each test says which position an error must point at).
 * The policy is test/fixtures/data/policy.kp; expected codes, messages and counts are worked
 * out by hand from it and from docs/case-data.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import { createValidator, DATA_CODES, validateCase, type DataError, type Origin, type OriginOf } from '../src/index.js';

const policyUrl = new URL('../../../test/fixtures/data/policy.kp', import.meta.url);
const analysis = createEnv().analyze(readFileSync(policyUrl, 'utf8'), 'policy.kp');
const policy = analysis.checked.policy;

const FILE = 'case.yaml';
/** Made-up columns of fields: a field error points at its field, a missing field at the record. */
const COL: Record<string, number> = { id: 7, date: 15, subject: 31, type: 44, name: 15, unit: 25, head: 25, parent: 33, kind: 41, input: 20, value: 30, quarter: 40, survey: 20, group: 30, choice: 40, count: 50, 情节: 52, 属实: 60, 迟到分钟: 68, 扣减: 76, 收到: 84, 停办: 92, 处理: 100, 情况: 108, 扣减分值: 52 };
const at = (line: number): Origin => ({ file: FILE, line, column: 5 });
const fields =
  (line: number): OriginOf =>
  (p) => ({ file: FILE, line, column: COL[String(p[0])] ?? 1 });
const pos = (e: DataError | undefined) => (e?.origin ? `${e.origin.line}:${e.origin.column}` : undefined);
const brief = (es: readonly DataError[]) => es.map((e) => [e.code, pos(e)]);

const HEADER = { period: { from: '2024-01-01', to: '2024-12-31' }, params: { 投诉扣分: '2' } };
const UNITS = [
  { id: 'U0', name: '县局', kind: 'type2' },
  { id: 'U1', name: '综合办', head: 'P1', kind: 'type1', parent: 'U0' },
];
const PEOPLE = [{ id: 'P1', name: '张三', unit: 'U1' }];

/** A validator with a valid header, units and people already fed. */
function base() {
  const v = createValidator(policy);
  expect(v.header(HEADER, (p) => ({ file: FILE, line: 1, column: p.length + 1 }))).not.toBeInstanceOf(Array);
  UNITS.forEach((u, i) => expect(v.unit(u, at(10 + i), fields(10 + i))).not.toBeInstanceOf(Array));
  PEOPLE.forEach((p, i) => expect(v.person(p, at(20 + i), fields(20 + i))).not.toBeInstanceOf(Array));
  return v;
}

const ev = (id: string, more: Record<string, unknown> = {}) => ({ id, date: '2024-03-05', subject: 'P1', type: '投诉', ...more });

describe('one event', () => {
  it('an enum value not declared: KD0124, at the attribute, with the brief\'s message', () => {
    const v = base();
    const r = v.event(ev('E7', { 情节: '特别严重' }), at(30), fields(30));
    expect(r).toBeInstanceOf(Array);
    const [e] = r as DataError[];
    expect(e!.code).toBe('KD0124');
    expect(e!.message.zh).toBe('事件 E7 的属性 情节 应为 一般、严重 之一，实际为 特别严重。请改为其中之一，或在制度中声明该值。');
    expect(e!.message.en).toBe('event E7: attribute 情节 should be one of 一般, 严重, but is 特别严重. Use one of them, or declare the value in the policy.');
    expect(pos(e)).toBe('30:52');
    expect(e!.record).toBe('E7');
  });

  it('a label written instead of the name is answered with the name', () => {
    const [e] = base().event(ev('E1', { 情节: '情节严重' }), at(30), fields(30)) as DataError[];
    expect(e!.code).toBe('KD0124');
    expect(e!.message.zh).toContain('「情节严重」是 严重 的标签，请写名称 严重。');
  });

  it('an attribute not declared: KD0122 with the attributes and a suggestion', () => {
    const [e] = base().event(ev('E1', { 情况: '一般' }), at(30), fields(30)) as DataError[];
    expect(e!.code).toBe('KD0122');
    expect(e!.message.zh).toBe('事件 E1（投诉）没有属性 情况。投诉 的属性有：情节、属实、迟到分钟、扣减、收到、备注、停办、处理。是否想写 情节？');
    expect(pos(e)).toBe('30:108');
  });

  it('every wrong field is reported, each once, in the order written', () => {
    const r = base().event(ev('E1', { 迟到分钟: '1.5', 属实: '对', 扣减: '1e3', 收到: '2024/03/01', 停办: [{ from: '2024-03-01' }], 处理: '开除' }), at(30), fields(30)) as DataError[];
    expect(r.map((e) => [e.code, pos(e)])).toEqual([
      ['KD0123', '30:68'], // 迟到分钟: an integer
      ['KD0123', '30:60'], // 属实: a boolean
      ['KD0123', '30:76'], // 扣减: no exponent
      ['KD0123', '30:84'], // 收到: YYYY-MM-DD
      ['KD0123', '30:92'], // 停办: an interval needs from and to
      ['KD0124', '30:100'], // 处理: a decision option
    ]);
    expect(r[0]!.message.zh).toBe('事件 E1 的属性 迟到分钟 应为 整数，实际为 1.5。请改正该值。');
    expect(r[1]!.message.zh).toBe('事件 E1 的属性 属实 应为 true 或 false（也可写 是/否），实际为 对。请改正该值。');
    expect(r[5]!.message.zh).toBe('事件 E1 的属性 处理 应为 告诫、待岗 之一，实际为 开除。请改为其中之一，或在制度中声明该值。');
  });

  it('missing fields: KD0121, at the record', () => {
    const r = base().event({ id: 'E1', type: '投诉' }, at(30), fields(30)) as DataError[];
    expect(r.map((e) => [e.code, pos(e)])).toEqual([
      ['KD0121', '30:5'],
      ['KD0121', '30:5'],
    ]);
    expect(r[0]!.message.zh).toBe('事件 E1 缺少字段 date（YYYY-MM-DD 格式的日期）。请补上。');
    expect(r[1]!.message.zh).toBe('事件 E1 缺少字段 subject（人员编号）。请补上。');
  });

  it('a missing type names the event types', () => {
    const [e] = base().event({ id: 'E1', date: '2024-03-05', subject: 'P1' }, at(30)) as DataError[];
    expect(e!.code).toBe('KD0121');
    expect(e!.message.zh).toBe('事件 E1 缺少字段 type（事件类型）。请写明本制度声明的事件类型之一：投诉、事故、核查、告诫、待岗、表彰、纪检。');
  });

  it('an unknown type: KD0126 with a suggestion, at the type', () => {
    const [e] = base().event(ev('E8', { type: '投拆' }), at(30), fields(30)) as DataError[];
    expect(e!.code).toBe('KD0126');
    expect(e!.message.zh).toBe('事件 E8 的类型 投拆 不是本制度声明的事件类型，也不是处罚、后果或移送。是否想写 投诉？');
    expect(e!.message.en).toBe('event E8: type 投拆 is not an event type of the policy, nor a penalty, outcome or referral. Did you mean 投诉?');
    expect(pos(e)).toBe('30:44');
  });

  it('an event type written with its label is answered with the name', () => {
    const [e] = base().event(ev('E8', { type: '察访核验', subject: 'U1' }), at(30), fields(30)) as DataError[];
    expect(e!.code).toBe('KD0126');
    expect(e!.message.zh).toContain('「察访核验」是事件 核查 的标签，请写名称 核查。');
  });

  it('impossible dates and reversed intervals: KD0125', () => {
    const r = base().event(ev('E1', { date: '2024-02-30', 收到: '2023-02-29', 停办: '2024-03-05..2024-03-01' }), at(30), fields(30)) as DataError[];
    expect(r.map((e) => [e.code, pos(e)])).toEqual([
      ['KD0125', '30:15'],
      ['KD0125', '30:84'],
      ['KD0125', '30:92'],
    ]);
    expect(r[0]!.message.zh).toBe('事件 E1 的字段 date 中的日期 2024-02-30 不存在。请核对年月日。');
    expect(r[2]!.message.zh).toBe('事件 E1 的属性 停办 中的区间 2024-03-05..2024-03-01 起止颠倒。请把开始日期写在前面。');
  });

  it('a sanction recorded as an event takes no attributes', () => {
    const [e] = base().event(ev('E5', { type: '待岗', 情节: '严重' }), at(30), fields(30)) as DataError[];
    expect(e!.code).toBe('KD0122');
    expect(pos(e)).toBe('30:52');
  });

  it('not an object: KD0120', () => {
    const [e] = base().event('E1,2024-03-05', at(30)) as DataError[];
    expect(e!.code).toBe('KD0120');
    expect(pos(e)).toBe('30:5');
  });

  it('values are typed: booleans from words, numbers exact, intervals from the compact form', () => {
    const r = base().event(ev('E1', { 属实: '是', 扣减: 0.1, 迟到分钟: '45', 停办: '2024-03-01..2024-03-02; 2024-04-01..2024-04-01', 备注: 123 }), at(30), fields(30));
    expect(r).toEqual({
      id: 'E1',
      date: '2024-03-05',
      subject: 'P1',
      type: '投诉',
      attrs: { 属实: true, 扣减: '0.1', 迟到分钟: '45', 停办: [{ from: '2024-03-01', to: '2024-03-02' }, { from: '2024-04-01', to: '2024-04-01' }], 备注: '123' },
      origin: at(30),
    });
    const x = base().event(ev('E2', { 扣减: '89.995', 属实: 'FALSE' }), at(31)) as { attrs: Record<string, unknown> };
    expect(x.attrs).toEqual({ 扣减: '89.995', 属实: false });
  });

  it('null means absent', () => {
    const r = base().event(ev('E1', { 情节: null }), at(30)) as { attrs: Record<string, unknown> };
    expect(r.attrs).toEqual({});
  });
});

describe('inputs and votes', () => {
  it('a value out of range: KD0129 (compared exactly)', () => {
    const v = base();
    const [e] = v.input({ subject: 'U1', input: '指标', value: '100.0001' }, at(40), fields(40)) as DataError[];
    expect(e!.code).toBe('KD0129');
    expect(e!.message.zh).toBe('输入 指标（U1）的字段 value 应在 0 到 100 之间（制度规定的范围），实际为 100.0001。请核对该值。');
    expect(pos(e)).toBe('40:30');
    expect(v.input({ subject: 'U0', input: '指标', value: '100' }, at(41))).toMatchObject({ value: '100' });
  });

  it('quarter: required for a quarterly input, not allowed otherwise (KD0130)', () => {
    const v = base();
    const [a] = v.input({ subject: 'P1', input: '季度得分', value: '88' }, at(40), fields(40)) as DataError[];
    expect(a!.code).toBe('KD0130');
    expect(a!.message.zh).toBe('输入 季度得分（P1）缺少 quarter：该输入按季度给出，应写明季度 1、2、3、4 之一。请补上季度。');
    expect(pos(a)).toBe('40:5');
    const [b] = v.input({ subject: 'U1', input: '指标', value: '88', quarter: 1 }, at(41), fields(41)) as DataError[];
    expect(b!.code).toBe('KD0130');
    expect(pos(b)).toBe('41:40');
    const [c] = v.input({ subject: 'P1', input: '季度得分', value: '88', quarter: 5 }, at(42), fields(42)) as DataError[];
    expect(c!.code).toBe('KD0123');
    expect(c!.message.zh).toBe('输入 季度得分（P1，第 5 季度）的字段 quarter 应为 季度 1、2、3、4 之一，实际为 5。请改正该值。');
    expect(v.input({ subject: 'P1', input: '季度得分', value: 90.5, quarter: '2' }, at(43))).toEqual({ subject: 'P1', input: '季度得分', value: '90.5', quarter: 2, origin: at(43) });
  });

  it('an unknown input: KD0127 with a suggestion', () => {
    const [e] = base().input({ subject: 'U1', input: '指数', value: '1' }, at(40), fields(40)) as DataError[];
    expect(e!.code).toBe('KD0127');
    expect(e!.message.zh).toBe('输入 指数（U1）：指数 不是本制度声明的输入。是否想写 指标？');
  });

  it('group: required when the survey has groups, not allowed otherwise (KD0131)', () => {
    const v = base();
    const [a] = v.vote({ subject: 'U1', survey: '民主测评', choice: '满意' }, at(50), fields(50)) as DataError[];
    expect(a!.code).toBe('KD0131');
    expect(a!.message.zh).toBe('测评票 民主测评（U1）缺少 group：测评 民主测评 分评议组计分，应为 领导班子、群众 之一。请补上评议组。');
    const [b] = v.vote({ subject: 'P1', survey: '满意度', group: '群众', choice: '90' }, at(51), fields(51)) as DataError[];
    expect(b!.code).toBe('KD0131');
    expect(pos(b)).toBe('51:30');
  });

  it('choices by name (a label is answered with the name), ratings in range, counts whole', () => {
    const v = base();
    const [a] = v.vote({ subject: 'U1', survey: '民主测评', group: '群众', choice: '一般' }, at(50), fields(50)) as DataError[];
    expect(a!.code).toBe('KD0124');
    expect(a!.message.zh).toBe('测评票 民主测评（U1）的字段 choice 应为 满意、一般票、不满意 之一，实际为 一般。「一般」是 一般票 的标签，请写名称 一般票。');
    const [b] = v.vote({ subject: 'P1', survey: '满意度', choice: '-1' }, at(51), fields(51)) as DataError[];
    expect(b!.code).toBe('KD0129');
    const [c] = v.vote({ subject: 'P1', survey: '满意度', choice: '90', count: '0' }, at(52), fields(52)) as DataError[];
    expect(c!.code).toBe('KD0123');
    expect(c!.message.zh).toBe('测评票 满意度（P1）的字段 count 应为 正整数（票数），实际为 0。请改正该值。');
    expect(v.vote({ subject: 'P1', survey: '满意度', choice: 95.5 }, at(53))).toEqual({ subject: 'P1', survey: '满意度', choice: '95.5', count: 1, origin: at(53) });
  });

  it('an unknown survey: KD0128', () => {
    const [e] = base().vote({ subject: 'U1', survey: '民意测评', choice: '满意' }, at(50)) as DataError[];
    expect(e!.code).toBe('KD0128');
    expect(e!.message.zh).toBe('测评票 民意测评（U1）：民意测评 不是本制度声明的测评。是否想写 民主测评？');
  });
});

describe('numbers too large to be what they say (KD0129, with the limit)', () => {
  it('a vote count above the limit is too large, not "not a positive integer"', () => {
    const v = base();
    const [e] = v.vote({ subject: 'U1', survey: '民主测评', group: '群众', choice: '满意', count: '99999999999999999999999' }, at(50), fields(50)) as DataError[];
    expect(e!.code).toBe('KD0129');
    expect(e!.message.zh).toBe('测评票 民主测评（U1）的字段 count 为 99999999999999999999999，超出上限：一行最多 1000000000 票。请核对票数；票数更多时，请把同一选项分成几行写（各行的票数相加）。');
    expect(e!.message.en).toBe('vote 民主测评 (U1): count is 99999999999999999999999, more than the limit: a line holds at most 1000000000 votes. Check the count; for more votes, write the same choice on several lines (their counts add up).');
    expect(pos(e)).toBe('50:50');
    // the limit itself is accepted; one more is not
    expect(v.vote({ subject: 'U1', survey: '民主测评', group: '群众', choice: '满意', count: '1000000000' }, at(51))).not.toBeInstanceOf(Array);
    expect((v.vote({ subject: 'U1', survey: '民主测评', group: '群众', choice: '满意', count: 1000000001 }, at(52)) as DataError[])[0]!.code).toBe('KD0129');
  });

  it('a quarter far out of range is still "a quarter: 1, 2, 3 or 4"', () => {
    const [e] = base().input({ subject: 'P1', input: '季度得分', value: '80', quarter: '99999999999999999999999' }, at(40), fields(40)) as DataError[];
    expect(e!.code).toBe('KD0123');
    expect(e!.message.zh).toBe('输入 季度得分（P1，第 99999999999999999999999 季度）的字段 quarter 应为 季度 1、2、3、4 之一，实际为 99999999999999999999999。请改正该值。');
  });

  // A number of days is counted on the calendar (a deadline's limit or extension must have a
  // unit of days, KP0606): a negative count cannot be counted, and one beyond the days of
  // 10,000 years (dates have four-digit years: 10,000 × 365.2425 = 3,652,425) ends on no date.
  const daysPolicy = createEnv().analyze(
    [
      '制度 p "p" { 版本 "1" 考核期 年度 }',
      '事件 申请 "申请" 针对 人员 {',
      '  承诺天数: 整数 天',
      '  延长: 小数 工作日',
      '  迟到分钟: 整数 分钟',
      '}',
      '',
    ].join('\n'),
    'p.kp',
  ).checked.policy;
  const daysEvent = (attrs: Record<string, unknown>) => {
    const v = createValidator(daysPolicy);
    v.header({ period: { from: '2024-01-01', to: '2024-12-31' } });
    return v.event({ id: 'A1', date: '2024-03-01', subject: 'P1', type: '申请', ...attrs }, at(30), fields(30));
  };

  it('a number of days is at most 3652425 and not negative; other integers are not limited', () => {
    const [huge] = daysEvent({ 承诺天数: '99999999999999999999999' }) as DataError[];
    expect(huge!.code).toBe('KD0129');
    expect(huge!.message.zh).toBe('事件 A1 的属性 承诺天数 为 99999999999999999999999 天，超出上限：天数最多为 3652425（一万年的天数；日期的年份只有四位）。请核对该值。');
    expect(huge!.message.en).toBe('event A1: attribute 承诺天数 is 99999999999999999999999 days, more than the limit: a number of days is at most 3652425 (the days of 10,000 years; dates have four-digit years). Check the value.');
    const [neg] = daysEvent({ 延长: '-0.5' }) as DataError[];
    expect(neg!.code).toBe('KD0129');
    expect(neg!.message.zh).toBe('事件 A1 的属性 延长 为 -0.5 个工作日，天数不能为负。请核对该值。');
    expect(neg!.message.en).toBe('event A1: attribute 延长 is -0.5 working days; a number of days cannot be negative. Check the value.');
    expect(daysEvent({ 承诺天数: '3652425', 延长: '0', 迟到分钟: '99999999999999999999999' })).not.toBeInstanceOf(Array);
  });
});

describe('an unknown name lists the nearest names first (KD0126, KD0127, KD0128)', () => {
  // Twelve event types; 服务差 is two insertions from 服务态度差 (too far for "did you mean": a
  // name of 3 characters gets a suggestion within 1), three edits from each 2-character name and
  // four from each 4-character one. Ties keep the policy's order; ten names are shown.
  const manyTypes = ['投诉', '迟到', '早退', '旷工', '事故', '会议缺席', '服务态度差', '超时办结', '材料不全', '窗口空岗', '违规收费', '脱岗'];
  const wide = createEnv().analyze(
    ['制度 p "p" { 版本 "1" 考核期 年度 }', ...manyTypes.map((t) => `事件 ${t} "${t}" 针对 人员`), '输入 指标 "指标" 针对 人员: 分', ''].join('\n'),
    'p.kp',
  ).checked.policy;

  it('KD0126: up to ten event types, nearest first, and how many there are', () => {
    const v = createValidator(wide);
    const [e] = v.event(ev('E8', { type: '服务差' }), at(30), fields(30)) as DataError[];
    expect(e!.code).toBe('KD0126');
    expect(e!.message.zh).toBe(
      '事件 E8 的类型 服务差 不是本制度声明的事件类型，也不是处罚、后果或移送。与它最接近的事件类型：服务态度差、投诉、迟到、早退、旷工、事故、脱岗、会议缺席、超时办结、材料不全（共 12 个）。',
    );
    expect(e!.message.en).toBe(
      'event E8: type 服务差 is not an event type of the policy, nor a penalty, outcome or referral. The nearest event types: 服务态度差, 投诉, 迟到, 早退, 旷工, 事故, 脱岗, 会议缺席, 超时办结, 材料不全 (12 in all).',
    );
  });

  it('with ten names or fewer, all of them, nearest first (the fixture policy: 7 types)', () => {
    // 告诫待岗 is two edits from 告诫 and from 待岗 (deletions), four from the other 2-character names.
    const [e] = base().event(ev('E8', { type: '告诫待岗' }), at(30), fields(30)) as DataError[];
    expect(e!.message.zh).toContain('与它最接近的事件类型：告诫、待岗、投诉、事故、核查、表彰、纪检。');
  });

  it('a missing type: the first ten, and how many there are', () => {
    const [e] = createValidator(wide).event({ id: 'E1', date: '2024-03-05', subject: 'P1' }, at(30)) as DataError[];
    expect(e!.message.zh).toBe('事件 E1 缺少字段 type（事件类型）。请写明本制度声明的事件类型之一：投诉、迟到、早退、旷工、事故、会议缺席、服务态度差、超时办结、材料不全、窗口空岗 等（共 12 个）。');
  });

  it('KD0127 and KD0128 rank the same way', () => {
    const [i] = base().input({ subject: 'P1', input: '得分', value: '1' }, at(40), fields(40)) as DataError[];
    // 得分 → 指标: two substitutions; → 季度得分: two insertions — a tie, kept in the policy's order.
    expect(i!.message.zh).toBe('输入 得分（P1）：得分 不是本制度声明的输入。与它最接近的输入：指标、季度得分。');
    const [s] = base().vote({ subject: 'P1', survey: '测评满意', choice: '1' }, at(50), fields(50)) as DataError[];
    // 测评满意 → 满意度: delete 测评, add 度 (3 edits); → 民主测评: add 民主, delete 满意 (4).
    expect(s!.message.zh).toBe('测评票 测评满意（P1）：测评满意 不是本制度声明的测评。与它最接近的测评：满意度、民主测评。');
  });
});

describe('header', () => {
  it('period: from after to is KD0111; a second, different period is KD0112', () => {
    const v = createValidator(policy);
    const [a] = v.header({ period: { from: '2024-12-31', to: '2024-01-01' } }, () => at(1)) as DataError[];
    expect(a!.code).toBe('KD0111');
    expect(a!.message.zh).toBe('考核期从 2024-12-31 开始，却在 2024-01-01 结束。请把开始日期写在 from，结束日期写在 to。');
    expect(v.header({ period: { from: '2024-01-01', to: '2024-12-31' } }, () => at(2))).toMatchObject({ period: { from: '2024-01-01', to: '2024-12-31' } });
    expect(v.header({ period: { from: '2024-01-01', to: '2024-12-31' } }, () => at(3))).not.toBeInstanceOf(Array);
    const [b] = v.header({ period: { from: '2024-01-01', to: '2024-06-30' } }, () => at(4)) as DataError[];
    expect(b!.code).toBe('KD0112');
    expect(b!.message.zh).toBe('考核期已在 case.yaml:2:5 给出（2024-01-01 至 2024-12-31），此处又给出 2024-01-01 至 2024-06-30。请只保留一处。');
  });

  it('params: undeclared (KD0113), fixed in the policy (KD0114), two values (KD0115), not a number (KD0123)', () => {
    const v = createValidator(policy);
    const o: OriginOf = (p) => ({ file: FILE, line: 3, column: p[0] === 'params' && p[1] !== undefined ? 10 + String(p[1]).length : 1 });
    const r = v.header({ params: { 投诉扣: '2', 扣分上限: '3', 投诉扣分: 'two' } }, o) as DataError[];
    expect(r.map((e) => e.code)).toEqual(['KD0113', 'KD0114', 'KD0123']);
    expect(r[0]!.message.zh).toBe('制度没有声明参数 投诉扣。需要取值的参数：投诉扣分。是否想写 投诉扣分？');
    expect(r[1]!.message.zh).toBe('参数 扣分上限 已在制度中赋值，不能在案件数据中再给值。若要改变它，请在制度中修改（或用 覆盖 声明）。');
    expect(pos(r[0])).toBe('3:13');
    expect(v.header({ params: { 投诉扣分: 2 } }, o)).toMatchObject({ params: { 投诉扣分: '2' } });
    const [d] = v.header({ params: { 投诉扣分: '2.5' } }, o) as DataError[];
    expect(d!.code).toBe('KD0115');
  });

  it('calendar: a day both holiday and working day is KD0117; an unknown top-level key is KD0107', () => {
    const v = createValidator(policy);
    const r = v.header({ calendar: { holidays: ['2024-10-01'], workdays: ['2024-10-01'] }, event: [] }, (p) => ({ file: FILE, line: 5, column: p.length })) as DataError[];
    expect(r.map((e) => [e.code, pos(e)])).toEqual([
      ['KD0107', '5:1'],
      ['KD0117', '5:3'],
    ]);
    expect(r[0]!.message.zh).toBe('案件文件没有顶层字段 event；可用的字段：period、calendar、params、history、units、people、events、inputs、votes。是否想写 events？');
  });

  it('no period: KD0110, and no data', () => {
    const v = createValidator(policy);
    const r = v.finish();
    expect(r.data).toBeUndefined();
    expect(r.errors.map((e) => e.code)).toEqual(['KD0110']);
    expect(r.errors[0]!.origin).toBeUndefined();
  });
});

describe('across records (finish)', () => {
  it('duplicate ids: the first is used, each later one is its own error (KD0140)', () => {
    const v = base();
    v.event(ev('E1'), at(30));
    v.event(ev('E1'), at(31));
    v.event(ev('E1'), at(32));
    v.unit({ id: 'U1', name: '重复' }, at(12));
    v.person({ id: 'P1', name: '重复', unit: 'U1' }, at(21));
    const r = v.finish();
    expect(r.errors.map((e) => [e.code, pos(e)])).toEqual([
      ['KD0140', '12:5'],
      ['KD0140', '21:5'],
      ['KD0140', '31:5'],
      ['KD0140', '32:5'],
    ]);
    expect(r.errors[2]!.message.zh).toBe('事件编号 E1 重复：已在 case.yaml:30:5 使用。此条记录未被采用；请给它另一个编号，或删除重复的记录。');
    expect(r.counts.events).toEqual({ read: 3, used: 1, rejected: 2 });
    expect(r.counts.units).toEqual({ read: 3, used: 2, rejected: 1 });
    expect(r.data!.units.find((u) => u.id === 'U1')!.name).toBe('综合办');
  });

  it('subjects: unknown (KD0141), wrong kind (KD0142), wrong unit kind (KD0143), at the subject', () => {
    const v = base();
    v.event(ev('E1', { subject: 'P9' }), at(30), fields(30));
    v.event(ev('E2', { type: '事故', subject: 'P1' }), at(31), fields(31));
    v.event(ev('E3', { type: '核查', subject: 'U0' }), at(32), fields(32));
    v.event(ev('E4', { type: '投诉', subject: 'U1' }), at(33), fields(33));
    v.event(ev('E5', { type: '待岗', subject: 'U1' }), at(34), fields(34)); // a sanction: person or unit
    v.input({ subject: 'P1', input: '指标', value: '1' }, at(40), fields(40));
    v.vote({ subject: 'U9', survey: '民主测评', group: '群众', choice: '满意' }, at(50), fields(50));
    const r = v.finish();
    expect(r.errors.map((e) => [e.code, e.record, pos(e)])).toEqual([
      ['KD0141', 'E1', '30:31'],
      ['KD0142', 'E2', '31:31'],
      ['KD0143', 'E3', '32:31'],
      ['KD0142', 'E4', '33:31'],
      ['KD0142', 'input:P1:指标', '40:31'],
      ['KD0141', 'vote:U9:民主测评:群众:满意', '50:31'],
    ]);
    expect(r.errors[0]!.message.zh).toBe('事件 E1 的对象 subject 应为人员编号，但没有编号为 P9 的人员。请改正 subject，或在 people 中加上该人员。');
    expect(r.errors[1]!.message.zh).toBe('事件类型 事故 针对单位，但 P1 是人员。请把 subject 改为单位编号。');
    expect(r.errors[2]!.message.zh).toBe('事件类型 核查 针对类别为 type1 的单位，但单位 U0 的类别是 type2。请核对 subject，或该单位的 kind。');
    expect(r.counts.events).toEqual({ read: 5, used: 1, rejected: 4 });
    expect(r.data!.events.map((e) => e.id)).toEqual(['E5']);
  });

  it('units and people: unknown unit (KD0144), head (KD0145), parent (KD0146), kind (KD0147), cycles', () => {
    const v = createValidator(policy);
    v.header(HEADER);
    v.unit({ id: 'U1', name: 'a', head: 'P9' }, at(10), fields(10));
    v.unit({ id: 'U2', name: 'b', parent: 'U8' }, at(11), fields(11));
    v.unit({ id: 'U3', name: 'c', kind: 'type3' }, at(12), fields(12));
    v.unit({ id: 'U4', name: 'd', parent: 'U5' }, at(13), fields(13));
    v.unit({ id: 'U5', name: 'e', parent: 'U4' }, at(14), fields(14));
    v.person({ id: 'P1', name: 'x', unit: 'U7' }, at(20), fields(20));
    const r = v.finish();
    expect(r.errors.map((e) => [e.code, pos(e)])).toEqual([
      ['KD0147', '12:41'],
      ['KD0146', '13:33'],
      ['KD0146', '14:33'],
      ['KD0145', '10:25'],
      ['KD0146', '11:33'],
      ['KD0144', '20:25'],
    ]);
    expect(r.errors[0]!.message.zh).toBe('单位 U3 的字段 kind 应为 本制度声明的单位类别 type1、type2 之一，实际为 type3。是否想写 type1？');
    expect(r.errors[1]!.message.zh).toBe('单位 U4 的上级单位链回到了它自己（U4 → U5 → U4）。请改正 parent。');
    expect(r.errors[3]!.message.zh).toBe('单位 U1 的负责人 head 应为人员编号，但没有编号为 P9 的人员。请在 people 中加上该人员，或改正 head。');
    expect(r.counts.units).toEqual({ read: 5, used: 0, rejected: 5 });
  });

  it('a rejected record makes the records that refer to it fail, saying where', () => {
    const v = base();
    v.person({ id: 'P2', name: '李四', unit: 'U9' }, at(21), fields(21));
    v.event(ev('E1', { subject: 'P2' }), at(30), fields(30));
    const r = v.finish();
    expect(r.errors.map((e) => e.code)).toEqual(['KD0144', 'KD0141']);
    expect(r.errors[1]!.message.zh).toBe('事件 E1 的对象 subject 应为人员编号，但人员 P2 的记录未被采用（见 case.yaml:21:5 的错误）。请改正 subject，或在 people 中加上该人员。');
  });

  it('a record rejected on its own still counts for duplicates and is named by those that refer to it', () => {
    const v = base();
    v.person({ id: 'P2', unit: 'U1' }, at(21), fields(21)); // no name: KD0121
    v.person({ id: 'P2', name: '李四', unit: 'U1' }, at(22), fields(22)); // the same id again: KD0140
    v.event(ev('E1', { subject: 'P2' }), at(30), fields(30)); // P2 is not usable: KD0141
    const r = v.finish();
    expect(brief(r.errors)).toEqual([
      ['KD0121', '21:5'],
      ['KD0140', '22:5'],
      ['KD0141', '30:31'],
    ]);
    expect(r.errors[1]!.message.zh).toBe('人员编号 P2 重复：已在 case.yaml:21:5 使用（该记录有错误，也未被采用）。此条记录未被采用；请给它另一个编号，或删除重复的记录。');
    expect(r.errors[2]!.message.zh).toBe('事件 E1 的对象 subject 应为人员编号，但人员 P2 的记录未被采用（见 case.yaml:21:5 的错误）。请改正 subject，或在 people 中加上该人员。');
    expect(r.counts.people).toEqual({ read: 3, used: 1, rejected: 2 });
  });

  it('dates outside the period: KD0148, at the date', () => {
    const v = base();
    v.event(ev('E1', { date: '2023-12-31' }), at(30), fields(30));
    v.event(ev('E2', { date: '2024-01-01' }), at(31), fields(31));
    v.event(ev('E3', { date: '2024-12-31' }), at(32), fields(32));
    v.event(ev('E4', { date: '2025-01-01' }), at(33), fields(33));
    const r = v.finish();
    expect(r.errors.map((e) => [e.code, e.record, pos(e)])).toEqual([
      ['KD0148', 'E1', '30:15'],
      ['KD0148', 'E4', '33:15'],
    ]);
    expect(r.errors[0]!.message.zh).toBe('事件 E1 的日期 2023-12-31 不在考核期 2024-01-01 至 2024-12-31 内，未被采用。请核对日期，或调整考核期。');
    expect(r.data!.events.map((e) => e.id)).toEqual(['E2', 'E3']);
  });

  it('a second value for the same input (and quarter): KD0150', () => {
    const v = base();
    v.input({ subject: 'U1', input: '指标', value: '90' }, at(40));
    v.input({ subject: 'U1', input: '指标', value: '91' }, at(41));
    v.input({ subject: 'P1', input: '季度得分', value: '80', quarter: 1 }, at(42));
    v.input({ subject: 'P1', input: '季度得分', value: '81', quarter: 2 }, at(43));
    const r = v.finish();
    expect(r.errors.map((e) => [e.code, pos(e)])).toEqual([['KD0150', '41:5']]);
    expect(r.errors[0]!.message.zh).toBe('输入 指标（U1）已在 case.yaml:40:5 给出（90），此处又给出 91。此条未被采用；请只保留一个值。');
    expect(r.counts.inputs).toEqual({ read: 4, used: 3, rejected: 1 });
  });

  it('records rejected by the reader are counted', () => {
    const v = base();
    v.reject('events', { code: 'KD0104', message: { zh: 'x', en: 'x' }, origin: at(60) });
    v.event(ev('E1'), at(61));
    const r = v.finish();
    expect(r.counts.events).toEqual({ read: 2, used: 1, rejected: 1 });
    expect(r.errors.map((e) => e.code)).toEqual(['KD0104']);
  });
});

describe('validateCase on a whole object', () => {
  it('reads numbers exactly and keeps records in order', () => {
    const r = validateCase(policy, {
      ...HEADER,
      units: UNITS,
      people: PEOPLE,
      events: [ev('E1', { 扣减: 0.1 }), ev('E2', { 扣减: '89.995' })],
      inputs: [{ subject: 'U1', input: '指标', value: '92.50' }],
    });
    expect(r.errors).toEqual([]);
    expect(r.data!.events.map((e) => e.attrs['扣减'])).toEqual(['0.1', '89.995']);
    expect(r.data!.inputs[0]!.value).toBe('92.50');
    expect(r.data!.params).toEqual({ 投诉扣分: '2' });
    expect(r.counts).toEqual({
      units: { read: 2, used: 2, rejected: 0 },
      people: { read: 1, used: 1, rejected: 0 },
      events: { read: 2, used: 2, rejected: 0 },
      inputs: { read: 1, used: 1, rejected: 0 },
      votes: { read: 0, used: 0, rejected: 0 },
    });
  });

  it('a section that is not a list, and a case that is not an object: KD0107', () => {
    expect(validateCase(policy, { ...HEADER, events: { id: 'E1' } }).errors.map((e) => e.code)).toEqual(['KD0107']);
    expect(validateCase(policy, [1, 2]).errors.map((e) => e.code)).toEqual(['KD0107', 'KD0110']);
  });
});

describe('the codes are documented', () => {
  const doc = readFileSync(new URL('../../../docs/case-data.md', import.meta.url), 'utf8');
  it('every code in DATA_CODES is in docs/case-data.md, and the docs list no other', () => {
    const documented = new Set([...doc.matchAll(/\| (KD\d{4}) \|/g)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(Object.keys(DATA_CODES).sort());
  });
});

describe('compiled schemas are shared only between policies that imply the same schema', () => {
  const text = (values: string): string => `制度 p "p" { 版本 "1" 考核期 年度 }\n事件 投诉 "投诉" 针对 人员 { 情节: ${values} }\n`;
  const errorsFor = (source: string, value: string): string[] => {
    const p = createEnv().analyze(source, 'p.kp').checked.policy;
    return validateCase(p, {
      period: { from: '2024-01-01', to: '2024-12-31' },
      units: [{ id: 'U', name: '办' }],
      people: [{ id: 'P', name: '张', unit: 'U' }],
      events: [{ id: 'E', date: '2024-03-01', subject: 'P', type: '投诉', 情节: value }],
    }).errors.map((e) => e.code);
  };

  it('an edited policy with the same schema validates as before; one with a new value accepts it', () => {
    // the same text twice: two policy objects, one schema
    expect(errorsFor(text('一般 | 严重'), '严重')).toEqual([]);
    expect(errorsFor(text('一般 | 严重'), '特别严重')).toEqual(['KD0124']);
    // a third value: a new schema, so 特别严重 is now valid, and the old one still rejects it
    expect(errorsFor(text('一般 | 严重 | 特别严重'), '特别严重')).toEqual([]);
    expect(errorsFor(text('一般 | 严重'), '特别严重')).toEqual(['KD0124']);
  });
});
