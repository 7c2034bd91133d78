/**
 * What the renderers need to know about the policy besides the result: the labels of its
 * declarations, its grade bands, and where a trace points (`file:line`, with the text of that
 * line, so an auditor sees the clause without opening the file).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Lang, PolicyFile } from '@kaoping/dsl';
import type { SourceSpan } from '@kaoping/evaluator';

export interface BandInfo {
  readonly name: string;
  readonly label?: string;
  /** `file:line` of the band in its grade scale. */
  readonly where: string;
  /** The band's line of the policy, trimmed (`优秀 "优秀" 不低于 95`). */
  readonly text?: string;
}

export interface ScaleInfo {
  readonly name: string;
  readonly label?: string;
  readonly score?: string;
  readonly bands: readonly BandInfo[];
}

export interface PolicyContext {
  readonly lang: Lang;
  /** The policy as shown to the user (relative to the working directory). */
  readonly policyFile: string;
  /** The label of a declaration (`"属实的投诉予以告诫"`), if it has one. */
  label(name: string): string | undefined;
  /** `name「label」`, or the name alone. */
  named(name: string): string;
  scale(name: string): ScaleInfo | undefined;
  readonly scales: readonly ScaleInfo[];
  /** `file:line` of a trace's span; the policy itself when the span names no file. */
  where(span: SourceSpan): string;
  /** The source line a span starts on, trimmed; undefined when the file cannot be read. */
  text(span: SourceSpan): string | undefined;
  /** Whether a declaration written `for person` / `for unit [kind X]` applies to a subject (default: people). */
  appliesTo(decl: string, subject: { readonly kind: 'person' | 'unit'; readonly unitKind?: string }): boolean;
  /**
   * How a record id reads in a trace: a penalty imposed by a rule (`直接责任告诫:Q015:1`) reads as
   * `效能告诫@2024-02-20`; a record of the history before the period reads `H1（往期）`; other
   * event ids stay as they are. Set by `withRecordNames`.
   */
  recordName?(id: string): string;
}

/**
 * The context with `recordName` for the penalties, outcomes and referrals of a result; a
 * penalty of another subject than `self` (a member's warning, in a unit's trace) names its subject:
 * `告诫@2024-03-04（P2）`.
 */
export function withRecordNames(
  ctx: PolicyContext,
  subjects: readonly {
    readonly id: string;
    readonly penalties: readonly { readonly id: string; readonly penalty: string; readonly date: string }[];
    readonly history?: readonly { readonly id: string }[];
  }[],
  self?: string,
): PolicyContext {
  const names = new Map<string, string>();
  const past = ctx.lang === 'zh' ? '（往期）' : ' (history)';
  for (const s of subjects) {
    for (const p of s.penalties) names.set(p.id, `${p.penalty}@${p.date}${self !== undefined && s.id !== self ? `（${s.id}）` : ''}`);
    // a record of the history before the period says so wherever a trace names it
    for (const h of s.history ?? []) names.set(h.id, `${h.id}${past}`);
  }
  return { ...ctx, recordName: (id) => names.get(id) ?? id };
}

/**
 * @param policy the merged policy (`checked.policy`)
 * @param fileOf the file each top-level declaration comes from (a base policy's, for inherited ones)
 * @param cwd paths in spans are relative to it
 */
export function policyContext(
  policy: PolicyFile,
  policyFile: string,
  fileOf: (decl: string) => string | undefined,
  lang: Lang,
  cwd: string,
): PolicyContext {
  const labels = new Map<string, string>();
  for (const d of policy.decls) if (d.name && d.label) labels.set(d.name.text, d.label.value);
  const sources = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!sources.has(file)) {
      let lines: string[] | undefined;
      try {
        let text = readFileSync(resolve(cwd, file), 'utf8');
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        lines = text.split(/\r\n|\r|\n/);
      } catch {
        lines = undefined;
      }
      sources.set(file, lines);
    }
    return sources.get(file);
  };
  const fileOfSpan = (span: SourceSpan): string => span.file ?? policyFile;
  const text = (span: SourceSpan): string | undefined => {
    const line = linesOf(fileOfSpan(span))?.[span.line - 1]?.trim();
    return line === undefined || line === '' ? undefined : line;
  };
  const where = (span: SourceSpan): string => `${fileOfSpan(span)}:${span.line}`;

  const scales: ScaleInfo[] = [];
  for (const d of policy.decls) {
    if (d.kind !== 'GradesDecl' || !d.name) continue;
    const file = fileOf(d.name.text) ?? policyFile;
    scales.push({
      name: d.name.text,
      ...(d.label ? { label: d.label.value } : {}),
      ...(d.score ? { score: d.score.text } : {}),
      bands: d.bands
        .filter((b) => b.name)
        .map((b) => {
          const span: SourceSpan = { file, line: b.span.line, column: b.span.column, endLine: b.span.endLine, endColumn: b.span.endColumn };
          const t = text(span);
          return { name: b.name!.text, ...(b.label ? { label: b.label.value } : {}), where: where(span), ...(t ? { text: t } : {}) };
        }),
    });
  }
  const label = (name: string): string | undefined => labels.get(name);
  const subjectOf = new Map<string, { subject: 'person' | 'unit'; unitKind?: string }>();
  for (const d of policy.decls) {
    const spec = (d as { subject?: { subject: 'person' | 'unit'; unitKind?: { text: string } } }).subject;
    if (d.name && spec) subjectOf.set(d.name.text, { subject: spec.subject, ...(spec.unitKind ? { unitKind: spec.unitKind.text } : {}) });
  }
  return {
    lang,
    policyFile,
    label,
    named: (name) => {
      const l = label(name);
      return l && l !== name ? `${name}「${l}」` : name;
    },
    scale: (name) => scales.find((s) => s.name === name),
    appliesTo: (decl, subject) => {
      const spec = subjectOf.get(decl) ?? { subject: 'person' };
      return spec.subject === subject.kind && (spec.unitKind === undefined || spec.unitKind === subject.unitKind);
    },
    scales,
    where,
    text,
  };
}
