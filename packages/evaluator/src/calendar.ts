/**
 * Calendar dates, calendar windows and working days (mainland-China holiday calendar).
 *
 * A date is a `Day`: the number of days since 1970-01-01 in the proleptic Gregorian calendar,
 * computed from year, month and day with integer arithmetic only. Nothing in this module uses
 * the JavaScript date object, the clock or the host's time zone: `2024-03-01` is 1 March on
 * every machine.
 *
 * Working days: a day listed in the case data's `holidays` is off, a day listed in its
 * `workdays` (调休, adjusted working day) is on; otherwise the bundled mainland-China calendar
 * (the `chinese-days` package, years 2004–2026 in version 1.5.7) decides for the years it
 * knows; otherwise Monday–Friday are working days — a rule the evaluator never relies on: it
 * refuses a working-day computation in a year no list covers (`coversYear`, KE0301).
 *
 * Why the bundled calendar is read from the package's data file rather than through its
 * functions: chinese-days 1.5.7 builds its lookup tables and reads its arguments through the
 * host time zone (it parses `YYYY-MM-DD` as UTC midnight and formats with local getters), so
 * in a time zone west of UTC its `isWorkday('2024-11-09')` (a Saturday) answers true. The data
 * file `dist/chinese-days.json` is the same table, generated once when the package was built;
 * reading it is time-zone free. A test checks it against the package's functions run under
 * TZ=Asia/Shanghai for every day 2004–2026.
 *
 * Browser-safe: no Node APIs. The JSON import uses an import attribute (Node ≥ 20.10, Vite,
 * esbuild and other bundlers understand it).
 */
import bundledJson from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarData } from './data.js';

/** Days since 1970-01-01 (proleptic Gregorian). Day 0 is Thursday 1970-01-01. */
export type Day = number;

