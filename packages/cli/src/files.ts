/**
 * Reading and expanding the paths given on the command line, and writing files atomically.
 * Node-only; everything the language needs lives in @kaoping/dsl.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { t, type Io, type Text } from './io.js';
import type { Lang } from '@kaoping/dsl';

/** A path the command could not use, with what to do about it. */
export interface PathProblem {
  readonly path: string;
  readonly message: Text;
}

export interface Expansion {
  /** Absolute paths of the files to process, each once, in a deterministic order. */
  readonly files: string[];
  readonly problems: PathProblem[];
}

/** Directories never searched: dependencies, build output and hidden folders such as `.git`. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

/** Code-point order, independent of the machine's locale. */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function reason(err: unknown): Text {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return { zh: '不存在', en: 'does not exist' };
    case 'EACCES':
    case 'EPERM':
      return { zh: '没有读取权限', en: 'permission denied' };
    case 'EISDIR':
      return { zh: '是目录，不是文件', en: 'is a directory, not a file' };
    case 'ENOTDIR':
      return { zh: '路径中有一段不是目录', en: 'part of the path is not a directory' };
    default:
      return { zh: `无法读取（${code ?? String(err)}）`, en: `cannot be read (${code ?? String(err)})` };
  }
}

export function pathProblem(path: string, err: unknown): PathProblem {
  const r = reason(err);
  const missing = (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return {
    path,
    message: {
      zh: `${path}：${r.zh}。${missing ? '请检查路径拼写，或先进入正确的目录。' : '请检查该路径的权限。'}`,
      en: `${path}: ${r.en}. ${missing ? 'Check the spelling of the path, or run from the right directory.' : 'Check the permissions of the path.'}`,
    },
  };
}

/**
 * Files named on the command line are taken as they are (whatever their extension);
 * directories are searched recursively for `*.kp`, sorted by path.
 */
export function expandPaths(args: readonly string[], cwd: string): Expansion {
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: PathProblem[] = [];
  const add = (file: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };

  const walk = (dir: string, shown: string): string[] => {
    const found: string[] = [];
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push(pathProblem(shown, err));
      return found;
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
        found.push(...walk(full, join(shown, e.name)));
      } else if (e.name.endsWith('.kp') && (e.isFile() || isFileThroughLink(full))) {
        found.push(full);
      }
    }
    return found;
  };

  for (const arg of args) {
    const abs = resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(abs);
    } catch (err) {
      problems.push(pathProblem(arg, err));
      continue;
    }
    if (stat.isDirectory()) {
      const found = walk(abs, arg);
      found.sort((a, b) => byCodePoint(a.split(sep).join('/'), b.split(sep).join('/')));
      if (found.length === 0 && !problems.some((p) => p.path === arg)) {
        problems.push({
          path: arg,
          message: {
            zh: `${arg}：目录中没有 .kp 文件。请检查路径。`,
            en: `${arg}: the directory contains no .kp files. Check the path.`,
          },
        });
      }
      found.forEach(add);
    } else {
      add(abs);
    }
  }
  return { files, problems };
}

function isFileThroughLink(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * How a path is shown to the user: relative to the working directory, with `/`; a file outside
 * the working directory is shown by its absolute path.
 */
export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs) || basename(abs);
  if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return abs;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** The text of a source file, without a byte-order mark (so columns match what editors show). */
export function readSource(abs: string): string {
  const text = readFileSync(abs, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}


/**
 * `readSource`, or, when the file cannot be read, its problem printed on stderr (named `shown`)
 * and undefined: what every command does with a source file it was given.
 */
export function readSourceOrReport(abs: string, shown: string, lang: Lang, io: Io): string | undefined {
  try {
    return readSource(abs);
  } catch (err) {
    io.err(t(lang, pathProblem(shown, err).message));
    return undefined;
  }
}
