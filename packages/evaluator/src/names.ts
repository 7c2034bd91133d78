/**
 * Lists of names in case-data messages: the event types, inputs or surveys a writer may use.
 * A policy may declare thousands, so a message shows at most ten: for a misspelt name, the ten
 * nearest to it first (by the checker's edit distance, the ranking its "did you mean" uses —
 * imported from @kaoping/dsl, not copied); otherwise the first ten in the policy's order; and in
 * both cases how many there are.
 *
 * Browser-safe: no Node APIs.
 */
import { editDistance } from '@kaoping/dsl';

/** At most this many names in one message. */
export const SHOWN_NAMES = 10;

/** `names` ordered by their edit distance to `name`, nearest first; ties keep the given order. */
export function nearestFirst(name: string, names: readonly string[]): string[] {
  const key = name.toLowerCase();
  return names
    .map((n, i) => ({ n, i, d: editDistance(key, n.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.n);
}

/**
 * `A、B、C` / `A, B, C`; beyond ten names the first ten and the count: `A、…、J（共 12 个）` when
 * the list is ranked (the nearest ten), `A、…、J 等（共 12 个）` when it is only the first ten.
 */
export function nameList(names: readonly string[], ranked: boolean): { zh: string; en: string } {
  const shown = names.slice(0, SHOWN_NAMES);
  if (shown.length === names.length) return { zh: shown.join('、'), en: shown.join(', ') };
  const n = String(names.length);
  return ranked
    ? { zh: `${shown.join('、')}（共 ${n} 个）`, en: `${shown.join(', ')} (${n} in all)` }
    : { zh: `${shown.join('、')} 等（共 ${n} 个）`, en: `${shown.join(', ')}, … (${n} in all)` };
}

/** "The nearest event types: …" for a name that is none of them (`what`: 事件类型 / event types). */
export function nearestText(name: string | undefined, names: readonly string[], what: { zh: string; en: string }): { zh: string; en: string } {
  if (names.length === 0) return { zh: `本制度没有声明${what.zh}。`, en: `The policy declares no ${what.en}.` };
  if (name === undefined) {
    const all = nameList(names, false);
    return { zh: `本制度的${what.zh}：${all.zh}。`, en: `The policy's ${what.en}: ${all.en}.` };
  }
  const near = nameList(nearestFirst(name, names), true);
  return { zh: `与它最接近的${what.zh}：${near.zh}。`, en: `The nearest ${what.en}: ${near.en}.` };
}
