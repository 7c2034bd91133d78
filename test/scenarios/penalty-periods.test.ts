/**
 * The scenario format compares a penalty's name, date and last day (`name@from..until`); the
 * bonus-stopped periods and what ended a penalty lasting until an event are checked here, on the
 * same scenario files, by hand:
 * a penalty that `lasts N days` runs from the day it is imposed, which is day 1
 * (docs/evaluation.md §6); `lasts N working days` counts only working days (2024 calendar:
 * Mid-Autumn 09-15..09-17 off, Sat 09-14 working; National Day 10-01..10-07 off,
 * Sun 09-29 and Sat 10-12 working).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../packages/cli/src/scenario.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const penalties = await runScenarioFile('test/scenarios/penalties.test.yaml', { cwd: ROOT });
const townshipA = await runScenarioFile('test/scenarios/extends/township-a.test.yaml', { cwd: ROOT });
const untilEvent = await runScenarioFile('test/scenarios/penalty-until.test.yaml', { cwd: ROOT });

function subject(file: typeof penalties, scenario: string, id: string) {
  const sc = file.scenarios.find((s) => s.name === scenario);
  expect(sc, `scenario ${scenario}`).toBeDefined();
  expect(sc!.result, `scenario ${scenario} was evaluated`).toBeDefined();
  const s = sc!.result!.subjects.find((x) => x.id === id);
  expect(s, `subject ${id}`).toBeDefined();
  return s!;
}
const periods = (s: ReturnType<typeof subject>) => s.penalties.map((p) => [p.penalty, p.date, p.until ?? null]);

describe('penalty periods and stopped bonus', () => {
  it('15-day stand-down from 06-27: day 15 is 07-11; the bonus is stopped for the same days', () => {
    const p1 = subject(penalties, '待岗 15 天，停发奖金（实例 E1 孙某）', 'P1');
    // 06-27 + 14 = 07-11 (June has 30 days: 06-27..06-30 is 4 days, 07-01..07-11 is 11 more)
    expect(periods(p1)).toEqual([['standby', '2024-06-27', '2024-07-11']]);
    expect(p1.bonusStopped).toEqual([{ from: '2024-06-27', until: '2024-07-11', penalty: 'standby' }]);
  });

  it('5 working days across National Day and Mid-Autumn; a penalty without `stops bonus` stops nothing', () => {
    const p1 = subject(penalties, '待岗学习 5 个工作日跨国庆，不停发奖金', 'P1');
    // 09-30(1), 10-01..10-07 off, 10-08(2), 10-09(3), 10-10(4), 10-11(5); the warning has no duration
    expect(periods(p1)).toEqual([
      ['study', '2024-09-30', '2024-10-11'],
      ['warning', '2024-09-30', null],
    ]);
    expect(p1.bonusStopped).toEqual([]);
    const p2 = subject(penalties, '待岗学习 5 个工作日跨国庆，不停发奖金', 'P2');
    // 09-13(1), Sat 09-14 working (2), 09-15..09-17 off, 09-18(3), 09-19(4), 09-20(5)
    expect(periods(p2)).toEqual([
      ['study', '2024-09-13', '2024-09-20'],
      ['warning', '2024-09-13', null],
    ]);
  });

  it('a stand-down recorded in the case data lasts and stops the bonus too, past the end of the period', () => {
    const p2 = subject(penalties, '案件数据中记录的待岗同样有期限、停发奖金；跨月末', 'P2');
    // 12-20 + 14 = 01-03 (12-20..12-31 is 12 days, 01-01..01-03 is 3 more)
    expect(periods(p2)).toEqual([['standby', '2024-12-20', '2025-01-03']]);
    expect(p2.bonusStopped).toEqual([{ from: '2024-12-20', until: '2025-01-03', penalty: 'standby' }]);
    const p1 = subject(penalties, '案件数据中记录的待岗同样有期限、停发奖金；跨月末', 'P1');
    // 01-31 + 14 = 02-14
    expect(periods(p1)).toEqual([['standby', '2024-01-31', '2024-02-14']]);
    expect(p1.bonusStopped).toEqual([{ from: '2024-01-31', until: '2024-02-14', penalty: 'standby' }]);
  });

  it('township A overrides the county stand-down: 10 working days from Thu 06-27 end on Wed 07-10', () => {
    const p1 = subject(townshipA, '继承的待岗规则与甲乡新增的旷工规则', 'P1');
    // 06-27(1) 06-28(2) | 07-01(3) 07-02(4) 07-03(5) 07-04(6) 07-05(7) | 07-08(8) 07-09(9) 07-10(10)
    expect(periods(p1)).toEqual([['standby', '2024-06-27', '2024-07-10']]);
    expect(p1.bonusStopped).toEqual([{ from: '2024-06-27', until: '2024-07-10', penalty: 'standby' }]);
  });

  // Penalties lasting until an event (test/scenarios/penalty-until.kp): the bonus is stopped up to
  // the day the penalty actually ends, and the result says what ended it.
  it('the bonus is stopped until the exam is passed, not for a fixed week', () => {
    const p1 = subject(untilEvent, '一星期后考试不合格，再考合格才结束（实例 E1 第 3 部分）', 'P1');
    // 04-08 + 6 = 04-14 is the minimum; the first passed exam is X2 on 04-19 → 04-08 … 04-19
    expect(periods(p1)).toEqual([['待岗学习', '2024-04-08', '2024-04-19']]);
    expect(p1.penalties[0]!.ended).toMatchObject({ by: 'event', record: 'X2' });
    expect(p1.penalties[0]!.ended!.why.zh).toContain('单位考试 X2（2024-04-19）');
    expect(p1.bonusStopped).toEqual([{ from: '2024-04-08', until: '2024-04-19', penalty: '待岗学习' }]);
  });

  it('an exam passed inside the week: the week is served, and the result says the minimum ended it', () => {
    const p2 = subject(untilEvent, '一星期内就考试合格：仍须学满一个星期', 'P2');
    expect(periods(p2)).toEqual([['待岗学习', '2024-04-08', '2024-04-14']]);
    expect(p2.penalties[0]!.ended).toMatchObject({ by: 'minimum', record: 'X3' });
    expect(p2.bonusStopped).toEqual([{ from: '2024-04-08', until: '2024-04-14', penalty: '待岗学习' }]);
  });

  it('no exam passed by the end of the period: still running on 12-31, and so is the stopped bonus', () => {
    const p3 = subject(untilEvent, '到考核期末仍未考试合格：仍在持续，不猜结束日', 'P3');
    expect(periods(p3)).toEqual([['待岗学习', '2024-12-20', '2024-12-31']]);
    expect(p3.penalties[0]!.ended).toMatchObject({ by: 'running' });
    expect(p3.penalties[0]!.ended!.record).toBeUndefined();
    expect(p3.bonusStopped).toEqual([{ from: '2024-12-20', until: '2024-12-31', penalty: '待岗学习', running: true }]);
  });

  it('a suspension ends at its maximum without a conclusion, and a recorded one on its conclusion', () => {
    const p2 = subject(untilEvent, '调查迟迟没有结论：满最长 30 天结束', 'P2');
    // 06-03 + 29 = 07-02; the conclusion C3 (07-15) comes after it
    expect(periods(p2)).toEqual([['停职', '2024-06-03', '2024-07-02']]);
    expect(p2.penalties[0]!.ended).toMatchObject({ by: 'maximum', record: 'C3' });
    expect(p2.bonusStopped).toEqual([{ from: '2024-06-03', until: '2024-07-02', penalty: '停职' }]);
    const p3 = subject(untilEvent, '案件数据中记录的停职同样持续至调查结论', 'P3');
    expect(p3.penalties[0]).toMatchObject({ id: 'S1', rule: 'input', until: '2024-08-09', ended: { by: 'event', record: 'C4' } });
    expect(p3.bonusStopped).toEqual([{ from: '2024-08-01', until: '2024-08-09', penalty: '停职' }]);
  });
});
