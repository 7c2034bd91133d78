/**
 * Scenario mode, for trainers: the events of the case data as a list, each with buttons to remove
 * or duplicate it, and a form to add one ("what if this is her third complaint this month?").
 * Every change is an ordinary edit of the data editor (undo works); the results pane then marks
 * the rows whose score, grade or penalties changed, with what they were before.
 */
import type * as monaco from 'monaco-editor/editor';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Lang } from '@kaoping/dsl';
import type { EvalResult } from '@kaoping/evaluator';

export interface EventLine {
  readonly id: string;
  readonly date: string;
  readonly subject: string;
  readonly type: string;
  /** 1-based line of the record in the data text. */
  readonly line: number;
  readonly endLine: number;
}

/** The events of a YAML case with their lines; empty when the text does not parse. */
export function eventLines(text: string): EventLine[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, schema: 'failsafe' });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const events = doc.contents.get('events', true);
  if (!isSeq(events)) return [];
  const out: EventLine[] = [];
  for (const item of events.items) {
    if (!isMap(item) || !item.range) continue;
    const get = (k: string): string => String(item.get(k) ?? '');
    out.push({ id: get('id'), date: get('date'), subject: get('subject'), type: get('type'), line: lc.linePos(item.range[0]).line, endLine: lc.linePos(Math.max(item.range[0], item.range[1] - 1)).line });
  }
  return out;
}

/**
 * The lines of the data text that hold the given records: events by id (`id: E3`, every line of
 * a record written over several lines; the `events:` list is searched first, since a person or
 * a unit may have the same id), votes by their line (`vote:case.yaml:12`). A penalty imposed by
 * a rule stands for the events it came from.
 */
