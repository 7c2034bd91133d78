/**
 * Reading case data from files (Node only): YAML, JSON, NDJSON and CSV, any number of files
 * combined into one case. docs/case-data.md describes the formats.
 *
 *   const { data, errors, counts } = await readCaseFiles(['case.yaml', 'events.ndjson'], policy);
 *
 * Errors come sorted by file (in the order given), line and column; problems that concern no
 * position (a missing period, a parameter without a value) come last. An unreadable file gives
 * KD0101 (the CLI exits with 2).
 */
import { resolve } from 'node:path';
import type { PolicyFile } from '@kaoping/dsl';
import { createValidator, type CaseResult, type DataError } from '@kaoping/evaluator';
import { readCsv } from './csv.js';
import { checkReadable, formatOf, unreadable, unsupported } from './files.js';
import { readNdjson } from './ndjson.js';
import { readYaml } from './yaml.js';

export { kindFromName } from './ndjson.js';
export { parseJsonLine, JsonLineError } from './json-line.js';

export interface ReadOptions {
  /** Paths are resolved against this directory (default: the process's). Messages show them as given. */
  readonly cwd?: string;
}

export async function readCaseFiles(paths: readonly string[], policy: PolicyFile, options: ReadOptions = {}): Promise<CaseResult> {
  const v = createValidator(policy);
  const cwd = options.cwd ?? process.cwd();
  for (const display of paths) {
    const path = resolve(cwd, display);
    const format = formatOf(display);
    if (format === 'yaml') await readYaml(path, display, v);
    else if (format === 'ndjson') await readNdjson(path, display, v);
    else if (format === 'csv') await readCsv(path, display, v);
    else v.error(await notACaseFile(path, display));
  }
  const result = v.finish();
  return { ...result, errors: sortErrors(result.errors, paths) };
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
