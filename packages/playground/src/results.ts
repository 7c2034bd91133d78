/**
 * The results pane: one table per kind of subject (score, rank, grade, penalties), the grade
 * distribution as a chart, the quotas, and a trace view. Clicking a score or a penalty shows its
 * trace and asks the page to highlight the clause in the policy and the records in the data.
 * When the policy or the data has errors the last good results stay, greyed out.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { Lang } from '@kaoping/dsl';
import type { EvalResult, PenaltyResult, ScoreResult, SubjectResult, Trace } from '@kaoping/evaluator';
import { WORDS } from './i18n.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface TraceTarget {
  /** What was clicked, for the trace view's title. */
  readonly title: string;
  readonly traces: readonly Trace[];
}

export interface ResultsOptions {
  readonly lang: Lang;
  /** Called when a score or a penalty is clicked. */
  onTrace(target: TraceTarget): void;
}

/** `a.b` ids of the subjects whose row changed between two results (score, grade or penalties). */
export function changedSubjects(before: EvalResult | undefined, after: EvalResult): Map<string, string> {
  const out = new Map<string, string>();
  if (!before) return out;
  const old = new Map(before.subjects.map((s) => [s.id, s]));
  const sig = (s: SubjectResult): string => `${s.score}|${s.grade}|${s.penalties.map((p) => `${p.penalty}@${p.date}`).join(',')}`;
  for (const s of after.subjects) {
    const o = old.get(s.id);
    if (!o) out.set(s.id, 'new');
    else if (sig(o) !== sig(s)) out.set(s.id, `${o.score ?? '-'} ${o.gradeLabel ?? o.grade ?? '-'}`);
  }
  return out;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

export class ResultsView {
  private charts: Chart[] = [];
  private last?: EvalResult;

  constructor(
    private readonly root: HTMLElement,
    private options: ResultsOptions,
  ) {}

  setLang(lang: Lang): void {
    this.options = { ...this.options, lang };
    if (this.last) this.render(this.last);
  }

  /** Grey out the last good results (or say there are none), with the reason. */
  setStale(message: string): void {
    this.root.classList.add('stale');
    const status = this.root.querySelector<HTMLElement>('#results-status');
    if (status) status.textContent = message;
    if (!this.last) this.root.querySelector('#results-body')?.replaceChildren(el('p', { class: 'empty' }, WORDS[this.options.lang].noResults));
  }

  render(result: EvalResult, status?: string, previous?: EvalResult): void {
    const w = WORDS[this.options.lang];
    this.last = result;
    this.root.classList.remove('stale');
    const statusEl = this.root.querySelector<HTMLElement>('#results-status');
    if (statusEl && status !== undefined) statusEl.textContent = status;
    const changed = changedSubjects(previous, result);
    const body = el('div', { id: 'results-body' });
    const unitName = new Map(result.units.map((u) => [u.id, u.name]));
    for (const kind of ['person', 'unit'] as const) {
      const subjects = result.subjects.filter((s) => s.kind === kind);
      if (subjects.length === 0) continue;
      const title = kind === 'person' ? w.people : w.units;
      body.append(el('h3', {}, this.options.lang === 'zh' ? `${title}（${subjects.length}）` : `${title} (${subjects.length})`));
      const table = el('table', { class: 'subjects', 'data-kind': kind });
      const head = [w.id, w.name, ...(kind === 'person' ? [w.unit] : []), w.score, w.rank, w.grade, w.penalties];
      table.append(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))));
      const tbody = el('tbody');
      for (const s of subjects) tbody.append(this.row(s, kind, unitName, changed.get(s.id)));
      table.append(tbody);
      body.append(table);
    }
    body.append(this.distribution(result));
    if (result.quotas.length > 0) {
      body.append(el('h3', {}, w.quotas));
      const ul = el('ul', { class: 'quotas' });
      for (const q of result.quotas) ul.append(el('li', {}, `${q.quota}：${w.chosen} ${q.chosen.length > 0 ? q.chosen.join('、') : w.nobody}（${q.trace.why[this.options.lang]}）`));
      body.append(ul);
    }
    if (result.errors.length > 0) {
      body.append(el('h3', {}, w.errors));
      const ul = el('ul', { class: 'errors' });
      for (const e of result.errors) ul.append(el('li', {}, `${e.code} ${e.message[this.options.lang]}`));
      body.append(ul);
    }
    this.root.querySelector('#results-body')?.replaceWith(body);
    this.drawChart(result);
  }

  private row(s: SubjectResult, kind: 'person' | 'unit', unitName: Map<string, string>, changed: string | undefined): HTMLTableRowElement {
    const w = WORDS[this.options.lang];
    const tr = el('tr', { 'data-id': s.id });
    if (changed) {
      tr.classList.add('changed');
      tr.title = changed === 'new' ? '+' : `${this.options.lang === 'zh' ? '之前' : 'before'}: ${changed}`;
    }
    tr.append(el('td', {}, s.id), el('td', {}, s.name));
    if (kind === 'person') tr.append(el('td', {}, s.unit ? (unitName.get(s.unit) ?? s.unit) : ''));
    const main = s.scores.find((x) => x.name === s.grades[0]?.score) ?? s.scores[0];
    const scoreCell = el('td', { class: 'score' });
    if (s.score !== null && main) {
      const a = el('a', { href: '#', class: 'score-link', 'data-score': main.name }, s.score);
      a.addEventListener('click', (e) => {
        e.preventDefault();
        this.options.onTrace(this.scoreTarget(s, main));
      });
      scoreCell.append(a);
    } else scoreCell.append('-');
    tr.append(scoreCell);
    const g = s.grades[0];
    const rankOf = g ? s.ranks[g.score] : main ? s.ranks[main.name] : undefined;
    tr.append(el('td', { class: 'rank' }, rankOf === undefined ? '' : String(rankOf)));
    const gradeCell = el('td', { class: 'grade' }, s.gradeLabel ?? s.grade ?? '-');
    if (g?.vetoed) gradeCell.append(w.vetoed);
    else if (g && g.baseBand !== null && g.baseBand !== g.band) gradeCell.append(w.was(g.baseBand));
    if (g && g.changes.length > 0) {
      gradeCell.classList.add('traced');
      gradeCell.addEventListener('click', () => this.options.onTrace({ title: `${s.id} ${w.grade}`, traces: g.changes.map((c) => c.trace) }));
    }
    if (changed && changed !== 'new') gradeCell.append(el('span', { class: 'before' }, `${this.options.lang === 'zh' ? '之前' : 'before'} ${changed}`));
    tr.append(gradeCell);
    const pens = el('td', { class: 'penalties' });
    for (const p of s.penalties) pens.append(this.penaltyChip(s, p));
    tr.append(pens);
    return tr;
  }

  private penaltyChip(s: SubjectResult, p: PenaltyResult): HTMLElement {
    const chip = el('a', { href: '#', class: `chip ${p.kind}`, 'data-penalty': p.id }, `${p.label ?? p.penalty} ${p.date.slice(5)}`);
    chip.addEventListener('click', (e) => {
      e.preventDefault();
      this.options.onTrace({ title: `${s.id} ${p.penalty} ${p.date}`, traces: [p.trace] });
    });
    return chip;
  }

  private scoreTarget(s: SubjectResult, score: ScoreResult): TraceTarget {
    return { title: `${s.id} ${WORDS[this.options.lang].scoreOf(score.value ?? '-')}`, traces: score.lines.map((l) => ({ ...l.trace, why: { zh: `${l.amount}  ${l.trace.why.zh}`, en: `${l.amount}  ${l.trace.why.en}` } })) };
  }

  private distribution(result: EvalResult): HTMLElement {
    const w = WORDS[this.options.lang];
    const box = el('div', { class: 'distribution' }, el('h3', {}, w.distribution));
    for (const scale of Object.keys(result.summary.gradeDistribution)) {
      box.append(el('div', { class: 'chart-box' }, el('canvas', { 'data-scale': scale })));
    }
    return box;
  }

  /** One bar chart per grade scale: how many subjects in each band. */
  private drawChart(result: EvalResult): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    for (const [scale, d] of Object.entries(result.summary.gradeDistribution)) {
      const canvas = this.root.querySelector<HTMLCanvasElement>(`canvas[data-scale="${CSS.escape(scale)}"]`);
      if (!canvas) continue;
      this.charts.push(
        new Chart(canvas, {
          type: 'bar',
          data: { labels: Object.keys(d), datasets: [{ label: scale, data: Object.values(d), backgroundColor: '#3b6fb6' }] },
          options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        }),
      );
    }
  }
}
