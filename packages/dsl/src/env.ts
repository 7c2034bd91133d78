/**
 * The facade every front end uses (CLI, playground, tests):
 *   const env = createEnv({ loadBase });
 *   const parsed = env.parse(text, file);
 *   const checked = env.check(parsed, file);
 * `analyze` does both and returns every diagnostic of the file, sorted.
 */
import { parse, type ParseResult } from './parse.js';
import { check, type CheckOptions, type CheckResult } from './check/index.js';
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';

export interface EnvOptions {
  readonly loadBase?: CheckOptions['loadBase'];
}

export interface Analysis {
  readonly file?: string;
  readonly parsed: ParseResult;
  readonly checked: CheckResult;
  /** Parse and check diagnostics together, sorted by position; `file` set on each. */
  readonly diagnostics: Diagnostic[];
  readonly hasErrors: boolean;
}

export interface Env {
  parse(text: string, file?: string): ParseResult;
  check(parsed: ParseResult, file?: string): CheckResult;
  analyze(text: string, file?: string): Analysis;
}

export function createEnv(options: EnvOptions = {}): Env {
  const env: Env = {
    parse: (text) => parse(text),
    check: (parsed, file) => check(parsed.ast, { file, loadBase: options.loadBase }),
    analyze(text, file) {
      const parsed = env.parse(text, file);
      const checked = env.check(parsed, file);
      // With syntax errors, part of the file was not read: "declared but never used" would
      // mostly be an echo of that, so it is left out until the syntax is fixed.
      const syntaxErrors = parsed.diagnostics.some((d) => d.severity === 'error');
      const diagnostics = sortDiagnostics(
        [...parsed.diagnostics, ...checked.diagnostics.filter((d) => !(syntaxErrors && d.code === 'KP0107'))].map((d) =>
          d.file ? d : { ...d, file },
        ),
      );
      return { file, parsed, checked, diagnostics, hasErrors: diagnostics.some((d) => d.severity === 'error') };
    },
  };
  return env;
}
