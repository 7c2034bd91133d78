/**
 * What the `kaoping` command reads, and what it refuses to read (issue 9): base policies named
 * by `extends` only from under the top policy's folder tree (or `--root`), only regular `.kp`
 * files of at most 4 MiB; policy files named on the command line only when they are regular,
 * small enough and UTF-8. Run as a user runs it: the built CLI in a child process, on files in a
 * temporary directory. Positions are counted by hand in the comments.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKaoping, writeIn, type Run } from './support/cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaoping-input-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const kaoping = (...args: string[]): Run => runKaoping(dir, args, 20_000);
const write = (name: string, text: string | Buffer): string => {
  if (typeof text === 'string') return writeIn(dir, name, text);
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const json = (r: Run): Array<{ code: string; file: string; line: number; column: number; message: string; hint: string }> => JSON.parse(r.stdout);

/** A complete base policy: an event and a score that uses it. */
const BASE = `policy county "County" {
  version "1"
  period year
}
event late "Late arrival" for person
score total "Total" for person {
  base 100 points
  deduct 2 points per late
}
`;

/** One person in one unit, nothing recorded. */
const CASE = 'period: { from: 2024-01-01, to: 2024-12-31 }\nunits:\n  - { id: U1, name: 综合办 }\npeople:\n  - { id: P1, name: 张三, unit: U1 }\n';

/**
 * A township extending `path`. The header's third line is `  extends "PATH"`: the string starts
 * at line 3, column 11 (two spaces, `extends`, a space: 10 characters before it).
 */
const town = (path: string): string => `policy town "Town" {
  period year
  extends "${path}"
}
`;

