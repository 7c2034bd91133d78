/**
 * `kaoping eval POLICY --data FILE… [--format table|json|csv] [--out FILE]`: apply a policy to
 * the case data and print the result.
 *
 * Exit 0 with a result; 1 when the policy has errors or the data has problems (each printed
 * with file:line:column; nothing is evaluated and nothing written), or when the evaluation met
 * something it cannot answer without guessing (a missing input, a year without a calendar, a
 * missing attribute: KE codes, each printed; nothing written); 2 when a file cannot be read or the
 * command is used wrongly. Problems go to stderr, the result to stdout or `--out`.
 *
 * `loadPolicy` and `evaluateCase` are shared with `explain` and `schema`.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { compile, type EvalResult, type Program } from '@kaoping/evaluator';
import { createEnv, type Analysis, type Diagnostic, type Lang } from '@kaoping/dsl';
import { baseLoader } from '../bases.js';
import { readCaseFiles } from '../data/index.js';
import { displayPath, readPolicyOrReport } from '../files.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, t, type Io } from '../io.js';
import { policyContext, type PolicyContext } from '../render/context.js';
import { renderCsv } from '../render/csv.js';
import { countsLine, formatDataError, totalRead, type Counts } from '../render/data.js';
import { diagnosticLines } from '../render/diagnostic.js';
import { jsonChunks } from '../render/output.js';
import { renderTable } from '../render/table.js';
import { visible } from '../render/visible.js';
import { thousands } from '../render/width.js';
import { writeOutput, writeProblem } from '../write.js';

export type EvalFormat = 'table' | 'json' | 'csv';

export interface EvalOptions {
  readonly lang: Lang;
  readonly data: readonly string[];
  readonly format: EvalFormat;
  readonly out?: string;
  /** Show progress on stderr (default: when stderr is a terminal). */
  readonly progress?: boolean;
  /** More folders base policies may be read from (`--root`, absolute), besides the policy's own folder. */
  readonly roots?: readonly string[];
}

/** Which command is running, for the usage it points at (`kaoping help explain`). */
export type CaseCommand = 'eval' | 'explain';

export interface LoadedPolicy {
  readonly shown: string;
  readonly analysis: Analysis;
  readonly program: Program;
}

/**
 * Read, parse and check a policy (bases from disk, as `check` does: from under the policy's
 * folder and the `roots`). Prints its problems to stderr and returns the exit code when it
 * cannot be used: 2 unreadable, 1 with errors (a file that is not UTF-8 included).
 */
export function loadPolicy(arg: string, lang: Lang, io: Io, roots: readonly string[] = []): LoadedPolicy | number {
  const abs = resolve(io.cwd, arg);
  const shown = displayPath(abs, io.cwd);
  const text = readPolicyOrReport(abs, arg, lang, io);
  if (text === undefined) return EXIT_USAGE;
  if (typeof text !== 'string') return policyErrors([text], [text], shown, lang, io);
  const analysis = createEnv({ loadBase: baseLoader(io.cwd, [dirname(abs), ...roots]) }).analyze(text, shown);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  const program = errors.length === 0 ? compile(analysis.checked).program : undefined;
  if (!program) return policyErrors(analysis.diagnostics, errors, shown, lang, io);
  const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning').length;
  if (warnings > 0) {
    io.err(t(lang, {
      zh: `提示：制度 ${shown} 有 ${warnings} 个警告，运行 kaoping check ${shown} 查看。`,
      en: `note: the policy ${shown} has ${warnings} warning${warnings === 1 ? '' : 's'}; run kaoping check ${shown} to see ${warnings === 1 ? 'it' : 'them'}.`,
    }));
  }
  return { shown, analysis, program };
}

