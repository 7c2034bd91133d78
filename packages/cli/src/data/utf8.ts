/**
 * Case files are UTF-8 text. Bytes that are not UTF-8 — a file saved as GBK (“ANSI”) by Excel or
 * Notepad on a Chinese Windows, a UTF-16 (“Unicode”) file, a damaged file — are never decoded with
 * replacement characters (a name would silently become 「��」): the readers stop at the first such
 * byte and report it (KD0100) with its line and column and what to do.
 *
 * `Utf8Guard` is the check for streamed files (NDJSON, CSV): it passes on whole lines of valid
 * UTF-8 and stops before the line that holds the first invalid byte. Whole chunks are checked with
 * Node's `isUtf8`; the position is worked out only when there is a problem, from the file's bytes.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import type { DataError } from '@kaoping/evaluator';

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence (Unicode table 3-7), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b === 0xe0) [need, lo] = [2, 0xa0]; // no overlong forms
    else if (b === 0xed) [need, hi] = [2, 0x9f]; // no surrogates
    else if (b >= 0xe1 && b <= 0xef) need = 2;
    else if (b === 0xf0) [need, lo] = [3, 0x90];
    else if (b >= 0xf1 && b <= 0xf3) need = 3;
    else if (b === 0xf4) [need, hi] = [3, 0x8f]; // nothing above U+10FFFF
    else return i;
    if (i + need >= n) return i;
    const c1 = bytes[i + 1]!;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** The offset just after the last line break (`\n` or `\r`) of `bytes`, or 0. */
function afterLastBreak(bytes: Uint8Array, end = bytes.length): number {
  for (let i = end - 1; i >= 0; i--) if (bytes[i] === 10 || bytes[i] === 13) return i + 1;
  return 0;
}

/** Raised by a stream read through `Utf8Guard` after its last good line, when the file is not UTF-8 from `offset` on. */
export class NotUtf8 extends Error {
  constructor(readonly offset: number) {
    super(`not UTF-8 at byte ${offset}`);
  }
}

/**
 * A pass-through for the bytes of a case file: whole lines of valid UTF-8 go on; at the first
 * byte that is not UTF-8 the output ends before that byte's line, and `invalidAt` is its offset.
 * The lines before it are read as usual.
 */
export class Utf8Guard extends Transform {
  /** The offset in the file of the first byte that is not UTF-8, once seen. */
  invalidAt: number | undefined;
  /** The unfinished last line, held back until its end is seen (parts, so that a long line is copied once). */
  private held: Buffer[] = [];
  private heldLength = 0;
  /** The file's bytes passed on so far. */
  private passed = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.invalidAt !== undefined) return done();
    const cut = afterLastBreak(chunk);
    if (cut === 0) {
      this.held.push(chunk);
      this.heldLength += chunk.length;
      return done();
    }
    const data = this.held.length > 0 ? Buffer.concat([...this.held, chunk]) : chunk;
    const end = this.heldLength + cut;
    if (this.check(data, end)) {
      this.held = end < data.length ? [data.subarray(end)] : [];
      this.heldLength = data.length - end;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.invalidAt === undefined && this.heldLength > 0) this.check(Buffer.concat(this.held), this.heldLength);
    done();
  }

  /** Pass on `data[0, end)` if it is UTF-8; else the lines before its first invalid byte, and stop. */
  private check(data: Buffer, end: number): boolean {
    const whole = data.subarray(0, end);
    if (isUtf8(whole)) {
      this.push(whole);
      this.passed += end;
      return true;
    }
    const bad = firstInvalidUtf8(whole);
    const lineStart = afterLastBreak(whole, bad);
    if (lineStart > 0) this.push(whole.subarray(0, lineStart));
    this.invalidAt = this.passed + bad;
    this.push(null);
    return false;
  }
}

/** Where the first byte that is not UTF-8 is, worked out from the file's bytes up to it (fed in order). */
class Locator {
  line = 1;
  /** The current line's bytes before the offset (its column is their length in characters). */
  private current: Buffer[] = [];
  private seen = 0;
  private head: number[] = [];
  private lastCR = false;
  readonly shown: string[] = [];
  private shownAll = false;

