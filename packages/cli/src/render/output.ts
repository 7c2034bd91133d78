/**
 * `--out FILE`: the output is written to a temporary file in the same directory (the same file
 * system), then renamed over FILE, so FILE is either absent/old or complete, never half written.
 * An existing FILE keeps its permission bits. (files.ts has `writeAtomic` for files that exist;
 * this one also creates new files.)
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Lang } from '@kaoping/dsl';
import type { Text } from '../io.js';

export function writeOutput(abs: string, text: string): void {
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
    writeFileSync(tmp, text, { encoding: 'utf8', flag: 'wx', ...(mode !== undefined ? { mode } : {}) });
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
