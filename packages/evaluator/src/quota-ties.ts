/**
 * Who a quota chooses when candidates are tied across its last place (docs/evaluation.md §8,
 * language.md §14). The quota's `ties` / `并列` decides: all in, all out, or by a second score;
 * without it — or when the second score does not separate them — none of the tied candidates is
 * chosen and the caller reports the tie (KE0012): choosing one by its id would be a guess.
 */
import type * as A from '@kaoping/dsl';
import { Decimal, show } from './decimal.js';

type Why = { readonly zh: string; readonly en: string };

export interface Candidate<S> {
  readonly s: S;
  readonly id: string;
  /** The value the quota ranks by. */
  readonly v: Decimal;
}

export interface Filled<S> {
  /** Best first. */
  readonly chosen: Candidate<S>[];
  /** What the quota's reason adds about a tie ('' when there was none to decide). */
  readonly note: Why;
  /** Set when a tie was left undecided: the error's message. */
  readonly undecided?: Why;
}

/**
 * The first `size` of `ranked` (sorted best first), deciding a tie across the last place as
 * `ties` says. `second` gives a candidate's value by the tie-breaking score (undefined: unknown).
 */
export function fillQuota<S>(name: string, ties: A.QuotaTies | undefined, ranked: readonly Candidate<S>[], size: number, second: (s: S) => Decimal | undefined): Filled<S> {
  if (size === 0 || size >= ranked.length || !ranked[size - 1]!.v.eq(ranked[size]!.v)) return { chosen: ranked.slice(0, size), note: { zh: '', en: '' } };
  const cut = ranked[size - 1]!.v;
  const above = ranked.filter((x) => x.v.gt(cut));
  const tied = ranked.filter((x) => x.v.eq(cut));
  const places = size - above.length;
  const ids = tied.map((x) => x.id);
  const tie: Why = {
    zh: `；第 ${above.length + 1} 名起 ${tied.length} 个并列（${show(cut)}）：${ids.join('、')}，争 ${places} 个名额`,
    en: `; ${tied.length} tied at ${show(cut)} for the last ${places} place${places === 1 ? '' : 's'}: ${ids.join(', ')}`,
  };
  if (ties?.rule === 'allIn') return { chosen: [...above, ...tied], note: { zh: `${tie.zh}，按制度全部入选`, en: `${tie.en}; all chosen, as the quota says` } };
  if (ties?.rule === 'allOut') return { chosen: above, note: { zh: `${tie.zh}，按制度全部落选`, en: `${tie.en}; none chosen, as the quota says` } };
  const by = ties?.rule === 'by' ? ties.by?.text : undefined;
  if (by !== undefined) {
    const withSecond = tied.map((x) => ({ x, w: second(x.s) }));
    if (withSecond.every((y) => y.w !== undefined)) {
      const sorted = [...withSecond].sort((a, b) => b.w!.cmp(a.w!));
      if (!sorted[places - 1]!.w!.eq(sorted[places]!.w!)) {
        return { chosen: [...above, ...sorted.slice(0, places).map((y) => y.x)], note: { zh: `${tie.zh}，按 ${by} 取前 ${places} 个`, en: `${tie.en}; the first ${places} by ${by}` } };
      }
    }
  }
  return {
    chosen: above,
    note: { zh: `${tie.zh}，制度未规定并列时怎么取，并列者均未入选`, en: `${tie.en}; the policy does not say how ties are decided, so none of them was chosen` },
    undecided: {
      zh: `名额 ${name}：${tied.length} 个候选以 ${show(cut)} 并列（${ids.join('、')}），只剩 ${places} 个名额${by !== undefined ? `，按 ${by} 仍分不出先后` : ''}。制度没有规定并列时怎么取，本程序不按编号替人决定。请在名额中写 并列 全部入选、并列 全部落选 或 并列 按 另一得分`,
      en: `quota ${name}: ${tied.length} candidates are tied at ${show(cut)} (${ids.join(', ')}) for the last ${places} place${places === 1 ? '' : 's'}${by !== undefined ? `, and ${by} does not separate them` : ''}. The policy does not say how ties are decided, and choosing by id would be a guess. Write ties all in, ties all out or ties by another score in the quota`,
    },
  };
}
