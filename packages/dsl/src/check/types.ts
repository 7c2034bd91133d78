/** What the checker produces: diagnostics, the symbol table, name references and rule strata. */
import type * as A from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';

export type SymbolKind =
  | 'kind'
  | 'subjectAttribute'
  | 'event'
  | 'penalty'
  | 'outcome'
  | 'referral'
  | 'eligibility'
  | 'param'
  | 'input'
  | 'survey'
  | 'rule'
  | 'score'
  | 'grades'
  | 'quota'
  | 'deadline'
  // not declarations of their own:
  | 'attribute'
  | 'enumValue'
  | 'band'
  | 'choice'
  | 'group';

export interface SymbolInfo {
  readonly name: string;
  readonly kind: SymbolKind;
  /** The declaring node (a Decl, AttrDecl, EnumValue, Band, SurveyChoice or SurveyGroup). */
  readonly node: A.Node;
  /** The span of the declaring name. */
  readonly nameSpan: A.Span;
  readonly label?: string;
  /** The file that declares it (a base policy's path for inherited declarations). */
  readonly file?: string;
  /** For attributes: the event; for enum values: the attribute; for bands: the grade scale. */
  readonly parent?: SymbolInfo;
  /** Filled by the checker: a one-line description in Chinese and English, for hover. */
  readonly detail: { readonly zh: string; readonly en: string };
}

/** One resolved occurrence of a name (declaration sites included). */
export interface Reference {
  readonly span: A.Span;
  readonly symbol: SymbolInfo;
  /** True at the declaring name itself. */
  readonly isDeclaration: boolean;
  /** The file the occurrence is in (undefined = the checked file). */
  readonly file?: string;
}

export interface CheckResult {
  readonly diagnostics: Diagnostic[];
  /** Top-level declarations by name, after `extends` is merged (overrides replace base entries). */
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  /** Every name occurrence the checker resolved, in source order, for the checked file. */
  readonly references: Reference[];
  /** Rule evaluation order: each stratum is a list of rule names that only depend on earlier strata. */
  readonly strata: string[][];
  /** The merged policy: base declarations, with this file's overrides and additions. */
  readonly policy: A.PolicyFile;
}

export interface CheckOptions {
  /** The checked file's path, put on diagnostics. */
  readonly file?: string;
  /**
   * Loads a base policy for `extends "path"`. `path` is as written; `fromFile` is the extending
   * file. Returns undefined when it cannot be read, or `refused` with the reason (and what to
   * do) when the loader will not read it (the CLI reads only regular `.kp` files under a root).
   * The CLI reads from disk; the playground from its bundled examples.
   */
  readonly loadBase?: (path: string, fromFile: string | undefined) => LoadedBase | RefusedBase | undefined;
}

export interface LoadedBase {
  readonly text: string;
  readonly file: string;
}

/** A base the loader did not read: why (`refused`), and what to do (`hint`). */
export interface RefusedBase {
  readonly refused: { readonly zh: string; readonly en: string };
  readonly hint?: { readonly zh: string; readonly en: string };
}
