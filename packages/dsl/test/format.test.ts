/**
 * The formatter. Expected outputs (fixtures/format/*.out.kp and the strings below) were written
 * by hand from the layout rules at the top of src/format.ts, not copied from the program.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IToken } from 'chevrotain';
import { format } from '../src/format.js';
import { parse } from '../src/parse.js';
import { lex } from '../src/lexer.js';
import { KEYWORD_BY_NAME } from '../src/keywords.js';

const fixtureDir = fileURLToPath(new URL('./fixtures/format/', import.meta.url));
const policyDir = fileURLToPath(new URL('../../../policies/', import.meta.url));
const read = (path: string): string => readFileSync(path, 'utf8');

const fixtureNames = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.in.kp'))
  .map((f) => f.slice(0, -'.in.kp'.length))
  .sort();
const policyFiles = readdirSync(policyDir)
  .filter((f) => f.endsWith('.kp'))
  .sort();

/** Every input the generic properties are checked on. */
const corpus: [string, string][] = [
  ...fixtureNames.map((n): [string, string] => [`fixture ${n}.in.kp`, read(`${fixtureDir}${n}.in.kp`)]),
  ...fixtureNames.map((n): [string, string] => [`fixture ${n}.out.kp`, read(`${fixtureDir}${n}.out.kp`)]),
  ...policyFiles.map((f): [string, string] => [`policies/${f}`, read(`${policyDir}${f}`)]),
];

function formatted(input: string): string {
  const r = format(input);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.text).toBeTypeOf('string');
  return r.text!;
}

// --- helpers for the token-preservation check ------------------------------------------------

const PUNCTUATION = new Set([
  'LBrace', 'RBrace', 'LParen', 'RParen', 'Comma', 'Colon', 'Semicolon', 'Arrow', 'Ge', 'Le', 'Ne', 'Eq',
  'Star', 'Slash', 'Percent', 'Plus', 'Minus', 'Pipe', 'Dot', 'DotDot', 'DotDotLt', 'Gt', 'Lt',
]);
const ASCII_PUNCTUATION: Record<string, string[]> = {
  LBrace: ['{'], RBrace: ['}'], LParen: ['('], RParen: [')'], Comma: [','], Colon: [':'], Semicolon: [';'],
  Arrow: ['->'], Ge: ['>='], Le: ['<='], Ne: ['!='], Eq: ['='], Star: ['*'], Slash: ['/'], Percent: ['%'],
  Plus: ['+'], Minus: ['-'], Pipe: ['|'], Dot: ['.'], DotDot: ['..'], DotDotLt: ['..<'], Gt: ['>'], Lt: ['<'],
};

/**
 * A token as the formatter must preserve it: punctuation by its kind only (full-width and ASCII
 * spellings are the same token), a keyword by its spelling with the words of a multi-word
 * keyword joined by one space, everything else exactly.
 */
function tokenKey(t: IToken): string {
  const n = t.tokenType.name;
  if (PUNCTUATION.has(n)) return n;
  if (KEYWORD_BY_NAME.has(n)) return `${n} ${t.image.replace(/[ \t]+/g, ' ')}`;
  return `${n} ${t.image}`;
}

/** `out` equals `inp` except that `inp` may have separators (`;` `,`) that `out` dropped. */
function sameTokensModuloSeparators(inp: IToken[], out: IToken[]): string | undefined {
  let j = 0;
  for (let i = 0; i < inp.length; i++) {
    const a = inp[i]!;
    if (j < out.length && tokenKey(a) === tokenKey(out[j]!)) {
      j++;
      continue;
    }
    const n = a.tokenType.name;
    if (n === 'Semicolon' || n === 'Comma') continue;
    return `input token ${tokenKey(a)} at offset ${a.startOffset} missing from the output (found ${j < out.length ? tokenKey(out[j]!) : 'end'})`;
  }
  return j === out.length ? undefined : `extra output token ${tokenKey(out[j]!)}`;
}

/** The AST without positions. */
function shape(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (k, v) => (k === 'span' ? undefined : v)));
}

const commentTexts = (text: string): string[] =>
  lex(text).comments.map((c) => c.image.replace(/^＃/, '#').trimEnd());

// --- hand-written fixtures ---------------------------------------------------------------------

