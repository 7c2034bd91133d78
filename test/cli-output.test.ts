/**
 * Where the `kaoping` command writes (issue 9): `--out` and `fmt` never replace a device node, a
 * named pipe or a symbolic link by a regular file; a failed write (a full disk) is exit 2 with a
 * message, for stdout and for `--out`; a closed pipe ends quietly; a temporary file is removed
 * when the process is interrupted. The built CLI in child processes, on copies of
 * test/fixtures/cli/ (demo.kp, case.yaml) in a temporary directory.
 *
 * The devices written to are /dev/null and /dev/full, always through a symbolic link in the
 * temporary directory: if a regression replaced the target by a regular file, it would replace
 * the link, never the device node.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, createReadStream, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runKaoping, type Run } from './support/cli.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/cli/', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaoping-out-'));
  for (const f of ['demo.kp', 'case.yaml', 'demo.test.yaml']) copyFileSync(join(FIXTURES, f), join(dir, f));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const kaoping = (...args: string[]): Run => runKaoping(dir, args);
const at = (name: string): string => join(dir, name);
const csvArgs = ['eval', 'demo.kp', '--data', 'case.yaml', '--format', 'csv'];
/** The CSV result as stdout has it: what every `--out` target below must receive. */
const expectedCsv = (): string => kaoping(...csvArgs).stdout;
const temps = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('--out and fmt keep what is at the target', { timeout: 90_000 }, () => {
  it('a symbolic link stays a link; the file it points to gets the output', () => {
    writeFileSync(at('real.csv'), 'old\n');
    symlinkSync('real.csv', at('link.csv'));
    const r = kaoping(...csvArgs, '--out', 'link.csv');
    expect(r.code).toBe(0);
    expect(lstatSync(at('link.csv')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(at('link.csv'))).toBe('real.csv');
    expect(readFileSync(at('real.csv'), 'utf8')).toBe(expectedCsv());
    // A link to nothing yet: the file it names is created.
    symlinkSync('new.csv', at('dangling.csv'));
    expect(kaoping(...csvArgs, '--out', 'dangling.csv').code).toBe(0);
    expect(lstatSync(at('dangling.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(at('new.csv'), 'utf8')).toBe(expectedCsv());
    expect(temps()).toEqual([]);
  });

  it('a character device is written through: /dev/null stays a device, the link to it a link', () => {
    symlinkSync('/dev/null', at('null.csv'));
    const r = kaoping(...csvArgs, '--out', 'null.csv');
    expect(r.code).toBe(0);
    expect(lstatSync(at('null.csv')).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a named pipe is written through: its reader gets the output and it stays a pipe', async () => {
    expect(spawnSync('mkfifo', [at('pipe.csv')]).status).toBe(0);
    const want = expectedCsv();
    const child = spawn(process.execPath, [BIN, ...csvArgs, '--out', 'pipe.csv'], { cwd: dir });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let got = '';
    for await (const chunk of createReadStream(at('pipe.csv'), 'utf8')) got += chunk;
    expect(await exited).toBe(0);
    expect(got).toBe(want);
    expect(lstatSync(at('pipe.csv')).isFIFO()).toBe(true);
  });

  it('a full device: exit 2 with the reason, and the link and the device are left alone', () => {
    symlinkSync('/dev/full', at('full.csv'));
    const r = kaoping(...csvArgs, '--out', 'full.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('full.csv：无法写入，磁盘空间不足（ENOSPC）。输出可能不完整。请腾出空间，或换一个位置。');
    expect(r.stderr).not.toContain('已写入');
    expect(lstatSync(at('full.csv')).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('a socket is refused (exit 2) and left alone', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(at('sock.csv'), done));
    try {
      const r = kaoping(...csvArgs, '--out', 'sock.csv', '--lang', 'en');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('sock.csv: is a socket, which cannot take the output; it was left alone. Give the path of a regular file.');
      expect(lstatSync(at('sock.csv')).isSocket()).toBe(true);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('fmt on a symbolically linked policy rewrites the file it points to and keeps the link', () => {
    writeFileSync(at('real.kp'), 'policy   demo "Demo" {\nperiod    year\n}\n');
    symlinkSync('real.kp', at('link.kp'));
    const r = kaoping('fmt', 'link.kp');
    expect(r.code).toBe(0);
    expect(lstatSync(at('link.kp')).isSymbolicLink()).toBe(true);
    expect(readFileSync(at('real.kp'), 'utf8')).toBe('policy demo "Demo" {\n  period year\n}\n');
  });
});

/** `kaoping ARGS…` with stdout going to /dev/full. */
function toFullDisk(args: readonly string[]): Run {
  const fd = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 30_000 });
    return { code: r.status, stdout: '', stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}

describe('a failed write is exit 2 with a message', { timeout: 120_000 }, () => {
  const FULL = 'kaoping：无法写出到标准输出：磁盘空间不足（ENOSPC）。输出不完整。';

  it('stdout on a full disk, for every command and format', () => {
    const runs: [string, string[]][] = [
      ['eval table', ['eval', 'demo.kp', '--data', 'case.yaml']],
      ['eval json', ['eval', 'demo.kp', '--data', 'case.yaml', '--format', 'json']],
      ['eval csv', csvArgs],
      ['explain', ['explain', 'demo.kp', '--data', 'case.yaml', 'P2']],
      ['check', ['check', 'demo.kp']],
      ['check json', ['check', 'demo.kp', '--format', 'json']],
      ['schema', ['schema', 'demo.kp']],
      ['test', ['test', 'demo.test.yaml']],
      ['fmt --check', ['fmt', '--check', 'demo.kp']],
      ['help', ['--help']],
    ];
    for (const [what, args] of runs) {
      const r = toFullDisk(args);
      expect({ what, code: r.code }).toEqual({ what, code: 2 });
      expect(r.stderr, what).toContain(FULL);
    }
    expect(toFullDisk(['eval', 'demo.kp', '--data', 'case.yaml', '--lang', 'en']).stderr).toContain(
      'kaoping: cannot write to standard output: no space left on the device (ENOSPC). The output is incomplete.',
    );
  });

  it('a closed pipe (`| head`) ends quietly with the command\'s own exit code', async () => {
    // 3,000 unused events: 3,000 warnings of two lines each, far more than a pipe holds.
    const events = Array.from({ length: 3000 }, (_, i) => `event e${i} "事件${i}" for person`).join('\n');
    writeFileSync(at('many.kp'), `policy many "Many" {\n  period year\n}\n${events}\n`);
    const child = spawn(process.execPath, [BIN, 'check', 'many.kp'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // Read the first piece, then close the pipe as `head` does.
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    child.stdout.destroy();
    // Warnings only: check's own exit code is 0.
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('an interrupted --out leaves no temporary file', { timeout: 120_000 }, () => {
  /**
   * 1,500 people with 10 events each: about 16 MB of JSON, long enough to stop the process (SIGSTOP)
   * while its temporary file exists; the signal is sent while it is stopped and handled when it
   * continues.
   */
  function bigCase(): void {
    const people = Array.from({ length: 1500 }, (_, i) => `  - { id: P${i}, name: 人${i}, unit: U1 }`).join('\n');
    writeFileSync(at('head.yaml'), `period: { from: 2024-01-01, to: 2024-12-31 }\nunits:\n  - { id: U1, name: 综合办 }\npeople:\n${people}\ninputs:\n  - { subject: U1, input: 指标, value: 92.5 }\n`);
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) {
      for (let j = 1; j <= 10; j++) lines.push(JSON.stringify({ id: `E${i}-${j}`, date: `2024-${String(j).padStart(2, '0')}-0${j % 9 || 9}`, subject: `P${i}`, type: '投诉', 属实: true }));
    }
    writeFileSync(at('events.ndjson'), lines.join('\n') + '\n');
  }

  async function interrupt(signal: 'SIGINT' | 'SIGTERM', out: string): Promise<{ signal: NodeJS.Signals | null; code: number | null; sawTemp: boolean }> {
    const child = spawn(process.execPath, [BIN, 'eval', 'demo.kp', '--data', 'head.yaml', 'events.ndjson', '--format', 'json', '--out', out], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((done) => child.on('exit', (code, sig) => done({ code, signal: sig })));
    let finished = false;
    void exited.then(() => (finished = true));
    let sawTemp = false;
    while (!finished) {
      if (readdirSync(dir).some((f) => f.startsWith(`.${out}.`) && f.endsWith('.tmp'))) {
        child.kill('SIGSTOP');
        sawTemp = readdirSync(dir).some((f) => f.startsWith(`.${out}.`) && f.endsWith('.tmp'));
        child.kill(signal);
        child.kill('SIGCONT');
        break;
      }
      await new Promise((done) => setTimeout(done, 2));
    }
    return { ...(await exited), sawTemp };
  }

  it('SIGINT and SIGTERM while writing: the process ends by the signal, no .tmp and no output file', async () => {
    bigCase();
    const [int, term] = await Promise.all([interrupt('SIGINT', 'a.json'), interrupt('SIGTERM', 'b.json')]);
    expect(int).toEqual({ signal: 'SIGINT', code: null, sawTemp: true });
    expect(term).toEqual({ signal: 'SIGTERM', code: null, sawTemp: true });
    expect(temps()).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toEqual([]);
  });
});
