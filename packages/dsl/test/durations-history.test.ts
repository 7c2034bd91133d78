/**
 * Issue 10, items 2 and 3 in the language: calendar durations (年 / 个月 / 半年 and `years` /
 * `months` / `half a year`, with `1 year` / `1 month`), the calendar half-year window 自然半年 /
 * `calendar half year`, and the window 全部记录 / `all records`. Each Chinese policy below has an
 * English twin; both must parse to the same windows and check clean. Expected values are the
 * language's rules (docs/language.md §2.3, §7), not the program's output.
 */
import { describe, expect, it } from 'vitest';
import type * as A from '../src/ast.js';
import { createEnv } from '../src/index.js';

const zh = `制度 日历期间 "日历上的期间" { 版本 "1" 考核期 年度 }
事件 告诫 "告诫" 针对 人员
事件 借用 "借用" 针对 人员 { 借用期限: 整数 个月 }
处罚 调岗 "调整工作岗位" { 轻重 3 }
后果 报县 "报县"
后果 提醒 "提醒"
规则 一年 针对 人员 { 当 次数(告诫 在 自 调岗 起 1年 内) 1次以上 则 报县 }
规则 三年 针对 人员 { 当 次数(告诫 在 滚动 3年 内) 低于 1次 则 提醒 }
规则 半年窗 针对 人员 { 当 次数(告诫 在 滚动 半年 内) 2次以上 则 提醒 }
规则 月 针对 人员 { 当 次数(告诫 在 6个月 之后 调岗 内) 1次以上 则 提醒 }
规则 自然 针对 人员 { 当 次数(告诫 在 自然半年 内) 低于 1次 则 提醒 }
规则 全部 针对 人员 { 当 次数(告诫 在 全部记录 内) 2次以上 则 提醒 }
规则 借 针对 人员 { 发生 借用 其中 借用期限 半年以上 则 提醒 }
规则 递进 针对 人员 { 发生 告诫  阶梯 在 全部记录 内 { 第1次 -> 调岗  第2次及以上 -> 报县 } }
`;
const en = `policy spans "日历上的期间" { version "1" period year }
event warning "告诫" for person
event loan "借用" for person { term: integer months }
penalty reassignment "调整工作岗位" { rank 3 }
outcome county "报县"
outcome remind "提醒"
rule one_year for person { when count(warning within since reassignment onwards 1 year) >= 1 then county }
rule three for person { when count(warning within rolling 3 years) < 1 then remind }
rule half for person { when count(warning within rolling half a year) >= 2 then remind }
rule months6 for person { when count(warning within 6 months after reassignment) >= 1 then remind }
rule calendar_half for person { when count(warning within calendar half year) < 1 then remind }
rule all for person { when count(warning within all records) >= 2 then remind }
rule lent for person { on loan where term >= half year then remind }
rule ladder_all for person { on warning  ladder within all records { 1 -> reassignment  2 or more -> county } }
`;

function windows(text: string): unknown[] {
  const a = createEnv().analyze(text, 'p.kp');
  expect(a.diagnostics).toEqual([]);
  const out: unknown[] = [];
  for (const d of a.parsed.ast.decls) {
    if (d.kind !== 'RuleDecl') continue;
    for (const c of d.clauses) {
      if (c.kind === 'WhenClause') {
        const left = (c.condition as A.Compare).left as A.Count;
        const w = left.window!;
        out.push({ kind: w.kind, ...('unit' in w ? { unit: w.unit } : {}), ...('length' in w && w.length ? { length: [w.length.text, w.length.unit] } : {}) });
      }
      if (c.kind === 'OnClause' && c.filter?.where) {
        const cmp = c.filter.where as A.Compare;
        out.push({ compare: [cmp.op, (cmp.right as A.NumberLit).text, (cmp.right as A.NumberLit).unit] });
      }
      if (c.kind === 'LadderClause') out.push({ ladder: c.window?.kind });
    }
  }
  return out;
}

const expected = [
  { kind: 'AnchoredWindow', length: ['1', 'years'] },
  { kind: 'RollingWindow', length: ['3', 'years'] },
  { kind: 'RollingWindow', length: ['6', 'months'] }, // 半年 / half a year: six calendar months
  { kind: 'AnchoredWindow', length: ['6', 'months'] },
  { kind: 'CalendarWindow', unit: 'half' },
  { kind: 'AllRecordsWindow' },
  { compare: ['>=', '6', 'months'] }, // 半年以上: at least six months (以上 includes the number)
  { ladder: 'AllRecordsWindow' },
];

describe('calendar durations, the calendar half-year and all records, in both languages', () => {
  it('Chinese keywords parse to the windows the text names and check clean', () => {
    expect(windows(zh)).toEqual(expected);
  });
  it('English keywords parse to the same windows', () => {
    expect(windows(en)).toEqual(expected);
  });
  it('an attribute may be declared in months (`整数 个月`, `integer months`)', () => {
    const a = createEnv().analyze(en, 'p.kp');
    const loan = a.parsed.ast.decls.find((d): d is A.EventDecl => d.kind === 'EventDecl' && d.name?.text === 'loan')!;
    expect(loan.attrs[0]!.type).toMatchObject({ kind: 'NumberType', integer: true, unit: 'months' });
  });
});

describe('what the checker refuses', () => {
  const diag = (rule: string): string[] =>
    createEnv()
      .analyze(`制度 p "p" { 版本 "1" 考核期 年度 }\n事件 告诫 "告诫" 针对 人员\n后果 提醒 "提醒"\n事件 借用 "借用" 针对 人员 { 借用期限: 整数 个月 }\n${rule}\n`, 'p.kp')
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.code);
  it('a length in years or months that is not whole months: KP0230 (1.3 years is 15.6 months)', () => {
    expect(diag('规则 r 针对 人员 { 当 次数(告诫 在 滚动 1.3年 内) 2次以上 则 提醒 }')).toEqual(['KP0230']);
    expect(diag('rule r for person { when count(告诫 within rolling 1.5 months) >= 2 then 提醒 }')).toEqual(['KP0230']);
  });
  it('1.5 years is 18 whole months: accepted', () => {
    expect(diag('规则 r 针对 人员 { 当 次数(告诫 在 滚动 1.5年 内) 2次以上 则 提醒 }')).toEqual([]);
  });
  it('a window length in points or times: KP0204', () => {
    expect(diag('规则 r 针对 人员 { 当 次数(告诫 在 滚动 5分 内) 2次以上 则 提醒 }')).toEqual(['KP0204']);
  });
  it('months compared with years do not mix (write 12个月): KP0204', () => {
    expect(diag('规则 r 针对 人员 { 发生 借用 其中 借用期限 >= 1年 则 提醒 }')).toEqual(['KP0204']);
  });
  it('a penalty still lasts days, not years: KP0204', () => {
    expect(createEnv().analyze('制度 p "p" { 版本 "1" }\n处罚 停职 "停职" { 轻重 1  持续 1年 }\n', 'p.kp').diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['KP0204']);
  });
  it('`年终` and `半年末` stay names: 年 and 半年 stand alone only (glue rule)', () => {
    const a = createEnv().analyze('制度 p "p" { 版本 "1" }\n事件 年终 "年终"\n事件 x "x" { 期别: 半年末 "半年末" | 年末 "年末" }\n', 'p.kp');
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
