/**
 * Property: mutating valid case files — YAML, JSON, NDJSON and CSV; bytes set to anything,
 * characters inserted, deleted, duplicated; the file truncated; lines deleted, duplicated,
 * swapped; odd Unicode, huge numbers, deep nesting, byte-order marks, CRLF and CR line ends,
 * values of the wrong type — and reading them as `kaoping eval` does (`readCaseFiles` with a real
 * policy from policies/, then `evaluate` when there is no error):
 * - never throws, in reading or in evaluating;
 * - every error is located: a file that was read, line ≥ 1 and column ≥ 1 inside that file's
 *   lines (only a missing period, KD0110, concerns no place); its code is documented, its message
 *   is in Chinese and in English, and it is no stack trace;
 * - no record is dropped silently: for every kind, read = used + rejected, and the case holds
 *   exactly the used records.
 *
 * The seed is fixed, so a failure reproduces (fast-check prints the seed, the path and the shrunk
 * mutations); KAOPING_PROPERTY_SEED and KAOPING_PROPERTY_RUNS override them for a longer search
 * (12,000 runs take about half a minute), and KAOPING_FUZZ_DUMP keeps the failing file.
 * What the search found is fixed, each with its own test in test/case-data-robustness.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, DATA_CODES, type CaseResult, type DataError, type Program } from '../packages/evaluator/src/index.js';
import { readCaseFiles } from '../packages/cli/src/data/index.js';
import { caseFiles, FORMATS, lineLengths, mutate, type Case, type Format, type Mutation } from './support/case-files.js';
import { fileEnv } from './support/env.js';

const SEED = Number(process.env.KAOPING_PROPERTY_SEED ?? 20240901);
/** Mutated case sets in all, shared among the policies and formats. */
const TOTAL_RUNS = Number(process.env.KAOPING_PROPERTY_RUNS ?? 2000);
/** KAOPING_FUZZ_DUMP=/tmp/x: a failing file is also written to /tmp/x-FORMAT-NAME, byte for byte. */
const DUMP = process.env.KAOPING_FUZZ_DUMP;

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function load(path: string) {
  const file = join(ROOT, path);
  const analysis = fileEnv(ROOT).analyze(readFileSync(file, 'utf8'), file);
  const program = analysis.hasErrors ? undefined : compile(analysis.checked).program;
  if (!program) throw new Error(`${path} does not compile`);
  return { policy: analysis.checked.policy, program };
}

// --- the cases: a few records of each kind, every attribute type the policies use -------------

/** policies/county/qingshi-town.kp (extends the county base), records from examples/qingshi-2024. */
const QINGSHI: Case = {
  period: { from: '2024-01-01', to: '2024-12-31' },
  units: [
    { id: 'DZB', name: '党政综合办公室', head: 'Q001' },
    { id: 'NYZX', name: '农业农村服务中心', head: 'Q011' },
  ],
  people: [
    { id: 'Q001', name: '史慧', unit: 'DZB' },
    { id: 'Q002', name: '邹浩', unit: 'DZB' },
    { id: 'Q011', name: '冯华', unit: 'NYZX' },
  ],
  events: [
    { id: 'E0001', date: '2024-01-02', subject: 'Q002', type: '迟到早退', 时长: 25 },
    { id: 'E0002', date: '2024-03-26', subject: 'Q011', type: '迟到早退', 时长: 40 },
    { id: 'E0003', date: '2024-02-20', subject: 'Q002', type: '效能问题', 责任: '直接', 诫勉后仍未改正: false, 对象过错或不可抗力: false },
    { id: 'E0004', date: '2024-01-17', subject: 'NYZX', type: '日常检查问题', 类别: '推诿', 自查自纠: true, 挽回重大损失: false },
  ],
  // the history before the period (issue 10): an event and a sanction of 2023
  history: {
    from: '2023-01-01',
    events: [
      { id: 'H0001', date: '2023-11-20', subject: 'Q002', type: '效能问题', 责任: '直接', 诫勉后仍未改正: false, 对象过错或不可抗力: false },
      { id: 'H0002', date: '2023-12-01', subject: 'Q011', type: '效能告诫' },
    ],
  },
  inputs: [1, 2, 3, 4].flatMap((q) => [
    { subject: 'DZB', input: '目标任务', quarter: q, value: 88 + q + 0.5 },
    { subject: 'NYZX', input: '目标任务', quarter: q, value: 80 + q },
  ]),
  votes: [
    { subject: 'DZB', survey: '双评问卷', group: '服务对象', choice: 96, count: 3 },
    { subject: 'DZB', survey: '双评问卷', group: '党委政府', choice: 90.5, count: 1 },
    { subject: 'NYZX', survey: '双评问卷', group: '服务对象', choice: 85 },
    { subject: 'NYZX', survey: '双评问卷', group: '党委政府', choice: 88, count: 2 },
    { subject: 'Q002', survey: '个人民主测评', group: '领导班子', choice: '称职', count: 4 },
    { subject: 'Q002', survey: '个人民主测评', group: '干部职工', choice: '优秀', count: 7 },
  ],
};

