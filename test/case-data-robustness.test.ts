/**
 * What the case-data fuzz (test/case-data-fuzz.test.ts) found, each pinned by a test of its own:
 * the input it found, made small, and what the readers must say about it. Positions are counted
 * by hand in the input (lines and columns 1-based; `\n`, `\r\n` and a lone `\r` end a line).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnv } from '../packages/dsl/src/index.js';
import { parseYamlCase, type DataError } from '../packages/evaluator/src/index.js';
import { readCaseFiles } from '../packages/cli/src/data/index.js';

const FIX = fileURLToPath(new URL('./fixtures/data/', import.meta.url));
const policy = createEnv().analyze(readFileSync(join(FIX, 'policy.kp'), 'utf8'), 'policy.kp').checked.policy;
const dir = mkdtempSync(join(tmpdir(), 'kaoping-robust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const where = (e: DataError) => (e.origin ? `${e.origin.line}:${e.origin.column}` : e.record);
const brief = (es: readonly DataError[]) => es.map((e) => [e.code, where(e)]);
const errorsOf = (text: string, name: string) => {
  const r = parseYamlCase(text, name);
  return r.kind === 'errors' ? brief(r.errors) : r.kind;
};

describe('YAML and JSON syntax errors are placed on the line an editor shows', () => {
  it('a JSON file with lone \\r line ends: the error is on line 3, not on "line 1, column 14"', () => {
    // line 3 is "  x": the x at column 3 is where a comma or } was expected.
    expect(errorsOf('{\r  "a": 1\r  x\r}\r', 'case.json')).toEqual([['KD0102', '3:3']]);
  });

  it('a .json file must be JSON: what YAML would read as something else is an error', () => {
    // With \n line ends YAML reads `"a": 1⏎  x` as the text "1 x"; JSON wants a comma at 3:3.
    expect(errorsOf('{\n  "a": 1\n  x\n}\n', 'case.json')).toEqual([['KD0102', '3:3']]);
    // a trailing comma, an unquoted key: JSON errors (the second: at the key, 1:10)
    expect(errorsOf('{"a": [1, 2,]}', 'case.json')).toEqual([['KD0102', '1:13']]);
    expect(errorsOf('{"a": 1, b: 2}', 'case.json')).toEqual([['KD0102', '1:10']]);
    // the same text in a .yaml file is YAML
    expect(errorsOf('{"a": 1, b: 2}', 'case.yaml')).toBe('tree');
  });

  it('a YAML file with lone \\r line ends is read as with \\n (YAML 1.2 counts \\r as a line break)', () => {
    const r = parseYamlCase('units:\r  - { id: U1, name: 综合办 }\r  - { id: U2, name: 办公室 }\r', 'case.yaml');
    expect(r.kind).toBe('tree');
    if (r.kind === 'tree') {
      expect(r.tree).toEqual({ units: [{ id: 'U1', name: '综合办' }, { id: 'U2', name: '办公室' }] });
      // "  - { id: U2, …": U2 at column 11 of line 3
      expect(r.originOf(['units', 1, 'id'])).toEqual({ file: 'case.yaml', line: 3, column: 11 });
    }
  });

  it('one mistake, one error: not one for every token after an unclosed bracket, placed past the end of a line', () => {
    // Found by the fuzz: a mapping opened inside a flow mapping and closed on the next line. The
    // yaml parser reported 12 errors, the later ones at line 3 column 22 and beyond (line 3 has
    // 13 characters): the line break inside its malformed token was lost. The first error is the
    // one to correct: line 3, column 1, where the flow mapping should have been closed.
    expect(errorsOf('a:\n  - { { a: 1 \n} } }, b: c }\n  - { d: e, f: g }\n', 'case.yaml')).toEqual([['KD0102', '3:1']]);
  });
});

describe('what a YAML file may hold beyond its syntax (KD0107, the file is not read)', () => {
  it('a key that is a mapping or a list: an error at the key, not a field named "[object Object]"', () => {
    // "  - { id: U1, name: x, { a: 1 }: y }": the key { a: 1 } opens at column 24.
    expect(errorsOf('units:\n  - { id: U1, name: x, { a: 1 }: y }\n', 'case.yaml')).toEqual([['KD0107', '2:24']]);
    const r = parseYamlCase('? [a, b]\n: 1\n', 'case.yaml');
    expect(r.kind === 'errors' && r.errors[0]!.message.zh).toBe('案件文件结构有误：键应为名称（文本或数字），此处是一个列表（[…]）。本文件未读取；请改正后重试。');
  });

  it('nesting deeper than 64 levels: an error where the 65th level opens', () => {
    // "units: " then 100 brackets: units is level 1 (the document) + 1, so bracket k is level k + 1;
    // level 65 is bracket 64, at column 7 + 64 = 71.
    expect(errorsOf(`units: ${'['.repeat(100)}${']'.repeat(100)}\n`, 'case.yaml')).toEqual([['KD0107', '1:71']]);
  });

  it('an alias inside the collection it refers to: an error at the alias, not a value cut off after 200 levels', () => {
    // "  - &u { id: U1, name: x, kind: [*u] }": *u at column 34.
    expect(errorsOf('units:\n  - &u { id: U1, name: x, kind: [*u] }\n', 'case.yaml')).toEqual([['KD0107', '2:34']]);
  });

  it('aliases of aliases that expand without bound ("billion laughs"): an error, at once (it ran for minutes)', () => {
    const lines = ['units:', '  - { id: U1, name: &l1 [x, x, x, x, x, x, x, x, x, x] }'];
    for (let i = 2; i <= 9; i++) lines.push(`  - { id: U${i}, name: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}] }`);
    const r = parseYamlCase(lines.join('\n') + '\n', 'case.yaml');
    expect(r.kind === 'errors' && r.errors.map((e) => e.code)).toEqual(['KD0107']);
    expect(r.kind === 'errors' && r.errors[0]!.message.en).toContain('the aliases expand to too much');
    // an alias for a repeated value is fine
    expect(parseYamlCase('calendar: { holidays: &h [2024-10-01], workdays: [] }\nparams: { a: *h }\n', 'case.yaml').kind).toBe('tree');
  });
});

describe("names that are an object's own properties are no kind of record", () => {
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const read = (...files: string[]) => readCaseFiles([join(FIX, 'errors/base.yaml'), ...files], policy);
  const fileErrors = (es: readonly DataError[]) => brief(es.filter((e) => e.origin?.file !== join(FIX, 'errors/base.yaml')));

  it('NDJSON "record": "constructor" is KD0108 at the value (it was "cannot be read: TypeError")', async () => {
    // {"record": "constructor", …: the value at column 12
    const r = await read(write('proto.ndjson', '{"record": "constructor", "id": "U1", "name": "x"}\n{"record": "toString"}\n'));
    expect(fileErrors(r.errors)).toEqual([
      ['KD0108', '1:12'],
      ['KD0108', '2:12'],
    ]);
    expect(r.counts.events).toEqual({ read: 2, used: 0, rejected: 2 });
  });

  it('a CSV file named constructor.csv names no kind of record (KD0106; it was "cannot be read: TypeError")', async () => {
    const f = write('constructor.csv', 'id,name,unit\nP9,x,U1\n');
    const r = await read(f);
    expect(fileErrors(r.errors)).toEqual([['KD0106', f]]);
  });

  it('a CSV column named __proto__ is an unknown field (it was silently left out)', async () => {
    // "U9,x,y": y, the third cell, at column 6
    const r = await read(write('units.csv', 'id,name,__proto__\nU9,x,y\n'));
    expect(fileErrors(r.errors)).toEqual([['KD0122', '2:6']]);
    expect(r.errors.find((e) => e.code === 'KD0122')!.message.zh).toContain('没有字段 __proto__');
  });
});
