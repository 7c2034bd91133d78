/**
 * Text printed for a reader on a terminal shows every control character as an escape, so that
 * a name, a label, an id or a value taken from a policy or from case data can neither move the
 * cursor, recolour or clear the screen (ESC sequences), nor start a line of its own that looks
 * like the program's output (a line break), nor reorder what is shown (bidirectional controls).
 *
 *   ESC → \x1b    line feed → \n    carriage return → \r    tab → \t    other C0, DEL, C1 → \xHH
 *   U+2028, U+2029, bidirectional controls, U+FEFF → \uHHHH
 *
 * Chinese and every other printable character are left as they are. A backslash that would read
 * as the start of such an escape (`\x`, `\u`, `\n`, `\r`, `\t`, `\\`) is doubled, so the shown
 * text says unambiguously what the original was.
 *
 * `escapingIo` (io.ts) applies it to every line the CLI prints for a reader (tables, explain,
 * test reports, diagnostics, data errors, messages); the column widths (width.ts) measure the
 * escaped text. Output for programs (JSON, CSV) is written as it is: JSON escapes by itself
 * (render/output.ts also escapes the C1 and bidirectional characters there), CSV is data.
 */

const SPECIAL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|\\(?=[xunrt\\])/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

const hex = (c: string, digits: number): string => c.charCodeAt(0).toString(16).padStart(digits, '0');

export function visible(text: string): string {
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(text)) return text;
  return text.replace(SPECIAL, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}
