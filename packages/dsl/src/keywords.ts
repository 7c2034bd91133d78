/**
 * The one keyword table. The lexer's tokens, the formatter's keyword choices, the
 * documentation's keyword table and the playground's Monaco highlighting are all generated
 * from this list; nothing else spells a keyword.
 *
 * Every keyword has at least one English and one Chinese spelling. The first spelling of each
 * language is the canonical one (the formatter's choice when it translates).
 *
 * Delimiting rule (see lexer.ts and docs/language.md, "Chinese keywords and names"): a keyword
 * stands alone — the character after it cannot continue a name — except that units, windows,
 * postfix comparators, 及以上 and 内 may glue onto a unit, window, comparator or 在 before them
 * (`3次以上`, `在自然月内`). A digit ends a Chinese keyword (`超过15`) but continues an English
 * one (`rule1` is a name). So `规则折扣` and `单位分` are names, `规则 折扣` is a keyword and a name.
 */

export type KeywordCategory =
  | 'declaration'
  | 'header'
  | 'clause'
  | 'type'
  | 'unit'
  | 'subject'
  | 'window'
  | 'comparator'
  | 'logic'
  | 'consequence'
  | 'function'
  | 'literal'
  | 'rounding';

export interface KeywordDef {
  /** Token name, also the grammar's name for the keyword. */
  readonly name: string;
  readonly en: readonly string[];
  readonly zh: readonly string[];
  readonly category: KeywordCategory;
  /** One line for hover and the documentation. */
  readonly doc: string;
}

const k = (
  name: string,
  category: KeywordCategory,
  en: string[],
  zh: string[],
  doc: string,
): KeywordDef => ({ name, category, en, zh, doc });

