/**
 * `kaoping eval`, `explain`, `schema` and `test` as a user runs them: the built CLI
 * (packages/cli/bin/kaoping.js) in a child process, on copies of test/fixtures/cli/ in a
 * temporary directory.
 *
 * The expected results are worked out by hand from test/fixtures/cli/demo.kp and case.yaml:
 *
 *   people: base 100, −2 per substantiated complaint (属实), +3 per written praise (表扬)
 *     P1 张三 (U1)  praised twice (E1, E2)                      100 + 6 = 106 → 优秀 (≥ 95)
 *     P2 李四 (U1)  substantiated complaints 03-04, 03-11, 03-18; E6 (03-20) not substantiated
 *                   100 − 6 = 94 → 合格 (80 ≤ x < 95)
 *                   告诫 on each (投诉告诫, demo.kp line 22); the third in March → 待岗 on 03-18,
 *                   15 days with 03-18 as day 1 → until 04-01, bonus stopped, 评先资格 revoked
 *                   (投诉待岗, demo.kp line 26)
 *     P3 王五 (U2)  complaint 05-06 (告诫), praise 06-10          100 − 2 + 3 = 101 → 优秀
 *     P4 赵六 (U2)  nothing                                      100 → 优秀
 *   quota 先进: 50% × 4 people = 2 places; pool = 优秀 and still eligible = P1, P3, P4;
 *     best two by score: P1 (106), P3 (101) → 先进个人 on 2024-12-31
 *   units: indicator − 1 per 告诫 of a member
 *     U1 综合办  92.5 − 3 (P2's three) = 89.5 → 一般 (< 90);  U2 窗口科  95 − 1 = 94 → 好 (≥ 90)
 *   grade distribution 个人等次: 优秀 3 of 4 = 75.0%, 合格 1 = 25.0%, 不合格 0 = 0.0%
 *   records: 2 units, 4 people, 8 events, 2 inputs, 0 votes
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKaoping, writeIn, type Run } from './support/cli.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/cli/', import.meta.url));
const STACK_TRACE = /\n\s+at .+:\d+:\d+\)?/;


let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaoping-eval-'));
  for (const f of ['demo.kp', 'case.yaml', 'demo.test.yaml', 'failing.scenarios.yaml']) copyFileSync(join(FIXTURES, f), join(dir, f));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const kaoping = (...args: string[]): Run => runKaoping(dir, args);
const write = (name: string, text: string): string => writeIn(dir, name, text);

/** Display columns: CJK ideographs and full-width punctuation take two, everything else here one. */
const columns = (s: string): number => [...s].reduce((n, c) => n + (/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);

/** A case file with two problems; positions counted by hand (columns are characters, from 1). */
const BAD_CASE = [
  'period: { from: 2024-01-01, to: 2024-12-31 }',
  'units:',
  '  - { id: U1, name: 综合办 }',
  'people:',
  '  - { id: P1, name: 张三, unit: U1 }',
  'events:',
  // line 7: `  - { id: E1, date: 2024-03-04, subject: P1, type: 投诉, 属实: ` is 59 characters → `yes` at column 60
  '  - { id: E1, date: 2024-03-04, subject: P1, type: 投诉, 属实: yes }',
  // line 8: `  - { id: E2, date: 2024-03-05, subject: ` is 41 characters → `P9` at column 42
  '  - { id: E2, date: 2024-03-05, subject: P9, type: 表扬 }',
  '',
].join('\n');

describe('kaoping eval', { timeout: 90_000 }, () => {
  it('prints a table per kind of subject, aligned for Chinese text, with distribution and quota', () => {
    const r = kaoping('eval', 'demo.kp', '--data', 'case.yaml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('制度：演示「命令行演示制度」，版本 1；考核期 2024-01-01 至 2024-12-31');
    expect(lines[1]).toBe('记录（读取/采用/拒绝）：单位 2/2/0，人员 4/4/0，事件 8/8/0，输入 2/2/0，测评票 0/0/0');
    const row = (id: string): string => lines.find((l) => l.startsWith(`${id} `))!;
    expect(row('P1')).toMatch(/^P1\s+张三\s+综合办\s+106\s+1\s+优秀\s+先进个人@12-31$/);
    expect(row('P2')).toMatch(/^P2\s+李四\s+综合办\s+94\s+4\s+合格\s+告诫@03-04、告诫@03-11、告诫@03-18、待岗@03-18\s+评先资格$/);
    expect(row('P3')).toMatch(/^P3\s+王五\s+窗口科\s+101\s+2\s+优秀\s+告诫@05-06、先进个人@12-31$/);
    expect(row('P4')).toMatch(/^P4\s+赵六\s+窗口科\s+100\s+3\s+优秀$/);
    expect(row('U1')).toMatch(/^U1\s+综合办\s+89\.5\s+2\s+一般$/);
    expect(row('U2')).toMatch(/^U2\s+窗口科\s+94\s+1\s+好$/);
    // Scores are right-aligned under 得分: the text up to the end of the score has the same width on every row.
    const header = lines.find((l) => l.startsWith('编号  姓名'))!;
    const scoreEnd = columns(header.slice(0, header.indexOf('得分') + 2));
    for (const [id, score] of [['P1', '106'], ['P2', '94'], ['P3', '101'], ['P4', '100']] as const) {
      const l = row(id);
      expect(columns(l.slice(0, l.indexOf(` ${score} `) + 1 + score.length))).toBe(scoreEnd);
    }
    // the penalties column starts at the same place on every person row
    const penaltiesAt = columns(header.slice(0, header.indexOf('处罚与后果')));
    expect(columns(row('P2').slice(0, row('P2').indexOf('告诫')))).toBe(penaltiesAt);
    expect(columns(row('P3').slice(0, row('P3').indexOf('告诫')))).toBe(penaltiesAt);
    // with a bar of 30 cells for 100%: 3 of 4 → 22.5 → 23 cells, 1 of 4 → 7.5 → 8, none → no bar
    expect(r.stdout).toMatch(/^ +优秀\s+3\s+75\.0%  █{23}$/m);
    expect(r.stdout).toMatch(/^ +合格\s+1\s+25\.0%  █{8}$/m);
    expect(r.stdout).toMatch(/^ +不合格\s+0\s+0\.0%$/m);
    // the units of the demo have no kind, no penalty and no revoked eligibility: those columns are left out
    expect(lines.find((l) => l.startsWith('编号  名称'))).toMatch(/^编号\s+名称\s+得分\s+名次\s+等次$/);
    expect(r.stdout).toContain('先进「先进个人」：名额 2（共 4 个对象，候选 3 个）；选定 P1、P3');
    expect(r.stdout).not.toContain('评估中发现的问题');
  });

  it('uses English headers with --lang en', () => {
    const r = kaoping('eval', 'demo.kp', '--data', 'case.yaml', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^id\s+name\s+unit\s+score\s+rank\s+grade\s+penalties\s+revoked$/m);
    expect(r.stdout).toContain('records (read/used/rejected): units 2/2/0, people 4/4/0, events 8/8/0, inputs 2/2/0, votes 0/0/0');
    expect(r.stdout).toContain('chosen P1, P3');
  });

  it('--format json prints the result: exact scores as strings, byte-for-byte the same on every run', () => {
    const r = kaoping('eval', 'demo.kp', '--data', 'case.yaml', '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(r.stdout.startsWith('{\n  "policy": {\n    "id": "演示"')).toBe(true);
    const result = JSON.parse(r.stdout);
    const scores = Object.fromEntries(result.subjects.map((s: { id: string; score: string }) => [s.id, s.score]));
    expect(scores).toEqual({ P1: '106', P2: '94', P3: '101', P4: '100', U1: '89.5', U2: '94' });
    const p2 = result.subjects.find((s: { id: string }) => s.id === 'P2');
    expect(p2.grade).toBe('合格');
    expect(p2.penalties.map((p: { penalty: string; date: string }) => `${p.penalty}@${p.date}`)).toEqual([
      '告诫@2024-03-04',
      '告诫@2024-03-11',
      '告诫@2024-03-18',
      '待岗@2024-03-18',
    ]);
    expect(p2.penalties[3].until).toBe('2024-04-01');
    expect(p2.flags).toEqual({ 评先资格: false });
    expect(result.quotas[0].chosen).toEqual(['P1', 'P3']);
    expect(result.summary.records.events).toEqual({ read: 8, used: 8, rejected: 0 });
    expect(result.summary.gradeDistribution['个人等次']).toEqual({ 优秀: 3, 合格: 1, 不合格: 0 });
    expect(kaoping('eval', 'demo.kp', '--data', 'case.yaml', '--format', 'json').stdout).toBe(r.stdout);
  });

  it('--format csv: byte-order mark, CRLF, RFC 4180 fields, one row per subject', () => {
    const r = kaoping('eval', 'demo.kp', '--data', 'case.yaml', '--format', 'csv');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\ufeff类型,编号,名称,单位,得分,等次,等次名称,处罚与后果,取消的资格\r\n')).toBe(true);
    const rows = r.stdout.slice(1).split('\r\n');
    expect(rows).toHaveLength(8); // header, 6 subjects, and the empty string after the last CRLF
    expect(rows[2]).toBe('人员,P2,李四,U1,94,合格,合格,告诫@2024-03-04;告诫@2024-03-11;告诫@2024-03-18;待岗@2024-03-18,评先资格');
    expect(rows[5]).toBe('单位,U1,综合办,,89.5,一般,一般,,');
    expect(rows[7]).toBe('');
  });

  it('quotes CSV fields with commas and quotes', () => {
    write('quoted.yaml', readFileSync(join(dir, 'case.yaml'), 'utf8').replace('name: 张三', 'name: "张三, \\"老张\\""'));
    const r = kaoping('eval', 'demo.kp', '--data', 'quoted.yaml', '--format', 'csv', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\r\nperson,P1,"张三, ""老张""",U1,106,');
  });

  it('--out writes the file atomically and prints nothing on stdout', () => {
    const r = kaoping('eval', 'demo.kp', '--data', 'case.yaml', '--format', 'json', '--out', 'result.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('已写入 result.json（人员 4，单位 2）');
    const printed = kaoping('eval', 'demo.kp', '--data', 'case.yaml', '--format', 'json').stdout;
    expect(readFileSync(join(dir, 'result.json'), 'utf8')).toBe(printed);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('data with errors: exit 1, each error at file:line:column, the counts, and no output file', () => {
    write('bad.yaml', BAD_CASE);
    const r = kaoping('eval', 'demo.kp', '--data', 'bad.yaml', '--out', 'result.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^bad\.yaml:7:60: 错误 KD0123: 事件 E1 的属性 属实 .*yes/m);
    expect(r.stderr).toMatch(/^bad\.yaml:8:42: 错误 KD0141: .*P9/m);
    expect(r.stderr).toContain('记录（读取/采用/拒绝）：单位 1/1/0，人员 1/1/0，事件 2/0/2，输入 0/0/0，测评票 0/0/0');
    expect(r.stderr).toContain('未进行评估，也未写出任何结果');
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('an evaluation error (U2 has no 指标): exit 1, the error on stderr, nothing written; explain shows P1 and the error', () => {
    // case.yaml without U2's input: 单位得分 of U2 cannot be computed (KE0002). Nothing is written —
    // not a table with a blank where the score should be.
    const text = readFileSync(join(dir, 'case.yaml'), 'utf8').replace('  - { subject: U2, input: 指标, value: 95 }\n', '');
    write('gap.yaml', text);
    const r = kaoping('eval', 'demo.kp', '--data', 'gap.yaml', '--out', 'result.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('错误 KE0002: U2（窗口科）缺少输入 指标，依赖它的评分无法计算');
    expect(r.stderr).toContain('评估中有 1 个问题无法按制度作答');
    expect(r.stderr).toContain('未写出任何结果。');
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    // explain still explains (P1: 100 + 3 + 3 = 106), then says what could not be answered
    const e = kaoping('explain', 'demo.kp', '--data', 'gap.yaml', 'P1');
    expect(e.code).toBe(1);
    expect(e.stdout).toContain('得分 个人得分「个人考核得分」：106');
    expect(e.stderr).toContain('错误 KE0002: U2（窗口科）缺少输入 指标');
  });

  it('data errors in English with --lang en', () => {
    write('bad.yaml', BAD_CASE);
    const r = kaoping('eval', 'demo.kp', '--data', 'bad.yaml', '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bad\.yaml:7:60: error KD0123: /m);
    expect(r.stderr).toContain('records (read/used/rejected): units 1/1/0, people 1/1/0, events 2/0/2');
  });

  it('a policy with check errors: exit 1, its diagnostics, nothing evaluated', () => {
    // line 8 refers to the undeclared event `迟到`, at column 10 (`  扣 2分 每 ` is 9 characters)
    write('broken.kp', ['制度 坏 "坏制度" {', '  考核期 年度', '}', '', '事件 投诉 "投诉" 针对 人员', '', '评分 得分 "得分" 针对 人员 {', '  扣 2分 每 迟到', '  扣 1分 每 投诉', '}', ''].join('\n'));
    const r = kaoping('eval', 'broken.kp', '--data', 'case.yaml', '--out', 'result.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^broken\.kp:8:10: 错误 KP\d{4}: .*迟到/m);
    expect(r.stderr).toContain('未进行评估');
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
  });

  it('a score that deducts itself (`扣 s 每 e` inside s): exit 1 with KP0401, no stack overflow, for eval and explain', () => {
    // line 3: `评分 ` is 3 characters, so the name 得分 is at column 4
    write('self.kp', ['制度 自指 "自指" { 考核期 年度 }', '事件 投诉 "投诉" 针对 人员', '评分 得分 "得分" 针对 人员 { 基础分 100  扣 得分 每 投诉 }', ''].join('\n'));
    // valid data for this policy: without the check, evaluating it recursed until the stack overflowed
    write('self.yaml', ['period: { from: 2024-01-01, to: 2024-12-31 }', 'units: [{ id: U1, name: 综合办 }]', 'people: [{ id: P1, name: 张三, unit: U1 }]', 'events: [{ id: E1, date: 2024-03-04, subject: P1, type: 投诉 }]', ''].join('\n'));
    for (const args of [['eval', 'self.kp', '--data', 'self.yaml'], ['explain', 'self.kp', '--data', 'self.yaml', 'P1']]) {
      const r = kaoping(...args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^self\.kp:3:4: 错误 KP0401: 评分或参数由它自己算出（循环）：得分 → 得分$/m);
      expect(r.stderr).not.toContain('Maximum call stack');
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
  });

  it('a missing data file: exit 2', () => {
    const r = kaoping('eval', 'demo.kp', '--data', 'case.yaml', 'nope.ndjson');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误 KD0101: nope.ndjson：不存在');
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('a missing policy file, no --data, or an output directory that does not exist: exit 2', () => {
    expect(kaoping('eval', 'nope.kp', '--data', 'case.yaml').code).toBe(2);
    const noData = kaoping('eval', 'demo.kp');
    expect(noData.code).toBe(2);
    expect(noData.stderr).toContain('缺少案件数据');
    const noDir = kaoping('eval', 'demo.kp', '--data', 'case.yaml', '--out', 'no/such/dir/r.json');
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain('所在目录不存在');
  });

  it('the policy may come after --data', () => {
    const r = kaoping('eval', '--data', 'case.yaml', 'demo.kp', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).subjects).toHaveLength(6);
  });
});

describe('kaoping explain', { timeout: 90_000 }, () => {
  it('explains a person: score lines with records and clause, grade band, each penalty with its rule file:line', () => {
    const r = kaoping('explain', 'demo.kp', '--data', 'case.yaml', 'P2');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out.split('\n')[0]).toBe('李四（P2） · 人员 · 单位：综合办（U1）');
    expect(out).toContain('得分 94，等次 合格，处罚与后果 4 项，取消 评先资格');
    expect(out).toMatch(/基础分\s+100\s+基础分\s+demo\.kp:30  基础分 100分/);
    expect(out).toMatch(/扣分\s+-6\s+3 次\s+E3、E4、E5\s+demo\.kp:31  扣 2分 每 投诉 其中 属实/);
    expect(out).toMatch(/按 个人得分 94 定为 合格\s+demo\.kp:37  合格 "合格" 不低于 80 且 不满 95/);
    expect(out).toContain('1. 告诫「效能告诫」  2024-03-04');
    expect(out).toContain('依据：规则 投诉告诫「属实的投诉予以告诫」  demo.kp:22  则 告诫');
    expect(out).toContain('4. 待岗  2024-03-18 至 2024-04-01（停发奖金）');
    expect(out).toMatch(/依据：规则 投诉待岗「[^」]+」  demo\.kp:26 /);
    expect(out).toContain('依据记录：E3、E4、E5');
    expect(out).toContain('评先资格「评先评优资格」：已取消');
    expect(out).toContain('个人得分「个人考核得分」：第 4 名（共 4 名）');
  });

  it('history before the period (issue 10): counted on its own line, listed by explain, never scored', () => {
    // H1: a substantiated complaint of 2023-12-20, history; E1, E2 in January 2024.
    // 投诉待岗 counts 自然月: January has 2 (< 3) → no 待岗; December 2023 is another month.
    // 个人得分: 100 − 2 × 2 = 96 (H1 is not deducted) → 优秀.
    write('history.yaml', [
      'period: { from: 2024-01-01, to: 2024-12-31 }',
      'history:',
      '  from: 2023-01-01',
      '  events:',
      '    - { id: H1, date: 2023-12-20, subject: P2, type: 投诉, 属实: true }',
      'units: [{ id: U1, name: 综合办 }]',
      'people: [{ id: P2, name: 李四, unit: U1 }]',
      'inputs: [{ subject: U1, input: 指标, value: 92 }]',
      'events:',
      '  - { id: E1, date: 2024-01-05, subject: P2, type: 投诉, 属实: true }',
      '  - { id: E2, date: 2024-01-10, subject: P2, type: 投诉, 属实: true }',
      '',
    ].join('\n'));
    const e = kaoping('eval', 'demo.kp', '--data', 'history.yaml');
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('往期记录 1/1/0');
    const r = kaoping('explain', 'demo.kp', '--data', 'history.yaml', 'P2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('得分 96，等次 优秀，处罚与后果 2 项');
    expect(r.stdout).toContain('往期记录（考核期以前，1 条；只供时间窗、阶梯与起算事件参照，本期不据以处理）');
    expect(r.stdout).toMatch(/2023-12-20  投诉「群众投诉」  H1  history\.yaml:5/);
  });

  it('explains a unit: its score from the members\' warnings, and its members', () => {
    const r = kaoping('explain', 'demo.kp', 'U1', '--data', 'case.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/扣分\s+-3\s+3 次\s+告诫@2024-03-04（P2）、告诫@2024-03-11（P2）、告诫@2024-03-18（P2）\s+demo\.kp:52/);
    expect(r.stdout).toContain('成员（2 人）');
    expect(r.stdout).toContain('成员所受处罚与后果：先进个人 1，告诫 3，待岗 1');
  });

  it('in English with --lang en', () => {
    const r = kaoping('explain', 'demo.kp', '--data', 'case.yaml', 'P2', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/deduct\s+-6\s+3 times\s+E3, E4, E5\s+demo\.kp:31/);
    expect(r.stdout).toContain('4. 待岗  2024-03-18 to 2024-04-01 (bonus stopped)');
  });

  it('an unknown id: exit 2 with the nearest ids; a name: the id to give', () => {
    const r = kaoping('explain', 'demo.kp', '--data', 'case.yaml', 'P22');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('案件数据中没有编号为 P22 的人员或单位。是否指 P2？');
    const byName = kaoping('explain', 'demo.kp', '--data', 'case.yaml', '李四');
    expect(byName.code).toBe(2);
    expect(byName.stderr).toContain('李四 是 P2 的名称；请用编号。');
  });
});

describe('kaoping schema', { timeout: 90_000 }, () => {
  it('prints the JSON Schema of the case data, with a $defs entry per event type', () => {
    const r = kaoping('schema', 'demo.kp');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('{\n  "')).toBe(true);
    const schema = JSON.parse(r.stdout);
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['event.投诉', 'event.表扬', 'event', 'input.指标', 'unit', 'person']));
    expect(JSON.stringify(schema.$defs['event.投诉'])).toContain('属实');
  });

  it('a policy with errors: exit 1', () => {
    write('broken.kp', '制度 坏 "坏" {\n  考核期 年度\n}\n评分 s "s" 针对 人员 {\n  扣 1分 每 未声明\n}\n');
    expect(kaoping('schema', 'broken.kp').code).toBe(1);
  });
});

describe('kaoping test', { timeout: 90_000 }, () => {
  it('a passing scenario file: exit 0 and the summary', () => {
    const r = kaoping('test', 'demo.test.yaml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  通过  共用数据原样评估');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('4 个场景通过，0 个失败');
  });

  it('a failing scenario file: exit 1, expected vs actual at the expectation, and the trace behind it', () => {
    const r = kaoping('test', 'failing.scenarios.yaml');
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain('  通过  正确的期望');
    expect(out).toContain('  失败  错误的期望（failing.scenarios.yaml:11）');
    // score: "96" is on line 14, its value at column 16
    expect(out).toContain('failing.scenarios.yaml:14:16: P2 score：期望 96，实际 94');
    // the score lines of P2 explain the 94
    expect(out).toMatch(/扣分\s+-6\s+3 次\s+E3、E4、E5\s+demo\.kp:31/);
    // penalties: [告诫, 告诫, 待岗] on line 15 (value at column 20) — the third warning is not expected
    expect(out).toContain('failing.scenarios.yaml:15:20: P2 penalties：期望 [告诫, 告诫, 待岗]，实际 [告诫@2024-03-04, 告诫@2024-03-11, 告诫@2024-03-18, 待岗@2024-03-18]');
    expect(out).toContain('多出 告诫@2024-03-18');
    expect(out).toContain('依据：规则 投诉告诫「属实的投诉予以告诫」  demo.kp:22  则 告诫');
    // flags: { 评先资格: true } on line 16, `true` at column 24
    expect(out).toContain('failing.scenarios.yaml:16:24: P2 flags.评先资格：期望 true，实际 false');
    expect(out).toContain('结果中没有编号为 P9 的人员或单位。是否指 P1、P2、P3？');
    expect(out).toContain('quota 先进：期望 [P1, P4]，实际 [P1, P3]');
    // the inline data error points into the scenario file: line 23, `表彰` at column 59
    expect(out).toMatch(/failing\.scenarios\.yaml:23:59: 错误 KD0126: /);
    expect(out).toContain('errors：期望 []，实际 [KD0126]');
    // a unit's score lines name its members' warnings as explain does, not by their internal ids
    expect(out).toContain('U1 score：期望 92.5，实际 89.5');
    expect(out).toMatch(/扣分\s+-3\s+3 次\s+告诫@2024-03-04（P2）、告诫@2024-03-11（P2）、告诫@2024-03-18（P2）/);
    expect(out).not.toContain('投诉告诫:P2:1');
    expect(out.trimEnd().split('\n').pop()).toBe('1 个场景通过，3 个失败');
  });

  it('in English with --lang en', () => {
    const r = kaoping('test', 'failing.scenarios.yaml', '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('failing.scenarios.yaml:14:16: P2 score: expected 96, actual 94');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 scenario passed, 3 failed');
  });

  it('searches directories for *.test.yaml', () => {
    mkdirSync(join(dir, 'sub'));
    copyFileSync(join(dir, 'demo.kp'), join(dir, 'sub', 'demo.kp'));
    copyFileSync(join(dir, 'case.yaml'), join(dir, 'sub', 'case.yaml'));
    copyFileSync(join(dir, 'demo.test.yaml'), join(dir, 'sub', 'again.test.yaml'));
    const r = kaoping('test', '.');
    expect(r.code).toBe(0);
    // demo.test.yaml and sub/again.test.yaml; failing.scenarios.yaml is not a *.test.yaml file
    expect(r.stdout).toContain('sub/again.test.yaml');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('8 个场景通过，0 个失败');
  });

  it('a scenario file whose policy is missing: exit 2; a path that does not exist: exit 2', () => {
    write('lost.test.yaml', 'policy: nowhere.kp\nscenarios:\n  - name: x\n    expect_errors: []\n');
    const r = kaoping('test', 'lost.test.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('lost.test.yaml:1:9: 制度文件 nowhere.kp 无法读取（不存在）');
    expect(kaoping('test', 'nothing-here').code).toBe(2);
  });

  it('unknown keys in a scenario are reported with a suggestion', () => {
    write('typo.test.yaml', 'policy: demo.kp\ndata: case.yaml\nscenarios:\n  - name: 拼错\n    expect:\n      P1: { scroe: "106" }\n');
    const r = kaoping('test', 'typo.test.yaml');
    expect(r.code).toBe(1);
    // `scroe` is on line 6; its value `"106"` starts at column 20
    expect(r.stdout).toContain('typo.test.yaml:6:20: P1 未知的期望键 scroe。是否指 score？');
  });
});
