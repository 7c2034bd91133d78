/**
 * Writing a file the user named (`kaoping eval --out FILE`, `kaoping fmt` rewriting a policy)
 * without harming what is there:
 *
 * - a regular file (or a new one) is written to a temporary file in the same directory, then
 *   renamed over it, so it is either old or complete, never half written; it keeps its
 *   permission bits (and, for root, its owner);
 * - a symbolic link is followed: the file it points to is written that way, next to itself, and
 *   the link stays a link (a link to nothing gets the file it names);
 * - a character device or a named pipe (`/dev/null`, a FIFO a program reads from) is written
 *   through, as the shell's `>` does: it is never replaced by a regular file;
 * - a directory, a socket or a block device is refused.
 *
 * A temporary file is removed when writing fails, and when the process is interrupted (SIGINT,
 * SIGTERM, SIGHUP) or exits while writing: the signal is then raised again, so the caller sees
 * the usual exit status. Long output is written in pieces with a pause after each mebibyte, so
 * an interruption is handled promptly.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Lang } from '@kaoping/dsl';
import type { Text } from './io.js';
import { specialKind } from './source.js';

/** Written between two pauses for signals. */
const PIECE = 1 << 20;

/** A target refused before anything is written: a socket or a block device. */
interface Refused extends NodeJS.ErrnoException {
  readonly what?: Text;
}

/** Where the bytes go: `file` by rename (absent or regular), `through` a device or FIFO. */
type Target = { readonly kind: 'file'; readonly path: string; readonly st?: Stats } | { readonly kind: 'through'; readonly path: string };

function fail(code: string, what?: Text): Refused {
  return Object.assign(new Error(code), { code, ...(what ? { what } : {}) });
}

/** The target behind `abs`: symbolic links followed (at most 40, as the system does). */
function targetOf(abs: string): Target {
  let path = abs;
  for (let hops = 0; hops <= 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'file', path };
      throw err;
    }
    if (st.isSymbolicLink()) {
      path = resolve(dirname(path), readlinkSync(path));
      continue;
    }
    if (st.isFile()) return { kind: 'file', path, st };
    if (st.isDirectory()) throw fail('EISDIR');
    if (st.isCharacterDevice() || st.isFIFO()) return { kind: 'through', path };
    throw fail('KAOPING_SPECIAL', specialKind(st));
  }
  throw fail('ELOOP');
}

// --- temporary files removed on interruption --------------------------------------------------

const temps = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeTemps(): void {
  for (const tmp of temps) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
  temps.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeTemps();
  untrack();
  // With our handlers gone, the signal has its usual effect (the process ends by it).
  process.kill(process.pid, signal);
}

function track(tmp: string): void {
  if (temps.size === 0) {
    for (const s of SIGNALS) process.on(s, onSignal);
    process.on('exit', removeTemps);
  }
  temps.add(tmp);
}

function untrack(tmp?: string): void {
  if (tmp !== undefined) {
    temps.delete(tmp);
    if (temps.size > 0) return;
  }
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.removeListener('exit', removeTemps);
}

const pause = (): Promise<void> => new Promise((done) => setImmediate(done));

/** Every piece of `text`, with a pause for signals after each mebibyte written. */
async function writeAll(fd: number, text: string | Iterable<string>): Promise<void> {
  let since = 0;
  const put = async (s: string): Promise<void> => {
    for (let i = 0; i < s.length; ) {
      let end = Math.min(s.length, i + PIECE);
      // Never cut a surrogate pair in two.
      if (end < s.length && /[\ud800-\udbff]/.test(s[end - 1]!)) end++;
      const piece = i === 0 && end === s.length ? s : s.slice(i, end);
      i = end;
      let buf = Buffer.from(piece, 'utf8');
      while (buf.length > 0) {
        const n = writeSync(fd, buf);
        buf = buf.subarray(n);
      }
      since += piece.length;
      if (since >= PIECE) {
        since = 0;
        await pause();
      }
    }
  };
  if (typeof text === 'string') await put(text);
  else for (const chunk of text) await put(chunk);
}

