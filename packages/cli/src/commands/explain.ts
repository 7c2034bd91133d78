/**
 * `kaoping explain POLICY --data FILE… SUBJECT…`: the trace of a person or unit — why it has
 * this score, this grade and each penalty (render/explain.ts lays it out); several subjects are
 * explained one after the other.
 *
 * Exit 0 with the explanation; 1 when the policy or the data has problems (as `eval`), or the
 * evaluation has errors (printed after the explanation); 2 when a file cannot be read or a subject
 * is not in the case (with the closest ids).
 */
import type { Lang } from '@kaoping/dsl';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, t, type Io } from '../io.js';
import { renderExplain } from '../render/explain.js';
import { evaluateCase, reportEvaluationErrors } from './eval.js';

export interface ExplainOptions {
  readonly lang: Lang;
  readonly data: readonly string[];
  /** More folders base policies may be read from (`--root`). */
  readonly roots?: readonly string[];
}

/**
 * Explain each subject in turn (a blank line between two). Every id is looked up first: when
 * one is not in the case, nothing is explained and each unknown id is reported (exit 2).
 */
export async function runExplain(policyArg: string, subjects: readonly string[], options: ExplainOptions, io: Io): Promise<number> {
  const { lang } = options;
  const done = await evaluateCase(policyArg, { lang, data: options.data, command: 'explain', progress: false, ...(options.roots ? { roots: options.roots } : {}) }, io);
  if (typeof done === 'number') return done;
  const { result, ctx } = done;
  const found = subjects.map((id) => result.subjects.find((x) => x.id === id));
  const unknown = subjects.filter((_, i) => found[i] === undefined);
  for (const subject of unknown) {
    const byName = result.subjects.filter((x) => x.name === subject);
    let hint: { zh: string; en: string };
    if (byName.length > 0) {
      const ids = byName.map((x) => x.id).join(lang === 'zh' ? '、' : ', ');
      hint = { zh: `${subject} 是 ${ids} 的名称；请用编号。`, en: `${subject} is the name of ${ids}; give the id.` };
    } else {
      const near = closest(subject, result.subjects.map((x) => x.id));
      hint =
        near.length > 0
          ? { zh: `是否指 ${near.join('、')}？`, en: `Did you mean ${near.join(', ')}?` }
          : { zh: '请给出案件数据中人员或单位的编号。', en: 'Give the id of a person or unit of the case data.' };
    }
    io.err(t(lang, {
      zh: `kaoping：案件数据中没有编号为 ${subject} 的人员或单位。${hint.zh}`,
      en: `kaoping: the case data has no person or unit with id ${subject}. ${hint.en}`,
    }));
  }
  if (unknown.length > 0) return EXIT_USAGE;
  found.forEach((s, i) => {
    if (i > 0) io.out('');
    for (const line of renderExplain(result, s!, ctx, lang)) io.out(line);
  });
  // The explanation is shown; what the evaluation could not answer is reported too, and the exit
  // status says the result as a whole cannot be signed.
  if (result.errors.length > 0) {
    reportEvaluationErrors(result, lang, io);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}

/** The ids nearest to `wanted` (edit distance, at most a third of its length, at least 1), best first; at most 3. */
export function closest(wanted: string, ids: readonly string[]): string[] {
  const limit = Math.max(1, Math.floor([...wanted].length / 3));
  const lower = wanted.toLowerCase();
  return ids
    .map((id) => ({ id, d: id.toLowerCase() === lower ? 0 : distance([...lower], [...id.toLowerCase()]) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, 3)
    .map((x) => x.id);
}

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment): `scroe` → `score` is 1. */
function distance(a: readonly string[], b: readonly string[]): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