export function recordLines(text: string, records: readonly string[], result?: EvalResult): number[] {
  const lines = text.split(/\r\n?|\n/);
  const penalties = new Map(result?.subjects.flatMap((s) => s.penalties.map((p) => [p.id, p.events] as const)) ?? []);
  const eventsAt = lines.findIndex((l) => /^["']?events["']?\s*:/.test(l));
  const out = new Set<number>();
  const visit = (r: string, depth: number): void => {
    // a penalty first: its id (`rule:subject:n`) could look like a vote reference
    const from = penalties.get(r);
    if (from) {
      if (depth < 5) for (const e of from) visit(e, depth + 1);
      return;
    }
    const vote = /^vote:[^:]*:(\d+)$/.exec(r);
    if (vote) {
      out.add(Number(vote[1]));
      return;
    }
    const re = new RegExp(`(^|[{,\\s])["']?id["']?\\s*:\\s*["']?${r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*([,}]|$)`);
    let i = eventsAt >= 0 ? lines.findIndex((l, n) => n > eventsAt && re.test(l)) : -1;
    if (i < 0) i = lines.findIndex((l) => re.test(l));
    if (i < 0) return;
    const end = recordEnd(lines, i);
    for (let n = i; n <= end; n++) out.add(n + 1);
  };
  for (const r of records) visit(r, 0);
  return [...out].sort((a, b) => a - b);
}

/** The last line (0-based) of the record whose `id` is on line i: a flow mapping to its closing brace, a block mapping to its last more-indented line. */
function recordEnd(lines: readonly string[], i: number): number {
  const line = lines[i]!;
  const open = line.indexOf('{');
  if (open >= 0 && open < line.search(/["']?id["']?\s*:/)) {
    let depth = 0;
    for (let n = i; n < lines.length; n++) {
      for (const c of lines[n]!.replace(/(^|\s)#.*$/, '')) {
        if (c === '{') depth++;
        else if (c === '}') depth--;
      }
      if (depth <= 0) return n;
    }
    return i;
  }
  // block style: `  - id: E1` then `    date: …` (or `id:` on a line of its own inside the item)
  const indent = /^\s*(?:-\s+)?/.exec(line)![0].length;
  let end = i;
  for (let n = i + 1; n < lines.length; n++) {
    const l = lines[n]!;
    if (l.trim() === '' || /^\s*#/.test(l)) continue;
    if (/^\s*/.exec(l)![0].length < indent) break;
    end = n;
  }
  return end;
}

/**
 * A fresh event id: the prefix of the last numbered id (`E0009` → `E`), one more than the largest
 * number among the ids with that prefix, as many digits as they have (`E0010`); never an id
 * that is taken.
 */
export function nextEventId(events: readonly EventLine[]): string {
  const numbered = events.map((e) => /^(.*?)(\d+)$/.exec(e.id)).filter((m): m is RegExpExecArray => m !== null);
  const prefix = numbered[numbered.length - 1]?.[1] ?? 'E';
  let max = 0n; // BigInt: a long run of digits stays exact
  let width = 0;
  for (const m of numbered) {
    if (m[1] !== prefix) continue;
    width = Math.max(width, m[2]!.length);
    const v = BigInt(m[2]!);
    if (v > max) max = v;
  }
  const ids = new Set(events.map((e) => e.id));
  let n = max + 1n;
  while (ids.has(`${prefix}${String(n).padStart(width, '0')}`)) n++;
  return `${prefix}${String(n).padStart(width, '0')}`;
}

const WORDS = {
  zh: { title: '场景：增删事件，看结果如何变化', remove: '删除', copy: '复制', add: '添加事件', date: '日期', subject: '对象', type: '类型', attrs: '其他属性（如 属实: true）', filter: '按对象筛选', change: '点击在案件数据中选中此事件，直接修改', none: '案件数据中没有事件（或数据有语法错误）' },
  en: { title: 'Scenario: add or remove events and watch the results change', remove: 'remove', copy: 'copy', add: 'Add event', date: 'date', subject: 'subject', type: 'type', attrs: 'other attributes (e.g. 属实: true)', filter: 'filter by subject', change: 'click to select this event in the case data and change it', none: 'The case data has no events (or a syntax error)' },
};

export interface ScenarioOptions {
  readonly button: HTMLElement;
  readonly panel: HTMLElement;
  readonly dataModel: monaco.editor.ITextModel;
  readonly policyModel: monaco.editor.ITextModel;
  lang(): Lang;
  /** Show and select an event's lines in the data editor, to change it there. */
  select?(line: number, endLine: number): void;
}

export function setupScenarioMode(o: ScenarioOptions): { active: () => boolean } {
  let on = false;
  let filter = '';
  const edit = (range: { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number }, text: string): void => {
    o.dataModel.pushEditOperations([], [{ range: range as monaco.IRange, text }], () => null);
  };
  const render = (): void => {
    if (!on) return;
    const w = WORDS[o.lang()];
    const events = eventLines(o.dataModel.getValue());
    const panel = o.panel;
    panel.replaceChildren();
    const h = document.createElement('h3');
    h.textContent = w.title;
    panel.append(h);
    // the add form
    const form = document.createElement('form');
    form.className = 'add-event';
    const types = [...new Set([...o.policyModel.getValue().matchAll(/^\s*(?:覆盖\s+|override\s+)?(?:事件|event)\s+([^\s{"“「]+)/gm)].map((m) => m[1]!))];
    const subjects = [...new Set(events.map((e) => e.subject))];
    const input = (name: string, placeholder: string, list?: string[]): HTMLInputElement => {
      const i = document.createElement('input');
      i.name = name;
      i.placeholder = placeholder;
      if (list) {
        const id = `list-${name}`;
        i.setAttribute('list', id);
        const dl = document.createElement('datalist');
        dl.id = id;
        for (const v of list) dl.append(new Option(v));
        form.append(dl);
      }
      form.append(i);
      return i;
    };
    const date = input('date', w.date);
    date.type = 'date';
    date.value = events[events.length - 1]?.date ?? '';
    const subject = input('subject', w.subject, subjects);
    const type = input('type', w.type, types);
    const attrs = input('attrs', w.attrs);
    const add = document.createElement('button');
    add.type = 'submit';
    add.textContent = w.add;
    form.append(add);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const all = eventLines(o.dataModel.getValue());
      const id = nextEventId(all);
      const extra = attrs.value.trim() ? `, ${attrs.value.trim()}` : '';
      const line = `  - { id: ${id}, date: ${date.value}, subject: ${subject.value.trim()}, type: ${type.value.trim()}${extra} }`;
      const last = all[all.length - 1];
      const n = o.dataModel.getLineCount();
      if (last && last.endLine < n) edit({ startLineNumber: last.endLine + 1, startColumn: 1, endLineNumber: last.endLine + 1, endColumn: 1 }, `${line}\n`);
      else if (last) edit({ startLineNumber: n, startColumn: o.dataModel.getLineMaxColumn(n), endLineNumber: n, endColumn: o.dataModel.getLineMaxColumn(n) }, `\n${line}`);
      else edit({ startLineNumber: o.dataModel.getLineCount() + 1, startColumn: 1, endLineNumber: o.dataModel.getLineCount() + 1, endColumn: 1 }, `\nevents:\n${line}\n`);
    });
    panel.append(form);
    // the filter and the list
    const f = document.createElement('input');
    f.placeholder = w.filter;
    f.value = filter;
    f.className = 'event-filter';
    f.addEventListener('input', () => {
      filter = f.value.trim();
      render();
      (o.panel.querySelector('.event-filter') as HTMLInputElement | null)?.focus();
    });
    panel.append(f);
    const list = document.createElement('ul');
    list.className = 'events';
    const shown = events.filter((e) => !filter || e.subject.includes(filter) || e.type.includes(filter));
    if (events.length === 0) {
      const li = document.createElement('li');
      li.textContent = w.none;
      list.append(li);
    }
    for (const e of shown.slice(0, 300)) {
      const li = document.createElement('li');
      li.dataset.id = e.id;
      const label = document.createElement('span');
      label.textContent = `${e.date}  ${e.subject}  ${e.type}  (${e.id})`;
      label.title = WORDS[o.lang()].change;
      label.className = 'event-label';
      label.addEventListener('click', () => o.select?.(e.line, e.endLine));
      const rm = document.createElement('button');
      rm.textContent = w.remove;
      rm.className = 'remove';
      rm.addEventListener('click', () => edit({ startLineNumber: e.line, startColumn: 1, endLineNumber: e.endLine + 1, endColumn: 1 }, ''));
      const cp = document.createElement('button');
      cp.textContent = w.copy;
      cp.className = 'copy';
      cp.addEventListener('click', () => {
        const text = o.dataModel.getValueInRange({ startLineNumber: e.line, startColumn: 1, endLineNumber: e.endLine + 1, endColumn: 1 });
        const id = nextEventId(eventLines(o.dataModel.getValue()));
        const copy = text.replace(new RegExp(`(id:\\s*["']?)${e.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(["']?)`), `$1${id}$2`);
        edit({ startLineNumber: e.endLine + 1, startColumn: 1, endLineNumber: e.endLine + 1, endColumn: 1 }, copy.endsWith('\n') ? copy : `${copy}\n`);
      });
      li.append(label, rm, cp);
      list.append(li);
    }
    panel.append(list);
  };
  o.button.addEventListener('click', () => {
    on = !on;
    o.button.classList.toggle('active', on);
    o.panel.hidden = !on;
    render();
  });
  o.dataModel.onDidChangeContent(() => render());
  return { active: () => on };
}
