/**
 * Attributes of people and units (issue 10 item 1; docs/language.md §5.7), written once with
 * English and once with Chinese keywords: the declaration, a subject condition on a rule, a score
 * and a quota, a member's attribute in a unit rule's filter, the qualified names, and what the
 * checker says about each misuse. Expectations are worked out from §5.7.
 */
import { describe, expect, it } from 'vitest';
import type * as A from '../src/ast.js';
import { completion, createEnv, definition, format, hover } from '../src/index.js';

const env = createEnv();

const ENGLISH = `policy attributes "People and units with attributes" { version "1" period year }
attribute window_staff "政务服务中心窗口工作人员" for person: bool
attribute role "身份" for person: director "主任" | member "党组成员" | staff "干部职工"
attribute grade_level "职级" for person: integer
attribute nature "单位性质" for unit: department "政府工作部门" | institution "事业单位"
event leave "请假" for person { length: decimal days  approved: bool  window_staff "请假时在窗口岗位": bool }
outcome absent "作旷工处理"
outcome circulated "通报部门"
outcome chosen "考勤优秀"
rule unapproved for person where window_staff and role in (member, staff) {
  on leave where not approved and person.window_staff and leave.window_staff
  then absent
}
rule roll_up for unit where nature = department {
  when count(absent of all staff where role = staff) >= 2 then circulated
}
score attendance for person where nature = institution and grade_level >= 2 { base 100  deduct 5 per absent }
quota best for person where window_staff { share 50%  by attendance  then chosen }
`;

const CHINESE = `制度 属性示例 "人员与单位的属性" { 版本 "1" 考核期 年度 }
属性 窗口工作人员 "政务服务中心窗口工作人员" 针对 人员: 是否
属性 身份 "身份" 针对 人员: 主任 "主任" | 党组成员 "党组成员" | 干部职工 "干部职工"
属性 职级 "职级" 针对 人员: 整数
属性 单位性质 "单位性质" 针对 单位: 部门 "政府工作部门" | 事业单位 "事业单位"
事件 请假 "请假" 针对 人员 { 天数: 小数 天  批准: 是否  窗口工作人员 "请假时在窗口岗位": 是否 }
后果 旷工 "作旷工处理"
后果 通报 "通报部门"
后果 优秀 "考勤优秀"
规则 未批准 针对 人员 其中 窗口工作人员 且 身份 属于 (党组成员, 干部职工) {
  发生 请假 其中 非 批准 且 人员.窗口工作人员 且 请假.窗口工作人员
  则 旷工
}
规则 部门通报 针对 单位 其中 单位性质 = 部门 {
  当 次数(旷工 来自 全体人员 其中 身份 = 干部职工) 2次以上 则 通报
}
评分 考勤 针对 人员 其中 单位性质 = 事业单位 且 职级 >= 2 { 基础分 100  扣 5 每 旷工 }
名额 最佳 针对 人员 其中 窗口工作人员 { 比例 50%  按 考勤  则 优秀 }
`;

function decl<K extends A.Decl['kind']>(ast: A.PolicyFile, kind: K, index: number): Extract<A.Decl, { kind: K }> {
  return ast.decls.filter((d) => d.kind === kind)[index] as Extract<A.Decl, { kind: K }>;
}

for (const [lang, text] of [['English', ENGLISH], ['Chinese', CHINESE]] as const) {
  describe(`attributes of people and units, ${lang} keywords`, () => {
    const a = env.analyze(text, 'attributes.kp');
    const ast = a.parsed.ast;

    it('checks clean', () => {
      expect(a.diagnostics.map((d) => d.code)).toEqual([]);
    });

    it('declares typed attributes for persons (the default) and units', () => {
      const attrs = ast.decls.filter((d): d is A.AttributeDecl => d.kind === 'AttributeDecl');
      expect(attrs.map((d) => [d.subject?.subject, d.type?.kind])).toEqual([
        ['person', 'BoolType'],
        ['person', 'EnumType'],
        ['person', 'NumberType'],
        ['unit', 'EnumType'],
      ]);
      expect(a.checked.symbols.get(attrs[0]!.name!.text)?.kind).toBe('subjectAttribute');
    });

    it('narrows a rule, a score and a quota with a subject condition', () => {
      const rule = decl(ast, 'RuleDecl', 0);
      expect(rule.subject).toMatchObject({ subject: 'person', where: { kind: 'Binary', op: 'and', right: { kind: 'InSet' } } });
      expect(decl(ast, 'RuleDecl', 1).subject).toMatchObject({ subject: 'unit', where: { kind: 'Compare', op: '=' } });
      expect(decl(ast, 'ScoreDecl', 0).subject?.where).toMatchObject({ kind: 'Binary', op: 'and' });
      expect(decl(ast, 'QuotaDecl', 0).subject?.where).toMatchObject({ kind: 'NameRef' });
    });

    it('reads a member\'s attribute in a unit rule\'s filter, and qualified names', () => {
      const when = decl(ast, 'RuleDecl', 1).clauses[0] as A.WhenClause;
      const count = (when.condition as A.Compare).left as A.Count;
      expect(count.filter).toMatchObject({ of: 'staff', where: { kind: 'Compare', left: { kind: 'NameRef' } } });
      const on = decl(ast, 'RuleDecl', 0).clauses[0] as A.OnClause;
      const and = on.filter!.where as A.Binary;
      // `not approved and person.X and leave.X`: the subject's attribute and the event's
      expect((and.left as A.Binary).right).toMatchObject({ kind: 'NameRef', subject: 'person' });
      expect(and.right).toMatchObject({ kind: 'NameRef', member: {} });
      expect((and.right as A.NameRef).subject).toBeUndefined();
    });

    it('formats to itself after one pass (the subject condition stays on the declaration line)', () => {
      const once = format(text).text!;
      expect(format(once).text).toBe(once);
      expect(once.split('\n').filter((l) => /^(rule|规则) /.test(l)).length).toBe(2);
    });
  });
}

