/**
 * The checker: a named list of passes over a parsed policy (see ../../shared/design/style.md).
 *   merge-base → declare → resolve → types-and-units → structure → bands-and-ladders → strata → unused
 * (Stub until the passes land; the API is final.)
 */
import type * as A from '../ast.js';
import type { CheckOptions, CheckResult } from './types.js';
export type { CheckOptions, CheckResult, SymbolInfo, SymbolKind, Reference } from './types.js';

export function check(ast: A.PolicyFile, _options: CheckOptions = {}): CheckResult {
  return { diagnostics: [], symbols: new Map(), references: [], strata: [], policy: ast };
}
