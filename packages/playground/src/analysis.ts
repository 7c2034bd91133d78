/**
 * What the worker does, as plain functions (so that it can be tested without a worker): analyse
 * the policy, compile it once per text, read the case data with positions, evaluate.
 */
import { completion, createEnv, definition, hover, type Analysis, type Diagnostic, type Lang } from '@kaoping/dsl';
import { compile, createValidator, createYamlCaseReader, feedYamlCase, policyModel, type CaseResult, type DataError, type ParsedYamlCase, type Program } from '@kaoping/evaluator';
import type { AnalyzeRequest, AnalyzeResponse, Marker, ServiceRequest, ServiceResponse } from './protocol.js';

/** `a/b/../c.kp` → `a/c.kp`; paths are relative to the bundled repository root. */
export function normalize(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function envFor(files: Readonly<Record<string, string>>, policy: { file: string; text: string }) {
  return createEnv({
    loadBase: (path, from) => {
      const file = normalize(`${dirname(from ?? policy.file)}/${path}`);
      if (file === policy.file) return { text: policy.text, file };
      const text = files[file];
      return text === undefined ? undefined : { text, file };
    },
  });
}

export function policyMarker(d: Diagnostic, lang: Lang): Marker {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message[lang],
    ...(d.hint ? { hint: d.hint[lang] } : {}),
    line: d.span.line,
    column: d.span.column,
    endLine: d.span.endLine,
    endColumn: d.span.endColumn,
  };
}

/** The lines of the last text split (many markers on one text split it once). */
let split: { text: string; lines: string[] } | undefined;
function linesOf(text: string): string[] {
  if (split?.text !== text) split = { text, lines: text.split(/\r\n?|\n/) };
  return split.lines;
}

/** A data problem at its line and column; the marker covers the rest of the token (to the next separator). */
export function dataMarker(e: DataError, text: string, lang: Lang): Marker {
  const line = e.origin?.line ?? 1;
  const column = e.origin?.column ?? 1;
  const lineText = linesOf(text)[line - 1] ?? '';
  let end = column - 1;
  while (end < lineText.length && !/[,}\]\s]/.test(lineText[end]!)) end++;
  if (end <= column - 1) end = Math.max(column, lineText.length);
  return { severity: 'error', code: e.code, message: e.message[lang], line, column, endLine: line, endColumn: end + 1 };
}

/** The last compiled policy: evaluating again with new data does not compile again. */
let compiled: { text: string; files: Readonly<Record<string, string>>; file: string; analysis: Analysis; program?: Program } | undefined;

/**
 * Same files, by content: the worker receives a fresh copy of the bundled files with every
 * message (postMessage clones them), so comparing the objects themselves would never match.
 */
