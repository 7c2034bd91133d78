/**
 * Case data: what an auditor or trainer feeds the evaluator. Readers (YAML, JSON, NDJSON, CSV)
 * produce this shape; every record carries where it came from, for error messages and traces.
 * docs/case-data.md describes the file formats.
 *
 * All numbers are decimal strings (never floats); all dates are calendar dates `YYYY-MM-DD`.
 */

/** Where a record was read: file, 1-based line and column. */
export interface Origin {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Period {
  /** First day, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day, inclusive. */
  readonly to: string;
}

/** A holiday calendar supplied as data (for years or regions the bundled calendar lacks). */
export interface CalendarData {
  /** Days off that would otherwise be working days (public holidays). */
  readonly holidays: readonly string[];
  /** Adjusted working days (调休) that would otherwise be weekend days. */
  readonly workdays: readonly string[];
  /** Use the bundled mainland-China calendar for days the lists above do not mention (default true). */
  readonly useBundled?: boolean;
}

export interface UnitRecord {
  readonly id: string;
  readonly name: string;
  /** A person id. */
  readonly head?: string;
  readonly parent?: string;
  /** A unit kind declared in the policy (`kind type1`). */
  readonly kind?: string;
  /** Values of the unit attributes the policy declares (`属性 … 针对 单位`), written inline on the record. */
  readonly attrs?: Readonly<Record<string, AttrValue>>;
  readonly origin?: Origin;
}

export interface PersonRecord {
  readonly id: string;
  readonly name: string;
  readonly unit: string;
  /** Values of the person attributes the policy declares (`属性 … 针对 人员`), written inline on the record. */
  readonly attrs?: Readonly<Record<string, AttrValue>>;
  readonly origin?: Origin;
}

export interface EventRecord {
  readonly id: string;
  readonly date: string;
  /** A person id, or a unit id for events declared `for unit`. */
  readonly subject: string;
  /** An event type of the policy, or a penalty/outcome/referral imposed outside the policy. */
  readonly type: string;
  /** Attribute values: booleans, decimal strings, enum/decision names, dates, texts, intervals. */
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly origin?: Origin;
}

export type AttrValue = boolean | string | readonly { readonly from: string; readonly to: string }[];

export interface InputRecord {
  readonly subject: string;
  readonly input: string;
  /** Decimal string. */
  readonly value: string;
  /** 1–4 for quarterly inputs. */
  readonly quarter?: number;
  readonly origin?: Origin;
}

export interface VoteRecord {
  readonly subject: string;
  readonly survey: string;
  /** A rater group declared in the survey, when it has groups. */
  readonly group?: string;
  /** A choice of the survey, or for rating surveys a decimal string (the rating given). */
  readonly choice: string;
  /** How many votes (a whole number ≥ 1). */
  readonly count: number;
  readonly origin?: Origin;
}

/**
 * Records from before the period (往期记录): a reassignment last year, earlier offences of a
 * ladder, a diagnosis three years ago. They are seen by windows, ladders and anchors, but never
 * acted on in this period: no consequence, no score line. `from` is the first day from which the
 * case data holds every record (the history is complete from then until the period starts).
 */
export interface HistoryData {
  /** `YYYY-MM-DD`, before the period's first day. */
  readonly from: string;
  /** Events and sanctions (penalties, outcomes, referrals) dated from `from` to the day before the period. */
  readonly events: readonly EventRecord[];
}

export interface CaseData {
  readonly period: Period;
  /** Earlier records (optional): without it, the case holds records from the period's first day only. */
  readonly history?: HistoryData;
  readonly calendar?: CalendarData;
  readonly units: readonly UnitRecord[];
  readonly people: readonly PersonRecord[];
  readonly events: readonly EventRecord[];
  readonly inputs: readonly InputRecord[];
  readonly votes: readonly VoteRecord[];
  /** Values for parameters the policy declares without a value (decimal strings). */
  readonly params: Readonly<Record<string, string>>;
}

/** A problem with the case data: never a silently dropped record. */
export interface DataError {
  readonly code: string;
  readonly message: { readonly zh: string; readonly en: string };
  readonly origin?: Origin;
  /** The record it concerns (an event id, or a description). */
  readonly record?: string;
}

/** How many records were read, used and rejected, per kind. */
export interface RecordCounts {
  readonly read: number;
  readonly used: number;
  readonly rejected: number;
}
