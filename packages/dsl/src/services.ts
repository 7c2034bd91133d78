/**
 * Language services: pure functions over (text, position). The playground's editor and a
 * future language server call these; they share the parser and checker with the CLI.
 *
 * Positions are 1-based lines and columns in UTF-16 units (as Monaco and chevrotain count).
 */
import type { IToken } from 'chevrotain';
import type * as A from './ast.js';
import { createEnv, type Analysis, type EnvOptions } from './env.js';
import { KEYWORDS, KEYWORD_BY_NAME, type KeywordCategory, type KeywordDef } from './keywords.js';
import type { Diagnostic, Lang } from './diagnostics.js';
import type { Reference, SymbolInfo, SymbolKind } from './check/types.js';
import { KIND_NAME } from './check/resolve.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface ServiceOptions extends EnvOptions {
  readonly file?: string;
  /** A previous analysis of the same text, to avoid analysing again. */
  readonly analysis?: Analysis;
}

function analyze(text: string, options: ServiceOptions): Analysis {
  return options.analysis ?? createEnv(options).analyze(text, options.file);
}

/** Offset of a (line, column) position; clamps to the text. */
export function offsetAt(text: string, pos: Position): number {
  let line = 1;
  let i = 0;
  while (line < pos.line && i < text.length) {
    const c = text.charCodeAt(i);
    // LF, CRLF and a lone CR each end a line (as the lexer counts them)
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
    i++;
  }
  return Math.min(text.length, i + Math.max(0, pos.column - 1));
}

const contains = (s: A.Span, offset: number): boolean => s.start <= offset && offset <= s.end;

// --- diagnostics --------------------------------------------------------------------------

export function diagnostics(text: string, options: ServiceOptions = {}): Diagnostic[] {
  return analyze(text, options).diagnostics;
}

// --- definition and references --------------------------------------------------------------

function referenceAt(a: Analysis, offset: number): Reference | undefined {
  // The innermost (shortest) reference containing the offset.
  let best: Reference | undefined;
  for (const r of a.checked.references) {
    if (r.file !== undefined && r.file !== a.file) continue;
    if (contains(r.span, offset) && (!best || r.span.end - r.span.start < best.span.end - best.span.start)) best = r;
  }
  return best;
}

export interface Location {
  readonly span: A.Span;
  /** Undefined when the target is in the same file. */
  readonly file?: string;
}

export function definition(text: string, pos: Position, options: ServiceOptions = {}): Location | undefined {
  const a = analyze(text, options);
  const r = referenceAt(a, offsetAt(text, pos));
  if (!r) return undefined;
  const file = r.symbol.file;
  return { span: r.symbol.nameSpan, ...(file !== undefined && file !== a.file ? { file } : {}) };
}

/** Every occurrence of the symbol at the position in this file (declaration included). */
export function references(text: string, pos: Position, options: ServiceOptions = {}): A.Span[] {
  const a = analyze(text, options);
  const r = referenceAt(a, offsetAt(text, pos));
  if (!r) return [];
  return a.checked.references.filter((x) => x.symbol === r.symbol && (x.file === undefined || x.file === a.file)).map((x) => x.span);
}

// --- hover -----------------------------------------------------------------------------------

export interface Hover {
  readonly span: A.Span;
  /** Markdown. Every piece of user text in it (names, labels, file paths) is escaped (`markdownText`). */
  readonly contents: string;
}

/**
 * User text as Markdown that shows exactly that text: every ASCII punctuation character is
 * backslash-escaped (CommonMark allows it for each), so a label such as `![](http://…)` or
 * `<img …>` is shown, never rendered or fetched, and `_` in a name is not emphasis. Line breaks
 * become spaces (a label is one line anyway).
 */