function sameFiles(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function analyzePolicy(req: { policy: { file: string; text: string }; files: Readonly<Record<string, string>> }): { analysis: Analysis; program?: Program; fresh: boolean; compileMs: number } {
  if (compiled && compiled.text === req.policy.text && compiled.file === req.policy.file && sameFiles(compiled.files, req.files)) {
    return { analysis: compiled.analysis, ...(compiled.program ? { program: compiled.program } : {}), fresh: false, compileMs: 0 };
  }
  const analysis = envFor(req.files, req.policy).analyze(req.policy.text, req.policy.file);
  const t = performance.now();
  const program = analysis.hasErrors ? undefined : compile(analysis.checked).program;
  const compileMs = analysis.hasErrors ? 0 : performance.now() - t;
  compiled = { text: req.policy.text, file: req.policy.file, files: req.files, analysis, ...(program ? { program } : {}) };
  return { analysis, ...(program ? { program } : {}), fresh: true, compileMs };
}

/**
 * The case data, parsed: the last text's parse is kept, so a policy edit feeds the same tree to the
 * new policy's validator without parsing the data again; a data edit parses again only the record
 * lines that changed (`createYamlCaseReader`, which falls back to a whole parse when the text is
 * not one record a line).
 */
const dataReader = createYamlCaseReader();
let lastData: { text: string; file: string; parsed: ParsedYamlCase } | undefined;

/** The parse of the case data (for tests: `dataReader.stats` says what was parsed again). */
export function parseData(data: { text: string; file: string }): ParsedYamlCase {
  if (lastData && lastData.text === data.text && lastData.file === data.file) return lastData.parsed;
  const parsed = dataReader.parse(data.text, data.file);
  lastData = { text: data.text, file: data.file, parsed };
  return parsed;
}
export const dataStats = dataReader.stats;

/**
 * The last validated case, by what it depends on: the parsed data (the same object while the text
 * is the same) and the policy's model of case data (its events, attributes, inputs, surveys,
 * params). A policy edit that leaves the model alone — a weight, a band, a rule — reuses it.
 */
let validated: { parsed: ParsedYamlCase; model: string; read: CaseResult } | undefined;

/** The model's text per analysis: a data edit keeps the analysis, so the model is not written out again. */
const modelText = new WeakMap<Analysis, string>();

function validate(analysis: Analysis, parsed: ParsedYamlCase): CaseResult {
  let model = modelText.get(analysis);
  if (model === undefined) {
    // (the model holds Maps: written out as entry lists, so that every event, attribute and value counts)
    model = JSON.stringify(policyModel(analysis.checked.policy), (_k, v: unknown) => (v instanceof Map ? [...v] : v));
    modelText.set(analysis, model);
  }
  if (validated && validated.parsed === parsed && validated.model === model) return validated.read;
  const v = createValidator(analysis.checked.policy);
  feedYamlCase(parsed, v);
  const read = v.finish();
  validated = { parsed, model, read };
  return read;
}

export function analyzeRequest(req: AnalyzeRequest): AnalyzeResponse {
  const t0 = performance.now();
  const { analysis, program, compileMs } = analyzePolicy(req);
  const t1 = performance.now();
  // Diagnostics in a base policy are not the editor's: show them at the top of the file.
  const policyMarkers = analysis.diagnostics.map((d) =>
    d.file === undefined || d.file === req.policy.file ? policyMarker(d, req.lang) : { ...policyMarker(d, req.lang), message: `${d.file}:${d.span.line}: ${d.message[req.lang]}`, line: 1, column: 1, endLine: 1, endColumn: 2 },
  );
  const timings = { analyze: t1 - t0 - compileMs, compile: compileMs, data: 0, evaluate: 0 };
  if (!program) return { id: req.id, kind: 'analyze', policyMarkers, dataMarkers: [], blocked: 'policy', timings };
  const read = validate(analysis, parseData(req.data));
  const t2 = performance.now();
  timings.data = t2 - t1;
  const dataMarkers = read.errors.map((e) => dataMarker(e, req.data.text, req.lang));
  if (read.errors.length > 0 || !read.data) return { id: req.id, kind: 'analyze', policyMarkers, dataMarkers, blocked: 'data', timings };
  const result = program.evaluate(read.data, { counts: read.counts });
  timings.evaluate = performance.now() - t2;
  return { id: req.id, kind: 'analyze', policyMarkers, dataMarkers, result, timings };
}

export function serviceRequest(req: ServiceRequest): ServiceResponse {
  const { analysis } = analyzePolicy(req);
  const options = { file: req.policy.file, analysis, lang: req.lang, loadBase: undefined };
  const pos = { line: req.line, column: req.column };
  if (req.kind === 'completion') return { id: req.id, kind: req.kind, completion: completion(req.policy.text, pos, options) };
  if (req.kind === 'hover') return { id: req.id, kind: req.kind, hover: hover(req.policy.text, pos, options) ?? null };
  return { id: req.id, kind: req.kind, definition: definition(req.policy.text, pos, options) ?? null };
}
