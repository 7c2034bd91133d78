/**
 * The JSON Schema a policy implies for its case files. Expected structures are read off the
 * policies by hand: test/fixtures/data/policy.kp (every attribute type, a quarterly input, a
 * survey with groups, a rating survey, an open and a fixed parameter, two unit kinds) and the
 * repository's policies.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ajv2020 from 'ajv/dist/2020.js';
import { createEnv, type PolicyFile } from '@kaoping/dsl';
import { schemaFor } from '../src/index.js';

type Json = Record<string, any>;

function load(rel: string): PolicyFile {
  const url = new URL(rel, import.meta.url);
  const a = createEnv().analyze(readFileSync(url, 'utf8'), rel);
  expect(a.hasErrors).toBe(false);
  return a.checked.policy;
}

const policy = load('../../../test/fixtures/data/policy.kp');
const schema = schemaFor(policy) as Json;
const defs = schema.$defs as Record<string, Json>;

const Ajv = ((ajv2020 as any).default.default ?? (ajv2020 as any).default) as new (o: object) => any;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

describe('schemaFor: structure', () => {
  it('is a draft 2020-12 schema of the whole case file', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    // history (issue 10): the records before the period and the day from which they are complete
    expect(Object.keys(schema.properties)).toEqual(['period', 'calendar', 'params', 'history', 'units', 'people', 'events', 'inputs', 'votes']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.events).toEqual({ type: 'array', items: { $ref: '#/$defs/event' } });
  });

  it('has one definition per event type, input and survey', () => {
    // policy.kp declares events 投诉, 事故, 核查; inputs 指标, 季度得分; surveys 民主测评, 满意度.
    for (const k of ['event.投诉', 'event.事故', 'event.核查', 'input.指标', 'input.季度得分', 'vote.民主测评', 'vote.满意度', 'sanction']) {
      expect(defs[k], k).toBeDefined();
    }
    expect(Object.keys(defs).filter((k) => k.startsWith('event.'))).toEqual(['event.投诉', 'event.事故', 'event.核查']);
  });

  it('types every attribute of an event type', () => {
    const e = defs['event.投诉']!;
    expect(e.title).toBe('投诉');
    expect(e.required).toEqual(['id', 'date', 'subject', 'type']);
    expect(e.additionalProperties).toBe(false);
    expect(e.properties.type).toEqual({ const: '投诉' });
    expect(e.properties['情节']).toEqual({ enum: ['一般', '严重'] });
    expect(e.properties['属实']).toEqual({ $ref: '#/$defs/bool' });
    expect(e.properties['迟到分钟']).toEqual({ $ref: '#/$defs/integer' });
    expect(e.properties['扣减']).toEqual({ $ref: '#/$defs/decimal' });
    expect(e.properties['收到']).toEqual({ $ref: '#/$defs/date' });
    expect(e.properties['备注']).toEqual({ $ref: '#/$defs/text' });
    expect(e.properties['停办']).toEqual({ $ref: '#/$defs/intervals' });
    expect(e.properties['处理']).toEqual({ enum: ['告诫', '待岗'] });
    // 事故 has no attributes: only the fixed fields.
    expect(Object.keys(defs['event.事故']!.properties)).toEqual(['id', 'date', 'subject', 'type']);
  });

  it('lists penalties, outcomes and referrals as sanction types, and dispatches on type', () => {
    expect(defs.sanction!.properties.type).toEqual({ enum: ['告诫', '待岗', '表彰', '纪检'] });
    expect(defs.event!.properties.type).toEqual({ enum: ['投诉', '事故', '核查', '告诫', '待岗', '表彰', '纪检'] });
    expect(defs.event!.allOf).toHaveLength(4);
    expect(defs.event!.allOf[0]).toEqual({
      if: { type: 'object', properties: { type: { const: '投诉' } }, required: ['type'] },
      then: { $ref: '#/$defs/event.投诉' },
    });
  });

  it('gives inputs their range, and quarter only when quarterly', () => {
    const i = defs['input.指标']!;
    expect(i.required).toEqual(['subject', 'input', 'value']);
    expect(i.properties.quarter).toBeUndefined();
    expect(i.properties.value.anyOf[0]).toEqual({ type: 'number', minimum: 0, maximum: 100 });
    const q = defs['input.季度得分']!;
    expect(q.required).toEqual(['subject', 'input', 'value', 'quarter']);
    expect(q.properties.quarter).toEqual({ enum: [1, 2, 3, 4, '1', '2', '3', '4'] });
  });

  it('gives surveys their choices and groups, or the rating range', () => {
    const v = defs['vote.民主测评']!;
    expect(v.properties.choice).toEqual({ enum: ['满意', '一般票', '不满意'] });
    expect(v.properties.group).toEqual({ enum: ['领导班子', '群众'] });
    expect(v.required).toEqual(['subject', 'survey', 'choice', 'group']);
    const r = defs['vote.满意度']!;
    expect(r.properties.group).toBeUndefined();
    expect(r.properties.choice.anyOf[0]).toEqual({ type: 'number', minimum: 0, maximum: 100 });
  });

  it('lists only the open parameters, and the declared unit kinds', () => {
    // 投诉扣分 has no value in the policy; 扣分上限 = 5 has one.
    expect(Object.keys(defs.params!.properties)).toEqual(['投诉扣分']);
    expect(defs.params!.additionalProperties).toBe(false);
    expect(defs.unitKind!.enum).toEqual(['type1', 'type2']);
  });

  it('has the date and decimal patterns', () => {
    expect(defs.date).toMatchObject({ type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
    expect(defs.decimalString).toEqual({ type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' });
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});

describe('schemaFor: validating with ajv', () => {
  const good = {
    period: { from: '2024-01-01', to: '2024-12-31' },
    params: { 投诉扣分: 2 },
    units: [{ id: 'U1', name: '综合办', kind: 'type1' }],
    people: [{ id: 'P1', name: '张三', unit: 'U1' }],
    events: [
      { id: 'E1', date: '2024-03-05', subject: 'P1', type: '投诉', 情节: '严重', 属实: true, 扣减: '0.1', 停办: [{ from: '2024-03-01', to: '2024-03-02' }] },
      { id: 'E2', date: '2024-03-06', subject: 'U1', type: '待岗' },
    ],
    inputs: [{ subject: 'P1', input: '季度得分', value: 88, quarter: 1 }],
    votes: [{ subject: 'U1', survey: '民主测评', group: '领导班子', choice: '满意', count: 40 }],
  };

  it('accepts a valid case file', () => {
    expect(validate(good)).toBe(true);
  });

  it.each([
    ['an enum value not declared', { events: [{ ...good.events[0], 情节: '特别严重' }] }, '/events/0/情节'],
    ['an attribute not declared', { events: [{ ...good.events[0], 情况: 'x' }] }, '/events/0'],
    ['an attribute on a sanction', { events: [good.events[0], { ...good.events[1], 情节: '严重' }] }, '/events/1'],
    ['a date in another form', { events: [{ ...good.events[0], date: '2024/03/05' }] }, '/events/0/date'],
    ['a quarter missing on a quarterly input', { inputs: [{ subject: 'P1', input: '季度得分', value: 88 }] }, '/inputs/0'],
    ['an input value out of range', { inputs: [{ subject: 'P1', input: '季度得分', value: 101, quarter: 1 }] }, '/inputs/0/value'],
    ['a closed parameter', { params: { 扣分上限: 3 } }, '/params'],
    ['an undeclared unit kind', { units: [{ id: 'U1', name: 'x', kind: 'type3' }] }, '/units/0/kind'],
    ['a decimal with an exponent', { events: [{ ...good.events[0], 扣减: '1e3' }] }, '/events/0/扣减'],
  ])('rejects %s', (_what, patch, path) => {
    expect(validate({ ...good, ...patch })).toBe(false);
    expect((validate.errors as { instancePath: string }[]).map((e) => e.instancePath)).toContain(path);
  });
});

describe('schemaFor on the repository policies', () => {
  it('P05: unit kinds, a survey scoped to a kind, the open parameter 投诉扣分', () => {
    const s = schemaFor(load('../../../policies/municipal-department-performance.kp')) as Json;
    expect(s.$defs.unitKind.enum).toEqual(['第一类', '第二类']);
    expect(s.$defs['vote.民主测评'].properties.choice).toEqual({ enum: ['满意票', '一般票', '不满意票', '不了解票'] });
    expect(Object.keys(s.$defs.params.properties)).toEqual(['投诉扣分']);
    expect(s.$defs['event.效能投诉'].properties['经调查核实']).toEqual({ $ref: '#/$defs/bool' });
    expect(s.$defs['event.察访核验问题'].properties['扣减分值']).toEqual({ $ref: '#/$defs/decimal' });
  });

  it('P08: enum attributes with labels other than their names', () => {
    const s = schemaFor(load('../../../policies/window-staff-assessment.kp')) as Json;
    expect(s.$defs['event.态度投诉'].properties['情节']).toEqual({ enum: ['一般', '严重'] });
    expect(s.$defs['event.争得荣誉'].properties['级别']).toEqual({ enum: ['县', '州', '省', '国家'] });
  });

  it('a policy without inputs or surveys: no empty allOf (strict ajv rejects one)', () => {
    const s = schemaFor(load('../../../policies/street-office-accountability.kp')) as Json;
    expect(s.$defs.input.allOf).toBeUndefined();
    expect(s.$defs.input.properties.input).toEqual({ not: {} });
  });

  it('every policy gives a schema that ajv compiles in strict mode', () => {
    for (const f of ['bureau-performance', 'municipal-department-performance', 'street-office-accountability', 'window-staff-assessment']) {
      const s = schemaFor(load(`../../../policies/${f}.kp`));
      const a = new Ajv({ strict: true, allowUnionTypes: true });
      expect(() => a.compile(s), f).not.toThrow();
    }
  });
});
