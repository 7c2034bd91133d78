/**
 * `kaoping check FILE|DIR…`: parse and check every policy, print each diagnostic and a summary.
 * Exit 0 without errors (warnings allowed), 1 with any error, 2 when a path cannot be used.
 */
import { dirname, resolve } from 'node:path';
import { createEnv, formatDiagnostic, type Diagnostic, type Lang } from '@kaoping/dsl';
import { displayPath, expandPaths, readSource, readSourceOrReport } from '../files.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, t, type Io } from '../io.js';

export interface CheckOptions {
  readonly lang: Lang;
  readonly format: 'text' | 'json';
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
  const { files, problems } = expandPaths(paths, io.cwd);
  for (const p of problems) io.err(t(lang, p.message));

  const env = createEnv({ loadBase: baseLoader(io.cwd) });
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  let unreadable = problems.length;
  let checkedFiles = 0;

  for (const abs of files) {
    const shown = displayPath(abs, io.cwd);
    const text = readSourceOrReport(abs, shown, lang, io);
    if (text === undefined) {
      unreadable++;
      continue;
    }
    checkedFiles++;
    for (const d0 of env.analyze(text, shown).diagnostics) {
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
    io.out(JSON.stringify(diagnostics.map((d) => toJson(d, lang)), null, 2));
    if (checkedFiles > 0) io.err(summary);
  } else {
    for (const d of diagnostics) io.out(formatDiagnostic(d, lang, d.file));
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

/**
 * `extends "path"` is resolved relative to the directory of the extending file. `fromFile` is
 * the path we gave the checker (relative to the working directory), or a base's own path for a
 * base that extends another. Reads are cached for the run: many policies share one base.
 */
export function baseLoader(cwd: string): (path: string, fromFile: string | undefined) => { text: string; file: string } | undefined {
  const cache = new Map<string, { text: string; file: string } | undefined>();
  return (path, fromFile) => {
    const abs = resolve(cwd, fromFile === undefined ? '.' : dirname(fromFile), path);
    if (!cache.has(abs)) {
      let loaded: { text: string; file: string } | undefined;
      try {
        loaded = { text: readSource(abs), file: displayPath(abs, cwd) };
      } catch {
        loaded = undefined;
      }
      cache.set(abs, loaded);
    }
    return cache.get(abs);
  };
}
