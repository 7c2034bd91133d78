/**
 * Shared pieces of the case-data readers: file formats by extension, messages for files that
 * cannot be read, and a streaming line splitter (a large file is never held as one string).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { DataError, Origin } from '@kaoping/evaluator';
import { NotUtf8, Utf8Guard } from './utf8.js';

export type Format = 'yaml' | 'ndjson' | 'csv';

/** The format of a case file, by its extension. */
export function formatOf(path: string): Format | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml') || lower.endsWith('.json')) return 'yaml';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

export function unsupported(display: string): DataError {
  return {
    code: 'KD0105',
    message: {
      zh: `${display}：不支持的案件文件类型。案件数据可写成 .yaml/.yml、.json、.ndjson/.jsonl 或 .csv 文件。请改用其中一种扩展名。`,
      en: `${display}: unsupported case file type. Case data is read from .yaml/.yml, .json, .ndjson/.jsonl or .csv files. Use one of these extensions.`,
    },
    record: display,
  };
}

/** A file that cannot be read: the CLI exits with 2 on this code. */
export function unreadable(display: string, err: unknown): DataError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT' ? { zh: '不存在', en: 'does not exist' }
    : code === 'EACCES' || code === 'EPERM' ? { zh: '没有读取权限', en: 'permission denied' }
    : code === 'EISDIR' ? { zh: '是目录，不是文件', en: 'is a directory, not a file' }
    : code === 'ENOTDIR' ? { zh: '路径中有一段不是目录', en: 'part of the path is not a directory' }
    : { zh: `无法读取（${code ?? String(err)}）`, en: `cannot be read (${code ?? String(err)})` };
  const what =
    code === 'ENOENT' ? { zh: '请检查路径拼写，或先进入正确的目录。', en: 'Check the spelling of the path, or run from the right directory.' }
    : code === 'EISDIR' ? { zh: '请给出目录中的案件文件。', en: 'Name the case files in the directory.' }
    : { zh: '请检查该路径及其权限。', en: 'Check the path and its permissions.' };
  return { code: 'KD0101', message: { zh: `${display}：${reason.zh}。${what.zh}`, en: `${display}: ${reason.en}. ${what.en}` }, record: display };
}

/** Throws the error `stat` gives for a missing path; a directory gives EISDIR. */
export async function checkReadable(path: string): Promise<void> {
  const s = await stat(path);
  if (s.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
}

export const at = (file: string, line: number, column: number): Origin => ({ file, line, column });

/**
 * The lines of a file, streamed: `\n`, `\r\n` and `\r` end a line; a byte-order mark at the start
 * is dropped. Read errors are thrown from the iteration; so is `NotUtf8` (utf8.ts), after the
 * last line before the first byte that is not UTF-8.
 */
export async function* lines(path: string): AsyncGenerator<{ text: string; line: number }> {
  const input = createReadStream(path, { highWaterMark: 1 << 16 });
  const guard = new Utf8Guard();
  input.on('error', (e) => guard.destroy(e));
  input.pipe(guard);
  let rest = '';
  let line = 0;
  let first = true;
  let pendingCR = false;
  try {
    // The guard passes on whole lines of valid UTF-8, so each chunk decodes on its own.
    for await (const bytes of guard as AsyncIterable<Buffer>) {
      let text = bytes.toString('utf8');
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      // A `\r\n` split across chunks: the `\n` belongs to the line already ended.
      if (pendingCR && text.startsWith('\n')) text = text.slice(1);
      pendingCR = false;
      let start = 0;
      const buf = rest + text;
      for (let i = rest.length; i < buf.length; i++) {
        const c = buf.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        yield { text: buf.slice(start, i), line: ++line };
        if (c === 13) {
          if (i + 1 < buf.length) {
            if (buf.charCodeAt(i + 1) === 10) i++;
          } else {
            pendingCR = true;
          }
        }
        start = i + 1;
      }
      rest = buf.slice(start);
    }
    if (guard.invalidAt !== undefined) throw new NotUtf8(guard.invalidAt);
    if (rest.length > 0) yield { text: rest, line: ++line };
  } finally {
    input.destroy();
  }
}