/** Year, month (1–12) and day of month (1–31). */
export interface YMD {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

// ---------------------------------------------------------------------------------------------
// Day numbers
// ---------------------------------------------------------------------------------------------

/** Integer division rounding towards −∞ (so the algorithms hold for negative years too). */
function fdiv(a: number, b: number): number {
  return Math.floor(a / b);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  const n = MONTH_DAYS[month - 1];
  if (n === undefined) throw new RangeError(`month out of range: ${month}`);
  return n;
}

/**
 * Day number of a Y-M-D, without validation (month 1–12 and day 1–31 assumed; callers validate).
 * Algorithm: count days in 400-year eras of the March-based year (H. Hinnant, "chrono-compatible
 * low-level date algorithms"); 719468 = days from 0000-03-01 to 1970-01-01.
 */
function dayNumber(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = fdiv(y, 400);
  const yoe = y - era * 400; // 0..399
  const mp = month > 2 ? month - 3 : month + 9; // March = 0 … February = 11
  const doy = fdiv(153 * mp + 2, 5) + day - 1; // 0..365
  const doe = yoe * 365 + fdiv(yoe, 4) - fdiv(yoe, 100) + doy; // 0..146096
  return era * 146097 + doe - 719468;
}

/** Day number of a valid Y-M-D, or undefined when the date does not exist. */
export function fromYMD(year: number, month: number, day: number): Day | undefined {
  if (!Number.isSafeInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumber(year, month, day);
}

/** Year, month and day of a day number (inverse of `fromYMD`). */
export function toYMD(d: Day): YMD {
  if (!Number.isSafeInteger(d)) throw new RangeError(`not a day number: ${d}`);
  const z = d + 719468;
  const era = fdiv(z, 146097);
  const doe = z - era * 146097; // 0..146096
  const yoe = fdiv(doe - fdiv(doe, 1460) + fdiv(doe, 36524) - fdiv(doe, 146096), 365); // 0..399
  const doy = doe - (365 * yoe + fdiv(yoe, 4) - fdiv(yoe, 100)); // 0..365
  const mp = fdiv(5 * doy + 2, 153); // 0..11, March-based
  const day = doy - fdiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Strict `YYYY-MM-DD` (four-digit year, two-digit month and day) naming a date that exists.
 * Rejects `2024-1-1`, `2024-13-01`, `2023-02-29`, surrounding spaces and anything else.
 */
export function parseDate(s: string): Day | undefined {
  const m = DATE_RE.exec(s);
  if (!m) return undefined;
  return fromYMD(Number(m[1]), Number(m[2]), Number(m[3]));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD` (years 0–9999; other years are written with more digits or a sign). */
export function formatDate(d: Day): string {
  const { year, month, day } = toYMD(d);
  return `${year < 0 ? '-' + pad(-year, 4) : pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** ISO weekday: Monday = 1 … Sunday = 7. (Day 0, 1970-01-01, was a Thursday.) */
export function weekday(d: Day): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  return ((((d + 3) % 7) + 7) % 7 + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

// ---------------------------------------------------------------------------------------------
// Calendar windows
// ---------------------------------------------------------------------------------------------

export function monthStart(d: Day): Day {
  const { year, month } = toYMD(d);
  return dayNumber(year, month, 1);
}

export function monthEnd(d: Day): Day {
  const { year, month } = toYMD(d);
  return dayNumber(year, month, daysInMonth(year, month));
}

/** Calendar quarters: Q1 = Jan–Mar, Q2 = Apr–Jun, Q3 = Jul–Sep, Q4 = Oct–Dec (A13). */
export function quarterOf(d: Day): 1 | 2 | 3 | 4 {
  return (fdiv(toYMD(d).month - 1, 3) + 1) as 1 | 2 | 3 | 4;
}

export function quarterStart(d: Day): Day {
  const { year } = toYMD(d);
  return dayNumber(year, (quarterOf(d) - 1) * 3 + 1, 1);
}

export function quarterEnd(d: Day): Day {
  const { year } = toYMD(d);
  const lastMonth = quarterOf(d) * 3;
  return dayNumber(year, lastMonth, daysInMonth(year, lastMonth));
}

/** Calendar half-years: H1 = January–June, H2 = July–December (A13: "每半年"). */
export function halfOf(d: Day): 1 | 2 {
  return toYMD(d).month <= 6 ? 1 : 2;
}

export function halfStart(d: Day): Day {
  return dayNumber(toYMD(d).year, halfOf(d) === 1 ? 1 : 7, 1);
}

export function halfEnd(d: Day): Day {
  return halfOf(d) === 1 ? dayNumber(toYMD(d).year, 6, 30) : dayNumber(toYMD(d).year, 12, 31);
}

/** `2024-H1` */
export function halfKey(d: Day): string {
  return `${yearKey(d)}-H${halfOf(d)}`;
}

export function yearStart(d: Day): Day {
  return dayNumber(toYMD(d).year, 1, 1);
}

export function yearEnd(d: Day): Day {
  return dayNumber(toYMD(d).year, 12, 31);
}

/** `2024-03` */
export function monthKey(d: Day): string {
  return formatDate(d).slice(0, -3);
}

/** `2024-Q1` */
export function quarterKey(d: Day): string {
  return `${yearKey(d)}-Q${quarterOf(d)}`;
}

/** `2024` */
export function yearKey(d: Day): string {
  return formatDate(d).slice(0, -6);
}

/**
 * The same day of the month `k` months later (earlier for negative k); when that month is
 * shorter, its last day (2024-03-31 − 1 month = 2024-02-29). For A07(b), "one calendar month
 * ending on the event date".
 */
export function addMonths(d: Day, k: number): Day {
  if (!Number.isSafeInteger(k)) throw new RangeError(`not a whole number of months: ${k}`);
  const { year, month, day } = toYMD(d);
  const m0 = month - 1 + k;
  const y = year + fdiv(m0, 12);
  const m = m0 - fdiv(m0, 12) * 12 + 1;
  return dayNumber(y, m, Math.min(day, daysInMonth(y, m)));
}

// ---------------------------------------------------------------------------------------------
// Working-day calendar
// ---------------------------------------------------------------------------------------------

/** Who decided whether a day is a working day. */
export type CalendarSource = 'data' | 'bundled' | 'weekday-rule';

export interface Calendar {
  isWorkingDay(d: Day): boolean;
  /**
   * Whether the calendar has real information for this day: it is listed in the case data, or
   * the bundled calendar is in use and knows the day's year. False means the Monday–Friday rule
   * decided. Equivalent to `source(d) !== 'weekday-rule'`.
   */
  covers(d: Day): boolean;
  /**
   * Whether the calendar knows a whole year: the bundled calendar is in use and has it, or the
   * supplied lists name at least one day of it (they are then that year's complete list of days
   * off and adjusted working days). A working-day computation that needs a day of a year not
   * covered is refused by the evaluator (KE0301), never answered by the Monday–Friday rule.
   */
  coversYear(year: number): boolean;
  source(d: Day): CalendarSource;
}

interface BundledTable {
  readonly holidays: Readonly<Record<string, string>>;
  readonly workdays: Readonly<Record<string, string>>;
}

/** The bundled calendar: day → working day?, plus the years it knows. Built once, lazily. */
interface Bundled {
  readonly days: ReadonlyMap<Day, boolean>;
  readonly years: ReadonlySet<number>;
}

let bundledCache: Bundled | undefined;

function bundled(): Bundled {
  if (bundledCache) return bundledCache;
  const table: BundledTable = bundledJson;
  const days = new Map<Day, boolean>();
  const years = new Set<number>();
  const add = (key: string, working: boolean): void => {
    const d = parseDate(key);
    if (d === undefined) throw new Error(`chinese-days: unreadable date ${JSON.stringify(key)}`);
    years.add(toYMD(d).year);
    // As in chinese-days' own isWorkday, a listed working day wins over a listed holiday.
    if (working || !days.has(d)) days.set(d, working);
  };
  for (const key of Object.keys(table.holidays)) add(key, false);
  for (const key of Object.keys(table.workdays)) add(key, true);
  bundledCache = { days, years };
  return bundledCache;
}

/** The years the bundled calendar (chinese-days) knows, ascending. */
export function bundledYears(): readonly number[] {
  return [...bundled().years].sort((a, b) => a - b);
}

/** A problem in calendar data (bilingual; Chinese first). */
export interface CalendarDataProblem {
  readonly value: string;
  readonly message: { readonly zh: string; readonly en: string };
}

/** Invalid dates, and days listed both as holiday and as working day. Empty when the data is sound. */
export function calendarDataProblems(data: CalendarData): CalendarDataProblem[] {
  const problems: CalendarDataProblem[] = [];
  const holidays = new Set<Day>();
  for (const [list, zhName, enName] of [
    [data.holidays, '节假日', 'holidays'],
    [data.workdays, '调休工作日', 'workdays'],
  ] as const) {
    for (const s of list) {
      const d = parseDate(s);
      if (d === undefined) {
        problems.push({
          value: s,
          message: {
            zh: `日历数据「${zhName}」中的日期无效：${JSON.stringify(s)}（应为 YYYY-MM-DD 格式的真实日期）`,
            en: `invalid date in calendar ${enName}: ${JSON.stringify(s)} (expected a real date YYYY-MM-DD)`,
          },
        });
      } else if (list === data.holidays) {
        holidays.add(d);
      } else if (holidays.has(d)) {
        problems.push({
          value: s,
          message: {
            zh: `日历数据中 ${s} 同时列为节假日和调休工作日`,
            en: `calendar data lists ${s} both as a holiday and as a working day`,
          },
        });
      }
    }
  }
  return problems;
}

/**
 * A working-day calendar. Without data: the bundled mainland-China calendar, Monday–Friday
 * outside its years. Throws when the data has problems (`calendarDataProblems` lists them, for
 * callers that report instead of throwing).
 */
export function createCalendar(data?: CalendarData): Calendar {
  const listed = new Map<Day, boolean>();
  if (data) {
    const problems = calendarDataProblems(data);
    if (problems.length > 0) {
      throw new Error(problems.map((p) => `${p.message.zh} / ${p.message.en}`).join('\n'));
    }
    for (const s of data.holidays) listed.set(parseDate(s)!, false);
    for (const s of data.workdays) listed.set(parseDate(s)!, true);
  }
  const useBundled = data?.useBundled !== false;
  const bundledKnows = (d: Day): boolean => useBundled && bundled().years.has(toYMD(d).year);
  const listedYears = new Set<number>([...listed.keys()].map((d) => toYMD(d).year));

  const source = (d: Day): CalendarSource =>
    listed.has(d) ? 'data' : bundledKnows(d) ? 'bundled' : 'weekday-rule';

  return {
    source,
    covers: (d) => source(d) !== 'weekday-rule',
    coversYear: (year) => listedYears.has(year) || (useBundled && bundled().years.has(year)),
    isWorkingDay(d) {
      const own = listed.get(d);
      if (own !== undefined) return own;
      if (bundledKnows(d)) {
        const b = bundled().days.get(d);
        if (b !== undefined) return b;
      }
      return weekday(d) <= 5;
    },
  };
}

/**
 * The same calendar, but a question about a day of a year it does not cover (`coversYear`) is
 * reported to `uncovered` — once per year — before it is answered. The evaluator turns the report
 * into an error (KE0301), so the Monday–Friday answer never reaches a result unnoticed.
 */
export function guardCalendar(cal: Calendar, uncovered: (year: number, day: Day) => void): Calendar {
  const reported = new Set<number>();
  return {
    ...cal,
    isWorkingDay(d) {
      const { year } = toYMD(d);
      if (!reported.has(year) && !cal.coversYear(year)) {
        reported.add(year);
        uncovered(year, d);
      }
      return cal.isWorkingDay(d);
    },
  };
}

let defaultCalendar: Calendar | undefined;

/** `cal`, or the bundled calendar when none is given. */
function orDefault(cal: Calendar | undefined): Calendar {
  return cal ?? (defaultCalendar ??= createCalendar());
}

// ---------------------------------------------------------------------------------------------
// Counting days
// ---------------------------------------------------------------------------------------------

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${n}`);
}

/** Working days from `from` to `to`, both included (0 when `from` > `to`). */
export function countWorkingDays(cal: Calendar | undefined, from: Day, to: Day): number {
  const c = orDefault(cal);
  let n = 0;
  for (let d = from; d <= to; d++) if (c.isWorkingDay(d)) n++;
  return n;
}

/** `d` itself when it is a working day, else the next working day (Civil Code art. 203 reading of A10). */
export function nextWorkingDay(cal: Calendar | undefined, d: Day): Day {
  const c = orDefault(cal);
  while (!c.isWorkingDay(d)) d++;
  return d;
}

export interface DueDateOptions {
  /** Count only working days (工作日); otherwise every calendar day counts. */
  readonly workingDays: boolean;
  /**
   * Whether `start` itself is day 1 (when it counts at all). False is P12's
   * "开始之日不计算在内": day 1 is the first counted day after `start`.
   */
  readonly startCounted: boolean;
  /** Intervals (both ends included) that never count: hearings, expert review… (P12.R3). */
  readonly paused?: readonly { readonly from: Day; readonly to: Day }[];
}

/**
 * The day on which the n-th counted day falls: the last day of an n-day time limit.
 *
 * A day counts when it is not inside a paused interval and, with `workingDays`, is a working day
 * of `cal` (the bundled calendar when `cal` is undefined; `cal` is ignored for calendar days).
 * n = 0 gives `start` itself (a zero-day limit ends on the day it starts).
 * The result is not moved off a holiday: for calendar days use `nextWorkingDay` when the policy
 * reads A10 that way.
 */
export function dueDate(cal: Calendar | undefined, start: Day, n: number, opts: DueDateOptions): Day {
  checkCount(n, 'day count');
  if (n === 0) return start;
  const paused = opts.paused ?? [];
  for (const p of paused) {
    if (p.from > p.to) throw new RangeError(`paused interval ends before it starts: ${formatDate(p.from)}..${formatDate(p.to)}`);
  }
  const c = opts.workingDays ? orDefault(cal) : undefined;
  const counts = (d: Day): boolean =>
    !paused.some((p) => p.from <= d && d <= p.to) && (c === undefined || c.isWorkingDay(d));
  let d = opts.startCounted ? start : start + 1;
  let counted = 0;
  for (;;) {
    if (counts(d)) {
      counted++;
      if (counted === n) return d;
    }
    d++;
  }
}

/**
 * The first day of a window of n days ending at `end` (inclusive).
 * Calendar days: `end − n + 1` (a rolling 30-day window is the end day and the 29 days before,
 * catalogue E1). Working days: the n-th working day counting back from `end` (with `end` itself
 * as the first when it is a working day), so the window holds exactly n working days and starts
 * on one. n = 0 gives `end + 1` (an empty window).
 */
export function rollingStart(cal: Calendar | undefined, end: Day, n: number, workingDays: boolean): Day {
  checkCount(n, 'window length');
  if (!workingDays || n === 0) return end - n + 1;
  const c = orDefault(cal);
  let counted = 0;
  for (let d = end; ; d--) {
    if (c.isWorkingDay(d)) {
      counted++;
      if (counted === n) return d;
    }
  }
}
