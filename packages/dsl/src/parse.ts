/**
 * `parse(text)`: lex, guard nesting depth, parse with recovery, and turn every lexer and parser
 * error into a bilingual diagnostic. Never throws, whatever the input.
 */
import type { IToken, IRecognitionException } from 'chevrotain';
import type * as A from './ast.js';
import { lex, Identifier, KW, LParen, RParen, LBrace, RBrace, Minus, Plus, Star, Slash } from './lexer.js';
import { MAX_SYNTAX_ERRORS, resetErrorCount, sharedParser, tokenSpan, TooManySyntaxErrors, type SyntaxErrorInfo } from './parser.js';
import { diag, type Diagnostic } from './diagnostics.js';
import { KEYWORD_BY_NAME, KEYWORDS, leadingChineseKeyword } from './keywords.js';

export const MAX_NESTING = 100;

export interface ParseResult {
  readonly ast: A.PolicyFile;
  readonly diagnostics: Diagnostic[];
  readonly tokens: IToken[];
  readonly comments: IToken[];
}

const PUNCT: Record<string, string> = {
  LBrace: '{', RBrace: '}', LParen: '(', RParen: ')', Comma: ',', Colon: ':', Semicolon: ';', Arrow: '->',
  DotDot: '..', DotDotLt: '..<', Dot: '.', Eq: '=', Ne: '!=', Ge: '>=', Le: '<=', Gt: '>', Lt: '<',
  Plus: '+', Minus: '-', Star: '*', Slash: '/', Percent: '%', Pipe: '|',
};
const CATEGORY_NAMES: Record<string, { zh: string; en: string }> = {
  Identifier: { zh: '名称', en: 'a name' },
  StringLit: { zh: '带引号的标签', en: 'a quoted label' },
  NumberLit: { zh: '数字', en: 'a number' },
  DateLit: { zh: '日期（如 2024-01-01）', en: 'a date (e.g. 2024-01-01)' },
  UnitKw: { zh: '单位（分、天、工作日、次、个月、年）', en: 'a unit (points, days, working days, times, months, years)' },
  RoundingKw: { zh: '舍入方式（四舍五入等）', en: 'a rounding mode (half_up, …)' },
  InfixCmp: { zh: '比较符（>=、超过、不满…）', en: 'a comparison (>=, more than, …)' },
  PostfixCmp: { zh: '以上/以下/以内', en: 'or above / or below / or within' },
  PeriodKw: { zh: '年度/季度/月度', en: 'year / quarter / month' },
  CalendarWindowKw: { zh: '自然月/自然季度/自然半年/自然年', en: 'calendar month / quarter / half year / year' },
  EOF: { zh: '文件结尾', en: 'end of file' },
};

function describe(tokenName: string): { zh: string; en: string } {
  const kw = KEYWORD_BY_NAME.get(tokenName);
  if (kw) return { zh: `\`${kw.zh[0]}\``, en: `\`${kw.en[0]}\`` };
  if (PUNCT[tokenName]) return { zh: `\`${PUNCT[tokenName]}\``, en: `\`${PUNCT[tokenName]}\`` };
  return CATEGORY_NAMES[tokenName] ?? { zh: tokenName, en: tokenName };
}

function expectedText(names: string[]): { zh: string; en: string } {
  const shown = names.slice(0, 8).map(describe);
  const more = names.length > 8 ? 1 : 0;
  return {
    zh: shown.map((s) => s.zh).join('、') + (more ? ' 等' : '') || '其他内容',
    en: shown.map((s) => s.en).join(', ') + (more ? ', …' : '') || 'something else',
  };
}

const DECL_KEYWORDS = new Set(
  KEYWORDS.filter((k) => k.category === 'declaration').map((k) => KW[k.name]!),
);

