/**
 * Calendar module tests. Every expected date is worked out by hand (from the calendar, the
 * catalogue's worked example E9, or the State Council's 2024 holiday notice
 * of 2023-10-25, 关于2024年部分节假日安排的通知), never copied from the program's output.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  bundledYears,
  calendarDataProblems,
  countWorkingDays,
  createCalendar,
  daysInMonth,
  dueDate,
  formatDate,
  fromYMD,
  isLeapYear,
  monthEnd,
  monthKey,
  monthStart,
  nextWorkingDay,
  parseDate,
  quarterEnd,
  quarterKey,
  quarterOf,
  quarterStart,
  rollingStart,
  toYMD,
  weekday,
  yearEnd,
  yearKey,
  yearStart,
  type Day,
} from '../src/calendar.js';

const SRC = fileURLToPath(new URL('../src/calendar.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const EVALUATOR = fileURLToPath(new URL('../', import.meta.url));

/** parseDate that must succeed (test helper). */
function D(s: string): Day {
  const d = parseDate(s);
  if (d === undefined) throw new Error(`test date does not parse: ${s}`);
  return d;
}

const cal = createCalendar();
const excl = { workingDays: false, startCounted: false } as const;
const exclWork = { workingDays: true, startCounted: false } as const;

describe('day numbers', () => {
  it('anchors: the epoch and dates whose day counts are worked by hand', () => {
    expect(parseDate('1970-01-01')).toBe(0);
    expect(parseDate('1970-01-02')).toBe(1);
    expect(parseDate('1969-12-31')).toBe(-1);
    // 30 years × 365 + 7 leap days (1972 … 1996)
    expect(parseDate('2000-01-01')).toBe(10957);
    // 54 × 365 + 13 leap days (1972 … 2020) = 19723; + 31 (Jan) + 29 (Feb 2024) = 19783
    expect(parseDate('2024-01-01')).toBe(19723);
    expect(parseDate('2024-03-01')).toBe(19783);
    // 1900-01-01 is 70 years before 1970: 70 × 365 + 17 leap days (1904 … 1968) = 25567
    expect(parseDate('1900-01-01')).toBe(-25567);
  });

  it('formats what it parses, and the inverse', () => {
    expect(formatDate(0)).toBe('1970-01-01');
    expect(formatDate(-1)).toBe('1969-12-31');
    expect(formatDate(19783)).toBe('2024-03-01');
    expect(toYMD(D('2024-02-29'))).toEqual({ year: 2024, month: 2, day: 29 });
    expect(fromYMD(2024, 2, 29)).toBe(D('2024-02-29'));
    expect(fromYMD(2023, 2, 29)).toBeUndefined();
    expect(fromYMD(2024, 0, 1)).toBeUndefined();
    expect(fromYMD(2024, 1.5, 1)).toBeUndefined();
  });

  it('walks every day 1900-01-01 … 2100-12-31 in step with a naive Y-M-D counter', () => {
    // The oracle: a plain month-length table and the Gregorian leap rule, written out here.
    const len = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    let [y, m, d] = [1900, 1, 1];
    const first = D('1900-01-01');
    let i = 0;
    let mismatches = 0;
    let lastWeekday = weekday(first) as number;
    expect(lastWeekday).toBe(1); // 1900-01-01 was a Monday
    for (;;) {
      const s = `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      if (parseDate(s) !== first + i || formatDate(first + i) !== s) mismatches++;
      if (i > 0) {
        const w = weekday(first + i) as number;
        if (w !== (lastWeekday % 7) + 1) mismatches++;
        lastWeekday = w;
      }
      if (s === '2100-12-31') break;
      i++;
      d++;
      const ml = m === 2 && leap(y) ? 29 : len[m - 1]!;
      if (d > ml) {
        d = 1;
        m++;
        if (m > 12) {
          m = 1;
          y++;
        }
      }
    }
    expect(mismatches).toBe(0);
    // 201 years × 365 + 49 leap days (1904 … 2096; 1900 and 2100 are not leap, 2000 is) = 73414 days
    expect(i + 1).toBe(73414);
  });

  it('agrees with Date.UTC (a time-zone-free oracle) on random dates in years 100–9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const ml = daysInMonth(y, m);
          const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          if (d > ml) {
            expect(parseDate(s)).toBeUndefined();
            return;
          }
          expect(parseDate(s)! * 86_400_000).toBe(Date.UTC(y, m - 1, d));
          expect(formatDate(parseDate(s)!)).toBe(s);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips any day number in years 0001–9999 through format and parse', () => {
    const lo = D('0001-01-01');
    const hi = D('9999-12-31');
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), (n) => {
        expect(parseDate(formatDate(n))).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('weekdays, Monday = 1', () => {
    expect(weekday(0)).toBe(4); // Thu 1970-01-01
    expect(weekday(-1)).toBe(3); // Wed 1969-12-31
    expect(weekday(D('2000-01-01'))).toBe(6); // Saturday
    expect(weekday(D('2024-11-01'))).toBe(5); // Friday (E9)
    expect(weekday(D('2024-11-04'))).toBe(1); // Monday (E9b)
    expect(weekday(D('2024-09-29'))).toBe(7); // Sunday (adjusted working day)
    expect(weekday(D('2024-10-12'))).toBe(6); // Saturday (adjusted working day)
  });
});

describe('leap years', () => {
  it('2024 and 2000 are leap; 2023, 1900 and 2100 are not', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2000)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2100)).toBe(false);
    expect(parseDate('2024-02-29')).toBeDefined();
    expect(parseDate('2000-02-29')).toBeDefined();
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(parseDate('1900-02-29')).toBeUndefined();
    expect(parseDate('2100-02-29')).toBeUndefined();
  });

  it('the day after 02-28 is 02-29 in leap years and 03-01 otherwise', () => {
    expect(formatDate(D('2024-02-28') + 1)).toBe('2024-02-29');
    expect(formatDate(D('2024-02-28') + 2)).toBe('2024-03-01');
    expect(formatDate(D('2000-02-28') + 1)).toBe('2000-02-29');
    expect(formatDate(D('2100-02-28') + 1)).toBe('2100-03-01');
    expect(formatDate(D('2023-02-28') + 1)).toBe('2023-03-01');
    expect(D('2025-01-01') - D('2024-01-01')).toBe(366);
    expect(D('2101-01-01') - D('2100-01-01')).toBe(365);
    expect(D('2001-01-01') - D('2000-01-01')).toBe(366);
  });
});

describe('strict parsing', () => {
  it.each([
    '2024-1-1',
    '2024-01-1',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-01-32',
    '2024-04-31',
    '2023-02-29',
    '0000-00-00',
    ' 2024-01-01',
    '2024-01-01 ',
    '2024/01/01',
    '20240101',
    '+2024-01-01',
    '12024-01-01',
    '2024-01-01T00:00',
    '２０２４-01-01',
    '',
  ])('rejects %j', (s) => {
    expect(parseDate(s)).toBeUndefined();
  });
});

describe('calendar windows', () => {
  it('months, including February of leap and common years', () => {
    expect(formatDate(monthStart(D('2024-02-15')))).toBe('2024-02-01');
    expect(formatDate(monthEnd(D('2024-02-15')))).toBe('2024-02-29');
    expect(formatDate(monthEnd(D('2023-02-15')))).toBe('2023-02-28');
    expect(formatDate(monthEnd(D('2100-02-01')))).toBe('2100-02-28');
    expect(formatDate(monthEnd(D('2000-02-01')))).toBe('2000-02-29');
    expect(formatDate(monthEnd(D('2024-04-30')))).toBe('2024-04-30');
    expect(formatDate(monthStart(D('2024-03-01')))).toBe('2024-03-01');
    expect(formatDate(monthEnd(D('2024-12-31')) + 1)).toBe('2025-01-01');
    expect(monthKey(D('2024-03-01'))).toBe('2024-03');
    expect(monthKey(D('2024-03-31'))).toBe('2024-03');
    expect(monthKey(D('2024-04-01'))).toBe('2024-04');
  });

  it('quarters: Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec', () => {
    expect(quarterKey(D('2024-03-31'))).toBe('2024-Q1');
    expect(quarterKey(D('2024-04-01'))).toBe('2024-Q2');
    expect(quarterKey(D('2024-09-30'))).toBe('2024-Q3');
    expect(quarterKey(D('2024-10-01'))).toBe('2024-Q4');
    expect(quarterOf(D('2024-12-31'))).toBe(4);
    expect(formatDate(quarterStart(D('2024-02-29')))).toBe('2024-01-01');
    expect(formatDate(quarterEnd(D('2024-02-29')))).toBe('2024-03-31');
    expect(formatDate(quarterStart(D('2024-05-20')))).toBe('2024-04-01');
    expect(formatDate(quarterEnd(D('2024-05-20')))).toBe('2024-06-30');
    expect(formatDate(quarterStart(D('2024-08-01')))).toBe('2024-07-01');
    expect(formatDate(quarterEnd(D('2024-08-01')))).toBe('2024-09-30');
    expect(formatDate(quarterStart(D('2024-12-31')))).toBe('2024-10-01');
    expect(formatDate(quarterEnd(D('2024-10-01')))).toBe('2024-12-31');
  });

  it('years', () => {
    expect(formatDate(yearStart(D('2024-07-15')))).toBe('2024-01-01');
    expect(formatDate(yearEnd(D('2024-07-15')))).toBe('2024-12-31');
    expect(formatDate(yearStart(D('2024-01-01')))).toBe('2024-01-01');
    expect(formatDate(yearEnd(D('2024-12-31')))).toBe('2024-12-31');
    expect(yearKey(D('2024-12-31'))).toBe('2024');
    expect(yearKey(D('2025-01-01'))).toBe('2025');
    expect(yearEnd(D('2024-06-01')) - yearStart(D('2024-06-01')) + 1).toBe(366);
    expect(yearEnd(D('2100-06-01')) - yearStart(D('2100-06-01')) + 1).toBe(365);
  });

  it('addMonths keeps the day of month, or takes the last day of a shorter month', () => {
    expect(formatDate(addMonths(D('2024-03-31'), -1))).toBe('2024-02-29');
    expect(formatDate(addMonths(D('2023-03-31'), -1))).toBe('2023-02-28');
    expect(formatDate(addMonths(D('2024-01-31'), 1))).toBe('2024-02-29');
    expect(formatDate(addMonths(D('2024-11-15'), 3))).toBe('2025-02-15');
    expect(formatDate(addMonths(D('2024-01-15'), -1))).toBe('2023-12-15');
    expect(formatDate(addMonths(D('2024-02-29'), 12))).toBe('2025-02-28');
    expect(formatDate(addMonths(D('2024-05-31'), -15))).toBe('2023-02-28');
  });
});

describe('bundled calendar (chinese-days), checked against the 2024 State Council notice', () => {
  // 国务院办公厅 2023-10-25 notice: 元旦 1月1日; 春节 2月10日至17日, 2月4日（日）、2月18日（日）上班;
  // 清明 4月4日至6日, 4月7日（日）上班; 劳动节 5月1日至5日, 4月28日（日）、5月11日（六）上班;
  // 端午 6月10日; 中秋 9月15日至17日, 9月14日（六）上班; 国庆 10月1日至7日, 9月29日（日）、10月12日（六）上班.
  const off = [
    '2024-01-01',
    ...['10', '11', '12', '13', '14', '15', '16', '17'].map((d) => `2024-02-${d}`),
    '2024-04-04', '2024-04-05', '2024-04-06',
    '2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-05',
    '2024-06-10',
    '2024-09-15', '2024-09-16', '2024-09-17',
    '2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-05', '2024-10-06', '2024-10-07',
  ];
  const adjusted = ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'];

  it('holidays are off, adjusted weekend days are on', () => {
    for (const s of off) expect([s, cal.isWorkingDay(D(s))]).toEqual([s, false]);
    for (const s of adjusted) {
      expect(weekday(D(s))).toBeGreaterThanOrEqual(6);
      expect([s, cal.isWorkingDay(D(s))]).toEqual([s, true]);
    }
    expect(cal.isWorkingDay(D('2024-10-08'))).toBe(true); // Tue after National Day
    expect(cal.isWorkingDay(D('2024-10-13'))).toBe(false); // ordinary Sunday
    expect(cal.source(D('2024-10-12'))).toBe('bundled');
    expect(cal.covers(D('2024-10-12'))).toBe(true);
  });

  it('2024 has 251 working days; September 21, October 19, November 21', () => {
    // 2024 starts on Monday and has 366 days: 52 weeks + Mon 12-30, Tue 12-31 → 262 weekdays.
    // Holidays on weekdays: 1 + 5 (02-12…16) + 2 (04-04, 05) + 3 (05-01…03) + 1 + 2 (09-16, 17)
    // + 5 (10-01…04, 07) = 19; adjusted weekend workdays: 8. 262 − 19 + 8 = 251.
    expect(countWorkingDays(cal, D('2024-01-01'), D('2024-12-31'))).toBe(251);
    // September: 21 weekdays − 09-16, 09-17 + 09-14, 09-29 = 21.
    expect(countWorkingDays(cal, D('2024-09-01'), D('2024-09-30'))).toBe(21);
    // October: 23 weekdays − 10-01…04, 10-07 + 10-12 = 19.
    expect(countWorkingDays(cal, D('2024-10-01'), D('2024-10-31'))).toBe(19);
    // November (starts Friday, no holidays): 1 + 4 × 5 = 21.
    expect(countWorkingDays(cal, D('2024-11-01'), D('2024-11-30'))).toBe(21);
    expect(countWorkingDays(cal, D('2024-11-05'), D('2024-11-04'))).toBe(0);
  });

  it('covers 2004–2026; years outside fall back to Monday–Friday with covers false', () => {
    expect(bundledYears()[0]).toBe(2004);
    expect(bundledYears().at(-1)).toBe(2026);
    expect(bundledYears()).toHaveLength(23);
    expect(cal.covers(D('2004-01-01'))).toBe(true);
    expect(cal.covers(D('2026-12-31'))).toBe(true);
    expect(cal.isWorkingDay(D('2026-01-01'))).toBe(false); // 元旦 2026
    // 2027-01-01 is a Friday: surely a holiday in reality, but unknown here → the weekday rule.
    expect(weekday(D('2027-01-01'))).toBe(5);
    expect(cal.isWorkingDay(D('2027-01-01'))).toBe(true);
    expect(cal.covers(D('2027-01-01'))).toBe(false);
    expect(cal.source(D('2027-01-01'))).toBe('weekday-rule');
    expect(cal.isWorkingDay(D('2027-01-02'))).toBe(false); // Saturday
    // 2003-01-01 (Wednesday), before the bundled range
    expect(cal.isWorkingDay(D('2003-01-01'))).toBe(true);
    expect(cal.covers(D('2003-12-31'))).toBe(false);
  });

  it('agrees with chinese-days’ own isWorkday (run under TZ=Asia/Shanghai) on every day 2004–2026', () => {
    // The package's functions are only right in time zones at or east of UTC (see calendar.ts),
    // so they run in a child process with the zone set. The child lists the dates with
    // toISOString (UTC, zone-free) and prints one bit per day.
    const script = `
      const cd = require('chinese-days');
      let out = '';
      for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86400000)
        out += cd.isWorkday(new Date(t).toISOString().slice(0, 10)) ? '1' : '0';
      process.stdout.write(out);`;
    const r = spawnSync(process.execPath, ['-e', script], {
      cwd: EVALUATOR,
      env: { ...process.env, TZ: 'Asia/Shanghai' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    let mine = '';
    for (let d = D('2004-01-01'); d <= D('2026-12-31'); d++) mine += cal.isWorkingDay(d) ? '1' : '0';
    expect(r.stdout.length).toBe(D('2026-12-31') - D('2004-01-01') + 1);
    expect(mine).toBe(r.stdout);
  });
});

describe('calendar data', () => {
  it('data beats the bundled calendar in both directions', () => {
    const c = createCalendar({ holidays: ['2024-10-12'], workdays: ['2024-10-05'] });
    expect(c.isWorkingDay(D('2024-10-12'))).toBe(false); // bundled: adjusted working Saturday
    expect(c.isWorkingDay(D('2024-10-05'))).toBe(true); // bundled: National Day holiday
    expect(c.source(D('2024-10-12'))).toBe('data');
    expect(c.source(D('2024-10-05'))).toBe('data');
    expect(c.isWorkingDay(D('2024-10-04'))).toBe(false); // unlisted → bundled
    expect(c.source(D('2024-10-04'))).toBe('bundled');
    // From Fri 09-27, 7 working days, start excluded: 09-29 (1), 09-30 (2), 10-05 (3, data),
    // 10-08 (4), 10-09 (5), 10-10 (6), 10-11 (7); 10-12 is now off.
    expect(formatDate(dueDate(c, D('2024-09-27'), 7, exclWork))).toBe('2024-10-11');
  });

  it('a listed day of an uncovered year is covered; its neighbours are not', () => {
    const c = createCalendar({ holidays: ['2027-01-01'], workdays: ['2027-01-02'] });
    expect(c.isWorkingDay(D('2027-01-01'))).toBe(false);
    expect(c.isWorkingDay(D('2027-01-02'))).toBe(true);
    expect(c.covers(D('2027-01-01'))).toBe(true);
    expect(c.source(D('2027-01-02'))).toBe('data');
    expect(c.covers(D('2027-01-04'))).toBe(false);
    expect(c.source(D('2027-01-04'))).toBe('weekday-rule');
  });

  it('useBundled: false ignores the bundled calendar', () => {
    const c = createCalendar({ holidays: ['2024-10-01'], workdays: [], useBundled: false });
    expect(c.isWorkingDay(D('2024-10-01'))).toBe(false);
    expect(c.isWorkingDay(D('2024-10-02'))).toBe(true); // Wednesday, weekday rule
    expect(c.isWorkingDay(D('2024-09-29'))).toBe(false); // Sunday, weekday rule
    expect(c.source(D('2024-10-02'))).toBe('weekday-rule');
    expect(c.covers(D('2024-10-02'))).toBe(false);
    expect(c.covers(D('2024-10-01'))).toBe(true);
  });

  it('reports invalid dates and contradictions, and createCalendar refuses them', () => {
    const bad = { holidays: ['2024-02-30', '2024-05-01'], workdays: ['2024-5-11', '2024-05-01'] };
    const problems = calendarDataProblems(bad);
    expect(problems.map((p) => p.value)).toEqual(['2024-02-30', '2024-5-11', '2024-05-01']);
    for (const p of problems) {
      expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.message.en.length).toBeGreaterThan(0);
    }
    expect(() => createCalendar(bad)).toThrow(/2024-02-30/);
    expect(calendarDataProblems({ holidays: ['2024-05-01'], workdays: ['2024-05-11'] })).toEqual([]);
  });
});

describe('dueDate — catalogue E9(a), Huadian time limits (P12)', () => {
  it('complete application received Fri 11-01, 10 days, start excluded', () => {
    // Calendar days: day 1 = Sat 11-02 … day 10 = Mon 11-11.
    expect(formatDate(dueDate(undefined, D('2024-11-01'), 10, excl))).toBe('2024-11-11');
    // Working days: day 1 = Mon 11-04 … 11-08 is day 5, 11-11 … 11-15 days 6–10 → Fri 11-15.
    expect(formatDate(dueDate(cal, D('2024-11-01'), 10, exclWork))).toBe('2024-11-15');
  });

  it('incomplete application: materials completed Tue 11-05 → 11-15', () => {
    // day 1 = 11-06 … day 10 = 11-15
    expect(formatDate(dueDate(undefined, D('2024-11-05'), 10, excl))).toBe('2024-11-15');
  });

  it('plus 4 days of expert review (paused 11-07…11-10) → Tue 11-19', () => {
    // Counted: 11-06 (1); 11-07, 08, 09, 10 paused; 11-11 (2), 12 (3), 13 (4), 14 (5), 15 (6),
    // 16 (7), 17 (8), 18 (9), 19 (10). The catalogue's 11-15 + 4 excluded days = 11-19.
    const paused = [{ from: D('2024-11-07'), to: D('2024-11-10') }];
    expect(formatDate(dueDate(undefined, D('2024-11-05'), 10, { ...excl, paused }))).toBe('2024-11-19');
    // Two separate pauses of 2 days each give the same 4 excluded days.
    const split = [
      { from: D('2024-11-07'), to: D('2024-11-08') },
      { from: D('2024-11-12'), to: D('2024-11-13') },
    ];
    expect(formatDate(dueDate(undefined, D('2024-11-05'), 10, { ...excl, paused: split }))).toBe('2024-11-19');
    // A pause after the deadline changes nothing.
    const late = [{ from: D('2024-11-20'), to: D('2024-11-30') }];
    expect(formatDate(dueDate(undefined, D('2024-11-05'), 10, { ...excl, paused: late }))).toBe('2024-11-15');
  });

  it('pauses on working days: 11-07…11-10 removes Thu and Fri only', () => {
    // Working days from Tue 11-05, start excluded: 11-06 (1); 11-07, 08 paused; 11-11 … 11-15 (2–6);
    // 11-18 … 11-21 (7–10) → Thu 11-21.
    const paused = [{ from: D('2024-11-07'), to: D('2024-11-10') }];
    expect(formatDate(dueDate(cal, D('2024-11-05'), 10, { ...exclWork, paused }))).toBe('2024-11-21');
  });
});

describe('dueDate — catalogue E9(b), 好差评 2-5-15 (P09), working days, start excluded', () => {
  const received = D('2024-11-04'); // Monday
  it('contact within 2 working days → Wed 11-06', () => {
    expect(formatDate(dueDate(cal, received, 2, exclWork))).toBe('2024-11-06');
  });
  it('simple matter, 5 working days → Mon 11-11', () => {
    // 11-05, 06, 07, 08, (weekend), 11
    expect(formatDate(dueDate(cal, received, 5, exclWork))).toBe('2024-11-11');
  });
  it('complex matter, 15 working days → Mon 11-25', () => {
    // 11-05…08 (4), 11-11…15 (9), 11-18…22 (14), 11-25 (15)
    expect(formatDate(dueDate(cal, received, 15, exclWork))).toBe('2024-11-25');
  });
  it('return visit 5 working days after closure Wed 11-20 → Wed 11-27', () => {
    // 11-21, 22, (weekend), 25, 26, 27
    expect(formatDate(dueDate(cal, D('2024-11-20'), 5, exclWork))).toBe('2024-11-27');
  });
});

describe('dueDate — across National Day and Mid-Autumn 2024', () => {
  it('Fri 09-27 + 5 working days: 09-29 (Sun, adjusted), 09-30, 10-08, 10-09, 10-10', () => {
    expect(formatDate(dueDate(cal, D('2024-09-27'), 5, exclWork))).toBe('2024-10-10');
    // The same limit in calendar days: 09-28 … 10-02.
    expect(formatDate(dueDate(cal, D('2024-09-27'), 5, excl))).toBe('2024-10-02');
  });

  it('lands on the adjusted working Saturday 10-12', () => {
    // From Fri 09-27: 09-29, 09-30, 10-08, 10-09, 10-10, 10-11, 10-12 → the 7th is Sat 10-12.
    expect(formatDate(dueDate(cal, D('2024-09-27'), 7, exclWork))).toBe('2024-10-12');
    // The 8th skips Sun 10-13 → Mon 10-14.
    expect(formatDate(dueDate(cal, D('2024-09-27'), 8, exclWork))).toBe('2024-10-14');
    // Start counted, from Mon 09-30: 09-30 (1), 10-08 (2), 10-09 (3), 10-10 (4), 10-11 (5), 10-12 (6).
    expect(formatDate(dueDate(cal, D('2024-09-30'), 6, { workingDays: true, startCounted: true }))).toBe('2024-10-12');
    // From Tue 10-08, start excluded: 10-09, 10-10, 10-11, 10-12.
    expect(formatDate(dueDate(cal, D('2024-10-08'), 4, exclWork))).toBe('2024-10-12');
  });

  it('Mid-Autumn: Thu 09-12 + 3 working days → 09-13, Sat 09-14 (adjusted), Wed 09-18', () => {
    expect(formatDate(dueDate(cal, D('2024-09-12'), 3, exclWork))).toBe('2024-09-18');
  });

  it('counting from a holiday', () => {
    // Start on 10-01 (holiday), counted if it counts: it does not, so day 1 = Tue 10-08.
    expect(formatDate(dueDate(cal, D('2024-10-01'), 1, { workingDays: true, startCounted: true }))).toBe('2024-10-08');
    expect(formatDate(dueDate(cal, D('2024-10-01'), 1, exclWork))).toBe('2024-10-08');
  });
});

describe('dueDate — edge cases', () => {
  it('n = 0 is the start day itself', () => {
    expect(dueDate(cal, D('2024-10-05'), 0, exclWork)).toBe(D('2024-10-05'));
    expect(dueDate(undefined, D('2024-11-01'), 0, excl)).toBe(D('2024-11-01'));
  });

  it('start counted, calendar days: Fri 11-01 is day 1, day 10 is Sun 11-10', () => {
    expect(formatDate(dueDate(undefined, D('2024-11-01'), 10, { workingDays: false, startCounted: true }))).toBe('2024-11-10');
    // A 15-day stand-down starting 2024-03-20, start day = day 1 (E1): 03-20 … 04-03.
    expect(formatDate(dueDate(undefined, D('2024-03-20'), 15, { workingDays: false, startCounted: true }))).toBe('2024-04-03');
  });

  it('a start inside a pause is not counted even when the start counts', () => {
    const paused = [{ from: D('2024-11-01'), to: D('2024-11-03') }];
    // 11-01…03 paused; 11-04 is day 1, 11-05 day 2.
    expect(formatDate(dueDate(undefined, D('2024-11-01'), 2, { workingDays: false, startCounted: true, paused }))).toBe('2024-11-05');
  });

  it('crosses month and leap-year boundaries', () => {
    expect(formatDate(dueDate(undefined, D('2024-02-20'), 10, excl))).toBe('2024-03-01'); // 21…29 (9), 03-01 (10)
    expect(formatDate(dueDate(undefined, D('2023-02-20'), 10, excl))).toBe('2023-03-02'); // 21…28 (8), 03-01, 03-02
    expect(formatDate(dueDate(undefined, D('2024-12-25'), 10, excl))).toBe('2025-01-04');
  });

  it('rejects negative or fractional counts and reversed pauses', () => {
    expect(() => dueDate(cal, 0, -1, excl)).toThrow(RangeError);
    expect(() => dueDate(cal, 0, 1.5, excl)).toThrow(RangeError);
    expect(() => dueDate(cal, 0, 3, { ...excl, paused: [{ from: 5, to: 4 }] })).toThrow(RangeError);
  });

  it('nextWorkingDay moves a deadline off a holiday (A10, Civil Code art. 203 reading)', () => {
    expect(formatDate(nextWorkingDay(cal, D('2024-10-02')))).toBe('2024-10-08');
    expect(formatDate(nextWorkingDay(cal, D('2024-09-28')))).toBe('2024-09-29'); // Sat → adjusted Sun
    expect(formatDate(nextWorkingDay(cal, D('2024-11-08')))).toBe('2024-11-08');
  });
});

describe('rollingStart', () => {
  it('calendar days: end − n + 1 (E1: the event day and the 29 days before)', () => {
    expect(formatDate(rollingStart(cal, D('2024-03-20'), 30, false))).toBe('2024-02-20'); // 20 March days + 10 Feb days (20…29)
    expect(formatDate(rollingStart(cal, D('2023-03-20'), 30, false))).toBe('2023-02-19'); // 20 + 10 (19…28)
    expect(rollingStart(cal, D('2024-03-20'), 1, false)).toBe(D('2024-03-20'));
    expect(formatDate(rollingStart(cal, D('2024-12-31'), 366, false))).toBe('2024-01-01');
  });

  it('working days: the n-th working day counting back from the end', () => {
    expect(formatDate(rollingStart(cal, D('2024-11-15'), 5, true))).toBe('2024-11-11');
    expect(formatDate(rollingStart(cal, D('2024-11-15'), 10, true))).toBe('2024-11-04');
    // From Tue 10-08 back: 10-08 (1), 10-07…10-01 off, 09-30 (2), Sun 09-29 adjusted (3).
    expect(formatDate(rollingStart(cal, D('2024-10-08'), 3, true))).toBe('2024-09-29');
    // The end need not be a working day: Sun 11-10, 1 working day → Fri 11-08.
    expect(formatDate(rollingStart(cal, D('2024-11-10'), 1, true))).toBe('2024-11-08');
    // Consistent with countWorkingDays.
    const s = rollingStart(cal, D('2024-10-15'), 12, true);
    expect(countWorkingDays(cal, s, D('2024-10-15'))).toBe(12);
  });

  it('n = 0 is the empty window starting after the end', () => {
    expect(rollingStart(cal, D('2024-03-20'), 0, false)).toBe(D('2024-03-21'));
    expect(rollingStart(cal, D('2024-03-20'), 0, true)).toBe(D('2024-03-21'));
  });
});

describe('time-zone independence', () => {
  it('the source never touches the Date object and imports nothing from Node', () => {
    const code = readFileSync(SRC, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/\bDate\b/);
    expect(code).not.toMatch(/\bIntl\b|toLocale|getTimezoneOffset/);
    expect(code).not.toMatch(/from\s+['"]node:/);
    expect(code).not.toMatch(/from\s+['"](fs|path|url|child_process)['"]/);
  });

  it.each(['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati'])('gives the same answers under TZ=%s', (tz) => {
    const script = `
      import(${JSON.stringify(SRC)}).then((m) => {
        const cal = m.createCalendar();
        const D = m.parseDate;
        const ex = { workingDays: true, startCounted: false };
        process.stdout.write(JSON.stringify([
          D('2024-03-01'),
          m.formatDate(D('2024-03-01')),
          m.weekday(D('2024-03-01')),
          m.monthKey(D('2024-03-31')),
          cal.isWorkingDay(D('2024-11-09')),
          cal.isWorkingDay(D('2024-11-11')),
          cal.isWorkingDay(D('2024-10-12')),
          cal.isWorkingDay(D('2024-10-01')),
          m.formatDate(m.dueDate(cal, D('2024-09-27'), 5, ex)),
          m.formatDate(m.dueDate(cal, D('2024-11-04'), 15, ex)),
        ]));
      });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: REPO,
      env: { ...process.env, TZ: tz },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // 2024-03-01 is a Friday; 11-09 Sat off, 11-11 Mon on, 10-12 adjusted Sat on, 10-01 holiday.
    expect(JSON.parse(r.stdout)).toEqual([19783, '2024-03-01', 5, '2024-03', false, true, true, false, '2024-10-10', '2024-11-25']);
  });
});
