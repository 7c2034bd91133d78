/**
 * The typed AST. Every node has a `span`. Nodes produced while the parser recovered from a
 * syntax error may miss children: every child that the grammar requires is still typed as
 * optional where recovery can drop it, so passes must tolerate `undefined`.
 */

/** A source range. Lines and columns are 1-based UTF-16 units; `end` and `endColumn` are exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface Node {
  readonly kind: string;
  readonly span: Span;
}

/** An identifier occurrence. */
export interface Name extends Node {
  readonly kind: 'Name';
  readonly text: string;
}

export interface StringLit extends Node {
  readonly kind: 'String';
  /** The text between the quotes. */
  readonly value: string;
}

export type Unit = 'points' | 'days' | 'working_days' | 'times' | 'minutes' | 'places' | 'percent' | 'months' | 'years';
export type SubjectKind = 'person' | 'unit';
/**
 * Whose items, or who a consequence lands on, among a unit's people: `members` are its people other
 * than its head (catalogue A16), `staff` all its people with the head, `head` the head alone.
 */
export type Scope = 'members' | 'staff' | 'head';
export type Target = Scope | 'unit';
export type RoundingMode = 'half_up' | 'half_even' | 'down' | 'up' | 'floor' | 'ceiling';
export type CompareOp = '>=' | '>' | '<=' | '<' | '=' | '!=';

// --- file and header ------------------------------------------------------------------------

export interface PolicyFile extends Node {
  readonly kind: 'PolicyFile';
  readonly header?: PolicyHeader;
  readonly decls: Decl[];
}

export interface PolicyHeader extends Node {
  readonly kind: 'PolicyHeader';
  readonly name?: Name;
  readonly title?: StringLit;
  readonly version?: { readonly text: string; readonly span: Span };
  readonly effectiveFrom?: DateLit;
  readonly effectiveTo?: DateLit;
  readonly period?: { readonly value: 'year' | 'quarter' | 'month'; readonly span: Span };
  readonly extends?: StringLit;
  readonly source?: StringLit;
  readonly rounding?: RoundItem;
  /** Days off and adjusted working days the policy supplies for the working-day calendar. */
  readonly holidays?: DateLit[];
  readonly workdays?: DateLit[];
}

// --- declarations ---------------------------------------------------------------------------

interface DeclBase extends Node {
  readonly name?: Name;
  readonly label?: StringLit;
  /** Written with `override` / `覆盖`. */
  readonly override: boolean;
}

export interface SubjectSpec extends Node {
  readonly kind: 'SubjectSpec';
  readonly subject: SubjectKind;
  /** Unit category, for `for unit kind type1`. */
  readonly unitKind?: Name;
  /** `for person where window_staff`: only the subjects whose attributes satisfy it (rules, scores, quotas). */
  readonly where?: Expr;
}

export interface KindDecl extends DeclBase { readonly kind: 'KindDecl' }
export interface OutcomeDecl extends DeclBase { readonly kind: 'OutcomeDecl' }
export interface ReferralDecl extends DeclBase { readonly kind: 'ReferralDecl' }
export interface EligibilityDecl extends DeclBase { readonly kind: 'EligibilityDecl' }

/**
 * `attribute NAME "label" [for person|unit]: TYPE` (属性): a typed fact about each person or each
 * unit, given on its record in the case data (OpenFisca's person variables, DMN's item definitions).
 */
export interface AttributeDecl extends DeclBase {
  readonly kind: 'AttributeDecl';
  readonly subject?: SubjectSpec;
  readonly type?: TypeRef;
}

export interface EventDecl extends DeclBase {
  readonly kind: 'EventDecl';
  readonly subject?: SubjectSpec;
  readonly attrs: AttrDecl[];
}

export interface AttrDecl extends Node {
  readonly kind: 'AttrDecl';
  readonly name?: Name;
  readonly label?: StringLit;
  readonly type?: TypeRef;
}

export type TypeRef = BoolType | NumberType | DateType | TextType | IntervalsType | EnumType | DecisionType;
export interface BoolType extends Node { readonly kind: 'BoolType' }
export interface NumberType extends Node { readonly kind: 'NumberType'; readonly integer: boolean; readonly unit?: Unit }
export interface DateType extends Node { readonly kind: 'DateType' }
export interface TextType extends Node { readonly kind: 'TextType' }
export interface IntervalsType extends Node { readonly kind: 'IntervalsType' }
export interface EnumType extends Node { readonly kind: 'EnumType'; readonly values: EnumValue[] }
export interface EnumValue extends Node { readonly kind: 'EnumValue'; readonly name?: Name; readonly label?: StringLit }
export interface DecisionType extends Node { readonly kind: 'DecisionType'; readonly options: Name[] }

