/**
 * The language sketch's binding capability list, construct by construct, on
 * fixtures/capabilities.kp (English keywords; the policies in policies/ use Chinese ones).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as A from '../src/ast.js';
import { createEnv } from '../src/index.js';

const text = readFileSync(new URL('./fixtures/capabilities.kp', import.meta.url), 'utf8');
const a = createEnv().analyze(text, 'capabilities.kp');
const decl = <K extends A.Decl['kind']>(kind: K, name: string): Extract<A.Decl, { kind: K }> => {
  const d = a.parsed.ast.decls.find((x) => x.kind === kind && x.name?.text === name);
  if (!d) throw new Error(`${kind} ${name} not found`);
  return d as Extract<A.Decl, { kind: K }>;
};
const clause = <K extends A.RuleClause['kind']>(rule: string, kind: K, n = 0): Extract<A.RuleClause, { kind: K }> =>
  decl('RuleDecl', rule).clauses.filter((c) => c.kind === kind)[n] as Extract<A.RuleClause, { kind: K }>;

describe('capability coverage fixture', () => {
  it('checks clean: only the open parameter (11) is reported', () => {
    expect(a.diagnostics.map((d) => `${d.code}:${d.span.line}`)).toEqual(['KP0501:63']);
  });

  it('1. declarations: header, unit kinds, typed attributes, inputs, surveys, penalties', () => {
    const h = a.parsed.ast.header!;
    expect([h.name?.text, h.title?.value, h.version?.text, h.effectiveFrom?.text, h.effectiveTo?.text, h.period?.value]).toEqual([
      'capabilities', 'Capability coverage', '2024.1', '2024-01-01', '2024-12-31', 'year',
    ]);
    expect(h.rounding?.mode).toBe('half_up');
    const c = decl('EventDecl', 'complaint');
    expect(c.attrs.map((x) => x.type?.kind)).toEqual(['EnumType', 'BoolType', 'NumberType', 'NumberType', 'DateType', 'TextType']);
    expect(decl('EventDecl', 'violation').attrs[1]!.type).toMatchObject({ kind: 'DecisionType', options: [{ text: 'admonition' }, { text: 'efficiency_warning' }] });
    expect(decl('EventDecl', 'application').attrs.find((x) => x.name?.text === 'pauses')?.type?.kind).toBe('IntervalsType');
    expect(decl('InputDecl', 'functional')).toMatchObject({ quarterly: true, unit: 'points', subject: { subject: 'unit' } });
    const s = decl('SurveyDecl', 'democratic');
    expect(s.choices.map((x) => (x.value?.kind === 'Number' ? x.value.text : x.value?.kind))).toEqual(['5', '3', '0', 'MeanOfOthers']);
    expect(s.groups.map((g) => g.weight?.kind === 'Number' && g.weight.text)).toEqual(['40', '60']);
    expect(decl('PenaltyDecl', 'standby')).toMatchObject({ rank: { text: '3' }, lasts: { text: '15', unit: 'days' }, stopsBonus: true });
  });

  it('2. conditions: counts with filters, windows of each kind, statutory comparators', () => {
    const standby = clause('complaint_standby', 'WhenClause').condition as A.Compare;
    expect(standby.op).toBe('>='); // `3 or above` includes 3
    expect((standby.left as A.Count).window).toMatchObject({ kind: 'CalendarWindow', unit: 'month' });
    const rolling = clause('rolling_complaints', 'WhenClause').condition as A.Compare;
    expect((rolling.left as A.Count).window).toMatchObject({ kind: 'RollingWindow', length: { text: '30', unit: 'days' } });
    const late = clause('late', 'OnClause').filter!.where as A.Compare;
    expect(late.op).toBe('>'); // `more than 30` excludes 30
    const anchored = (clause('after_reassignment', 'WhenClause').condition as A.Compare).left as A.Count;
    expect(anchored.window).toMatchObject({ kind: 'AnchoredWindow', anchor: { text: 'reassignment' }, length: { text: '365' } });
  });

  it('3. consequences: ladder, branch, exemption, decision, grade cap and set, eligibility', () => {
    const ladder = clause('unfamiliar', 'LadderClause');
    expect(ladder.window).toMatchObject({ kind: 'CalendarWindow', unit: 'year' });
    expect(ladder.steps.map((s) => [s.occurrence?.text, s.orMore])).toEqual([['1', false], ['2', true]]);
    expect(clause('obstruction', 'UnlessClause').condition).toMatchObject({ kind: 'NameRef', name: { text: 'client_fraud' } });
    expect(clause('committee', 'ThenClause').then).toMatchObject([{ kind: 'Decide', attr: { text: 'measure' } }]);
    const caps = decl('RuleDecl', 'person_cap').clauses as A.WhenClause[];
    expect(caps.map((c) => c.then[0]!.kind)).toEqual(['GradeCap', 'GradeSet', 'Ineligible']);
  });

  it('4. scores: deductions with caps, lookup, weighted composite of a quarterly mean and a survey', () => {
    const conduct = decl('ScoreDecl', 'conduct');
    expect(conduct.items.map((i) => i.kind)).toEqual(['BaseItem', 'AdjustItem', 'AdjustItem', 'AdjustItem', 'TotalCapItem', 'ClampItem']);
    const lookup = (conduct.items[3] as A.AdjustItem).amount as A.Lookup;
    expect(lookup.entries.map((e) => [e.key?.text, (e.value as A.NumberLit).text])).toEqual([['county', '2'], ['province', '6'], ['national', '8']]);
    const w = decl('ScoreDecl', 'unit_total').items[0] as A.WeightedItem;
    expect(w.entries.map((e) => (e.weight as A.NumberLit).text)).toEqual(['40', '30', '30']);
    expect(w.entries[0]!.value).toMatchObject({ kind: 'Call', fn: 'mean' });
  });

  it('5. grades, a quota and the last-ranked unit', () => {
    expect(decl('GradesDecl', 'unit_grade').bands.map((b) => b.bounds.map((x) => `${x.op}${x.value?.text}`))).toEqual([
      ['>=80', '<=100'], ['>=60', '<80'], ['<60'],
    ]);
    expect(decl('QuotaDecl', 'advanced_units')).toMatchObject({ share: { text: '30', unit: 'percent' }, by: { text: 'unit_total' }, rounding: 'floor' });
    expect((clause('last_unit', 'WhenClause').condition as A.Compare).right?.kind).toBe('Last');
  });

  it('6. unit rules land on the head and on the members', () => {
    expect(clause('head_rollup', 'WhenClause').then).toMatchObject([{ kind: 'Impose', what: { text: 'head_warning' }, target: 'head' }]);
    expect(clause('admonished_unit', 'WhenClause').then[1]).toMatchObject({ kind: 'Ineligible', target: 'members' });
  });

  it('9. totality: rules are ordered into strata after what they read', () => {
    const strata = a.checked.strata;
    const level = (r: string): number => strata.findIndex((s) => s.includes(r));
    // the unit roll-up counts warnings that person rules impose
    expect(level('head_rollup')).toBeGreaterThan(level('rolling_complaints'));
    expect(level('head_rollup')).toBeGreaterThan(level('obstruction'));
    // reading a grade waits for every rule that changes that grade
    expect(level('admonished_unit')).toBeGreaterThan(level('unit_downgrade'));
    expect(level('admonished_unit')).toBeGreaterThan(level('veto_unit'));
    expect(level('advanced_units')).toBeGreaterThan(level('veto_unit'));
    // a decision's options count as produced by the rule that decides
    expect(level('after_reassignment')).toBeGreaterThan(level('committee'));
    expect(strata.flat().sort()).toEqual(
      a.parsed.ast.decls.filter((d) => d.kind === 'RuleDecl' || d.kind === 'QuotaDecl' || d.kind === 'DeadlineDecl').map((d) => d.name!.text).sort(),
    );
  });

  it('12. deadlines: working days, start day excluded, pauses, extension filed before expiry, deemed overdue', () => {
    expect(decl('DeadlineDecl', 'completion')).toMatchObject({
      on: { event: { text: 'application' } },
      from: { text: 'received' },
      limit: { kind: 'NameRef', name: { text: 'committed' } },
      startDay: 'excluded',
      pause: { text: 'pauses' },
      extend: { filed: { text: 'extension_filed' } },
      done: { text: 'delivered' },
      deemedOverdue: [{ kind: 'NameRef' }],
      then: [{ kind: 'Impose', what: { text: 'overdue' } }],
    });
  });
});
