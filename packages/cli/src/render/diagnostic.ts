/**
 * A policy diagnostic as the CLI prints it: `file:line:col: 错误 KP0002: message`, then the hint
 * on a line of its own (`    建议: …`). `formatDiagnostic` (@kaoping/dsl) joins the two with a
 * line break; the CLI prints them as two lines, because every line it prints has its control
 * characters shown as escapes (render/visible.ts), a line break quoted from the policy included.
 */
import { formatDiagnostic, type Diagnostic, type Lang } from '@kaoping/dsl';

export function diagnosticLines(d: Diagnostic, lang: Lang, file = d.file): string[] {
  const { hint, ...rest } = d;
  const lines = [formatDiagnostic(rest, lang, file)];
  if (hint) lines.push(`    ${lang === 'zh' ? '建议' : 'hint'}: ${hint[lang]}`);
  return lines;
}
