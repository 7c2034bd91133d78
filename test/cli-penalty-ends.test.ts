/**
 * `kaoping explain` says what ended a penalty that lasts until an event, and that one is still
 * running at the end of the period (issue 10 item 5), in both languages; and a deadline's trace
 * names its rolled due date (item 4). The built CLI on test/scenarios/penalty-until.kp and
 * deadline-rollover.kp, with case data worked by hand:
 * - P1: breach 04-08, exam failed 04-15, passed 04-19 → 待岗学习 04-08 to 04-19, ended by X2;
 * - P2: breach 12-20, no exam → still running on 12-31;
 * - A1: received 09-23, 8 days → 10-01 (National Day) rolled to 10-08, delivered 10-09 → late.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKaoping, writeIn } from './support/cli.js';

const SCENARIOS = fileURLToPath(new URL('./scenarios/', import.meta.url));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaoping-ends-'));
  copyFileSync(join(SCENARIOS, 'penalty-until.kp'), join(dir, 'penalty-until.kp'));
  copyFileSync(join(SCENARIOS, 'deadline-rollover.kp'), join(dir, 'deadline-rollover.kp'));
  writeIn(
    dir,
    'case.yaml',
    `period: { from: 2024-01-01, to: 2024-12-31 }
units: [{ id: U, name: 办公室 }]
people: [{ id: P1, name: 李某, unit: U }, { id: P2, name: 王某, unit: U }]
events:
  - { id: V1, date: 2024-04-08, subject: P1, type: 业务不熟悉违规 }
  - { id: X1, date: 2024-04-15, subject: P1, type: 单位考试, 合格: false }
  - { id: X2, date: 2024-04-19, subject: P1, type: 单位考试, 合格: true }
  - { id: V2, date: 2024-12-20, subject: P2, type: 业务不熟悉违规 }
`,
  );
  writeIn(
    dir,
    'deadline.yaml',
    `period: { from: 2024-01-01, to: 2024-12-31 }
units: [{ id: U, name: 窗口 }]
people: [{ id: P1, name: 张三, unit: U }]
events:
  - { id: A1, date: 2024-09-23, subject: P1, type: 申请, 收到日: 2024-09-23, 办结日: 2024-10-09 }
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('explain: penalties lasting until an event, and rolled due dates', () => {
  it('names the ending event, and says a penalty is still running (Chinese)', () => {
    const r = runKaoping(dir, ['explain', 'penalty-until.kp', '--data', 'case.yaml', 'P1', 'P2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('待岗学习「待岗学习一个星期，考试合格后再上岗」  2024-04-08 至 2024-04-19');
    expect(r.stdout).toContain('终止：至 单位考试 X2（2024-04-19）结束');
    expect(r.stdout).toContain('2024-12-20 至 2024-12-31（仍在持续）（停发奖金）');
    expect(r.stdout).toContain('终止：至考核期末（2024-12-31）仍没有符合条件的 单位考试，处罚仍在持续');
  });

  it('the same in English', () => {
    const r = runKaoping(dir, ['explain', 'penalty-until.kp', '--data', 'case.yaml', 'P1', 'P2', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ends: ended by 单位考试 X2 (2024-04-19)');
    expect(r.stdout).toContain('2024-12-20 to 2024-12-31 (still running) (bonus stopped)');
    expect(r.stdout).toContain('ends: no qualifying 单位考试 by the end of the period (2024-12-31): still running');
  });

  it('a deadline\'s reason gives the due date it rolled over to', () => {
    const zh = runKaoping(dir, ['explain', 'deadline-rollover.kp', '--data', 'deadline.yaml', 'P1']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('A1：收到日 2024-09-23 起算，期限 2024-10-08，2024-10-09 办结；2024-10-01 为休息日，顺延至 2024-10-08');
    const en = runKaoping(dir, ['explain', 'deadline-rollover.kp', '--data', 'deadline.yaml', 'P1', '--lang', 'en']);
    expect(en.stdout).toContain('A1: from 收到日 2024-09-23, due 2024-10-08, done 2024-10-09; 2024-10-01 is a rest day: rolled over to 2024-10-08');
  });
});
