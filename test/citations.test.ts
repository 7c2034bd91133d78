/**
 * Every citation of a source regulation in policies/ (the policies and their scenario files) and
 * test/literal-readings/ names a seed file under ../shared/seeds that exists, and lines inside it;
 * every quotation given with a line number is found on those lines (half-width punctuation
 * normalised to full-width, as policies/README.md says); and no file refers to a path outside the
 * repository, except ../shared. How citations are written and read: test/support/citations.ts.
 *
 * ../shared is beside the repository on a developer's machine and in CI (.ci/run gets a copy).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firstSeedNamed, lineReferences, normalise, pathsIn, quoteIsIn, schemeSeeds, sourceClauses, type Citation } from './support/citations.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEEDS = resolve(ROOT, '..', 'shared', 'seeds');

function filesUnder(dir: string, ends: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), ends) : e.name.endsWith(ends) ? [join(dir, e.name)] : [],
  );
}

const seeds = new Map<string, string[]>(
  existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => [f, readFileSync(join(SEEDS, f), 'utf8').split('\n')]) : [],
);
const schemes = schemeSeeds(readFileSync(join(ROOT, 'policies', 'README.md'), 'utf8'));
const policies = [...filesUnder(join(ROOT, 'policies'), '.kp'), ...filesUnder(join(ROOT, 'test', 'literal-readings'), '.kp')].sort();
const scenarioFiles = filesUnder(join(ROOT, 'policies'), '.test.yaml').sort();

/** What is wrong with one citation, or nothing. */
function citationProblems(c: Citation, where: string): string[] {
  const at = `${where}:${c.line}: ${c.written}`;
  if (c.seed === undefined) return [`${at}: names no seed file, and none was named before it`];
  const lines = seeds.get(c.seed);
  if (lines === undefined) return [`${at}: no seed file ${c.seed} in ../shared/seeds`];
  if (c.ranges.length === 0) return [`${at}: no line numbers`];
  const bad = c.ranges.filter(([a, b]) => a < 1 || b < a || b > lines.length);
  if (bad.length > 0) return [`${at}: lines ${bad.map(([a, b]) => (a === b ? a : `${a}–${b}`)).join('、')} are not within ${c.seed} (1–${lines.length})`];
  if (c.quote === undefined) return [];
  const cited = c.ranges.map(([a, b]) => lines.slice(a - 1, b).join('')).join('');
  return quoteIsIn(c.quote, cited) ? [] : [`${at}: “${c.quote}” is not on these lines of ${c.seed}`];
}

/** Paths outside the repository (other than ../shared), and repository paths that do not exist. */
function pathProblems(text: string, file: string, where: string): string[] {
  return pathsIn(text).flatMap(({ line, path }) => {
    const at = `${where}:${line}: ${path}`;
    if (path.startsWith('/')) return [`${at}: an absolute path, outside the repository`];
    const target = path.startsWith('../shared/') ? resolve(ROOT, path) : path.startsWith('.') ? resolve(dirname(file), path) : resolve(ROOT, path);
    const inShared = target.startsWith(resolve(ROOT, '..', 'shared') + sep);
    if (!inShared && relative(ROOT, target).startsWith('..')) return [`${at}: outside the repository`];
    return existsSync(target) ? [] : [`${at}: does not exist`];
  });
}

const show = (file: string): string => relative(ROOT, file);

describe('citations of the source regulations', () => {
  it('the seeds are beside the repository (../shared/seeds), with the five source files', () => {
    expect(existsSync(SEEDS), `${SEEDS} is missing: the citation checks need ../shared beside the repository`).toBe(true);
    expect([...seeds.keys()].sort()).toEqual(['000_db486f6b0daf494c.txt', '001_e2a0bd992e175f5f.txt', '002_64627fae260e0c3e.txt', '003_6d25fd5d61337751.txt', '004_67c29304d477bc31.txt']);
    expect(schemes.size, 'policies/README.md maps P01–P22 to their seed files').toBe(22);
  });

  const counts = { sources: 0, lines: 0, quotes: 0 };
  for (const file of policies) {
    it(`${show(file)}: every 出处, 第 N 行 and quotation is in its seed; no path outside the repository`, () => {
      const text = readFileSync(file, 'utf8');
      const sources = sourceClauses(text);
      const refs = lineReferences(text, schemes, sources[0]?.seed ?? firstSeedNamed(text), [...seeds.keys()]);
      counts.sources += sources.length;
      counts.lines += refs.length;
      counts.quotes += refs.filter((r) => r.quote !== undefined).length;
      const problems = [...sources, ...refs].flatMap((c) => citationProblems(c, show(file)));
      expect([...problems, ...pathProblems(text, file, show(file))]).toEqual([]);
    });
  }

  for (const file of scenarioFiles) {
    it(`${show(file)}: every 第 N 行 and quotation is in its seed; no path outside the repository`, () => {
      const text = readFileSync(file, 'utf8');
      const policy = /^policy:\s*(\S+)/m.exec(text)?.[1];
      const policyText = policy ? readFileSync(resolve(dirname(file), policy), 'utf8') : '';
      const fallback = sourceClauses(policyText)[0]?.seed ?? firstSeedNamed(policyText);
      const refs = lineReferences(text, schemes, fallback, [...seeds.keys()]);
      counts.lines += refs.length;
      counts.quotes += refs.filter((r) => r.quote !== undefined).length;
      const problems = refs.flatMap((c) => citationProblems(c, show(file)));
      expect([...problems, ...pathProblems(text, file, show(file))]).toEqual([]);
    });
  }

  it('found the citations (so the checks above were not vacuous)', () => {
    // At the time of writing: 128 出处 clauses, 437 line references, 309 quotations.
    expect(counts.sources).toBeGreaterThan(100);
    expect(counts.lines).toBeGreaterThan(400);
    expect(counts.quotes).toBeGreaterThan(250);
  });
});

