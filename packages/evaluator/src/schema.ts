/**
 * The JSON Schema a policy implies for its case files (docs/case-data.md), and the policy model
 * the validators share with it: which event types exist and what their attributes are, which
 * inputs, surveys, parameters and unit kinds the data may name.
 *
 * The schema describes what a person may write in YAML or JSON. Numbers may be written as JSON
 * numbers or as decimal strings (`"92.50"`); the readers pass every number on as its source
 * text, so the validators only ever see strings and nothing goes through a binary float.
 *
 * Browser-safe: no Node APIs.
 */
import type * as A from '@kaoping/dsl';

// --- the policy model --------------------------------------------------------------------------

export type AttrType = 'bool' | 'integer' | 'decimal' | 'enum' | 'decision' | 'date' | 'text' | 'intervals';

export interface AttrModel {
  readonly name: string;
  readonly label?: string;
  readonly type: AttrType;
  /** The unit of a number (`整数 天` → `days`). */
  readonly unit?: A.Unit;
  /** Enum value names, or a decision's option names. */
  readonly values?: readonly string[];
  /** Enum value labels → names (to tell a writer who used the label which name to write). */
  readonly valueLabels?: ReadonlyMap<string, string>;
}

export interface SubjectModel {
  readonly subject: A.SubjectKind;
  /** For `for unit kind X`. */
  readonly unitKind?: string;
}

export interface EventModel extends SubjectModel {
  readonly name: string;
  readonly label?: string;
  readonly attrs: ReadonlyMap<string, AttrModel>;
}

export interface InputModel extends SubjectModel {
  readonly name: string;
  readonly label?: string;
  readonly quarterly: boolean;
  /** Range bounds as exact decimal strings, when the policy gives them as numbers. */
  readonly low?: string;
  readonly high?: string;
}

export interface SurveyModel extends SubjectModel {
  readonly name: string;
  readonly label?: string;
  readonly choices: readonly string[];
  /** Choice labels → names. */
  readonly choiceLabels: ReadonlyMap<string, string>;
  readonly groups: readonly string[];
  readonly groupLabels: ReadonlyMap<string, string>;
  /** For rating surveys (`rating a..b`): the range, exact decimal strings. */
  readonly rating?: { readonly low?: string; readonly high?: string };
}

export interface ParamModel {
  readonly name: string;
  readonly label?: string;
  readonly unit?: A.Unit;
  /** The policy leaves it without a value: the case data supplies it. */
  readonly open: boolean;
}

export type SanctionKind = 'penalty' | 'outcome' | 'referral';

export interface PolicyModel {
  readonly name?: string;
  readonly title?: string;
  readonly kinds: readonly string[];
  readonly kindLabels: ReadonlyMap<string, string>;
  /** The attributes declared for people and for units (`属性 … 针对 人员 | 单位`), written on their records. */
  readonly personAttrs: ReadonlyMap<string, AttrModel>;
  readonly unitAttrs: ReadonlyMap<string, AttrModel>;
  readonly events: ReadonlyMap<string, EventModel>;
  /** Penalties, outcomes and referrals: an event record may name one (a sanction decided outside the policy). */
  readonly sanctions: ReadonlyMap<string, SanctionKind>;
  readonly inputs: ReadonlyMap<string, InputModel>;
  readonly surveys: ReadonlyMap<string, SurveyModel>;
  readonly params: ReadonlyMap<string, ParamModel>;
}

/** The keys of an event record that are not attributes. */
export const EVENT_FIELDS = ['id', 'date', 'subject', 'type'] as const;
/** The keys of a unit and of a person record that are not attributes. */
export const UNIT_FIELDS = ['id', 'name', 'head', 'parent', 'kind'] as const;
export const PERSON_FIELDS = ['id', 'name', 'unit'] as const;

/** An exact decimal as a constant number expression (`5`, `-5`), or undefined. */
function constNumber(e: A.Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.kind === 'Number') return e.text;
  if (e.kind === 'Neg' && e.operand?.kind === 'Number') return e.operand.text.startsWith('-') ? e.operand.text.slice(1) : `-${e.operand.text}`;
  return undefined;
}

