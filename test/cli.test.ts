/**
 * The `kaoping` command as a user runs it: the built CLI (packages/cli/bin/kaoping.js) in a
 * child process, on files in a temporary directory. Expected positions and counts are worked
 * out by hand from the test files below.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKaoping, writeIn, type Run } from './support/cli.js';
import { baseLoader } from '../packages/cli/src/bases.js';
import { main } from '../packages/cli/src/main.js';



let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaoping-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const kaoping = (...args: string[]): Run => runKaoping(dir, args);
const write = (name: string, text: string): string => writeIn(dir, name, text);

/** A small, complete policy: every event is used by the score, so the checker has no error to report. */
const CLEAN = `policy demo "Demo" {
  version "2024.1"
  effective 2024-01-01
  period year
}

event late "Late arrival"

score total "Total" for person {
  base 100 points
  deduct 2 points per late
}
`;

/**
 * The rule on line 5 is missing its closing brace. Line 7 starts another declaration: the
 * parser, still inside the rule, expected `}` and found the keyword `event` at line 7,
 * columns 1–5 (end exclusive: 6).
 */
const MISSING_BRACE = `policy demo "Demo" {
  period year
}
event late "Late"
rule r "late rule" for person {
  on late
event early "Early"
`;

const STACK_TRACE = /\n\s+at .+:\d+:\d+\)?/;

