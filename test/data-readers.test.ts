/**
 * The case-data readers (packages/cli/src/data): YAML, JSON, NDJSON and CSV files, alone and
 * combined. Fixtures are in test/fixtures/data; the policy is test/fixtures/data/policy.kp.
 * Every expected position is counted by hand in the fixture (lines and columns are 1-based,
 * a Chinese character is one column); the comments next to the expectations say how.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import type { CaseData, DataError } from '@kaoping/evaluator';
import { kindFromName, parseJsonLine, readCaseFiles } from '../packages/cli/src/data/index.js';

const FIX = fileURLToPath(new URL('./fixtures/data/', import.meta.url));
const policyFile = join(FIX, 'policy.kp');
const policy = createEnv().analyze(readFileSync(policyFile, 'utf8'), policyFile).checked.policy;
const read = (...files: string[]) => readCaseFiles(files, policy, { cwd: FIX });

const withoutOrigins = (d: CaseData | undefined): unknown => JSON.parse(JSON.stringify(d, (k, v) => (k === 'origin' ? undefined : v)));
const where = (e: DataError) => (e.origin ? `${e.origin.line}:${e.origin.column}` : undefined);
const brief = (es: readonly DataError[]) => es.map((e) => [e.code, where(e) ?? e.record]);

/** valid/case.yaml, written out by hand. */
const EXPECTED: CaseData = {
  period: { from: '2024-01-01', to: '2024-12-31' },
  calendar: { holidays: ['2024-10-01'], workdays: ['2024-10-12'], useBundled: true },
  units: [
    { id: 'U0', name: '县局', kind: 'type2' },
    { id: 'U1', name: '综合办', head: 'P1', kind: 'type1', parent: 'U0' },
  ],
  people: [
    { id: 'P1', name: '张三', unit: 'U1' },
    { id: 'P2', name: '李四', unit: 'U1' },
  ],
  events: [
    {
      id: 'E1',
      date: '2024-03-05',
      subject: 'P1',
      type: '投诉',
      attrs: { 情节: '严重', 属实: true, 迟到分钟: '45', 扣减: '0.1', 收到: '2024-03-01', 备注: '态度生硬', 停办: [{ from: '2024-03-02', to: '2024-03-03' }], 处理: '告诫' },
    },
    { id: 'E2', date: '2024-04-10', subject: 'P2', type: '投诉', attrs: { 情节: '一般', 属实: false, 扣减: '89.995' } },
    { id: 'E3', date: '2024-05-20', subject: 'U1', type: '核查', attrs: { 扣减分值: '1.50' } },
    { id: 'E4', date: '2024-06-01', subject: 'U0', type: '事故', attrs: {} },
    { id: 'E5', date: '2024-07-01', subject: 'P1', type: '待岗', attrs: {} },
  ],
  inputs: [
    { subject: 'U1', input: '指标', value: '92.50' },
    { subject: 'U0', input: '指标', value: '0.1' },
    { subject: 'P1', input: '季度得分', value: '88', quarter: 1 },
    { subject: 'P1', input: '季度得分', value: '90.5', quarter: 2 },
  ],
  votes: [
    { subject: 'U1', survey: '民主测评', group: '领导班子', choice: '满意', count: 40 },
    { subject: 'U1', survey: '民主测评', group: '群众', choice: '一般票', count: 3 },
    { subject: 'P1', survey: '满意度', choice: '95.5', count: 1 },
    { subject: 'P2', survey: '满意度', choice: '80', count: 2 },
  ],
  params: { 投诉扣分: '2' },
};
const ALL_USED = {
  units: { read: 2, used: 2, rejected: 0 },
  people: { read: 2, used: 2, rejected: 0 },
  events: { read: 5, used: 5, rejected: 0 },
  inputs: { read: 4, used: 4, rejected: 0 },
  votes: { read: 4, used: 4, rejected: 0 },
};
const CSV_SET = ['header.yaml', 'units.csv', 'people.csv', 'events.csv', 'inputs.csv', 'votes.csv'].map((f) => `valid/csv/${f}`);