describe('attributes: language services', () => {
  const cursor = (text: string, needle: string, offset = needle.length) => {
    const i = text.indexOf(needle) + offset;
    const before = text.slice(0, i);
    return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
  };

  it('goes from a use in a filter to the attribute declaration', () => {
    const loc = definition(CHINESE, cursor(CHINESE, '其中 身份 = 干部职工', 4));
    expect(loc?.span.line).toBe(3);
  });

  it('hovers with whom the attribute is for', () => {
    const h = hover(CHINESE, cursor(CHINESE, '其中 单位性质 = 事业单位', 4));
    expect(h?.contents).toContain('针对 单位');
  });

  it('completes the attributes of persons after `人员.`, and their values after `=`', () => {
    const text = CHINESE.replace('且 人员.窗口工作人员 且', '且 人员.');
    const labels = completion(text, cursor(text, '且 人员.')).map((c) => c.label);
    expect(labels).toContain('窗口工作人员');
    expect(labels).toContain('职级');
    expect(labels).not.toContain('单位性质');
    const values = CHINESE.replace('其中 单位性质 = 部门 {', '其中 单位性质 = ');
    expect(completion(values, cursor(values, '其中 单位性质 = ')).map((c) => c.label)).toEqual(expect.arrayContaining(['部门', '事业单位']));
  });
});

describe('attributes: what the checker reports', () => {
  const codes = (text: string) => env.analyze(text).diagnostics.map((d) => d.code).sort();
  const head = `制度 t "t" { 版本 "1" 考核期 年度 }\n属性 窗口工作人员 "窗口工作人员" 针对 人员: 是否\n属性 性质 "性质" 针对 单位: 甲 | 乙\n后果 记录 "记录"\n`;

  it('KP0221: a bare name that is both the event\'s and the subject\'s attribute', () => {
    expect(codes(`${head}事件 请假 "请假" 针对 人员 { 窗口工作人员: 是否 }\n规则 r 针对 人员 { 发生 请假 其中 窗口工作人员 则 记录 }\n`)).toEqual(['KP0107', 'KP0107', 'KP0221']);
  });

  it('KP0222: a person attribute where only a unit is at hand; the member\'s is fine', () => {
    const ev = `事件 投诉 "投诉" 针对 人员\n`;
    expect(codes(`${head}${ev}规则 r 针对 单位 { 当 次数(投诉 其中 窗口工作人员) 1次以上 则 记录 }\n`)).toEqual(['KP0107', 'KP0222']);
    expect(codes(`${head}${ev}规则 r 针对 单位 { 当 次数(投诉 来自 成员 其中 窗口工作人员) 1次以上 则 记录 }\n`)).toEqual(['KP0107']);
    // a unit attribute read for a person is its unit's: no error
    expect(codes(`${head}${ev}规则 r 针对 人员 其中 性质 = 甲 { 当 次数(投诉) 1次以上 且 窗口工作人员 则 记录 }\n`)).toEqual([]);
  });

  it('KP0223: a subject condition that counts, or one on an event or an input', () => {
    expect(codes(`${head}事件 投诉 "投诉" 针对 人员\n规则 r 针对 人员 其中 次数(投诉) > 1 且 窗口工作人员 { 当 性质 = 甲 则 记录 }\n`)).toEqual(['KP0223']);
    expect(codes(`${head}输入 得分 "得分" 针对 人员 其中 窗口工作人员: 分\n规则 r 针对 人员 { 当 得分 > 1 且 性质 = 甲 则 记录 }\n`)).toEqual(['KP0223']);
  });

  it('KP0224 and KP0203: a reserved field name, a decision type', () => {
    expect(codes(`制度 t "t" { 版本 "1" }\n属性 id "编号" 针对 单位: 文本\n属性 决定项 "决定" 针对 人员: 决定(记录)\n后果 记录 "记录"\n`)).toEqual(['KP0107', 'KP0107', 'KP0107', 'KP0203', 'KP0224']);
  });
});