/** Write `text` to the file `abs` names, as the header says. Throws (a Node error) when it cannot. */
export async function writeOutput(abs: string, text: string | Iterable<string>): Promise<void> {
  const target = targetOf(abs);
  if (target.kind === 'through') {
    // O_NOFOLLOW: the path was checked not to be a link; a link put there since is not followed.
    const fd = openSync(target.path, constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      await writeAll(fd, text);
    } catch (err) {
      throw Object.assign(err as Error, { through: true });
    } finally {
      closeSync(fd);
    }
    return;
  }
  const { path, st } = target;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = st ? st.mode & 0o7777 : 0o666;
  let fd: number | undefined;
  try {
    // Tracked before it exists: an interruption at any moment from here on removes it.
    track(tmp);
    fd = openSync(tmp, 'wx', mode);
    if (st) {
      fchmodSync(fd, mode);
      if (process.getuid?.() === 0 && (st.uid !== 0 || st.gid !== 0)) {
        try {
          fchownSync(fd, st.uid, st.gid);
        } catch {
          /* keep root's */
        }
      }
    }
    await writeAll(fd, text);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
    untrack(tmp);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file was never created */
    }
    untrack(tmp);
    throw err;
  }
}

/** What a system error code means for a file being written, in both languages. */
export function writeReason(code: string): Text {
  switch (code) {
    case 'ENOSPC':
      return { zh: '磁盘空间不足（ENOSPC）', en: 'no space left on the device (ENOSPC)' };
    case 'EDQUOT':
      return { zh: '超出磁盘配额（EDQUOT）', en: 'the disk quota is exceeded (EDQUOT)' };
    case 'EACCES':
    case 'EPERM':
      return { zh: `没有写权限（${code}）`, en: `permission denied (${code})` };
    case 'EROFS':
      return { zh: '文件系统只读（EROFS）', en: 'the file system is read-only (EROFS)' };
    case 'EIO':
      return { zh: '输入输出错误（EIO）', en: 'an input/output error (EIO)' };
    case 'ELOOP':
      return { zh: '符号链接形成循环（ELOOP）', en: 'its symbolic links form a loop (ELOOP)' };
    default:
      return { zh: `写入失败（${code}）`, en: `the write failed (${code})` };
  }
}

/** The message for an output file that could not be written. */
export function writeProblem(shown: string, err: unknown, lang: Lang): string {
  const e = err as (Refused & { through?: boolean }) | undefined;
  const code = e?.code ?? String(err);
  let text: Text;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    text = { zh: `${shown}：无法写入，所在目录不存在。请先创建该目录，或换一个路径。`, en: `${shown}: cannot be written: its directory does not exist. Create it first, or choose another path.` };
  } else if (code === 'EISDIR') {
    text = { zh: `${shown}：是目录，无法写入。请给出文件名。`, en: `${shown}: is a directory. Give a file name.` };
  } else if (code === 'KAOPING_SPECIAL') {
    const what = e?.what ?? { zh: '特殊文件', en: 'a special file' };
    text = { zh: `${shown}：是${what.zh}，不能写入结果，未改动。请给出普通文件的路径。`, en: `${shown}: is ${what.en}, which cannot take the output; it was left alone. Give the path of a regular file.` };
  } else {
    const r = writeReason(code);
    const kept = e?.through
      ? { zh: '输出可能不完整。', en: 'The output may be incomplete.' }
      : { zh: '原有文件（如有）未改动。', en: 'The file (if there was one) is unchanged.' };
    const todo = code === 'ENOSPC' || code === 'EDQUOT'
      ? { zh: '请腾出空间，或换一个位置。', en: 'Free some space, or choose another place.' }
      : { zh: '请检查该文件及其所在目录的写权限。', en: 'Check write permission on the file and its directory.' };
    text = { zh: `${shown}：无法写入，${r.zh}。${kept.zh}${todo.zh}`, en: `${shown}: cannot be written: ${r.en}. ${kept.en} ${todo.en}` };
  }
  return text[lang];
}