describe('format: hand-written fixtures', () => {
  it('has the fixtures it is meant to have', () => {
    expect(fixtureNames).toEqual(['attributes', 'blank-lines', 'chinese', 'comments', 'english', 'nested']);
  });

  for (const name of fixtureNames) {
    it(`${name}.in.kp formats to ${name}.out.kp`, () => {
      const input = read(`${fixtureDir}${name}.in.kp`);
      const expected = read(`${fixtureDir}${name}.out.kp`);
      const r = format(input);
      expect(r.diagnostics).toEqual([]);
      expect(r.text).toBe(expected);
      expect(r.changed).toBe(true);
    });

    it(`${name}.out.kp is already formatted`, () => {
      const expected = read(`${fixtureDir}${name}.out.kp`);
      const r = format(expected);
      expect(r.text).toBe(expected);
      expect(r.changed).toBe(false);
    });
  }

  it('reads Windows line endings (CRLF) and writes \\n', () => {
    const expected = read(`${fixtureDir}english.out.kp`);
    const crlf = expected.replace(/\n/g, '\r\n');
    const r = format(crlf);
    expect(r.text).toBe(expected);
    expect(r.changed).toBe(true);
  });
});

// --- properties on every file ------------------------------------------------------------------

describe('format: properties on every fixture and policy', () => {
  it('finds the repository policies', () => {
    expect(policyFiles).toContain('window-staff-assessment.kp');
  });

  for (const [label, input] of corpus) {
    it(`is idempotent: ${label}`, () => {
      const once = formatted(input);
      const twice = format(once);
      expect(twice.text).toBe(once);
      expect(twice.changed).toBe(false);
    });

    it(`keeps the token sequence (re-lexed): ${label}`, () => {
      const out = formatted(input);
      const a = lex(input);
      const b = lex(out);
      expect(a.errors).toEqual([]);
      expect(b.errors).toEqual([]);
      expect(sameTokensModuloSeparators(a.tokens, b.tokens)).toBeUndefined();
      // Punctuation is ASCII after formatting.
      for (const t of b.tokens) {
        const ascii = ASCII_PUNCTUATION[t.tokenType.name];
        if (ascii) expect(ascii).toContain(t.image);
      }
    });

    it(`parses to the same AST and keeps every comment: ${label}`, () => {
      const out = formatted(input);
      const before = parse(input);
      const after = parse(out);
      expect(after.diagnostics).toEqual([]);
      expect(shape(after.ast)).toEqual(shape(before.ast));
      expect(commentTexts(out)).toEqual(commentTexts(input));
    });

    it(`prints the canonical layout: ${label}`, () => {
      const out = formatted(input);
      expect(out.endsWith('\n')).toBe(true);
      expect(out.endsWith('\n\n')).toBe(false);
      const lines = out.slice(0, -1).split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        expect(line).toBe(line.trimEnd()); // no trailing whitespace
        expect(/^( {2})*\S|^$/.test(line)).toBe(true); // indentation in steps of 2 spaces
        if (line === '') {
          expect(lines[i + 1]).not.toBe(''); // blank lines never run
          expect(lines[i - 1]?.endsWith('{')).toBe(false); // none right after `{`
          expect(lines[i + 1]?.trim()).not.toBe('}'); // none before `}`
        }
      }
      expect(lines[0]).not.toBe('');
    });
  }
});

// --- single rules, checked on small inputs ---------------------------------------------------