export interface PenaltyDecl extends DeclBase {
  readonly kind: 'PenaltyDecl';
  readonly rank?: NumberLit;
  /** `lasts N days`: a fixed length. */
  readonly lasts?: NumberLit;
  /** `lasts until EVENT [minimum N] [maximum M]`: the penalty ends on an event of its subject. */
  readonly until?: PenaltyUntil;
  readonly stopsBonus: boolean;
}

/** `until exam where passed minimum 7 days maximum 30 days` (直至 … 最短 … 最长 …). */
export interface PenaltyUntil extends Node {
  readonly kind: 'PenaltyUntil';
  /** The event that ends the penalty: the first one of the subject on or after the day it starts. */
  readonly event?: EventFilter;
  /** It lasts at least this long, whenever the event comes. */
  readonly minimum?: NumberLit;
  /** It ends after this long, if the event has not come by then. */
  readonly maximum?: NumberLit;
}

export interface ParamDecl extends DeclBase {
  readonly kind: 'ParamDecl';
  readonly unit?: Unit;
  readonly value?: Expr;
}

export interface InputDecl extends DeclBase {
  readonly kind: 'InputDecl';
  readonly subject?: SubjectSpec;
  readonly unit?: Unit;
  readonly range?: RangeLit;
  readonly quarterly: boolean;
  /** `skip missing` / `缺季不计`: the mean of the quarters given; otherwise every quarter the period touches is required. */
  readonly skipMissing: boolean;
}

export interface RangeLit extends Node {
  readonly kind: 'Range';
  readonly low?: Expr;
  readonly high?: Expr;
}

export interface SurveyDecl extends DeclBase {
  readonly kind: 'SurveyDecl';
  readonly subject?: SubjectSpec;
  readonly choices: SurveyChoice[];
  readonly groups: SurveyGroup[];
  readonly rating?: RangeLit;
  readonly scale?: Expr;
}

export interface SurveyChoice extends Node {
  readonly kind: 'SurveyChoice';
  readonly name?: Name;
  readonly label?: StringLit;
  /** A number, or `mean` (the mean of the other, determinate choices). */
  readonly value?: Expr | MeanOfOthers;
}
export interface MeanOfOthers extends Node { readonly kind: 'MeanOfOthers' }

export interface SurveyGroup extends Node {
  readonly kind: 'SurveyGroup';
  readonly name?: Name;
  readonly label?: StringLit;
  readonly weight?: Expr;
}

// --- rules ------------------------------------------------------------------------------

export interface RuleDecl extends DeclBase {
  readonly kind: 'RuleDecl';
  readonly subject?: SubjectSpec;
  readonly clauses: RuleClause[];
}

export type RuleClause =
  | OnClause
  | WhenClause
  | ThenClause
  | OtherwiseClause
  | UnlessClause
  | LadderClause
  | RetriggerClause
  | SourceClause;

export interface OnClause extends Node { readonly kind: 'OnClause'; readonly filter?: EventFilter }
export interface WhenClause extends Node { readonly kind: 'WhenClause'; readonly condition?: Expr; readonly then: Consequence[] }
export interface ThenClause extends Node { readonly kind: 'ThenClause'; readonly then: Consequence[] }
export interface OtherwiseClause extends Node { readonly kind: 'OtherwiseClause'; readonly then: Consequence[] }
export interface UnlessClause extends Node { readonly kind: 'UnlessClause'; readonly condition?: Expr }
export interface RetriggerClause extends Node { readonly kind: 'RetriggerClause' }
export interface SourceClause extends Node { readonly kind: 'SourceClause'; readonly text?: StringLit }

export interface LadderClause extends Node {
  readonly kind: 'LadderClause';
  readonly window?: Window;
  readonly steps: LadderStep[];
}

export interface LadderStep extends Node {
  readonly kind: 'LadderStep';
  readonly occurrence?: NumberLit;
  /** `3 or more` / `3 及以上`. */
  readonly orMore: boolean;
  readonly then: Consequence[];
}

export type Consequence = Impose | Ineligible | GradeCap | GradeSet | Downgrade | Veto | Decide;

/** Impose a penalty, outcome or referral by name. */
export interface Impose extends Node { readonly kind: 'Impose'; readonly what?: Name; readonly target?: Target }
export interface Ineligible extends Node { readonly kind: 'Ineligible'; readonly eligibility?: Name; readonly target?: Target }
export interface GradeCap extends Node { readonly kind: 'GradeCap'; readonly band?: BandRef }
export interface GradeSet extends Node { readonly kind: 'GradeSet'; readonly band?: BandRef }
export interface Downgrade extends Node { readonly kind: 'Downgrade'; readonly steps?: NumberLit; readonly scale?: Name }
export interface Veto extends Node { readonly kind: 'Veto'; readonly scale?: Name }
export interface Decide extends Node { readonly kind: 'Decide'; readonly attr?: Name }

