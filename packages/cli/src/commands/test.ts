/**
 * `kaoping test PATH…`: run scenario files (docs/scenarios.md). Files named on the command line
 * are run whatever their name; directories are searched for `*.test.yaml` (and `*.test.yml`).
 *
 * Prints each scenario (通过 / 失败, with expected and actual values and the trace behind them)
 * and `N 个场景通过，M 个失败`. Exit 0 when every scenario passes; 1 when one fails or a scenario
 * file has a problem; 2 when a path, a policy or a data file cannot be read.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Lang } from '@kaoping/dsl';
import { pathProblem } from '../files.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, t, type Io } from '../io.js';
import { formatScenarioFile, runScenarioFile, summaryLine } from '../scenario.js';

const SKIPPED = new Set(['node_modules', 'dist']);
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const isScenarioFile = (name: string): boolean => name.endsWith('.test.yaml') || name.endsWith('.test.yml');

/** Every scenario file under a directory, sorted by path. */
export function findScenarioFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIPPED.has(e.name)) walk(full);
      } else if (isScenarioFile(e.name)) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found.sort((a, b) => byCodePoint(a.split(sep).join('/'), b.split(sep).join('/')));
}

export interface TestOptions {
  readonly lang: Lang;
  /** More folders base policies may be read from (`--root`, absolute). */
  readonly roots?: readonly string[];
}

export async function runTest(paths: readonly string[], options: TestOptions, io: Io): Promise<number> {
  const { lang } = options;
  const files: string[] = [];
  // A scenario's policy may extend bases from under the directory its file was found in.
  const foundIn = new Map<string, string>();
  let unreadable = 0;
  for (const arg of paths) {
    const abs = resolve(io.cwd, arg);
    try {
      if (statSync(abs).isDirectory()) {
        const found = findScenarioFiles(abs);
        if (found.length === 0) {
          io.err(t(lang, { zh: `${arg}：目录中没有 *.test.yaml 场景文件。请检查路径。`, en: `${arg}: the directory contains no *.test.yaml scenario files. Check the path.` }));
          unreadable++;
        }
        for (const f of found) {
          if (!files.includes(f)) files.push(f);
          if (!foundIn.has(f)) foundIn.set(f, abs);
        }
      } else if (!files.includes(abs)) {
        files.push(abs);
      }
    } catch (err) {
      io.err(t(lang, pathProblem(arg, err).message));
      unreadable++;
    }
  }

  let passed = 0;
  let failed = 0;
  let broken = 0;
  for (const f of files) {
    const dir = foundIn.get(f);
    const r = await runScenarioFile(f, { cwd: io.cwd, roots: [...(dir ? [dir] : []), ...(options.roots ?? [])] });
    for (const line of formatScenarioFile(r, lang)) io.out(line);
    if (r.unreadable) unreadable++;
    if (r.problems.length > 0) broken++;
    for (const s of r.scenarios) {
      if (s.passed) passed++;
      else failed++;
    }
  }
  if (files.length > 0) {
    const tail = broken > 0 ? t(lang, { zh: `；${broken} 个场景文件有问题`, en: `; ${broken} scenario file${broken === 1 ? '' : 's'} with problems` }) : '';
    io.out(summaryLine(passed, failed, lang) + tail);
  }
  if (unreadable > 0) return EXIT_USAGE;
  return failed > 0 || broken > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
