/**
 * Limits on numbers the case data gives, beyond their form: a number that is well written but too
 * large (or negative) to be what its field says is reported as such (KD0129), with the limit —
 * not as "not a whole number", and not left for the evaluator to fail on.
 *
 * - A vote count (测评票 `count`) is added up as a whole number of ballots; one line holds at most
 *   a billion votes, so that the counts of up to nine million lines still add up exactly (below
 *   2^53). No survey has more; a larger number is a typing mistake.
 * - A number of days (an attribute declared in 天 or 工作日, such as a deadline's limit or
 *   extension — KP0606 requires one of these units there) is counted on the calendar: it cannot be
 *   negative, and it is at most 3,652,425 (the days of 10,000 years, 10,000 × 365.2425): dates are
 *   written with four-digit years, so a longer count ends on no date that can be written.
 *
 * Browser-safe: no Node APIs.
 */
import type { Unit } from '@kaoping/dsl';
import { Decimal } from './decimal.js';

export const MAX_VOTE_COUNT = 1_000_000_000;
export const MAX_DAYS = 3_652_425;

interface Text {
  readonly zh: string;
  readonly en: string;
}

/** Why a vote count is too large, or undefined; `count` is a whole number ≥ 1 as written. */
export function voteCountProblem(who: Text, count: string): Text | undefined {
  if (new Decimal(count).lte(MAX_VOTE_COUNT)) return undefined;
  return {
    zh: `${who.zh}的字段 count 为 ${count}，超出上限：一行最多 ${MAX_VOTE_COUNT} 票。请核对票数；票数更多时，请把同一选项分成几行写（各行的票数相加）。`,
    en: `${who.en}: count is ${count}, more than the limit: a line holds at most ${MAX_VOTE_COUNT} votes. Check the count; for more votes, write the same choice on several lines (their counts add up).`,
  };
}

const DAY_UNITS: Partial<Record<Unit, { zh: string; en: string }>> = {
  days: { zh: '天', en: 'days' },
  working_days: { zh: '个工作日', en: 'working days' },
};

/**
 * Why a number attribute in days is out of bounds, or undefined (other units are not limited).
 * `whoOf` is the record as a message names it with 的 (`事件 A1 的`), `value` a plain decimal.
 */
export function daysProblem(whoOf: Text, field: string, unit: Unit | undefined, value: string): Text | undefined {
  const u = unit ? DAY_UNITS[unit] : undefined;
  if (!u) return undefined;
  const v = new Decimal(value);
  if (v.n < 0n) {
    return {
      zh: `${whoOf.zh}属性 ${field} 为 ${value} ${u.zh}，天数不能为负。请核对该值。`,
      en: `${whoOf.en}: attribute ${field} is ${value} ${u.en}; a number of days cannot be negative. Check the value.`,
    };
  }
  if (v.cmp(MAX_DAYS) > 0) {
    return {
      zh: `${whoOf.zh}属性 ${field} 为 ${value} ${u.zh}，超出上限：天数最多为 ${MAX_DAYS}（一万年的天数；日期的年份只有四位）。请核对该值。`,
      en: `${whoOf.en}: attribute ${field} is ${value} ${u.en}, more than the limit: a number of days is at most ${MAX_DAYS} (the days of 10,000 years; dates have four-digit years). Check the value.`,
    };
  }
  return undefined;
}