export function markdownText(s: string): string {
  return s.replace(/[!-/:-@[-`{-~]/g, '\\$&').replace(/\r\n?|\n/g, ' ');
}

function tokenAt(tokens: IToken[], offset: number): IToken | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid]!;
    if (offset < t.startOffset) hi = mid - 1;
    else if (offset > (t.endOffset ?? t.startOffset)) lo = mid + 1;
    else return t;
  }
  // The cursor right after a token still hovers it.
  const prev = tokens[lo - 1];
  return prev && (prev.endOffset ?? prev.startOffset) + 1 === offset ? prev : undefined;
}

const spanOfToken = (t: IToken): A.Span => ({
  start: t.startOffset,
  end: (t.endOffset ?? t.startOffset) + 1,
  line: t.startLine ?? 1,
  column: t.startColumn ?? 1,
  endLine: t.endLine ?? 1,
  endColumn: (t.endColumn ?? 0) + 1,
});

export function hover(text: string, pos: Position, options: ServiceOptions & { lang?: Lang } = {}): Hover | undefined {
  const lang = options.lang ?? 'zh';
  const a = analyze(text, options);
  const offset = offsetAt(text, pos);
  const r = referenceAt(a, offset);
  if (r) {
    const s = r.symbol;
    const where = s.file && s.file !== a.file ? `\n\n${lang === 'zh' ? '声明于' : 'declared in'} ${markdownText(s.file)}:${s.nameSpan.line}` : '';
    return { span: r.span, contents: `**${markdownText(s.detail[lang])}**${where}` };
  }
  const t = tokenAt(a.parsed.tokens, offset);
  const kw = t && KEYWORD_BY_NAME.get(t.tokenType.name);
  if (t && kw) {
    const spellings = `${kw.en.map((x) => `\`${x}\``).join(' ')} / ${kw.zh.map((x) => `\`${x}\``).join(' ')}`;
    return { span: spanOfToken(t), contents: `**${lang === 'zh' ? '关键字' : 'keyword'}** ${spellings}\n\n${kw.doc}` };
  }
  return undefined;
}

// --- document symbols -----------------------------------------------------------------------

export interface DocumentSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly label?: string;
  readonly span: A.Span;
  readonly selectionSpan: A.Span;
  readonly children: DocumentSymbol[];
}

const DECL_SYMBOL_KIND: Record<A.Decl['kind'], SymbolKind> = {
  KindDecl: 'kind', AttributeDecl: 'subjectAttribute', EventDecl: 'event', PenaltyDecl: 'penalty', OutcomeDecl: 'outcome', ReferralDecl: 'referral',
  EligibilityDecl: 'eligibility', ParamDecl: 'param', InputDecl: 'input', SurveyDecl: 'survey', RuleDecl: 'rule',
  ScoreDecl: 'score', GradesDecl: 'grades', QuotaDecl: 'quota', DeadlineDecl: 'deadline',
};

export function documentSymbols(text: string, options: ServiceOptions = {}): DocumentSymbol[] {
  const a = analyze(text, options);
  const out: DocumentSymbol[] = [];
  for (const d of a.parsed.ast.decls) {
    if (!d.name) continue;
    const children: DocumentSymbol[] = [];
    const child = (name: A.Name | undefined, kind: SymbolKind, node: A.Node, label?: A.StringLit): void => {
      if (name) children.push({ name: name.text, kind, label: label?.value, span: node.span, selectionSpan: name.span, children: [] });
    };
    if (d.kind === 'EventDecl') for (const at of d.attrs) child(at.name, 'attribute', at, at.label);
    if (d.kind === 'GradesDecl') for (const b of d.bands) child(b.name, 'band', b, b.label);
    if (d.kind === 'SurveyDecl') {
      for (const c of d.choices) child(c.name, 'choice', c, c.label);
      for (const g of d.groups) child(g.name, 'group', g, g.label);
    }
    out.push({ name: d.name.text, kind: DECL_SYMBOL_KIND[d.kind], label: d.label?.value, span: d.span, selectionSpan: d.name.span, children });
  }
  return out;
}

// --- completion --------------------------------------------------------------------------------

export interface CompletionItem {
  readonly label: string;
  readonly kind: 'keyword' | SymbolKind;
  /** One line of plain text (never Markdown: it holds labels as written): what it is, in the requested language. */
  readonly detail: string;
  /** Sort key: more likely items first. */
  readonly sortText: string;
}

/** What the cursor's context asks for. */
type Want =
  | { readonly t: 'symbols'; readonly kinds: readonly SymbolKind[]; readonly keywords: readonly KeywordCategory[] }
  | { readonly t: 'attributes'; readonly event: string }
  /** After `人员.` / `单位.`: the attributes declared for persons or units. */
  | { readonly t: 'subjectAttributes'; readonly subject: A.SubjectKind }
  | { readonly t: 'values'; readonly event: string; readonly attr: string }
  | { readonly t: 'bands' }
  | { readonly t: 'block'; readonly categories: readonly KeywordCategory[]; readonly names: readonly string[] };

const IMPOSABLE: SymbolKind[] = ['penalty', 'outcome', 'referral'];
const COUNTABLE: SymbolKind[] = ['event', 'penalty', 'outcome', 'referral'];
const VALUES: SymbolKind[] = ['param', 'input', 'score', 'survey'];

/** Keywords that can begin an item inside each kind of block. */
const BLOCK_KEYWORDS: Record<string, readonly string[]> = {
  Policy: ['Version', 'Effective', 'Period', 'Extends', 'Source', 'Round'],
  Rule: ['On', 'When', 'Then', 'Otherwise', 'Unless', 'Ladder', 'Retrigger', 'Source'],
  Score: ['Base', 'Weighted', 'Value', 'Deduct', 'Add', 'Deductions', 'Additions', 'Clamp', 'Round'],
  Penalty: ['Rank', 'Lasts', 'StopsBonus'],
  Survey: ['Choice', 'Group', 'Rating', 'Scale'],
  Quota: ['Pool', 'Share', 'By', 'Round', 'Then'],
  Deadline: ['On', 'From', 'Limit', 'StartDay', 'Pause', 'Extend', 'Done', 'DeemedOverdue', 'DueDate', 'Unless', 'When', 'Then'],
};

function wantAt(tokens: IToken[], offset: number): Want {
  // Tokens strictly before the cursor (a partially typed word is the one being completed).
  let i = tokens.length - 1;
  while (i >= 0 && tokens[i]!.startOffset >= offset) i--;
  let prev = tokens[i];
  if (prev && (prev.endOffset ?? 0) + 1 >= offset && prev.tokenType.name === 'Identifier') {
    // completing this identifier: look at what precedes it
    i--;
    prev = tokens[i];
  }
  const name = prev?.tokenType.name;
  if (name === 'Dot') {
    const q = tokens[i - 1]?.tokenType.name;
    if (q === 'Person' || q === 'Unit') return { t: 'subjectAttributes', subject: q === 'Unit' ? 'unit' : 'person' };
  }
  switch (name) {
    case 'On':
    case 'Per':
    case 'After':
    case 'Since':
      return { t: 'symbols', kinds: COUNTABLE, keywords: [] };
    case 'Until':
      return { t: 'symbols', kinds: ['event'], keywords: [] };
    case 'LParen': {
      const fn = tokens[i - 1]?.tokenType.name;
      if (fn === 'Count') return { t: 'symbols', kinds: COUNTABLE, keywords: [] };
      if (fn === 'Grade') return { t: 'symbols', kinds: ['grades'], keywords: [] };
      if (fn === 'RankOf') return { t: 'symbols', kinds: ['score'], keywords: [] };
      if (fn === 'Eligible') return { t: 'symbols', kinds: ['eligibility'], keywords: [] };
      break;
    }
    case 'Then':
    case 'Otherwise':
    case 'Arrow':
      return { t: 'symbols', kinds: IMPOSABLE, keywords: ['consequence'] };
    case 'Ineligible':
      return { t: 'symbols', kinds: ['eligibility'], keywords: [] };
    case 'AtMost':
    case 'SetTo':
      if (tokens[i - 1]?.tokenType.name === 'Grade' || name === 'SetTo') return { t: 'bands' };
      break;
    case 'By':
      return { t: 'symbols', kinds: ['score', 'input', 'survey'], keywords: [] };
  }
  // Inside an event filter's `where`: attributes of that event, and values after `=`.
  for (let j = i; j >= 0 && j > i - 40; j--) {
    const tn = tokens[j]!.tokenType.name;
    if (tn === 'Then' || tn === 'LBrace' || tn === 'RBrace' || tn === 'When' || tn === 'Unless') break;
    if (tn === 'Where') {
      let k = j - 1;
      if (tokens[k]?.tokenType.name === 'Members') k -= 2;
      // `针对 人员 其中 …`: a subject condition, over the attributes of persons (units)
      const subjectWhere = tokens[k]?.tokenType.name === 'Person' || tokens[k]?.tokenType.name === 'Unit';
      const event = tokens[k]?.tokenType.name === 'Identifier' ? tokens[k]!.image : subjectWhere ? '' : undefined;
      if (event === undefined) break;
      if ((name === 'Eq' || name === 'Ne') && tokens[i - 1]?.tokenType.name === 'Identifier') {
        return { t: 'values', event, attr: tokens[i - 1]!.image };
      }
      return { t: 'attributes', event };
    }
  }
  // At the start of an item: keywords of the enclosing block.
  let depth = 0;
  for (let j = i; j >= 0; j--) {
    const tn = tokens[j]!.tokenType.name;
    if (tn === 'RBrace') depth++;
    else if (tn === 'LBrace') {
      if (depth === 0) {
        // find the declaration keyword that opened this block
        for (let k = j - 1; k >= 0 && k > j - 12; k--) {
          const kn = tokens[k]!.tokenType.name;
          if (BLOCK_KEYWORDS[kn]) return { t: 'block', categories: [], names: BLOCK_KEYWORDS[kn]! };
          if (kn === 'Ladder' || kn === 'Weighted' || kn === 'Grades' || kn === 'Event' || kn === 'By') {
            return { t: 'symbols', kinds: kn === 'Weighted' ? VALUES : kn === 'Ladder' ? IMPOSABLE : [], keywords: [] };
          }
        }
        break;
      }
      depth--;
    }
  }
  if (depth === 0 && !insideBlock(tokens, i)) return { t: 'block', categories: ['declaration'], names: [] };
  return { t: 'symbols', kinds: [...COUNTABLE, ...VALUES, 'subjectAttribute', 'eligibility', 'grades'], keywords: ['function', 'logic', 'comparator', 'window', 'literal'] };
}

function insideBlock(tokens: IToken[], i: number): boolean {
  let depth = 0;
  for (let j = 0; j <= i; j++) {
    const tn = tokens[j]!.tokenType.name;
    if (tn === 'LBrace') depth++;
    else if (tn === 'RBrace') depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

/** Does the file write Chinese keywords? (Then Chinese spellings are offered first.) */
function prefersChinese(tokens: IToken[]): boolean {
  for (const t of tokens.slice(0, 50)) {
    if (KEYWORD_BY_NAME.has(t.tokenType.name)) return /[\u3400-\u9fff]/.test(t.image);
  }
  return true;
}

export function completion(text: string, pos: Position, options: ServiceOptions & { lang?: Lang } = {}): CompletionItem[] {
  const lang = options.lang ?? 'zh';
  const a = analyze(text, options);
  const offset = offsetAt(text, pos);
  const want = wantAt(a.parsed.tokens, offset);
  const zhFirst = prefersChinese(a.parsed.tokens);
  const items: CompletionItem[] = [];
  const keyword = (k: KeywordDef, rank: string): void => {
    const primary = zhFirst ? k.zh : k.en;
    const secondary = zhFirst ? k.en : k.zh;
    for (const s of primary) items.push({ label: s, kind: 'keyword', detail: k.doc, sortText: `${rank}0${s}` });
    for (const s of secondary) items.push({ label: s, kind: 'keyword', detail: k.doc, sortText: `${rank}1${s}` });
  };
  const symbol = (s: SymbolInfo, rank: string): void => {
    items.push({ label: s.name, kind: s.kind, detail: s.detail[lang], sortText: `${rank}${s.name}` });
  };
  const symbols = [...a.checked.symbols.values()];
  /** The values of an enumeration attribute, in their order. */
  const enumValues = (t: A.TypeRef | undefined): void => {
    if (t?.kind !== 'EnumType') return;
    t.values.forEach((v, n) => {
      if (v.name) items.push({ label: v.name.text, kind: 'enumValue', detail: `${KIND_NAME.enumValue[lang]} ${v.name.text}${v.label ? ` “${v.label.value}”` : ''}`, sortText: `1${String(n).padStart(4, '0')}` });
    });
  };
  switch (want.t) {
    case 'symbols':
      for (const s of symbols) if (want.kinds.includes(s.kind)) symbol(s, '1');
      for (const k of KEYWORDS) if (want.keywords.includes(k.category)) keyword(k, '2');
      break;
    case 'attributes':
    case 'values': {
      const ev = a.checked.symbols.get(want.event);
      if (ev?.kind === 'event') {
        const decl = ev.node as A.EventDecl;
        if (want.t === 'attributes') {
          decl.attrs.forEach((at, n) => {
            if (at.name) items.push({ label: at.name.text, kind: 'attribute', detail: `${KIND_NAME.attribute[lang]} ${at.name.text}${at.label ? ` “${at.label.value}”` : ''}`, sortText: `1${String(n).padStart(4, '0')}` });
          });
        } else {
          const at = decl.attrs.find((x) => x.name?.text === want.attr);
          enumValues(at?.type);
          if (at?.type?.kind === 'DecisionType') {
            for (const o of at.type.options) items.push({ label: o.text, kind: 'penalty', detail: o.text, sortText: `1${o.text}` });
          }
        }
      }
      // values of a subject attribute (`身份 = 主任`)
      const sa = want.t === 'values' ? a.checked.symbols.get(want.attr) : undefined;
      if (sa?.kind === 'subjectAttribute') enumValues((sa.node as A.AttributeDecl).type);
      // the attributes of the item's person or unit may be read in a filter too
      if (want.t === 'attributes') for (const s of symbols) if (s.kind === 'subjectAttribute') symbol(s, '2');
      for (const k of KEYWORDS) if (k.category === 'logic' || k.category === 'comparator') keyword(k, '3');
      break;
    }
    case 'subjectAttributes':
      for (const s of symbols) {
        if (s.kind === 'subjectAttribute' && ((s.node as A.AttributeDecl).subject?.subject ?? 'person') === want.subject) symbol(s, '1');
      }
      break;
    case 'bands':
      a.checked.references.forEach((s, n) => {
        if (s.isDeclaration && s.symbol.kind === 'band') items.push({ label: s.symbol.name, kind: 'band', detail: s.symbol.detail[lang], sortText: `1${String(n).padStart(6, '0')}` });
      });
      break;
    case 'block':
      for (const k of KEYWORDS) if (want.categories.includes(k.category) || want.names.includes(k.name)) keyword(k, '1');
      break;
  }
  // one item per label
  const seen = new Set<string>();
  return items.filter((x) => (seen.has(x.label) ? false : (seen.add(x.label), true))).sort((x, y) => (x.sortText < y.sortText ? -1 : 1));
}
