/**
 * @kaoping/dsl — the policy language. Browser-safe: no Node APIs anywhere in this package.
 *
 * The compile-once facade (see ../../shared/design/style.md):
 *   createEnv(options) → env.parse(text) → env.check(parsed) → (evaluator) compile → evaluate
 * Every step returns diagnostics as data.
 */
export type * from './ast.js';
export { KEYWORDS, KEYWORD_BY_NAME, type KeywordDef, type KeywordCategory } from './keywords.js';
export { lex } from './lexer.js';
export { parse, MAX_NESTING, type ParseResult } from './parse.js';
export { CODES, diag, formatDiagnostic, sortDiagnostics, type Diagnostic, type Severity, type Lang, type Bilingual } from './diagnostics.js';
export { check, type CheckOptions, type CheckResult, type SymbolInfo, type SymbolKind, type Reference, type LoadedBase, type RefusedBase } from './check/index.js';
export { createEnv, type Env, type EnvOptions, type Analysis } from './env.js';
export { format, type FormatResult } from './format.js';
export { completion, definition, diagnostics, documentSymbols, hover, offsetAt, references, type CompletionItem, type DocumentSymbol, type Hover, type Location, type Position, type ServiceOptions } from './services.js';
export { suggest, editDistance } from './check/suggest.js';
export { countPolarity, type CountPolarity } from './check/polarity.js';
export { Decimal, HUNDRED, round, show, SHOWN_PLACES, ZERO } from './decimal.js';