describe('format: spacing rules', () => {
  const cases: [string, string, string][] = [
    [
      'a Chinese unit is written against its number, an English unit is not',
      'param a : points = 15 points\nparam b : 天 = 15 天\nparam c : working days = 5 working  days\nparam d : 工作日 = 5 个工作日\n',
      'param a: points = 15 points\nparam b: 天 = 15天\nparam c: working days = 5 working days\nparam d: 工作日 = 5个工作日\n',
    ],
    [
      'a Chinese postfix comparator follows the number and unit directly',
      'grades g by s { a 90 以上  b 60 分 以上 且 89 分 以下  c 59 or below }\n',
      'grades g by s {\n  a 90以上\n  b 60分以上 且 89分以下\n  c 59 or below\n}\n',
    ],
    [
      'function keywords touch their parenthesis; `in` and grouping parentheses do not',
      'param a = min ( 1 , max ( 2 , 3 ) ) * ( 4 + 5 )\nparam b = 平均 （ x ） + 排名（ y ）\nparam c = x in ( p , q )\n',
      'param a = min(1, max(2, 3)) * (4 + 5)\nparam b = 平均(x) + 排名(y)\nparam c = x in (p, q)\n',
    ],
    [
      'unary minus is glued, binary minus is spaced',
      'param a = 3 - -2 - ( -x )\nparam b = 5 分 − 2 分\n',
      'param a = 3 - -2 - (-x)\nparam b = 5分 - 2分\n',
    ],
    [
      'qualified names and ranges have no spaces around the dots',
      'input i for unit : points range 0 .. 100\nrule r { on e then grade at most g . pass }\n',
      'input i for unit: points range 0..100\n\nrule r {\n  on e\n  then grade at most g.pass\n}\n',
    ],
    [
      'full-width comparators and operators become ASCII',
      'param a = x ≥ 1 且 y ≤ 2 且 z ≠ 3 且 w ＝ 4\nparam b = 2 × 3 ÷ 4 ＋ 50 ％\n',
      'param a = x >= 1 且 y <= 2 且 z != 3 且 w = 4\nparam b = 2 * 3 / 4 + 50%\n',
    ],
    [
      'the full-width keyboard\'s operators become ASCII too',
      'param a = x ＞＝ 1 且 y ＜＝ 2 且 z ！＝ 3 且 v ＞ 0 且 u ＜ 9\nparam b = 2 ＊ 3 ／ 4 － 1\n',
      'param a = x >= 1 且 y <= 2 且 z != 3 且 v > 0 且 u < 9\nparam b = 2 * 3 / 4 - 1\n',
    ],
    [
      'strings keep their quotes and their content',
      'kind a “全角：引号，内容（不变）”\nkind b 「方括号」\nkind c "  spaces  kept  "\n',
      'kind a “全角：引号，内容（不变）”\nkind b 「方括号」\nkind c "  spaces  kept  "\n',
    ],
    [
      'a penalty written on one line stays on one line; written over lines it gets one item per line',
      '处罚 a "A" ｛ 轻重 1；持续 7 天 ｝\npenalty b "B" { rank 2\n lasts 15 days; stops bonus }\npenalty c "C" {}\n',
      '处罚 a "A" { 轻重 1; 持续 7天 }\n\npenalty b "B" {\n  rank 2\n  lasts 15 days\n  stops bonus\n}\n\npenalty c "C" {}\n',
    ],
    [
      'a break before the `then` of a when clause is kept (continuation line); other breaks in an item are joined',
      'rule r {\n  when a and\n  b\n  then x,\n  y\n  when c then z\n}\n',
      'rule r {\n  when a and b\n    then x, y\n  when c then z\n}\n',
    ],
    [
      'calendar durations: 年 and 个月 touch their number, 半年 touches its 以上; each window starts no new line (issue 10)',
      '规则 r 针对 人员 { 当 次数(x 在 自 调岗 起 1 年 内) 1 次 以上 或 次数(x 在 滚动 6 个月 内) 2次以上 或 次数(x 在 自然半年 内) 低于 1次 或 次数(x 在 全部记录 内) 2次以上 则 y }\n事件 e 针对 人员 { 期长: 整数 个月 }\n规则 s 针对 人员 { 发生 e 其中 期长 半年 以上 则 y }\nrule t for person { when count(x within 1  year after r) >= 1 or count(x within rolling half   a year) >= 2 or count(x within calendar  half year) < 1 or count(x within all   records) >= 2 then y }\n',
      '规则 r 针对 人员 {\n  当 次数(x 在 自 调岗 起 1年 内) 1次以上 或 次数(x 在 滚动 6个月 内) 2次以上 或 次数(x 在 自然半年 内) 低于 1次 或 次数(x 在 全部记录 内) 2次以上 则 y\n}\n\n事件 e 针对 人员 {\n  期长: 整数 个月\n}\n\n规则 s 针对 人员 {\n  发生 e 其中 期长 半年以上\n  则 y\n}\n\nrule t for person {\n  when count(x within 1 year after r) >= 1 or count(x within rolling half a year) >= 2 or count(x within calendar half year) < 1 or count(x within all records) >= 2 then y\n}\n',
    ],
    [
      'a keyword is never glued to a name (chain rule)',
      '规则 r { 当 x 则 待岗 }\n',
      '规则 r {\n  当 x 则 待岗\n}\n',
    ],
  ];
  for (const [what, input, expected] of cases) {
    it(what, () => {
      const r = format(input);
      expect(r.diagnostics).toEqual([]);
      expect(r.text).toBe(expected);
      expect(format(expected).text).toBe(expected);
    });
  }
});