/** policies/huadian-time-limits.kp: dates, intervals, whole numbers of days, booleans. */
const TIME_LIMITS: Case = {
  period: { from: '2024-01-01', to: '2024-12-31' },
  units: [
    { id: 'MZ', name: '民政窗口' },
    { id: 'GT', name: '国土所' },
  ],
  people: [{ id: 'P1', name: '窗口负责人', unit: 'MZ' }],
  events: [
    { id: 'A1', date: '2024-03-01', subject: 'MZ', type: '办事申请', 材料齐全: true, 收到申请日: '2024-03-01', 承诺天数: 10, 程序期间: [{ from: '2024-03-04', to: '2024-03-06' }], 交付日: '2024-03-14' },
    { id: 'A2', date: '2024-04-01', subject: 'MZ', type: '办事申请', 材料齐全: false, 补全材料日: '2024-04-08', 承诺天数: 5, 延期申请日: '2024-04-12', 同意延期天数: 3, 交付日: '2024-04-20', 正当理由: false },
    { id: 'T1', date: '2024-05-06', subject: 'GT', type: '部门交接', 交接登记日: '2024-05-06', 承诺天数: 7, 办结日: '2024-05-20' },
  ],
  inputs: [],
  votes: [],
};

const POLICIES = [
  { name: 'policies/county/qingshi-town.kp', ...load('policies/county/qingshi-town.kp'), data: QINGSHI },
  { name: 'policies/huadian-time-limits.kp', ...load('policies/huadian-time-limits.kp'), data: TIME_LIMITS },
];

// --- mutations -------------------------------------------------------------------------------

const HUGE = ['99999999999999999999999', '-99999999999999999999999', '9'.repeat(400), `0.${'0'.repeat(300)}1`, '1e400', '-1e-400', '-0', '0x1F', '1_000', '.5', '+3', 'NaN', 'Infinity', '3652426', '-1'];
const WRONG_TYPE = ['[]', '{}', '[1, 2]', '{ a: 1 }', 'true', 'false', 'null', '~', '""', "''", '"x"', '"2024-03-05"', '是', '否', 'TRUE'];
const DATES = ['2024-02-30', '2024-13-01', '0000-01-01', '9999-12-31', '2024-3-5', '２０２４-03-05', '2023-12-31', '2025-01-01', '2024-03-01..2024-02-01', '2024-03-01..2024-03-05;2024-01-01..'];
const NESTING = [60, 300, 3000].flatMap((n) => ['['.repeat(n) + ']'.repeat(n), '{"a": '.repeat(n) + '1' + '}'.repeat(n), '{ a: '.repeat(n) + '1' + ' }'.repeat(n)]);
const UNICODE = ['\0', '\u0085', '\u2028', '\u2029', '\ufeff', '\ufffd', '\u202e', '\ud800', '\udfff', '😀', '𠀀', '\u0301', '　', '：', '，', '\t', '\u000b', '\u001b[31m'];
const SYNTAX = ['&a ', '*a', '!!binary ', '<<: *a', '---', '...', '%YAML 1.2', '? ', '| ', '> ', '#', '"', '""', ',', '\r', '\n', '\\', "'", '{', '}', '[', ']', ': '];
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'record', 'id', 'type', 'DZB', 'Q001', 'E0001', 'MZ', 'A1', '迟到早退', '办事申请', 'header', 'unit', 'history', 'from', 'events', 'H0001'];
/** Values a validator may accept, at the edges: they reach the evaluator. */
const EDGES = ['0', '1', '-5', '100', '100.0', '0.000000000000000000001', '3652425', '1000000000', '2024-01-01', '2024-12-31', '2024-02-29', '9999-12-31', '2024-03-01..2024-12-31', 'x'.repeat(1000), '<script>', '=HYPERLINK("x")', '\u202e名', '名\u0000', '"\\u0000"', '"\\ud800"', '直接', '主要领导', '推诿', '优秀', '不称职', '领导班子', '党委政府'];
const PIECES = [...HUGE, ...WRONG_TYPE, ...DATES, ...NESTING, ...UNICODE, ...SYNTAX, ...NAMES, ...EDGES];

