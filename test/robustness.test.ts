/**
 * Robustness: `createEnv().analyze(text)` never throws, whatever the text, and every diagnostic
 * it returns is well formed — a code, a severity, a bilingual message, and a span that lies
 * inside the file and agrees with its own line/column.
 */
import { describe, expect, it } from 'vitest';
import { createEnv, MAX_NESTING, type Diagnostic } from '../packages/dsl/src/index.js';
import { prng } from '../bench/generate-policy.js';
import { LINE_BREAK, problemsOf } from './support/diagnostics.js';

const env = createEnv();


/** 1-based line and column (UTF-16 units) of an offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m && m.index + m[0].length <= offset; m = LINE_BREAK.exec(text)) {
    line++;
    lineStart = m.index + m[0].length;
  }
  LINE_BREAK.lastIndex = 0;
  return { line, column: offset - lineStart + 1 };
}


/** Line/column of the span's start agree with its offset (a stronger check, kept separate). */
function positionProblems(d: Diagnostic, text: string): string[] {
  const at = positionOf(text, d.span.start);
  return at.line === d.span.line && at.column === d.span.column
    ? []
    : [`${d.code} at offset ${d.span.start} says ${d.span.line}:${d.span.column}, the text says ${at.line}:${at.column}`];
}

function analyzeWellFormed(text: string): Diagnostic[] {
  let diagnostics: Diagnostic[] = [];
  expect(() => {
    diagnostics = env.analyze(text).diagnostics;
  }).not.toThrow();
  const problems = diagnostics.flatMap((d) => problemsOf(d, text).map((m) => `${d.code}: ${m}`));
  expect(problems).toEqual([]);
  return diagnostics;
}


function randomBytes(seed: number, n: number): Uint8Array {
  const r = prng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * 256);
  return out;
}

const HEADER = 'policy p "标题" { version "1" }\n';

