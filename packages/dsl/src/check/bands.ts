/**
 * Grade-band coverage: bands are intervals over the score domain; together they must cover it
 * with no gap and no overlap, for every real score (not only integers). Exact decimals.
 */
import { Decimal } from '../decimal.js';
import type * as A from '../ast.js';

/** An endpoint; `value` undefined means unbounded. */
export interface Endpoint {
  readonly value?: Decimal;
  readonly inclusive: boolean;
}
export interface Interval {
  readonly low: Endpoint;
  readonly high: Endpoint;
}

export const UNBOUNDED: Interval = { low: { inclusive: false }, high: { inclusive: false } };

/** Intersect the bounds of one band into one interval. `=`/`!=` are not band bounds (undefined). */
export function bandInterval(bounds: readonly A.Bound[]): Interval | undefined {
  let low: Endpoint = { inclusive: false };
  let high: Endpoint = { inclusive: false };
  for (const b of bounds) {
    if (!b.value) continue;
    const v = new Decimal(b.value.text);
    switch (b.op) {
      case '>=':
      case '>': {
        const inc = b.op === '>=';
        if (low.value === undefined || v.gt(low.value) || (v.eq(low.value) && !inc)) low = { value: v, inclusive: inc };
        break;
      }
      case '<=':
      case '<': {
        const inc = b.op === '<=';
        if (high.value === undefined || v.lt(high.value) || (v.eq(high.value) && !inc)) high = { value: v, inclusive: inc };
        break;
      }
      default:
        return undefined;
    }
  }
  return { low, high };
}

export function isEmpty(i: Interval): boolean {
  if (i.low.value === undefined || i.high.value === undefined) return false;
  if (i.low.value.gt(i.high.value)) return true;
  if (i.low.value.eq(i.high.value)) return !(i.low.inclusive && i.high.inclusive);
  return false;
}

export function intersect(a: Interval, b: Interval): Interval {
  const low = maxLow(a.low, b.low);
  const high = minHigh(a.high, b.high);
  return { low, high };
}

function maxLow(a: Endpoint, b: Endpoint): Endpoint {
  if (a.value === undefined) return b;
  if (b.value === undefined) return a;
  if (a.value.gt(b.value)) return a;
  if (b.value.gt(a.value)) return b;
  return { value: a.value, inclusive: a.inclusive && b.inclusive };
}
function minHigh(a: Endpoint, b: Endpoint): Endpoint {
  if (a.value === undefined) return b;
  if (b.value === undefined) return a;
  if (a.value.lt(b.value)) return a;
  if (b.value.lt(a.value)) return b;
  return { value: a.value, inclusive: a.inclusive && b.inclusive };
}

export function showInterval(i: Interval): string {
  if (i.low.value !== undefined && i.high.value !== undefined && i.low.value.eq(i.high.value)) return i.low.value.toString();
  const l = i.low.value === undefined ? '(-∞' : `${i.low.inclusive ? '[' : '('}${i.low.value.toString()}`;
  const h = i.high.value === undefined ? '+∞)' : `${i.high.value.toString()}${i.high.inclusive ? ']' : ')'}`;
  return `${l}, ${h}`;
}

/** A score inside a non-empty interval, for the message ("e.g. 89.5"). */
export function example(i: Interval): string {
  const { low, high } = i;
  if (low.value !== undefined && high.value !== undefined) {
    if (low.value.eq(high.value)) return low.value.toString();
    return low.value.plus(high.value).div(2).toString();
  }
  if (low.value !== undefined) return low.inclusive ? low.value.toString() : low.value.plus(1).toString();
  if (high.value !== undefined) return high.inclusive ? high.value.toString() : high.value.minus(1).toString();
  return '0';
}

/**
 * The parts of `domain` covered by no interval: sweep over the intervals sorted by their low
 * end, keeping `start`, the low end of the region not yet covered.
 */
export function gaps(domain: Interval, intervals: readonly Interval[]): Interval[] {
  const clipped = intervals.map((i) => intersect(i, domain)).filter((i) => !isEmpty(i));
  clipped.sort((a, b) => cmpLow(a.low, b.low));
  const out: Interval[] = [];
  let start: Endpoint = domain.low;
  for (const i of clipped) {
    if (i.low.value !== undefined) {
      const g: Interval = { low: start, high: { value: i.low.value, inclusive: !i.low.inclusive } };
      if (!isEmpty(g) && cmpLow(start, i.low) < 0) out.push(g);
    }
    if (i.high.value === undefined) return out;
    const after: Endpoint = { value: i.high.value, inclusive: !i.high.inclusive };
    if (cmpLow(after, start) > 0) start = after;
  }
  const tail: Interval = { low: start, high: domain.high };
  if (!isEmpty(tail)) out.push(tail);
  return out;
}

/** Order low endpoints: unbounded first; at equal values an inclusive end comes first. */
function cmpLow(a: Endpoint, b: Endpoint): number {
  if (a.value === undefined) return b.value === undefined ? 0 : -1;
  if (b.value === undefined) return 1;
  const c = a.value.cmp(b.value);
  if (c !== 0) return c;
  return a.inclusive === b.inclusive ? 0 : a.inclusive ? -1 : 1;
}
