/**
 * Reading case data from files (Node only): YAML, JSON, NDJSON and CSV, any number of files
 * combined into one case. docs/case-data.md describes the formats.
 *
 *   const { data, errors, counts } = await readCaseFiles(['case.yaml', 'events.ndjson'], policy);
 *
 * A directory stands for the case files directly inside it, in name order.
 *
 * Errors come sorted by file (in the order given), line and column; problems that concern no
 * position (a missing period, a parameter without a value) come last. An unreadable file gives
 * KD0101 (the CLI exits with 2).
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PolicyFile } from '@kaoping/dsl';
import { createValidator, type CaseResult, type DataError } from '@kaoping/evaluator';
import { readCsv } from './csv.js';
import { checkReadable, formatOf, unreadable, unsupported } from './files.js';
import { readNdjson } from './ndjson.js';
import { readYaml } from './yaml.js';

export { kindFromName } from './ndjson.js';
export { parseJsonLine, JsonLineError } from '@kaoping/evaluator';

export interface ReadOptions {
  /** Paths are resolved against this directory (default: the process's). Messages show them as given. */
  readonly cwd?: string;
}

export async function readCaseFiles(given: readonly string[], policy: PolicyFile, options: ReadOptions = {}): Promise<CaseResult> {
  const v = createValidator(policy);
  const cwd = options.cwd ?? process.cwd();
  const paths: string[] = [];
  for (const display of given) {
    const inDir = await caseFilesIn(resolve(cwd, display), display);
    if (inDir === undefined) paths.push(display);
    else if (inDir.length === 0) v.error(emptyDirectory(display));
    else paths.push(...inDir);
  }
  for (const display of paths) {
    const path = resolve(cwd, display);
    const format = formatOf(display);
    if (format === 'yaml') await readYaml(path, display, v);
    else if (format === 'ndjson') await readNdjson(path, display, v);
    else if (format === 'csv') await readCsv(path, display, v);
    else v.error(await notACaseFile(path, display));
  }
  const result = v.finish();
  return { ...result, errors: sortErrors(result.errors, [...given, ...paths]) };
}

/**
 * A directory stands for the case files directly inside it (.yaml/.yml/.json/.ndjson/.jsonl/.csv,
 * not its subdirectories), in name order; undefined when the path is not a directory.
 */
async function caseFilesIn(path: string, display: string): Promise<string[] | undefined> {
  let names: string[];
  try {
    if (!(await stat(path)).isDirectory()) return undefined;
    names = await readdir(path);
  } catch {
    return undefined; // reported when the path is read as a file
  }
  const files: string[] = [];
  for (const name of names.sort()) {
    if (formatOf(name) === undefined) continue;
    try {
      if ((await stat(join(path, name))).isFile()) files.push(join(display, name));
    } catch {
      files.push(join(display, name)); // reported when it is read
    }
  }
  return files;
}

function emptyDirectory(display: string): DataError {
  return {
    code: 'KD0101',
    message: {
      zh: `${display}：是目录，但其中没有案件文件。目录中的 .yaml/.yml、.json、.ndjson/.jsonl 和 .csv 文件会按文件名顺序读取；请把案件文件放进该目录，或直接给出文件。`,
      en: `${display}: is a directory with no case files in it. The .yaml/.yml, .json, .ndjson/.jsonl and .csv files of a directory are read in name order; put the case files there, or name the files.`,
    },
    record: display,
  };
}

/** A path with an unknown extension: a missing path or a directory says so (KD0101), a file is KD0105. */
async function notACaseFile(path: string, display: string): Promise<DataError> {
  try {
    await checkReadable(path);
  } catch (e) {
    return unreadable(display, e);
  }
  return unsupported(display);
}

/** Stable sort by file (order given), line, column; errors without a file last. */
export function sortErrors(errors: readonly DataError[], paths: readonly string[]): DataError[] {
  const fileIndex = (e: DataError): number => {
    const f = e.origin?.file ?? (e.code === 'KD0101' || e.code === 'KD0105' || e.code === 'KD0106' ? e.record : undefined);
    const i = f === undefined ? -1 : paths.indexOf(f);
    return i < 0 ? paths.length : i;
  };
  return errors
    .map((e, i) => ({ e, i, f: fileIndex(e) }))
    .sort((a, b) => a.f - b.f || (a.e.origin?.line ?? 0) - (b.e.origin?.line ?? 0) || (a.e.origin?.column ?? 0) - (b.e.origin?.column ?? 0) || a.i - b.i)
    .map((x) => x.e);
}
