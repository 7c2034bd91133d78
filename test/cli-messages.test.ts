/**
 * Messages of the `kaoping` command that used to mislead (issue 9): a directory given as the
 * policy, `explain` without a subject or with several, and a declaration without a name. The
 * built CLI in child processes, on copies of test/fixtures/cli/ (demo.kp, case.yaml; the
 * results quoted are worked by hand in test/cli-eval.test.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKaoping, type Run } from './support/cli.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/cli/', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaoping-msg-'));
  for (const f of ['demo.kp', 'case.yaml']) copyFileSync(join(FIXTURES, f), join(dir, f));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const kaoping = (...args: string[]): Run => runKaoping(dir, args);

describe('messages that say what is wrong', { timeout: 90_000 }, () => {
  it('a directory given to eval is called a directory, not a permission problem', () => {
    mkdirSync(join(dir, 'dir.kp'));
    const r = kaoping('eval', 'dir.kp', '--data', 'case.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dir.kp：是目录，不是文件。');
    expect(r.stderr).not.toContain('权限');
    expect(kaoping('eval', 'dir.kp', '--data', 'case.yaml', '--lang', 'en').stderr).not.toContain('permission');
  });

  it('explain without a subject says the id is missing and shows explain\'s usage', () => {
    // A case-data folder (no extension) is data, not a subject.
    mkdirSync(join(dir, 'year'));
    copyFileSync(join(dir, 'case.yaml'), join(dir, 'year', 'case.yaml'));
    for (const data of ['case.yaml', 'year']) {
      const r = kaoping('explain', 'demo.kp', '--data', data);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('kaoping：缺少要说明的人员或单位编号。用法：kaoping explain 制度.kp --data 案件文件… 编号…');
      expect(r.stderr).toContain('kaoping help explain');
      expect(r.stderr).not.toContain('缺少案件数据');
      expect(r.stderr).not.toContain('help eval');
    }
    // With a subject but no data: the data is what is missing, and explain's help is named.
    const noData = kaoping('explain', 'demo.kp', 'P2');
    expect(noData.code).toBe(2);
    expect(noData.stderr).toContain('缺少案件数据');
    expect(noData.stderr).toContain('kaoping help explain');
  });

  it('explain with two subjects explains each, in the order given', () => {
    // P1 张三 106 (two praises); P2 李四 94 (three substantiated complaints).
    for (const args of [['explain', 'demo.kp', '--data', 'case.yaml', 'P1', 'P2'], ['explain', 'demo.kp', 'P1', 'P2', '--data', 'case.yaml']]) {
      const r = kaoping(...args);
      expect(r.code).toBe(0);
      const heads = r.stdout.split('\n').filter((l) => / · 人员 · /.test(l));
      expect(heads).toEqual(['张三（P1） · 人员 · 单位：综合办（U1）', '李四（P2） · 人员 · 单位：综合办（U1）']);
    }
    // An unknown one among them: nothing explained, the unknown id named.
    const r = kaoping('explain', 'demo.kp', '--data', 'case.yaml', 'P1', 'P9');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('案件数据中没有编号为 P9 的人员或单位');
  });

  it('a rule or a score without a name is named by its label, never as ``', () => {
    writeFileSync(
      join(dir, 'unnamed.kp'),
      'policy demo "Demo" {\n  version "1"\n  period year\n}\nrule "迟到告诫" for person { }\nscore "总分" for person { }\n',
    );
    const zh = kaoping('check', 'unnamed.kp');
    expect(zh.stdout).toContain('unnamed.kp:5:1: 错误 KP0601: 规则 （未命名）「迟到告诫」 没有触发条件');
    expect(zh.stdout).toContain('unnamed.kp:6:1: 错误 KP0602: 评分 （未命名）「总分」 没有');
    expect(zh.stdout).not.toContain('``');
    const en = kaoping('check', 'unnamed.kp', '--lang', 'en');
    expect(en.stdout).toContain('unnamed.kp:5:1: error KP0601: rule (unnamed) "迟到告诫" has no trigger');
  });
});