/** `competent` or `conduct_grade.competent`. */
export interface BandRef extends Node { readonly kind: 'BandRef'; readonly scale?: Name; readonly band?: Name }

export interface EventFilter extends Node {
  readonly kind: 'EventFilter';
  /** An event type, or a penalty/outcome/referral (counted as imposed). */
  readonly event?: Name;
  /** `warning of members` / `of all staff` / `of head`: the items of the unit's people (unit rules). */
  readonly of?: Scope;
  readonly where?: Expr;
}

export type Window = CalendarWindow | PeriodWindow | AllRecordsWindow | RollingWindow | AnchoredWindow;
export interface CalendarWindow extends Node { readonly kind: 'CalendarWindow'; readonly unit: 'month' | 'quarter' | 'half' | 'year' }
export interface PeriodWindow extends Node { readonly kind: 'PeriodWindow' }
/** `all records` / `全部记录`: every record up to the day, history before the period included. */
export interface AllRecordsWindow extends Node { readonly kind: 'AllRecordsWindow' }
/**
 * A window's length: days or working days, or a calendar duration in months or years (`半年` is
 * written as 6 months: `{ text: '6', unit: 'months' }`, its span the word).
 */
export interface RollingWindow extends Node { readonly kind: 'RollingWindow'; readonly length?: NumberLit }
/** `365 days after reassignment`, `自 调整工作岗位 起 1年`: from the latest occurrence of `anchor`. */
export interface AnchoredWindow extends Node { readonly kind: 'AnchoredWindow'; readonly length?: NumberLit; readonly anchor?: Name }

// --- scores -----------------------------------------------------------------------------

export interface ScoreDecl extends DeclBase {
  readonly kind: 'ScoreDecl';
  readonly subject?: SubjectSpec;
  readonly items: ScoreItem[];
}

export type ScoreItem = BaseItem | WeightedItem | ValueItem | AdjustItem | TotalCapItem | ClampItem | RoundItem;
export interface BaseItem extends Node { readonly kind: 'BaseItem'; readonly value?: Expr }
export interface ValueItem extends Node { readonly kind: 'ValueItem'; readonly value?: Expr }
export interface WeightedItem extends Node { readonly kind: 'WeightedItem'; readonly entries: WeightEntry[] }
export interface WeightEntry extends Node { readonly kind: 'WeightEntry'; readonly value?: Expr; readonly weight?: Expr }
export interface AdjustItem extends Node {
  readonly kind: 'AdjustItem';
  readonly sign: 'deduct' | 'add';
  readonly amount?: Expr;
  readonly per?: EventFilter;
  readonly window?: Window;
  readonly cap?: Expr;
  readonly unless?: Expr;
}
export interface TotalCapItem extends Node { readonly kind: 'TotalCapItem'; readonly which: 'deductions' | 'additions'; readonly cap?: Expr }
export interface ClampItem extends Node { readonly kind: 'ClampItem'; readonly low?: Expr; readonly high?: Expr }
export interface RoundItem extends Node { readonly kind: 'RoundItem'; readonly mode?: RoundingMode; readonly places?: NumberLit }

// --- grades, quotas, deadlines -----------------------------------------------------------

export interface GradesDecl extends DeclBase {
  readonly kind: 'GradesDecl';
  readonly score?: Name;
  readonly bands: Band[];
}

export interface Band extends Node {
  readonly kind: 'Band';
  readonly name?: Name;
  readonly label?: StringLit;
  readonly bounds: Bound[];
}

/** One side of a band. A closed range `76..89` gives two bounds. */
export interface Bound extends Node {
  readonly kind: 'Bound';
  readonly op: CompareOp;
  readonly value?: NumberLit;
}

export interface QuotaDecl extends DeclBase {
  readonly kind: 'QuotaDecl';
  readonly subject?: SubjectSpec;
  readonly pool?: Expr;
  readonly share?: Expr;
  readonly by?: Name;
  readonly rounding?: RoundingMode;
  /** What to do with candidates tied across the last place; without it such a tie is an error (KE0012). */
  readonly ties?: QuotaTies;
  readonly then: Consequence[];
}

/** `ties all in` / `ties all out` / `ties by SCORE` (并列 全部入选 / 全部落选 / 按 得分). */
export interface QuotaTies extends Node {
  readonly kind: 'QuotaTies';
  readonly rule: 'allIn' | 'allOut' | 'by';
  /** For `by`: the score, input or survey that breaks the tie (higher first). */
  readonly by?: Name;
}