// Each test starts several node processes; on a busy machine one can take a few seconds.
describe('kaoping check', { timeout: 90_000 }, () => {
  it('exits 0 on a clean file and prints the Chinese summary', () => {
    write('clean.kp', CLEAN);
    const r = kaoping('check', 'clean.kp');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1 个文件：0 个错误，\d+ 个警告$/m);
  });

  it('exits 1 on a syntax error and names file:line:column and KP0002', () => {
    write('broken.kp', MISSING_BRACE);
    const r = kaoping('check', 'broken.kp');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken.kp:7:1: 错误 KP0002');
    expect(r.stdout).toMatch(/^1 个文件：[1-9]\d* 个错误，\d+ 个警告$/m);
  });

  it('--format json prints an array with positions and messages in the chosen language', () => {
    write('broken.kp', MISSING_BRACE);
    const r = kaoping('check', 'broken.kp', '--format', 'json', '--lang', 'en');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(out)).toBe(true);
    const first = out.find((d) => d.code === 'KP0002');
    expect(first).toBeDefined();
    expect(first).toMatchObject({
      code: 'KP0002',
      severity: 'error',
      file: 'broken.kp',
      line: 7,
      column: 1,
      endLine: 7,
      endColumn: 6,
    });
    expect(first!.message).toMatch(/^syntax error: expected `\}`, found `event`/);
    expect(typeof first!.hint).toBe('string');
    for (const d of out) {
      expect(Object.keys(d).sort()).toEqual(
        ['code', 'column', 'endColumn', 'endLine', 'file', 'hint', 'line', 'message', 'severity'],
      );
    }
  });

  it('--format json on a clean file prints an array with no errors', () => {
    write('clean.kp', CLEAN);
    const r = kaoping('check', 'clean.kp', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Array<{ severity: string }>;
    expect(out.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a missing file exits 2, names the path and prints no stack trace', () => {
    const r = kaoping('check', 'no-such-policy.kp');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-policy.kp');
    expect(r.stderr).toContain('不存在');
    expect(r.stderr + r.stdout).not.toMatch(STACK_TRACE);
  });

  it('a missing file among good ones still checks the good ones, then exits 2', () => {
    write('clean.kp', CLEAN);
    const r = kaoping('check', 'clean.kp', 'gone.kp', '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('gone.kp: does not exist');
    expect(r.stdout).toMatch(/^1 file: 0 errors, \d+ warnings?$/m);
  });

  it('an unknown option exits 2 with a one-line message and no stack trace', () => {
    write('clean.kp', CLEAN);
    const r = kaoping('check', '--no-such-option', 'clean.kp');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--no-such-option');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('an unknown command exits 2 and suggests the right one in English with --lang en', () => {
    const r = kaoping('chek', 'x.kp', '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'chek'");
    expect(r.stderr).toContain('check');
  });

  it('a bad --lang value and a missing path are usage errors (exit 2)', () => {
    expect(kaoping('check', 'x.kp', '--lang', 'fr').code).toBe(2);
    expect(kaoping('check').code).toBe(2);
    expect(kaoping().code).toBe(2);
  });

  it('--help exits 0 and lists both commands', () => {
    const r = kaoping('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('check');
    expect(r.stdout).toContain('fmt');
  });

  it('expands directories recursively to *.kp files in sorted order', () => {
    write('policies/nested/deeper/a.kp', MISSING_BRACE);
    write('policies/nested/c.kp', MISSING_BRACE);
    write('policies/b.kp', MISSING_BRACE);
    write('policies/notes.txt', 'not a policy {');
    write('policies/.hidden/x.kp', MISSING_BRACE);
    const r = kaoping('check', 'policies', '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Array<{ file: string; code: string }>;
    const files = [...new Set(out.filter((d) => d.code === 'KP0002').map((d) => d.file))];
    // Code-point order of the paths; notes.txt and the hidden folder are not read.
    expect(files).toEqual(['policies/b.kp', 'policies/nested/c.kp', 'policies/nested/deeper/a.kp']);
    expect(kaoping('check', 'policies').stdout).toMatch(/^3 个文件：3 个错误，\d+ 个警告$/m);
  });

  it('a directory without .kp files is a usage error', () => {
    mkdirSync(join(dir, 'empty'));
    const r = kaoping('check', 'empty');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('empty');
  });

  it('--lang en gives English diagnostics and summary', () => {
    write('broken.kp', MISSING_BRACE);
    const r = kaoping('check', 'broken.kp', '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken.kp:7:1: error KP0002: syntax error');
    expect(r.stdout).toMatch(/^1 file: 1 error, \d+ warnings?$/m);
    expect(r.stdout).not.toMatch(/错误/);
  });

  it('reads `extends` relative to the extending file, not the working directory', () => {
    write('county/base.kp', CLEAN);
    write(
      'county/town/town.kp',
      `policy town "Town" {
  period year
  extends "../base.kp"
}
`,
    );
    // The base is above the township's folder: `--root county` lets it be read (test/cli-input.test.ts).
    const r = kaoping('check', 'county/town/town.kp', '--format', 'json', '--root', 'county');
    const out = JSON.parse(r.stdout) as Array<{ code: string }>;
    // KP0106 is "cannot read the base policy".
    expect(out.map((d) => d.code)).not.toContain('KP0106');
    expect(r.code).toBe(0);

    // The same base named relative to the working directory is not found from county/town/.
    write('county/town/wrong.kp', `policy town "Town" {\n  period year\n  extends "county/base.kp"\n}\n`);
    const wrong = kaoping('check', 'county/town/wrong.kp', '--format', 'json');
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toContainEqual(
      expect.objectContaining({ code: 'KP0106', file: 'county/town/wrong.kp', line: 3 }),
    );
  });

  it('the base loader resolves `extends` paths against the directory of the extending file', () => {
    write('county/base.kp', CLEAN);
    const load = baseLoader(dir, [join(dir, 'county')]);
    expect(load('../base.kp', 'county/town/town.kp')).toEqual({ text: CLEAN, file: 'county/base.kp' });
    // A base that itself extends: `fromFile` is then the path the loader returned for it.
    expect(load('base.kp', 'county/base.kp')).toEqual({ text: CLEAN, file: 'county/base.kp' });
    expect(load('base.kp', 'county/town/town.kp')).toMatchObject({ refused: { en: 'the file (county/town/base.kp) does not exist' } });
    expect(load('../missing.kp', 'county/town/town.kp')).toMatchObject({ refused: { en: 'the file (county/missing.kp) does not exist' } });
    // Outside the roots: refused, though it exists.
    expect(baseLoader(dir, [join(dir, 'county', 'town')])('../base.kp', 'county/town/town.kp')).toHaveProperty('refused');
  });
});

describe('kaoping fmt', { timeout: 90_000 }, () => {
  /** Same policy as CLEAN, laid out badly: no indentation, runs of spaces. */
  const UNFORMATTED = `policy   demo "Demo" {
version "2024.1"
      effective 2024-01-01
  period    year
}
event     late "Late arrival"
score total "Total" for person {
base 100 points
    deduct 2 points per late
}
`;

  it('--check lists an unformatted file, exits 1 and leaves it unchanged', () => {
    const path = write('messy.kp', UNFORMATTED);
    const r = kaoping('fmt', '--check', 'messy.kp');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toContain('messy.kp');
    expect(readFileSync(path, 'utf8')).toBe(UNFORMATTED);
  });

  it('rewrites the file; a second run changes nothing', () => {
    const path = write('messy.kp', UNFORMATTED);
    const first = kaoping('fmt', 'messy.kp');
    expect(first.code).toBe(0);
    const formatted = readFileSync(path, 'utf8');
    expect(formatted).not.toBe(UNFORMATTED);
    expect(formatted).toContain('event late "Late arrival"');
    expect(formatted).not.toMatch(/\S {2,}\S/); // no runs of spaces inside a line
    expect(readdirSync(dir)).toEqual(['messy.kp']); // no temporary file left behind
    expect(kaoping('check', 'messy.kp').code).toBe(0);

    const second = kaoping('fmt', 'messy.kp');
    expect(second.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(formatted);
    expect(kaoping('fmt', '--check', 'messy.kp').code).toBe(0);
  });

  it('does not touch a file with syntax errors, reports them and exits 1', () => {
    const path = write('broken.kp', MISSING_BRACE);
    const r = kaoping('fmt', 'broken.kp');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken.kp:7:1');
    expect(r.stdout).toContain('KP0002');
    expect(readFileSync(path, 'utf8')).toBe(MISSING_BRACE);
  });

  it('a missing file exits 2 without a stack trace', () => {
    const r = kaoping('fmt', 'gone.kp');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('gone.kp');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('unexpected failures', () => {
  it('an exception inside a command becomes one line asking for a report, exit 2', async () => {
    write('clean.kp', CLEAN);
    const errors: string[] = [];
    const code = await main(['node', 'kaoping', 'check', 'clean.kp'], {
      cwd: dir,
      out: () => {
        throw new Error('disk on fire');
      },
      err: (line) => void errors.push(line),
    });
    expect(code).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('disk on fire');
    expect(errors[0]).toContain('报告');
    expect(errors[0]).not.toContain('\n');
  });
});
