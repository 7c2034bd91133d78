/**
 * One exact number type for the checker and the evaluator: the evaluator's './decimal.js' is the
 * language's (packages/dsl/src/decimal.ts), not a copy. Values worked by hand.
 */
import { describe, expect, it } from 'vitest';
import * as dsl from '@kaoping/dsl';
import { Decimal, HUNDRED, round, show, ZERO } from '../src/decimal.js';

describe('the exact number type', () => {
  it('is the same class and constants in the checker and the evaluator', () => {
    expect(Decimal).toBe(dsl.Decimal);
    expect(round).toBe(dsl.round);
    expect(show).toBe(dsl.show);
    expect(ZERO).toBe(dsl.ZERO);
    expect(HUNDRED).toBe(dsl.HUNDRED);
  });

  it('adds without a fixed number of digits: 1/3 + 1/3 + 1/3 = 1, 0.1 + 0.2 = 0.3', () => {
    const third = new Decimal(1).div(3);
    expect(third.plus(third).plus(third).eq(new Decimal(1))).toBe(true);
    expect(show(new Decimal('0.1').plus(new Decimal('0.2')))).toBe('0.3');
    // 10^-30 is kept: 1 + 10^-30 − 1 = 10^-30
    const tiny = new Decimal(`0.${'0'.repeat(29)}1`);
    expect(new Decimal(1).plus(tiny).minus(1).eq(tiny)).toBe(true);
  });

  it('shows a terminating value exactly and a non-terminating one to 20 places, half up', () => {
    expect(show(new Decimal('92.50'))).toBe('92.5');
    expect(show(new Decimal(2).div(3))).toBe(`0.${'6'.repeat(19)}7`);
    expect(show(new Decimal(-1).div(8))).toBe('-0.125');
  });

  it('rounds only where asked, in each mode: 2.345 to 2 places', () => {
    const x = new Decimal('2.345');
    expect(show(round(x, 2, 'half_up'))).toBe('2.35');
    expect(show(round(x, 2, 'half_even'))).toBe('2.34');
    expect(show(round(x, 2, 'down'))).toBe('2.34');
    expect(show(round(x, 2, 'ceiling'))).toBe('2.35');
    expect(show(round(x.neg(), 2, 'floor'))).toBe('-2.35');
    expect(show(round(x.neg(), 2, 'down'))).toBe('-2.34');
  });
});
