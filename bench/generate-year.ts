/**
 * A seeded generator of a synthetic county-year of case data, for the evaluation benchmark.
 *
 *   generateYear({ people: 20_000, units: 400, events: 1_000_000, seed: 1 })  → CaseData in memory
 *   await writeYear({ …same options… }, dir)  → dir/header.yaml + dir/events.ndjson (streamed)
 *   npx tsx bench/generate-year.ts [--people N] [--units N] [--events N] [--seed S] [--out DIR]
 *
 * The case is for policies/street-office-accountability.kp (P01) by default (`policy` option):
 * the event types and their attributes are read from the policy itself, so every event is valid
 * for it (docs/case-data.md): enum values and decision options are names the policy declares,
 * booleans are booleans, dates are real dates inside the period. Units each have a head (their
 * first person); every unit has at least one person.
 *
 * Deterministic: the same options give the same case, byte for byte (mulberry32 from
 * bench/generate-policy.ts, no Math.random, no clock). In memory and on disk the records are the
 * same, in the same order.
 *
 * The mix of events (weights per event type, below) leans on complaints, service-rule breaches
 * and efficiency violations, and 1 event in 50 is an efficiency warning (效能告诫) decided by the
 * leading group and recorded in the data, as in the catalogue's worked example E1. Subjects: 80%
 * of events fall on a person drawn uniformly, 20% on the 5% "frequent" people, so thresholds
 * (3 complaints in a month, 2 warnings among a unit's members in a month) fire often.
 * Dates are uniform over the period; records are written in id order, which is not date order.
 * Attribute values: booleans true 70% of the time; the first date attribute is the event's day and
 * each later one 0–10 days after the previous (P01: notice received, self-criticism handed in,
 * due in 7 days); integers 0–60; decimals 0–10 with 2 places; texts short; intervals a few days.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as A from '@kaoping/dsl';
import { createEnv } from '@kaoping/dsl';
import type { AttrValue, CaseData, EventRecord, PersonRecord, UnitRecord } from '@kaoping/evaluator';
import { prng } from './generate-policy.js';

export interface YearOptions {
  readonly people: number;
  readonly units: number;
  readonly events: number;
  readonly seed: number;
  /** The calendar year of the period (1 January to 31 December). */
  readonly year: number;
  /** The policy the case is for (path). */
  readonly policy: string;
}

export const DEFAULTS: YearOptions = {
  people: 20_000,
  units: 400,
  events: 1_000_000,
  seed: 1,
  year: 2024,
  policy: new URL('../policies/street-office-accountability.kp', import.meta.url).pathname,
};

/** Relative frequency of each event type (by name; types not listed weigh 1). P01's names. */
const TYPE_WEIGHTS: Readonly<Record<string, number>> = {
  群众投诉: 30,
  违反服务制度: 15,
  效能违规: 12,
  告诫通知书送达: 8,
  业务不熟悉违规: 6,
  刁难吃拿卡要: 4,
  效能低下: 4,
  不正确履职: 4,
  模范遵守首问制: 4,
  不贯彻执行: 3,
  疏于管理: 2,
  问题不报不查: 2,
  待岗期满考评: 2,
  徇私谋利: 1,
  亲属违纪不报: 1,
};
/** Sanctions recorded in the data (decided outside the policy), by name, with their weight. */
const RECORDED_SANCTIONS: Readonly<Record<string, number>> = { 效能告诫: 2 };

interface AttrPlan {
  readonly name: string;
  readonly type: A.TypeRef | undefined;
}
interface TypePlan {
  readonly name: string;
  readonly forUnit: boolean;
  readonly unitKind?: string;
  readonly attrs: readonly AttrPlan[];
  readonly weight: number;
}

