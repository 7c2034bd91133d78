/**
 * `kaoping check FILE|DIR…`: parse and check every policy, print each diagnostic and a summary.
 * Exit 0 without errors (warnings allowed), 1 with any error, 2 when a path cannot be used.
 */
import { createEnv, type Diagnostic, type Lang } from '@kaoping/dsl';
import { baseLoader, type BaseCache } from '../bases.js';
import { displayPath, expandPaths, readPolicyOrReport } from '../files.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, t, type Io } from '../io.js';
import { diagnosticLines } from '../render/diagnostic.js';

export interface CheckOptions {
  readonly lang: Lang;
  readonly format: 'text' | 'json';
  /** More folders base policies may be read from (`--root`, absolute), besides each policy's own tree. */
  readonly roots?: readonly string[];
}

/** One diagnostic as `--format json` prints it. Lines and columns are 1-based; ends are exclusive. */
export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly hint: string | null;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function runCheck(paths: readonly string[], options: CheckOptions, io: Io): number {
  const { lang } = options;
  const { files, problems, rootOf } = expandPaths(paths, io.cwd);
  for (const p of problems) io.err(t(lang, p.message));

  const cache: BaseCache = new Map();
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  let unreadable = problems.length;
  let checkedFiles = 0;

  for (const abs of files) {
    const shown = displayPath(abs, io.cwd);
    const text = readPolicyOrReport(abs, shown, lang, io);
    if (text === undefined) {
      unreadable++;
      continue;
    }
    checkedFiles++;
    const roots = [rootOf.get(abs)!, ...(options.roots ?? [])];
    const found = typeof text === 'string' ? createEnv({ loadBase: baseLoader(io.cwd, roots, cache) }).analyze(text, shown).diagnostics : [text];
    for (const d0 of found) {
      const d = d0.file ? d0 : { ...d0, file: shown };
      // A base policy checked on its own and through a file extending it reports its problems once.
      const key = `${d.file}\0${d.span.line}\0${d.span.column}\0${d.code}\0${d.message.en}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push(d);
    }
  }

  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const summary = summaryLine(lang, checkedFiles, errors, warnings);

  if (options.format === 'json') {
    io.write(JSON.stringify(diagnostics.map((d) => toJson(d, lang)), null, 2) + '\n');
    if (checkedFiles > 0) io.err(summary);
  } else {
    for (const d of diagnostics) for (const line of diagnosticLines(d, lang, d.file)) io.out(line);
    if (checkedFiles > 0) io.out(summary);
  }

  if (unreadable > 0) return EXIT_USAGE;
  return errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

export function toJson(d: Diagnostic, lang: Lang): JsonDiagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message[lang],
    hint: d.hint ? d.hint[lang] : null,
    file: d.file ?? '<input>',
    line: d.span.line,
    column: d.span.column,
    endLine: d.span.endLine,
    endColumn: d.span.endColumn,
  };
}

/** `3 个文件：0 个错误，2 个警告` / `3 files: 0 errors, 2 warnings`. */
export function summaryLine(lang: Lang, files: number, errors: number, warnings: number): string {
  if (lang === 'zh') return `${files} 个文件：${errors} 个错误，${warnings} 个警告`;
  const n = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${n(files, 'file')}: ${n(errors, 'error')}, ${n(warnings, 'warning')}`;
}
