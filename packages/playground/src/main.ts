/**
 * The playground page: the policy editor, the case-data editor and the results pane. Every edit
 * (debounced) sends both texts to the analysis worker; its answer sets the markers of both
 * editors and, when both are clean, the results. Nothing runs on a server.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/suggest/register';
// The suggest widget and the go-to-definition commands (F12) are contributions the feature
// registers above do not pull in (monaco-editor 0.57).
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/languages/definitions/yaml/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { Lang } from '@kaoping/dsl';
import type { EvalResult } from '@kaoping/evaluator';
import { DEFAULT_EXAMPLE, EXAMPLES, POLICY_FILES } from './examples.js';
import { WORDS } from './i18n.js';
import { LANGUAGE_ID, registerKaoping } from './language.js';
import type { AnalyzeResponse, Marker, Request, Response, ServiceResponse, TraceResponse } from './protocol.js';
import { ResultsView, type TraceTarget } from './results.js';
import { decodeShare, encodeShare } from './share.js';
import { recordLines, setupScenarioMode } from './scenario.js';
import './style.css';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

// ---- state -------------------------------------------------------------------------------
const params = new URLSearchParams(location.search);
let lang: Lang = params.get('lang') === 'en' ? 'en' : 'zh';
let policyFile = DEFAULT_EXAMPLE.policyFile;
let lastGood: EvalResult | undefined;
let previousGood: EvalResult | undefined;

// ---- the worker ----------------------------------------------------------------------------
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let nextId = 1;
const pending = new Map<number, (r: Response) => void>();
worker.onmessage = (e: MessageEvent<Response>) => {
  pending.get(e.data.id)?.(e.data);
  pending.delete(e.data.id);
};
/** A request without its id (Omit distributed over the union, so each kind keeps its own fields). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Outgoing = WithoutId<Request>;
function ask<R extends Response>(req: Outgoing): Promise<R> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve as (r: Response) => void);
    worker.postMessage({ ...req, id });
  });
}

registerKaoping({
  lang: () => lang,
  request: (kind, model, position) =>
    ask<ServiceResponse>({ kind, lang, policy: { file: policyFile, text: model.getValue() }, files: POLICY_FILES, line: position.lineNumber, column: position.column }),
});

// ---- the editors ---------------------------------------------------------------------------
const $ = <T extends HTMLElement>(sel: string): T => document.querySelector<T>(sel)!;
const policyModel = monaco.editor.createModel('', LANGUAGE_ID, monaco.Uri.parse('file:///policy.kp'));
const dataModel = monaco.editor.createModel('', 'yaml', monaco.Uri.parse('file:///case.yaml'));
const common: monaco.editor.IStandaloneEditorConstructionOptions = {
  theme: 'kaoping',
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 13,
  scrollBeyondLastLine: false,
  wordWrap: 'off',
  renderWhitespace: 'none',
  unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: false },
};
const policyEditor = monaco.editor.create($('#policy-editor'), { ...common, model: policyModel });
const dataEditor = monaco.editor.create($('#data-editor'), { ...common, model: dataModel });
// For the end-to-end tests and for curious users: the editors and the last result.
(window as unknown as Record<string, unknown>).kaoping = { monaco, policyEditor, dataEditor, policyModel, dataModel, lastResult: () => lastGood };

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info } as const;
function setMarkers(model: monaco.editor.ITextModel, markers: readonly Marker[]): void {
  monaco.editor.setModelMarkers(
    model,
    'kaoping',
    markers.map((m) => ({
      severity: SEVERITY[m.severity],
      code: m.code,
      message: m.hint ? `${m.message}\n${m.hint}` : m.message,
      startLineNumber: m.line,
      startColumn: m.column,
      endLineNumber: m.endLine,
      endColumn: Math.max(m.endColumn, m.column + 1),
      source: 'kaoping',
    })),
  );
}

// ---- results ----------------------------------------------------------------------------
let policyDecorations = policyEditor.createDecorationsCollection();
let dataDecorations = dataEditor.createDecorationsCollection();

/** Read-only models of the base policies a trace may point into (`继承`), by path. */
const baseModels = new Map<string, monaco.editor.ITextModel>();
function showPolicyFile(file: string): void {
  const tabs = $('#policy-tabs');
  if (file === policyFile) {
    if (policyEditor.getModel() !== policyModel) policyEditor.setModel(policyModel);
    policyEditor.updateOptions({ readOnly: false });
  } else {
    let m = baseModels.get(file);
    if (!m) {
      m = monaco.editor.createModel(POLICY_FILES[file] ?? '', LANGUAGE_ID, monaco.Uri.parse(`file:///base/${baseModels.size}.kp`));
      baseModels.set(file, m);
    }
    policyEditor.setModel(m);
    policyEditor.updateOptions({ readOnly: true });
  }
  tabs.replaceChildren();
  if (file !== policyFile) {
    const back = document.createElement('button');
    back.type = 'button';
    back.className = 'tab';
    back.textContent = `← ${policyFile}`;
    back.addEventListener('click', () => showPolicyFile(policyFile));
    const here = document.createElement('span');
    here.className = 'tab current';
    here.textContent = `${file}（${WORDS[lang].readOnlyBase}）`;
    tabs.append(back, here);
  }
}

