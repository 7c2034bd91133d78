/**
 * Reading YAML case data in two steps (`parseYamlCase`, `feedYamlCase`) and incrementally
 * (`createYamlCaseReader`: one record a line, each line parsed once while its text stays the
 * same). Expected trees, lines and columns in the first part are worked out by hand from the
 * texts in this file; the second part checks, on many generated and edited texts, that the
 * incremental reader gives exactly what the whole parse gives (`parseYamlCase`, and the
 * validator's output through `readYamlText`).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import { createValidator, createYamlCaseReader, feedYamlCase, parseYamlCase, readYamlText, type OriginOf, type ParsedYamlCase } from '../src/index.js';
import { flowOffset, parseFlowLine } from '../src/yaml-flow.js';

const policyUrl = new URL('../../../test/fixtures/data/policy.kp', import.meta.url);
const policy = createEnv().analyze(readFileSync(policyUrl, 'utf8'), 'policy.kp').checked.policy;
const FILE = 'case.yaml';

// Columns below count from 1; CJK characters are one column each (UTF-16 code units, as the editor counts).
const TEXT = [
  '# 样例', //                                                                      1
  'period: { from: 2024-01-01, to: 2024-12-31 }', //                                2
  'units:', //                                                                      3
  '  - { id: U1, name: 综合办, head: P1, kind: type1 }', //                         4
  'people:', //                                                                     5
  '  - { id: P1, name: 张三, unit: U1 }', //                                        6
  '  - { id: P2, name: 李四, unit: U1 }   # 新来的', //                             7
  'events:', //                                                                     8
  '  # 第一季度', //                                                                9
  '  - { id: E1, date: 2024-03-05, subject: P1, type: 投诉, 扣减: 1.50 }', //       10
  '  - { id: E2, date: 2024-04-10, subject: P2, type: 投诉, 属实: false }', //      11
  '',
].join('\n');

const TREE = {
  period: { from: '2024-01-01', to: '2024-12-31' },
  units: [{ id: 'U1', name: '综合办', head: 'P1', kind: 'type1' }],
  people: [
    { id: 'P1', name: '张三', unit: 'U1' },
    { id: 'P2', name: '李四', unit: 'U1' },
  ],
  events: [
    { id: 'E1', date: '2024-03-05', subject: 'P1', type: '投诉', 扣减: '1.50' },
    { id: 'E2', date: '2024-04-10', subject: 'P2', type: '投诉', 属实: false },
  ],
};

const at = (line: number, column: number) => ({ file: FILE, line, column });
const tree = (p: ParsedYamlCase) => (p.kind === 'tree' ? p.tree : undefined);
const origin = (p: ParsedYamlCase, path: (string | number)[]) => (p.kind === 'tree' ? p.originOf(path) : 'not a tree');
const replaceLine = (text: string, line: number, content: string): string => {
  const lines = text.split('\n');
  lines[line - 1] = content;
  return lines.join('\n');
};

describe('parseYamlCase and feedYamlCase', () => {
  it('the tree keeps numbers as their source text, and origins point at each value', () => {
    const p = parseYamlCase(TEXT, FILE);
    expect(p.kind).toBe('tree');
    expect(tree(p)).toStrictEqual(TREE);
    expect(origin(p, [])).toEqual(at(2, 1)); // the mapping starts at its first key
    expect(origin(p, ['period', 'to'])).toEqual(at(2, 33)); // `period: { from: 2024-01-01, to: ` is 32 characters
    expect(origin(p, ['events'])).toEqual(at(10, 3)); // the sequence starts at its first `-`
    expect(origin(p, ['events', 1])).toEqual(at(11, 5)); // the `{`
    expect(origin(p, ['events', 1, '属实'])).toEqual(at(11, 60));
    expect(origin(p, ['events', 0, '扣减'])).toEqual(at(10, 60));
    expect(origin(p, ['events', 2])).toBeUndefined();
    expect(origin(p, ['votes'])).toBeUndefined();
  });

  it('feeding the parse to two validators gives each the same as readYamlText', () => {
    const p = parseYamlCase(TEXT, FILE);
    for (let i = 0; i < 2; i++) {
      const a = createValidator(policy);
      feedYamlCase(p, a);
      const b = createValidator(policy);
      readYamlText(TEXT, FILE, b);
      const ra = a.finish();
      expect(ra).toEqual(b.finish());
      expect(ra.data!.events.map((e) => [e.id, e.origin])).toEqual([
        ['E1', at(10, 5)],
        ['E2', at(11, 5)],
      ]);
    }
  });

  it('syntax errors are kept with their positions and fed as KD0102', () => {
    // line 11 with `id` twice: the second one, at column 15 (`  - { id: E2, ` is 14 characters)
    const text = replaceLine(TEXT, 11, '  - { id: E2, id: E3 }');
    const p = parseYamlCase(text, FILE);
    expect(p.kind).toBe('errors');
    const errors = p.kind === 'errors' ? p.errors : [];
    expect(errors.map((e) => [e.code, e.origin])).toEqual([['KD0102', at(11, 15)]]);
    expect(errors[0]!.message.zh).toContain('同一映射中有重复的键');
    const v = createValidator(policy);
    feedYamlCase(p, v);
    expect(v.finish().errors.map((e) => e.code)).toEqual(['KD0102', 'KD0110']); // and so no period
  });

  it('two documents: KD0107 at the second; an empty text: nothing', () => {
    const p = parseYamlCase('period: { from: 2024-01-01, to: 2024-12-31 }\n---\nunits: []\n', FILE);
    expect(p.kind === 'errors' ? p.errors.map((e) => [e.code, e.origin]) : p.kind).toEqual([['KD0107', at(2, 1)]]);
    expect(parseYamlCase('# nothing\n', FILE).kind).toBe('empty');
    expect(parseYamlCase('', FILE).kind).toBe('empty');
  });
});

describe('createYamlCaseReader: one record a line', () => {
  it('reads the text as parseYamlCase does, parsing every record line once', () => {
    const r = createYamlCaseReader();
    const p = r.parse(TEXT, FILE);
    expect(r.stats.last).toEqual({ mode: 'lines', linesParsed: 6, linesReused: 0 }); // period, 1 unit, 2 people, 2 events
    expect(tree(p)).toStrictEqual(TREE);
    expect(origin(p, [])).toEqual(at(2, 1));
    expect(origin(p, ['period'])).toEqual(at(2, 9));
    expect(origin(p, ['period', 'to'])).toEqual(at(2, 33));
    expect(origin(p, ['events'])).toEqual(at(10, 3));
    expect(origin(p, ['events', 1])).toEqual(at(11, 5));
    expect(origin(p, ['events', 1, '属实'])).toEqual(at(11, 60));
    expect(origin(p, ['people', 1, 'unit'])).toEqual(at(7, 31)); // `  - { id: P2, name: 李四, unit: ` is 30 characters
    expect(origin(p, ['events', 2])).toBeUndefined();
    expect(origin(p, ['events', '1'])).toBeUndefined(); // a sequence is indexed by numbers
    expect(origin(p, ['events', 0, 'nope'])).toBeUndefined();
    expect(origin(p, ['votes'])).toBeUndefined();
  });

  it('an edit of one event line parses that line only; a line inserted above moves the positions', () => {
    const r = createYamlCaseReader();
    r.parse(TEXT, FILE);
    const edited = replaceLine(TEXT, 11, '  - { id: E2, date: 2024-04-10, subject: P2, type: 投诉, 属实: true }');
    const p = r.parse(edited, FILE);
    expect(r.stats.last).toEqual({ mode: 'lines', linesParsed: 1, linesReused: 5 });
    expect((tree(p) as typeof TREE).events[1]).toEqual({ id: 'E2', date: '2024-04-10', subject: 'P2', type: '投诉', 属实: true });
    expect(origin(p, ['events', 1, '属实'])).toEqual(at(11, 60));

    const moved = r.parse(`# 一行注释\n${edited}`, FILE);
    expect(r.stats.last).toEqual({ mode: 'lines', linesParsed: 0, linesReused: 6 });
    expect(origin(moved, [])).toEqual(at(3, 1));
    expect(origin(moved, ['events', 1, '属实'])).toEqual(at(12, 60));
    expect(origin(moved, ['events', 0])).toEqual(at(11, 5));

    // back to the first text: its E2 line was dropped from the cache when it changed, so it is parsed again
    r.parse(TEXT, FILE);
    expect(r.stats.last).toEqual({ mode: 'lines', linesParsed: 1, linesReused: 5 });
    expect(r.stats).toMatchObject({ parses: 4, fullParses: 0, linesParsed: 8, linesReused: 16 });
  });

  it('an indentation of 0 or 4, JSON flow maps and flow sequences are in the shape too', () => {
    const text = [
      'params: { 投诉扣分: 2 }',
      'calendar: {"holidays":["2024-10-01"],"workdays":[]}',
      'events:',
      '- {"id":"E1","date":"2024-03-05","subject":"P1","type":"投诉","扣减":0.10}',
      'votes:',
      '    - { subject: U1, survey: 民主测评, group: 群众, choice: 满意, count: 3 }',
      '    - [1, two]',
      '',
    ].join('\n');
    const r = createYamlCaseReader();
    const p = r.parse(text, FILE);
    expect(r.stats.last?.mode).toBe('lines');
    expect(tree(p)).toStrictEqual({
      params: { 投诉扣分: '2' },
      calendar: { holidays: ['2024-10-01'], workdays: [] },
      events: [{ id: 'E1', date: '2024-03-05', subject: 'P1', type: '投诉', 扣减: '0.10' }],
      votes: [{ subject: 'U1', survey: '民主测评', group: '群众', choice: '满意', count: '3' }, ['1', 'two']],
    });
    expect(origin(p, ['calendar', 'holidays', 0])).toEqual(at(2, 24)); // `calendar: {"holidays":[` is 23 characters
    expect(origin(p, ['events'])).toEqual(at(4, 1));
    expect(origin(p, ['events', 0, '扣减'])).toEqual(at(4, 66)); // `- {"id":"E1","date":"2024-03-05","subject":"P1","type":"投诉","扣减":` is 65 characters
    expect(origin(p, ['votes'])).toEqual(at(6, 5));
    expect(origin(p, ['votes', 1, 1])).toEqual(at(7, 11));
  });

  // Texts not in the shape are read whole: the result is parseYamlCase's.
  const fallbacks: [string, string][] = [
    ['a record written as a block mapping', replaceLine(TEXT, 11, '  - id: E2\n    date: 2024-04-10')],
    ['a record over two lines', replaceLine(TEXT, 11, '  - { id: E2,\n      date: 2024-04-10 }')],
    ['a syntax error in one record', replaceLine(TEXT, 11, '  - { id: E2, id: E3 }')],
    ['an unclosed record', replaceLine(TEXT, 10, '  - { id: E1, date: 2024-03-05')],
    ['a key written twice', `${TEXT}units:\n  - { id: U2, name: x }\n`],
    ['an alias', replaceLine(replaceLine(TEXT, 10, '  - { id: E1, date: &d 2024-03-05 }'), 11, '  - { id: E2, date: *d }')],
    ['an anchored record', replaceLine(TEXT, 10, '  - &e { id: E1 }')],
    ['a section without records', replaceLine(TEXT, 3, 'units:\nextra:')],
    ['records at two indentations', replaceLine(TEXT, 7, '    - { id: P2, name: 李四, unit: U1 }')],
    ['a scalar value', replaceLine(TEXT, 2, 'period: 2024')],
    ['a block mapping value', replaceLine(TEXT, 2, 'period:\n  from: 2024-01-01\n  to: 2024-12-31')],
    ['a second document', `${TEXT}---\nunits: []\n`],
    ['a directive', `%YAML 1.2\n---\n${TEXT}`],
    ['carriage returns', TEXT.replaceAll('\n', '\r\n')],
    ['a tab', replaceLine(TEXT, 11, '  - { id: E2,\tdate: 2024-04-10 }')],
    ['a key YAML reads as not a string', `${TEXT}true: { a: 1 }\n`],
    ['a record that is a mapping key', replaceLine(TEXT, 11, '  - { id: E2 }: x')],
    ['text after the record', replaceLine(TEXT, 11, '  - { id: E2 } x')],
    ['only comments', '# 空\n'],
  ];
  for (const [name, text] of fallbacks) {
    it(`${name}: read whole, as parseYamlCase reads it`, () => {
      const r = createYamlCaseReader();
      r.parse(TEXT, FILE); // a warm cache must not change the answer
      const p = r.parse(text, FILE);
      expect(r.stats.last?.mode).toBe('full');
      const want = parseYamlCase(text, FILE);
      expect(p.kind).toBe(want.kind);
      if (p.kind === 'tree' && want.kind === 'tree') expect(p.tree).toStrictEqual(want.tree);
      else expect(p).toStrictEqual(want);
      sameOrigins(p, want);
    });
  }

  it('a byte order mark is skipped as readYamlText skips it', () => {
    const r = createYamlCaseReader();
    const p = r.parse(`\ufeff${TEXT}`, FILE);
    expect(r.stats.last?.mode).toBe('lines');
    expect(tree(p)).toStrictEqual(TREE);
    expect(origin(p, ['events', 1, '属实'])).toEqual(at(11, 60));
  });

  it('the same record twice is parsed once and read twice (the validator reports the duplicate id)', () => {
    const text = `${TEXT}  - { id: E2, date: 2024-04-10, subject: P2, type: 投诉, 属实: false }\n`;
    const r = createYamlCaseReader();
    const p = r.parse(text, FILE);
    expect(r.stats.last).toEqual({ mode: 'lines', linesParsed: 6, linesReused: 0 });
    const v = createValidator(policy);
    feedYamlCase(p, v);
    const w = createValidator(policy);
    readYamlText(text, FILE, w);
    const got = v.finish();
    expect(got).toEqual(w.finish());
    expect(got.errors.map((e) => [e.code, e.origin?.line])).toEqual([['KD0140', 12]]);
  });
});

// ---- differential: the incremental reader against the whole parse ------------------------------

/** Every path in a plain tree, with a few that are not there. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((x, i) => paths(x, [...prefix, i], out));
    out.push([...prefix, value.length], [...prefix, String(0)]);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, x] of Object.entries(value)) paths(x, [...prefix, k], out);
    out.push([...prefix, 'missing'], [...prefix, 0]);
  }
  return out;
}

function sameOrigins(got: ParsedYamlCase, want: ParsedYamlCase): void {
  if (want.kind !== 'tree' || got.kind !== 'tree') return;
  const list = paths(want.tree);
  const o = (f: OriginOf) => list.map((p) => f(p));
  expect(o(got.originOf)).toEqual(o(want.originOf));
}

/** Reader and whole parse agree: the parse (tree, key order, errors) and the validator's output. */
function agree(r: ReturnType<typeof createYamlCaseReader>, text: string, display: string): ParsedYamlCase {
  const got = r.parse(text, display);
  const want = parseYamlCase(text, display);
  expect(got.kind).toBe(want.kind);
  if (want.kind === 'tree' && got.kind === 'tree') {
    expect(got.tree).toStrictEqual(want.tree);
    expect(JSON.stringify(got.tree)).toBe(JSON.stringify(want.tree)); // the same key order
  } else {
    expect(got).toStrictEqual(want);
  }
  sameOrigins(got, want);
  const a = createValidator(policy);
  feedYamlCase(got, a);
  const b = createValidator(policy);
  readYamlText(text, display, b);
  expect(a.finish()).toEqual(b.finish());
  return got;
}