function subjectOf(spec: A.SubjectSpec | undefined): SubjectModel {
  return { subject: spec?.subject ?? 'person', ...(spec?.unitKind ? { unitKind: spec.unitKind.text } : {}) };
}

function attrModel(a: A.AttrDecl | A.AttributeDecl, name: string): AttrModel {
  const label = a.label?.value;
  const base = { name, ...(label !== undefined ? { label } : {}) };
  const t = a.type;
  switch (t?.kind) {
    case 'BoolType':
      return { ...base, type: 'bool' };
    case 'NumberType':
      return { ...base, type: t.integer ? 'integer' : 'decimal', ...(t.unit ? { unit: t.unit } : {}) };
    case 'DateType':
      return { ...base, type: 'date' };
    case 'IntervalsType':
      return { ...base, type: 'intervals' };
    case 'EnumType': {
      const values: string[] = [];
      const valueLabels = new Map<string, string>();
      for (const v of t.values) {
        if (!v.name) continue;
        values.push(v.name.text);
        if (v.label && v.label.value !== v.name.text) valueLabels.set(v.label.value, v.name.text);
      }
      return { ...base, type: 'enum', values, valueLabels };
    }
    case 'DecisionType':
      return { ...base, type: 'decision', values: t.options.map((o) => o.text) };
    case 'TextType':
    default:
      // A type lost to a syntax error reads as text; such a policy is not evaluated anyway.
      return { ...base, type: 'text' };
  }
}

/** The model of a checked (merged) policy. Declarations without a name (syntax errors) are skipped. */
export function policyModel(policy: A.PolicyFile): PolicyModel {
  const kinds: string[] = [];
  const kindLabels = new Map<string, string>();
  const events = new Map<string, EventModel>();
  const sanctions = new Map<string, SanctionKind>();
  const inputs = new Map<string, InputModel>();
  const surveys = new Map<string, SurveyModel>();
  const params = new Map<string, ParamModel>();
  const personAttrs = new Map<string, AttrModel>();
  const unitAttrs = new Map<string, AttrModel>();
  const labelOf = (d: { label?: A.StringLit }): { label?: string } => (d.label ? { label: d.label.value } : {});

  for (const d of policy.decls) {
    const name = d.name?.text;
    if (!name) continue;
    switch (d.kind) {
      case 'KindDecl':
        if (!kinds.includes(name)) kinds.push(name);
        if (d.label) kindLabels.set(d.label.value, name);
        break;
      case 'AttributeDecl': {
        const own = d.subject?.subject === 'unit' ? unitAttrs : personAttrs;
        if (!own.has(name)) own.set(name, attrModel(d, name));
        break;
      }
      case 'EventDecl': {
        if (events.has(name)) break;
        const attrs = new Map<string, AttrModel>();
        for (const a of d.attrs) if (a.name && !attrs.has(a.name.text)) attrs.set(a.name.text, attrModel(a, a.name.text));
        events.set(name, { name, ...labelOf(d), ...subjectOf(d.subject), attrs });
        break;
      }
      case 'PenaltyDecl':
        if (!sanctions.has(name)) sanctions.set(name, 'penalty');
        break;
      case 'OutcomeDecl':
        if (!sanctions.has(name)) sanctions.set(name, 'outcome');
        break;
      case 'ReferralDecl':
        if (!sanctions.has(name)) sanctions.set(name, 'referral');
        break;
      case 'InputDecl': {
        if (inputs.has(name)) break;
        const low = constNumber(d.range?.low);
        const high = constNumber(d.range?.high);
        inputs.set(name, {
          name,
          ...labelOf(d),
          ...subjectOf(d.subject),
          quarterly: d.quarterly,
          ...(low !== undefined ? { low } : {}),
          ...(high !== undefined ? { high } : {}),
        });
        break;
      }
      case 'SurveyDecl': {
        if (surveys.has(name)) break;
        const choices: string[] = [];
        const choiceLabels = new Map<string, string>();
        for (const c of d.choices) {
          if (!c.name) continue;
          choices.push(c.name.text);
          if (c.label && c.label.value !== c.name.text) choiceLabels.set(c.label.value, c.name.text);
        }
        const groups: string[] = [];
        const groupLabels = new Map<string, string>();
        for (const g of d.groups) {
          if (!g.name) continue;
          groups.push(g.name.text);
          if (g.label && g.label.value !== g.name.text) groupLabels.set(g.label.value, g.name.text);
        }
        let rating: SurveyModel['rating'];
        if (d.rating) {
          const low = constNumber(d.rating.low);
          const high = constNumber(d.rating.high);
          rating = { ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}) };
        }
        surveys.set(name, { name, ...labelOf(d), ...subjectOf(d.subject), choices, choiceLabels, groups, groupLabels, ...(rating ? { rating } : {}) });
        break;
      }
      case 'ParamDecl':
        if (!params.has(name)) params.set(name, { name, ...labelOf(d), ...(d.unit ? { unit: d.unit } : {}), open: d.value === undefined });
        break;
      default:
        break;
    }
  }
  return {
    ...(policy.header?.name ? { name: policy.header.name.text } : {}),
    ...(policy.header?.title ? { title: policy.header.title.value } : {}),
    kinds,
    kindLabels,
    personAttrs,
    unitAttrs,
    events,
    sanctions,
    inputs,
    surveys,
    params,
  };
}

