import { Lexer } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { KEYWORDS } from '../src/keywords.js';
import { ALL_TOKENS, lex } from '../src/lexer.js';

const toks = (s: string): string[] => lex(s).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lexer', () => {
  it('is built with chevrotain optimizations on (an unoptimizable pattern would throw here)', () => {
    expect(() => new Lexer(ALL_TOKENS, { ensureOptimizations: true, positionTracking: 'full' })).not.toThrow();
  });

  describe('Chinese keywords and names (stand-alone keywords, glued units and comparators)', () => {
    it.each([
      ['规则折扣', ['Identifier:规则折扣']],
      ['规则 折扣', ['Rule:规则', 'Identifier:折扣']],
      ['当月投诉', ['Identifier:当月投诉']],
      ['则待岗', ['Identifier:则待岗']],
      ['则 待岗', ['Then:则', 'Identifier:待岗']],
      ['次以上', ['Times:次', 'OrAbove:以上']],
      ['3次以上', ['NumberLit:3', 'Times:次', 'OrAbove:以上']],
      ['90分以上', ['NumberLit:90', 'Points:分', 'OrAbove:以上']],
      ['自然月内', ['CalendarMonth:自然月', 'Inside:内']],
      ['5个工作日内', ['NumberLit:5', 'WorkingDays:个工作日', 'Inside:内']],
      ['超过15', ['MoreThan:超过', 'NumberLit:15']],
      ['是否属实', ['Identifier:是否属实']],
      ['是否', ['Bool:是否']],
      ['取消 评先资格', ['Ineligible:取消', 'Identifier:评先资格']],
      ['分管领导', ['Identifier:分管领导']],
      ['测评分', ['Identifier:测评分']],
      ['单位分', ['Identifier:单位分']],
      ['单位封顶', ['Identifier:单位封顶']],
      ['在自然月内', ['Within:在', 'CalendarMonth:自然月', 'Inside:内']],
      ['30天以内', ['NumberLit:30', 'Days:天', 'OrWithin:以内']],
      ['3 次以上', ['NumberLit:3', 'Times:次', 'OrAbove:以上']],
      ['2及以上', ['NumberLit:2', 'OrMore:及以上']],
      ['第2次', ['Ordinal:第', 'NumberLit:2', 'Times:次']],
      ['次日', ['Times:次', 'Days:日']],
      ['发生日', ['Identifier:发生日']],
    ])('%s', (input, expected) => {
      expect(toks(input)).toEqual(expected);
    });

    it('does not overflow on a million Chinese keyword characters in one run', () => {
      const r = lex('次'.repeat(1_000_000));
      expect(r.errors).toEqual([]);
      expect(r.tokens.length).toBe(1_000_000);
    });
  });

  describe('English keywords', () => {
    it.each([
      ['rule rules rule1', ['Rule:rule', 'Identifier:rules', 'Identifier:rule1']],
      ['or more or', ['OrMore:or more', 'Or:or']],
      ['calendar   month', ['CalendarMonth:calendar   month']],
      ['at least 3', ['AtLeast:at least', 'NumberLit:3']],
      ['15 days 5 working days', ['NumberLit:15', 'Days:days', 'NumberLit:5', 'WorkingDays:working days']],
    ])('%s', (input, expected) => {
      expect(toks(input)).toEqual(expected);
    });
  });

  it('accepts the full-width punctuation a Chinese keyboard types', () => {
    expect(toks('（：，；、｛｝）≥≤≠×÷→％')).toEqual([
      'LParen:（', 'Colon:：', 'Comma:，', 'Semicolon:；', 'Comma:、', 'LBrace:｛', 'RBrace:｝', 'RParen:）',
      'Ge:≥', 'Le:≤', 'Ne:≠', 'Star:×', 'Slash:÷', 'Arrow:→', 'Percent:％',
    ]);
  });

  // docs/language.md §2.5 lists exactly these (issue 9: it called `－ ＜ ＞` refused while they
  // were accepted). A full-width keyboard also types `＊ ／ ！＝ －＞ ＝＞`: each has one meaning.
  it('accepts the full-width operators of a full-width keyboard, each as its ASCII twin', () => {
    expect(toks('－＜＞＜＝＞＝＝＋')).toEqual(['Minus:－', 'Lt:＜', 'Gt:＞', 'Le:＜＝', 'Ge:＞＝', 'Eq:＝', 'Plus:＋']);
    expect(toks('＊ ／ ！＝ －＞ ＝＞')).toEqual(['Star:＊', 'Slash:／', 'Ne:！＝', 'Arrow:－＞', 'Arrow:＝＞']);
  });

  it('refuses full-width digits and letters (a number or a name is written in ASCII)', () => {
    const r = lex('参数 x = ３');
    expect(r.errors.map((e) => [e.column, e.length])).toEqual([[8, 1]]); // 参 数 ␠ x ␠ = ␠ ３
    expect(lex('规则Ａ').errors).toHaveLength(1);
  });

  it('reads strings in three quote styles, dates, decimals, and keeps comments aside', () => {
    const r = lex('"a" “乙” 「丙」 2024-03-01 89.995 # 注释 rule');
    expect(r.tokens.map((t) => t.tokenType.name)).toEqual(['StringLit', 'StringLit', 'StringLit', 'DateLit', 'NumberLit']);
    expect(r.comments.map((c) => c.image)).toEqual(['# 注释 rule']);
  });

  it('reports an unexpected character with its position and goes on', () => {
    const r = lex('规则 a @ b');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.column).toBe(6);
    expect(r.tokens.map((t) => t.image)).toEqual(['规则', 'a', 'b']);
  });

  describe('the keyword table', () => {
    it('gives every keyword an English and a Chinese spelling', () => {
      for (const k of KEYWORDS) {
        expect(k.en.length, k.name).toBeGreaterThan(0);
        expect(k.zh.length, k.name).toBeGreaterThan(0);
      }
    });

    it('never gives two keywords the same spelling', () => {
      const seen = new Map<string, string>();
      for (const k of KEYWORDS) {
        for (const s of [...k.en, ...k.zh]) {
          expect(seen.get(s), `${s} is spelled by ${seen.get(s)} and ${k.name}`).toBeUndefined();
          seen.set(s, k.name);
        }
      }
    });

    it('lexes every spelling of every keyword as that keyword', () => {
      for (const k of KEYWORDS) {
        for (const s of [...k.en, ...k.zh]) {
          const r = lex(`${s} `);
          expect(r.tokens.map((t) => t.tokenType.name), s).toEqual([k.name]);
        }
      }
    });
  });
});