describe('the citation reader (test/support/citations.ts)', () => {
  const names = [...seeds.keys()];
  const P14 = '002_64627fae260e0c3e.txt';

  it('reads 出处 clauses with several files and line lists', () => {
    const c = sourceClauses('制度 t "t" {\n  版本 "1"\n  出处 "000_db486f6b0daf494c.txt:282-350; 002_64627fae260e0c3e.txt:252,260-292"\n}\n');
    expect(c.map((x) => [x.line, x.seed, x.ranges])).toEqual([
      [3, '000_db486f6b0daf494c.txt', [[282, 350]]],
      [3, P14, [[252, 252], [260, 292]]],
    ]);
  });

  it('resolves a reference by the file named before it, by its scheme, or by the seed named last', () => {
    const text = [
      '# 出处：../shared/seeds/000_db486f6b0daf494c.txt 第 1–150 行',
      '# 第 24 行 “待岗期为15天”',
      '# P14 第 286 行 “站办所发生违法违纪问题”；第 285 行 “实施“一票否决”，直接列为最差部门。”',
      '# 原文（003_6d25fd5d61337751.txt 第 32 行）：“各项累计扣分不超过20分”',
    ].join('\n');
    const refs = lineReferences(text, schemes, undefined, names);
    expect(refs.map((r) => [r.line, r.seed, r.ranges[0]![0], r.quote])).toEqual([
      [1, '000_db486f6b0daf494c.txt', 1, undefined],
      [2, '000_db486f6b0daf494c.txt', 24, '待岗期为15天'],
      [3, P14, 286, '站办所发生违法违纪问题'],
      [3, P14, 285, '实施“一票否决”，直接列为最差部门。'],
      [4, '003_6d25fd5d61337751.txt', 32, '各项累计扣分不超过20分'],
    ]);
    expect(refs.flatMap((r) => citationProblems(r, 'x'))).toEqual([]);
  });

  it('attaches a quotation before a parenthesised reference, and one after a label; not commentary after it', () => {
    const text = [
      '# 出处：../shared/seeds/002_64627fae260e0c3e.txt',
      '# - “未经批准缺勤的，按旷工处理”（第 256 行）：只看本人',
      '# 第 251–252 行 （三）“凡迟到或早退超过15分钟的，作迟到或早退处理”',
      '# 四项（第 88–150 行）：其违反由上面的“违反服务制度”处理',
    ].join('\n');
    const refs = lineReferences(text, schemes, undefined, names);
    expect(refs.map((r) => r.quote)).toEqual(['未经批准缺勤的，按旷工处理', '凡迟到或早退超过15分钟的，作迟到或早退处理', undefined]);
    expect(refs.flatMap((r) => citationProblems(r, 'x'))).toEqual([]);
  });

  it('reports a misquotation, a wrong line, a line past the end and an unknown seed', () => {
    const text = [
      '# 出处：../shared/seeds/002_64627fae260e0c3e.txt',
      '# 第 290 行 考评结果“作为站办所评先评优、奖惩的主要依据”',
      '# 第 289 行 “考评结果作为各单位评先晋优、奖罚的主要依据。”',
      '# 第 9999 行',
      '# 009_0000000000000000.txt 第 1 行',
    ].join('\n');
    const problems = lineReferences(text, schemes, undefined, names).flatMap((r) => citationProblems(r, 'x'));
    expect(problems).toEqual([
      'x:2: 第 290 行: “作为站办所评先评优、奖惩的主要依据” is not on these lines of 002_64627fae260e0c3e.txt',
      'x:3: 第 289 行: “考评结果作为各单位评先晋优、奖罚的主要依据。” is not on these lines of 002_64627fae260e0c3e.txt',
      expect.stringMatching(/^x:4: 第 9999 行: lines 9999 are not within 002_64627fae260e0c3e\.txt \(1–\d+\)$/),
      'x:5: 第 1 行: no seed file 009_0000000000000000.txt in ../shared/seeds',
    ]);
  });

  it('compares with half-width punctuation as full-width, omissions, and the traditional seed as simplified', () => {
    expect(quoteIsIn('凡迟到或早退超过15分钟的，作迟到或早退处理；……作旷工处理。', '(三)工作人员必须遵守作息时间,准时上下班。凡迟\n到或早退超过15分钟的,作迟到或早退处理;超过30分钟的,作旷工处理。')).toBe(true);
    expect(quoteIsIn('作迟到处理', '作迟到或早退处理')).toBe(false);
    expect(normalise('8、在14家醫(yī)療衛(wèi)生單位設(shè)立統(tǒng)一的投訴舉報箱')).toBe('8、在14家医疗卫生单位设立统一的投诉举报箱');
  });

  it('refuses absolute paths and paths outside the repository; repository paths must exist', () => {
    const file = join(ROOT, 'policies', 'x.kp');
    const text = '# 见 /tmp/kaoping-readme/P12.md\n# 见 ../../etc/passwd 与 ../shared/seeds/000_db486f6b0daf494c.txt\n# 见 policies/README.md、test/literal-readings/no-such.kp\n';
    expect(pathProblems(text, file, 'x')).toEqual([
      'x:1: /tmp/kaoping-readme/P12.md: an absolute path, outside the repository',
      'x:2: ../../etc/passwd: outside the repository',
      'x:3: test/literal-readings/no-such.kp: does not exist',
    ]);
  });
});