describe('analyze never throws and reports well-formed diagnostics', () => {
  it('empty file', () => {
    analyzeWellFormed('');
  });

  it('only whitespace and comments', () => {
    for (const text of [' ', '\n\n\n', '\t \r\n \u3000\u00a0\ufeff', '# comment', '＃ 全角注释\n# a\n   # b\n', '#'.repeat(1000), '# x\r# y\r']) {
      const ds = analyzeWellFormed(text);
      expect(ds.filter((d) => d.code === 'KP0001' || d.code === 'KP0002')).toEqual([]);
    }
  });

  it('binary garbage decoded as latin1', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const bytes = randomBytes(seed, 4096);
      analyzeWellFormed(String.fromCharCode(...bytes));
    }
  });

  it('binary garbage decoded as utf8 (with replacement characters)', () => {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    for (let seed = 101; seed <= 120; seed++) analyzeWellFormed(decoder.decode(randomBytes(seed, 4096)));
  });

  it('random UTF-16 code units: NUL, lone surrogates, astral pairs', () => {
    for (let seed = 201; seed <= 220; seed++) {
      const r = prng(seed);
      let text = '';
      for (let i = 0; i < 4096; i++) text += String.fromCharCode(Math.floor(r() * 0x10000));
      analyzeWellFormed(text);
    }
    for (const text of ['\0', '\0\0\0', HEADER + '\0', '\ud800', '\udfff', 'a\ud800b', '\udc00\ud800', HEADER + 'event e "\ud800" \0', '😀', '规则 r𠀀 {', '\u2028\u2029\u0085\u000b\u000c']) {
      analyzeWellFormed(text);
    }
  });

  it('garbage appended to a valid policy header and inside declarations', () => {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    for (let seed = 301; seed <= 310; seed++) {
      const garbage = decoder.decode(randomBytes(seed, 512));
      analyzeWellFormed(HEADER + garbage);
      analyzeWellFormed(HEADER + 'rule r for person {\n  when ' + garbage + '\n}\n');
      analyzeWellFormed(HEADER + 'score s for unit { base 100 deduct ' + garbage + ' }');
    }
  });

  describe('1 MB single lines', () => {
    const MB = 1_000_000;
    it("'次' × 1,000,000 (a run of Chinese keywords for the chain analysis)", () => {
      analyzeWellFormed('次'.repeat(MB));
    }, 60_000);
    it("'非' × 1,000,000 and '规则折扣' × 250,000", () => {
      analyzeWellFormed('非'.repeat(MB));
      analyzeWellFormed('规则折扣'.repeat(MB / 4));
    }, 60_000);
    it('one 1 MB name, one 1 MB number, one 1 MB comment, one 1 MB string', () => {
      analyzeWellFormed('a'.repeat(MB));
      analyzeWellFormed('9'.repeat(MB));
      analyzeWellFormed('#' + 'x'.repeat(MB));
      analyzeWellFormed(HEADER + 'event e "' + '长'.repeat(MB) + '"');
      analyzeWellFormed(HEADER + 'event e "' + 'x'.repeat(MB)); // unterminated
    }, 60_000);
    it('a 1 MB expression on one line is refused with KP0003 (the documented depth limit), not a crash', () => {
      // `1 + 1 + …` 250,000 times is a tree 250,000 levels deep; every later pass walks trees
      // recursively, so the parser leaves out a declaration deeper than MAX_AST_DEPTH.
      const text = HEADER + 'param x = 1' + ' + 1'.repeat((MB - 40) / 4);
      expect(text.length).toBeGreaterThan(MB - 100);
      const ds = analyzeWellFormed(text);
      expect(ds.map((d) => d.code)).toEqual(['KP0003']);
      expect(ds[0]!.span.line).toBe(HEADER.split('\n').length);
    }, 60_000);
    it('an expression chained up to the limit is accepted', () => {
      const ds = analyzeWellFormed(HEADER + 'param x = 1' + ' + 1'.repeat(400) + '\n');
      expect(ds.filter((d) => d.severity === 'error')).toEqual([]);
    });
    it('1 MB of spaces and of full-width punctuation', () => {
      analyzeWellFormed(' '.repeat(MB));
      analyzeWellFormed('，'.repeat(MB));
    }, 60_000);
    /*
     * A line of repeated misplaced keywords makes one syntax error per token. Each costs about
     * 150 µs in chevrotain's recovery, so 1 MB of `rule ` (200,000 errors) took 29 s until the
     * parser stopped after MAX_SYNTAX_ERRORS with KP0005.
     */
    it('1 MB of misplaced keywords: at most 100 syntax errors, then KP0005', () => {
      const ds = analyzeWellFormed('rule '.repeat(MB / 5));
      expect(ds.filter((d) => d.code === 'KP0002')).toHaveLength(100);
      expect(ds.filter((d) => d.code === 'KP0005')).toHaveLength(1);
      expect(analyzeWellFormed('规则'.repeat(MB / 2)).some((d) => d.code === 'KP0002')).toBe(true);
    }, 60_000);
    it('a valid header before the storm is kept (no false KP0004)', () => {
      const ds = analyzeWellFormed(HEADER + '@ rule '.repeat(10_000));
      expect(ds.some((d) => d.code === 'KP0005')).toBe(true);
      expect(ds.some((d) => d.code === 'KP0004')).toBe(false);
    }, 60_000);
  });

  describe('deep nesting', () => {
    const N = 10_000;
    it('10,000 `(` in an expression: KP0003', () => {
      const text = HEADER + 'param x = ' + '('.repeat(N) + '1' + ')'.repeat(N) + '\n';
      const ds = analyzeWellFormed(text);
      const deep = ds.filter((d) => d.code === 'KP0003');
      expect(deep).toHaveLength(1);
      // It points at the first bracket beyond the limit.
      expect(deep[0]!.span.start).toBe(HEADER.length + 'param x = '.length + MAX_NESTING);
      expect(deep[0]!.message.en).toContain('nesting');
    });
    it('10,000 unclosed `(` and full-width `（`', () => {
      expect(analyzeWellFormed(HEADER + 'param x = ' + '('.repeat(N)).some((d) => d.code === 'KP0003')).toBe(true);
      expect(analyzeWellFormed(HEADER + 'param x = ' + '（'.repeat(N)).some((d) => d.code === 'KP0003')).toBe(true);
    });
    it('10,000 `{` braces: KP0003', () => {
      const text = HEADER + 'rule r ' + '{'.repeat(N) + '}'.repeat(N);
      const deep = analyzeWellFormed(text).filter((d) => d.code === 'KP0003');
      expect(deep).toHaveLength(1);
      expect(deep[0]!.span.start).toBe(HEADER.length + 'rule r '.length + MAX_NESTING);
      expect(analyzeWellFormed('{'.repeat(N)).some((d) => d.code === 'KP0003')).toBe(true);
      expect(analyzeWellFormed('｛'.repeat(N)).some((d) => d.code === 'KP0003')).toBe(true);
    });
    it('brackets exactly at the limit are not reported as too deep', () => {
      const text = HEADER + 'param x = ' + '('.repeat(MAX_NESTING) + '1' + ')'.repeat(MAX_NESTING) + '\n';
      expect(analyzeWellFormed(text).filter((d) => d.code === 'KP0003')).toEqual([]);
    });
    it('10,000 chained unary minus: KP0003 at the first operator beyond the limit, header kept', () => {
      const ds = analyzeWellFormed(HEADER + 'param x = ' + '-'.repeat(N) + '1\n');
      expect(ds.map((d) => d.code)).toEqual(['KP0003']);
      expect(ds[0]!.span.start).toBe(HEADER.length + 'param x = '.length + MAX_NESTING);
      analyzeWellFormed(HEADER + 'param x = ' + '- '.repeat(N) + '1\n');
      analyzeWellFormed(HEADER + 'param x = 1' + ' - -'.repeat(N) + ' 1\n');
    });
    it('10,000 chained `非` and `not`', () => {
      const rule = (cond: string): string => `${HEADER}事件 e "e"\n处罚 p "p"\n规则 r "r" { 当 ${cond} 则 p }\n`;
      analyzeWellFormed(rule('非'.repeat(N) + ' 是'));
      analyzeWellFormed(rule('非 '.repeat(N) + '是'));
      analyzeWellFormed(rule('not '.repeat(N) + 'true'));
    });
    it('chains of every length up to 10,000 (parser limit and later passes alike)', () => {
      // Chains the parser still accepts reach the checker (and later the evaluator) as deep trees.
      for (const n of [100, 500, 1000, 1500, 2000, 3000, 5000]) {
        analyzeWellFormed(HEADER + 'param x = ' + '-'.repeat(n) + '1\n');
        analyzeWellFormed(`${HEADER}处罚 p "p"\n规则 r "r" { 当 ${'非 '.repeat(n)}是 则 p }\n`);
        analyzeWellFormed(HEADER + 'param x = 1' + ' + 1'.repeat(n) + '\n');
        analyzeWellFormed(HEADER + 'param x = 1' + ' 且 是'.repeat(n) + '\n');
      }
    });
    it('the parser still works after a too-deep input', () => {
      analyzeWellFormed(HEADER + 'param x = ' + '-'.repeat(N) + '1\n');
      const ds = analyzeWellFormed(HEADER + 'param x = 1\n');
      expect(ds.filter((d) => d.code.startsWith('KP000'))).toEqual([]);
    });
  });

  describe('unfinished input', () => {
    it('unterminated string: KP0001 at the opening quote', () => {
      for (const [before, after] of [
        [HEADER + 'event e ', '"未闭合的标签\nevent f "f"\n'],
        [HEADER + 'event e ', '“未闭合\n'],
        [HEADER + 'event e ', '「未闭合'],
        ['policy p ', '"'],
      ] as const) {
        const text = before + after;
        const ds = analyzeWellFormed(text);
        const quote = ds.find((d) => d.code === 'KP0001' && d.span.start === before.length);
        expect(quote, `${JSON.stringify(text)}: ${JSON.stringify(ds.map((d) => [d.code, d.span.start]))}`).toBeDefined();
        expect(quote!.hint?.en).toContain('quote');
      }
    });
    it('a rule missing its closing brace at end of file: KP0002 at the end', () => {
      for (const text of [
        HEADER + '事件 e "e"\n处罚 p "p"\n规则 r "r" {\n  发生 e\n  则 p\n',
        HEADER + 'event e\npenalty p\nrule r {\n  on e then p',
        HEADER + 'rule r {',
        HEADER + 'rule r { on e then p\r\n',
      ]) {
        const ds = analyzeWellFormed(text);
        const eof = ds.filter((d) => d.code === 'KP0002' && d.span.start === text.length);
        expect(eof, JSON.stringify(ds.map((d) => [d.code, d.span]))).toHaveLength(1);
        expect(eof[0]!.span.end).toBe(text.length);
      }
    });
    it('every truncation of a policy', () => {
      const text =
        HEADER +
        '事件 投诉 "投诉" 针对 人员 { 情节: 一般 "一般" | 严重 "严重"  属实: 是否 }\n' +
        '处罚 待岗 "待岗" { 轻重 3  持续 15 天  停发奖金 }\n' +
        '规则 被诉待岗 "被诉待岗" 针对 人员 {\n  当 次数(投诉 其中 属实 在 自然月 内) 3次以上 则 待岗\n}\n' +
        '评分 得分 "得分" 针对 人员 { 基础分 100分  扣 2分 每 投诉 其中 情节 = 一般  限定 0..100 }\n' +
        '等次划分 等次表 "等次" 按 得分 { 好 "好" >= 60  差 "差" < 60 }\n';
      for (let i = 0; i <= text.length; i++) analyzeWellFormed(text.slice(0, i));
    });
  });

  describe('positions agree with the text', () => {
    it('line and column of every diagnostic match its offset, with LF, CRLF and lone CR line ends', () => {
      const body = ['policy p', 'event e', 'rule r { on e then @ }', 'rule s {'];
      for (const eol of ['\n', '\r\n', '\r']) {
        const text = body.join(eol);
        const ds = analyzeWellFormed(text);
        expect(ds.length).toBeGreaterThan(0);
        expect(ds.flatMap((d) => positionProblems(d, text))).toEqual([]);
      }
    });
  });
});
