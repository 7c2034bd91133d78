/**
 * Highlighting (src/tokens.ts): the real lexer's tokens as Monaco scopes. Offsets are UTF-16
 * indices into the line (what Monaco counts); each expectation is read off the line by hand.
 */
import { describe, expect, it } from 'vitest';
import { CLASS, lineTokens } from '../src/tokens.js';

const scopes = (line: string): [string, string][] => {
  // each token's text (up to the next token) and its scope, trailing spaces dropped
  const t = lineTokens(line);
  return t.map((x, n) => [line.slice(x.startIndex, t[n + 1]?.startIndex ?? line.length).trimEnd(), x.scopes]);
};

describe('lineTokens', () => {
  it('a declaration line: keyword, name, string', () => {
    expect(lineTokens('事件 迟到 "无故迟到" 针对 人员')).toEqual([
      { startIndex: 0, scopes: 'keyword.declaration' },
      { startIndex: 3, scopes: 'identifier' },
      { startIndex: 6, scopes: 'string' },
      // 针对 and 人员 are both in the keyword table's `subject` category
      { startIndex: 13, scopes: 'keyword.subject' },
      { startIndex: 16, scopes: 'keyword.subject' },
    ]);
  });

  it('Chinese keywords split as the parser splits them: 3次以上 is number, unit, comparator', () => {
    expect(scopes('  当 次数(投诉 其中 属实 在 自然月 内) 3次以上 则 待岗')).toEqual([
      ['', 'white'],
      ['当', 'keyword.clause'],
      ['次数', 'predefined'],
      ['(', 'delimiter'],
      ['投诉', 'identifier'],
      ['其中', 'keyword.clause'],
      ['属实', 'identifier'],
      ['在', 'keyword.clause'],
      ['自然月', 'keyword.window'],
      ['内', 'keyword.clause'],
      [')', 'delimiter'],
      ['3', 'number'],
      ['次', 'unit'],
      ['以上', 'operator.comparator'],
      ['则', 'keyword.clause'],
      ['待岗', 'identifier'],
    ]);
  });

  it('a name that contains keywords is one name: 规则折扣, 单位分, 则待岗', () => {
    expect(scopes('规则折扣')).toEqual([['规则折扣', 'identifier']]);
    expect(scopes('规则 折扣')).toEqual([
      ['规则', 'keyword.declaration'],
      ['折扣', 'identifier'],
    ]);
    expect(scopes('单位分 则待岗')).toEqual([
      ['单位分', 'identifier'],
      ['则待岗', 'identifier'],
    ]);
    // a digit ends a Chinese keyword: 超过15 is 超过 + 15
    expect(scopes('超过15')).toEqual([
      ['超过', 'operator.comparator'],
      ['15', 'number'],
    ]);
  });

  it('strings in all three quotes, comments with # and ＃', () => {
    expect(scopes('制度 引号 「三种」 { 版本 “2024.1” }  # 注释 "不是字符串"')).toEqual([
      ['制度', 'keyword.declaration'],
      ['引号', 'identifier'],
      ['「三种」', 'string'],
      ['{', 'delimiter'],
      ['版本', 'keyword.header'],
      ['“2024.1”', 'string'],
      ['}', 'delimiter'],
      ['# 注释 "不是字符串"', 'comment'],
    ]);
    expect(lineTokens('＃ 全角井号')).toEqual([{ startIndex: 0, scopes: 'comment' }]);
    expect(lineTokens('   # 缩进的注释')).toEqual([
      { startIndex: 0, scopes: 'white' },
      { startIndex: 3, scopes: 'comment' },
    ]);
  });

  it('numbers, decimals, dates, percentages and symbolic operators', () => {
    expect(scopes('生效 2024-01-01 扣 1.5分 加权 { a: 30% }')).toEqual([
      ['生效', 'keyword.header'],
      ['2024-01-01', 'number'],
      ['扣', 'keyword.clause'],
      ['1.5', 'number'],
      ['分', 'unit'],
      ['加权', 'keyword.clause'],
      ['{', 'delimiter'],
      ['a', 'identifier'],
      [':', 'delimiter'],
      ['30', 'number'],
      ['%', 'unit'],
      ['}', 'delimiter'],
    ]);
    // `>=` means what 不低于 means and `≠` what 不等于 would: comparators; `-` is arithmetic
    expect(scopes('score >= 60 and x ≠ 1 - 2')).toEqual([
      ['score', 'keyword.declaration'],
      ['>=', 'operator.comparator'],
      ['60', 'number'],
      ['and', 'operator.logic'],
      ['x', 'identifier'],
      ['≠', 'operator.comparator'],
      ['1', 'number'],
      ['-', 'operator'],
      ['2', 'number'],
    ]);
  });

  it('English keywords end where a name would: rules and rule1 are names', () => {
    expect(scopes('rule rules rule1 calendar month')).toEqual([
      ['rule', 'keyword.declaration'],
      ['rules', 'identifier'],
      ['rule1', 'identifier'],
      ['calendar month', 'keyword.window'],
    ]);
  });

  it('a character that is no token is marked invalid, and the rest of the line still reads', () => {
    expect(scopes('扣分 封顶 5分 。x')).toEqual([
      ['扣分', 'keyword.clause'],
      ['封顶', 'keyword.clause'],
      ['5', 'number'],
      ['分', 'unit'],
      ['。', 'invalid'],
      ['x', 'identifier'],
    ]);
    // an unclosed string: the quote is invalid, what follows is read on
    expect(scopes('制度 a "未闭合')[2]).toEqual(['"', 'invalid']);
  });

  it('an empty or blank line has no tokens', () => {
    expect(lineTokens('')).toEqual([]);
    expect(lineTokens('    ')).toEqual([]);
  });

  it('offsets count UTF-16 units, as Monaco does', () => {
    // 𠀀 (U+20000, CJK extension B) is two UTF-16 units and no token
    const t = lineTokens('"𠀀" x');
    expect(t).toEqual([
      { startIndex: 0, scopes: 'string' },
      { startIndex: 5, scopes: 'identifier' },
    ]);
  });

  it('every keyword category has a scope', async () => {
    const { KEYWORDS } = await import('@kaoping/dsl');
    for (const k of KEYWORDS) expect(CLASS[k.category], `${k.name} (${k.category})`).toBeTruthy();
  });
});
