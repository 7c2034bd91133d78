/**
 * Issue 10 items 4 and 5, in English and in Chinese keywords: deadlines as the law counts them
 * (`due date rolls over` / `到期日 顺延`, the due date `到期日` in a deadline's conditions, a
 * deadline's `unless` / `除非` and `when` / `当`) and penalties that end on an event
 * (`lasts until … minimum … maximum …` / `持续 直至 … 最短 … 最长 …`). The two spellings give the
 * same syntax tree; the checker's new diagnostics (KP0620, KP0621) and the reused ones (KP0603,
 * KP0204, KP0103, KP0203) each come from a small policy written for them.
 */
import { describe, expect, it } from 'vitest';
import type * as A from '../src/ast.js';
import { createEnv } from '../src/index.js';

const EN = `policy law_days "deadlines as the law counts them" { version "1" period year }
event breach "unfamiliar with the rules" for person
event exam "the unit's exam" for person { passed: bool }
event inquiry "inquiry into the breach" for person
penalty study "off-post study" { rank 1; lasts until exam where passed minimum 7 days maximum 30 days; stops bonus }
penalty suspension "suspension" { rank 2; lasts until inquiry }
rule first "first breach" for person { on breach then study, suspension }
event application "application" for person {
  received: date
  delivered: date
  asked: bool
  asked_on: date
  granted: integer days
  excused: bool
}
outcome late "completed late"
outcome late_request "extension asked after the due date"
deadline completion "8 days, rolled off rest days" {
  on application
  from received
  limit 8 days
  start day excluded
  due date rolls over
  extend granted filed asked_on
  done delivered
  deemed overdue asked and asked_on > due date
  unless excused
  then late
  when asked and asked_on > due date then late_request
}
deadline same_day "the same day" {
  on application
  from received
  limit 1 day
  start day counted
  due date does not roll
  done delivered
  then late
}
`;

const ZH = `制度 law_days "deadlines as the law counts them" { 版本 "1" 考核期 年度 }
事件 breach "unfamiliar with the rules" 针对 人员
事件 exam "the unit's exam" 针对 人员 { passed: 是否 }
事件 inquiry "inquiry into the breach" 针对 人员
处罚 study "off-post study" { 轻重 1; 持续 直至 exam 其中 passed 最短 7天 最长 30天; 停发奖金 }
处罚 suspension "suspension" { 轻重 2; 持续 直至 inquiry }
规则 first "first breach" 针对 人员 { 发生 breach 则 study, suspension }
事件 application "application" 针对 人员 {
  received: 日期
  delivered: 日期
  asked: 是否
  asked_on: 日期
  granted: 整数 天
  excused: 是否
}
后果 late "completed late"
后果 late_request "extension asked after the due date"
时限 completion "8 days, rolled off rest days" {
  发生 application
  起算 received
  期限 8天
  首日 不计入
  到期日 顺延
  延期 granted 申请于 asked_on
  办结 delivered
  视为超时 asked 且 asked_on > 到期日
  除非 excused
  则 late
  当 asked 且 asked_on > 到期日 则 late_request
}
时限 same_day "the same day" {
  发生 application
  起算 received
  期限 1日
  首日 计入
  到期日 不顺延
  办结 delivered
  则 late
}
`;

const env = createEnv();
const analyze = (text: string) => env.analyze(text, 'law-days.kp');
/** The syntax tree without positions. */
const shape = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v) => (k === 'span' ? undefined : v)));
const decl = <K extends A.Decl['kind']>(text: string, kind: K, name: string): Extract<A.Decl, { kind: K }> => {
  const d = analyze(text).parsed.ast.decls.find((x) => x.kind === kind && x.name?.text === name);
  if (!d) throw new Error(`${kind} ${name} not found`);
  return d as Extract<A.Decl, { kind: K }>;
};
const codes = (text: string): string[] => analyze(text).diagnostics.map((d) => `${d.code}:${d.span.line}`);

describe('deadlines as the law counts them, penalties ending on an event: both spellings', () => {
  for (const [lang, text] of [['English', EN], ['Chinese', ZH]] as const) {
    it(`${lang} keywords check clean`, () => {
      expect(codes(text)).toEqual([]);
    });

    it(`${lang}: a penalty lasts until the first qualifying event, with a minimum and a maximum`, () => {
      expect(decl(text, 'PenaltyDecl', 'study').lasts).toBeUndefined();
      expect(decl(text, 'PenaltyDecl', 'study')).toMatchObject({
        until: { kind: 'PenaltyUntil', event: { event: { text: 'exam' }, where: { kind: 'NameRef', name: { text: 'passed' } } }, minimum: { text: '7', unit: 'days' }, maximum: { text: '30', unit: 'days' } },
        stopsBonus: true,
      });
      expect(decl(text, 'PenaltyDecl', 'suspension').until).toMatchObject({ event: { event: { text: 'inquiry' } } });
      expect(decl(text, 'PenaltyDecl', 'suspension').until?.minimum).toBeUndefined();
    });

    it(`${lang}: a deadline rolls over, names its due date in conditions, has an exemption and a conditional consequence`, () => {
      const d = decl(text, 'DeadlineDecl', 'completion');
      expect(d.rollover?.value).toBe('rolls');
      expect(decl(text, 'DeadlineDecl', 'same_day').rollover?.value).toBe('fixed');
      const deemed = d.deemedOverdue[0] as A.Binary;
      expect(deemed).toMatchObject({ op: 'and', right: { kind: 'Compare', op: '>', right: { kind: 'DueDate' } } });
      expect(d.unless).toMatchObject([{ kind: 'NameRef', name: { text: 'excused' } }]);
      expect(d.then).toMatchObject([{ kind: 'Impose', what: { text: 'late' } }]);
      expect(d.when).toMatchObject([{ kind: 'WhenClause', condition: { op: 'and' }, then: [{ kind: 'Impose', what: { text: 'late_request' } }] }]);
    });
  }

  it('the English and the Chinese policy are the same syntax tree', () => {
    const en = analyze(EN).parsed.ast;
    const zh = analyze(ZH).parsed.ast;
    // the header's title and version are the same strings; only keyword spellings differ
    expect(shape(zh)).toEqual(shape(en));
  });
});