/** The spellings the lexer accepts for each punctuation token. */
const SPELLINGS: Record<string, string[]> = {
  LBrace: ['{', '｛'], RBrace: ['}', '｝'], LParen: ['(', '（'], RParen: [')', '）'], Comma: [',', '，', '、'],
  Colon: [':', '：'], Semicolon: [';', '；'], Arrow: ['->', '→', '=>', '－＞', '＝＞'], Ge: ['>=', '≥', '＞＝'], Le: ['<=', '≤', '＜＝'],
  Ne: ['!=', '≠', '！＝'], Eq: ['=', '＝'], Star: ['*', '×', '＊'], Slash: ['/', '÷', '／'], Percent: ['%', '％'], Plus: ['+', '＋'],
  Minus: ['-', '−', '－'], Pipe: ['|', '｜'], Gt: ['>', '＞'], Lt: ['<', '＜'],
};
const WHITESPACE = [' ', '  ', '\t', '\n', '\n    ', ' \u3000'];

/**
 * Rebuild a file from its tokens and comments with the given whitespace between them (a comment is
 * always followed by a line break) and the given spelling choice for punctuation.
 */
function rebuild(text: string, gaps: number[], picks: number[], fullWidth: boolean): string {
  const { tokens, comments } = lex(text);
  const all = [...tokens, ...comments].sort((a, b) => a.startOffset - b.startOffset);
  let out = '';
  all.forEach((t, i) => {
    const spellings = SPELLINGS[t.tokenType.name];
    out += spellings ? (fullWidth ? spellings[picks[i % picks.length]! % spellings.length]! : spellings[0]!) : t.image;
    out += t.tokenType.name === 'Comment' ? '\n' : WHITESPACE[gaps[i % gaps.length]! % WHITESPACE.length]!;
  });
  return out;
}

describe('format: properties on re-spaced and full-width variants', () => {
  const sources: [string, string][] = [
    ...fixtureNames.map((n): [string, string] => [`${n}.out.kp`, read(`${fixtureDir}${n}.out.kp`)]),
    ...policyFiles.map((f): [string, string] => [`policies/${f}`, read(`${policyDir}${f}`)]),
  ];
  for (const [label, text] of sources) {
    it(`any whitespace and any punctuation spelling: ${label}`, () => {
      const reference = parse(text);
      fc.assert(
        fc.property(
          fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
          fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
          (gaps, picks) => {
            const ascii = rebuild(text, gaps, picks, false);
            const wide = rebuild(text, gaps, picks, true);
            const a = format(ascii);
            const w = format(wide);
            expect(a.text).toBeTypeOf('string');
            // Full-width punctuation is only a spelling: same output as the ASCII variant.
            expect(w.text).toBe(a.text);
            expect(format(a.text!).text).toBe(a.text);
            expect(shape(parse(a.text!).ast)).toEqual(shape(reference.ast));
            expect(sameTokensModuloSeparators(lex(wide).tokens, lex(a.text!).tokens)).toBeUndefined();
          },
        ),
        { numRuns: 25, seed: 20241 },
      );
    });
  }
});

describe('format: broken and empty input', () => {
  it('returns no text and the syntax diagnostics for broken input', () => {
    const input = 'policy p "P" {\n  version "1"\n}\nrule r for person {\n  when count(complaint >= 3 then standby\n}\n';
    const r = format(input);
    expect(r.text).toBeUndefined();
    expect(r.changed).toBe(false);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.code === 'KP0002' && d.severity === 'error')).toBe(true);
    expect(r.diagnostics).toEqual(parse(input).diagnostics);
  });

  it('returns no text for a lexical error (unclosed string)', () => {
    const r = format('kind a "unclosed\n');
    expect(r.text).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toContain('KP0001');
  });

  it('does not format a keyword glued to a name (`则待岗` is one name, so the clause is broken)', () => {
    const r = format('规则 r { 当 x 则待岗 }\n');
    expect(r.text).toBeUndefined();
    expect(r.diagnostics[0]!.code).toBe('KP0002');
  });

  it('formats the empty file to the empty text', () => {
    expect(format('')).toEqual({ text: '', diagnostics: [], changed: false });
  });

  it('formats a file of blank lines to the empty text', () => {
    expect(format('\n\n  \r\n\t\n')).toEqual({ text: '', diagnostics: [], changed: true });
  });

  it('keeps a file of comments only', () => {
    const r = format('   # one\n\n\n# two   \n');
    expect(r.text).toBe('# one\n\n# two\n');
  });
});

