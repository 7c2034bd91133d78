/**
 * Reading the base policies named by `extends "path"` (`继承 "路径"`), for every command that
 * checks a policy (check, eval, explain, schema, test).
 *
 * The path is relative to the extending file. A policy file can name any path there, and a
 * policy is often someone else's file, so a base is read only when it is
 *
 * - a `.kp` file (by the name written and by the file it really is, links followed);
 * - a regular file of at most MAX_POLICY_BYTES (source.ts: no device, FIFO or socket);
 * - under one of the roots, after every symbolic link is followed. The default root is the
 *   folder tree of the top policy: the directory named on the command line that the policy was
 *   found in (`kaoping check policies/`), or the policy's own folder (`kaoping check a/b.kp`).
 *   `--root DIR` adds a folder (e.g. the county folder above the townships' folders).
 *
 * A base that is not read is reported at the `extends` string (KP0106) with the reason and
 * what to do; its content is never read, so nothing of it is echoed.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { LoadedBase, RefusedBase } from '@kaoping/dsl';
import { displayPath } from './files.js';
import { t, type Io, type Text } from './io.js';
import { problemAdvice, problemReason, readPolicySource, type SourceProblem } from './source.js';
import type { Lang } from '@kaoping/dsl';

export type LoadBase = (path: string, fromFile: string | undefined) => LoadedBase | RefusedBase | undefined;

/** What reading a base gave, by its real path: shared by the loaders of one run (many policies share one base). */
export type BaseCache = Map<string, { text: string } | { problem: SourceProblem }>;

/** Is `abs` the folder `root` or inside it? Both are real paths. */
function within(abs: string, root: string): boolean {
  const rel = relative(root, abs);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** How a root is shown: relative to the working directory (`.` for itself), with a final `/`. */
export function shownRoot(root: string, cwd: string): string {
  const rel = relative(cwd, root);
  const shown = rel === '' ? '.' : displayPath(root, cwd);
  return shown.endsWith('/') ? shown : `${shown}/`;
}

/**
 * A loader for the bases of one top policy. `roots` are absolute folders (the default root and
 * every `--root`); `fromFile` paths are relative to `cwd`, as the checker is given them.
 */
export function baseLoader(cwd: string, roots: readonly string[], cache: BaseCache = new Map()): LoadBase {
  const realRoots = roots.flatMap((r) => {
    try {
      return [realpathSync(r)];
    } catch {
      return [];
    }
  });
  const rootsText = roots.map((r) => shownRoot(r, cwd)).join(' ');
  return (path, fromFile) => {
    const abs = resolve(cwd, fromFile === undefined ? '.' : dirname(fromFile), path);
    const shown = displayPath(abs, cwd);
    const refuse = (refused: Text, hint: Text): RefusedBase => ({ refused, hint });
    // The message names the path as written; the file it resolves to when that differs.
    const it: Text = shown === path ? { zh: '该文件', en: 'the file' } : { zh: `该文件（${shown}）`, en: `the file (${shown})` };
    const notKp: Text = { zh: '基础制度须是 .kp 文件', en: 'base policies are .kp files' };
    if (!abs.endsWith('.kp')) {
      return refuse(
        { zh: `${it.zh}不是 .kp 文件，未读取`, en: `${it.en} is not a .kp file; it was not read` },
        { zh: `${notKp.zh}；请检查 \`继承\` 的路径（相对于本文件）`, en: `${notKp.en}; check the \`extends\` path (relative to this file)` },
      );
    }
    let real: string;
    try {
      real = realpathSync(abs);
    } catch (err) {
      const problem: SourceProblem = { kind: 'io', code: (err as NodeJS.ErrnoException).code ?? String(err) };
      return refuse(
        { zh: `${it.zh}${problemReason(problem).zh}`, en: `${it.en} ${problemReason(problem).en}` },
        { zh: '检查 `继承` 的路径（相对于本文件）', en: 'check the `extends` path (relative to this file)' },
      );
    }
    if (!realRoots.some((r) => within(real, r))) {
      const through = real !== abs ? { zh: `（经符号链接指向 ${real}）`, en: ` (a symbolic link to ${real})` } : { zh: '', en: '' };
      return refuse(
        {
          zh: `${it.zh}${through.zh}不在读取基础制度的目录 ${rootsText} 之下，未读取`,
          en: `${it.en}${through.en} is outside the folder base policies are read from (${rootsText}); it was not read`,
        },
        {
          zh: `基础制度须放在顶层制度所在的目录之下；若确需使用其外的基础制度，请用 --root 目录 指定包含它的目录`,
          en: `keep base policies under the top policy's folder; to use one outside it, name a folder that holds it with --root DIR`,
        },
      );
    }
    if (!real.endsWith('.kp')) {
      return refuse(
        { zh: `${it.zh}经符号链接指向的 ${real} 不是 .kp 文件，未读取`, en: `${it.en} is a symbolic link to ${real}, which is not a .kp file; it was not read` },
        { zh: notKp.zh, en: notKp.en },
      );
    }
    let read = cache.get(real);
    if (read === undefined) {
      read = readPolicySource(real);
      cache.set(real, read);
    }
    if ('problem' in read) {
      const r = problemReason(read.problem);
      const a = problemAdvice(read.problem);
      return refuse({ zh: `${it.zh}${r.zh}`, en: `${it.en} ${r.en}` }, { zh: a.zh.replace(/。$/, ''), en: a.en.replace(/\.$/, '') });
    }
    return { text: read.text, file: shown };
  };
}

/**
 * The folders named with `--root`, as absolute paths; each must be a directory. Prints the
 * problem and returns undefined otherwise (the command exits with 2).
 */
export function rootsFromOptions(args: readonly string[] | undefined, lang: Lang, io: Io): string[] | undefined {
  const roots: string[] = [];
  for (const arg of args ?? []) {
    const abs = resolve(io.cwd, arg);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      io.err(t(lang, {
        zh: `kaoping：--root ${arg} 不是已有的目录。请给出存放基础制度的目录。`,
        en: `kaoping: --root ${arg} is not an existing folder. Give the folder that holds the base policies.`,
      }));
      return undefined;
    }
    roots.push(abs);
  }
  return roots;
}
