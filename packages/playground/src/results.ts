/**
 * The results pane: one table per kind of subject (score, rank, grade, penalties), the grade
 * distribution as a chart per scale, the quotas, and the problems found. Clicking a score, a
 * changed grade or a penalty asks for its trace (the page holds a slim result; the worker has the
 * traces), and the page highlights the clause in the policy and the records in the data.
 * When the policy or the data has errors the last good results stay, greyed out.
 *
 * Speed: the tables are written as one HTML string and clicks are handled by one listener on the
 * pane (520 rows and 3,000 penalty chips take a few milliseconds); the charts are updated in place.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { Lang } from '@kaoping/dsl';
import type { EvalResult, SubjectResult } from '@kaoping/evaluator';
import { WORDS } from './i18n.js';
import type { TraceRef } from './protocol.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface TraceTarget {
  /** What was clicked, for the trace view's title. */
  readonly title: string;
  readonly ref: TraceRef;
}

export interface ResultsOptions {
  readonly lang: Lang;
  /** Called when a score, a changed grade or a penalty is clicked. */
  onTrace(target: TraceTarget): void;
}

/** The subjects whose row changed between two results (score, grade or penalties): id → what it was. */
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

/** Rows drawn at first per table: a county-sized case (500 people, 3,000 penalties) draws in milliseconds. */
const ROWS = 100;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