/** Event types of the policy (and the recorded sanctions it declares), with their weights. */
function typePlans(policyFile: string): TypePlan[] {
  const analysis = createEnv().analyze(readFileSync(policyFile, 'utf8'), policyFile);
  if (analysis.hasErrors) throw new Error(`${policyFile} does not check: ${analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code).join(', ')}`);
  const plans: TypePlan[] = [];
  for (const d of analysis.checked.policy.decls) {
    const name = d.name?.text;
    if (!name) continue;
    if (d.kind === 'EventDecl') {
      plans.push({
        name,
        forUnit: d.subject?.subject === 'unit',
        ...(d.subject?.unitKind ? { unitKind: d.subject.unitKind.text } : {}),
        attrs: d.attrs.filter((a) => a.name).map((a) => ({ name: a.name!.text, type: a.type })),
        weight: TYPE_WEIGHTS[name] ?? 1,
      });
    } else if ((d.kind === 'PenaltyDecl' || d.kind === 'OutcomeDecl' || d.kind === 'ReferralDecl') && RECORDED_SANCTIONS[name]) {
      plans.push({ name, forUnit: false, attrs: [], weight: RECORDED_SANCTIONS[name]! });
    }
  }
  if (plans.some((p) => p.unitKind)) throw new Error('generate-year does not make unit kinds; the policy has events for a unit kind');
  return plans;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Every day of the year as `YYYY-MM-DD` (one shared string per day). */
function daysOf(year: number): string[] {
  const lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const out: string[] = [];
  lengths.forEach((n, m) => {
    for (let d = 1; d <= n; d++) out.push(`${year}-${pad(m + 1, 2)}-${pad(d, 2)}`);
  });
  return out;
}

/** The fixed part of the case: period, units with heads, people. */
export interface YearPlan {
  readonly options: YearOptions;
  readonly period: { readonly from: string; readonly to: string };
  readonly days: readonly string[];
  readonly units: readonly UnitRecord[];
  readonly people: readonly PersonRecord[];
  readonly types: readonly TypePlan[];
}

export function planYear(opts: Partial<YearOptions> = {}): YearPlan {
  const options: YearOptions = { ...DEFAULTS, ...opts };
  if (options.units < 1 || options.people < options.units) throw new Error('need at least one unit and at least one person per unit');
  const r = prng(options.seed);
  const days = daysOf(options.year);
  const uw = String(options.units).length;
  const pw = String(options.people).length;
  // Every unit gets one person first (its head), the rest are spread at random.
  const unitOf = (i: number): number => (i < options.units ? i : Math.floor(r() * options.units));
  const people: PersonRecord[] = [];
  const heads: string[] = [];
  for (let i = 0; i < options.people; i++) {
    const id = `P${pad(i + 1, pw)}`;
    const u = unitOf(i);
    if (i < options.units) heads.push(id);
    people.push({ id, name: `人员${pad(i + 1, pw)}`, unit: `U${pad(u + 1, uw)}` });
  }
  const units: UnitRecord[] = heads.map((head, u) => ({ id: `U${pad(u + 1, uw)}`, name: `单位${pad(u + 1, uw)}`, head }));
  return { options, period: { from: days[0]!, to: days[days.length - 1]! }, days, units, people, types: typePlans(options.policy) };
}

/** The events, one at a time, in id order. */
export function* generateEvents(plan: YearPlan): Generator<EventRecord> {
  const { options, days, people, units, types } = plan;
  const r = prng((options.seed * 0x9e3779b1) ^ 0x5bd1e995);
  const total = types.reduce((a, t) => a + t.weight, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const t of types) cumulative.push((acc += t.weight / total));
  const pickType = (): TypePlan => {
    const x = r();
    const i = cumulative.findIndex((c) => x < c);
    return types[i < 0 ? types.length - 1 : i]!;
  };
  const frequent = Math.max(1, Math.floor(people.length / 20));
  const pickPerson = (): string => people[r() < 0.2 ? Math.floor(r() * frequent) : Math.floor(r() * people.length)]!.id;
  const ew = String(options.events).length;
  const texts = ['态度生硬', '未按时办结', '推诿扯皮'];
  for (let i = 0; i < options.events; i++) {
    const t = pickType();
    const day = Math.floor(r() * days.length);
    const attrs: Record<string, AttrValue> = {};
    let lastDate = day;
    let firstDate = true;
    for (const a of t.attrs) {
      const ty = a.type;
      switch (ty?.kind) {
        case 'BoolType':
          attrs[a.name] = r() < 0.7;
          break;
        case 'EnumType':
          attrs[a.name] = ty.values[Math.floor(r() * ty.values.length)]!.name!.text;
          break;
        case 'DecisionType':
          attrs[a.name] = ty.options[Math.floor(r() * ty.options.length)]!.text;
          break;
        case 'DateType':
          if (!firstDate) lastDate = Math.min(days.length - 1, lastDate + Math.floor(r() * 11));
          firstDate = false;
          attrs[a.name] = days[lastDate]!;
          break;
        case 'NumberType':
          attrs[a.name] = ty.integer ? String(Math.floor(r() * 61)) : (Math.floor(r() * 1001) / 100).toFixed(2);
          break;
        case 'IntervalsType': {
          const from = Math.min(days.length - 1, day + Math.floor(r() * 5));
          attrs[a.name] = [{ from: days[from]!, to: days[Math.min(days.length - 1, from + Math.floor(r() * 5))]! }];
          break;
        }
        default:
          attrs[a.name] = texts[Math.floor(r() * texts.length)]!;
      }
    }
    const subject = t.forUnit ? units[Math.floor(r() * units.length)]!.id : pickPerson();
    yield { id: `E${pad(i + 1, ew)}`, date: days[day]!, subject, type: t.name, attrs };
  }
}

/** The whole case in memory. */
export function generateYear(opts: Partial<YearOptions> = {}): CaseData {
  const plan = planYear(opts);
  const events: EventRecord[] = [];
  for (const e of generateEvents(plan)) events.push(e);
  return { period: plan.period, units: plan.units, people: plan.people, events, inputs: [], votes: [], params: {} };
}

// --- files (docs/case-data.md) -------------------------------------------------------------------

/** A YAML plain scalar when it is safe as one (our ids, names and dates are), else a JSON string (valid YAML). */
const yamlScalar = (s: string): string => (/^[\p{L}\p{N}_-][\p{L}\p{N}_.-]*$/u.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) ? s : JSON.stringify(s));