describe('extends: only .kp files under the top policy\'s folder tree', { timeout: 90_000 }, () => {
  it('a base in the same folder, or under a directory named on the command line, is read', () => {
    write('county/base.kp', BASE);
    write('county/town.kp', town('base.kp'));
    write('county/x/t.kp', town('../base.kp'));
    expect(kaoping('check', 'county/town.kp').code).toBe(0);
    // county/ named on the command line: county/x/t.kp's bases may come from anywhere under it.
    const all = kaoping('check', 'county', '--format', 'json');
    expect(json(all).map((d) => d.code)).not.toContain('KP0106');
    expect(all.code).toBe(0);
  });

  it('a base above the policy\'s folder is refused at the extends string, and --root allows it', () => {
    write('county/base.kp', BASE);
    write('county/x/t.kp', town('../base.kp'));
    const r = kaoping('check', 'county/x/t.kp', '--format', 'json', '--lang', 'en');
    expect(r.code).toBe(1);
    const d = json(r).find((x) => x.code === 'KP0106')!;
    expect(d).toMatchObject({ file: 'county/x/t.kp', line: 3, column: 11 });
    expect(d.message).toBe('cannot read the base policy `../base.kp`: the file (county/base.kp) is outside the folder base policies are read from (county/x/); it was not read');
    expect(d.hint).toContain('--root');

    expect(kaoping('check', 'county/x/t.kp', '--root', 'county').code).toBe(0);
    // Chinese by default, with the position and the hint on the next line.
    const zh = kaoping('check', 'county/x/t.kp');
    expect(zh.stdout).toContain('county/x/t.kp:3:11: 错误 KP0106: 无法读取基础制度 `../base.kp`：该文件（county/base.kp）不在读取基础制度的目录 county/x/ 之下，未读取');
    expect(zh.stdout).toMatch(/\n {4}建议: .*--root/);
  });

  it('an absolute path to a system file is refused and nothing of it is printed', () => {
    write('t.kp', town('/etc/passwd'));
    const r = kaoping('check', 't.kp', '--format', 'json');
    expect(r.code).toBe(1);
    const ds = json(r);
    // Only the refusal, in t.kp; no diagnostic of /etc/passwd's own "syntax".
    expect(ds.map((d) => [d.code, d.file])).toEqual([['KP0106', 't.kp']]);
    expect(ds[0]!.message).toContain('不是 .kp 文件');
  });

  it('a base outside the tree is never read, even through a symbolic link named .kp', () => {
    write('outside/secret.kp', 'SECRET_TOKEN_42 is not a policy\n');
    write('town/t.kp', town('../outside/secret.kp'));
    symlinkSync(join(dir, 'outside/secret.kp'), join(dir, 'town/linked.kp'));
    write('town/u.kp', town('linked.kp'));
    for (const file of ['town/t.kp', 'town/u.kp']) {
      const r = kaoping('check', file, '--lang', 'en');
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain('SECRET_TOKEN_42');
      expect(r.stdout).toContain('is outside the folder base policies are read from (town/)');
    }
    expect(kaoping('check', 'town/u.kp', '--lang', 'en').stdout).toContain(`(a symbolic link to ${join(dir, 'outside/secret.kp')})`);
  });

  it('a device, a FIFO or a base over 4 MiB is refused without reading it (no hang, no memory blow-up)', () => {
    symlinkSync('/dev/zero', join(dir, 'zero.kp'));
    write('a.kp', town('zero.kp'));
    // --root / puts the link's target under a root: what refuses it is that it is no .kp file.
    const dev = kaoping('check', 'a.kp', '--root', '/', '--lang', 'en');
    expect(dev.code).toBe(1);
    expect(dev.stdout).toContain('a.kp:3:11: error KP0106: cannot read the base policy `zero.kp`: the file is a symbolic link to /dev/zero, which is not a .kp file; it was not read');
    write('d.kp', town('/dev/zero'));
    expect(kaoping('check', 'd.kp', '--root', '/', '--lang', 'en').stdout).toContain('cannot read the base policy `/dev/zero`: the file is not a .kp file; it was not read');

    expect(spawnSync('mkfifo', [join(dir, 'pipe.kp')]).status).toBe(0);
    write('b.kp', town('pipe.kp'));
    expect(kaoping('check', 'b.kp', '--lang', 'en').stdout).toContain('the file is a named pipe (FIFO), not a regular file');

    // 4 MiB + 1 byte of comment lines.
    write('big.kp', '#'.repeat(4 * 1024 * 1024) + '\n');
    write('c.kp', town('big.kp'));
    expect(kaoping('check', 'c.kp', '--lang', 'en').stdout).toContain('the file is larger than 4 MiB; it was not read');
  });

  it('eval, explain, schema and test read bases under the same rule, and take --root', () => {
    write('county/base.kp', BASE);
    write('county/x/t.kp', town('../base.kp'));
    write('case.yaml', CASE);
    const evalRefused = kaoping('eval', 'county/x/t.kp', '--data', 'case.yaml');
    expect(evalRefused.code).toBe(1);
    expect(evalRefused.stderr).toContain('county/x/t.kp:3:11: 错误 KP0106');
    // P1 has no late arrivals: 100.
    const ok = kaoping('eval', 'county/x/t.kp', '--data', 'case.yaml', '--root', 'county', '--format', 'csv');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('人员,P1,张三,U1,100,');
    expect(kaoping('explain', 'county/x/t.kp', '--data', 'case.yaml', 'P1').code).toBe(1);
    expect(kaoping('explain', 'county/x/t.kp', '--root', 'county', '--data', 'case.yaml', 'P1').code).toBe(0);
    expect(kaoping('schema', 'county/x/t.kp').code).toBe(1);
    expect(kaoping('schema', 'county/x/t.kp', '--root', 'county').code).toBe(0);

    write('county/x/t.test.yaml', 'policy: t.kp\ndata: ../../case.yaml\nscenarios:\n  - name: 无迟到\n    expect:\n      P1: { score: "100" }\n');
    const refused = kaoping('test', 'county/x/t.test.yaml');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('county/x/t.kp:3:11: 错误 KP0106');
    expect(kaoping('test', 'county/x/t.test.yaml', '--root', 'county').code).toBe(0);
    // The directory given to `test` is a root too.
    expect(kaoping('test', 'county').code).toBe(0);
  });

  it('--root must be an existing folder', () => {
    write('t.kp', BASE);
    const r = kaoping('check', 't.kp', '--root', 'nowhere');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--root nowhere 不是已有的目录');
  });
});