/** A penalty imposed by a rule reads as `效能告诫@2024-02-20（Q015）`, not by its internal id. */
function recordName(id: string): string {
  for (const s of lastGood?.subjects ?? []) {
    const p = s.penalties.find((x) => x.id === id);
    if (p) return `${p.penalty}@${p.date}（${s.id}）`;
  }
  return id;
}
function readable(text: string): string {
  return text.replace(/[^\s（）()、,，:：]+:[^\s（）()、,，:：]+:\d+/g, recordName).replace(/(\d+\.\d{8})\d{4,}/g, '$1…');
}

async function showTrace(target: TraceTarget): Promise<void> {
  const { traces } = await ask<TraceResponse>({ kind: 'trace', ref: target.ref });
  const w = WORDS[lang];
  const box = $('#trace');
  box.replaceChildren();
  const h = document.createElement('h3');
  h.textContent = `${w.trace}：${target.title}`;
  box.append(h);
  const ranges = new Map<string, monaco.IRange[]>();
  const dataLines = new Set<number>();
  for (const t of traces) {
    const item = document.createElement('div');
    item.className = 'trace-item';
    const file = t.span.file ?? policyFile;
    const where = document.createElement('a');
    where.href = '#';
    where.className = 'trace-where';
    where.textContent = `${file === policyFile ? '' : `${file} `}${w.line(t.span.line)}`;
    where.addEventListener('click', (e) => {
      e.preventDefault();
      highlight(new Map([[file, [new monaco.Range(t.span.line, t.span.column, t.span.endLine, t.span.endColumn)]]]));
    });
    const why = document.createElement('span');
    why.textContent = `${readable(t.why[lang])}  —  ${w.rule} ${t.decl}${t.source ? `（${w.source}：${t.source}）` : ''}  `;
    item.append(why, where);
    if (t.records.length > 0) {
      const rec = document.createElement('div');
      rec.className = 'trace-records';
      rec.textContent = `${w.records}：${t.records.slice(0, 30).map(recordName).join('、')}${t.records.length > 30 ? ` … (${t.records.length})` : ''}`;
      item.append(rec);
    }
    box.append(item);
    const list = ranges.get(file) ?? [];
    list.push(new monaco.Range(t.span.line, t.span.column, t.span.endLine, t.span.endColumn));
    ranges.set(file, list);
    for (const l of recordLines(dataModel.getValue(), t.records)) dataLines.add(l); // the worker already added the events behind penalty records
  }
  highlight(ranges);
  dataDecorations.clear();
  dataDecorations = dataEditor.createDecorationsCollection([...dataLines].map((l) => ({ range: new monaco.Range(l, 1, l, 1), options: { isWholeLine: true, className: 'record-highlight' } })));
  const first = Math.min(...dataLines);
  if (Number.isFinite(first)) dataEditor.revealLineInCenter(first);
  box.scrollIntoView({ block: 'nearest' });
}

/** Highlight clause ranges: those of the edited policy if any, else of the first base file (shown read-only). */
function highlight(ranges: Map<string, monaco.IRange[]>): void {
  const file = ranges.has(policyFile) ? policyFile : [...ranges.keys()][0];
  policyDecorations.clear();
  if (file === undefined) return;
  showPolicyFile(file);
  const list = ranges.get(file)!;
  policyDecorations = policyEditor.createDecorationsCollection([
    ...list.map((range) => ({ range, options: { className: 'trace-highlight', inlineClassName: 'trace-inline' } })),
    ...list.map((range) => ({ range, options: { isWholeLine: true, className: 'trace-line' } })),
  ]);
  policyEditor.revealRangeInCenter(list[0]!);
}

const results = new ResultsView($('#results'), { lang, onTrace: (t) => void showTrace(t) });

// ---- analysis on every edit ------------------------------------------------------------------
// A short debounce, and at most one analysis in flight: edits made while the worker is busy are
// collected and sent as one request when it answers (a superseded answer is not drawn).
const DEBOUNCE_MS = 30;
let timer: number | undefined;
let editedAt = 0;
let inFlight = false;
let dirty = false;
function schedule(): void {
  editedAt = performance.now();
  $('#results-status').textContent = WORDS[lang].checking;
  window.clearTimeout(timer);
  timer = window.setTimeout(() => {
    if (inFlight) dirty = true;
    else void run();
  }, DEBOUNCE_MS);
}