export const KEYWORDS: readonly KeywordDef[] = [
  // --- declarations ---------------------------------------------------------------------
  k('Policy', 'declaration', ['policy'], ['制度'], 'policy header: id, title and header block'),
  k('Kind', 'declaration', ['kind'], ['单位类别'], 'a category of units (e.g. type-1 departments)'),
  k('Attribute', 'declaration', ['attribute'], ['属性'], 'a typed attribute of people or of units, given in the case data: `属性 窗口工作人员 针对 人员: 是否`'),
  k('Event', 'declaration', ['event'], ['事件'], 'an event type recorded in case data, with typed attributes'),
  k('Penalty', 'declaration', ['penalty'], ['处罚'], 'a sanction, with rank, duration and side effects'),
  k('Outcome', 'declaration', ['outcome'], ['后果'], 'a named result that is neither a penalty nor a referral (commendation, key rectification unit)'),
  k('Referral', 'declaration', ['referral'], ['移送'], 'a terminal output that leaves the scheme (discipline commission, county)'),
  k('Eligibility', 'declaration', ['eligibility'], ['资格'], 'an eligibility flag, held unless a rule revokes it'),
  k('Param', 'declaration', ['param'], ['参数'], 'a named parameter; may be left without a value for a base policy or the case data to supply'),
  k('Input', 'declaration', ['input'], ['输入'], 'a numeric input per subject (indicator scores), optionally per quarter'),
  k('Survey', 'declaration', ['survey'], ['测评'], 'a survey: choices with point values, rater groups with weights'),
  k('Rule', 'declaration', ['rule'], ['规则'], 'condition → consequence'),
  k('Score', 'declaration', ['score'], ['评分'], 'a score sheet or composite'),
  k('Grades', 'declaration', ['grades'], ['等次划分'], 'ordered grade bands over a score, best first'),
  k('Quota', 'declaration', ['quota'], ['名额'], 'a ranking quota ("top 30% named advanced")'),
  k('Deadline', 'declaration', ['deadline'], ['时限'], 'a time limit counted in calendar or working days'),
  k('Override', 'declaration', ['override'], ['覆盖'], 'replace a declaration of the extended base policy'),

  // --- header -----------------------------------------------------------------------------
  k('Version', 'header', ['version'], ['版本'], 'policy version'),
  k('Effective', 'header', ['effective'], ['生效'], 'effective date, optionally `to` an end date'),
  k('To', 'header', ['to'], ['至'], 'end of a date range; also a closed band `76 至 89`'),
  k('Period', 'header', ['period'], ['考核期'], 'assessment period (header) or the whole period (window)'),
  k('Extends', 'header', ['extends'], ['继承'], 'the base policy this one extends (a file path)'),
  k('Source', 'header', ['source'], ['出处'], 'where the text comes from (file and line)'),
  k('Holidays', 'header', ['holidays'], ['节假日'], 'days off the policy adds to the working-day calendar: `节假日 2025-01-01, 2025-01-28`'),
  k('Workdays', 'header', ['workdays'], ['调休上班'], 'adjusted working days (调休) the policy adds to the calendar'),
  k('Year', 'header', ['year'], ['年度'], 'a yearly assessment period; after a number, one calendar year (`1 year`)'),
  k('Quarter', 'header', ['quarter'], ['季度'], 'a quarterly assessment period'),
  k('Month', 'header', ['month'], ['月度'], 'a monthly assessment period; after a number, one calendar month (`1 month`)'),

  // --- attribute types -------------------------------------------------------------------
  k('Bool', 'type', ['bool'], ['是否'], 'yes/no attribute'),
  k('Integer', 'type', ['integer'], ['整数'], 'whole-number attribute, optionally with a unit'),
  k('Decimal', 'type', ['decimal'], ['小数'], 'exact decimal attribute, optionally with a unit'),
  k('DateType', 'type', ['date'], ['日期'], 'calendar date attribute'),
  k('Text', 'type', ['text'], ['文本'], 'free text attribute'),
  k('Intervals', 'type', ['intervals'], ['期间'], 'a list of date intervals (paused clocks)'),
  k('Decision', 'type', ['decision'], ['决定'], 'a committee choice among penalties or outcomes, recorded on the case'),

  // --- units of measure ------------------------------------------------------------------
  k('Points', 'unit', ['points', 'point'], ['分'], 'score points'),
  k('WorkingDays', 'unit', ['working days', 'working day'], ['个工作日', '工作日'], 'working days (holiday calendar applies)'),
  k('Days', 'unit', ['days', 'day'], ['天', '日'], 'calendar days'),
  k('Times', 'unit', ['times', 'time'], ['人次', '次'], 'a count of occurrences'),
  k('Minutes', 'unit', ['minutes', 'minute'], ['分钟'], 'minutes'),
  k('Places', 'unit', ['places'], ['位'], 'decimal places (in `round`)'),
  // calendar durations (window lengths; an attribute's unit): counted on the calendar, never as a
  // number of days — `1年` from 2024-02-29 ends on 2025-02-28 (Civil Code art. 202)
  k('Years', 'unit', ['years'], ['年'], 'calendar years: `滚动 3年`, `自 调整工作岗位 起 1年` (also `1 year`); the same day N years later, the month\'s last day when it has none'),
  k('Months', 'unit', ['months'], ['个月'], 'calendar months: `6个月` (also `1 month`); the same day N months later, the month\'s last day when it has none'),
  k('HalfYear', 'unit', ['half a year', 'half year'], ['半年'], 'half a year: six calendar months, `滚动 半年`, `借用期限 半年以上`'),

  // --- subjects ---------------------------------------------------------------------------
  k('For', 'subject', ['for'], ['针对'], 'the subjects a declaration applies to'),
  k('Person', 'subject', ['person'], ['人员'], 'individual staff members'),
  k('Unit', 'subject', ['unit'], ['单位'], 'units (offices, stations, departments)'),
  k('Head', 'subject', ['head'], ['负责人'], 'the head of the unit'),
  k('Members', 'subject', ['members'], ['成员'], 'the members of the unit: its people other than its head'),
  k('AllStaff', 'subject', ['all staff'], ['全体人员'], 'all the people of the unit, its head included'),
  k('Upon', 'subject', ['upon'], ['对'], 'the target of a consequence: `则 告诫 对 负责人` (also written `on head`)'),
  k('Of', 'subject', ['of'], ['来自'], 'events of the unit\'s people: `warning of members`, `complaint of all staff`, `complaint of head`'),

  // --- rule, score and other clauses -------------------------------------------------------
  k('On', 'clause', ['on'], ['发生'], 'per-occurrence trigger: the rule runs for each matching event'),
  k('When', 'clause', ['when'], ['当'], 'a condition; with `then` it guards consequences'),
  k('Then', 'clause', ['then'], ['则'], 'the consequences'),
  k('Otherwise', 'clause', ['otherwise'], ['否则'], 'consequences when no `when` branch applied'),
  k('Unless', 'clause', ['unless'], ['除非'], 'an exemption stated in the text'),
  k('Ladder', 'clause', ['ladder'], ['阶梯'], 'escalation by occurrence: 1st, 2nd, 3rd or more'),
  k('OrMore', 'clause', ['or more'], ['及以上'], 'open-ended last ladder step'),
  k('Ordinal', 'clause', ['nth'], ['第'], 'optional ordinal prefix of a ladder step: `第 2 次`'),
  k('Retrigger', 'clause', ['retrigger'], ['重复触发'], 'fire again for every further event while the condition holds (default: once per window)'),
  k('Where', 'clause', ['where'], ['其中'], 'attribute filter on events'),
  k('Within', 'clause', ['within'], ['在'], 'the time window of a count'),
  k('Inside', 'clause', ['inside'], ['内'], 'optional closing word of a window: `在 自然月 内`'),
  k('Base', 'clause', ['base'], ['基础分'], 'base points of a score sheet'),
  k('Weighted', 'clause', ['weighted'], ['加权'], 'weighted composite; weights must sum to 100%'),
  k('Value', 'clause', ['value'], ['公式'], 'a score given by a formula'),
  k('Deductions', 'clause', ['deductions'], ['扣分'], 'all deductions of a sheet together (for a total cap)'),
  k('Additions', 'clause', ['additions'], ['加分'], 'all additions of a sheet together (for a total cap)'),
  k('Deduct', 'clause', ['deduct'], ['扣'], 'deduct points'),
  k('Add', 'clause', ['add'], ['加'], 'add points'),
  k('Per', 'clause', ['per'], ['每'], 'per occurrence of an event'),
  k('Cap', 'clause', ['cap'], ['封顶'], 'at most this much in all'),
  k('Clamp', 'clause', ['clamp'], ['限定'], 'clamp the score into a range'),
  k('Range', 'clause', ['range'], ['范围'], 'the range of an input'),
  k('Round', 'clause', ['round'], ['舍入'], 'explicit rounding: mode and decimal places'),
  k('By', 'clause', ['by'], ['按'], 'lookup table by an attribute, or ranking order'),
  k('Quarterly', 'clause', ['quarterly'], ['按季度'], 'an input given per quarter: every quarter the period touches is required'),
  k('SkipMissing', 'clause', ['skip missing'], ['缺季不计'], 'a quarterly input whose mean is taken over the quarters given: `按季度 缺季不计`'),
  k('Choice', 'clause', ['choice'], ['选项'], 'a survey choice and its point value'),
  k('Group', 'clause', ['group'], ['评议组'], 'a survey rater group and its weight'),
  k('Rating', 'clause', ['rating'], ['评分制'], 'a survey whose raters give numeric scores in a range'),
  k('Scale', 'clause', ['scale'], ['折算'], 'scale the survey result so the best choice is worth this much'),
  k('Rank', 'clause', ['rank'], ['轻重'], 'the weight of a penalty (1 = mildest)'),
  k('Lasts', 'clause', ['lasts'], ['持续'], 'how long a penalty lasts'),
  k('StopsBonus', 'clause', ['stops bonus'], ['停发奖金'], 'the post bonus is withheld while the penalty lasts'),
  // penalties that end on an event (issue 10 item 5)
  k('Until', 'clause', ['until'], ['直至'], 'a penalty that lasts until an event of its subject: `持续 直至 考试 其中 合格`'),
  k('Minimum', 'clause', ['minimum'], ['最短'], 'the least a penalty lasting until an event lasts: `持续 直至 考试 其中 合格 最短 7天`'),
  k('Maximum', 'clause', ['maximum'], ['最长'], 'the most a penalty lasting until an event lasts: `持续 直至 调查结论 最长 30天`'),
  k('Pool', 'clause', ['pool'], ['候选'], 'who may be chosen under a quota'),
  k('Share', 'clause', ['share'], ['比例'], 'the quota as a share of all subjects'),
  k('Ties', 'clause', ['ties'], ['并列'], 'what a quota does with candidates tied at its last place: `并列 全部入选`, `并列 全部落选`, `并列 按 另一得分`'),
  k('AllIn', 'clause', ['all in'], ['全部入选'], 'every candidate tied at the last place is chosen (the quota may be exceeded)'),
  k('AllOut', 'clause', ['all out'], ['全部落选'], 'no candidate tied across the last place is chosen (places may stay empty)'),
  k('From', 'clause', ['from'], ['起算'], 'the date attribute a deadline counts from'),
  k('IfMissing', 'clause', ['if missing'], ['缺失时'], 'what a missing start means: `起算 补正日期 缺失时 收件日期 缺失时 未起算`'),
  k('NotStarted', 'clause', ['not started'], ['未起算'], 'a deadline whose start is missing has not started (never overdue by its dates)'),
  k('EventDate', 'clause', ['event date'], ['事件日期'], 'the date of the event itself, as a deadline\'s start'),
  k('Limit', 'clause', ['limit'], ['期限'], 'the length of a deadline'),
  k('StartDay', 'clause', ['start day'], ['首日'], '`start day counted` or `start day excluded`'),
  k('Counted', 'clause', ['counted'], ['计入'], 'the start day counts as day 1'),
  k('Excluded', 'clause', ['excluded'], ['不计入'], 'day 1 is the day after the start'),
  k('Pause', 'clause', ['pause'], ['暂停'], 'intervals not counted (hearings, expert review)'),
  k('Extend', 'clause', ['extend'], ['延期'], 'an extension, valid only if filed before the deadline'),
  k('Filed', 'clause', ['filed'], ['申请于'], 'the date an extension was filed'),
  k('Done', 'clause', ['done'], ['办结'], 'the date the matter was completed'),
  k('DeemedOverdue', 'clause', ['deemed overdue'], ['视为超时'], 'conditions under which a matter counts as overdue regardless of dates'),
  // deadlines as the law counts them (issue 10 item 4)
  k('DueDate', 'clause', ['due date'], ['到期日'], 'a deadline\'s computed last day, in its conditions (`视为超时 延期申请日 > 到期日`); `到期日 顺延` / `到期日 不顺延`'),
  k('RollsOver', 'clause', ['rolls over'], ['顺延'], 'a due date on a rest day moves to the next working day (Civil Code art. 203): `到期日 顺延`'),
  k('NoRollover', 'clause', ['does not roll'], ['不顺延'], 'a due date on a rest day stays where it falls (the default, written to declare the reading): `到期日 不顺延`'),
  k('After', 'window', ['after'], ['之后'], '`365 days after reassignment`'),
  k('Since', 'window', ['since'], ['自'], '`自 reassignment 起 365 天`'),
  k('Onwards', 'window', ['onwards'], ['起'], 'closing word of `自 X 起`'),

  // --- windows ----------------------------------------------------------------------------
  k('CalendarMonth', 'window', ['calendar month'], ['自然月'], 'the calendar month of the event'),
  k('CalendarQuarter', 'window', ['calendar quarter'], ['自然季度'], 'the calendar quarter of the event'),
  k('CalendarYear', 'window', ['calendar year'], ['自然年'], 'the calendar year of the event'),
  k('Rolling', 'window', ['rolling'], ['滚动'], 'a rolling window of N days (or months, years) ending on the event'),
  k('CalendarHalfYear', 'window', ['calendar half year'], ['自然半年'], 'the calendar half-year of the event: January–June or July–December'),
  k('AllRecords', 'window', ['all records'], ['全部记录'], 'every record of the case data up to the day, history before the period included'),

  // --- comparators (statutory reading: 以上/以下/以内 include, 超过/不满/低于 exclude) ------
  k('AtLeast', 'comparator', ['at least'], ['不低于', '不少于', '至少', '达到'], '≥'),
  k('AtMost', 'comparator', ['at most'], ['不超过', '不高于', '至多'], '≤ (also a grade cap: `grade at most competent`)'),
  k('MoreThan', 'comparator', ['more than'], ['超过', '高于'], '> (超过 excludes the number)'),
  k('LessThan', 'comparator', ['less than'], ['不满', '低于'], '< (不满 excludes the number)'),
  k('OrAbove', 'comparator', ['or above'], ['以上'], '≥, written after the number: `3 以上` (以上 includes the number)'),
  k('OrBelow', 'comparator', ['or below'], ['以下'], '≤, written after the number: `59 以下`'),
  k('OrWithin', 'comparator', ['or within'], ['以内'], '≤, written after the number: `30 天以内`'),
  k('In', 'comparator', ['in'], ['属于'], 'membership: `level in (county, province)`'),

  // --- logic -----------------------------------------------------------------------------
  k('And', 'logic', ['and'], ['并且', '且'], 'both'),
  k('Or', 'logic', ['or'], ['或者', '或'], 'either'),
  k('Not', 'logic', ['not'], ['非'], 'negation'),

  // --- consequences -----------------------------------------------------------------------
  k('Grade', 'consequence', ['grade'], ['等次'], 'the grade: `grade(scale)` in conditions, `grade at most X` / `grade = X` as consequences'),
  k('SetTo', 'consequence', ['set to'], ['定为'], 'set the grade: `grade set to basic`'),
  k('Downgrade', 'consequence', ['downgrade'], ['降档'], 'lower the grade by N bands'),
  k('Veto', 'consequence', ['veto'], ['一票否决'], 'worst grade and ranked last'),
  k('Ineligible', 'consequence', ['ineligible'], ['取消'], 'revoke an eligibility'),
  k('Decide', 'consequence', ['decide'], ['按决定'], 'impose what the recorded committee decision chose'),

  // --- functions ----------------------------------------------------------------------------
  k('Count', 'function', ['count'], ['次数'], 'count events or penalties: `count(complaint where substantiated within calendar month)`'),
  k('Sum', 'function', ['sum'], ['合计'], 'sum an attribute over events: `sum(points of finding)`'),
  k('Mean', 'function', ['mean'], ['平均'], 'mean of a quarterly input; as a survey choice value, the mean of the other choices'),
  k('Min', 'function', ['min'], ['最小'], 'the smaller of two values'),
  k('Max', 'function', ['max'], ['最大'], 'the larger of two values'),
  k('RankOf', 'function', ['ranking'], ['排名'], 'a subject\'s place in a score\'s ranking (1 = best)'),
  k('Eligible', 'function', ['eligible'], ['具备'], 'does the subject still hold an eligibility: `具备(评优资格)`'),

  // --- literals ---------------------------------------------------------------------------
  k('True', 'literal', ['true'], ['是'], 'yes'),
  k('False', 'literal', ['false'], ['否'], 'no'),
  k('Last', 'literal', ['last'], ['末位'], 'the last place of a ranking'),

  // --- rounding modes -------------------------------------------------------------------
  k('HalfUp', 'rounding', ['half_up'], ['四舍五入'], 'round half away from zero'),
  k('HalfEven', 'rounding', ['half_even'], ['四舍六入'], 'round half to even'),
  k('Down', 'rounding', ['down'], ['截断'], 'truncate toward zero'),
  k('Up', 'rounding', ['up'], ['进一'], 'round away from zero'),
  k('Floor', 'rounding', ['floor'], ['向下取整'], 'round toward minus infinity'),
  k('Ceiling', 'rounding', ['ceiling'], ['向上取整'], 'round toward plus infinity'),
];

