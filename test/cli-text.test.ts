/**
 * What the `kaoping` command prints, when names, labels and values come from someone else's
 * policy or case data (issue 9): control characters are shown as escapes on the terminal (one
 * function, render/visible.ts; the column widths measure the escaped text), and CSV cells that a
 * spreadsheet would run as a formula are guarded with `'` (OWASP), numbers left as numbers.
 * The built CLI in child processes, on copies of test/fixtures/cli/ in a temporary directory.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKaoping, type Run } from './support/cli.js';
import { visible } from '../packages/cli/src/render/visible.js';
import { table, width } from '../packages/cli/src/render/width.js';
import { csvCell } from '../packages/cli/src/render/csv.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/cli/', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaoping-text-'));
  copyFileSync(join(FIXTURES, 'demo.kp'), join(dir, 'demo.kp'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const kaoping = (...args: string[]): Run => runKaoping(dir, args);
const ESC = '\u001b';
/** Display columns of printed text: CJK ideographs and full-width punctuation take two, the rest one. */
const columns = (s: string): number => [...s].reduce((n, c) => n + (/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
/** Any C0 control other than the line feeds between lines, DEL, C1, or a bidirectional control. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * demo.kp's case with hostile names: P1's name clears the screen and starts a new line, U1's
 * name has a right-to-left override, and P2's has a tab. YAML double quotes read `\e` as ESC.
 */
const HOSTILE = `period: { from: 2024-01-01, to: 2024-12-31 }
units:
  - { id: U1, name: "综合\\u202e办" }
  - { id: U2, name: 窗口科 }
people:
  - { id: P1, name: "\\e[2J张三\\n伪造的行", unit: U1 }
  - { id: P2, name: "李\\t四", unit: U1 }
  - { id: P3, name: 王五, unit: U2 }
events:
  - { id: E1, date: 2024-02-01, subject: P1, type: 表扬 }
inputs:
  - { subject: U1, input: 指标, value: 92.5 }
  - { subject: U2, input: 指标, value: 95 }
`;

describe('control characters are shown as escapes', { timeout: 90_000 }, () => {
  it('visible(): ESC, line breaks, tabs, C1 and bidirectional controls escaped; Chinese and plain text kept', () => {
    expect(visible(`${ESC}[31m红色`)).toBe('\\x1b[31m红色');
    expect(visible('a\nb\r\tc\u0000\u007f\u009b')).toBe('a\\nb\\r\\tc\\x00\\x7f\\x9b');
    expect(visible('综合\u202e办\u2028')).toBe('综合\\u202e办\\u2028');
    // A backslash that would read as an escape is doubled, so `\x1b` typed as text differs from ESC.
    expect(visible('C:\\x1b')).toBe('C:\\\\x1b');
    expect(visible('a\\b 考评 —')).toBe('a\\b 考评 —');
  });

  it('width() measures the escaped text, so table columns line up', () => {
    // `a` + `\x1b` (4 columns) + `b` = 6; 张三 = 4.
    expect(width(`a${ESC}b`)).toBe(6);
    const lines = table([['名称', '得分'], [`a${ESC}b`, '1'], ['张三', '2']], { align: ['left', 'right'] }).map(visible);
    // Column 1 is 6 wide (the escaped name), then two spaces, then the score right-aligned in 4.
    expect(lines).toEqual(['名称    得分', 'a\\x1bb     1', '张三       2']);
  });

  it('eval: names from the case data are escaped in the table, which keeps one line per subject', () => {
    writeFileSync(join(dir, 'case.yaml'), HOSTILE);
    const r = kaoping('eval', 'demo.kp', '--data', 'case.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const lines = r.stdout.split('\n');
    // P1: 100 + 3 (one praise) = 103 → 优秀.
    expect(lines.find((l) => l.startsWith('P1 '))).toMatch(/^P1 +\\x1b\[2J张三\\n伪造的行 {2}综合\\u202e办\s+103 .*优秀/);
    expect(lines.some((l) => l.startsWith('伪造的行'))).toBe(false);
    expect(lines.find((l) => l.startsWith('P2 '))).toMatch(/^P2 +李\\t四 /);
    // The score column (right-aligned) ends at the same display column on every person's row:
    // P1 103, P2 and P3 100 (no events).
    const upTo = (id: string, score: string): number => {
      const line = lines.find((l) => l.startsWith(`${id} `))!;
      return columns(line.slice(0, line.indexOf(` ${score} `) + score.length + 1));
    };
    expect(new Set([upTo('P1', '103'), upTo('P2', '100'), upTo('P3', '100')]).size).toBe(1);
  });

  it('explain and the JSON result: escaped for the reader, exact in JSON', () => {
    writeFileSync(join(dir, 'case.yaml'), HOSTILE);
    const e = kaoping('explain', 'demo.kp', '--data', 'case.yaml', 'P1');
    expect(e.code).toBe(0);
    expect(e.stdout.split('\n')[0]).toBe('\\x1b[2J张三\\n伪造的行（P1） · 人员 · 单位：综合\\u202e办（U1）');
    expect(e.stdout).not.toMatch(RAW_CONTROL);
    // JSON is for programs: the name is exactly what the data says.
    const j = JSON.parse(kaoping('eval', 'demo.kp', '--data', 'case.yaml', '--format', 'json').stdout) as { subjects: { id: string; name: string }[] };
    expect(j.subjects.find((s) => s.id === 'P1')!.name).toBe(`${ESC}[2J张三\n伪造的行`);
  });

  it('labels from the policy, check diagnostics, data errors and test reports are escaped', () => {
    // A grade label with a blinking-text sequence; line 38 of demo.kp is `  优秀 "优秀" 不低于 95`.
    const policy = readFileSync(join(dir, 'demo.kp'), 'utf8').replace('优秀 "优秀" 不低于 95', `优秀 "优${ESC}[5m秀" 不低于 95`);
    writeFileSync(join(dir, 'demo.kp'), policy);
    writeFileSync(join(dir, 'case.yaml'), HOSTILE);
    const table = kaoping('eval', 'demo.kp', '--data', 'case.yaml');
    expect(table.stdout).toContain('优\\x1b[5m秀');
    expect(table.stdout).not.toMatch(RAW_CONTROL);

    // A stray ESC in the policy: KP0001 quotes it (with the `[` the lexer takes along). `事件 x "X" ` is 9 characters: ESC at column 10.
    writeFileSync(join(dir, 'stray.kp'), `制度 s "S" { 考核期 年度 }\n事件 x "X" ${ESC}[31m\n`);
    const check = kaoping('check', 'stray.kp');
    expect(check.stdout).toContain('stray.kp:2:10: 错误 KP0001: 无法识别的字符 `\\x1b[`');
    expect(check.stdout).not.toMatch(RAW_CONTROL);

    // A value outside the attribute's type, quoted by the data error.
    writeFileSync(join(dir, 'bad.yaml'), HOSTILE.replace('type: 表扬 }', `type: "表扬${ESC}[8m" }`));
    const data = kaoping('eval', 'demo.kp', '--data', 'bad.yaml');
    expect(data.code).toBe(1);
    expect(data.stderr).toContain('表扬\\x1b[8m');
    expect(data.stderr).not.toMatch(RAW_CONTROL);

    // A failing scenario whose name carries a line break.
    writeFileSync(join(dir, 'x.test.yaml'), 'policy: demo.kp\ndata: case.yaml\nscenarios:\n  - name: "假\\n通过  P9"\n    expect:\n      P1: { score: "1" }\n');
    const test = kaoping('test', 'x.test.yaml');
    expect(test.code).toBe(1);
    expect(test.stdout).toContain('失败  假\\n通过  P9');
    expect(test.stdout).not.toMatch(RAW_CONTROL);
  });
});

describe('CSV cells a spreadsheet would run as formulas', { timeout: 90_000 }, () => {
  it('csvCell(): = + - @ tab and CR at the start get a leading quote; numbers stay numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(['+1+2', '-A1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'+1+2", "'-A1", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(['-3.5', '+2', '-1', '106', '89.5', '张三', ''].map(csvCell)).toEqual(['-3.5', '+2', '-1', '106', '89.5', '张三', '']);
  });

  it('eval --format csv guards a formula in a name and keeps a negative score a number', () => {
    // U2's indicator is 0 and its member P3 has one warning (E7): 0 − 1 = −1.
    writeFileSync(
      join(dir, 'case.yaml'),
      `period: { from: 2024-01-01, to: 2024-12-31 }
units:
  - { id: U1, name: "=HYPERLINK(\\"http://evil.example\\",\\"点击\\")" }
  - { id: U2, name: "@SUM(1+1)" }
people:
  - { id: P1, name: "-2+3", unit: U1 }
  - { id: P3, name: 王五, unit: U2 }
events:
  - { id: E7, date: 2024-05-06, subject: P3, type: 投诉, 属实: true }
inputs:
  - { subject: U1, input: 指标, value: 92.5 }
  - { subject: U2, input: 指标, value: 0 }
`,
    );
    const r = kaoping('eval', 'demo.kp', '--data', 'case.yaml', '--format', 'csv');
    expect(r.code).toBe(0);
    const rows = r.stdout.slice(1).split('\r\n');
    // U1: 92.5 − 0 (P1 has no warning) = 92.5 → 好.
    expect(rows).toContain(`单位,U1,"'=HYPERLINK(""http://evil.example"",""点击"")",,92.5,好,好,,`);
    expect(rows).toContain("单位,U2,'@SUM(1+1),,-1,一般,一般,,");
    // P1: 100, no events → 优秀; P3: 100 − 2 = 98 → 优秀. Quota 先进: 50% of 2 people = 1 place,
    // the best score of the pool P1, P3 → P1 gets 先进个人 on 2024-12-31. The name `-2+3` is text.
    expect(rows.find((l) => l.startsWith('人员,P1,'))).toBe("人员,P1,'-2+3,U1,100,优秀,优秀,先进个人@2024-12-31,");
  });
});
