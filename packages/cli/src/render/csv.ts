/**
 * `kaoping eval --format csv`: one row per subject, for spreadsheets.
 *
 * - RFC 4180: fields with a comma, a double quote, or a line break are quoted, quotes doubled;
 *   lines end with CRLF.
 * - The text starts with a UTF-8 byte-order mark. Excel (the spreadsheet most offices open CSV
 *   with) reads a CSV file without one in the machine's legacy code page and garbles Chinese; with
 *   it, the file opens correctly. Kaoping's own CSV reader, Python's `utf-8-sig`, LibreOffice and
 *   pandas accept the mark. Programs should prefer `--format json`.
 * - The header row is in the message language (Chinese by default, `--lang en` for English),
 *   because the file is meant for people; the columns are the same in both.
 * - Penalties are `name@YYYY-MM-DD` joined by `;`; revoked eligibilities are names joined by `;`.
 *   The unit column is a person's unit id (empty for units). An unknown score is an empty cell.
 * - A cell that a spreadsheet would take for a formula — one starting with `=`, `+`, `-`, `@`, a
 *   tab or a carriage return, such as a name `=HYPERLINK(…)` in the case data — gets a leading
 *   `'` (OWASP's advice against CSV injection): Excel and LibreOffice then show it as text. A
 *   plain decimal number (a score of `-3.5`) is left as it is, so it stays a number.
 */
import type { Lang } from '@kaoping/dsl';
import type { EvalResult } from '@kaoping/evaluator';
import { revokedFlags } from './table.js';

export const CSV_HEADER = {
  zh: ['类型', '编号', '名称', '单位', '得分', '等次', '等次名称', '处罚与后果', '取消的资格'],
  en: ['kind', 'id', 'name', 'unit', 'score', 'grade', 'gradeLabel', 'penalties', 'revokedFlags'],
} as const;

const KIND = { zh: { person: '人员', unit: '单位' }, en: { person: 'person', unit: 'unit' } } as const;

/** One field, quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A cell: guarded against formula injection (`'` in front), then quoted when RFC 4180 requires it. */
export function csvCell(value: string): string {
  const formula = /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value);
  return csvField(formula ? `'${value}` : value);
}

/** The whole file: byte-order mark, header, one CRLF-terminated line per subject. */
export function renderCsv(result: EvalResult, lang: Lang): string {
  const rows: string[][] = [[...CSV_HEADER[lang]]];
  for (const s of result.subjects) {
    rows.push([
      KIND[lang][s.kind],
      s.id,
      s.name,
      s.unit ?? '',
      s.score ?? '',
      s.grade ?? '',
      s.gradeLabel ?? '',
      s.penalties.map((p) => `${p.penalty}@${p.date}`).join(';'),
      revokedFlags(s).join(';'),
    ]);
  }
  return '\ufeff' + rows.map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}
