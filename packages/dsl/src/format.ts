/**
 * The formatter: `format(text)` prints a policy in the canonical layout. It never formats broken
 * code: if the parse reports a syntax error, it returns no text and the parse diagnostics.
 *
 * How it works. The AST decides where lines break (every item of a block starts a line); the
 * token stream is what gets printed, so every keyword keeps the spelling the writer chose,
 * English or Chinese. Nothing is ever translated. One pass over the tokens and comments: linear.
 *
 * Canonical layout
 * - Indentation: 2 spaces per brace depth. `{` ends its line, preceded by one space; `}` stands on
 *   its own line at the outer indentation. An empty block is printed `{}`.
 * - Line starts: every declaration (and the policy header), header item, event attribute (an enum
 *   stays on its attribute's line), survey choice/group/rating/scale, rule clause, ladder step,
 *   score item, weighted entry, grade band, quota item and deadline item (its `when … then …`
 *   included, as in rules) starts a new line.
 *   Everything else of an item is joined onto its line; line breaks the writer put in the middle
 *   of an item are not kept, with two exceptions: a comment forces one (see below), and a break
 *   the writer put before the `then` of a `when … then …` clause is kept (the `then` part goes
 *   on a continuation line, one level deeper), because conditions get long.
 * - Two small blocks follow the writer: a lookup table `by attr { k: v, … }` (an expression) and a
 *   penalty's block (`{ rank 3  lasts 15 days }`). Written on one line, they stay on one line with
 *   one space inside the braces (`{ k: v, k2: v2 }`); written over several lines, they become a
 *   block with one entry (item) per line. After a lookup's `}` the expression goes on.
 * - Blank lines: inside blocks, a blank line the writer left before an item or an own-line
 *   comment is kept, runs of blank lines collapse to one, and there is never a blank line right
 *   after `{` or before `}`. At the top level a blank line always separates a declaration from
 *   the next when either of them spans several lines (the blank goes right after the first one's
 *   last line, i.e. before the comments that lead into the next). Consecutive one-line
 *   declarations (lists of events, outcomes, params…) keep the writer's grouping: a blank line
 *   between them only where the writer left one.
 * - Separators: a `;` or `,` that separates items is dropped when a line break or `}` follows
 *   anyway; inside a one-line lookup table or penalty the other separators are kept.
 * - Full-width punctuation becomes ASCII: `：`→`:`, `，`/`、`→`,`, `（）`→`()`, `｛｝`→`{}`,
 *   `；`→`;`, `→`/`=>`/`－＞`/`＝＞`→`->`, `≥`/`＞＝`→`>=`, `≤`/`＜＝`→`<=`, `≠`/`！＝`→`!=`, `＝`→`=`,
 *   `＞`→`>`, `＜`→`<`, `×`/`＊`→`*`, `÷`/`／`→`/`, `％`→`%`, `＋`→`+`, `−`/`－`→`-`, `｜`→`|`, and a
 *   comment's `＃`→`#` (docs/language.md §2.5). Strings are untouched (quote style
 *   kept). The words of a multi-word English keyword are joined by one space (`calendar month`).
 * - Spacing: one space between tokens, except none
 *     before `,` `:` `;` `)`, after `(`, around `.` (qualified names `scale.band`),
 *     around `..` and `..<` (`0..100`, `80..<95`),
 *     before `%` after a number (`50%`; but `: %` in a type),
 *     between a number and a Chinese unit (`100分`, `3次`, `5个工作日`, `3年`, `6个月`; English stays `15 days`),
 *     between a Chinese postfix comparator (以上/以下/以内, and 及以上 of a ladder step) and the
 *       number, Chinese unit, `半年` or `%` before it (`3次以上`, `59以下`, `3及以上`, `半年以上`),
 *     between the ordinal `第` and its number (`第2次`),
 *     between a function keyword and its `(` (`count(`, `次数(`, `grade(`, `decision(` …),
 *     after a unary minus (`-5`).
 *   Keywords are never glued to names, so the lexer's chain rule reads the output exactly as it
 *   read the input (the tests re-lex every output and compare token sequences).
 * - Comments are kept. An own-line comment stays on its own line, indented like the line that
 *   follows it (a comment before `}` is indented like the block's items). A trailing comment stays
 *   at the end of its line after two spaces. A comment in the middle of an item ends that line;
 *   the item continues on the next line with one extra level of indentation (a continuation line);
 *   a block's `{` pushed onto a line of its own that way stays at the declaration's indentation.
 * - Trailing whitespace is removed, lines end with `\n`, and the output ends with exactly one
 *   newline (an empty or blank file formats to the empty text).
 */
