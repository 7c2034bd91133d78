/**
 * Exact decimal arithmetic for every score, weight and comparison. decimal.js with 40
 * significant digits: sums and products of the decimals a policy and its data contain are exact;
 * a mean such as 8/3 is carried to 40 digits and rounded only where the policy says.
 *
 * decimal.js ships an ES module whose default export is the constructor, with CommonJS-style
 * typings; this shim gives the one correct view of it.
 */
import type * as DecimalTypes from 'decimal.js';
import DecimalDefault from 'decimal.js';

export type Decimal = DecimalTypes.Decimal;
const Base = DecimalDefault as unknown as typeof DecimalTypes.Decimal;
/** A Decimal constructor configured for Kaoping: 40 digits, half-up, no exponent notation. */
export const Decimal = Base.clone({ precision: 40, rounding: Base.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });

export const ZERO = new Decimal(0);
export const HUNDRED = new Decimal(100);

/** The canonical string of a result value: plain notation, no trailing zeros beyond the value. */
export function show(d: Decimal): string {
  return d.toFixed();
}

export type RoundingMode = 'half_up' | 'half_even' | 'down' | 'up' | 'floor' | 'ceiling';

const MODES: Record<RoundingMode, DecimalTypes.Decimal.Rounding> = {
  half_up: Base.ROUND_HALF_UP,
  half_even: Base.ROUND_HALF_EVEN,
  down: Base.ROUND_DOWN,
  up: Base.ROUND_UP,
  floor: Base.ROUND_FLOOR,
  ceiling: Base.ROUND_CEIL,
};

export function round(d: Decimal, places: number, mode: RoundingMode): Decimal {
  return d.toDecimalPlaces(places, MODES[mode]);
}