export const KEYWORD_BY_NAME: ReadonlyMap<string, KeywordDef> = new Map(
  KEYWORDS.map((kw) => [kw.name, kw]),
);

/** Characters that continue a name. A keyword followed by one of them is part of a name. */
export const NAME_START = 'A-Za-z_\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
export const NAME_CONTINUE = 'A-Za-z0-9_\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';

/** Is this spelling made of CJK characters (and so ended by a digit)? */
export function isCjkSpelling(spelling: string): boolean {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(spelling);
}

/** Every spelling of every keyword, for completion and for "is this name a keyword?" hints. */
export function allSpellings(): { spelling: string; def: KeywordDef; lang: 'en' | 'zh' }[] {
  const out: { spelling: string; def: KeywordDef; lang: 'en' | 'zh' }[] = [];
  for (const def of KEYWORDS) {
    for (const s of def.en) out.push({ spelling: s, def, lang: 'en' });
    for (const s of def.zh) out.push({ spelling: s, def, lang: 'zh' });
  }
  return out;
}

/**
 * If `name` begins with a Chinese keyword spelling, return that spelling. Used for the hint
 * "`则待岗` is read as one name; put a space after the keyword `则`".
 */
export function leadingChineseKeyword(name: string): string | undefined {
  let best: string | undefined;
  for (const { spelling } of allSpellings()) {
    if (isCjkSpelling(spelling) && name.length > spelling.length && name.startsWith(spelling)) {
      if (!best || spelling.length > best.length) best = spelling;
    }
  }
  return best;
}