const word = fc.constantFrom('U1', 'U0', 'P1', 'P2', 'E1', 'E2', '张三', '综合办', '投诉', '事故', '核查', '待岗', '一般', '严重', 'type1', 'a b', 'x-y', 'é');
const plainScalar = fc.oneof(
  word,
  fc.constantFrom('2024-03-05', '2024-10-01', '2024-02-30', '1.50', '45', '-3', '0.1', '1e3', '0x1F', '.5', '007', 'true', 'false', '否', '是', '~', 'null', ''),
);
const quoted = fc.oneof(
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
  fc.constantFrom("'it''s'", '"a, b"', '"\\u00e9\\t"', "'#不是注释'", '"2024-03-05"', '"1.50"'),
);
const key = fc.constantFrom('id', 'date', 'subject', 'type', 'name', 'unit', 'head', 'kind', 'parent', 'input', 'value', 'quarter', 'survey', 'group', 'choice', 'count', '情节', '属实', '迟到分钟', '扣减', '收到', '备注', '停办', '处理', '扣减分值', '"id"', 'from', 'to');
const scalarText = fc.oneof({ weight: 4, arbitrary: plainScalar }, { weight: 1, arbitrary: quoted });
const valueText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: scalarText },
  { weight: 1, arbitrary: fc.array(scalarText.filter((x) => x !== ''), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`) },
  { weight: 1, arbitrary: fc.constantFrom('[{ from: 2024-03-02, to: 2024-03-03 }]', '{ a: 1, b: [x] }', '[]', '{}') },
);
/** A record as a flow map: YAML style, or JSON style. */
const flowMap = fc.oneof(
  fc.uniqueArray(fc.tuple(key, valueText), { maxLength: 6, selector: ([k]) => k.replaceAll('"', '') }).map((kv) => `{ ${kv.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
  fc.uniqueArray(fc.tuple(key, fc.oneof(fc.string({ maxLength: 5 }).map((s) => JSON.stringify(s)), fc.constantFrom('1.50', '-2', 'true', 'null', '3e2'))), { maxLength: 6, selector: ([k]) => k.replaceAll('"', '') }).map(
    (kv) => `{${kv.map(([k, v]) => `${k.startsWith('"') ? k : JSON.stringify(k)}:${v}`).join(',')}}`,
  ),
);
/** A record from the fixture policy, valid or nearly so (so the validator has something to accept). */
const event = fc
  .record({
    id: fc.constantFrom('E1', 'E2', 'E3', 'E4'),
    date: fc.constantFrom('2024-03-05', '2024-06-01', '2024-02-30', '2023-12-31'),
    subject: fc.constantFrom('P1', 'P2', 'U1', 'U9'),
    type: fc.constantFrom('投诉', '事故', '核查', '待岗', '迟到'),
    more: fc.constantFrom('', ', 属实: true', ', 情节: 严重', ', 扣减: 1.50', ', 扣减分值: 12', ', 迟到分钟: 45', ', 停办: [{ from: 2024-03-02, to: 2024-03-03 }]'),
  })
  .map((e) => `{ id: ${e.id}, date: ${e.date}, subject: ${e.subject}, type: ${e.type}${e.more} }`);
const record = fc.oneof({ weight: 2, arbitrary: event }, { weight: 1, arbitrary: flowMap });
const trailing = fc.constantFrom('', '', '', '  # 注释', ' #x');
const noise = fc.array(fc.constantFrom('', '# 注释', '  # 缩进的注释', '    '), { maxLength: 2 });

const caseText = fc
  .record({
    head: noise,
    period: fc.constantFrom('{ from: 2024-01-01, to: 2024-12-31 }', '{ from: 2024-12-31, to: 2024-01-01 }', '{"from":"2024-01-01","to":"2024-12-31"}'),
    params: fc.option(fc.constantFrom('{ 投诉扣分: 2 }', '{ 投诉扣分: 1.5, 扣分上限: 3 }', '{}'), { nil: undefined }),
    units: fc.array(fc.tuple(fc.constantFrom('{ id: U0, name: 县局, kind: type2 }', '{ id: U1, name: 综合办, head: P1, kind: type1, parent: U0 }'), trailing), { minLength: 1, maxLength: 2 }),
    people: fc.array(fc.tuple(fc.constantFrom('{ id: P1, name: 张三, unit: U1 }', '{ id: P2, name: 李四, unit: U1 }', '{ id: P3, name: 王五 }'), trailing), { minLength: 1, maxLength: 3 }),
    events: fc.array(fc.tuple(record, trailing, noise), { minLength: 1, maxLength: 12 }),
    indent: fc.constantFrom(0, 2, 4),
    order: fc.boolean(),
  })
  .map((c) => {
    const pad = ' '.repeat(c.indent);
    const list = (key: string, items: [string, string][]) => [`${key}:`, ...items.map(([r, t]) => `${pad}- ${r}${t}`)];
    const head = [`period: ${c.period}`, ...(c.params ? [`params: ${c.params}`] : [])];
    const body = [...list('units', c.units), ...list('people', c.people), 'events:', ...c.events.flatMap(([r, t, n]) => [...n, `${pad}- ${r}${t}`])];
    return [...c.head, ...(c.order ? [...head, ...body] : [...body, ...head]), ''].join('\n');
  });

type Edit = { kind: 'replace' | 'insert' | 'delete' | 'duplicate' | 'char' | 'erase' | 'swap'; at: number; other: number; col: number; text: string };
const nasty = fc.constantFrom('{', '}', '[', ']', ',', ':', ': ', '#', ' #', '&a ', '*a', '!', '|', '>', "'", '"', '-', '- ', ' ', '\t', '\r', 'x', '1', '\n', '\n  ', '\n---\n', '？');
const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('replace', 'replace', 'insert', 'delete', 'duplicate', 'char', 'char', 'erase', 'swap'),
  at: fc.nat(),
  other: fc.nat(),
  col: fc.nat(),
  text: fc.oneof(
    record.map((r) => `  - ${r}`),
    nasty,
    fc.constantFrom('    x: 1', '---', '  - id: E9', 'units:', 'events: []', '  - &a { id: E8 }', '  - *a', '# 注释', '', 'votes:', 'period: { from: 2024-01-01, to: 2024-06-30 }'),
  ),
});

function applyEdit(text: string, e: Edit): string {
  const lines = text.split('\n');
  const i = e.at % lines.length;
  const j = e.other % lines.length;
  const line = lines[i]!;
  switch (e.kind) {
    case 'replace':
      lines[i] = e.text;
      break;
    case 'insert':
      lines.splice(i, 0, e.text);
      break;
    case 'delete':
      lines.splice(i, 1);
      break;
    case 'duplicate':
      lines.splice(i, 0, line);
      break;
    case 'char': {
      const c = e.col % (line.length + 1);
      lines[i] = line.slice(0, c) + e.text + line.slice(c);
      break;
    }
    case 'erase': {
      const c = e.col % (line.length + 1);
      lines[i] = line.slice(0, c) + line.slice(c + 1 + (e.other % 3));
      break;
    }
    case 'swap':
      lines[i] = lines[j]!;
      lines[j] = line;
      break;
  }
  return lines.join('\n');
}

describe('createYamlCaseReader against parseYamlCase and readYamlText', () => {
  it('generated texts in the shape are read record by record, with the same result', () => {
    fc.assert(
      fc.property(caseText, fc.constantFrom('case.yaml', 'case.json'), (text, display) => {
        const r = createYamlCaseReader();
        agree(r, text, display);
        // a .json file must be JSON: text in this (YAML) shape is read whole, and refused
        expect(r.stats.last?.mode).toBe(display === 'case.json' ? 'full' : 'lines');
      }),
      { numRuns: 300 },
    );
  });

  it('after every edit of a sequence, with the cache of the texts before it, the same result', () => {
    let lines = 0;
    let full = 0;
    fc.assert(
      fc.property(caseText, fc.array(editArb, { minLength: 1, maxLength: 12 }), fc.constantFrom('case.yaml', 'case.json'), (start, edits, display) => {
        const r = createYamlCaseReader();
        let text = start;
        agree(r, text, display);
        for (const e of edits) {
          text = applyEdit(text, e);
          agree(r, text, display);
          if (r.stats.last?.mode === 'lines') lines++;
          else full++;
        }
      }),
      { numRuns: 120 },
    );
    // both ways of reading were exercised (most edits here break the shape, and a broken text often stays broken)
    expect(lines).toBeGreaterThan(30);
    expect(full).toBeGreaterThan(30);
  });

  it('an edit of one record changes one record of the tree and re-parses that line only', () => {
    fc.assert(
      fc.property(caseText, fc.nat(), record, (start, n, replacement) => {
        const r = createYamlCaseReader();
        r.parse(start, FILE);
        const lines = start.split('\n');
        const items = lines.map((l, i) => [l, i] as const).filter(([l]) => /^ *- /.test(l));
        const [old, i] = items[n % items.length]!;
        const indent = old.indexOf('-');
        lines[i] = `${' '.repeat(indent)}- ${replacement}`;
        const text = lines.join('\n');
        agree(r, text, FILE);
        // the reader's cache is keyed by the text of each record (after `- `) or one-line value (after `key: `)
        const keysOf = (t: string) => new Set(t.split('\n').flatMap((l) => (/^ *- /.test(l) ? [`2${l.replace(/^ *- /, '')}`] : /^[a-z]+: [{[]/.test(l) ? [`1${l.replace(/^[a-z]+: /, '')}`] : [])));
        const before = keysOf(start);
        const after = keysOf(text);
        const fresh = [...after].filter((k) => !before.has(k));
        expect(r.stats.last).toEqual({ mode: 'lines', linesParsed: fresh.length, linesReused: after.size - fresh.length });
        expect(fresh.length).toBeLessThanOrEqual(1);
              }),
      { numRuns: 200 },
    );
  });
});

// ---- the quick reader of one-line flow collections (yaml-flow.ts) against the yaml library ---------

const trickyPlain = fc.constantFrom(
  'a', 'E1', 'a b', 'a  b', "it's", 'a"b', 'R&D', 'a!b', 'a|b', 'x-y', 'é', '😀', '\u00a0x', '张三',
  '~', '~x', 'null', 'Null', 'NULL', 'nULL', 'true', 'TRUE', 'True', 'tRUE', 'false', 'False', 'yes', 'no', 'on', 'y',
  '0', '007', '0o17', '0x1F', '0xZ', '+12', '-3', '-.5', '.5', '1.', '1.50', '1e3', '1E3', '1e', '.inf', '-.inf', '+.INF', '.nan', '.NaN', '1_000',
  '2024-03-05', '12:30', 'a#b', 'a #b', '<<', '=', '%x', '@x', '`x', '?x', '-x', '- x', '!x', '&x', '*x', '|x', '>x', '-', '?', 'a:b', 'a: b',
);
const trickyDouble = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 5 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"a\\/b"', '"\\x41"', '"\\u00e9"', '"\\ud83d\\ude00"', '"\\0"', '"\\e"', '"\\N"', '"\\ "', '"\\u12"', '"a\\"b"', '""', '"#"', '"a: b"'),
);
const trickySingle = fc.constantFrom("'it''s'", "''", '\'a"b\'', "'#'", "'a: b'", "'x'");
const trickyScalar = fc.oneof({ weight: 4, arbitrary: trickyPlain }, { weight: 2, arbitrary: trickyDouble }, { weight: 1, arbitrary: trickySingle });
const trickyKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('id', 'a', 'b', 'a b', 'é', '张三', '__proto__', '属实') },
  { weight: 1, arbitrary: fc.constantFrom('"id"', "'id'", '"__proto__"', '"1"', 'true', '~', '1', '1.0', '<<', '-x', '.5', 'null', '"a: b"', 'k'.repeat(1030)) },
);
const sep = fc.record({ colon: fc.constantFrom(': ', ': ', ':', ' : ', ':  '), comma: fc.constantFrom(', ', ', ', ',', ' , '), open: fc.constantFrom('{ ', '{', '[ ', '['), close: fc.constantFrom(' }', '}', ' ]', ']'), trail: fc.constantFrom('', '', '', ',', ', ') });
const { flow } = fc.letrec<{ flow: string; item: string }>((tie) => ({
  item: fc.oneof({ depthSize: 'small', withCrossShrink: true }, { weight: 5, arbitrary: trickyScalar }, { weight: 1, arbitrary: tie('flow') }),
  flow: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fc.array(fc.tuple(trickyKey, tie('item')), { maxLength: 4 }), sep).map(([kv, p]) => `${p.open[0] === '{' ? p.open : '{ '}${kv.map(([k, v]) => `${k}${p.colon}${v}`).join(p.comma)}${kv.length > 0 ? p.trail : ''}${p.close.endsWith('}') ? p.close : ' }'}`),
    fc.tuple(fc.array(tie('item'), { maxLength: 4 }), sep).map(([xs, p]) => `${p.open.startsWith('[') ? p.open : '['}${xs.join(p.comma)}${xs.length > 0 ? p.trail : ''}${p.close.endsWith(']') ? p.close : ']'}`),
  ),
}));