describe('valid files: every format gives the same case', () => {
  it.each([
    ['YAML', ['valid/case.yaml']],
    ['JSON', ['valid/case.json']],
    ['NDJSON (with record kinds and a header line)', ['valid/case.ndjson']],
    ['CSV, one file per kind, with a YAML header', CSV_SET],
    ['the same files in another order', [...CSV_SET].reverse()],
  ])('%s', async (_what, files) => {
    const r = await read(...files);
    expect(r.errors).toEqual([]);
    expect(withoutOrigins(r.data)).toEqual(EXPECTED);
    expect(r.counts).toEqual(ALL_USED);
  });

  it('records carry where they were read', async () => {
    const y = await read('valid/case.yaml');
    // E1 is the block mapping on lines 15–26, its first key at column 5 ("  - id: E1").
    expect(y.data!.events[0]!.origin).toEqual({ file: 'valid/case.yaml', line: 15, column: 5 });
    // U1 is the flow mapping on line 8, "  - {" opening at column 5.
    expect(y.data!.units[1]!.origin).toEqual({ file: 'valid/case.yaml', line: 8, column: 5 });
    const n = await read('valid/case.ndjson');
    // E1 is on line 7 (line 6 is blank).
    expect(n.data!.events[0]!.origin).toEqual({ file: 'valid/case.ndjson', line: 7, column: 1 });
    const c = await read(...CSV_SET);
    // people.csv has \r\n line ends: P2 is on line 3.
    expect(c.data!.people[1]!.origin).toEqual({ file: 'valid/csv/people.csv', line: 3, column: 1 });
    expect(c.data!.events[4]!.origin).toEqual({ file: 'valid/csv/events.csv', line: 6, column: 1 });
  });

  it('numbers keep their digits in every format', async () => {
    for (const files of [['valid/case.yaml'], ['valid/case.json'], ['valid/case.ndjson'], CSV_SET]) {
      const d = (await read(...files)).data!;
      expect(d.events[0]!.attrs['扣减']).toBe('0.1');
      expect(d.events[1]!.attrs['扣减']).toBe('89.995');
      expect(d.events[2]!.attrs['扣减分值']).toBe('1.50');
      expect(d.inputs[0]!.value).toBe('92.50');
    }
  });
});

describe('YAML errors', () => {
  it('every problem of errors/case.yaml, with its code and position', async () => {
    const r = await read('errors/case.yaml');
    expect(brief(r.errors)).toEqual([
      ['KD0147', '5:32'], // "  - { id: U2, name: 办公室, kind: type3 }": type3 at column 32
      ['KD0144', '8:31'], // "  - { id: P2, name: 李四, unit: U7 }": U7 at column 31
      ['KD0124', '14:9'], // "    情节: 特别严重": the value at column 9
      ['KD0126', '19:11'], // "    type: 投拆"
      ['KD0148', '20:21'], // "  - { id: E9, date: 2025-01-02, …": the date at column 21
      ['KD0140', '21:5'], // the second E7 (the first, line 10, has an error of its own)
      ['KD0123', '25:63'], // "迟到分钟: 1e3": 1e3 at column 63
      ['KD0129', '28:38'], // "value: 100.5" at column 38
      ['KD0131', '30:5'], // the vote has no group: the record
    ]);
    expect(r.errors[2]!.message.zh).toBe('事件 E7 的属性 情节 应为 一般、严重 之一，实际为 特别严重。请改为其中之一，或在制度中声明该值。');
    expect(r.errors[5]!.message.zh).toBe(
      '事件编号 E7 重复：已在 errors/case.yaml:10:5 使用（该记录有错误，也未被采用）。此条记录未被采用；请给它另一个编号，或删除重复的记录。',
    );
    expect(r.errors.every((e) => e.origin?.file === 'errors/case.yaml')).toBe(true);
    expect(r.counts).toEqual({
      units: { read: 2, used: 1, rejected: 1 },
      people: { read: 2, used: 1, rejected: 1 },
      events: { read: 6, used: 1, rejected: 5 },
      inputs: { read: 1, used: 0, rejected: 1 },
      votes: { read: 1, used: 0, rejected: 1 },
    });
    expect(r.data!.events.map((e) => [e.id, e.attrs['扣减']])).toEqual([['E11', '89.995']]);
  });

  it('a syntax error: KD0102 at its position, and the file is not read', async () => {
    const r = await read('errors/duplicate-key.yaml');
    // "  - { id: U1, name: 综合办, id: U2 }": the second id at column 26.
    expect(brief(r.errors)).toEqual([
      ['KD0102', '3:26'],
      ['KD0110', 'period'],
    ]);
    expect(r.errors[0]!.message.zh).toBe('YAML/JSON 语法错误：同一映射中有重复的键（Map keys must be unique）。本文件未读取；请改正后重试。');
    expect(r.counts.units.read).toBe(0);
    expect(r.data).toBeUndefined();
  });

  it('several documents in one file: KD0107 at the second, and the file is not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaoping-docs-'));
    try {
      writeFileSync(join(dir, 'case.yaml'), 'period: { from: 2024-01-01, to: 2024-12-31 }\n---\nunits: [{ id: U1, name: x }]\n');
      const r = await readCaseFiles(['case.yaml'], policy, { cwd: dir });
      // The second document starts with the --- on line 2.
      expect(brief(r.errors)).toEqual([
        ['KD0107', '2:1'],
        ['KD0110', 'period'],
      ]);
      expect(r.counts.units.read).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a JSON syntax error is explained as JSON', async () => {
    const r = await read('errors/broken.json');
    // line 2: ` "units": [ {"id": "U1" "name": "x"} ]}` — the comma is missing before column 25.
    expect(brief(r.errors)).toEqual([
      ['KD0102', '2:25'],
      ['KD0110', 'period'],
    ]);
    expect(r.errors[0]!.message.zh).toBe('JSON 语法错误：此处应为逗号或 }，实际为 “"”。本文件未读取；请改正后重试。');
  });
});