export class ResultsView {
  private charts = new Map<string, Chart>();
  /** Kinds of subject whose whole table is shown; otherwise the first ROWS rows (and every changed row). */
  private readonly expanded = new Set<string>();
  private last?: EvalResult;
  private previous?: EvalResult;
  private readonly body: HTMLElement;
  private readonly chartBox: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private options: ResultsOptions,
  ) {
    this.body = root.querySelector<HTMLElement>('#results-body')!;
    this.chartBox = document.createElement('div');
    this.chartBox.className = 'distribution';
    this.body.after(this.chartBox);
    // One listener for every link in the tables.
    this.body.addEventListener('click', (e) => {
      const more = (e.target as HTMLElement).closest<HTMLElement>('button.show-all');
      if (more && this.last) {
        this.expanded.add(more.dataset.kind ?? '');
        this.render(this.last, undefined, this.previous);
        return;
      }
      const t = (e.target as HTMLElement).closest<HTMLElement>('[data-trace]');
      if (!t || !this.last) return;
      e.preventDefault();
      const [what, subject, ...rest] = t.dataset.trace!.split('\u0001');
      this.options.onTrace({ title: t.dataset.title ?? '', ref: { subject: subject!, what: what as TraceRef['what'], name: rest.join('\u0001') } });
    });
  }

  setLang(lang: Lang): void {
    this.options = { ...this.options, lang };
    if (this.last) this.render(this.last, undefined, this.previous);
  }

  /** Grey out the last good results (or say there are none), with the reason. */
  setStale(message: string): void {
    this.root.classList.add('stale');
    const status = this.root.querySelector<HTMLElement>('#results-status');
    if (status) status.textContent = message;
    if (!this.last) this.body.innerHTML = `<p class="empty">${esc(WORDS[this.options.lang].noResults)}</p>`;
  }

  /** Forget the last results (another example was opened). */
  clear(): void {
    this.last = undefined;
    this.previous = undefined;
  }

  render(result: EvalResult, status?: string, previous?: EvalResult): void {
    const w = WORDS[this.options.lang];
    const zh = this.options.lang === 'zh';
    this.last = result;
    this.previous = previous;
    this.root.classList.remove('stale');
    const statusEl = this.root.querySelector<HTMLElement>('#results-status');
    if (statusEl && status !== undefined) statusEl.textContent = status;
    const changed = changedSubjects(previous, result);
    const unitName = new Map(result.units.map((u) => [u.id, u.name]));
    const html: string[] = [];
    for (const kind of ['person', 'unit'] as const) {
      const subjects = result.subjects.filter((s) => s.kind === kind);
      if (subjects.length === 0) continue;
      const title = kind === 'person' ? w.people : w.units;
      html.push(`<h3>${esc(zh ? `${title}（${subjects.length}）` : `${title} (${subjects.length})`)}</h3>`);
      const head = [w.id, kind === 'person' ? w.name : w.unitName, ...(kind === 'person' ? [w.unit] : []), w.score, w.rank, w.grade, w.penalties];
      html.push(`<table class="subjects" data-kind="${kind}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>`);
      const all = this.expanded.has(kind);
      let hidden = 0;
      subjects.forEach((s, i) => {
        if (all || i < ROWS || changed.has(s.id)) html.push(this.row(s, kind, unitName, changed.get(s.id)));
        else hidden++;
      });
      html.push('</tbody></table>');
      if (hidden > 0) html.push(`<button type="button" class="show-all" data-kind="${kind}">${esc(w.showAll(subjects.length, hidden))}</button>`);
    }
    if (result.quotas.length > 0) {
      html.push(`<h3>${esc(w.quotas)}</h3><ul class="quotas">`);
      for (const q of result.quotas) html.push(`<li>${esc(`${q.quota}：${w.chosen} ${q.chosen.length > 0 ? q.chosen.join('、') : w.nobody}（${q.trace.why[this.options.lang]}）`)}</li>`);
      html.push('</ul>');
    }
    if (result.errors.length > 0) {
      html.push(`<h3>${esc(w.errors)}</h3><ul class="errors">`);
      for (const e of result.errors) html.push(`<li>${esc(`${e.code} ${e.message[this.options.lang]}`)}</li>`);
      html.push('</ul>');
    }
    this.body.innerHTML = html.join('');
    this.drawCharts(result);
  }

  private row(s: SubjectResult, kind: 'person' | 'unit', unitName: Map<string, string>, changed: string | undefined): string {
    const w = WORDS[this.options.lang];
    const zh = this.options.lang === 'zh';
    const attr = (what: TraceRef['what'], name: string, title: string): string => ` href="#" data-trace="${esc(`${what}\u0001${s.id}\u0001${name}`)}" data-title="${esc(title)}"`;
    const cells: string[] = [esc(s.id), esc(s.name)];
    if (kind === 'person') cells.push(esc(s.unit ? (unitName.get(s.unit) ?? s.unit) : ''));
    const g = s.grades[0];
    const main = s.scores.find((x) => x.name === g?.score) ?? s.scores[0];
    const score = s.score !== null && main ? `<a class="score-link"${attr('score', main.name, `${s.id} ${w.scoreOf(s.score)}`)}>${esc(s.score)}</a>` : '-';
    const rank = g ? s.ranks[g.score] : main ? s.ranks[main.name] : undefined;
    let grade = esc(s.gradeLabel ?? s.grade ?? '-');
    if (g?.vetoed) grade += esc(w.vetoed);
    else if (g && g.baseBand !== null && g.baseBand !== g.band) grade += esc(w.was(g.baseBand));
    if (changed && changed !== 'new') grade += `<span class="before">${esc(`${zh ? '之前' : 'before'} ${changed}`)}</span>`;
    const gradeCell = g && g.changes.length > 0 ? `<td class="grade traced"${attr('grade', g.scale, `${s.id} ${w.grade}`)}>${grade}</td>` : `<td class="grade">${grade}</td>`;
    const chips =
      s.penalties.map((p) => `<a class="chip ${p.kind}" data-penalty="${esc(p.id)}"${attr('penalty', p.id, `${s.id} ${p.penalty} ${p.date}`)}>${esc(`${p.label ?? p.penalty} ${p.date.slice(5)}`)}</a>`).join('') +
      // what a rule did not act on (exempt, or a deadline not started) is shown too, never silent
      s.exemptions
        .map((e, i) => {
          const text = `${e.kind === 'exempt' ? w.exempt : w.notStarted} ${e.trace.decl} ${e.date.slice(5)}`;
          return `<a class="chip exemption" data-exemption="${i}"${attr('exemption', String(i), `${s.id} ${text}`)}>${esc(text)}</a>`;
        })
        .join('');
    const cls = changed ? ' class="changed"' : '';
    const title = changed ? ` title="${esc(changed === 'new' ? '+' : `${zh ? '之前' : 'before'}: ${changed}`)}"` : '';
    return `<tr data-id="${esc(s.id)}"${cls}${title}>${cells.map((c) => `<td>${c}</td>`).join('')}<td class="score">${score}</td><td class="rank">${rank === undefined ? '' : rank}</td>${gradeCell}<td class="penalties">${chips}</td></tr>`;
  }

  /** One bar chart per grade scale (how many subjects in each band), updated in place. */
  private drawCharts(result: EvalResult): void {
    const w = WORDS[this.options.lang];
    const scales = Object.entries(result.summary.gradeDistribution);
    let heading = this.chartBox.querySelector('h3');
    if (!heading) {
      heading = document.createElement('h3');
      this.chartBox.prepend(heading);
    }
    heading.textContent = w.distribution;
    for (const [scale, chart] of this.charts) {
      if (!(scale in result.summary.gradeDistribution)) {
        const box = chart.canvas?.parentElement;
        chart.destroy();
        box?.remove();
        this.charts.delete(scale);
      }
    }
    for (const [scale, d] of scales) {
      const chart = this.charts.get(scale);
      if (chart) {
        chart.data.labels = Object.keys(d);
        chart.data.datasets[0]!.data = Object.values(d);
        chart.update('none');
        continue;
      }
      const box = document.createElement('div');
      box.className = 'chart-box';
      const canvas = document.createElement('canvas');
      canvas.dataset.scale = scale;
      box.append(canvas);
      this.chartBox.append(box);
      this.charts.set(
        scale,
        new Chart(canvas, {
          type: 'bar',
          data: { labels: Object.keys(d), datasets: [{ label: scale, data: Object.values(d), backgroundColor: '#3b6fb6' }] },
          options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        }),
      );
    }
  }
}