function syntaxDiagnostic(e: IRecognitionException, text: string, tokens: IToken[]): Diagnostic {
  let info: SyntaxErrorInfo;
  try {
    info = JSON.parse(e.message) as SyntaxErrorInfo;
  } catch {
    info = { expected: [], found: e.token?.image ?? '', rule: '', reason: 'mismatch' };
  }
  const tok = e.token;
  const atEof = !tok || tok.tokenType?.name === 'EOF' || Number.isNaN(tok.startOffset);
  const span = atEof
    ? endSpan(text)
    : tokenSpan(tok);
  const found = atEof ? (info.reason === 'notAllInput' ? info.found : '') : tok.image;
  const exp = info.reason === 'notAllInput'
    ? { zh: '声明（规则、事件、评分……）', en: 'a declaration (rule, event, score, …)' }
    : expectedText(info.expected);
  let hintZh: string | undefined;
  let hintEn: string | undefined;
  if (!atEof && tok.tokenType === Identifier) {
    const glued = leadingChineseKeyword(tok.image);
    if (glued) {
      hintZh = `\`${tok.image}\` 被读作一个名称；若 \`${glued}\` 是关键字，请在它后面加空格`;
      hintEn = `\`${tok.image}\` is read as one name; if \`${glued}\` is meant as a keyword, put a space after it`;
    }
  }
  if (!atEof && tok.tokenType.CATEGORIES?.some((c) => c.name === 'PostfixCmp')) {
    hintZh = `\`${tok.image}\` 写在数字之后，如 \`3次${tok.image}\`；或改用 \`>=\`、\`不低于\``;
    hintEn = `\`${tok.image}\` follows the number, as in \`3次${tok.image}\`; or use \`>=\` / \`at least\``;
  }
  if (!atEof && !hintZh) {
    // A run of Chinese keywords written together (`测评分` = 测评 + 分) meant as a name.
    const run = keywordRun(tokens, tok);
    if (run) {
      hintZh = `\`${run.text}\` 全部由关键字组成（${run.parts.join(' + ')}），因此不是名称；请换一个名称`;
      hintEn = `\`${run.text}\` consists entirely of keywords (${run.parts.join(' + ')}), so it is not a name; choose another name`;
    }
  }
  if (atEof && !hintZh) {
    hintZh = '文件意外结束：检查是否缺少 `}` 或 `)`';
    hintEn = 'the file ended early: check for a missing `}` or `)`';
  }
  // The token before the error: on the same line, the gap is just before the error; else at the end of its line.
  const prev = atEof ? tokens[tokens.length - 1] : tokens[tokens.findIndex((t) => t.startOffset === tok.startOffset) - 1];
  return diag('KP0002', span, {
    expectedZh: exp.zh,
    expectedEn: exp.en,
    found: found || (atEof ? 'EOF' : ''),
    line: span.line,
    prevLine: prev?.endLine ?? 0,
    ...(hintZh ? { hintZh, hintEn: hintEn! } : {}),
  });
}

/**
 * Full-width forms U+FF01–U+FF5E are the ASCII characters U+0021–U+007E shifted by 0xFEE0. A run
 * of unrecognised characters that are all such forms (`３`, `Ｅ`, `．．`) gets a hint naming the
 * ASCII to write instead; the full-width punctuation the language accepts never gets here.
 */