export interface DeadlineDecl extends DeclBase {
  readonly kind: 'DeadlineDecl';
  readonly on?: EventFilter;
  readonly from?: Name;
  /** `if missing …` after `from`, in order: what a missing start means. Without it, a missing start is an error. */
  readonly ifMissing: DeadlineFallback[];
  readonly limit?: Expr;
  readonly startDay?: 'counted' | 'excluded';
  readonly pause?: Name;
  readonly extend?: { readonly by?: Expr; readonly filed?: Name; readonly span: Span };
  readonly done?: Name;
  readonly deemedOverdue: Expr[];
  /** `due date rolls over` / `due date does not roll` (到期日 顺延 / 不顺延); without it the due date does not move. */
  readonly rollover?: { readonly value: 'rolls' | 'fixed'; readonly span: Span };
  /** `unless C`: an overdue matter for which C holds is exempt (listed, not penalised). */
  readonly unless: Expr[];
  readonly then: Consequence[];
  /** `when C then …`: further consequences of an overdue matter for which C holds. */
  readonly when: WhenClause[];
}

/** What a deadline counts from when the start before it is missing. */
export type DeadlineFallback =
  | { readonly kind: 'attr'; readonly name: Name; readonly span: Span }
  | { readonly kind: 'eventDate'; readonly span: Span }
  | { readonly kind: 'notStarted'; readonly span: Span };

export type Decl =
  | KindDecl
  | AttributeDecl
  | EventDecl
  | PenaltyDecl
  | OutcomeDecl
  | ReferralDecl
  | EligibilityDecl
  | ParamDecl
  | InputDecl
  | SurveyDecl
  | RuleDecl
  | ScoreDecl
  | GradesDecl
  | QuotaDecl
  | DeadlineDecl;

// --- expressions -------------------------------------------------------------------------

export type Expr =
  | NumberLit
  | DateLit
  | StringExpr
  | BoolLit
  | LastLit
  | NameRef
  | Binary
  | Compare
  | InSet
  | Not
  | Neg
  | Count
  | Sum
  | Call
  | Lookup
  | DueDateRef;

export interface NumberLit extends Node {
  readonly kind: 'Number';
  /** The digits as written, e.g. "89.995"; exact, never a float. */
  readonly text: string;
  readonly unit?: Unit;
}
export interface DateLit extends Node { readonly kind: 'Date'; readonly text: string }
export interface StringExpr extends Node { readonly kind: 'StringExpr'; readonly value: string }
export interface BoolLit extends Node { readonly kind: 'Bool'; readonly value: boolean }
export interface LastLit extends Node { readonly kind: 'Last' }
/**
 * A name: a declaration, an attribute of the current event or of the subject, an enum value;
 * `scale.band` and `event.attr` qualified; `person.attr` / `unit.attr` (人员.属性 / 单位.属性) name
 * the subject's attribute `name` explicitly (`subject` is then set).
 */
export interface NameRef extends Node { readonly kind: 'NameRef'; readonly name: Name; readonly member?: Name; readonly subject?: SubjectKind }
export interface Binary extends Node {
  readonly kind: 'Binary';
  readonly op: '+' | '-' | '*' | '/' | 'and' | 'or';
  readonly left?: Expr;
  readonly right?: Expr;
}
export interface Compare extends Node {
  readonly kind: 'Compare';
  readonly op: CompareOp;
  readonly left?: Expr;
  readonly right?: Expr;
}
export interface InSet extends Node { readonly kind: 'InSet'; readonly value?: Expr; readonly set: Name[] }
export interface Not extends Node { readonly kind: 'Not'; readonly operand?: Expr }
export interface Neg extends Node { readonly kind: 'Neg'; readonly operand?: Expr }
export interface Count extends Node { readonly kind: 'Count'; readonly filter?: EventFilter; readonly window?: Window }
export interface Sum extends Node { readonly kind: 'Sum'; readonly attr?: Name; readonly filter?: EventFilter; readonly window?: Window }
export interface Call extends Node {
  readonly kind: 'Call';
  readonly fn: 'min' | 'max' | 'mean' | 'grade' | 'ranking' | 'eligible';
  readonly args: Expr[];
}
/** `due date` / `到期日`: the computed last day of the deadline whose condition it is in. */
export interface DueDateRef extends Node { readonly kind: 'DueDate' }
export interface Lookup extends Node {
  readonly kind: 'Lookup';
  readonly attr?: Name;
  readonly entries: { readonly key?: Name; readonly value?: Expr; readonly span: Span }[];
}