  constructor(private readonly offset: number) {}

  feed(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length && this.head.length < 3; i++) this.head.push(chunk[i]!);
    const end = Math.min(chunk.length, Math.max(0, this.offset - this.seen));
    let lineStart = 0;
    for (let i = 0; i < end; i++) {
      const c = chunk[i];
      if (c === 10 && this.lastCR) {
        // the \n of a \r\n: the line was counted at the \r
        this.lastCR = false;
        lineStart = i + 1;
        continue;
      }
      this.lastCR = c === 13;
      if (c === 10 || c === 13) {
        this.line++;
        this.current = [];
        lineStart = i + 1;
      }
    }
    if (end > lineStart) this.current.push(Buffer.from(chunk.subarray(lineStart, end)));
    // the bytes shown: up to four non-ASCII bytes from the offset on
    for (let i = end; i < chunk.length && !this.shownAll; i++) {
      const b = chunk[i]!;
      if ((this.shown.length > 0 && b < 0x80) || this.shown.length === 4) this.shownAll = true;
      else this.shown.push(`0x${b.toString(16).toUpperCase().padStart(2, '0')}`);
    }
    this.seen += chunk.length;
  }

  where(): { line: number; column: number; utf16: boolean; bytes: string } {
    let text = Buffer.concat(this.current).toString('utf8');
    if (this.line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const [a, b] = this.head;
    return { line: this.line, column: text.length + 1, utf16: (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff), bytes: this.shown.join(' ') };
  }
}

/** What is not read: the whole file (YAML, JSON), or the file from the problem's line on (NDJSON), or from a given line (CSV). */
export type NotRead = 'file' | 'from its line' | number;

function notUtf8(display: string, w: ReturnType<Locator['where']>, notRead: NotRead): DataError {
  const why = w.utf16
    ? { zh: '这个文件是 UTF-16（“Unicode”）编码的', en: 'this one is UTF-16 ("Unicode")' }
    : { zh: '这个文件可能是用 GBK（ANSI）等其他编码保存的', en: 'this one may have been saved in GBK (ANSI) or another encoding' };
  const from = notRead === 'from its line' ? w.line : notRead;
  const not = from === 'file' ? { zh: '本文件未读取', en: 'The file was not read' } : { zh: `从第 ${from} 行起本文件未读取`, en: `The file was not read from line ${from} on` };
  return {
    code: 'KD0100',
    message: {
      zh: `文件中有不是 UTF-8 编码的字节（${w.bytes}）。案件文件应为 UTF-8 文本；${why.zh}。${not.zh}；请把它另存为 UTF-8 编码（Excel：“CSV UTF-8（逗号分隔）”；记事本：编码选 UTF-8）后重试。`,
      en: `bytes that are not UTF-8 (${w.bytes}). Case files are UTF-8 text; ${why.en}. ${not.en}; save it as UTF-8 (Excel: "CSV UTF-8 (Comma delimited)"; Notepad: Encoding UTF-8) and try again.`,
    },
    origin: { file: display, line: w.line, column: w.column },
  };
}

/** The error for the first byte that is not UTF-8, at `offset` of a file whose bytes are `bytes`. */
export function notUtf8Error(display: string, bytes: Uint8Array, offset: number, notRead: NotRead): DataError {
  const l = new Locator(offset);
  l.feed(bytes);
  return notUtf8(display, l.where(), notRead);
}

/** The same for a file on disk, read up to the problem (a large file is streamed, not held). */
export async function notUtf8ErrorIn(path: string, display: string, offset: number, notRead: NotRead): Promise<DataError> {
  const l = new Locator(offset);
  for await (const chunk of createReadStream(path, { start: 0, end: offset + 3 }) as AsyncIterable<Buffer>) l.feed(chunk);
  return notUtf8(display, l.where(), notRead);
}
