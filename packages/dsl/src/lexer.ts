/**
 * The lexer: text → tokens. Keyword tokens are generated from the keyword table.
 *
 * Chinese keywords and names. Chinese has no spaces, so a keyword cannot be told from a name
 * by a longest match alone. The rule (docs/language.md, "Chinese keywords and names"):
 *   1. A Chinese keyword stands alone: the character after it is not a letter, `_` or a Chinese
 *      character (a digit, a space, punctuation or the end of the text ends it: `超过15`).
 *   2. Glue: units (`年`, `个月`, `半年` too), calendar windows, postfix comparators (以上/以下/以内), 及以上 and 内 may follow
 *      directly after a unit, a window, a postfix comparator or 在: `3次以上`, `5个工作日内`,
 *      `在自然月内`, `30天以内`. A run of Chinese characters that does not split this way is one name.
 * So `规则折扣`, `单位分`, `测评分` and `则待岗` are names; `规则 折扣` is a keyword and a name.
 * English keywords end where a name would end: `rules` and `rule1` are names.
 */
import { createToken, Lexer, type IToken, type TokenType, type ILexingError } from 'chevrotain';
import { KEYWORDS, NAME_START, NAME_CONTINUE, isCjkSpelling, type KeywordDef } from './keywords.js';

// --- character classes -------------------------------------------------------------------
const isCjk = (c: number): boolean =>
  (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiNameChar = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || isDigit(c);

// --- Chinese keyword glue ----------------------------------------------------------------------
const GLUE_HEADS = new Set([
  'Points', 'WorkingDays', 'Days', 'Times', 'Minutes', 'Places', 'Years', 'Months', 'HalfYear',
  'CalendarMonth', 'CalendarQuarter', 'CalendarHalfYear', 'CalendarYear', 'AllRecords', 'Period',
  'OrAbove', 'OrBelow', 'OrWithin', 'OrMore', 'Within',
]);
const GLUE_TAILS = new Set([
  'Points', 'WorkingDays', 'Days', 'Times', 'Minutes', 'Places', 'Years', 'Months', 'HalfYear',
  'CalendarMonth', 'CalendarQuarter', 'CalendarHalfYear', 'CalendarYear', 'AllRecords', 'Period',
  'OrAbove', 'OrBelow', 'OrWithin', 'OrMore', 'Inside',
]);
const glueSpellingsByFirstChar = new Map<number, string[]>();
for (const def of KEYWORDS) {
  if (!GLUE_TAILS.has(def.name)) continue;
  for (const s of def.zh) {
    const first = s.charCodeAt(0);
    const list = glueSpellingsByFirstChar.get(first) ?? [];
    list.push(s);
    glueSpellingsByFirstChar.set(first, list);
  }
}
for (const list of glueSpellingsByFirstChar.values()) list.sort((a, b) => b.length - a.length);

/**
 * Memo of "the Chinese run from here splits entirely into glue keywords", per position.
 * Valid for one text at a time; the lexer resets it per call.
 */
let chainText: string | undefined;
let chainMemo = new Map<number, boolean>();

function resetChainMemo(text: string): void {
  chainText = text;
  chainMemo = new Map();
}

/** May a keyword spelling end at `pos`? */
function delimitedAt(text: string, pos: number, cjkSpelling: boolean, glueHead: boolean): boolean {
  if (pos >= text.length) return true;
  const c = text.charCodeAt(pos);
  if (isCjk(c)) return cjkSpelling && glueHead && glueChainAt(text, pos);
  if (isAsciiNameChar(c)) return cjkSpelling && isDigit(c);
  return true;
}

/** Does the CJK run starting at `pos` split entirely into glue keywords? Iterative DP. */
function glueChainAt(text: string, pos: number): boolean {
  if (chainText !== text) resetChainMemo(text);
  const known = chainMemo.get(pos);
  if (known !== undefined) return known;
  let end = pos;
  while (end < text.length && isCjk(text.charCodeAt(end))) end++;
  // Whatever follows the Chinese run must end a Chinese keyword.
  const tail = end >= text.length || !isAsciiNameChar(text.charCodeAt(end)) || isDigit(text.charCodeAt(end));
  chainMemo.set(end, tail);
  for (let p = end - 1; p >= pos; p--) {
    if (chainMemo.has(p)) continue;
    let ok = false;
    for (const s of glueSpellingsByFirstChar.get(text.charCodeAt(p)) ?? []) {
      if (p + s.length <= end && text.startsWith(s, p) && chainMemo.get(p + s.length) === true) {
        ok = true;
        break;
      }
    }
    chainMemo.set(p, ok);
  }
  return chainMemo.get(pos) === true;
}

// --- token definitions ---------------------------------------------------------------------
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function keywordMatcher(def: KeywordDef) {
  const glueHead = GLUE_HEADS.has(def.name);
  const spellings = [...def.en, ...def.zh]
    .sort((a, b) => b.length - a.length)
    .map((s) => ({
      text: s,
      cjk: isCjkSpelling(s),
      // several words: any run of spaces or tabs between them
      re: s.includes(' ') ? new RegExp(s.split(' ').map(escapeRe).join('[ \\t]+'), 'y') : undefined,
    }));
  return (text: string, offset: number): [string] | null => {
    for (const sp of spellings) {
      let image: string | undefined;
      if (sp.re) {
        sp.re.lastIndex = offset;
        image = sp.re.exec(text)?.[0];
      } else if (text.startsWith(sp.text, offset)) image = sp.text;
      if (image !== undefined && delimitedAt(text, offset + image.length, sp.cjk, glueHead)) return [image];
    }
    return null;
  };
}

/**
 * Punctuation: what a Chinese keyboard types is accepted where it has one meaning — the full-width
 * twins of `{ } ( ) : , ; = + - * / % | # < > >= <= != -> =>`, `、` as a comma, `≥ ≤ ≠ × ÷ − →`
 * (docs/language.md §2.5). Full-width digits and letters are not: numbers and names are ASCII or
 * Chinese, and the diagnostic says which ASCII character to write (parse.ts).
 */

/** Token categories used by the grammar. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
export const UnitKw = createToken({ name: 'UnitKw', pattern: Lexer.NA });
export const RoundingKw = createToken({ name: 'RoundingKw', pattern: Lexer.NA });
export const InfixCmp = createToken({ name: 'InfixCmp', pattern: Lexer.NA });
export const PostfixCmp = createToken({ name: 'PostfixCmp', pattern: Lexer.NA });
export const PeriodKw = createToken({ name: 'PeriodKw', pattern: Lexer.NA });
export const CalendarWindowKw = createToken({ name: 'CalendarWindowKw', pattern: Lexer.NA });

const CATEGORY_OF: Record<string, TokenType[]> = {
  Points: [UnitKw], WorkingDays: [UnitKw], Days: [UnitKw], Times: [UnitKw], Minutes: [UnitKw], Places: [UnitKw],
  Years: [UnitKw], Months: [UnitKw],
  HalfUp: [RoundingKw], HalfEven: [RoundingKw], Down: [RoundingKw], Up: [RoundingKw], Floor: [RoundingKw], Ceiling: [RoundingKw],
  AtLeast: [InfixCmp], AtMost: [InfixCmp], MoreThan: [InfixCmp], LessThan: [InfixCmp],
  OrAbove: [PostfixCmp], OrBelow: [PostfixCmp], OrWithin: [PostfixCmp],
  Year: [PeriodKw], Quarter: [PeriodKw], Month: [PeriodKw],
  CalendarMonth: [CalendarWindowKw], CalendarQuarter: [CalendarWindowKw], CalendarYear: [CalendarWindowKw],
  CalendarHalfYear: [CalendarWindowKw],
};

/** Keyword token types by keyword name. */
export const KW: Record<string, TokenType> = {};
for (const def of KEYWORDS) {
  const starts = new Set<string>();
  for (const s of [...def.en, ...def.zh]) {
    starts.add(s[0]!);
  }
  KW[def.name] = createToken({
    name: def.name,
    pattern: keywordMatcher(def),
    line_breaks: false,
    start_chars_hint: [...starts],
    categories: [Keyword, ...(CATEGORY_OF[def.name] ?? [])],
  });
}

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\u3000\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const Comment = createToken({ name: 'Comment', pattern: /[#＃][^\n\r]*/, group: 'comments' });
export const StringLit = createToken({ name: 'StringLit', pattern: /"[^"\n\r]*"|“[^”\n\r]*”|「[^」\n\r]*」/ });
export const DateLit = createToken({ name: 'DateLit', pattern: /\d{4}-\d{2}-\d{2}/ });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /\d+(?:\.\d+)?/ });
export const Identifier = createToken({
  name: 'Identifier',
  pattern: new RegExp(`[${NAME_START}][${NAME_CONTINUE}]*`),
});

export const Arrow = createToken({ name: 'Arrow', pattern: /->|→|=>|－＞|＝＞/ });
export const DotDotLt = createToken({ name: 'DotDotLt', pattern: /\.\.</ });
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\./ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const Ge = createToken({ name: 'Ge', pattern: />=|≥|＞＝/, categories: [InfixCmp] });
export const Le = createToken({ name: 'Le', pattern: /<=|≤|＜＝/, categories: [InfixCmp] });
export const Ne = createToken({ name: 'Ne', pattern: /!=|≠|！＝/, categories: [InfixCmp] });
export const Eq = createToken({ name: 'Eq', pattern: /=|＝/, categories: [InfixCmp] });
export const Gt = createToken({ name: 'Gt', pattern: /[>＞]/, categories: [InfixCmp] });
export const Lt = createToken({ name: 'Lt', pattern: /[<＜]/, categories: [InfixCmp] });
export const LBrace = createToken({ name: 'LBrace', pattern: /[{｛]/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /[}｝]/ });
export const LParen = createToken({ name: 'LParen', pattern: /[(（]/ });
export const RParen = createToken({ name: 'RParen', pattern: /[)）]/ });
export const Comma = createToken({ name: 'Comma', pattern: /[,，、]/ });
export const Colon = createToken({ name: 'Colon', pattern: /[:：]/ });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /[;；]/ });
export const Plus = createToken({ name: 'Plus', pattern: /[+＋]/ });
export const Minus = createToken({ name: 'Minus', pattern: /[-−－]/ });
export const Star = createToken({ name: 'Star', pattern: /[*×＊]/ });
export const Slash = createToken({ name: 'Slash', pattern: /[/÷／]/ });
export const Percent = createToken({ name: 'Percent', pattern: /[%％]/ });
export const Pipe = createToken({ name: 'Pipe', pattern: /[|｜]/ });

const keywordTokens = KEYWORDS.map((d) => ({ t: KW[d.name]!, len: Math.max(...[...d.en, ...d.zh].map((s) => s.length)) }))
  // A keyword whose spelling is a prefix of another's must be tried after it (`or` after `or more`).
  .sort((a, b) => b.len - a.len)
  .map((x) => x.t);

export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLit,
  DateLit,
  NumberLit,
  ...keywordTokens,
  Identifier,
  Arrow,
  DotDotLt,
  DotDot,
  Dot,
  Ge,
  Le,
  Ne,
  Eq,
  Gt,
  Lt,
  LBrace,
  RBrace,
  LParen,
  RParen,
  Comma,
  Colon,
  Semicolon,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Pipe,
  // categories must be part of the vocabulary too
  Keyword,
  UnitKw,
  RoundingKw,
  InfixCmp,
  PostfixCmp,
  PeriodKw,
  CalendarWindowKw,
];

export const kaopingLexer = new Lexer(ALL_TOKENS, {
  ensureOptimizations: true,
  positionTracking: 'full',
});

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  errors: ILexingError[];
}

export function lex(text: string): LexResult {
  resetChainMemo(text);
  const r = kaopingLexer.tokenize(text);
  chainText = undefined;
  chainMemo = new Map();
  return { tokens: r.tokens, comments: r.groups['comments'] ?? [], errors: r.errors };
}