// --- the schema ----------------------------------------------------------------------------------

export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
/** A plain decimal: optional minus, digits, optional fraction. No exponent, no `+`, no leading dot. */
export const DECIMAL_PATTERN = '^-?[0-9]+(\\.[0-9]+)?$';
export const INTEGER_PATTERN = '^-?[0-9]+$';
/** The compact form of an intervals attribute: `2024-03-01..2024-03-05;2024-04-01..2024-04-02`. */
export const INTERVALS_PATTERN = '^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*\\.\\.\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*(;\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*\\.\\.\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*)*;?\\s*$';
/** Written forms of a boolean besides JSON true/false (CSV cells, Chinese 是/否). */
export const BOOL_WORDS: Readonly<Record<string, boolean>> = {
  true: true, false: false, TRUE: true, FALSE: false, True: true, False: false, 是: true, 否: false,
};

type Json = Record<string, unknown>;

/** `$defs` key of an event type, input or survey. Names are identifiers: no `/` or `~`. */
export const defKey = {
  event: (name: string) => `event.${name}`,
  input: (name: string) => `input.${name}`,
  vote: (name: string) => `vote.${name}`,
};

/** The schema `$id` for a policy. */
export function schemaId(model: PolicyModel): string {
  return `urn:kaoping:case:${encodeURIComponent(model.name ?? 'policy')}`;
}

const ref = (name: string): Json => ({ $ref: `#/$defs/${name}` });

function enumOrNothing(values: readonly string[]): Json {
  // An empty `enum` is not allowed by strict validators; `not {}` accepts nothing.
  return values.length > 0 ? { enum: [...values] } : { not: {} };
}

function titled(schema: Json, label: string | undefined): Json {
  return label !== undefined ? { title: label, ...schema } : schema;
}

function rangeNumber(low: string | undefined, high: string | undefined): Json {
  // Bounds for editors on JSON numbers; the validators compare decimal strings exactly.
  return {
    anyOf: [
      { type: 'number', ...(low !== undefined ? { minimum: Number(low) } : {}), ...(high !== undefined ? { maximum: Number(high) } : {}) },
      ref('decimalString'),
    ],
  };
}

function attrSchema(a: AttrModel): Json {
  switch (a.type) {
    case 'bool':
      return titled(ref('bool'), a.label);
    case 'integer':
      return titled(ref('integer'), a.label);
    case 'decimal':
      return titled(ref('decimal'), a.label);
    case 'date':
      return titled(ref('date'), a.label);
    case 'text':
      return titled(ref('text'), a.label);
    case 'intervals':
      return titled(ref('intervals'), a.label);
    case 'enum':
    case 'decision':
      return titled(enumOrNothing(a.values ?? []), a.label);
  }
}

/** `allOf` must not be empty: left out when there is nothing to dispatch to. */
function allOf(list: Json[]): Json {
  return list.length > 0 ? { allOf: list } : {};
}