/** Print a policy's diagnostics and that nothing was evaluated; exit code 1. */
function policyErrors(diagnostics: readonly Diagnostic[], errors: readonly Diagnostic[], shown: string, lang: Lang, io: Io): number {
  for (const d of diagnostics) for (const line of diagnosticLines(d, lang, d.file ?? shown)) io.err(line);
  io.err(t(lang, {
    zh: `制度 ${shown} 有 ${errors.length} 个错误，未进行评估。请先改正（kaoping check ${shown} 可单独检查）。`,
    en: `the policy ${shown} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was evaluated. Correct ${errors.length === 1 ? 'it' : 'them'} first (kaoping check ${shown} checks the policy alone).`,
  }));
  return EXIT_PROBLEMS;
}

export interface Evaluated {
  readonly policy: LoadedPolicy;
  readonly result: EvalResult;
  readonly counts: Counts;
  readonly ctx: PolicyContext;
}

export interface CaseOptions {
  readonly lang: Lang;
  readonly data: readonly string[];
  /** The command, for the usage a missing `--data` points at. */
  readonly command: CaseCommand;
  readonly progress?: boolean;
  readonly roots?: readonly string[];
}

/**
 * Load the policy, read the case files and evaluate. Prints every problem to stderr and returns
 * the exit code instead when there is no result.
 */
export async function evaluateCase(policyArg: string, options: CaseOptions, io: Io): Promise<Evaluated | number> {
  const { lang, data, progress } = options;
  if (data.length === 0) {
    const usage = options.command === 'explain' ? 'kaoping explain 制度.kp --data case.yaml P1' : 'kaoping eval 制度.kp --data case.yaml';
    const usageEn = options.command === 'explain' ? 'kaoping explain policy.kp --data case.yaml P1' : 'kaoping eval policy.kp --data case.yaml';
    io.err(t(lang, {
      zh: `kaoping：缺少案件数据。请用 --data 给出案件文件，例如 ${usage}。运行 \`kaoping help ${options.command}\` 查看用法。`,
      en: `kaoping: no case data. Give the case files with --data, e.g. ${usageEn}. Run \`kaoping help ${options.command}\` for usage.`,
    }));
    return EXIT_USAGE;
  }
  const policy = loadPolicy(policyArg, lang, io, options.roots);
  if (typeof policy === 'number') return policy;

  const show = progress ?? process.stderr.isTTY === true;
  const status = show ? progressLine() : undefined;
  if (status) {
    const bytes = data.reduce((n, f) => n + sizeOf(resolve(io.cwd, f)), 0);
    if (bytes >= 1 << 20) {
      status.set(t(lang, {
        zh: `正在读取 ${data.length} 个文件（${(bytes / (1 << 20)).toFixed(1)} MB）…`,
        en: `reading ${data.length} file${data.length === 1 ? '' : 's'} (${(bytes / (1 << 20)).toFixed(1)} MB)…`,
      }));
    }
  }
  const read = await readCaseFiles(data, policy.analysis.checked.policy, { cwd: io.cwd });
  status?.clear();
  const unreadable = read.errors.filter((e) => e.code === 'KD0101');
  if (unreadable.length > 0) {
    // The other problems (no period, unknown subjects …) mostly follow from the missing file.
    for (const e of unreadable) io.err(formatDataError(e, lang));
    io.err(t(lang, { zh: '未进行评估，也未写出任何结果。', en: 'Nothing was evaluated and nothing written.' }));
    return EXIT_USAGE;
  }
  if (read.errors.length > 0 || !read.data) {
    for (const e of read.errors) io.err(formatDataError(e, lang));
    io.err(countsLine(read.counts, lang));
    const n = read.errors.length;
    io.err(t(lang, {
      zh: `案件数据有 ${n} 个问题，未进行评估，也未写出任何结果。请按上面的提示改正后重试。`,
      en: `the case data has ${n} problem${n === 1 ? '' : 's'}; nothing was evaluated and nothing written. Correct the data as the messages say and try again.`,
    }));
    return EXIT_PROBLEMS;
  }
  const records = totalRead(read.counts);
  if (status && records >= 10_000) {
    status.set(t(lang, { zh: `已读取 ${thousands(records)} 条记录，正在评估…`, en: `read ${thousands(records)} records, evaluating…` }));
  }
  const result = policy.program.evaluate(read.data, { counts: read.counts });
  status?.clear();
  const checked = policy.analysis.checked;
  const ctx = policyContext(checked.policy, policy.shown, (d) => checked.symbols.get(d)?.file, lang, io.cwd);
  return { policy, result, counts: read.counts, ctx };
}

