/**
 * What the page needs of a result to draw its tables, and no more: the worker keeps the full
 * result (with every trace: score lines, records, reasons) and sends the page a copy without the
 * heavy parts; a click on a score, a grade or a penalty asks the worker for that item's traces.
 * On 5,000 events this cuts the copy between the threads from ~1.4 MB to a fraction.
 */
import type { EvalResult, SubjectResult, Trace } from '@kaoping/evaluator';
import type { TraceRef } from './protocol.js';

const light = (t: Trace): Trace => ({ decl: t.decl, declKind: t.declKind, span: t.span, records: [], why: t.why });

export function slimResult(r: EvalResult): EvalResult {
  return {
    ...r,
    subjects: r.subjects.map(
      (s): SubjectResult => ({
        ...s,
        scores: s.scores.map((x) => ({ ...x, lines: [] })),
        grades: s.grades.map((g) => ({ ...g, trace: light(g.trace), changes: g.changes.map((c) => ({ ...c, trace: light(c.trace) })) })),
        penalties: s.penalties.map((p) => ({ ...p, events: [], trace: light(p.trace) })),
        flagDetails: s.flagDetails.map((f) => ({ ...f, traces: [] })),
        surveys: [],
      }),
    ),
  };
}

/** The traces behind one item of the full result: a score's lines (amount first), a grade's changes, a penalty. */
export function tracesOf(r: EvalResult | undefined, ref: TraceRef): Trace[] {
  const s = r?.subjects.find((x) => x.id === ref.subject);
  if (!s) return [];
  if (ref.what === 'score') {
    const score = s.scores.find((x) => x.name === ref.name);
    return (score?.lines ?? []).map((l) => ({ ...l.trace, why: { zh: `${l.amount}  ${l.trace.why.zh}`, en: `${l.amount}  ${l.trace.why.en}` } }));
  }
  if (ref.what === 'grade') return (s.grades.find((g) => g.scale === ref.name)?.changes ?? []).map((c) => c.trace);
  const p = s.penalties.find((x) => x.id === ref.name);
  return p ? [p.trace] : [];
}