function asciiForm(run: string): { ascii: string; asciiKind: string } | Record<string, never> {
  if (run.length === 0 || run.length > 20 || !/^[\uff01-\uff5e]+$/.test(run)) return {};
  const ascii = [...run].map((c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).join('');
  return { ascii, asciiKind: /^\d+$/.test(ascii) ? 'digit' : /^[A-Za-z]+$/.test(ascii) ? 'letter' : 'other' };
}

/** The run of adjacent Chinese keyword tokens (no space between) that contains `tok`, if longer than one. */
function keywordRun(tokens: IToken[], tok: IToken): { text: string; parts: string[] } | undefined {
  const isCjkKw = (t: IToken | undefined): boolean =>
    !!t && !!KEYWORD_BY_NAME.get(t.tokenType.name) && /[\u3400-\u9fff]/.test(t.image);
  let i = tokens.findIndex((t) => t.startOffset === tok.startOffset);
  if (i < 0 || !isCjkKw(tokens[i])) return undefined;
  while (i > 0 && isCjkKw(tokens[i - 1]) && (tokens[i - 1]!.endOffset ?? 0) + 1 === tokens[i]!.startOffset) i--;
  const parts: string[] = [];
  let j = i;
  while (j < tokens.length && isCjkKw(tokens[j]) && (j === i || (tokens[j - 1]!.endOffset ?? 0) + 1 === tokens[j]!.startOffset)) {
    parts.push(tokens[j]!.image);
    j++;
  }
  return parts.length > 1 ? { text: parts.join(''), parts } : undefined;
}

/** The position just after the text. Line ends are LF, CRLF or a lone CR, as chevrotain counts them. */
let endSpanText: string | undefined;
let endSpanValue: A.Span | undefined;
function endSpan(text: string): A.Span {
  if (text === endSpanText && endSpanValue) return endSpanValue;
  endSpanValue = computeEndSpan(text);
  endSpanText = text;
  return endSpanValue;
}
function computeEndSpan(text: string): A.Span {
  let line = 1;
  let col = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      col = 1;
    } else if (c !== 13) col++;
  }
  return { start: text.length, end: text.length, line, column: col, endLine: line, endColumn: col };
}

/**
 * How deeply an AST may nest. Later passes (checker, formatter, evaluator) walk the tree
 * recursively; a declaration nested deeper — a 1 MB chain `1 + 1 + …` is 250,000 levels — is
 * reported and left out, so that no pass can overflow the stack.
 */
export const MAX_AST_DEPTH = 500;

/** Tokens that can add a level to an expression tree (each adds at most a few). */
const NESTING_TOKENS = new Set([Plus, Minus, Star, Slash, LParen, KW.And!, KW.Or!, KW.Not!]);

function tooDeep(root: unknown): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (d > MAX_AST_DEPTH) return true;
    if (Array.isArray(x)) for (const y of x) stack.push([y, d]);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) if (k !== 'span' && v && typeof v === 'object') stack.push([v, d + 1]);
    }
  }
  return false;
}

function emptyFile(text: string): A.PolicyFile {
  return { kind: 'PolicyFile', decls: [], span: { ...endSpan(text), start: 0, line: 1, column: 1 } };
}

/**
 * The first place where brackets nest deeper than MAX_NESTING, or where more than MAX_NESTING
 * prefix operators (`-`, `not`/`非`) follow one another: the parser descends once for each.
 */
