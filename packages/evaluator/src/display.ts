/**
 * How a number is written inside a trace's reason (`why`): exactly when it terminates within a few
 * places (87.2, 0.125); otherwise approximately, marked `≈`, to the places the policy rounds to
 * (2 when it does not say) plus two, so that a rounding step stays visible: `≈31.3126` for
 * 31.312592592… in a score rounded to 2 places. The exact value stays in the result's amounts and
 * scores; only the sentence a reader reads is shortened.
 */
import { Decimal, round, show } from './decimal.js';

/** A reason shows a terminating value exactly up to this many places. */
const EXACT_PLACES = 8;

export function display(x: Decimal, places?: number): string {
  if (round(x, EXACT_PLACES, 'half_up').eq(x)) return show(x);
  return `≈${show(round(x, (places ?? 2) + 2, 'half_up'))}`;
}
