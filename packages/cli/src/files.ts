/**
 * Expanding the paths given on the command line, showing them, and reading the policies named
 * there (source.ts says what is read and what refused).
 * Node-only; everything the language needs lives in @kaoping/dsl.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, Lang } from '@kaoping/dsl';
import { t, type Io, type Text } from './io.js';
import { readPolicySource, sourceMessage, utf8Diagnostic } from './source.js';

/** A path the command could not use, with what to do about it. */
export interface PathProblem {
  readonly path: string;
  readonly message: Text;
}

export interface Expansion {
  /** Absolute paths of the files to process, each once, in a deterministic order. */
  readonly files: string[];
  readonly problems: PathProblem[];
  /**
   * The folder tree each file was given in: the directory named on the command line that it was
   * found under, or the file's own folder. Its bases are read from there (bases.ts).
   */
  readonly rootOf: ReadonlyMap<string, string>;
}

/** Directories never searched: dependencies, build output and hidden folders such as `.git`. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

/** Code-point order, independent of the machine's locale. */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The problem of a path that could not be used (stat or readdir failed with `err`). */
export function pathProblem(path: string, err: unknown): PathProblem {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? String(err);
  return { path, message: sourceMessage(path, code === 'EISDIR' ? { kind: 'directory' } : { kind: 'io', code }) };
}

/**
 * Files named on the command line are taken as they are (whatever their extension);
 * directories are searched recursively for `*.kp`, sorted by path.
 */
export function expandPaths(args: readonly string[], cwd: string): Expansion {
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: PathProblem[] = [];
  const rootOf = new Map<string, string>();
  const add = (file: string, root: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
      rootOf.set(file, root);
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
      for (const f of found) add(f, abs);
    } else {
      add(abs, dirname(abs));
    }
  }
  return { files, problems, rootOf };
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

/**
 * The text of a policy file named by the user (source.ts: a regular file, at most 4 MiB, UTF-8);
 * or, when it is not UTF-8, its KP0006 diagnostic, for the command to report as it reports the
 * policy's other errors; or, when it cannot be used at all, undefined, its problem printed on
 * stderr (named `shown`): what every command does with a policy file it was given.
 */
export function readPolicyOrReport(abs: string, shown: string, lang: Lang, io: Io): string | Diagnostic | undefined {
  const read = readPolicySource(abs);
  if ('text' in read) return read.text;
  if (read.problem.kind === 'utf8') return utf8Diagnostic(read.problem, shown);
  io.err(t(lang, sourceMessage(shown, read.problem)));
  return undefined;
}
