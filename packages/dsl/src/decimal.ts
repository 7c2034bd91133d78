/**
 * Exact arithmetic for every score, weight, bound and comparison, in the checker and the evaluator
 * alike: rational numbers (BigInt numerator and denominator). Sums, products and means are exact —
 * 4/3 × 50% + 2/3 × 50% is exactly 1, so a band `>= 1` holds and `round down 2` gives 1; three
 * weights of 33.333333333333333333335%, 33.333333333333333333335% and 33.33333333333333333333% sum
 * to exactly 100% — and a value is rounded only where the policy says `round`. No binary floating
 * point anywhere, and no fixed number of digits. Browser-safe (BigInt only).
 *
 * The class is called `Decimal` because it replaced decimal.js behind the same small interface
 * (plus, minus, times, div, cmp, …); results are shown as decimal strings.
 */
import type { RoundingMode } from './ast.js';

export type { RoundingMode };

const TEN = 10n;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function pow10(n: number): bigint {
  let r = 1n;
  for (let i = 0; i < n; i++) r *= TEN;
  return r;
}

/** Parse a decimal string (`-12.5`, `0.1`, `89.995`, `7`) into an exact fraction. */
function parseDecimal(s: string): [bigint, bigint] {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) throw new RangeError(`not a decimal number: ${s}`);
  const frac = m[3] ?? '';
  const num = BigInt((m[2] ?? '0') + frac) * (m[1] === '-' ? -1n : 1n);
  return [num, pow10(frac.length)];
}

export class Decimal {
  /** Numerator; its sign is the number's sign. */
  readonly n: bigint;
  /** Denominator, always > 0; the fraction is in lowest terms. */
  readonly d: bigint;

  constructor(value: string | number | bigint, den?: bigint) {
    let n: bigint;
    let d: bigint;
    if (typeof value === 'bigint') {
      n = value;
      d = den ?? 1n;
    } else if (typeof value === 'number') {
      if (!Number.isInteger(value)) throw new RangeError(`only whole numbers convert exactly: ${value}`);
      n = BigInt(value);
      d = 1n;
    } else [n, d] = parseDecimal(value);
    if (d === 0n) throw new RangeError('division by zero');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d);
    this.n = g > 1n ? n / g : n;
    this.d = g > 1n ? d / g : d;
  }

  plus(other: Decimal | number): Decimal {
    const o = typeof other === 'number' ? new Decimal(other) : other;
    return this.d === o.d ? new Decimal(this.n + o.n, this.d) : new Decimal(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  minus(other: Decimal | number): Decimal {
    const o = typeof other === 'number' ? new Decimal(other) : other;
    return this.d === o.d ? new Decimal(this.n - o.n, this.d) : new Decimal(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  times(o: Decimal | number): Decimal {
    const x = typeof o === 'number' ? new Decimal(o) : o;
    return new Decimal(this.n * x.n, this.d * x.d);
  }
  div(o: Decimal | number): Decimal {
    const x = typeof o === 'number' ? new Decimal(o) : o;
    if (x.n === 0n) throw new RangeError('division by zero');
    return new Decimal(this.n * x.d, this.d * x.n);
  }
  neg(): Decimal {
    return new Decimal(-this.n, this.d);
  }
  abs(): Decimal {
    return this.n < 0n ? this.neg() : this;
  }
  cmp(other: Decimal | string | number): number {
    const o = other instanceof Decimal ? other : new Decimal(other);
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(other: Decimal | string | number): boolean {
    const o = other instanceof Decimal ? other : new Decimal(other);
    return this.n === o.n && this.d === o.d;
  }
  gt(o: Decimal | string | number): boolean {
    return this.cmp(o) > 0;
  }
  lt(o: Decimal | string | number): boolean {
    return this.cmp(o) < 0;
  }
  gte(o: Decimal | string | number): boolean {
    return this.cmp(o) >= 0;
  }
  lte(o: Decimal | string | number): boolean {
    return this.cmp(o) <= 0;
  }
  /** The decimal string (as decimal.js's `toFixed()` without places). */
  toFixed(): string {
    return show(this);
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  /** For counts and sizes that are whole numbers (a quota's places, a deadline's days). */
  toNumber(): number {
    return Number(this.n / this.d);
  }
  /** The decimal string, exact when the fraction terminates (see `show`). */
  toString(): string {
    return show(this);
  }

  static min(a: Decimal, b: Decimal): Decimal {
    return a.cmp(b) <= 0 ? a : b;
  }
  static max(...xs: Decimal[]): Decimal {
    return xs.reduce((a, b) => (a.cmp(b) >= 0 ? a : b));
  }
}

export const ZERO = new Decimal(0);
export const HUNDRED = new Decimal(100);

/** Digits shown for a value that does not terminate and that the policy does not round. */
export const SHOWN_PLACES = 20;

/**
 * The value as a decimal string without trailing zeros: exact when the fraction terminates
 * (its denominator has no prime factor but 2 and 5); otherwise rounded half-up to SHOWN_PLACES.
 */
export function show(x: Decimal): string {
  let d = x.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  const places = d === 1n ? Math.max(twos, fives) : SHOWN_PLACES;
  const r = d === 1n ? x : round(x, places, 'half_up');
  const scale = pow10(places);
  const scaled = (r.n * scale) / r.d; // exact for r
  const neg = scaled < 0n;
  let digits = (neg ? -scaled : scaled).toString().padStart(places + 1, '0');
  let text = places > 0 ? `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}` : digits;
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  digits = text;
  return neg && digits !== '0' ? `-${digits}` : digits;
}

/** Round to `places` decimal places the way the policy says. */
export function round(x: Decimal, places: number, mode: RoundingMode): Decimal {
  const scale = pow10(places);
  const num = x.n * scale;
  const den = x.d;
  let q = num / den; // truncates toward zero
  const r = num - q * den; // same sign as num
  if (r !== 0n) {
    const positive = num > 0n;
    const twice = (r < 0n ? -r : r) * 2n;
    const awayFromZero = positive ? 1n : -1n;
    let away = false;
    switch (mode) {
      case 'down':
        away = false;
        break;
      case 'up':
        away = true;
        break;
      case 'floor':
        away = !positive;
        break;
      case 'ceiling':
        away = positive;
        break;
      case 'half_up':
        away = twice >= den;
        break;
      case 'half_even':
        away = twice > den || (twice === den && q % 2n !== 0n);
        break;
    }
    if (away) q += awayFromZero;
  }
  return new Decimal(q, scale);
}
