/**
 * Reading a policy file (one named on the command line, a scenario's policy, or a base named by
 * `extends`) without trusting what is at the path:
 *
 * - only a regular file is read: a directory, a character or block device (`/dev/zero`), a FIFO
 *   or a socket is refused before a byte is read (the file is opened without blocking and
 *   checked on the open descriptor, so what is checked is what would be read);
 * - at most `MAX_POLICY_BYTES` are read, whatever size the file system reports (files under
 *   `/proc` report 0); a longer file is refused;
 * - the bytes must be UTF-8: the first invalid byte is reported with its line and column
 *   (KP0006) instead of being replaced silently with U+FFFD;
 * - a byte-order mark is dropped, so columns match what editors show.
 *
 * Nothing here prints: `sourceMessage` words a problem for the command line, `baseRefusal`
 * (bases.ts) for a KP0106 diagnostic.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { diag, type Diagnostic } from '@kaoping/dsl';
import type { Text } from './io.js';

/**
 * The largest policy file read: 4 MiB. The longest encoded regulation is under 100 KB; a policy
 * many times that size is not one a person wrote, and would only make the checker slow.
 */
export const MAX_POLICY_BYTES = 4 * 1024 * 1024;

export type SourceProblem =
  /** The file could not be opened or read (ENOENT, EACCES, ENOTDIR, …). */
  | { readonly kind: 'io'; readonly code: string }
  | { readonly kind: 'directory' }
  /** A device, FIFO or socket. */
  | { readonly kind: 'special'; readonly what: Text }
  | { readonly kind: 'too-large'; readonly limit: number }
  /** Bytes that are not UTF-8, at 1-based line and column (UTF-16 units, as the checker counts). */
  | { readonly kind: 'utf8'; readonly line: number; readonly column: number; readonly offset: number; readonly byte: number };

export type SourceRead = { readonly text: string } | { readonly problem: SourceProblem };

/** What kind of non-regular file `st` is, in words. */
export function specialKind(st: Stats): Text | undefined {
  if (st.isCharacterDevice()) return { zh: '字符设备', en: 'a character device' };
  if (st.isBlockDevice()) return { zh: '块设备', en: 'a block device' };
  if (st.isFIFO()) return { zh: '命名管道（FIFO）', en: 'a named pipe (FIFO)' };
  if (st.isSocket()) return { zh: '套接字', en: 'a socket' };
  return st.isFile() || st.isDirectory() ? undefined : { zh: '特殊文件', en: 'a special file' };
}

function specialAt(abs: string): Text | undefined {
  try {
    return specialKind(statSync(abs));
  } catch {
    return undefined;
  }
}