const piece: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...PIECES), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('setByte' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: piece }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('deleteLine' as const), i: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), i: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('swapLines' as const), i: fc.nat(), j: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('replaceToken' as const), i: fc.nat(), text: piece }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('replaceValue' as const), i: fc.nat(), text: fc.oneof(fc.constantFrom(...EDGES, ...HUGE, ...DATES), piece) }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('lineEnds' as const), ends: fc.constantFrom('\r\n' as const, '\r' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('bom' as const) }), weight: 1 },
);

// --- what must hold ----------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'kaoping-case-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every problem with the result of reading `files`: empty when the properties hold. */
function problemsOf(r: CaseResult, files: ReadonlyMap<string, Buffer>): string[] {
  const out: string[] = [];
  const where = (e: DataError): string => `${e.code} ${e.origin ? `${e.origin.file}:${e.origin.line}:${e.origin.column}` : `(${e.record ?? 'no place'})`}`;
  for (const e of r.errors) {
    if (!(e.code in DATA_CODES)) out.push(`${where(e)}: an undocumented code`);
    if (!e.message?.zh || !/[\u4e00-\u9fff]/.test(e.message.zh) || !e.message.en) out.push(`${where(e)}: not a bilingual message`);
    if (/\n\s+at |Error:|TypeError|RangeError|undefined|\[object /.test(`${e.message?.zh} ${e.message?.en}`)) out.push(`${where(e)}: the message looks like a program's failure: ${e.message.zh} / ${e.message.en}`);
    if (!e.origin) {
      if (e.code !== 'KD0110') out.push(`${where(e)}: no place: ${e.message.en}`);
      continue;
    }
    const bytes = files.get(e.origin.file);
    if (!bytes) {
      out.push(`${where(e)}: not one of the files read`);
      continue;
    }
    const lines = lineLengths(bytes);
    const { line, column } = e.origin;
    if (!Number.isInteger(line) || line < 1 || line > lines.length) out.push(`${where(e)}: line outside the file's ${lines.length} lines: ${e.message.en}`);
    else if (!Number.isInteger(column) || column < 1 || column > lines[line - 1]! + 1) out.push(`${where(e)}: column outside line ${line}, which has ${lines[line - 1]} characters: ${e.message.en}`);
  }
  for (const [kind, c] of Object.entries(r.counts)) {
    if (c.read !== c.used + c.rejected) out.push(`${kind}: read ${c.read} ≠ used ${c.used} + rejected ${c.rejected}`);
    // a case without a usable history.from holds no history records (each was rejected with its error)
    const held = kind === 'history' ? (r.data?.history?.events ?? []) : r.data?.[kind as Exclude<keyof typeof r.counts, 'history'>];
    if (r.data && held?.length !== c.used) out.push(`${kind}: the case holds ${held?.length} records, ${c.used} are counted as used`);
  }
  return out;
}

async function check(p: (typeof POLICIES)[number], format: Format, which: number, mutations: readonly Mutation[]): Promise<void> {
  const originals = caseFiles(p.data, format);
  const names = [...originals.keys()];
  const target = names[which % names.length]!;
  const files = new Map<string, Buffer>();
  for (const [name, text] of originals) files.set(name, Buffer.from(text, 'utf8'));
  let bytes = files.get(target)!;
  for (const m of mutations) bytes = mutate(bytes, m);
  files.set(target, bytes);
  for (const [name, b] of files) writeFileSync(join(dir, name), b);
  const shown = (): string => `${target} after the mutations:\n${JSON.stringify(bytes.toString('utf8').slice(0, 1500))}`;
  let r: CaseResult;
  try {
    r = await readCaseFiles(names, p.policy, { cwd: dir });
  } catch (e) {
    throw new Error(`readCaseFiles threw ${(e as Error).stack ?? String(e)}\n${shown()}`);
  }
  const problems = problemsOf(r, files);
  if (problems.length > 0 && DUMP) writeFileSync(`${DUMP}-${format}-${target}`, bytes);
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${shown()}`);
  if (r.errors.length === 0 && r.data) {
    try {
      (p.program as Program).evaluate(r.data, { counts: r.counts });
    } catch (e) {
      throw new Error(`evaluate threw ${(e as Error).stack ?? String(e)}\n${shown()}`);
    }
  }
}

// --- the tests -----------------------------------------------------------------------------------

describe('mutated case files never crash reading or evaluation, and every error is located', () => {
  it('the unmutated files are read without an error and evaluated, in every format', async () => {
    for (const p of POLICIES) {
      for (const format of FORMATS) {
        const files = caseFiles(p.data, format);
        for (const [name, text] of files) writeFileSync(join(dir, name), text);
        const r = await readCaseFiles([...files.keys()], p.policy, { cwd: dir });
        expect(r.errors, `${p.name} ${format}`).toEqual([]);
        expect(r.counts.events.used, `${p.name} ${format}`).toBe(p.data.events.length);
        expect(r.counts.history?.used ?? 0, `${p.name} ${format}`).toBe(p.data.history?.events.length ?? 0);
        expect(r.counts.votes.used + r.counts.inputs.used).toBe(p.data.votes.length + p.data.inputs.length);
        expect(() => p.program.evaluate(r.data!, { counts: r.counts })).not.toThrow();
      }
    }
  });

  it('the mutation operators do what they say', () => {
    const yaml = Buffer.from('a: 1\nb: [x, "y z"]\n');
    const m = (x: Mutation, b = yaml) => mutate(b, x).toString('latin1');
    expect(m({ op: 'setByte', at: 0, byte: 0x41 })).toBe('A: 1\nb: [x, "y z"]\n');
    expect(m({ op: 'insert', at: 3, text: '9' })).toBe('a: 91\nb: [x, "y z"]\n');
    expect(m({ op: 'delete', at: 0, length: 5 })).toBe('b: [x, "y z"]\n');
    expect(m({ op: 'duplicate', at: 0, length: 5 })).toBe('a: 1\na: 1\nb: [x, "y z"]\n');
    expect(m({ op: 'truncate', at: 4 })).toBe('a: 1');
    expect(m({ op: 'swapLines', i: 0, j: 1 })).toBe('b: [x, "y z"]\na: 1\n');
    expect(m({ op: 'deleteLine', i: 1 })).toBe('a: 1\n');
    expect(m({ op: 'duplicateLine', i: 0 })).toBe('a: 1\na: 1\nb: [x, "y z"]\n');
    // tokens: a, 1, b, x, y, z; values (after ": "): 1 only; CSV values: U1, x, U2, y
    expect(m({ op: 'replaceToken', i: 3, text: 'Q' })).toBe('a: 1\nb: [Q, "y z"]\n');
    expect(m({ op: 'replaceValue', i: 0, text: '{}' })).toBe('a: {}\nb: [x, "y z"]\n');
    expect(m({ op: 'replaceValue', i: 3, text: '-' }, Buffer.from('id,name\nU1,x\nU2,y\n'))).toBe('id,name\nU1,x\nU2,-\n');
    expect(m({ op: 'lineEnds', ends: '\r\n' })).toBe('a: 1\r\nb: [x, "y z"]\r\n');
    expect(m({ op: 'bom' })).toBe('\xef\xbb\xbfa: 1\nb: [x, "y z"]\n');
  });

  const combos = POLICIES.flatMap((p) => FORMATS.map((format) => ({ p, format })));
  const runs = Math.max(40, Math.ceil(TOTAL_RUNS / combos.length));
  for (const { p, format } of combos) {
    it(`${p.name}, ${format}: ${runs} mutated copies`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, mutations) => check(p, format, which, mutations)),
        { seed: SEED, numRuns: runs, endOnFailure: true },
      );
    }, 60_000);
  }
});
