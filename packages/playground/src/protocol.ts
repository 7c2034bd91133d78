/**
 * Messages between the page and the analysis worker (src/worker.ts). The page sends the policy
 * and the case data on every edit (debounced); the worker answers with the markers of both
 * editors and, when both are clean, the evaluation result. Language services (completion,
 * hover, definition) are requests of their own. Every request has an id; the page ignores
 * answers to requests it has superseded.
 */
import type { CompletionItem, Hover, Lang, Location } from '@kaoping/dsl';
import type { EvalResult } from '@kaoping/evaluator';

/** A problem to show in an editor: 1-based lines and columns, end exclusive (Monaco's convention). */
export interface Marker {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface AnalyzeRequest {
  readonly id: number;
  readonly kind: 'analyze';
  readonly lang: Lang;
  /** The policy's file name (for `extends`) and text. */
  readonly policy: { readonly file: string; readonly text: string };
  /** The case data (YAML or JSON). */
  readonly data: { readonly file: string; readonly text: string };
  /** Other policy files the policy may extend: path → text (the bundled policies/). */
  readonly files: Readonly<Record<string, string>>;
}

export interface AnalyzeResponse {
  readonly id: number;
  readonly kind: 'analyze';
  readonly policyMarkers: readonly Marker[];
  readonly dataMarkers: readonly Marker[];
  /** Present when the policy has no errors and the data has no problems. */
  readonly result?: EvalResult;
  /** Why there is no result (the policy has errors, the data has problems). */
  readonly blocked?: 'policy' | 'data';
  /** Milliseconds spent in the worker: analysis, compile, data, evaluation. */
  readonly timings: { readonly analyze: number; readonly compile: number; readonly data: number; readonly evaluate: number };
}

export interface ServiceRequest {
  readonly id: number;
  readonly kind: 'completion' | 'hover' | 'definition';
  readonly lang: Lang;
  readonly policy: { readonly file: string; readonly text: string };
  readonly files: Readonly<Record<string, string>>;
  /** 1-based, as Monaco gives them. */
  readonly line: number;
  readonly column: number;
}

export interface ServiceResponse {
  readonly id: number;
  readonly kind: 'completion' | 'hover' | 'definition';
  readonly completion?: readonly CompletionItem[];
  readonly hover?: Hover | null;
  readonly definition?: Location | null;
}

/** Which item's traces: a score (by name), a grade (by scale) or a penalty (by its id). */
export interface TraceRef {
  readonly subject: string;
  /** For an exemption, `name` is its index in the subject's `exemptions`. */
  readonly what: 'score' | 'grade' | 'penalty' | 'exemption';
  readonly name: string;
}

/** The traces of an item of the last result (the page holds a copy without them: src/slim.ts). */
export interface TraceRequest {
  readonly id: number;
  readonly kind: 'trace';
  readonly ref: TraceRef;
}

export interface TraceResponse {
  readonly id: number;
  readonly kind: 'trace';
  readonly traces: readonly import('@kaoping/evaluator').Trace[];
}

export type Request = AnalyzeRequest | ServiceRequest | TraceRequest;
export type Response = AnalyzeResponse | ServiceResponse | TraceResponse;