/** The text of a policy file, or why it is not read. */
export function readPolicySource(abs: string, limit = MAX_POLICY_BYTES): SourceRead {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    if (code === 'EISDIR') return { problem: { kind: 'directory' } };
    // A socket cannot be opened at all (ENXIO): say what it is.
    const special = code === 'ENOENT' ? undefined : specialAt(abs);
    return { problem: special ? { kind: 'special', what: special } : { kind: 'io', code } };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { problem: { kind: 'directory' } };
    const special = specialKind(st);
    if (special) return { problem: { kind: 'special', what: special } };
    if (st.size > limit) return { problem: { kind: 'too-large', limit } };
    // Read one byte more than the limit, to know that the file is longer.
    const buf = Buffer.alloc(Math.min(limit + 1, Math.max(st.size + 1, 64 * 1024)));
    let length = 0;
    let grown = buf;
    for (;;) {
      if (length === grown.length) {
        if (grown.length > limit) break;
        const next = Buffer.alloc(Math.min(limit + 1, grown.length * 2));
        grown.copy(next, 0, 0, length);
        grown = next;
      }
      const n = readSync(fd, grown, length, grown.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) return { problem: { kind: 'too-large', limit } };
    return decodeUtf8(grown.subarray(0, length));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { problem: code === 'EISDIR' ? { kind: 'directory' } : { kind: 'io', code } };
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 bytes as text without a byte-order mark, or where the first invalid byte is. */
export function decodeUtf8(bytes: Uint8Array): SourceRead {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.byteLength - bom);
  if (isUtf8(body)) return { text: body.toString('utf8') };
  const offset = firstInvalid(body);
  // Everything before `offset` is valid: decode the line it is on up to there to count columns.
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const b = body[i]!;
    if (b === 0x0a || (b === 0x0d && body[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = body.subarray(lineStart, offset).toString('utf8').length + 1;
  return { problem: { kind: 'utf8', line, column, offset, byte: body[offset]! } };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalid(b: Uint8Array): number {
  const cont = (i: number, lo = 0x80, hi = 0xbf): boolean => i < b.length && b[i]! >= lo && b[i]! <= hi;
  let i = 0;
  while (i < b.length) {
    const x = b[i]!;
    let n: number;
    if (x < 0x80) n = 1;
    else if (x >= 0xc2 && x <= 0xdf) n = cont(i + 1) ? 2 : 0;
    else if (x >= 0xe0 && x <= 0xef) {
      const [lo, hi] = x === 0xe0 ? [0xa0, 0xbf] : x === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
      n = cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
    } else if (x >= 0xf0 && x <= 0xf4) {
      const [lo, hi] = x === 0xf0 ? [0x90, 0xbf] : x === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      n = cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    } else n = 0;
    if (n === 0) return i;
    i += n;
  }
  return b.length;
}

/** The KP0006 diagnostic of a file that is not UTF-8 (`file:line:column: 错误 KP0006: …`). */
export function utf8Diagnostic(p: Extract<SourceProblem, { kind: 'utf8' }>, file: string): Diagnostic {
  const span = { start: p.offset, end: p.offset + 1, line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 1 };
  const byte = `0x${p.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return { ...diag('KP0006', span, { byte }), file };
}

/** Why a file is not read, for a message that begins with its path. */
export function problemReason(p: SourceProblem): Text {
  switch (p.kind) {
    case 'directory':
      return { zh: '是目录，不是文件', en: 'is a directory, not a file' };
    case 'special':
      return { zh: `是${p.what.zh}，不是普通文件，未读取`, en: `is ${p.what.en}, not a regular file; it was not read` };
    case 'too-large': {
      const mib = p.limit / (1024 * 1024);
      return { zh: `超过 ${mib} MiB，未读取`, en: `is larger than ${mib} MiB; it was not read` };
    }
    case 'utf8':
      return { zh: `第 ${p.line} 行第 ${p.column} 列不是有效的 UTF-8`, en: `is not valid UTF-8 at line ${p.line}, column ${p.column}` };
    case 'io':
      switch (p.code) {
        case 'ENOENT':
          return { zh: '不存在', en: 'does not exist' };
        case 'EACCES':
        case 'EPERM':
          return { zh: '没有读取权限', en: 'permission denied' };
        case 'ENOTDIR':
          return { zh: '路径中有一段不是目录', en: 'part of the path is not a directory' };
        case 'ELOOP':
          return { zh: '符号链接形成循环', en: 'its symbolic links form a loop' };
        default:
          return { zh: `无法读取（${p.code}）`, en: `cannot be read (${p.code})` };
      }
  }
}

/** What to do about it. */
export function problemAdvice(p: SourceProblem): Text {
  switch (p.kind) {
    case 'directory':
      return { zh: '请给出其中的 .kp 文件；kaoping check 和 fmt 也接受目录。', en: 'Give a .kp file in it; kaoping check and fmt also accept directories.' };
    case 'special':
      return { zh: '制度须是普通的 .kp 文件。', en: 'A policy must be a regular .kp file.' };
    case 'too-large':
      return { zh: '制度文件通常不到 100 KB；请检查是否给错了文件。', en: 'Policy files are usually under 100 KB; check that this is the right file.' };
    case 'utf8':
      return { zh: '请在编辑器中把文件另存为 UTF-8 编码。', en: 'Save the file as UTF-8 in your editor.' };
    case 'io':
      return p.code === 'ENOENT'
        ? { zh: '请检查路径拼写，或先进入正确的目录。', en: 'Check the spelling of the path, or run from the right directory.' }
        : { zh: '请检查该路径的权限。', en: 'Check the permissions of the path.' };
  }
}

/** `path：reason。advice` — a file named on the command line that cannot be used. */
export function sourceMessage(shown: string, p: SourceProblem): Text {
  const r = problemReason(p);
  const a = problemAdvice(p);
  return { zh: `${shown}：${r.zh}。${a.zh}`, en: `${shown}: ${r.en}. ${a.en}` };
}