describe('what the checker says about them', () => {
  const base = `制度 t "t" { 版本 "1" 考核期 年度 }
事件 申请 "申请" 针对 人员 { 收到日: 日期  办结日: 日期 }
后果 超时 "超时"
`;

  it('KP0620: rolling over (or not) a limit in working days changes nothing (a warning)', () => {
    const roll = `${base}时限 d "d" { 发生 申请 起算 收到日 期限 5个工作日 到期日 顺延 办结 办结日 则 超时 }\n`;
    const fixed = `${base}时限 d "d" { 发生 申请 起算 收到日 期限 5个工作日 到期日 不顺延 办结 办结日 则 超时 }\n`;
    const calendarDays = `${base}时限 d "d" { 发生 申请 起算 收到日 期限 5天 到期日 顺延 办结 办结日 则 超时 }\n`;
    for (const text of [roll, fixed]) {
      const ds = analyze(text).diagnostics;
      expect(ds.map((d) => [d.code, d.severity, d.span.line])).toEqual([['KP0620', 'warning', 4]]);
      expect(ds[0]!.message.en).toContain('counts working days');
    }
    expect(codes(calendarDays)).toEqual([]);
  });

  it('KP0621: the due date exists only in a deadline\'s deemed-overdue, unless and when conditions', () => {
    const inFilter = `${base}时限 d "d" { 发生 申请 其中 办结日 > 到期日 起算 收到日 期限 5天 办结 办结日 则 超时 }\n`;
    const inRule = `${base}规则 r "r" 针对 人员 { 发生 申请 其中 办结日 > 到期日 则 超时 }\n`;
    for (const text of [inFilter, inRule]) expect(codes(text)).toEqual(['KP0621:4']);
    const inUnless = `${base}时限 d "d" { 发生 申请 起算 收到日 期限 5天 办结 办结日 除非 办结日 > 到期日 则 超时 }\n`;
    expect(codes(inUnless)).toEqual([]);
  });

  it('a due date compared with a number is a type error (it is a date)', () => {
    const text = `${base}时限 d "d" { 发生 申请 起算 收到日 期限 5天 办结 办结日 视为超时 到期日 > 3天 则 超时 }\n`;
    expect(codes(text)).toEqual(['KP0203:4']);
  });

  const penaltyBase = `制度 t "t" { 版本 "1" 考核期 年度 }
事件 考试 "考试" 针对 人员 { 合格: 是否 }
事件 违规 "违规" 针对 人员
规则 r "r" 针对 人员 { 发生 违规 则 待岗学习 }
`;

  it('KP0603: a minimum longer than the maximum', () => {
    expect(codes(`${penaltyBase}处罚 待岗学习 "待岗学习" { 持续 直至 考试 最短 30天 最长 7天 }\n`)).toEqual(['KP0603:5']);
  });

  it('KP0204: a minimum and a maximum in different units, or not in days', () => {
    expect(codes(`${penaltyBase}处罚 待岗学习 "待岗学习" { 持续 直至 考试 最短 5个工作日 最长 30天 }\n`)).toEqual(['KP0204:5']);
    expect(codes(`${penaltyBase}处罚 待岗学习 "待岗学习" { 持续 直至 考试 最长 30分 }\n`)).toEqual(['KP0204:5']);
  });

  it('KP0103 / KP0101 / KP0201: the ending must be an event of the case data, its filter its attributes', () => {
    // (考试 is then used nowhere: KP0107 on line 2)
    expect(codes(`${penaltyBase}处罚 待岗学习 "待岗学习" { 持续 直至 待岗学习 }\n`)).toEqual(['KP0107:2', 'KP0103:5']);
    expect(codes(`${penaltyBase}处罚 待岗学习 "待岗学习" { 持续 直至 考式 }\n`)).toEqual(['KP0107:2', 'KP0101:5']);
    expect(codes(`${penaltyBase}处罚 待岗学习 "待岗学习" { 持续 直至 考试 其中 及格 }\n`)).toEqual(['KP0201:5']);
  });

  it('KP0203: the ending is an event of the penalised subject, not of a unit\'s members', () => {
    expect(codes(`${penaltyBase}处罚 待岗学习 "待岗学习" { 持续 直至 考试 来自 成员 }\n`)).toEqual(['KP0203:5']);
  });

  it('an event used only to end a penalty counts as used (no KP0107)', () => {
    expect(codes(`${penaltyBase}处罚 待岗学习 "待岗学习" { 持续 直至 考试 其中 合格 }\n`)).toEqual([]);
  });
});