describe('NDJSON', () => {
  it('every problem of errors/events.ndjson, with its line and column', async () => {
    const r = await read('errors/base.yaml', 'errors/events.ndjson');
    expect(brief(r.errors)).toEqual([
      ['KD0124', '2:73'], // "情节": "特别严重" — the value's quote at column 73
      ['KD0104', '3:35'], // no comma between "2024-03-05" and "subject" (column 35)
      ['KD0104', '4:1'], // a list, not an object
      ['KD0108', '7:12'], // "record": "units2"
      ['KD0104', '8:14'], // the second "id" key
      ['KD0104', '9:67'], // the x after the object
    ]);
    expect(r.errors[1]!.message.zh).toBe('此行不是合法的 JSON：此处应为逗号或 }，实际为 “"”。此行未读取；请改正。');
    expect(r.errors[4]!.message.zh).toBe('此行不是合法的 JSON：键 id 在同一对象中出现了两次。此行未读取；请改正。');
    // Lines 1–4 and 7–9 are events by default (7 lines), only line 1 is good; line 6 is a unit.
    expect(r.counts.events).toEqual({ read: 7, used: 1, rejected: 6 });
    expect(r.counts.units).toEqual({ read: 2, used: 2, rejected: 0 });
    expect(r.data!.events[0]!.attrs['扣减']).toBe('0.1');
  });

  describe('a large file, streamed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaoping-data-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    // 30,000 lines of about 90 bytes (2.7 MB: many 64 KB chunks), \r\n line ends; line 12,345 is broken.
    const N = 30_000;
    const lines: string[] = [];
    for (let i = 1; i <= N; i++) {
      lines.push(i === 12_345 ? '{"id": "E12345", "date": 2024-01-01}' : `{"id": "E${i}", "date": "2024-0${1 + (i % 9)}-1${i % 10}", "subject": "P1", "type": "投诉", "扣减": 0.${i}}`);
    }
    const file = join(dir, 'big.ndjson');
    writeFileSync(file, lines.join('\r\n') + '\r\n');

    it('reads every line, with the right line numbers across chunks', async () => {
      const r = await readCaseFiles([join(FIX, 'errors/base.yaml'), file], policy);
      // {"id": "E12345", "date": 2024-01-01}: 2024 is a number, then "-01" is not JSON. The first
      // "-" is at column 30: { is 1, "id" 2–5, : 6, "E12345" 8–15, "," 16, "date" 18–23, : 24, 2024 26–29.
      expect(brief(r.errors)).toEqual([['KD0104', '12345:30']]);
      expect(r.counts.events).toEqual({ read: N, used: N - 1, rejected: 1 });
      expect(r.data!.events[N - 2]!.origin).toEqual({ file, line: N, column: 1 });
      expect(r.data!.events[9]!.attrs['扣减']).toBe('0.10');
    });
  });
});