/** One NDJSON line: fixed fields, then the attributes inline; decimal attributes as JSON numbers (their exact digits). */
function eventLine(e: EventRecord, numeric: ReadonlySet<string>): string {
  let s = `{"id":${JSON.stringify(e.id)},"date":"${e.date}","subject":${JSON.stringify(e.subject)},"type":${JSON.stringify(e.type)}`;
  for (const [k, v] of Object.entries(e.attrs)) s += `,${JSON.stringify(k)}:${typeof v === 'string' && numeric.has(k) ? v : JSON.stringify(v)}`;
  return `${s}}\n`;
}

export interface WrittenYear {
  readonly header: string;
  readonly events: string;
  readonly eventCount: number;
  readonly bytes: { readonly header: number; readonly events: number };
}

/**
 * Write the case as `dir/header.yaml` (period, units, people) and `dir/events.ndjson` (one event a
 * line). The events are generated and written in chunks of ~1 MB, with backpressure; the file is
 * never held as one string.
 */
export async function writeYear(opts: Partial<YearOptions>, dir: string): Promise<WrittenYear> {
  const plan = planYear(opts);
  const o = plan.options;
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [
    `# 合成的县级一年案件数据（bench/generate-year.ts）：seed ${o.seed}，${o.units} 个单位，${o.people} 人，${o.events} 条事件（见 events.ndjson）`,
    `# synthetic county-year for ${o.policy.split('/').slice(-2).join('/')}; regenerate: npx tsx bench/generate-year.ts --seed ${o.seed} --people ${o.people} --units ${o.units} --events ${o.events}`,
    `period: { from: ${plan.period.from}, to: ${plan.period.to} }`,
    'units:',
    ...plan.units.map((u) => `  - { id: ${yamlScalar(u.id)}, name: ${yamlScalar(u.name)}, head: ${yamlScalar(u.head!)} }`),
    'people:',
    ...plan.people.map((p) => `  - { id: ${yamlScalar(p.id)}, name: ${yamlScalar(p.name)}, unit: ${yamlScalar(p.unit)} }`),
    '',
  ];
  const header = join(dir, 'header.yaml');
  const headerText = lines.join('\n');
  writeFileSync(header, headerText);

  const numeric = new Set(plan.types.flatMap((t) => t.attrs.filter((a) => a.type?.kind === 'NumberType').map((a) => a.name)));
  const eventsFile = join(dir, 'events.ndjson');
  const out = createWriteStream(eventsFile);
  let bytes = 0;
  let chunk: string[] = [];
  let size = 0;
  let count = 0;
  const flush = async (): Promise<void> => {
    if (!chunk.length) return;
    const text = chunk.join('');
    chunk = [];
    size = 0;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const e of generateEvents(plan)) {
    const line = eventLine(e, numeric);
    chunk.push(line);
    size += line.length;
    count++;
    if (size >= 1 << 20) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return { header, events: eventsFile, eventCount: count, bytes: { header: Buffer.byteLength(headerText), events: bytes } };
}

// --- command line ----------------------------------------------------------------------------------

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} needs a whole number`);
  return v;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--out');
  const dir = i >= 0 ? process.argv[i + 1]! : '/tmp/kaoping-year';
  const t0 = performance.now();
  const w = await writeYear(
    { people: arg('people', DEFAULTS.people), units: arg('units', DEFAULTS.units), events: arg('events', DEFAULTS.events), seed: arg('seed', DEFAULTS.seed) },
    dir,
  );
  const mb = (n: number): string => (n / 2 ** 20).toFixed(1);
  console.log(`${w.header} (${mb(w.bytes.header)} MiB), ${w.events} (${w.eventCount.toLocaleString('en-US')} events, ${mb(w.bytes.events)} MiB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
