/**
 * Highlighting tokens for one line of a policy, from the real lexer (packages/dsl, built from the
 * one keyword table), so the editor splits Chinese keywords exactly as the parser does
 * (`次以上` is 次 + 以上, `规则折扣` is a name). Kept free of Monaco so that it can be tested in
 * node; src/language.ts hands these to Monaco's tokens provider.
 */
import { KEYWORD_BY_NAME, lex } from '@kaoping/dsl';

/** Token class per keyword category: the theme in src/language.ts colours them. */
export const CLASS: Record<string, string> = {
  declaration: 'keyword.declaration',
  header: 'keyword.header',
  clause: 'keyword.clause',
  type: 'type',
  unit: 'unit',
  subject: 'keyword.subject',
  window: 'keyword.window',
  comparator: 'operator.comparator',
  logic: 'operator.logic',
  consequence: 'keyword.consequence',
  function: 'predefined',
  literal: 'constant',
  rounding: 'keyword.rounding',
};

/**
 * Tokens that are not in the keyword table but mean what keywords mean: `>=` is `不低于`,
 * `%` is a unit like `分` (docs/language.md 2.3, 3). Other punctuation is a delimiter.
 */
const SYMBOL_CLASS: Record<string, string> = {
  Ge: 'operator.comparator',
  Le: 'operator.comparator',
  Ne: 'operator.comparator',
  Eq: 'operator.comparator',
  Gt: 'operator.comparator',
  Lt: 'operator.comparator',
  Plus: 'operator',
  Minus: 'operator',
  Star: 'operator',
  Slash: 'operator',
  Percent: 'unit',
};

/** The tokens of one line, from the lexer (a Kaoping token never spans lines). */
export function lineTokens(line: string): { startIndex: number; scopes: string }[] {
  const r = lex(line);
  const all = [
    ...r.tokens.map((t) => {
      const def = KEYWORD_BY_NAME.get(t.tokenType.name);
      const scopes = def
        ? CLASS[def.category] ?? 'keyword'
        : t.tokenType.name === 'StringLit'
          ? 'string'
          : t.tokenType.name === 'NumberLit' || t.tokenType.name === 'DateLit'
            ? 'number'
            : t.tokenType.name === 'Identifier'
              ? 'identifier'
              : SYMBOL_CLASS[t.tokenType.name] ?? 'delimiter';
      return { startIndex: t.startOffset, scopes };
    }),
    ...r.comments.map((t) => ({ startIndex: t.startOffset, scopes: 'comment' })),
    ...r.errors.map((e) => ({ startIndex: e.offset, scopes: 'invalid' })),
  ].sort((a, b) => a.startIndex - b.startIndex);
  return all.length > 0 && all[0]!.startIndex > 0 ? [{ startIndex: 0, scopes: 'white' }, ...all] : all;
}