import type { IToken } from 'chevrotain';
import type * as A from './ast.js';
import { parse } from './parse.js';
import type { Diagnostic } from './diagnostics.js';
import { KEYWORD_BY_NAME, isCjkSpelling } from './keywords.js';

export interface FormatResult {
  /** The formatted text; `undefined` when the input has syntax errors. */
  readonly text?: string;
  readonly diagnostics: Diagnostic[];
  /** Whether the formatted text differs from the input. */
  readonly changed: boolean;
}

const INDENT = '  ';

/** ASCII spelling of each punctuation token. */
const PUNCT: Record<string, string> = {
  LBrace: '{', RBrace: '}', LParen: '(', RParen: ')', Comma: ',', Colon: ':', Semicolon: ';',
  Arrow: '->', Ge: '>=', Le: '<=', Ne: '!=', Eq: '=', Star: '*', Slash: '/', Percent: '%',
  Plus: '+', Minus: '-', Pipe: '|', Dot: '.', DotDot: '..', DotDotLt: '..<', Gt: '>', Lt: '<',
};

const UNIT_KEYWORDS = new Set(['Points', 'WorkingDays', 'Days', 'Times', 'Minutes', 'Places', 'Years', 'Months']);
/** Written after a number: `3次以上`, `59以下`, `30天以内`, ladder `3及以上`. */
const POSTFIX_KEYWORDS = new Set(['OrAbove', 'OrBelow', 'OrWithin', 'OrMore']);
/** Keywords written directly before their `(`. */
const FUNCTION_KEYWORDS = new Set(['Count', 'Sum', 'Min', 'Max', 'Mean', 'Grade', 'RankOf', 'Eligible', 'Decision']);
/** Tokens that end an operand: a `-` after them is binary, otherwise unary. */
const OPERAND_END = new Set([
  'NumberLit', 'DateLit', 'StringLit', 'Identifier', 'RParen', 'RBrace', 'Percent',
  'Points', 'WorkingDays', 'Days', 'Times', 'Minutes', 'Places', 'Years', 'Months', 'HalfYear', 'True', 'False', 'Last',
]);
/** Keywords that start an item, per declaration whose items have no node of their own. */
const ITEM_KEYWORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['PolicyHeader', new Set(['Version', 'Effective', 'Period', 'Extends', 'Source', 'Round', 'Holidays', 'Workdays'])],
  ['PenaltyDecl', new Set(['Rank', 'Lasts', 'StopsBonus'])],
  ['SurveyDecl', new Set(['Choice', 'Group', 'Rating', 'Scale'])],
  ['QuotaDecl', new Set(['Pool', 'Share', 'By', 'Ties', 'Round', 'Then'])],
  ['DeadlineDecl', new Set(['On', 'From', 'Limit', 'StartDay', 'Pause', 'Extend', 'Done', 'DeemedOverdue', 'DueDate', 'Unless', 'Then'])],
]);
/** Nodes that start a line of their own. */
const LINE_NODES = new Set([
  'AttrDecl', 'SurveyChoice', 'SurveyGroup',
  'OnClause', 'WhenClause', 'ThenClause', 'OtherwiseClause', 'UnlessClause', 'LadderClause', 'RetriggerClause', 'SourceClause',
  'LadderStep',
  'BaseItem', 'ValueItem', 'WeightedItem', 'AdjustItem', 'TotalCapItem', 'ClampItem', 'RoundItem', 'WeightEntry',
  'Band',
]);

const nameOf = (t: IToken | undefined): string => t?.tokenType.name ?? '';

/** The printed form of a token: ASCII punctuation, keyword words joined by one space. */
function printed(t: IToken): string {
  const n = t.tokenType.name;
  const p = PUNCT[n];
  if (p !== undefined) return p;
  if (KEYWORD_BY_NAME.has(n)) return t.image.replace(/[ \t]+/g, ' ');
  return t.image;
}

function printedComment(c: IToken): string {
  return c.image.replace(/^＃/, '#').trimEnd();
}

const isCjkKeyword = (t: IToken | undefined): boolean =>
  !!t && KEYWORD_BY_NAME.has(t.tokenType.name) && isCjkSpelling(t.image);

