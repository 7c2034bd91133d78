/**
 * decimal.js ships an ES module whose default export is the constructor, with CommonJS-style
 * typings; under NodeNext TypeScript types the default import as the module object. This shim
 * gives the one correct view of it. Every exact number in Kaoping goes through here.
 */
import type * as DecimalTypes from 'decimal.js';
import DecimalDefault from 'decimal.js';

export type Decimal = DecimalTypes.Decimal;
export const Decimal = DecimalDefault as unknown as typeof DecimalTypes.Decimal;