describe('the policy files named on the command line', { timeout: 90_000 }, () => {
  it('a device or a FIFO is refused at once (exit 2), not read', () => {
    const dev = kaoping('check', '/dev/zero', '--lang', 'en');
    expect(dev.code).toBe(2);
    expect(dev.stderr).toContain('/dev/zero: is a character device, not a regular file; it was not read. A policy must be a regular .kp file.');
    expect(kaoping('eval', '/dev/zero', '--data', 'case.yaml').stderr).toContain('/dev/zero：是字符设备，不是普通文件，未读取。');
    expect(spawnSync('mkfifo', [join(dir, 'pipe.kp')]).status).toBe(0);
    const fifo = kaoping('check', 'pipe.kp');
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toContain('pipe.kp：是命名管道（FIFO），不是普通文件，未读取。');
  });

  it('a policy over 4 MiB is refused with the limit named', () => {
    write('big.kp', '#'.repeat(4 * 1024 * 1024 + 10) + '\n');
    const r = kaoping('check', 'big.kp', '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('big.kp: is larger than 4 MiB; it was not read.');
  });
});

describe('policy files that are not UTF-8', { timeout: 90_000 }, () => {
  /**
   * Line 5 is `event late "迟到<0xFF>" for person`: `event late "` is 12 characters, 迟 and 到
   * are one UTF-16 unit each, so the bad byte is at column 15.
   */
  const BAD = Buffer.concat([
    Buffer.from('policy demo "Demo" {\n  version "1"\n  period year\n}\nevent late "迟到', 'utf8'),
    Buffer.from([0xff]),
    Buffer.from('" for person\nscore total "Total" for person {\n  base 100 points\n  deduct 2 points per late\n}\n', 'utf8'),
  ]);

  it('check reports the first invalid byte at file:line:column (KP0006) and exits 1', () => {
    write('bad.kp', BAD);
    const r = kaoping('check', 'bad.kp');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bad.kp:5:15: 错误 KP0006: 文件不是有效的 UTF-8 编码：此处的字节 0xFF 无法解码');
    expect(r.stdout).toContain('建议: 在编辑器中把文件另存为 UTF-8 编码');
    expect(json(kaoping('check', 'bad.kp', '--format', 'json'))).toEqual([expect.objectContaining({ code: 'KP0006', line: 5, column: 15 })]);
  });

  it('eval refuses it (exit 1, nothing evaluated); fmt leaves it untouched (exit 1)', () => {
    write('bad.kp', BAD);
    write('case.yaml', CASE);
    const e = kaoping('eval', 'bad.kp', '--data', 'case.yaml', '--lang', 'en');
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('bad.kp:5:15: error KP0006: the file is not valid UTF-8');
    expect(e.stdout).toBe('');
    const f = kaoping('fmt', 'bad.kp');
    expect(f.code).toBe(1);
    expect(f.stdout).toContain('bad.kp:5:15: 错误 KP0006');
  });

  it('a base that is not UTF-8 is refused at the extends string, with the place of the byte', () => {
    write('bad.kp', BAD);
    write('t.kp', town('bad.kp'));
    const r = kaoping('check', 't.kp', '--lang', 'en');
    expect(r.stdout).toContain('t.kp:3:11: error KP0106: cannot read the base policy `bad.kp`: the file is not valid UTF-8 at line 5, column 15');
    expect(r.stdout).toContain('hint: Save the file as UTF-8 in your editor');
  });

  it('a truncated sequence after Chinese text: the column of its first byte', () => {
    // `#考核` then 0xE4 0xB8 (the first two bytes of 中) and a newline: line 1, column 4.
    write('cut.kp', Buffer.concat([Buffer.from('#考核', 'utf8'), Buffer.from([0xe4, 0xb8, 0x0a])]));
    expect(kaoping('check', 'cut.kp').stdout).toContain('cut.kp:1:4: 错误 KP0006: 文件不是有效的 UTF-8 编码：此处的字节 0xE4 无法解码');
    expect(existsSync(join(dir, 'cut.kp'))).toBe(true);
  });
});