/** The text between two tokens printed on the same line: `' '` or `''`. */
function spaceBetween(pp: IToken | undefined, p: IToken, t: IToken): string {
  const pn = nameOf(p);
  const tn = nameOf(t);
  // Only one-line lookups and penalties get here: `{ a: 1 }`, empty `{}`.
  if (pn === 'LBrace' && tn === 'RBrace') return '';
  if (pn === 'LBrace' || tn === 'RBrace') return ' ';
  if (tn === 'Comma' || tn === 'Colon' || tn === 'Semicolon' || tn === 'RParen') return '';
  if (pn === 'LParen') return '';
  if (pn === 'Dot' || tn === 'Dot') return '';
  if (pn === 'DotDot' || pn === 'DotDotLt' || tn === 'DotDot' || tn === 'DotDotLt') return '';
  if (tn === 'Percent' && pn === 'NumberLit') return '';
  if (tn === 'LParen' && FUNCTION_KEYWORDS.has(pn)) return '';
  if (pn === 'NumberLit' && UNIT_KEYWORDS.has(tn) && isCjkSpelling(t.image)) return '';
  if (POSTFIX_KEYWORDS.has(tn) && isCjkSpelling(t.image)) {
    if (pn === 'NumberLit' || (pn === 'HalfYear' && isCjkSpelling(p.image))) return '';
    if (nameOf(pp) === 'NumberLit' && ((UNIT_KEYWORDS.has(pn) && isCjkSpelling(p.image)) || pn === 'Percent')) return '';
  }
  if (pn === 'Ordinal' && tn === 'NumberLit' && isCjkKeyword(p)) return '';
  if (pn === 'Minus' && !OPERAND_END.has(nameOf(pp))) return '';
  return ' ';
}

interface Line {
  indent: number;
  text: string;
  /** A blank line goes before this one. */
  blank: boolean;
  /** Index of the top-level declaration this line belongs to, or -1. */
  owner: number;
  /** The line ends a block opening `{` (possibly followed by a trailing comment). */
  opensBlock: boolean;
}

export function format(text: string): FormatResult {
  const parsed = parse(text);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { text: undefined, diagnostics: parsed.diagnostics, changed: false };
  const out = print(text, parsed.ast, parsed.tokens, parsed.comments);
  return { text: out, diagnostics: parsed.diagnostics, changed: out !== text };
}