describe('the quick reader of one-line flow collections', () => {
  it('accepts a line only when it reads it as the yaml library does (value, key order, every position)', () => {
    let quick = 0;
    let slow = 0;
    fc.assert(
      fc.property(flow, fc.constantFrom('', '', ' # 注释', '  #x', '#x', ' x'), (line, after) => {
        const text = `events:\n  - ${line}${after}\nparams: ${line}${after}\n`;
        if (parseFlowLine(`${line}${after}`)) quick++;
        else slow++;
        agree(createYamlCaseReader(), text, FILE);
      }),
      { numRuns: 2000 },
    );
    // the generated lines exercise both the quick reader and the yaml library
    expect(quick).toBeGreaterThan(300);
    expect(slow).toBeGreaterThan(300);
  });

  it('by hand: values, the scalars YAML reads as null or booleans, and offsets', () => {
    const q = parseFlowLine(`{ id: E1, n: 1.50, ok: TRUE, no: ~, s: 'it''s', d: "a\\/b", list: [x, -3, { k: v }] }  # c`);
    expect(q?.value).toStrictEqual({ id: 'E1', n: '1.50', ok: true, no: null, s: "it's", d: 'a/b', list: ['x', '-3', { k: 'v' }] });
    // `{ id: E1, n: ` is 13 characters; `{ id: E1, n: 1.50, ok: TRUE, no: ~, s: 'it''s', d: "a\/b", list: [x, ` is 69
    expect(flowOffset(q!.node, ['n'])).toBe(13);
    expect(flowOffset(q!.node, ['list', 1])).toBe(69);
    expect(flowOffset(q!.node, ['list', 2, 'k'])).toBe(78);
    expect(flowOffset(q!.node, [])).toBe(0);
    expect(flowOffset(q!.node, ['list', '1'])).toBeUndefined();
    expect(flowOffset(q!.node, ['missing'])).toBeUndefined();
    // left to the yaml library
    for (const t of ['{ 12:30: x }', '{ a: 12:30 }', '{ a: b#c }', '{ a }', '{ a: }', '{ a: 1, }', '{ 1: a }', '{ true: a }', '{ a: 1, a: 2 }', '{ a: *x }', '{ a: !!str 1 }', '{a:1}', '[a: 1]', '{ a: "\\x41" }', '{ a: 1 }#c', '{ a: 1 } x'])
      expect([t, parseFlowLine(t)]).toEqual([t, undefined]);
  });
});
