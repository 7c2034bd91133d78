/**
 * What the page needs of a result to draw its tables, and no more: the worker keeps the full
 * result (with every trace: score lines, records, reasons) and sends the page a copy without the
 * heavy parts; a click on a score, a grade or a penalty asks the worker for that item's traces.
 * On 5,000 events this cuts the copy between the threads from ~1.4 MB to a fraction.
 */
import type { EvalResult, SubjectResult, Trace } from '@kaoping/evaluator';
import type { TraceRef } from './protocol.js';

/**
 * One empty trace shared by every item of the slim result: the structured clone between the
 * threads writes a shared object once, so 3,000 penalties cost 3,000 references, not 3,000 traces.
 */
const EMPTY: Trace = { decl: '', declKind: 'rule', span: { line: 1, column: 1, endLine: 1, endColumn: 1 }, records: [], why: { zh: '', en: '' } };

export function slimResult(r: EvalResult): EvalResult {
  return {
    ...r,
    subjects: r.subjects.map(
      (s): SubjectResult => ({
        ...s,
        scores: s.scores.map((x) => ({ ...x, lines: [] })),
        grades: s.grades.map((g) => ({ ...g, trace: EMPTY, changes: g.changes.map((c) => ({ ...c, trace: EMPTY })) })),
        penalties: s.penalties.map((p) => ({ ...p, events: [], trace: EMPTY })),
        flagDetails: s.flagDetails.map((f) => ({ ...f, traces: [] })),
        surveys: [],
        // the chip names the rule; its clause and reason come with a click
        exemptions: s.exemptions.map((e) => ({ ...e, trace: { ...EMPTY, decl: e.trace.decl } })),
      }),
    ),
  };
}

/**
 * The traces behind one item of the full result: a score's lines (amount first), a grade's
 * changes, a penalty. A record that is itself a penalty (the warnings a threshold counted) is
 * followed by the events it came from, so the page can highlight them in the data.
 */
export function tracesOf(r: EvalResult | undefined, ref: TraceRef): Trace[] {
  const s = r?.subjects.find((x) => x.id === ref.subject);
  if (!r || !s) return [];
  const events = new Map(r.subjects.flatMap((x) => x.penalties.map((p) => [p.id, p.events] as const)));
  const expand = (t: Trace): Trace => {
    if (!t.records.some((id) => events.has(id))) return t;
    const out: string[] = [];
    const visit = (id: string, depth: number): void => {
      out.push(id);
      if (depth < 5) for (const e of events.get(id) ?? []) visit(e, depth + 1);
    };
    for (const id of t.records) visit(id, 0);
    return { ...t, records: [...new Set(out)] };
  };
  if (ref.what === 'score') {
    const score = s.scores.find((x) => x.name === ref.name);
    return (score?.lines ?? []).map((l) => expand({ ...l.trace, why: { zh: `${l.amount}  ${l.trace.why.zh}`, en: `${l.amount}  ${l.trace.why.en}` } }));
  }
  if (ref.what === 'grade') return (s.grades.find((g) => g.scale === ref.name)?.changes ?? []).map((c) => expand(c.trace));
  if (ref.what === 'exemption') {
    const e = s.exemptions[Number(ref.name)];
    return e ? [expand(e.trace)] : [];
  }
  const p = s.penalties.find((x) => x.id === ref.name);
  return p ? [expand(p.trace)] : [];
}
