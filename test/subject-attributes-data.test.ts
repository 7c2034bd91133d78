/**
 * Attributes of people and units in the case files (docs/case-data.md §3): given inline on the
 * person and unit records in YAML, NDJSON and CSV, validated like event attributes, every problem
 * at its file, line and column (counted by hand in the texts below: 1-based, a Chinese character
 * is one column), an undeclared one answered with the declared ones and the nearest name; and the
 * JSON Schema that `kaoping schema` prints for them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import { compile, schemaFor, type DataError } from '@kaoping/evaluator';
import { readCaseFiles } from '../packages/cli/src/data/index.js';

const POLICY = `制度 属性数据 "属性数据" { 版本 "1" 考核期 年度 }
属性 窗口工作人员 "政务服务中心窗口工作人员" 针对 人员: 是否
属性 身份 "身份" 针对 人员: 主任 "主任" | 干部职工 "干部职工"
属性 入职日期 "入职日期" 针对 人员: 日期
属性 单位性质 "单位性质" 针对 单位: 部门 "政府工作部门" | 事业单位 "事业单位"
属性 编制数 "核定编制数" 针对 单位: 整数
后果 记录 "记录"
规则 r 针对 人员 其中 窗口工作人员 且 身份 = 干部职工 且 入职日期 >= 2024-01-01 且 单位性质 = 部门 且 单位.编制数 > 3 { 当 是 则 记录 }
`;
const policy = createEnv().analyze(POLICY, 'policy.kp').checked.policy;
const dir = mkdtempSync(join(tmpdir(), 'kaoping-attrs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const brief = (es: readonly DataError[]) => es.map((e) => [e.code, e.origin ? `${e.origin.line}:${e.origin.column}` : e.record]);

describe('attributes on person and unit records', () => {
  it('YAML: values kept by their forms (a yes/no as a boolean, numbers and dates as their text)', async () => {
    const f = file(
      'ok.yaml',
      [
        'period: { from: 2024-01-01, to: 2024-12-31 }',
        'units:',
        '  - { id: U1, name: 民政局, 单位性质: 部门, 编制数: 12 }',
        'people:',
        '  - { id: P1, name: 张三, unit: U1, 窗口工作人员: 是, 身份: 干部职工, 入职日期: 2024-03-01 }',
        '  - { id: P2, name: 李四, unit: U1 }',
        '',
      ].join('\n'),
    );
    const r = await readCaseFiles([f], policy);
    expect(r.errors).toEqual([]);
    expect(r.data!.units[0]!.attrs).toEqual({ 单位性质: '部门', 编制数: '12' });
    expect(r.data!.people[0]!.attrs).toEqual({ 窗口工作人员: true, 身份: '干部职工', 入职日期: '2024-03-01' });
    expect(r.data!.people[1]!.attrs).toBeUndefined();
  });

  it('YAML: every problem at its value; an undeclared attribute gets the declared ones and the nearest name', async () => {
    const f = file(
      'bad.yaml',
      [
        'period: { from: 2024-01-01, to: 2024-12-31 }',
        'units:',
        '  - { id: U1, name: 民政局, 单位性质: 企业, 编制数: 1.5 }',
        'people:',
        '  - { id: P1, name: 张三, unit: U1, 窗口工作人: true }',
        '  - { id: P2, name: 李四, unit: U1, 身份: 主任, 入职日期: 2024-02-30 }',
        '  - { id: P3, name: 王五, unit: U1, 身份: 政务服务中心窗口工作人员 }',
        '',
      ].join('\n'),
    );
    const r = await readCaseFiles([f], policy);
    const own = r.errors.filter((e) => e.code !== 'KD0144'); // P1–P3 name the rejected unit U1
    expect(brief(own)).toEqual([
      // "  - { id: U1, name: 民政局, 单位性质: 企业, 编制数: 1.5 }": 企业 at column 32 (单位性质 26–29, ':' 30,
      // a space), 1.5 at 41 (编制数 36–38, ':' 39, a space)
      ['KD0124', '3:32'],
      ['KD0123', '3:41'],
      // "  - { id: P1, name: 张三, unit: U1, 窗口工作人: true }": the key 窗口工作人 is at 35–39; an unknown
      // field is pointed at by its value, as for events: true at column 42
      ['KD0122', '5:42'],
      // "  - { id: P2, name: 李四, unit: U1, 身份: 主任, 入职日期: 2024-02-30 }": 入职日期 43–46, the date at 49
      ['KD0125', '6:49'],
      // "  - { id: P3, name: 王五, unit: U1, 身份: 政务服务中心窗口工作人员 }": 身份 35–36, the value at 39
      ['KD0124', '7:39'],
    ]);
    expect(own[2]!.message.zh).toBe(
      '人员 P1 没有字段 窗口工作人，本制度也没有为人员声明这个属性；人员记录的字段：id、name、unit。本制度为人员声明的属性：窗口工作人员、身份、入职日期。是否想写 窗口工作人员？',
    );
    expect(own[2]!.message.en).toContain('Did you mean 窗口工作人员?');
    expect(own[0]!.message.zh).toBe('单位 U1 的属性 单位性质 应为 部门、事业单位 之一，实际为 企业。请改为其中之一，或在制度中声明该值。');
    expect(r.counts.units).toEqual({ read: 1, used: 0, rejected: 1 });
    expect(r.counts.people).toEqual({ read: 3, used: 0, rejected: 3 });
  });

  it('NDJSON and CSV: attributes are fields of the person line and columns of people.csv', async () => {
    const header = file('h.yaml', 'period: { from: 2024-01-01, to: 2024-12-31 }\nunits:\n  - { id: U1, name: 民政局 }\n');
    const nd = file('people.ndjson', '{"id": "P1", "name": "张三", "unit": "U1", "窗口工作人员": true}\n{"id": "P2", "name": "李四", "unit": "U1", "身分": "主任"}\n');
    // "P3,王五,U1,x,主任": x (窗口工作人员) is the fourth cell, at column 10; "P4,赵六,U1,,干部": the empty
    // fourth cell is at 10, 干部 at 11
    const csv = file('2024-people.csv', 'id,name,unit,窗口工作人员,身份\nP3,王五,U1,x,主任\nP4,赵六,U1,,干部\nP5,钱七,U1,TRUE,\n');
    const r = await readCaseFiles([header, nd, csv], policy);
    // '{"id": "P2", "name": "李四", "unit": "U1", "身分": "主任"}': the key "身分" at 42–45, its value "主任" at 48
    expect(brief(r.errors)).toEqual([
      ['KD0122', '2:48'],
      ['KD0123', '2:10'],
      ['KD0124', '3:11'],
    ]);
    expect(r.errors[0]!.message.zh).toContain('是否想写 身份？');
    expect(r.data!.people.map((p) => [p.id, p.attrs])).toEqual([
      ['P1', { 窗口工作人员: true }],
      ['P5', { 窗口工作人员: true }],
    ]);
  });
});

describe('kaoping schema: person and unit records with their attributes', () => {
  const defs = (schemaFor(policy) as { $defs: Record<string, { properties: Record<string, unknown>; additionalProperties: boolean }> }).$defs;
  it('adds each declared attribute, typed, to the record it belongs to', () => {
    expect(Object.keys(defs.person!.properties)).toEqual(['id', 'name', 'unit', '窗口工作人员', '身份', '入职日期']);
    expect(Object.keys(defs.unit!.properties)).toEqual(['id', 'name', 'head', 'parent', 'kind', '单位性质', '编制数']);
    expect(defs.person!.properties['窗口工作人员']).toEqual({ title: '政务服务中心窗口工作人员', $ref: '#/$defs/bool' });
    expect(defs.person!.properties['身份']).toEqual({ title: '身份', enum: ['主任', '干部职工'] });
    expect(defs.unit!.properties['编制数']).toEqual({ title: '核定编制数', $ref: '#/$defs/integer' });
    expect(defs.person!.additionalProperties).toBe(false);
  });
});

describe('attribute names that are also names of every JavaScript object', () => {
  // `constructor` is a name like any other (docs/language.md §2.6): a value given is the value, a
  // value not given is missing, never Object's constructor. `__proto__` cannot be checked by the
  // case schema (ajv), so the checker refuses it (KP0224) rather than drop it.
  it('`__proto__` is refused by the checker', () => {
    const a = createEnv().analyze(`制度 原型 "原型名" { 版本 "1" }\n属性 __proto__ "原型" 针对 人员: 是否\n规则 r 针对 人员 其中 __proto__ { 当 是 则 记录 }\n后果 记录 "记录"\n`);
    expect(a.diagnostics.map((d) => d.code)).toEqual(['KP0224']);
  });

  const text = `制度 原型 "原型名" { 版本 "1" 考核期 年度 }
属性 constructor "构造" 针对 人员: 文本
后果 另记 "另记"
规则 s 针对 人员 { 当 constructor = "甲" 则 另记 }
`;
  const p = createEnv().analyze(text, 'proto.kp');
  it('`constructor` is kept when given, and missing when not (KE0004)', async () => {
    expect(p.diagnostics).toEqual([]);
    const f = file('proto.yaml', 'period: { from: 2024-01-01, to: 2024-12-31 }\nunits: [{ id: U, name: 单位 }]\npeople:\n  - { id: A, name: 甲, unit: U, constructor: 甲 }\n  - { id: B, name: 乙, unit: U }\n');
    const r = await readCaseFiles([f], p.checked.policy);
    expect(r.errors).toEqual([]);
    const result = compile(p.checked).program!.evaluate(r.data!);
    const penalties = (id: string) => result.subjects.find((x) => x.id === id)!.penalties.map((x) => x.penalty);
    // A: constructor = 甲 → 另记 (once, on 12-31). B: constructor not given → KE0004, nothing imposed.
    expect(penalties('A')).toEqual(['另记']);
    expect(penalties('B')).toEqual([]);
    expect(result.errors.map((e) => [e.code, e.record])).toEqual([['KE0004', 'person:B']]);
    expect(result.subjects.find((x) => x.id === 'A')!.attributes).toEqual({ constructor: '甲' });
  });
});