export async function runEval(policyArg: string, options: EvalOptions, io: Io): Promise<number> {
  const { lang } = options;
  // An output file whose directory does not exist is known before any work is done.
  const outAbs = options.out === undefined ? undefined : resolve(io.cwd, options.out);
  if (outAbs !== undefined && !isDirectory(dirname(outAbs))) {
    io.err(writeProblem(options.out!, Object.assign(new Error('ENOENT'), { code: 'ENOENT' }), lang));
    return EXIT_USAGE;
  }
  const done = await evaluateCase(policyArg, { lang, data: options.data, command: 'eval', ...(options.progress !== undefined ? { progress: options.progress } : {}), ...(options.roots ? { roots: options.roots } : {}) }, io);
  if (typeof done === 'number') return done;
  const { result, ctx } = done;
  if (result.errors.length > 0) {
    reportEvaluationErrors(result, lang, io);
    io.err(t(lang, { zh: '未写出任何结果。', en: 'Nothing was written.' }));
    return EXIT_PROBLEMS;
  }

  if (options.format === 'table' && outAbs === undefined) {
    // Lines for a reader: `io.out` shows their control characters as escapes.
    for (const line of renderTable(result, ctx, lang)) {
      if (io.outError?.()) break;
      io.out(line);
    }
    return EXIT_OK;
  }
  // JSON is produced in pieces (a year of a county is hundreds of megabytes of text).
  const text: string | Iterable<string> =
    options.format === 'json'
      ? (function* () {
          yield* jsonChunks(result);
          yield '\n';
        })()
      : options.format === 'csv'
        ? renderCsv(result, lang)
        : renderTable(result, ctx, lang).map(visible).join('\n') + '\n';

  if (outAbs === undefined) {
    for (const chunk of typeof text === 'string' ? [text] : text) {
      // Once stdout has failed (a full disk), the rest is not produced; main reports it.
      if (io.outError?.()) break;
      io.write(chunk);
    }
    return EXIT_OK;
  }
  try {
    await writeOutput(outAbs, text);
  } catch (err) {
    io.err(writeProblem(options.out!, err, lang));
    return EXIT_USAGE;
  }
  const people = result.subjects.filter((s) => s.kind === 'person').length;
  const units = result.subjects.length - people;
  io.err(t(lang, {
    zh: `已写入 ${options.out}（人员 ${people}，单位 ${units}）`,
    en: `wrote ${options.out} (${people} people, ${units} units)`,
  }));
  return EXIT_OK;
}

/**
 * What the evaluation could not answer (KE codes: a missing input or attribute, a year the calendar
 * does not cover …), each with its record's file:line:column where it has one, and what to do.
 */
export function reportEvaluationErrors(result: EvalResult, lang: Lang, io: Io): void {
  for (const e of result.errors) io.err(formatDataError(e, lang));
  const n = result.errors.length;
  io.err(t(lang, {
    zh: `评估中有 ${n} 个问题无法按制度作答（见上）。请按提示补齐案件数据，或在制度中写明该情形的读法。`,
    en: `the evaluation met ${n} problem${n === 1 ? '' : 's'} the policy gives no answer to (above). Complete the case data as the messages say, or write the reading for that case into the policy.`,
  }));
}

function sizeOf(abs: string): number {
  try {
    return statSync(abs).size;
  } catch {
    return 0;
  }
}

function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/** One line of progress on stderr, rewritten in place (only used when stderr is a terminal). */
function progressLine(): { set(text: string): void; clear(): void } {
  let shown = false;
  return {
    set(text) {
      process.stderr.write(`\r\x1b[K${text}`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
