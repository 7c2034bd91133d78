/**
 * `--out FILE`: the output is written to a temporary file in the same directory (the same file
 * system), then renamed over FILE, so FILE is either absent/old or complete, never half written.
 * An existing FILE keeps its permission bits. `kaoping fmt` and `kaoping eval --out` both use it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, openSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Lang } from '@kaoping/dsl';
import type { Text } from '../io.js';

/**
 * JSON text identical to `JSON.stringify(value, null, 2)`, as a sequence of pieces: the top two
 * levels are written element by element, so a result for a million events (half a gigabyte of
 * text, near V8's largest string) is never one string.
 */
export function* jsonChunks(value: unknown, indent = '', depth = 0): Generator<string> {
  if (depth >= 2 || value === null || typeof value !== 'object') {
    yield (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield inner;
      const x = value[i];
      yield* jsonChunks(x === undefined || typeof x === 'function' ? null : x, inner, depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== 'function');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, x] = entries[i]!;
    yield `${inner}${JSON.stringify(k)}: `;
    yield* jsonChunks(x, inner, depth + 1);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
}

export function writeOutput(abs: string, text: string | Iterable<string>): void {
  let mode: number | undefined;
  try {
    const st = statSync(abs);
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    mode = st.mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (typeof text === 'string') writeFileSync(tmp, text, { encoding: 'utf8', flag: 'wx', ...(mode !== undefined ? { mode } : {}) });
    else {
      const fd = openSync(tmp, 'wx', mode);
      try {
        for (const chunk of text) writeSync(fd, chunk, null, 'utf8');
      } finally {
        closeSync(fd);
      }
    }
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, abs);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file was never created */
    }
    throw err;
  }
}

/** The message for an output file that could not be written. */
export function writeProblem(shown: string, err: unknown, lang: Lang): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? String(err);
  const text: Text =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? { zh: `${shown}：无法写入，所在目录不存在。请先创建该目录，或换一个路径。`, en: `${shown}: cannot be written: its directory does not exist. Create it first, or choose another path.` }
      : code === 'EISDIR'
        ? { zh: `${shown}：是目录，无法写入。请给出文件名。`, en: `${shown}: is a directory. Give a file name.` }
        : { zh: `${shown}：无法写入（${code}）。请检查该文件及其所在目录的写权限。`, en: `${shown}: cannot be written (${code}). Check write permission on the file and its directory.` };
  return text[lang];
}
