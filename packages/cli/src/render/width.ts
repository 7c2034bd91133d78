/**
 * Text laid out in columns for a terminal. A Chinese character takes two columns, a Latin letter
 * one (string-width, from the Unicode East Asian Width property), so columns line up with names
 * such as 综合办 next to ids such as P1. Cells should avoid "ambiguous width" characters (— …),
 * which terminals draw one or two columns wide depending on the font; the renderers use ASCII `-`
 * for an empty value.
 *
 * Control characters are printed as escapes (`\x1b`, render/visible.ts, applied by the Io to
 * every line): a width is that of the escaped text, so a name with an ESC in it still lines up.
 */
import stringWidth from 'string-width';
import { visible } from './visible.js';

/** Columns a string takes on a terminal, once its control characters are shown as escapes. */
export function width(s: string): number {
  return stringWidth(visible(s));
}

export type Align = 'left' | 'right';

export function pad(s: string, w: number, align: Align = 'left'): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'right' ? fill + s : s + fill;
}

export interface TableOptions {
  /** Alignment per column (default left). */
  readonly align?: readonly Align[];
  /** Put in front of every line. */
  readonly indent?: string;
  /** Between columns (default two spaces). */
  readonly gap?: string;
}

/**
 * Rows (the first one usually the header) as aligned lines. The last column is not padded, so
 * lines carry no trailing spaces; a long last cell (a list of penalties) does not widen the table.
 */
export function table(rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const gap = options.gap ?? '  ';
  const indent = options.indent ?? '';
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < columns; c++) widths.push(Math.max(0, ...rows.map((r) => width(r[c] ?? ''))));
  return rows.map((r) => {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) {
      const text = r[c] ?? '';
      const align = options.align?.[c] ?? 'left';
      const last = c === columns - 1;
      cells.push(last && align === 'left' ? text : pad(text, widths[c]!, align));
    }
    return (indent + cells.join(gap)).replace(/\s+$/, '');
  });
}

/** 120000 → "120,000" (the same in both languages; no locale tables involved). */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * `count` out of `total` as a percentage with one decimal, rounded half up, in exact integer
 * arithmetic: 1 of 3 → "33.3%", 2 of 3 → "66.7%". An empty total gives "0.0%".
 */
export function percent(count: number, total: number): string {
  if (total <= 0) return '0.0%';
  const tenths = Math.floor((count * 2000 + total) / (2 * total));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}