async function run(): Promise<void> {
  inFlight = true;
  dirty = false;
  const sent = performance.now();
  const res = await ask<AnalyzeResponse>({ kind: 'analyze', lang, policy: { file: policyFile, text: policyModel.getValue() }, data: { file: 'case.yaml', text: dataModel.getValue() }, files: POLICY_FILES });
  inFlight = false;
  if (dirty) {
    void run(); // the texts changed while the worker was busy: this answer is already stale
    return;
  }
  const received = performance.now();
  setMarkers(policyModel, res.policyMarkers);
  setMarkers(dataModel, res.dataMarkers);
  const w = WORDS[lang];
  if (res.result) {
    previousGood = lastGood;
    lastGood = res.result;
    const ms = (performance.now() - editedAt).toFixed(0);
    results.render(res.result, w.upToDate(ms), scenarioActive() ? previousGood : undefined);
    document.body.dataset.state = 'ok';
  } else {
    const n = (res.blocked === 'policy' ? res.policyMarkers : res.dataMarkers).filter((m) => m.severity === 'error').length;
    results.setStale(res.blocked === 'policy' ? w.policyErrors(n) : w.dataErrors(n));
    document.body.dataset.state = 'stale';
  }
  // Where the time went (ms), for bench/playground.bench.ts: the worker's phases, the wait before
  // sending (debounce), the round trip to the worker (its work + copying messages) and the render.
  document.body.dataset.lastTimings = JSON.stringify({ ...res.timings, debounce: sent - editedAt, roundTrip: received - sent, render: performance.now() - received });
  document.body.dataset.analyses = String(Number(document.body.dataset.analyses ?? '0') + 1);
}

policyModel.onDidChangeContent(schedule);
dataModel.onDidChangeContent(schedule);

// ---- examples, language, share -----------------------------------------------------------------
const exampleSelect = $<HTMLSelectElement>('#example');
function fillExamples(): void {
  exampleSelect.replaceChildren();
  for (const [i, ex] of EXAMPLES.entries()) {
    const group = document.createElement('optgroup');
    group.label = `${ex.policyFile.replace(/^policies\//, '')}${ex.title ? ` — ${ex.title}` : ''}`;
    if (ex.cases.length === 0) {
      const o = new Option(ex.title || ex.policyFile, `${i}:-1`);
      group.append(o);
    }
    for (const [j, c] of ex.cases.entries()) group.append(new Option(c.name, `${i}:${j}`));
    exampleSelect.append(group);
  }
}
function openExample(i: number, j: number): void {
  const ex = EXAMPLES[i]!;
  policyFile = ex.policyFile;
  showPolicyFile(policyFile);
  $('#policy-file').textContent = policyFile;
  lastGood = undefined;
  results.clear();
  policyModel.setValue(POLICY_FILES[ex.policyFile] ?? '');
  dataModel.setValue(ex.cases[j]?.data ?? '');
  exampleSelect.value = `${i}:${Math.min(j, ex.cases.length - 1)}`;
}
exampleSelect.addEventListener('change', () => {
  const [i, j] = exampleSelect.value.split(':').map(Number);
  openExample(i!, j!);
});

function applyLang(): void {
  const w = WORDS[lang];
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = w.title;
  for (const e of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const v = w[e.dataset.i18n as keyof typeof w];
    if (typeof v === 'string') e.textContent = v;
  }
  $<HTMLSelectElement>('#lang').value = lang;
  results.setLang(lang);
}
$<HTMLSelectElement>('#lang').addEventListener('change', (e) => {
  lang = (e.target as HTMLSelectElement).value === 'en' ? 'en' : 'zh';
  applyLang();
  schedule();
});

$('#share').addEventListener('click', async () => {
  const hash = encodeShare({ policyFile, policy: policyModel.getValue(), data: dataModel.getValue() });
  const url = `${location.origin}${location.pathname}${location.search}#${hash}`;
  history.replaceState(null, '', `#${hash}`);
  try {
    await navigator.clipboard.writeText(url);
  } catch {
    /* no clipboard (an http page): the address bar holds the link */
  }
  $('#results-status').textContent = url.length > 8000 ? WORDS[lang].shareTooLong : WORDS[lang].shared;
});

const { active: scenarioActive } = setupScenarioMode({
  button: $('#scenario-mode'),
  panel: $('#scenario-panel'),
  dataModel,
  policyModel,
  lang: () => lang,
  select: (line, endLine) => {
    dataEditor.setSelection(new monaco.Range(line, 1, endLine, dataModel.getLineMaxColumn(endLine)));
    dataEditor.revealLinesInCenter(line, endLine);
    dataEditor.focus();
  },
});

// ---- start ---------------------------------------------------------------------------------
fillExamples();
applyLang();
const shared = decodeShare(location.hash);
if (shared) {
  policyFile = shared.policyFile;
  exampleSelect.selectedIndex = -1; // a shared policy and data are no example of the menu
  $('#policy-file').textContent = policyFile;
  policyModel.setValue(shared.policy);
  dataModel.setValue(shared.data);
} else {
  const i = EXAMPLES.indexOf(DEFAULT_EXAMPLE);
  openExample(i, 0);
}
