/**
 * Property tests of the evaluator (issue 3).
 *
 * 1. Record order never matters (docs/evaluation.md: "the same output, byte for byte, in any
 *    record order"). For every policy in policies/*.kp, fast-check generates valid case data from
 *    the policy's own declarations — units with heads, kinds and attributes, people with attributes
 *    (one value in 8 left out), events of the policy's
 *    event types with valid attribute values, sanctions recorded in the data, inputs (quarterly
 *    ones per quarter), votes, open parameters — evaluates it, then evaluates it again with every
 *    list (units, people, events, inputs, votes, and the history before the period) shuffled and
 *    the keys of every attribute and parameter object (of events, people and units) reversed. The
 *    two results, JSON.stringify'ed, must be identical. About one record in four is history (dated
 *    in 2023, the case holding every record from 2022-01-01; issue 10): history is never acted on,
 *    so no penalty is dated before the period either.
 *
 * 2. Scores are exact (docs/evaluation.md §1, §7). fast-check builds small policies as text: a
 *    `weighted { … }` composite whose weights are random percentages with up to two decimals
 *    summing to exactly 100%, over plain inputs, means of quarterly inputs (÷ 3 does not
 *    terminate) and surveys (choices with a `mean` choice, or ratings; rater groups with random
 *    weights; `scale`), then per-event deductions and additions (constant, attribute and lookup
 *    amounts; `where`, `within`, `cap`, `unless`), total caps, an optional clamp and a rounding
 *    (every mode, 0–8 places, in the score or in the header). The expected score is computed by
 *    a reference written here from §7 alone, in exact rational arithmetic (BigInt numerator and
 *    denominator) with its own rounding, and compared with the evaluator's score string.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEnv } from '@kaoping/dsl';
import type * as A from '@kaoping/dsl';
import { prng } from '../../../bench/generate-policy.js';
import { compile, formatDate, parseDate, type AttrValue, type CaseData, type EventRecord, type InputRecord, type PersonRecord, type UnitRecord, type VoteRecord } from '../src/index.js';

const env = createEnv();
/** KAOPING_PROPERTY_RUNS=20 runs every property 20 times as often (for a long hunt; the default keeps the file under ~10 s). */
const RUNS = Math.max(1, Number(process.env.KAOPING_PROPERTY_RUNS ?? '1') || 1);

// =====================================================================================================
// Shared helpers: dates of the 2024 period, a seeded shuffle
// =====================================================================================================

const PERIOD = { from: '2024-01-01', to: '2024-12-31' } as const;
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]; // 2024 is a leap year
const MONTH_START = MONTH_DAYS.reduce<number[]>((acc, _d, i) => [...acc, i === 0 ? 0 : acc[i - 1]! + MONTH_DAYS[i - 1]!], []);
const YEAR_DAYS = 366;

/** Day index 0..365 of 2024, moved 366 days back (2022-12-31 … 2023-12-31): a history record's date. */
function historyDateOf(index: number): string {
  return formatDate(parseDate(dateOf(index))! - 366);
}