function ifThen(field: string, values: readonly string[], then: string): Json {
  return {
    if: { type: 'object', properties: { [field]: values.length === 1 ? { const: values[0] } : { enum: [...values] } }, required: [field] },
    then: ref(then),
  };
}

/**
 * The JSON Schema (draft 2020-12) of the case files for a checked policy. `$defs` has one entry
 * per event type (`event.NAME`), input (`input.NAME`) and survey (`vote.NAME`), and the shared
 * shapes (`date`, `decimal`, `period`, `unit`, …). Period is not required here because a case
 * may be split over several files; the validators require it once.
 */
export function schemaFor(policy: A.PolicyFile): object {
  return schemaForModel(policyModel(policy));
}

export function schemaForModel(model: PolicyModel): Json {
  const defs: Record<string, Json> = {
    date: { type: 'string', pattern: DATE_PATTERN, description: 'YYYY-MM-DD' },
    decimalString: { type: 'string', pattern: DECIMAL_PATTERN },
    decimal: { anyOf: [{ type: 'number' }, ref('decimalString')], description: '数字 / a number, exact (e.g. 92.50)' },
    integer: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: INTEGER_PATTERN }], description: '整数 / a whole number' },
    bool: { anyOf: [{ type: 'boolean' }, { enum: Object.keys(BOOL_WORDS) }], description: 'true/false (是/否)' },
    text: { type: ['string', 'number'] },
    id: { type: ['string', 'number'], pattern: '\\S', description: '编号 / an id' },
    interval: {
      type: 'object',
      required: ['from', 'to'],
      properties: { from: ref('date'), to: ref('date') },
      additionalProperties: false,
    },
    intervals: {
      anyOf: [{ type: 'array', items: ref('interval') }, { type: 'string', pattern: INTERVALS_PATTERN }],
      description: '[{from, to}, …] or "YYYY-MM-DD..YYYY-MM-DD;…"',
    },
    period: {
      title: '考核期 / assessment period',
      type: 'object',
      required: ['from', 'to'],
      properties: { from: ref('date'), to: ref('date') },
      additionalProperties: false,
    },
    history: {
      title: '往期记录 / history before the period',
      description: 'from: the first day from which the case holds every earlier record; events: those records (events and sanctions dated before the period)',
      type: 'object',
      required: ['from'],
      properties: { from: ref('date'), events: { type: 'array', items: ref('event') } },
      additionalProperties: false,
    },
    calendar: {
      title: '节假日与调休 / holidays and adjusted working days',
      type: 'object',
      properties: {
        holidays: { type: 'array', items: ref('date') },
        workdays: { type: 'array', items: ref('date') },
        useBundled: ref('bool'),
      },
      additionalProperties: false,
    },
  };

  const openParams = [...model.params.values()].filter((p) => p.open);
  defs.params = {
    title: '未赋值参数的取值 / values of the parameters the policy leaves open',
    type: 'object',
    properties: Object.fromEntries(openParams.map((p) => [p.name, titled(ref('decimal'), p.label)])),
    additionalProperties: false,
  };

  defs.unitKind = { ...enumOrNothing(model.kinds), title: '单位类别 / unit kind' };
  // Units and people, with the attributes the policy declares for them (written inline, as on events).
  const withAttrs = (properties: Json, attrs: ReadonlyMap<string, AttrModel>): Json => {
    // own properties whatever the name (an attribute may be called `__proto__`)
    for (const a of attrs.values()) {
      if (!Object.prototype.hasOwnProperty.call(properties, a.name)) Object.defineProperty(properties, a.name, { value: attrSchema(a), enumerable: true, writable: true, configurable: true });
    }
    return properties;
  };
  defs.unit = {
    title: '单位 / unit',
    type: 'object',
    required: ['id', 'name'],
    properties: withAttrs({ id: ref('id'), name: ref('text'), head: ref('id'), parent: ref('id'), kind: ref('unitKind') }, model.unitAttrs),
    additionalProperties: false,
  };
  defs.person = {
    title: '人员 / person',
    type: 'object',
    required: ['id', 'name', 'unit'],
    properties: withAttrs({ id: ref('id'), name: ref('text'), unit: ref('id') }, model.personAttrs),
    additionalProperties: false,
  };

  // Events: one definition per type, and a dispatcher on `type`.
  const eventNames = [...model.events.keys()];
  const sanctionNames = [...model.sanctions.keys()];
  const base = { id: ref('id'), date: ref('date'), subject: ref('id') };
  for (const e of model.events.values()) {
    const properties: Json = { ...base, type: { const: e.name } };
    for (const a of e.attrs.values()) if (!(a.name in properties)) properties[a.name] = attrSchema(a);
    defs[defKey.event(e.name)] = titled(
      { type: 'object', required: ['id', 'date', 'subject', 'type'], properties, additionalProperties: false },
      e.label,
    );
  }
  defs.sanction = {
    title: '制度外决定的处罚、后果或移送 / a penalty, outcome or referral decided outside the policy',
    type: 'object',
    required: ['id', 'date', 'subject', 'type'],
    properties: { ...base, type: enumOrNothing(sanctionNames) },
    additionalProperties: false,
  };
  defs.event = {
    title: '事件 / event',
    type: 'object',
    required: ['id', 'date', 'subject', 'type'],
    properties: { ...base, type: enumOrNothing([...eventNames, ...sanctionNames]) },
    ...allOf([
      ...eventNames.map((n) => ifThen('type', [n], defKey.event(n))),
      ...(sanctionNames.length > 0 ? [ifThen('type', sanctionNames, 'sanction')] : []),
    ]),
  };

  // Inputs.
  for (const i of model.inputs.values()) {
    const properties: Json = { subject: ref('id'), input: { const: i.name }, value: rangeNumber(i.low, i.high) };
    if (i.quarterly) properties.quarter = { enum: [1, 2, 3, 4, '1', '2', '3', '4'] };
    defs[defKey.input(i.name)] = titled(
      {
        type: 'object',
        required: ['subject', 'input', 'value', ...(i.quarterly ? ['quarter'] : [])],
        properties,
        additionalProperties: false,
      },
      i.label,
    );
  }
  const inputNames = [...model.inputs.keys()];
  defs.input = {
    title: '输入 / input',
    type: 'object',
    required: ['subject', 'input', 'value'],
    properties: { subject: ref('id'), input: enumOrNothing(inputNames), value: ref('decimal') },
    ...allOf(inputNames.map((n) => ifThen('input', [n], defKey.input(n)))),
  };

  // Votes.
  for (const s of model.surveys.values()) {
    const properties: Json = {
      subject: ref('id'),
      survey: { const: s.name },
      choice: s.rating ? rangeNumber(s.rating.low, s.rating.high) : enumOrNothing(s.choices),
      count: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[1-9][0-9]*$' }] },
    };
    if (s.groups.length > 0) properties.group = enumOrNothing(s.groups);
    defs[defKey.vote(s.name)] = titled(
      {
        type: 'object',
        required: ['subject', 'survey', 'choice', ...(s.groups.length > 0 ? ['group'] : [])],
        properties,
        additionalProperties: false,
      },
      s.label,
    );
  }
  const surveyNames = [...model.surveys.keys()];
  defs.vote = {
    title: '测评票 / votes',
    type: 'object',
    required: ['subject', 'survey', 'choice'],
    properties: { subject: ref('id'), survey: enumOrNothing(surveyNames), choice: { type: ['string', 'number'] } },
    ...allOf(surveyNames.map((n) => ifThen('survey', [n], defKey.vote(n)))),
  };

  const list = (item: string): Json => ({ type: 'array', items: ref(item) });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: schemaId(model),
    title: `考评案件数据 / Kaoping case data${model.title ? `：${model.title}` : model.name ? `：${model.name}` : ''}`,
    type: 'object',
    properties: {
      period: ref('period'),
      calendar: ref('calendar'),
      params: ref('params'),
      history: ref('history'),
      units: list('unit'),
      people: list('person'),
      events: list('event'),
      inputs: list('input'),
      votes: list('vote'),
    },
    additionalProperties: false,
    $defs: defs,
  };
}