describe('CSV', () => {
  it('every problem of errors/events.csv, with the cell it is in', async () => {
    const r = await read('errors/base.yaml', 'errors/events.csv');
    expect(brief(r.errors)).toEqual([
      ['KD0124', '3:21'], // "E2,2024-03-05,P1,投诉,特别严重,": the fifth cell at column 21
      ['KD0123', '4:24'], // "…,一般,"1,5"": the quoted cell opens at column 24
      ['KD0109', '5:26'], // "…,一般,1,extra": extra at column 26
      ['KD0125', '6:4'], // 2024-13-05 in the second cell
      ['KD0103', '7:1'], // the quote opened at line 7, column 1 is never closed
    ]);
    expect(r.errors[1]!.message.zh).toBe('事件 E3 的属性 扣减 应为 数字（如 92.5，不用科学计数法），实际为 1,5。请改正该值。');
    expect(r.errors[4]!.message.zh).toBe('CSV 语法错误：引号没有闭合。从第 7 行起本文件未读取；请改正后重试。');
    // Rows 2–6 are read (E1 good, four rejected); rows 7–8 are not read, which KD0103 says.
    expect(r.counts.events).toEqual({ read: 5, used: 1, rejected: 4 });
  });

  const dir = mkdtempSync(join(tmpdir(), 'kaoping-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a byte-order mark, \\r\\n, a quoted cell over two lines, a Chinese file name', async () => {
    const file = join(dir, '事件.csv');
    writeFileSync(file, '\ufeffid,date,subject,type,备注,情节\r\nE1,2024-03-05,P1,投诉,"第一行\r\n第二行, 含逗号",严重\r\nE2,2024-03-06,P1,投诉,,特别\r\n');
    const r = await readCaseFiles([join(FIX, 'errors/base.yaml'), file], policy);
    expect(r.data!.events[0]!.attrs).toEqual({ 备注: '第一行\r\n第二行, 含逗号', 情节: '严重' });
    // E1 takes lines 2–3; E2 is on line 4; 特别 is its sixth cell: E2 1–2, date 4–13, P1 15–16,
    // 投诉 18–19, the empty cell 21, 特别 at 22.
    expect(brief(r.errors)).toEqual([['KD0124', '4:22']]);
  });

  it('a header with a repeated column, and a file name that names no kind: KD0106', async () => {
    const r = await read('errors/base.yaml', 'errors/units-dup-column.csv', 'errors/records.csv');
    // "id,name,name": the second name at column 9.
    expect(brief(r.errors)).toEqual([
      ['KD0106', '1:9'],
      ['KD0106', 'errors/records.csv'],
    ]);
    expect(r.counts.units.read).toBe(1);
  });
});

describe('a file that is not UTF-8 (KD0100): never read with replacement characters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaoping-utf8-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** 张三 and 王五 as GBK (what Excel and Notepad write on a Chinese Windows): D5 C5 C8 FD, CD F5 CE E5. */
  const ZHANG_SAN = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]);
  const WANG_WU = Buffer.from([0xcd, 0xf5, 0xce, 0xe5]);
  const write = (name: string, ...parts: (string | Buffer)[]): string => {
    writeFileSync(join(dir, name), Buffer.concat(parts.map((x) => (typeof x === 'string' ? Buffer.from(x, 'utf8') : x))));
    return name;
  };
  const readIn = (...files: string[]) => readCaseFiles([join(FIX, 'errors/base.yaml'), ...files.map((f) => join(dir, f))], policy);
  const problems = (es: readonly DataError[]) => es.filter((e) => e.origin?.file !== join(FIX, 'errors/base.yaml'));

  it('YAML: the first byte that is not UTF-8, with its line and column; the file is not read', async () => {
    // line 2 "  - { id: P2, name: 李四, unit: U1 }" is good; line 3 "  - { id: P3, name: " is 20
    // columns, so the GBK name starts at column 21.
    const f = write('case.yaml', 'people:\n  - { id: P2, name: 李四, unit: U1 }\n  - { id: P3, name: ', ZHANG_SAN, ', unit: U1 }\n');
    const r = await readIn(f);
    expect(brief(problems(r.errors))).toEqual([['KD0100', '3:21']]);
    const e = problems(r.errors)[0]!;
    expect(e.origin!.file).toBe(join(dir, f));
    expect(e.message.zh).toBe(
      '文件中有不是 UTF-8 编码的字节（0xD5 0xC5 0xC8 0xFD）。案件文件应为 UTF-8 文本；这个文件可能是用 GBK（ANSI）等其他编码保存的。本文件未读取；请把它另存为 UTF-8 编码（Excel：“CSV UTF-8（逗号分隔）”；记事本：编码选 UTF-8）后重试。',
    );
    expect(e.message.en).toBe(
      'bytes that are not UTF-8 (0xD5 0xC5 0xC8 0xFD). Case files are UTF-8 text; this one may have been saved in GBK (ANSI) or another encoding. The file was not read; save it as UTF-8 (Excel: "CSV UTF-8 (Comma delimited)"; Notepad: Encoding UTF-8) and try again.',
    );
    // Neither P2 (before the bytes) nor P3 is read: a YAML file is one document.
    expect(r.counts.people).toEqual({ read: 1, used: 1, rejected: 0 });
  });

  it('JSON: the same, with the column counted in characters (a Chinese character is one)', async () => {
    // {"units": [{"id": "U2", "name": "综合办", "head": " is 48 characters ({"units": [{ 1–12,
    // "id": "U2", 13–23, then 24, "name": "综合办", 25–38, then 39, "head": " 40–48): the name at 49.
    const f = write('case.json', '{"units": [{"id": "U2", "name": "综合办", "head": "', WANG_WU, '"}]}\n');
    const r = await readIn(f);
    expect(brief(problems(r.errors))).toEqual([['KD0100', '1:49']]);
    expect(problems(r.errors)[0]!.message.zh).toContain('（0xCD 0xF5 0xCE 0xE5）');
    expect(r.counts.units.read).toBe(1);
  });

  it('NDJSON: the lines before are read; from the line with the bytes on, nothing', async () => {
    const good = '{"id": "E1", "date": "2024-03-05", "subject": "P1", "type": "投诉"}\n';
    // line 2: {"id": "E2", "date": "2024-03-06", "subject": "P1", "type": "投诉", "备注": " — E1's
    // line without its closing } is 64 characters; ', "备注": "' adds 9 more: the note at column 74.
    const f = write('events.ndjson', good, '{"id": "E2", "date": "2024-03-06", "subject": "P1", "type": "投诉", "备注": "', ZHANG_SAN, '"}\n', good.replace('E1', 'E3'));
    const r = await readIn(f);
    expect(brief(problems(r.errors))).toEqual([['KD0100', '2:74']]);
    expect(problems(r.errors)[0]!.message.zh).toContain('从第 2 行起本文件未读取');
    expect(problems(r.errors)[0]!.message.en).toContain('The file was not read from line 2 on');
    expect(r.counts.events).toEqual({ read: 1, used: 1, rejected: 0 });
  });

  it('CSV: the rows before are read; from the row with the bytes on, nothing (\r\n line ends)', async () => {
    // row 3 "P9," then the GBK name at column 4.
    const f = write('people.csv', 'id,name,unit\r\nP8,赵六,U1\r\nP9,', WANG_WU, ',U1\r\nP10,钱七,U1\r\n');
    const r = await readIn(f);
    expect(brief(problems(r.errors))).toEqual([['KD0100', '3:4']]);
    expect(problems(r.errors)[0]!.message.zh).toContain('从第 3 行起本文件未读取');
    expect(r.data!.people.map((p) => p.id)).toEqual(['P1', 'P8']);
  });

  it('CSV: a quoted cell over two lines before the bytes does not also give a syntax error', async () => {
    // row 2 is "P8,"赵\n六",U1": its cell ends on line 3; the bytes are on line 4, column 4.
    const f = write('2024-people.csv', 'id,name,unit\nP8,"赵\n六",U1\nP9,', WANG_WU, ',U1\n');
    const r = await readIn(f);
    expect(brief(problems(r.errors))).toEqual([['KD0100', '4:4']]);
    expect(r.data!.people.map((p) => p.name)).toEqual(['张三', '赵\n六']);
  });

  it('a UTF-16 file (Windows "Unicode") is named as such', async () => {
    const text = 'id,name,unit\nP9,王五,U1\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const f = write('units-utf16.csv', utf16);
    const r = await readIn(f);
    expect(brief(problems(r.errors))).toEqual([['KD0100', '1:1']]);
    expect(problems(r.errors)[0]!.message.zh).toContain('这个文件是 UTF-16（“Unicode”）编码的');
    expect(problems(r.errors)[0]!.message.en).toContain('this one is UTF-16 ("Unicode")');
  });

  it('valid UTF-8 with a byte-order mark, and a replacement character written as such, are read', async () => {
    const f = write('votes.csv', '\ufeffsubject,survey,choice\nP1,满意度,90\n');
    const g = write('units.ndjson', '{"id": "U7", "name": "\ufffd办"}\n');
    const r = await readIn(f, g);
    expect(problems(r.errors)).toEqual([]);
    expect(r.data!.units.map((u) => u.name)).toEqual(['综合办', '\ufffd办']);
  });
});