function nestingTooDeep(tokens: IToken[]): IToken | undefined {
  let depth = 0;
  let prefixRun = 0;
  for (const t of tokens) {
    const tt = t.tokenType;
    if (tt === Minus || tt === KW.Not) {
      if (++prefixRun > MAX_NESTING) return t;
    } else prefixRun = 0;
    if (tt === LParen || tt === LBrace) {
      depth++;
      if (depth > MAX_NESTING) return t;
    } else if (tt === RParen || tt === RBrace) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

export function parse(text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const { tokens, comments, errors } = lex(text);
  for (const e of errors) {
    const ch = text.substr(e.offset, Math.min(e.length, 20));
    diagnostics.push(
      diag('KP0001', { start: e.offset, end: e.offset + e.length, line: e.line ?? 1, column: e.column ?? 1, endLine: e.line ?? 1, endColumn: (e.column ?? 1) + e.length }, {
        text: ch,
        quote: /^["“「]/.test(ch) ? 1 : 0,
        ...asciiForm(text.substr(e.offset, e.length)),
      }),
    );
  }
  // Too deep to parse safely: parse what comes before the declaration that holds the spot.
  let parsedTokens = tokens;
  const deep = nestingTooDeep(tokens);
  if (deep) {
    diagnostics.push(diag('KP0003', tokenSpan(deep), { max: MAX_NESTING, scopeZh: '此处起的内容未解析', scopeEn: 'the file was not parsed from here on' }));
    let cut = tokens.indexOf(deep);
    while (cut > 0 && !DECL_KEYWORDS.has(tokens[cut]!.tokenType)) cut--;
    parsedTokens = tokens.slice(0, cut);
  }

  const parser = sharedParser();
  let ast: A.PolicyFile | undefined;
  let offset = 0;
  // Parse; when the parser stops before the end, skip to the next declaration keyword and go on,
  // so one run reports the errors of every declaration.
  let guard = 0;
  while (offset < parsedTokens.length || ast === undefined) {
    if (guard++ > parsedTokens.length + 1) break;
    parser.input = parsedTokens.slice(offset);
    resetErrorCount();
    let part: A.PolicyFile | undefined;
    let stopped: 'errors' | 'overflow' | undefined;
    try {
      part = parser.policyFile();
    } catch (err) {
      // Too many syntax errors (garbage input), or a stack overflow on pathological input:
      // keep what was parsed, report, never crash.
      stopped = err instanceof TooManySyntaxErrors ? 'errors' : 'overflow';
    }
    if (!part) {
      const c = parser.collected;
      part = { kind: 'PolicyFile', header: c.header, decls: c.decls, span: endSpan(text) };
    }
    if (stopped) {
      for (const e of parser.errors.slice(0, MAX_SYNTAX_ERRORS)) diagnostics.push(syntaxDiagnostic(e, text, tokens));
      const last = diagnostics[diagnostics.length - 1];
      const at = last?.span ?? (tokens[offset] ? tokenSpan(tokens[offset]!) : endSpan(text));
      diagnostics.push(
        stopped === 'errors'
          ? diag('KP0005', at, { max: MAX_SYNTAX_ERRORS })
          : diag('KP0003', at, { max: MAX_NESTING, scopeZh: '此处起的内容未解析', scopeEn: 'the file was not parsed from here on' }),
      );
      if (!ast) ast = part;
      else (ast.decls as A.Decl[]).push(...part.decls);
      break;
    }
    let stoppedAt: number | undefined;
    for (const e of parser.errors) {
      const info = safeInfo(e.message);
      if (info?.reason === 'notAllInput' && e.token && !Number.isNaN(e.token.startOffset)) {
        stoppedAt = parsedTokens.findIndex((t) => t.startOffset === e.token.startOffset);
      }
      diagnostics.push(syntaxDiagnostic(e, text, tokens));
    }
    if (!ast) ast = part ?? emptyFile(text);
    else if (part) (ast.decls as A.Decl[]).push(...part.decls);
    if (stoppedAt === undefined || stoppedAt < 0) break;
    // Skip to the next declaration keyword after the point where parsing stopped.
    let next = stoppedAt + 1;
    while (next < parsedTokens.length && !DECL_KEYWORDS.has(parsedTokens[next]!.tokenType)) next++;
    if (next >= parsedTokens.length) break;
    offset = next;
  }
  const file: A.PolicyFile = ast ?? emptyFile(text);
  // Only a declaration with many operators or brackets can nest deeply: walk just those.
  const heavy = new Set<A.Decl>();
  let ti = 0;
  for (const d of file.decls) {
    let ops = 0;
    while (ti < tokens.length && tokens[ti]!.startOffset < d.span.start) ti++;
    for (let j = ti; j < tokens.length && tokens[j]!.startOffset < d.span.end; j++) {
      if (NESTING_TOKENS.has(tokens[j]!.tokenType)) ops++;
    }
    if (ops * 4 > MAX_AST_DEPTH) heavy.add(d);
  }
  const decls = file.decls.filter((d) => {
    if (!heavy.has(d) || !tooDeep(d)) return true;
    diagnostics.push(diag('KP0003', d.span, { max: MAX_AST_DEPTH, scopeZh: '此声明未解析', scopeEn: 'this declaration was left out' }));
    return false;
  });
  (file as { decls: A.Decl[] }).decls = decls;
  return { ast: { ...file, span: { ...endSpan(text), start: 0, line: 1, column: 1 } }, diagnostics, tokens, comments };
}

function safeInfo(message: string): SyntaxErrorInfo | undefined {
  try {
    return JSON.parse(message) as SyntaxErrorInfo;
  } catch {
    return undefined;
  }
}
