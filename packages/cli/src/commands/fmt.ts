/**
 * `kaoping fmt FILE|DIR… [--check]`: rewrite policies in the canonical layout.
 * Files are written (atomically) only when their text changes. With `--check` nothing is
 * written: the files that would change are listed and the exit code is 1 if there are any.
 * A file with syntax errors is never rewritten; its diagnostics are printed and the exit code is 1.
 */
import { format, type Lang } from '@kaoping/dsl';
import { displayPath, expandPaths, readPolicyOrReport } from '../files.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, t, type Io } from '../io.js';
import { diagnosticLines } from '../render/diagnostic.js';
import { writeOutput, writeProblem } from '../write.js';

export interface FmtOptions {
  readonly lang: Lang;
  readonly check: boolean;
}

export async function runFmt(paths: readonly string[], options: FmtOptions, io: Io): Promise<number> {
  const { lang } = options;
  const { files, problems } = expandPaths(paths, io.cwd);
  for (const p of problems) io.err(t(lang, p.message));

  let failed = problems.length;
  let changed = 0;
  let broken = 0;
  let total = 0;
  for (const abs of files) {
    const shown = displayPath(abs, io.cwd);
    const text = readPolicyOrReport(abs, shown, lang, io);
    if (text === undefined) {
      failed++;
      continue;
    }
    total++;
    if (typeof text !== 'string') {
      // Not UTF-8 (KP0006): never rewritten.
      for (const line of diagnosticLines(text, lang, shown)) io.out(line);
      broken++;
      continue;
    }
    // `text` is undefined when the file has syntax errors.
    const result = format(text);
    for (const d of result.diagnostics) for (const line of diagnosticLines(d, lang, shown)) io.out(line);
    if (result.text === undefined) {
      broken++;
      continue;
    }
    if (result.text === text) continue;
    changed++;
    if (!options.check) {
      try {
        // A symbolic link stays a link: the file it points to is rewritten (write.ts).
        await writeOutput(abs, result.text);
      } catch (err) {
        io.err(writeProblem(shown, err, lang));
        failed++;
        changed--;
        continue;
      }
    }
    io.out(shown);
  }

  if (total > 0) io.out(summaryLine(lang, options.check, total, changed, broken));
  if (failed > 0) return EXIT_USAGE;
  if (broken > 0) return EXIT_PROBLEMS;
  return options.check && changed > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

function summaryLine(lang: Lang, check: boolean, total: number, changed: number, broken: number): string {
  const files = (n: number): string => `${n} file${n === 1 ? '' : 's'}`;
  const main = check
    ? { zh: `${total} 个文件中有 ${changed} 个需要格式化`, en: `${changed} of ${files(total)} would be reformatted` }
    : { zh: `已格式化 ${changed} 个文件（共 ${total} 个）`, en: `reformatted ${changed} of ${files(total)}` };
  const tail = broken
    ? { zh: `；${broken} 个文件有语法错误，未格式化`, en: `; ${files(broken)} not formatted because of syntax errors` }
    : { zh: '', en: '' };
  return t(lang, main) + t(lang, tail);
}