/** Day index 0..365 of 2024 → `2024-MM-DD`. */
function dateOf(index: number): string {
  let m = 11;
  while (MONTH_START[m]! > index) m--;
  const day = index - MONTH_START[m]! + 1;
  return `2024-${String(m + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}


function shuffled<T>(xs: readonly T[], r: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const reversedKeys = <V,>(o: Readonly<Record<string, V>>): Record<string, V> => Object.fromEntries(Object.entries(o).reverse());

/** A decimal string from an integer count of 10^-places (12345, 3 → "12.345"; 12300, 3 → "12.3"). */
function decimalString(units: number, places: number): string {
  const neg = units < 0;
  const s = String(Math.abs(units)).padStart(places + 1, '0');
  const int = s.slice(0, s.length - places);
  const frac = s.slice(s.length - places).replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

// =====================================================================================================
// 1. Shuffling records never changes the output
// =====================================================================================================

/** What the case data may contain, read from a checked policy's declarations. */
interface DataModel {
  readonly kinds: readonly string[];
  /** Attributes of people and of units (`属性 … 针对 人员 | 单位`). */
  readonly personAttrs: readonly A.AttributeDecl[];
  readonly unitAttrs: readonly A.AttributeDecl[];
  readonly events: readonly A.EventDecl[];
  readonly sanctions: readonly string[];
  readonly inputs: readonly A.InputDecl[];
  readonly surveys: readonly A.SurveyDecl[];
  readonly openParams: readonly A.ParamDecl[];
}

function dataModel(policy: A.PolicyFile): DataModel {
  const of = <K extends A.Decl['kind']>(kind: K) => policy.decls.filter((d): d is Extract<A.Decl, { kind: K }> => d.kind === kind && !!d.name);
  return {
    kinds: of('KindDecl').map((d) => d.name!.text),
    personAttrs: of('AttributeDecl').filter((d) => d.subject?.subject !== 'unit'),
    unitAttrs: of('AttributeDecl').filter((d) => d.subject?.subject === 'unit'),
    events: of('EventDecl'),
    sanctions: [...of('PenaltyDecl'), ...of('OutcomeDecl'), ...of('ReferralDecl')].map((d) => d.name!.text),
    inputs: of('InputDecl'),
    surveys: of('SurveyDecl'),
    openParams: of('ParamDecl').filter((d) => !d.value),
  };
}

/**
 * Random choices for one case, as plain numbers; `buildCase` turns them into records. Keeping the
 * random part a flat list of integers lets fast-check shrink a failure to a small case.
 */
interface CaseSeed {
  /** People per unit (the first person of each unit is its head). */
  readonly unitSizes: readonly number[];
  readonly events: readonly { readonly type: number; readonly subject: number; readonly day: number; readonly attrs: readonly number[] }[];
  /** A pool of random integers for inputs, votes and parameters. */
  readonly values: readonly number[];
  readonly shuffleSeed: number;
}

/** Days the events cluster on: a few hot months make monthly thresholds (3 complaints) fire. */
const dayArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: MONTH_START[2]!, max: MONTH_START[3]! - 1 }) }, // March
  { weight: 3, arbitrary: fc.integer({ min: MONTH_START[5]!, max: MONTH_START[6]! - 1 }) }, // June
  { weight: 2, arbitrary: fc.integer({ min: 0, max: YEAR_DAYS - 1 }) },
);

const caseSeedArb: fc.Arbitrary<CaseSeed> = fc.record({
  unitSizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
  events: fc.array(
    fc.record({
      type: fc.nat(),
      subject: fc.nat(),
      day: dayArb,
      attrs: fc.array(fc.nat({ max: 1_000_000 }), { minLength: 8, maxLength: 8 }),
    }),
    { maxLength: 70 },
  ),
  values: fc.array(fc.nat({ max: 1_000_000 }), { minLength: 64, maxLength: 64 }),
  shuffleSeed: fc.integer(),
});

/** A cyclic reader over the random pool. */
function reader(values: readonly number[]): (n: number) => number {
  let i = 0;
  return (n) => (n <= 0 ? 0 : values[i++ % values.length]! % n);
}

function attrValue(t: A.TypeRef | undefined, x: number, day: number): AttrValue | undefined {
  switch (t?.kind) {
    case 'BoolType':
      return x % 2 === 0;
    case 'NumberType':
      return t.integer ? String(x % 20) : decimalString(x % 2001, 2); // 0 .. 20.00
    case 'DateType':
      return dateOf(Math.min(YEAR_DAYS - 1, day + (x % 15))); // on or after the event's day
    case 'IntervalsType': {
      const from = Math.min(YEAR_DAYS - 1, day + (x % 5));
      return [{ from: dateOf(from), to: dateOf(Math.min(YEAR_DAYS - 1, from + (x % 7))) }];
    }
    case 'EnumType':
      return t.values[x % t.values.length]?.name?.text;
    case 'DecisionType':
      // One decision in 12 is left unrecorded: the evaluator reports it (KE0201), the order must not matter.
      return x % 12 === 11 ? undefined : t.options[x % t.options.length]?.text;
    case 'TextType':
    default:
      return ['甲', '乙', 'x'][x % 3];
  }
}

function buildCase(model: DataModel, seed: CaseSeed): CaseData {
  const next = reader(seed.values);
  const units: UnitRecord[] = [];
  const people: PersonRecord[] = [];
  // Attribute values of people and units; one in 8 is left out (a yes/no then reads as no, any other
  // needed value is KE0004: the order must not matter either way).
  const subjectAttrs = (decls: readonly A.AttributeDecl[]): { attrs?: Record<string, AttrValue> } => {
    const attrs: Record<string, AttrValue> = {};
    for (const d of decls) {
      if (next(8) === 0) continue;
      const v = attrValue(d.type, next(1_000_000), 0);
      if (v !== undefined) attrs[d.name!.text] = v;
    }
    return Object.keys(attrs).length > 0 ? { attrs } : {};
  };
  seed.unitSizes.forEach((size, u) => {
    const unit = `U${u + 1}`;
    const ids = Array.from({ length: size }, (_, k) => `P${u + 1}${String.fromCharCode(97 + k)}`);
    for (const id of ids) people.push({ id, name: `人员${id}`, unit, ...subjectAttrs(model.personAttrs) });
    const kind = model.kinds.length ? model.kinds[next(model.kinds.length)] : undefined;
    units.push({ id: unit, name: `单位${u + 1}`, head: ids[0], ...(kind ? { kind } : {}), ...subjectAttrs(model.unitAttrs) });
  });
  const unitsOfKind = (kind: string | undefined) => units.filter((u) => !kind || u.kind === kind);

  // Events of the policy's event types, and now and then (one slot in n + 1) a sanction decided
  // outside the policy, recorded on a person (P01's efficiency warnings decided by the leading group).
  const eventTypes = model.events.map((e) => e.name!.text);
  const events: EventRecord[] = [];
  const history: EventRecord[] = [];
  seed.events.forEach((e, i) => {
    const slot = e.type % (eventTypes.length + 1);
    const type = slot < eventTypes.length || model.sanctions.length === 0 ? eventTypes[slot % eventTypes.length]! : model.sanctions[e.attrs[7]! % model.sanctions.length]!;
    const decl = model.events.find((d) => d.name!.text === type);
    const spec = decl?.subject;
    const pool = spec?.subject === 'unit' ? unitsOfKind(spec.unitKind?.text).map((u) => u.id) : people.map((p) => p.id);
    if (pool.length === 0) return;
    const attrs: Record<string, AttrValue> = {};
    decl?.attrs.forEach((a, k) => {
      const v = attrValue(a.type, e.attrs[k % e.attrs.length]!, e.day);
      if (a.name && v !== undefined) attrs[a.name.text] = v;
    });
    // Ids are not in date order: ties on a day are broken by id, whatever the record order.
    // One record in four is history, a year earlier (its date attributes too).
    if (e.attrs[6]! % 4 === 0) {
      const past: Record<string, AttrValue> = {};
      for (const [k, v] of Object.entries(attrs)) {
        past[k] = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(parseDate(v)! - 366) : Array.isArray(v) ? v.map((iv) => ({ from: formatDate(parseDate(iv.from)! - 366), to: formatDate(parseDate(iv.to)! - 366) })) : v;
      }
      history.push({ id: `H${(i * 7919) % 10007}`, date: historyDateOf(e.day), subject: pool[e.subject % pool.length]!, type, attrs: past });
    } else events.push({ id: `E${(i * 7919) % 10007}`, date: dateOf(e.day), subject: pool[e.subject % pool.length]!, type, attrs });
  });

  // Inputs: values 0..100 with up to 3 decimals; quarterly inputs for 1–4 quarters; one subject in 10 lacks one.
  const subjectsFor = (spec: A.SubjectSpec | undefined) =>
    spec?.subject === 'unit' ? unitsOfKind(spec.unitKind?.text).map((u) => u.id) : people.map((p) => p.id);
  const inputs: InputRecord[] = [];
  for (const d of model.inputs) {
    for (const s of subjectsFor(d.subject)) {
      if (next(10) === 0) continue;
      const value = () => decimalString(next(100_001), 3);
      if (d.quarterly) {
        const quarters = [1, 2, 3, 4].filter(() => next(5) !== 0);
        for (const quarter of quarters.length ? quarters : [1 + next(4)]) inputs.push({ subject: s, input: d.name!.text, value: value(), quarter });
      } else inputs.push({ subject: s, input: d.name!.text, value: value() });
    }
  }

  // Votes: 1–3 records per rater group (a choice, the `mean` choice included, or a rating) with counts 1–30.
  const votes: VoteRecord[] = [];
  for (const d of model.surveys) {
    const choices = d.choices.map((c) => c.name?.text).filter((c): c is string => !!c);
    const high = d.rating?.high?.kind === 'Number' ? Number(d.rating.high.text) : 100;
    const groups = d.groups.length ? d.groups.map((g) => g.name?.text) : [undefined];
    for (const s of subjectsFor(d.subject)) {
      for (const group of groups) {
        if (next(15) === 0) continue; // no valid votes: the evaluator reports KE0003
        const n = 1 + next(3);
        for (let k = 0; k < n; k++) {
          const choice = d.rating ? decimalString(next(high * 10 + 1), 1) : choices[next(choices.length)]!;
          votes.push({ subject: s, survey: d.name!.text, ...(group ? { group } : {}), choice, count: 1 + next(30) });
        }
      }
    }
  }

  const params: Record<string, string> = {};
  for (const p of model.openParams) if (next(10) !== 0) params[p.name!.text] = decimalString(next(5001), 2);

  return { period: PERIOD, history: { from: '2022-01-01', events: history }, units, people, events, inputs, votes, params };
}

/** The same case with every record list shuffled and every attribute and parameter object's keys reversed. */
function shuffleCase(data: CaseData, seed: number): CaseData {
  const r = prng(seed);
  return {
    period: { ...data.period },
    ...(data.history ? { history: { from: data.history.from, events: shuffled(data.history.events, r).map((e) => ({ ...e, attrs: reversedKeys(e.attrs) })) } } : {}),
    units: shuffled(data.units, r).map((u) => (u.attrs ? { ...u, attrs: reversedKeys(u.attrs) } : u)),
    people: shuffled(data.people, r).map((p) => (p.attrs ? { ...p, attrs: reversedKeys(p.attrs) } : p)),
    events: shuffled(data.events, r).map((e) => ({ ...e, attrs: reversedKeys(e.attrs) })),
    inputs: shuffled(data.inputs, r),
    votes: shuffled(data.votes, r),
    params: reversedKeys(data.params),
  };
}

const policyDir = new URL('../../../policies/', import.meta.url);
const policyFiles = readdirSync(policyDir)
  .filter((f) => f.endsWith('.kp'))
  .sort();

describe('record order never changes the result (every policy in policies/)', () => {
  it('finds the policies', () => {
    expect(policyFiles.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of policyFiles) {
    it(`${file}: shuffled units, people, events, inputs, votes and history give a byte-identical result`, () => {
      const analysis = env.analyze(readFileSync(new URL(file, policyDir), 'utf8'), `policies/${file}`);
      expect(analysis.hasErrors).toBe(false);
      const { program } = compile(analysis.checked);
      expect(program).toBeDefined();
      const model = dataModel(analysis.checked.policy);
      // Evidence that the generated cases exercise the policy rather than evaluating to nothing.
      let imposed = 0;
      let scored = 0;
      let errors = 0;
      fc.assert(
        fc.property(caseSeedArb, (seed) => {
          const data = buildCase(model, seed);
          const a = program!.evaluate(data);
          const b = program!.evaluate(shuffleCase(data, seed.shuffleSeed));
          imposed += a.summary.penalties;
          scored += a.subjects.filter((s) => s.score !== null).length;
          errors += a.errors.length;
          expect(JSON.stringify(b)).toBe(JSON.stringify(a));
          // history is never acted on: nothing is imposed before the period
          for (const s of a.subjects) for (const p of s.penalties) expect(p.date >= PERIOD.from, `${s.id} ${p.penalty}@${p.date}`).toBe(true);
        }),
        { numRuns: 75 * RUNS },
      );
      // The generated cases make the policy's rules impose something and its scores score someone.
      const decls = analysis.checked.policy.decls;
      if (decls.some((d) => d.kind === 'RuleDecl' || d.kind === 'DeadlineDecl')) expect(imposed).toBeGreaterThan(0);
      if (decls.some((d) => d.kind === 'ScoreDecl')) expect(scored).toBeGreaterThan(0);
      if (model.inputs.length) expect(errors).toBeGreaterThan(0); // the missing-input path was taken too
    }, 30_000 * RUNS);
  }
});

// =====================================================================================================
// 2. Exact rational reference for scores
// =====================================================================================================

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** An exact rational n/d, d > 0, in lowest terms. */
class Q {
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}
  static of(n: bigint, d: bigint = 1n): Q {
    if (d === 0n) throw new Error('division by zero');
    if (d < 0n) [n, d] = [-n, -d];
    const g = gcd(abs(n), d) || 1n;
    return new Q(n / g, d / g);
  }
  /** Parse an exact decimal string (`-12.345`). */
  static dec(s: string): Q {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) throw new Error(`not a decimal: ${s}`);
    const frac = m[3] ?? '';
    return Q.of(BigInt(m[2]! + frac) * (m[1] ? -1n : 1n), 10n ** BigInt(frac.length));
  }
  static readonly ZERO = Q.of(0n);
  plus(o: Q): Q {
    return Q.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  minus(o: Q): Q {
    return Q.of(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  times(o: Q): Q {
    return Q.of(this.n * o.n, this.d * o.d);
  }
  div(o: Q): Q {
    return Q.of(this.n * o.d, this.d * o.n);
  }
  cmp(o: Q): number {
    const x = this.n * o.d - o.n * this.d;
    return x < 0n ? -1 : x > 0n ? 1 : 0;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  toString(): string {
    return this.d === 1n ? `${this.n}` : `${this.n}/${this.d}`;
  }
}
const qmin = (a: Q, b: Q): Q => (a.cmp(b) <= 0 ? a : b);
const qmax = (a: Q, b: Q): Q => (a.cmp(b) >= 0 ? a : b);

type Mode = 'half_up' | 'half_even' | 'down' | 'up' | 'floor' | 'ceiling';
const MODES: readonly Mode[] = ['half_up', 'half_even', 'down', 'up', 'floor', 'ceiling'];

/**
 * Round an exact rational to `places` decimals (language.md 12.3) and print it the way results
 * print decimals: plain notation, no trailing zeros, no `-0`.
 */
function roundQ(q: Q, places: number, mode: Mode): string {
  const scaled = q.n * 10n ** BigInt(places);
  const neg = scaled < 0n;
  const mag = abs(scaled);
  let t = mag / q.d; // toward zero
  const r = mag % q.d;
  if (r !== 0n) {
    const twice = 2n * r;
    const away =
      mode === 'up' ||
      (mode === 'floor' && neg) ||
      (mode === 'ceiling' && !neg) ||
      (mode === 'half_up' && twice >= q.d) ||
      (mode === 'half_even' && (twice > q.d || (twice === q.d && t % 2n === 1n)));
    if (away) t += 1n;
  }
  const digits = t.toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${neg && t !== 0n ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

describe('the rational reference itself (hand-checked values)', () => {
  it('rounds like language.md 12.3: 2.345 and −2.345 to 2 places', () => {
    const p = Q.dec('2.345');
    const n = Q.dec('-2.345');
    expect(MODES.map((m) => roundQ(p, 2, m))).toEqual(['2.35', '2.34', '2.34', '2.35', '2.34', '2.35']);
    expect(MODES.map((m) => roundQ(n, 2, m))).toEqual(['-2.35', '-2.34', '-2.34', '-2.35', '-2.35', '-2.34']);
  });
  it('carries thirds exactly: 10/3 + 2/3 = 4, and 1/3 to 2 places', () => {
    expect(Q.of(10n, 3n).plus(Q.of(2n, 3n)).toString()).toBe('4');
    expect(MODES.map((m) => roundQ(Q.of(1n, 3n), 2, m))).toEqual(['0.33', '0.33', '0.33', '0.34', '0.33', '0.34']);
    expect(MODES.map((m) => roundQ(Q.of(-2n, 3n), 0, m))).toEqual(['-1', '-1', '0', '-1', '-1', '0']);
  });
  it('prints without trailing zeros and without -0', () => {
    expect(roundQ(Q.dec('12.300'), 3, 'down')).toBe('12.3');
    expect(roundQ(Q.dec('-0.004'), 2, 'half_up')).toBe('0');
    expect(roundQ(Q.dec('0.5'), 0, 'half_even')).toBe('0');
    expect(roundQ(Q.dec('1.5'), 0, 'half_even')).toBe('2');
  });
});

// --- the policies ------------------------------------------------------------------------------

interface ChoiceSpec {
  /** A constant in tenths (35 = 3.5 points), or the `mean` choice. */
  readonly value: number | 'mean';
}
interface SurveySpec {
  readonly rating: boolean;
  /** Rating surveys: the top of the range 0..high. */
  readonly high: number;
  readonly choices: readonly ChoiceSpec[];
  /** Group weights in hundredths of a percent (sum 10000), or none. */
  readonly groups: readonly number[];
  /** `scale N`, if any. */
  readonly scale?: number;
}
interface WindowSpec {
  readonly kind: 'month' | 'quarter' | 'rolling';
  readonly days: number;
}
interface LineSpec {
  readonly sign: 'deduct' | 'add';
  /** const: a constant in hundredths; attr: the event's `amount`; lookup: by level { light, serious } in hundredths. */
  readonly amount: { readonly kind: 'const'; readonly v: number } | { readonly kind: 'attr' } | { readonly kind: 'lookup'; readonly light: number; readonly serious: number };
  readonly per?: { readonly event: 0 | 1; readonly where?: 'light' | 'serious'; readonly window?: WindowSpec; readonly unless: boolean };
  /** cap in hundredths */
  readonly cap?: number;
}
interface PolicySpec {
  readonly plain: number;
  /** Quarterly inputs, used through mean(…). */
  readonly quarterly: number;
  /**
   * Per quarterly input: declared `skip missing` (the mean of the quarters given)? Otherwise all four
   * quarters of the year are required and a missing one makes the score unknown (KE0002).
   */
  readonly skipMissing: readonly boolean[];
  readonly surveys: readonly SurveySpec[];
  /** Weights of the weighted entries in hundredths of a percent, summing to 10000 (one per input, quarterly input and survey). */
  readonly weights: readonly number[];
  readonly lines: readonly LineSpec[];
  readonly deductionsCap?: number;
  readonly additionsCap?: number;
  readonly clamp?: readonly [number, number];
  readonly rounding: { readonly mode: Mode; readonly places: number; readonly inHeader: boolean };
}

const pct = (hundredths: number): string => `${decimalString(hundredths, 2)}%`;
const points = (hundredths: number): string => decimalString(hundredths, 2);

/** Random positive integers summing to `total` (weights in hundredths of a percent). */
function partsArb(n: number, total = 10_000): fc.Arbitrary<number[]> {
  if (n === 1) return fc.constant([total]);
  const cuts = (step: number) =>
    fc.uniqueArray(fc.integer({ min: 1, max: total / step - 1 }), { minLength: n - 1, maxLength: n - 1 }).map((cs) => {
      const sorted = [0, ...cs.map((c) => c * step).sort((a, b) => a - b), total];
      return sorted.slice(1).map((c, i) => c - sorted[i]!);
    });
  // Any hundredth of a percent, or whole multiples of 5% (round numbers make exact halves likelier).
  return n - 1 <= 19 ? fc.oneof(cuts(1), cuts(500)) : cuts(1);
}

const surveyArb: fc.Arbitrary<SurveySpec> = fc.boolean().chain((rating) =>
  fc.record({
    rating: fc.constant(rating),
    high: fc.constantFrom(10, 100),
    choices: rating
      ? fc.constant([])
      : fc
          .tuple(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 4 }), fc.boolean())
          .map(([vs, mean]) => [...vs.map((value, i) => ({ value: i === 0 ? Math.max(1, value) : value })), ...(mean ? [{ value: 'mean' as const }] : [])]),
    groups: fc.integer({ min: 0, max: 3 }).chain((n): fc.Arbitrary<readonly number[]> => (n === 0 ? fc.constant([]) : partsArb(n))),
    scale: fc.option(fc.constantFrom(100, 10, 5, 120), { nil: undefined }),
  }),
);

const windowArb: fc.Arbitrary<WindowSpec> = fc.record({ kind: fc.constantFrom('month' as const, 'quarter' as const, 'rolling' as const), days: fc.integer({ min: 1, max: 120 }) });

const lineArb: fc.Arbitrary<LineSpec> = fc.boolean().chain((per) =>
  fc.record({
    sign: fc.constantFrom('deduct' as const, 'add' as const),
    amount: per
      ? fc.oneof(
          fc.record({ kind: fc.constant('const' as const), v: fc.integer({ min: 1, max: 1000 }) }),
          fc.constant({ kind: 'attr' as const }),
          fc.record({ kind: fc.constant('lookup' as const), light: fc.integer({ min: 0, max: 500 }), serious: fc.integer({ min: 0, max: 1000 }) }),
        )
      : fc.record({ kind: fc.constant('const' as const), v: fc.integer({ min: 1, max: 1000 }) }),
    per: per
      ? fc.record({
          event: fc.constantFrom(0 as const, 1 as const),
          where: fc.option(fc.constantFrom('light' as const, 'serious' as const), { nil: undefined }),
          window: fc.option(windowArb, { nil: undefined, freq: 2 }),
          unless: fc.boolean(),
        })
      : fc.constant(undefined),
    cap: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
  }),
);

const policySpecArb: fc.Arbitrary<PolicySpec> = fc
  .record({
    plain: fc.integer({ min: 0, max: 3 }),
    quarterly: fc.integer({ min: 0, max: 3 }),
    surveys: fc.array(surveyArb, { maxLength: 2 }),
  })
  .filter((s) => s.plain + s.quarterly + s.surveys.length > 0)
  .chain((s) =>
    fc.record({
      plain: fc.constant(s.plain),
      quarterly: fc.constant(s.quarterly),
      skipMissing: fc.array(fc.boolean(), { minLength: s.quarterly, maxLength: s.quarterly }),
      surveys: fc.constant(s.surveys),
      weights: partsArb(s.plain + s.quarterly + s.surveys.length),
      lines: fc.array(lineArb, { maxLength: 5 }),
      deductionsCap: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
      additionsCap: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
      clamp: fc.option(fc.constantFrom([0, 100] as const, [0, 90] as const, [-10, 95] as const, [50, 100] as const), { nil: undefined }),
      rounding: fc.record({
        mode: fc.constantFrom(...MODES),
        // mostly 2 places; up to 8, where a 40-digit approximation of a third is most likely to land near the grid
        places: fc.oneof({ weight: 3, arbitrary: fc.constant(2) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 8 }) }),
        inHeader: fc.boolean(),
      }),
    }),
  );

const inputName = (i: number) => `in_${i + 1}`;
const quarterlyName = (i: number) => `qin_${i + 1}`;
const surveyName = (i: number) => `sv_${i + 1}`;
const EVENTS = ['ev_a', 'ev_b'] as const;

function policyText(spec: PolicySpec): string {
  const L: string[] = [];
  const header = spec.rounding.inHeader ? `  round ${spec.rounding.mode} ${spec.rounding.places}` : '';
  L.push(`policy exact "精确计算" { version "1" period year${header} }`);
  for (let i = 0; i < spec.plain; i++) L.push(`input ${inputName(i)} "输入${i + 1}" for person : points range 0..100`);
  for (let i = 0; i < spec.quarterly; i++) L.push(`input ${quarterlyName(i)} "季度输入${i + 1}" for person : points range 0..100 quarterly${spec.skipMissing[i] ? ' skip missing' : ''}`);
  spec.surveys.forEach((sv, i) => {
    L.push(`survey ${surveyName(i)} "测评${i + 1}" for person {`);
    if (sv.rating) L.push(`  rating 0..${sv.high}`);
    sv.choices.forEach((c, k) => L.push(`  choice c${k + 1} "选项${k + 1}" = ${c.value === 'mean' ? 'mean' : decimalString(c.value, 1)}`));
    sv.groups.forEach((w, k) => L.push(`  group g${k + 1} "评议组${k + 1}": ${pct(w)}`));
    if (sv.scale !== undefined) L.push(`  scale ${sv.scale}`);
    L.push('}');
  });
  for (const ev of EVENTS) L.push(`event ${ev} "事件${ev}" for person { amount "分值": decimal points  level: light "轻" | serious "重"  waived "免扣": bool }`);
  const refs = [
    ...Array.from({ length: spec.plain }, (_, i) => inputName(i)),
    ...Array.from({ length: spec.quarterly }, (_, i) => `mean(${quarterlyName(i)})`),
    ...spec.surveys.map((_, i) => surveyName(i)),
  ];
  L.push('score total "总分" for person {');
  L.push('  weighted {');
  refs.forEach((r, i) => L.push(`    ${r}: ${pct(spec.weights[i]!)}`));
  L.push('  }');
  for (const line of spec.lines) {
    const amount =
      line.amount.kind === 'const' ? points(line.amount.v) : line.amount.kind === 'attr' ? 'amount' : `by level { light: ${points(line.amount.light)}, serious: ${points(line.amount.serious)} }`;
    let s = `  ${line.sign} ${amount}`;
    if (line.per) {
      s += ` per ${EVENTS[line.per.event]}`;
      if (line.per.where) s += ` where level = ${line.per.where}`;
      const w = line.per.window;
      if (w) s += w.kind === 'rolling' ? ` within rolling ${w.days} days` : ` within calendar ${w.kind}`;
    }
    if (line.cap !== undefined) s += ` cap ${points(line.cap)}`;
    if (line.per?.unless) s += ' unless waived';
    L.push(s);
  }
  if (spec.deductionsCap !== undefined) L.push(`  deductions cap ${points(spec.deductionsCap)}`);
  if (spec.additionsCap !== undefined) L.push(`  additions cap ${points(spec.additionsCap)}`);
  if (spec.clamp) L.push(`  clamp ${spec.clamp[0]}..${spec.clamp[1]}`);
  if (!spec.rounding.inHeader) L.push(`  round ${spec.rounding.mode} ${spec.rounding.places}`);
  L.push('}');
  return L.join('\n') + '\n';
}

// --- the data ----------------------------------------------------------------------------------

interface PersonData {
  /** Plain inputs in thousandths (0..100000). */
  readonly plain: readonly number[];
  /** Quarterly inputs: per input, per quarter 1–4, thousandths or null (not given; at least one given). */
  readonly quarterly: readonly (readonly (number | null)[])[];
  /** Per survey, per group (one entry when the survey has none): vote records (choice index or rating in tenths, count). */
  readonly votes: readonly (readonly (readonly { readonly choice: number; readonly count: number }[])[])[];
  readonly events: readonly { readonly event: 0 | 1; readonly day: number; readonly amount: number; readonly serious: boolean; readonly waived: boolean }[];
}

/** Thousandths 0..100 with up to 3 decimals; often whole or half numbers, so exact ties occur. */
const thousandthsArb = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 200 }).map((x) => x * 500));

function personArb(spec: PolicySpec): fc.Arbitrary<PersonData> {
  const voteList = (sv: SurveySpec) => {
    const determinate = sv.choices.flatMap((c, i) => (c.value === 'mean' ? [] : [i]));
    const choice = sv.rating ? fc.integer({ min: 0, max: sv.high * 10 }) : fc.integer({ min: 0, max: sv.choices.length - 1 });
    const first = sv.rating ? choice : fc.constantFrom(...determinate); // at least one determinate vote per group
    return fc
      .tuple(fc.record({ choice: first, count: fc.integer({ min: 1, max: 40 }) }), fc.array(fc.record({ choice, count: fc.integer({ min: 1, max: 40 }) }), { maxLength: 4 }))
      .map(([a, rest]) => [a, ...rest]);
  };
  return fc.record({
    plain: fc.array(thousandthsArb, { minLength: spec.plain, maxLength: spec.plain }),
    quarterly: fc.array(
      fc
        .tuple(fc.array(fc.option(thousandthsArb, { nil: null, freq: 5 }), { minLength: 4, maxLength: 4 }), thousandthsArb, fc.integer({ min: 0, max: 3 }))
        .map(([qs, v, k]) => (qs.every((q) => q === null) ? qs.map((q, i) => (i === k ? v : q)) : qs)),
      { minLength: spec.quarterly, maxLength: spec.quarterly },
    ),
    votes: fc.tuple(...spec.surveys.map((sv) => fc.array(voteList(sv), { minLength: Math.max(1, sv.groups.length), maxLength: Math.max(1, sv.groups.length) }))),
    events: fc.array(
      fc.record({
        event: fc.constantFrom(0 as const, 1 as const),
        day: fc.integer({ min: 0, max: YEAR_DAYS - 1 }),
        amount: fc.integer({ min: 0, max: 1000 }),
        serious: fc.boolean(),
        waived: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
  });
}

function caseData(spec: PolicySpec, persons: readonly PersonData[]): CaseData {
  const ids = persons.map((_, i) => `P${i + 1}`);
  const inputs: InputRecord[] = [];
  const votes: VoteRecord[] = [];
  const events: EventRecord[] = [];
  persons.forEach((p, pi) => {
    const subject = ids[pi]!;
    p.plain.forEach((v, i) => inputs.push({ subject, input: inputName(i), value: decimalString(v, 3) }));
    p.quarterly.forEach((qs, i) =>
      qs.forEach((v, q) => {
        if (v !== null) inputs.push({ subject, input: quarterlyName(i), value: decimalString(v, 3), quarter: q + 1 });
      }),
    );
    p.votes.forEach((groups, si) => {
      const sv = spec.surveys[si]!;
      groups.forEach((vs, gi) =>
        vs.forEach((v) =>
          votes.push({
            subject,
            survey: surveyName(si),
            ...(sv.groups.length ? { group: `g${gi + 1}` } : {}),
            choice: sv.rating ? decimalString(v.choice, 1) : `c${v.choice + 1}`,
            count: v.count,
          }),
        ),
      );
    });
    p.events.forEach((e, k) =>
      events.push({
        id: `${subject}-E${k + 1}`,
        date: dateOf(e.day),
        subject,
        type: EVENTS[e.event],
        attrs: { amount: decimalString(e.amount, 2), level: e.serious ? 'serious' : 'light', waived: e.waived },
      }),
    );
  });
  return {
    period: PERIOD,
    units: [{ id: 'U', name: '单位', head: ids[0] }],
    people: ids.map((id) => ({ id, name: id, unit: 'U' })),
    events,
    inputs,
    votes,
    params: {},
  };
}

// --- the reference: docs/evaluation.md §7, in exact rationals --------------------------------------

const hundredths = (n: number): Q => Q.of(BigInt(n), 100n);
const tenths = (n: number): Q => Q.of(BigInt(n), 10n);
const thousandths = (n: number): Q => Q.of(BigInt(n), 1000n);
/** A weight in hundredths of a percent, as a fraction: 1234 → 12.34% = 0.1234. */
const weight = (n: number): Q => Q.of(BigInt(n), 10_000n);

/** §7 Surveys: per group the mean of the determinate votes (× count; `mean` votes left out), weighted over groups, then scaled. */
function surveyValue(sv: SurveySpec, groups: readonly (readonly { choice: number; count: number }[])[]): Q {
  const groupMean = (vs: readonly { choice: number; count: number }[]): Q => {
    let total = Q.ZERO;
    let n = 0n;
    for (const v of vs) {
      let x: Q;
      if (sv.rating) x = tenths(v.choice);
      else {
        const c = sv.choices[v.choice]!;
        if (c.value === 'mean') continue;
        x = tenths(c.value);
      }
      total = total.plus(x.times(Q.of(BigInt(v.count))));
      n += BigInt(v.count);
    }
    return total.div(Q.of(n));
  };
  let result = sv.groups.length ? sv.groups.reduce((acc, w, g) => acc.plus(groupMean(groups[g]!).times(weight(w))), Q.ZERO) : groupMean(groups[0]!);
  if (sv.scale !== undefined) {
    const best = sv.rating ? Q.of(BigInt(sv.high)) : sv.choices.reduce((m, c) => (c.value === 'mean' ? m : qmax(m, tenths(c.value))), Q.ZERO);
    if (!best.isZero()) result = result.times(Q.of(BigInt(sv.scale))).div(best);
  }
  return result;
}

/** The first day (index) a window counts, as of the period's last day (2024-12-31, index 365). */
function windowStart(w: WindowSpec | undefined): number {
  if (!w) return 0;
  if (w.kind === 'month') return MONTH_START[11]!;
  if (w.kind === 'quarter') return MONTH_START[9]!;
  return YEAR_DAYS - 1 - (w.days - 1); // the N days ending on the last day
}

function expectedScore(spec: PolicySpec, p: PersonData): { value: string | null; exact: Q | null } {
  // 0. a quarterly input that must have every quarter of the year and lacks one: unknown
  if (p.quarterly.some((qs, i) => !spec.skipMissing[i] && qs.some((q) => q === null))) return { value: null, exact: null };
  // 1. the weighted composite
  const parts: Q[] = [
    ...p.plain.map(thousandths),
    ...p.quarterly.map((qs) => {
      const given = qs.filter((q): q is number => q !== null);
      return given.reduce((a, q) => a.plus(thousandths(q)), Q.ZERO).div(Q.of(BigInt(given.length)));
    }),
    ...spec.surveys.map((sv, i) => surveyValue(sv, p.votes[i]!)),
  ];
  const base = parts.reduce((acc, v, i) => acc.plus(v.times(weight(spec.weights[i]!))), Q.ZERO);
  // 2. each line, capped on its own
  let deductions = Q.ZERO;
  let additions = Q.ZERO;
  for (const line of spec.lines) {
    let total = Q.ZERO;
    if (line.per) {
      const per = line.per;
      const start = windowStart(per.window);
      const items = p.events.filter(
        (e) => e.event === per.event && (!per.where || (per.where === 'serious') === e.serious) && e.day >= start && !(per.unless && e.waived),
      );
      if (items.length === 0) continue;
      for (const e of items) {
        const a = line.amount;
        total = total.plus(a.kind === 'const' ? hundredths(a.v) : a.kind === 'attr' ? hundredths(e.amount) : hundredths(e.serious ? a.serious : a.light));
      }
    } else total = hundredths((line.amount as { v: number }).v);
    if (line.cap !== undefined) total = qmin(total, hundredths(line.cap));
    if (line.sign === 'deduct') deductions = deductions.plus(total);
    else additions = additions.plus(total);
  }
  // 3. total caps
  if (spec.deductionsCap !== undefined) deductions = qmin(deductions, hundredths(spec.deductionsCap));
  if (spec.additionsCap !== undefined) additions = qmin(additions, hundredths(spec.additionsCap));
  // 4. base − deductions + additions, clamp, round
  let v = base.minus(deductions).plus(additions);
  if (spec.clamp) v = qmin(qmax(v, Q.of(BigInt(spec.clamp[0]))), Q.of(BigInt(spec.clamp[1])));
  return { value: roundQ(v, spec.rounding.places, spec.rounding.mode), exact: v };
}

const scenarioArb = policySpecArb.chain((spec) => fc.record({ spec: fc.constant(spec), persons: fc.array(personArb(spec), { minLength: 1, maxLength: 4 }) }));

function evaluateScores(spec: PolicySpec, persons: readonly PersonData[]) {
  const text = policyText(spec);
  const analysis = env.analyze(text, 'exact.kp');
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`generated policy does not check:\n${errors.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${JSON.stringify(d.message)}`).join('\n')}\n${text}`);
  const { program } = compile(analysis.checked);
  const result = program!.evaluate(caseData(spec, persons));
  return { text, result };
}

describe('scores equal an exact rational reference (docs/evaluation.md §7)', () => {
  it('on random weights, inputs, quarterly means, surveys, deductions, caps, clamp and rounding', () => {
    fc.assert(
      fc.property(scenarioArb, ({ spec, persons }) => {
        const { text, result } = evaluateScores(spec, persons);
        const unknown = persons.some((p) => expectedScore(spec, p).value === null);
        expect([...new Set(result.errors.map((e) => e.code))]).toEqual(unknown ? ['KE0002'] : []);
        persons.forEach((p, i) => {
          const s = result.subjects.find((x) => x.id === `P${i + 1}`)!;
          const got = s.scores.find((x) => x.name === 'total')!.value;
          const want = expectedScore(spec, p);
          expect(got, `P${i + 1}: exact value ${want.exact}, policy:\n${text}`).toBe(want.value);
        });
      }),
      { numRuns: 250 * RUNS },
    );
  }, 30_000 * RUNS);
});

/**
 * Found by the property above (then shrunk by hand) while the evaluator carried non-terminating
 * divisions as 40-digit decimals (decimal.js): means that do not terminate, whose weighted sum
 * does. 4/3 × 50% + 2/3 × 50% is exactly 1, and 1/3 × 50% + 2/3 × 50% exactly 1/2, so every
 * rounding mode must leave them alone and a band `>= 1` must hold. In 40 digits the parts came
 * out as 0.6666…665 and 0.3333…334 and the sum as 0.9999…9 (40 nines), or 0.5000…01: `round down
 * 2` gave 0.99, `round ceiling 2` 0.51, and the band `>= 1` was missed.
 */
describe('non-terminating means whose weighted sum terminates (hand-computed)', () => {
  const text = `policy thirds "三分之一" { version "1" period year }
input q1 "季度一" for person : points range 0..100 quarterly
input q2 "季度二" for person : points range 0..100 quarterly
survey sv "测评" for person { choice yes "是" = 1  choice no "否" = 0  group g1 "甲组": 50%  group g2 "乙组": 50% }
score raw "未舍入" for person { weighted { mean(q1): 50%  mean(q2): 50% } }
score down2 "截断" for person { weighted { mean(q1): 50%  mean(q2): 50% }  round down 2 }
score ceil2 "向上取整" for person { weighted { mean(q1): 50%  mean(q2): 50% }  round ceiling 2 }
score survey_ceil2 "测评向上取整" for person { value sv  round ceiling 2 }
grades g "等次" by raw { high "高" >= 1  low "低" < 1 }
`;
  const analysis = env.analyze(text, 'thirds.kp');
  const program = compile(analysis.checked).program!;
  const quarters = (subject: string, input: string, first: string): InputRecord[] => ['1', '2', '3'].map((q, i) => ({ subject, input, value: i === 0 ? first : '0', quarter: Number(q) }));
  const vote = (subject: string, group: string, choice: string, count: number): VoteRecord => ({ subject, survey: 'sv', group, choice, count });
  // A period of three quarters (January to September): every one of its quarters is given, so each
  // mean is over three quarters.
  const result = program.evaluate({
    period: { from: '2024-01-01', to: '2024-09-30' },
    units: [{ id: 'U', name: '单位', head: 'A' }],
    people: [
      { id: 'A', name: 'A', unit: 'U' },
      { id: 'B', name: 'B', unit: 'U' },
    ],
    events: [],
    inputs: [
      // A: mean(q1) = (4 + 0 + 0) / 3 = 4/3, mean(q2) = 2/3 → 4/3 × 0.5 + 2/3 × 0.5 = 1
      ...quarters('A', 'q1', '4'),
      ...quarters('A', 'q2', '2'),
      // B: mean(q1) = 1/3, mean(q2) = 2/3 → 1/2
      ...quarters('B', 'q1', '1'),
      ...quarters('B', 'q2', '2'),
    ],
    votes: [
      // A: group g1 1 yes, 2 no → 1/3; group g2 2 yes, 1 no → 2/3; 1/3 × 0.5 + 2/3 × 0.5 = 1/2
      vote('A', 'g1', 'yes', 1),
      vote('A', 'g1', 'no', 2),
      vote('A', 'g2', 'yes', 2),
      vote('A', 'g2', 'no', 1),
      ...['g1', 'g2'].map((g) => vote('B', g, 'yes', 1)),
    ],
    params: {},
  });
  const score = (id: string, name: string) => result.subjects.find((s) => s.id === id)!.scores.find((s) => s.name === name)!.value;

  it('the policy checks', () => expect(analysis.hasErrors).toBe(false));
  it('4/3 × 50% + 2/3 × 50% is 1 (unrounded)', () => expect(score('A', 'raw')).toBe('1'));
  it('4/3 × 50% + 2/3 × 50% is 1: `round down 2` leaves it at 1', () => expect(score('A', 'down2')).toBe('1'));
  it('4/3 × 50% + 2/3 × 50% is 1: the band `>= 1` holds', () => expect(result.subjects.find((s) => s.id === 'A')!.grade).toBe('high'));
  it('1/3 × 50% + 2/3 × 50% is 1/2 (unrounded)', () => expect(score('B', 'raw')).toBe('0.5'));
  it('1/3 × 50% + 2/3 × 50% is 1/2: `round ceiling 2` leaves it at 0.5', () => expect(score('B', 'ceil2')).toBe('0.5'));
  it('rater groups: a mean of 1/3 and one of 2/3, weighted 50/50, is 1/2', () => {
    expect(score('A', 'survey_ceil2')).toBe('0.5');
  });
});