function print(text: string, ast: A.PolicyFile, tokens: IToken[], comments: IToken[]): string {
  const n = tokens.length;
  const indexAt = new Map<number, number>();
  for (let i = 0; i < n; i++) indexAt.set(tokens[i]!.startOffset, i);

  // --- braces: matching pairs ------------------------------------------------------------------
  const match = new Int32Array(n).fill(-1);
  {
    const stack: number[] = [];
    for (let i = 0; i < n; i++) {
      const tn = nameOf(tokens[i]);
      if (tn === 'LBrace') stack.push(i);
      else if (tn === 'RBrace' && stack.length > 0) {
        const o = stack.pop()!;
        match[o] = i;
        match[i] = o;
      }
    }
  }

  // --- the top-level units: header and declarations -----------------------------------------
  const units: A.Span[] = [];
  if (ast.header) units.push(ast.header.span);
  for (const d of ast.decls) units.push(d.span);
  units.sort((a, b) => a.start - b.start);

  // --- where lines start, from the AST ------------------------------------------------------
  const lineStartAt = new Set<number>();
  /** Tokens that begin a continuation line (the writer's break before a `when` clause's `then`). */
  const continueAt = new Set<number>();
  for (const u of units) lineStartAt.add(u.start);
  /** Token indices of the braces of lookups and penalties written on one line. */
  const inlineBraces = new Set<number>();
  const lookupBraces = new Set<number>();
  const scanned: { kind: string; span: A.Span }[] = [];
  /** `when … then …` clauses: their `then` continues the clause (a deadline's `when` too). */
  const whenSpans: A.Span[] = [];

  /** The writer may break a long `when` clause before its `then`: that break is kept. */
  const keepBreakBeforeThen = (w: A.WhenClause): void => {
    const first = w.then[0];
    const i = first ? (indexAt.get(first.span.start) ?? 0) - 1 : -1;
    if (i > 0 && nameOf(tokens[i]) === 'Then') {
      const before = tokens[i - 1]!;
      if (text.slice(before.startOffset + before.image.length, tokens[i]!.startOffset).includes('\n')) continueAt.add(tokens[i]!.startOffset);
    }
  };
  /** A lookup's braces: inline when written on one line, else one entry per line. */
  const lookup = (lk: A.Lookup): void => {
    const attrIdx = lk.attr ? indexAt.get(lk.attr.span.start) : undefined;
    const open = attrIdx === undefined ? -1 : attrIdx + 1;
    if (open <= 0 || open >= n || nameOf(tokens[open]) !== 'LBrace' || match[open]! < 0) return;
    lookupBraces.add(open);
    const close = match[open]!;
    if (!text.slice(tokens[open]!.startOffset, tokens[close]!.startOffset).includes('\n')) {
      inlineBraces.add(open);
      inlineBraces.add(close);
    } else {
      for (const e of lk.entries) lineStartAt.add(e.span.start);
    }
  };

  // Walk the whole AST (iteratively: expression chains can be deep).
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      for (const y of x) stack.push(y);
      continue;
    }
    if (!x || typeof x !== 'object') continue;
    const node = x as { kind?: unknown; span?: A.Span } & Record<string, unknown>;
    if (typeof node.kind === 'string' && node.span) {
      if (LINE_NODES.has(node.kind)) lineStartAt.add(node.span.start);
      if (ITEM_KEYWORDS.has(node.kind)) scanned.push({ kind: node.kind, span: node.span });
      if (node.kind === 'WhenClause') {
        keepBreakBeforeThen(node as unknown as A.WhenClause);
        whenSpans.push(node.span);
      }
      if (node.kind === 'Lookup') lookup(node as unknown as A.Lookup);
    }
    for (const key in node) {
      if (key === 'span') continue;
      const v = node[key];
      if (v && typeof v === 'object') stack.push(v);
    }
  }

  // Items without nodes of their own: their keyword at depth 1 of the declaration's block.
  for (const { kind, span } of scanned) {
    const words = ITEM_KEYWORDS.get(kind)!;
    const first = indexAt.get(span.start) ?? n;
    if (kind === 'PenaltyDecl') {
      // A penalty's block written on one line stays on one line: `{ rank 3  lasts 15 days }`.
      let open = first;
      while (open < n && tokens[open]!.startOffset < span.end && nameOf(tokens[open]) !== 'LBrace') open++;
      const close = open < n ? match[open]! : -1;
      if (close > open && tokens[open]!.startOffset < span.end && !text.slice(tokens[open]!.startOffset, tokens[close]!.startOffset).includes('\n')) {
        inlineBraces.add(open);
        inlineBraces.add(close);
        continue;
      }
    }
    let depth = 0;
    for (let i = first; i < n && tokens[i]!.startOffset < span.end; i++) {
      const tn = nameOf(tokens[i]);
      if (tn === 'LBrace') depth++;
      else if (tn === 'RBrace') depth--;
      else if (depth === 1 && words.has(tn)) {
        // `by level { … }` is a lookup, not the quota's `by`; `on head` is a consequence's target.
        if (tn === 'By' && lookupBraces.has(i + 2)) continue;
        // `ties by score` is one item
        if (tn === 'By' && nameOf(tokens[i - 1]) === 'Ties') continue;
        if (tn === 'On' && nameOf(tokens[i + 1]) !== 'Identifier') continue;
        // `due date` in a condition is a value; only `due date rolls over | does not roll` is an item
        if (tn === 'DueDate' && !['RollsOver', 'NoRollover'].includes(nameOf(tokens[i + 1]))) continue;
        // the `then` of a deadline's `when C then …`
        const at = tokens[i]!.startOffset;
        if (tn === 'Then' && whenSpans.some((w) => w.start < at && at < w.end)) continue;
        lineStartAt.add(tokens[i]!.startOffset);
      }
    }
  }

  const isBlockBrace = (i: number): boolean => !inlineBraces.has(i);
  /** A block `{` directly followed by its `}`, with no comment between. */
  const emptyBlock = new Uint8Array(n);
  {
    let ci = 0;
    for (let i = 0; i < n; i++) {
      if (nameOf(tokens[i]) !== 'LBrace' || match[i] !== i + 1 || !isBlockBrace(i)) continue;
      while (ci < comments.length && comments[ci]!.startOffset < tokens[i]!.startOffset) ci++;
      if (ci >= comments.length || comments[ci]!.startOffset > tokens[i + 1]!.startOffset) emptyBlock[i] = 1;
    }
  }
  /** Does token i begin a line? 1: an item's line (or `}`), 2: a continuation line. */
  const startsLine = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const tn = nameOf(t);
    const prev = i > 0 ? nameOf(tokens[i - 1]) : '';
    if (lineStartAt.has(t.startOffset)) startsLine[i] = 1;
    else if (tn === 'RBrace' && isBlockBrace(i) && !(match[i]! >= 0 && emptyBlock[match[i]!])) startsLine[i] = 1;
    else if (prev === 'LBrace' && isBlockBrace(i - 1) && !emptyBlock[i - 1]) startsLine[i] = 1;
    else if (continueAt.has(t.startOffset)) startsLine[i] = 2;
  }

  // --- printing -----------------------------------------------------------------------------
  const lines: Line[] = [];
  let cur: Line | undefined;
  let depth = 0;
  let lastEnd = 0; // end offset of the last printed token or comment
  let prev: IToken | undefined; // the last printed token
  let prevPrev: IToken | undefined;
  let unit = 0; // pointer into `units`

  const ownerOf = (offset: number): number => {
    while (unit < units.length && units[unit]!.end <= offset) unit++;
    return unit < units.length && units[unit]!.start <= offset ? unit : -1;
  };
  const newlinesBefore = (offset: number): number => {
    let c = 0;
    for (let p = lastEnd; p < offset; p++) if (text.charCodeAt(p) === 10) c++;
    return c;
  };
  const lastLine = (): Line | undefined => lines[lines.length - 1];
  const openLine = (indent: number, s: string, blank: boolean, offset: number): Line => {
    const l: Line = { indent, text: s, blank: blank && lines.length > 0 && !lastLine()!.opensBlock, owner: ownerOf(offset), opensBlock: false };
    lines.push(l);
    return l;
  };

  let ci = 0;
  for (let ti = 0; ti <= n; ti++) {
    const t = tokens[ti];
    // Comments before this token (or before the end of the file).
    while (ci < comments.length && (t === undefined || comments[ci]!.startOffset < t.startOffset)) {
      const c = comments[ci++]!;
      const nl = newlinesBefore(c.startOffset);
      if (cur && nl === 0) {
        cur.text += `  ${printedComment(c)}`;
      } else {
        // Indented like the line that follows: an item (or `}`'s block content) or a continuation.
        const tn = nameOf(t);
        const itemLevel = t === undefined || startsLine[ti] === 1 || (tn === 'LBrace' && isBlockBrace(ti));
        openLine(itemLevel ? depth : depth + 1, printedComment(c), nl >= 2, c.startOffset);
      }
      cur = undefined;
      lastEnd = c.startOffset + c.image.length;
    }
    if (t === undefined) break;
    const tn = nameOf(t);

    // A separator is dropped when a line break or `}` follows anyway.
    if ((tn === 'Semicolon' || tn === 'Comma') && (ti + 1 >= n || startsLine[ti + 1] || nameOf(tokens[ti + 1]) === 'RBrace')) {
      continue;
    }

    let s = printed(t);
    if (tn === 'LBrace' && emptyBlock[ti]) {
      s = '{}';
    }
    if (startsLine[ti] || !cur) {
      const nl = newlinesBefore(t.startOffset);
      if (tn === 'RBrace' && isBlockBrace(ti)) depth--;
      const item = startsLine[ti] === 1 || (tn === 'LBrace' && isBlockBrace(ti));
      const blank = nl >= 2 && startsLine[ti] === 1 && !(tn === 'RBrace' && isBlockBrace(ti));
      cur = openLine(item ? depth : depth + 1, s, blank, t.startOffset);
    } else {
      cur.text += spaceBetween(prevPrev, prev!, t) + s;
    }
    if (tn === 'LBrace' && isBlockBrace(ti)) {
      if (emptyBlock[ti]) {
        ti++; // the `}` is printed already
        lastEnd = tokens[ti]!.startOffset + tokens[ti]!.image.length;
        prevPrev = prev;
        prev = tokens[ti];
        continue;
      }
      depth++;
      cur.opensBlock = true;
    }
    lastEnd = t.startOffset + t.image.length;
    prevPrev = prev;
    prev = t;
  }

  // --- blank lines between top-level declarations --------------------------------------------
  const count = new Int32Array(units.length);
  const last = new Int32Array(units.length).fill(-1);
  lines.forEach((l, i) => {
    if (l.owner >= 0) {
      count[l.owner]!++;
      last[l.owner] = i;
    }
  });
  for (let u = 1; u < units.length; u++) {
    const after = last[u - 1]! + 1;
    if (last[u - 1]! >= 0 && after < lines.length && (count[u - 1]! > 1 || count[u]! > 1)) lines[after]!.blank = true;
  }

  const parts: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.blank && i > 0) parts.push('');
    parts.push(INDENT.repeat(l.indent) + l.text);
  }
  return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
}
