/**
 * Which way a threshold condition depends on the items it counts (docs/evaluation.md §5).
 *
 * - `more`: every count makes the condition true when there are MANY items (`count >= 3`,
 *   `超过`, `以上`) — a maximum, evaluated on the days an item occurs;
 * - `fewer`: every count makes it true when there are FEW items (`count < 1`, `低于`, `不满`,
 *   `不超过`, `至多`, `以下`, `not (count >= 2)`, `count = 0`) — a minimum frequency, evaluated at
 *   the end of each window instance;
 * - `mixed`: both directions at once (`count(a) < 1 or count(b) >= 3`, `count(a) - count(b) > 0`);
 * - `undetermined`: no count goes the other way, but some count's direction cannot be told
 *   (`count = 3`, `count * score`, a count inside a lookup);
 * - `none`: the condition counts nothing.
 *
 * Numbers are counts and sums of non-negative amounts: a count grows with its items, `a - b`
 * falls as `b` grows, `2 * count` and `count / 2` grow with it, `min` and `max` grow with both.
 */
import type * as A from '../ast.js';
import { Decimal } from '../decimal.js';

export type CountPolarity = 'none' | 'more' | 'fewer' | 'mixed' | 'undetermined';

/** +1: the condition's truth grows with this value; -1: it shrinks; 0: it depends either way. */
type Sign = 1 | -1 | 0;

const flip = (s: Sign): Sign => (s === 0 ? 0 : s === 1 ? -1 : 1);

export function countPolarity(condition: A.Expr | undefined): CountPolarity {
  const signs = new Set<Sign>();

  /** A boolean expression whose truth counts with sign `s`. */
  const cond = (e: A.Expr | undefined, s: Sign): void => {
    if (!e) return;
    switch (e.kind) {
      case 'Binary':
        if (e.op === 'and' || e.op === 'or') {
          cond(e.left, s);
          cond(e.right, s);
        } else any(e);
        return;
      case 'Not':
        cond(e.operand, flip(s));
        return;
      case 'Compare': {
        // `count = 0` is `count <= 0`, and `count != 0` is `count > 0`: a count is never below 0.
        const zeroTest = (e.op === '=' || e.op === '!=') && ((isCount(e.left) && isZero(e.right)) || (isCount(e.right) && isZero(e.left)));
        const op = zeroTest ? (e.op === '=' ? (isCount(e.left) ? '<=' : '>=') : isCount(e.left) ? '>' : '<') : e.op;
        const up: Sign = op === '>=' || op === '>' ? s : op === '<' || op === '<=' ? flip(s) : 0;
        num(e.left, up);
        num(e.right, flip(up));
        return;
      }
      default:
        any(e);
    }
  };

  /** A numeric expression that the condition's truth follows with sign `s`. */
  const num = (e: A.Expr | undefined, s: Sign): void => {
    if (!e) return;
    switch (e.kind) {
      case 'Count':
        signs.add(s);
        any(e.filter);
        return;
      case 'Sum':
        signs.add(s);
        any(e.filter);
        return;
      case 'Neg':
        num(e.operand, flip(s));
        return;
      case 'Binary':
        if (e.op === '+') {
          num(e.left, s);
          num(e.right, s);
        } else if (e.op === '-') {
          num(e.left, s);
          num(e.right, flip(s));
        } else if (e.op === '*' && isConstant(e.left)) num(e.right, s);
        else if ((e.op === '*' || e.op === '/') && isConstant(e.right)) num(e.left, s);
        else any(e);
        return;
      case 'Call':
        if (e.fn === 'min' || e.fn === 'max' || e.fn === 'mean') for (const a of e.args) num(a, s);
        else any(e);
        return;
      default:
        any(e);
    }
  };

  /** Every count below `x` depends on its items either way. */
  const any = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const y of x) any(y);
      return;
    }
    const node = x as A.Expr;
    if (node.kind === 'Count' || node.kind === 'Sum') signs.add(0);
    for (const [k, v] of Object.entries(x)) if (k !== 'span') any(v);
  };

  cond(condition, 1);
  if (signs.size === 0) return 'none';
  if (signs.has(1) && signs.has(-1)) return 'mixed';
  if (signs.has(0)) return 'undetermined';
  return signs.has(1) ? 'more' : 'fewer';
}

const isCount = (e: A.Expr | undefined): boolean => e?.kind === 'Count';
const isZero = (e: A.Expr | undefined): boolean => e?.kind === 'Number' && new Decimal(e.text).isZero();
/** A literal number: never negative (a minus sign is a `Neg` node). */
const isConstant = (e: A.Expr | undefined): boolean => e?.kind === 'Number';
