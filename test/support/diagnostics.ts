/**
 * What every diagnostic must satisfy, shared by the robustness and property tests: a code, a
 * severity, non-empty messages in both languages with no leaked missing argument, and a span
 * inside the file.
 */
import type { Diagnostic } from '../../packages/dsl/src/index.js';

/** Line breaks as the lexer counts them (chevrotain's default: `\n`, `\r\n`, lone `\r`). */
export const LINE_BREAK = /\r\n?|\n/g;

export function lineCount(text: string): number {
  return (text.match(LINE_BREAK)?.length ?? 0) + 1;
}

/** Everything that must hold of one diagnostic of `text`; returns the problems found. */
export function problemsOf(d: Diagnostic, text: string): string[] {
  const p: string[] = [];
  const s = d.span;
  if (typeof d.code !== 'string' || !/^KP\d{4}$/.test(d.code)) p.push(`bad code ${String(d.code)}`);
  if (!['error', 'warning', 'info'].includes(d.severity)) p.push(`bad severity ${String(d.severity)}`);
  if (typeof d.message?.zh !== 'string' || d.message.zh.trim() === '') p.push('empty zh message');
  if (typeof d.message?.en !== 'string' || d.message.en.trim() === '') p.push('empty en message');
  if (d.hint && (!d.hint.zh?.trim() || !d.hint.en?.trim())) p.push('empty hint');
  // A missing message argument shows up as `undefined`/`NaN` (the English text of KP0101 starts
  // with the word "undefined" legitimately, so English is checked for a quoted or doubled one).
  const leaks = [
    ...[d.message?.zh, d.hint?.zh].filter((m) => /undefined|NaN|\[object Object\]/.test(m ?? '')),
    ...[d.message?.en, d.hint?.en].filter((m) => /`undefined`|undefined undefined|NaN|\[object Object\]/.test(m ?? '')),
  ];
  if (leaks.length > 0 && !/undefined|NaN|object Object/.test(text)) p.push(`message leaks a missing argument: ${leaks[0]}`);
  if (!s) return [...p, 'no span'];
  for (const k of ['start', 'end', 'line', 'column', 'endLine', 'endColumn'] as const) {
    if (!Number.isInteger(s[k])) p.push(`span.${k} is ${String(s[k])}`);
  }
  if (!(s.start >= 0 && s.start <= s.end && s.end <= text.length)) p.push(`span ${s.start}..${s.end} outside 0..${text.length}`);
  if (!(s.line >= 1 && s.column >= 1 && s.endLine >= 1 && s.endColumn >= 1)) p.push(`line/column ${s.line}:${s.column}-${s.endLine}:${s.endColumn} below 1`);
  const lines = lineCount(text);
  if (!(s.line <= lines && s.endLine <= lines)) p.push(`line ${s.line}-${s.endLine} beyond the ${lines} lines of the file`);
  if (!(s.endLine > s.line || (s.endLine === s.line && s.endColumn >= s.column))) p.push('span ends before it starts');
  return p;
}

/**
 * line number → expected codes (sorted), from `# 期望: CODE …` annotations: the codes belong on
 * the next non-comment, non-blank line.
 */
export function annotatedExpectations(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  let pending: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /^\s*#\s*期望:\s*(.+)$/.exec(line);
    if (m) {
      pending.push(...m[1]!.trim().split(/\s+/));
      return;
    }
    if (/^\s*#/.test(line) || line.trim() === '') return;
    if (pending.length) {
      out.set(i + 1, [...pending].sort());
      pending = [];
    }
  });
  return out;
}

/** line number → the codes reported on it (sorted). */
export function codesByLine(ds: readonly Diagnostic[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const d of ds) out.set(d.span.line, [...(out.get(d.span.line) ?? []), d.code].sort());
  return out;
}
