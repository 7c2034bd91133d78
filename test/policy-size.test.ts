/**
 * A wide policy — one score with thousands of items, each for its own event type
 * (bench/generate-wide-policy.ts) — validates records as a narrow one does, and its set-up does
 * not compile what the records do not need. (How long it takes is bench/policy-size.bench.ts's
 * business, not a test's.)
 *
 * Item k of a wide policy is the event type 违规k with the attributes 情节k (一般k | 严重k), 分值k
 * (a decimal) and 属实k (a boolean).
 */
import { describe, expect, it } from 'vitest';
import { createEnv } from '../packages/dsl/src/index.js';
import { createValidator, schemaFor, type DataError, type Origin } from '../packages/evaluator/src/index.js';
import { standaloneDef } from '../packages/evaluator/src/schema-validators.js';
import { widePolicy } from '../bench/generate-wide-policy.js';

const policyOf = (items: number) => {
  const a = createEnv().analyze(widePolicy(items), 'wide.kp');
  expect(a.diagnostics).toEqual([]);
  return a.checked.policy;
};

const at = (line: number): Origin => ({ file: 'case.yaml', line, column: 5 });
const COL: Record<string, number> = { id: 7, date: 15, subject: 31, type: 44 };
const fields = (line: number) => (p: readonly (string | number)[]) => ({ file: 'case.yaml', line, column: COL[String(p[0])] ?? 60 });

/** The same records for any wide policy: items 0 and 1 only, good and bad. */
function validate(items: number) {
  const v = createValidator(policyOf(items));
  v.header({ period: { from: '2024-01-01', to: '2024-12-31' } });
  v.unit({ id: 'U1', name: '综合办' }, at(2));
  v.person({ id: 'P1', name: '张三', unit: 'U1' }, at(3));
  const ev = (id: string, line: number, more: Record<string, unknown>) => v.event({ id, date: '2024-03-05', subject: 'P1', ...more }, at(line), fields(line));
  ev('E1', 10, { type: '违规0', 情节0: '严重0', 属实0: true });
  ev('E2', 11, { type: '违规0', 情节0: '特别严重' });
  ev('E3', 12, { type: '违规1', 分值1: '1e3' });
  ev('E4', 13, { type: '违规1', 分值0: '2' });
  ev('E5', 14, { type: '违规1', 分值1: '0.5', date: '2024-02-30' });
  return v.finish();
}

const brief = (es: readonly DataError[]) => es.map((e) => [e.code, e.origin ? `${e.origin.line}:${e.origin.column}` : e.record]);

describe('a wide policy', () => {
  it('validates the records of items 0 and 1 as a policy of two items does', () => {
    const narrow = validate(2);
    // E1 is good. E2: 特别严重 is not 一般0 or 严重0 (KD0124, at the attribute's column 60). E3: 1e3 is
    // an exponent (KD0123). E4: 分值0 is an attribute of 违规0, not of 违规1 (KD0122). E5: there is
    // no 30 February (KD0125, at the date's column 15).
    expect(brief(narrow.errors)).toEqual([
      ['KD0124', '11:60'],
      ['KD0123', '12:60'],
      ['KD0122', '13:60'],
      ['KD0125', '14:15'],
    ]);
    expect(narrow.data!.events.map((e) => [e.id, e.attrs])).toEqual([['E1', { 情节0: '严重0', 属实0: true }]]);
    const wide = validate(300);
    expect(wide.errors).toEqual(narrow.errors);
    expect(wide.data).toEqual(narrow.data);
    expect(wide.counts).toEqual(narrow.counts);
  });

  it('with 8,000 items, validates a record (compiling the whole case schema overflowed the stack)', () => {
    const v = createValidator(policyOf(8000));
    v.header({ period: { from: '2024-01-01', to: '2024-12-31' } });
    v.unit({ id: 'U1', name: '综合办' });
    v.person({ id: 'P1', name: '张三', unit: 'U1' });
    expect(v.event({ id: 'E1', date: '2024-03-05', subject: 'P1', type: '违规7999', 分值7999: '1.5' })).toMatchObject({ attrs: { 分值7999: '1.5' } });
    expect(v.finish().errors).toEqual([]);
  });

  it("compiles an event type's entry with only the shapes it refers to, never the dispatcher over all types", () => {
    const defs = (schemaFor(policyOf(300)) as { $defs: Record<string, Record<string, unknown>> }).$defs;
    // 违规0: id, date, subject (id), an enum, a decimal (a number, or a decimal string) and a bool.
    const e = standaloneDef(defs, 'event.违规0');
    expect(Object.keys(e.$defs as object)).toEqual(['bool', 'date', 'decimal', 'decimalString', 'id']);
    expect(e.properties).toEqual(defs['event.违规0']!.properties);
    // the period refers to dates only
    expect(Object.keys(standaloneDef(defs, 'period').$defs as object)).toEqual(['date']);
  });
});
