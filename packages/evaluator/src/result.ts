/**
 * What evaluation produces. Every item carries a trace: the rule (with its source span) and the
 * input records that produced it. Decimal values are strings; dates are `YYYY-MM-DD`.
 * Output is deterministic: the same input gives the same result, whatever the record order.
 */
import type { AttrValue, DataError, Period, RecordCounts } from './data.js';

export interface SourceSpan {
  /** The policy file (a base policy's path for inherited declarations). */
  readonly file?: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface Trace {
  /** The declaration that produced the item (rule, score, grades, quota, deadline). */
  readonly decl: string;
  readonly declKind: 'rule' | 'score' | 'grades' | 'quota' | 'deadline' | 'survey' | 'input';
  /** The clause or item inside the declaration. */
  readonly span: SourceSpan;
  /** The regulation's 出处 written on the rule (`出处 "000_db486f6b0daf494c.txt:20"`), when it has one. */
  readonly source?: string;
  /** Ids of the input records (events, and `input:`/`vote:` references) that produced it. */
  readonly records: readonly string[];
  /** A short explanation in both languages ("3rd complaint in 2024-06 ≥ 3"). */
  readonly why: { readonly zh: string; readonly en: string };
  /** Those of `records` that are history before the period (往期记录), when there are any. */
  readonly history?: readonly string[];
}

export interface PenaltyResult {
  /** Unique, stable id: `${rule}:${subject}:${n}`. */
  readonly id: string;
  readonly penalty: string;
  readonly label?: string;
  readonly kind: 'penalty' | 'outcome' | 'referral';
  readonly date: string;
  /**
   * Last day, for penalties that last (inclusive). For one that lasts until an event and is still
   * running at the end of the period (`ended.by` = `running`), the period's last day.
   */
  readonly until?: string;
  /** For a penalty that lasts until an event (`持续 直至 …`): what ended it. */
  readonly ended?: PenaltyEnd;
  /** The rule, quota or deadline that imposed it (or `input` for a sanction recorded in the data). */
  readonly rule: string;
  readonly events: readonly string[];
  readonly trace: Trace;
}

/** How a penalty that lasts until an event ended. */
export interface PenaltyEnd {
  /**
   * `event`: the ending event came (`record`); `minimum`: it came before the minimum was served;
   * `maximum`: it had not come when the maximum ran out; `running`: it had not come by the last day
   * of the period, and the penalty goes on after it.
   */
  readonly by: 'event' | 'minimum' | 'maximum' | 'running';
  /** The ending event's id, when there is one. */
  readonly record?: string;
  readonly why: { readonly zh: string; readonly en: string };
}

export interface ScoreLine {
  readonly item: 'base' | 'weighted' | 'value' | 'deduct' | 'add' | 'cap' | 'clamp' | 'round';
  /** Signed contribution (deductions negative), or the resulting value for cap/clamp/round. */
  readonly amount: string;
  readonly trace: Trace;
}

export interface ScoreResult {
  readonly name: string;
  readonly label?: string;
  /** Null when an input the score needs is missing (see `errors`). */
  readonly value: string | null;
  readonly lines: readonly ScoreLine[];
}

export interface GradeChange {
  readonly kind: 'set' | 'cap' | 'downgrade' | 'veto';
  /** The band after the change. */
  readonly band: string;
  readonly date: string;
  readonly trace: Trace;
}

export interface GradeResult {
  readonly scale: string;
  readonly label?: string;
  /** What the scale bands: a score, a survey or an input (its name). */
  readonly score: string;
  /** Band from the score alone. */
  readonly baseBand: string | null;
  /** Band after caps, sets, downgrades and vetoes. */
  readonly band: string | null;
  readonly bandLabel?: string;
  readonly vetoed: boolean;
  readonly changes: readonly GradeChange[];
  readonly trace: Trace;
}

export interface FlagResult {
  readonly eligibility: string;
  readonly label?: string;
  readonly eligible: boolean;
  readonly traces: readonly Trace[];
}

export interface SubjectResult {
  readonly id: string;
  readonly name: string;
  readonly kind: 'person' | 'unit';
  /** For a person: their unit. */
  readonly unit?: string;
  /** For a unit: its kind. */
  readonly unitKind?: string;
  /** The attributes the policy declares for it (`属性 … 针对 人员 | 单位`), as its record gives them; absent when none. */
  readonly attributes?: Readonly<Record<string, AttrValue>>;
  /** The main score and grade: those of the first grade scale for this kind of subject. */
  readonly score: string | null;
  readonly grade: string | null;
  readonly gradeLabel: string | null;
  readonly scores: readonly ScoreResult[];
  readonly grades: readonly GradeResult[];
  readonly penalties: readonly PenaltyResult[];
  /** Eligibility name → held? */
  readonly flags: Readonly<Record<string, boolean>>;
  readonly flagDetails: readonly FlagResult[];
  /** Periods when the post bonus is stopped (penalties with `stops bonus`). */
  readonly bonusStopped: readonly { readonly from: string; readonly until: string; readonly penalty: string; readonly running?: true }[];
  /** Place in each score's ranking (1 = best; ties share a place), for scores of this kind. */
  readonly ranks: Readonly<Record<string, number>>;
  /** How each survey used for this subject came out: the ballots per rater group and their means. */
  readonly surveys: readonly SurveyResult[];
  /** The subject's input records (indicator scores), by input and quarter. */
  readonly inputs: readonly InputResult[];
  /**
   * What a rule, score line or deadline would have acted on but did not, by date: an item or a
   * window exempt under `unless` / `除非`, or a deadline whose start is missing and that the policy
   * reads as not started.
   */
  readonly exemptions: readonly ExemptionResult[];
  /**
   * The subject's records of the history before the period (the case data's `history`), by date:
   * seen by windows, ladders and anchors, never acted on in this period. Present when there are any.
   */
  readonly history?: readonly HistoryRecordResult[];
}

/** A record of the history before the period, as given. */
export interface HistoryRecordResult {
  readonly id: string;
  /** Its event type, or the penalty, outcome or referral recorded. */
  readonly type: string;
  readonly date: string;
  /** `file:line` of the record, when it came from a file. */
  readonly origin?: string;
}

export interface ExemptionResult {
  /** `exempt`: an `unless` clause held; `not-started`: a deadline's start is missing (`缺失时 未起算`). */
  readonly kind: 'exempt' | 'not-started';
  /** The day it concerns: the item's date, or the day a threshold or window was checked. */
  readonly date: string;
  /** The trace: the declaration, the clause that exempted it (span), its 出处, the records, and the reason. */
  readonly trace: Trace;
}

export interface InputResult {
  readonly input: string;
  /** 1–4 for a quarterly input. */
  readonly quarter?: number;
  /** The value as given (an exact decimal). */
  readonly value: string;
  /** `file:line` of the record, when it came from a file. */
  readonly origin?: string;
}

/** One rater group of a survey (or the whole survey, when it has no groups). */
export interface SurveyGroupResult {
  readonly group?: string;
  readonly label?: string;
  /** The group's weight, as written (`30%`). */
  readonly weight?: string;
  /** Ballots counted, including `mean` (不了解) ballots. */
  readonly ballots: number;
  /** Choice (or rating) → number of ballots, in the order the choices are declared (ratings high to low). */
  readonly tally: Readonly<Record<string, number>>;
  /** The group's mean, over its determinate ballots; null without any. */
  readonly mean: string | null;
}

export interface SurveyResult {
  readonly survey: string;
  readonly label?: string;
  /** The survey's result for this subject (weighted over groups, then scaled); null when it cannot be computed. */
  readonly value: string | null;
  readonly groups: readonly SurveyGroupResult[];
  /** `scale N`: the best choice (or the top of the rating range) is worth N. */
  readonly scale?: string;
  /** The survey declaration; `records` are the vote records. */
  readonly trace: Trace;
}

export interface UnitSummary {
  readonly id: string;
  readonly name: string;
  readonly kind?: string;
  readonly head?: string;
  readonly members: number;
  /** Penalties imposed on the unit's members, by penalty name. */
  readonly memberPenalties: Readonly<Record<string, number>>;
  /** Members' main grades: band → count. */
  readonly memberGrades: Readonly<Record<string, number>>;
}

export interface QuotaResult {
  readonly quota: string;
  /** How many may be chosen: share × population, rounded as the quota says. */
  readonly size: number;
  readonly population: number;
  readonly pool: readonly string[];
  readonly chosen: readonly string[];
  readonly trace: Trace;
}

export interface EvalResult {
  readonly policy: { readonly id: string; readonly title?: string; readonly version?: string };
  readonly period: Period;
  /** People first, then units; each sorted by id. */
  readonly subjects: readonly SubjectResult[];
  readonly units: readonly UnitSummary[];
  readonly quotas: readonly QuotaResult[];
  readonly summary: {
    /** Per grade scale: band → count (final bands). */
    readonly gradeDistribution: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly records: Readonly<Record<'events' | 'inputs' | 'votes' | 'units' | 'people', RecordCounts>> & { readonly history?: RecordCounts };
    readonly penalties: number;
  };
  /** Problems found while evaluating (a missing input); the result is still complete otherwise. */
  readonly errors: readonly DataError[];
}
