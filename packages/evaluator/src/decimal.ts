/**
 * The evaluator's exact numbers are the language's: one type for the checker and the evaluator
 * (BigInt fractions, packages/dsl/src/decimal.ts). Kept here so that the evaluator's imports of
 * './decimal.js' stay as they are.
 */
export { Decimal, HUNDRED, round, show, SHOWN_PLACES, ZERO, type RoundingMode } from '@kaoping/dsl';