describe('files', () => {
  it('an unreadable file, a directory without case files, an unsupported type: KD0101, KD0101, KD0105', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kaoping-empty-'));
    writeFileSync(join(empty, 'notes.txt'), 'not case data\n');
    try {
      const r = await read('errors/base.yaml', 'errors/nope.yaml', empty, 'errors/notes.txt', 'errors/missing.ndjson', 'errors/missing.csv');
      expect(brief(r.errors)).toEqual([
        ['KD0101', 'errors/nope.yaml'],
        ['KD0101', empty],
        ['KD0105', 'errors/notes.txt'],
        ['KD0101', 'errors/missing.ndjson'],
        ['KD0101', 'errors/missing.csv'],
      ]);
      expect(r.errors[0]!.message.zh).toBe('errors/nope.yaml：不存在。请检查路径拼写，或先进入正确的目录。');
      expect(r.errors[1]!.message.zh).toBe(
        `${empty}：是目录，但其中没有案件文件。目录中的 .yaml/.yml、.json、.ndjson/.jsonl 和 .csv 文件会按文件名顺序读取；请把案件文件放进该目录，或直接给出文件。`,
      );
      // The readable file is still read.
      expect(r.data!.people.map((p) => p.id)).toEqual(['P1']);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a directory is read as the case files directly inside it, in name order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaoping-dir-'));
    try {
      mkdirSync(join(dir, 'year'));
      mkdirSync(join(dir, 'year', 'old'));
      writeFileSync(join(dir, 'year', 'b-people.csv'), 'id,name,unit\nP7,王七,U1\nP7,重复,U1\n');
      writeFileSync(join(dir, 'year', 'a-case.yaml'), 'units: [{ id: U1, name: 综合办 }]\nperiod: { from: 2024-01-01, to: 2024-12-31 }\nparams: { 投诉扣分: 1 }\n');
      writeFileSync(join(dir, 'year', 'README.txt'), 'skipped: not a case file\n');
      writeFileSync(join(dir, 'year', 'old', 'people.csv'), 'id,name,unit\nP9,旧,U1\n');
      const r = await readCaseFiles(['year'], policy, { cwd: dir });
      // The duplicate id is reported in the file of the directory, at its line: so it was read.
      expect(brief(r.errors)).toEqual([['KD0140', '3:1']]);
      expect(r.errors[0]!.origin?.file).toBe(join('year', 'b-people.csv'));
      expect(r.counts.people.read).toBe(2);
      expect(r.counts.units.read).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('files combine, and cross-record checks wait for the last file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaoping-mix-'));
    try {
      // The events come before the people they name, and the period comes last.
      writeFileSync(join(dir, 'events.ndjson'), '{"id": "E1", "date": "2024-02-01", "subject": "P7", "type": "投诉"}\n');
      writeFileSync(join(dir, 'people.csv'), 'id,name,unit\nP7,王七,U1\n');
      writeFileSync(join(dir, 'case.yaml'), 'units: [{ id: U1, name: 综合办 }]\nperiod: { from: 2024-01-01, to: 2024-12-31 }\nparams: { 投诉扣分: 1.5 }\n');
      const r = await readCaseFiles(['events.ndjson', 'people.csv', 'case.yaml'], policy, { cwd: dir });
      expect(r.errors).toEqual([]);
      expect(r.data!.events.map((e) => e.subject)).toEqual(['P7']);
      expect(r.data!.params).toEqual({ 投诉扣分: '1.5' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('helpers', () => {
  it('kindFromName', () => {
    expect(kindFromName('events.csv')).toBe('events');
    expect(kindFromName('data/2024-units.csv')).toBe('units');
    expect(kindFromName('votes_q1.jsonl')).toBe('votes');
    expect(kindFromName('人员.csv')).toBe('people');
    expect(kindFromName('records.csv')).toBeUndefined();
    expect(kindFromName('eventsx.csv')).toBeUndefined();
  });

  it('parseJsonLine keeps number text and finds values', () => {
    const p = parseJsonLine('{"a": 0.10, "b": [1e3, -0], "c": {"d": "\\u4e2d"}}');
    expect(p.value).toEqual({ a: '0.10', b: ['1e3', '-0'], c: { d: '中' } });
    expect(p.memberAt.get('b')).toBe(17);
    expect(p.offsetOf(['b', 1])).toBe(23);
    expect(p.offsetOf(['c', 'd'])).toBe(39);
  });
});