describe('format: a large policy', () => {
  // Speed is measured in bench/, never asserted in a test (timed tests flake on shared machines).
  it('leaves a canonical 10,000-line policy unchanged', () => {
    const parts = ['policy big "Big" {\n  version "1"\n}\n\n', 'event complaint "C" for person {\n  level: low "low" | high "high"\n}\n\n'];
    let lines = 7;
    for (let i = 0; lines < 10_000; i++) {
      parts.push(
        `# rule ${i}\nrule r${i} "R" for person {\n  when count(complaint where level = high within calendar month) >= 3 then standby\n  unless level in (low, high)\n}\n\n`,
        `score s${i} "S" for person {\n  base 100 points\n  deduct 2 points per complaint where level = low\n}\n\n`,
      );
      lines += 11;
    }
    const text = `${parts.join('').trimEnd()}\n`;
    expect(text.split('\n').length).toBeGreaterThanOrEqual(10_000);
    expect(format(text).text).toBe(text); // the generated text is already canonical
  });
});

describe('format: deadlines as the law counts them and penalties ending on an event (issue 10)', () => {
  // Written on one line, then laid out by hand from the rules: every deadline item on its own
  // line — `到期日 顺延`, `除非`, `当 … 则 …` included — but `到期日` inside a condition and the
  // `则` of a `当` clause stay on their item's line (a break the writer put before it is kept, one
  // level deeper); a one-line penalty block stays on one line, one space between tokens.
  const zhIn =
    '制度 t "t" { 版本 "1" }\n' +
    '处罚 停职 "停职" { 轻重 6  持续 直至 调查结论 其中 属实 最短 7天 最长 30天  停发奖金 }\n' +
    '时限 d "d" { 发生 申请 起算 收到日 期限 8天 首日 不计入 到期日 顺延 办结 办结日 视为超时 申请延期 且 延期申请日 > 到期日 除非 正当理由 则 超时 当 延期申请日 > 到期日 则 延期逾期 }\n';
  const zhOut =
    '制度 t "t" {\n  版本 "1"\n}\n\n' +
    '处罚 停职 "停职" { 轻重 6 持续 直至 调查结论 其中 属实 最短 7天 最长 30天 停发奖金 }\n\n' +
    '时限 d "d" {\n  发生 申请\n  起算 收到日\n  期限 8天\n  首日 不计入\n  到期日 顺延\n  办结 办结日\n' +
    '  视为超时 申请延期 且 延期申请日 > 到期日\n  除非 正当理由\n  则 超时\n  当 延期申请日 > 到期日 则 延期逾期\n}\n';
  const enIn =
    'policy t "t" { version "1" }\n' +
    'penalty suspension "s" {\n  rank 6\n  lasts until inquiry where upheld minimum 7 days maximum 30 days\n}\n' +
    'deadline d "d" { on application from received limit 8 days due date does not roll done delivered unless excused then late\n when asked_on > due date\n then late_filing }\n';
  const enOut =
    'policy t "t" {\n  version "1"\n}\n\n' +
    'penalty suspension "s" {\n  rank 6\n  lasts until inquiry where upheld minimum 7 days maximum 30 days\n}\n\n' +
    'deadline d "d" {\n  on application\n  from received\n  limit 8 days\n  due date does not roll\n  done delivered\n  unless excused\n  then late\n' +
    '  when asked_on > due date\n    then late_filing\n}\n';

  for (const [lang, input, output] of [['Chinese', zhIn, zhOut], ['English', enIn, enOut]] as const) {
    it(`${lang}: lays out the new items and round-trips`, () => {
      expect(formatted(input)).toBe(output);
      expect(format(output).text).toBe(output);
      expect(shape(parse(output).ast)).toEqual(shape(parse(input).ast));
    });
  }
});
