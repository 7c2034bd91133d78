/**
 * The examples menu (src/examples.ts, bundled with import.meta.glob): every policy under policies/
 * with every scenario of its *.test.yaml, and the sample township year. Each case, written out as
 * YAML, goes through the playground's own analysis; where the scenario file says what to expect
 * (worked out by hand by the policy's writer), the playground must come to the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { analyzeRequest } from '../src/analysis.js';
import { caseYaml, DEFAULT_EXAMPLE, EXAMPLES, flowYaml, POLICY_FILES } from '../src/examples.js';
import type { AnalyzeResponse } from '../src/protocol.js';

const root = new URL('../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** Every *.kp and *.test.yaml under policies/, found on disk (independently of the glob). */
function walk(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(new URL(dir, root), { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...walk(`${dir}${e.name}/`, suffix));
    else if (e.name.endsWith(suffix)) out.push(`${dir}${e.name}`);
  }
  return out.sort();
}

interface ScenarioFile {
  scenarios: {
    name: string;
    expect?: Record<string, { score?: string | null; scores?: Record<string, string | null>; grade?: string | null; penalties?: string[] }>;
    expect_errors?: string[];
  }[];
}

const canonical = (d: string): string => {
  // "94", "94.0" and "94.00" are the same number; "-0" is 0
  const [int, frac = ''] = d.replace(/^-/, '').split('.');
  const f = frac.replace(/0+$/, '');
  const i = int!.replace(/^0+(?=\d)/, '');
  const body = f ? `${i}.${f}` : i;
  return d.startsWith('-') && body !== '0' ? `-${body}` : body;
};

let id = 0;
const analyze = (policyFile: string, data: string): AnalyzeResponse =>
  analyzeRequest({ id: ++id, kind: 'analyze', lang: 'zh', policy: { file: policyFile, text: POLICY_FILES[policyFile]! }, data: { file: 'case.yaml', text: data }, files: POLICY_FILES });

describe('the bundled files', () => {
  it('every policy on disk is bundled, under its repository path, with its text', () => {
    const onDisk = walk('policies/', '.kp');
    expect(onDisk.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(POLICY_FILES).sort()).toEqual(onDisk);
    for (const f of onDisk) expect(POLICY_FILES[f]).toBe(read(f));
  });

  it('every policy is in the menu, with its title and as many cases as its scenario file has', () => {
    expect(EXAMPLES.map((e) => e.policyFile)).toEqual(walk('policies/', '.kp'));
    for (const e of EXAMPLES) {
      expect(e.title, e.policyFile).not.toBe('');
      expect(POLICY_FILES[e.policyFile]).toContain(`"${e.title}"`);
      const scen = e.policyFile.replace(/\.kp$/, '.test.yaml');
      const n = walk('policies/', '.test.yaml').includes(scen) ? (parseYaml(read(scen)) as ScenarioFile).scenarios.length : 0;
      const sample = e.policyFile === 'policies/county/qingshi-town.kp' ? 1 : 0;
      expect(e.cases.length, e.policyFile).toBe(n + sample);
    }
  });

  it('the page opens on the sample township year', () => {
    expect(DEFAULT_EXAMPLE.policyFile).toBe('policies/county/qingshi-town.kp');
    expect(DEFAULT_EXAMPLE.cases[0]!.name).toMatch(/青石镇/);
  });
});

describe('every scenario, through the playground', () => {
  for (const example of EXAMPLES) {
    const scenFile = example.policyFile.replace(/\.kp$/, '.test.yaml');
    const hasFile = walk('policies/', '.test.yaml').includes(scenFile);
    const scenarios = hasFile ? (parseYaml(read(scenFile)) as ScenarioFile).scenarios : [];
    // the township of the sample year lists the sample first
    const cases = example.policyFile === 'policies/county/qingshi-town.kp' ? example.cases.slice(1) : example.cases;
    it(`${example.policyFile}: ${cases.length} cases`, () => {
      expect(cases.map((c) => c.name)).toEqual(scenarios.map((s) => s.name));
      cases.forEach((c, n) => {
        const s = scenarios[n]!;
        const what = `${example.policyFile} — ${s.name}`;
        const res = analyze(example.policyFile, c.data);
        expect(res.policyMarkers.filter((m) => m.severity === 'error'), what).toEqual([]);
        const dataCodes = (s.expect_errors ?? []).filter((code) => code.startsWith('KD'));
        if (dataCodes.length === 0) {
          expect(res.dataMarkers, what).toEqual([]);
          expect(res.result, what).toBeDefined();
        } else {
          // the data problems the scenario expects, and no others
          expect([...new Set(res.dataMarkers.map((m) => m.code))].sort(), what).toEqual([...new Set(dataCodes)].sort());
          return;
        }
        const result = res.result!;
        const evalCodes = (s.expect_errors ?? []).filter((code) => !code.startsWith('KD'));
        if (s.expect_errors) expect([...new Set(result.errors.map((e) => e.code))].sort(), what).toEqual([...new Set(evalCodes)].sort());
        // the scenario's expectations, worked out by hand in the scenario file
        for (const [subject, exp] of Object.entries(s.expect ?? {})) {
          const r = result.subjects.find((x) => x.id === subject);
          expect(r, `${what}: ${subject}`).toBeDefined();
          if (exp.score !== undefined) expect(r!.score === null ? null : canonical(r!.score), `${what}: ${subject} score`).toBe(exp.score === null ? null : canonical(String(exp.score)));
          for (const [name, v] of Object.entries(exp.scores ?? {})) {
            const sc = r!.scores.find((x) => x.name === name || x.label === name);
            expect(sc, `${what}: ${subject} scores.${name}`).toBeDefined();
            expect(sc!.value === null ? null : canonical(sc!.value), `${what}: ${subject} scores.${name}`).toBe(v === null ? null : canonical(String(v)));
          }
          if (exp.grade !== undefined) {
            if (exp.grade === null) expect(r!.grade, `${what}: ${subject} grade`).toBeNull();
            else expect([r!.grade, r!.gradeLabel], `${what}: ${subject} grade`).toContain(String(exp.grade));
          }
          if (exp.penalties) {
            // as a multiset: `名称`, `名称@日期` or `名称@起始日..终止日` (`..` alone: still running), by name or
            // label; those with a last day first, then dated ones (docs/scenarios.md §4)
            const left = [...r!.penalties];
            const pats = exp.penalties.map((p) => String(p)).map((p) => {
              const [name, when] = [p.split('@')[0]!, p.split('@')[1]];
              const [date, until] = when?.includes('..') ? when.split('..') : [when, undefined];
              return { name, date, until: until === undefined ? undefined : until === '' ? 'running' : until };
            });
            const lastDay = (x: (typeof left)[number]) => (x.ended?.by === 'running' ? 'running' : x.until);
            const missing: string[] = [];
            for (const p of [...pats.filter((x) => x.until), ...pats.filter((x) => x.date && !x.until), ...pats.filter((x) => !x.date)]) {
              const i = left.findIndex((x) => (x.penalty === p.name || x.label === p.name) && (p.date === undefined || x.date === p.date) && (p.until === undefined || lastDay(x) === p.until));
              if (i < 0) missing.push(`${p.name}@${p.date ?? ''}${p.until ? `..${p.until}` : ''}`);
              else left.splice(i, 1);
            }
            expect({ missing, extra: left.map((x) => `${x.penalty}@${x.date}`) }, `${what}: ${subject} penalties`).toEqual({ missing: [], extra: [] });
          }
        }
      });
    });
  }
});

describe('the sample township year', () => {
  const sample = DEFAULT_EXAMPLE.cases[0]!;
  const res = analyze('policies/county/qingshi-town.kp', sample.data);

  it('reads without a data marker and gives results for its 60 people and 7 offices', () => {
    expect(res.policyMarkers.filter((m) => m.severity === 'error')).toEqual([]);
    expect(res.dataMarkers).toEqual([]);
    expect(res.result).toBeDefined();
    const people = read('examples/qingshi-2024/people.csv').trim().split('\n').length - 1;
    expect(people).toBe(60);
    expect(res.result!.subjects.filter((s) => s.kind === 'person')).toHaveLength(60);
    expect(res.result!.subjects.filter((s) => s.kind === 'unit')).toHaveLength(7);
  });

  it('has every record of the CSV files', () => {
    const rows = (f: string) => read(`examples/qingshi-2024/${f}`).trim().split('\n').length - 1;
    const records = res.result!.summary.records;
    expect(records.events.read).toBe(rows('events.csv'));
    expect(records.people.read).toBe(rows('people.csv'));
    expect(records.inputs.read).toBe(rows('inputs.csv'));
    expect(records.votes.read).toBe(rows('votes.csv'));
  });

  it('writes CSV numbers with their digits and leaves empty cells out', () => {
    // events.csv: `E0001,2024-01-02,Q046,迟到早退,25,,,,,,`
    expect(sample.data).toContain('  - { id: E0001, date: 2024-01-02, subject: Q046, type: 迟到早退, 时长: 25 }\n');
    // inputs.csv: `DZB,目标任务,1,95.5`
    expect(sample.data).toContain('  - { subject: DZB, input: 目标任务, quarter: 1, value: 95.5 }\n');
  });
});

describe('flowYaml and caseYaml', () => {
  it('keeps the digits of numbers exactly', () => {
    expect(flowYaml({ value: '92.50' })).toBe('{ value: 92.50 }');
    expect(flowYaml(['0.1', '89.995', '-3', '007'])).toBe('[0.1, 89.995, -3, 007]');
  });

  it('writes dates and booleans plainly', () => {
    expect(flowYaml({ date: '2024-03-05', 属实: 'true', 回避: 'false' })).toBe('{ date: 2024-03-05, 属实: true, 回避: false }');
  });

  it('leaves out empty cells', () => {
    expect(flowYaml({ id: 'E1', 时长: '', 责任: '', type: '迟到' })).toBe('{ id: E1, type: 迟到 }');
  });

  it('quotes what YAML would not read back as the same string', () => {
    expect(flowYaml({ name: '张三, 李四' })).toBe('{ name: "张三, 李四" }');
    expect(flowYaml({ why: '原因: 不明' })).toBe('{ why: "原因: 不明" }');
    expect(flowYaml({ a: '#1', b: '-x', c: ' 前后空格 ', d: '[x]', e: '{y}', f: '*z', g: "'q'" })).toBe('{ a: "#1", b: "-x", c: " 前后空格 ", d: "[x]", e: "{y}", f: "*z", g: "\'q\'" }');
    // a line break, a tab
    expect(flowYaml({ t: '第一行\n第二行', u: 'a\tb' })).toBe('{ t: "第一行\\n第二行", u: "a\\tb" }');
    // words and forms YAML reads as null, booleans or numbers
    expect(flowYaml(['null', '~', 'True', 'FALSE', '1e3', '+5', '.5', '0x1F', '.inf'])).toBe('["null", "~", "True", "FALSE", "1e3", "+5", ".5", "0x1F", ".inf"]');
    // keys too
    expect(flowYaml({ 'a b': '1', 'c:d': '2' })).toBe('{ a b: 1, "c:d": 2 }');
  });

  it('reads back as the same values', () => {
    const values = ['张三, 李四', '原因: 不明', '#1', '-x', ' 前后空格 ', '第一行\n第二行', 'a\tb', 'null', '~', 'True', '1e3', '.5', '他说"好"', "it's", '50%', '100', '2024-01-01'];
    const back = parseYaml(flowYaml(values), { schema: 'failsafe' }) as string[];
    expect(back).toEqual(values);
    const core = parseYaml(flowYaml(values.slice(0, 15))) as unknown[];
    expect(core).toEqual(values.slice(0, 15));
  });

  it('caseYaml: the comment, then period, calendar, params, then one record per line', () => {
    const text = caseYaml(
      {
        events: [{ id: 'E1', date: '2024-03-01', subject: 'A', type: '迟到' }],
        people: [{ id: 'A', name: '甲', unit: 'W' }],
        params: { 投诉扣分: '2' },
        period: { from: '2024-01-01', to: '2024-12-31' },
        units: [{ id: 'W', name: '窗口' }],
        votes: [],
      },
      '第一行\n第二行',
    );
    expect(text).toBe(
      [
        '# 第一行',
        '# 第二行',
        'period: { from: 2024-01-01, to: 2024-12-31 }',
        'params: { 投诉扣分: 2 }',
        'units:',
        '  - { id: W, name: 窗口 }',
        'people:',
        '  - { id: A, name: 甲, unit: W }',
        'events:',
        '  - { id: E1, date: 2024-03-01, subject: A, type: 迟到 }',
        '',
      ].join('\n'),
    );
  });
});

describe('scenario data is the shared data followed by the scenario’s own (docs/scenarios.md)', () => {
  it('window-staff-assessment: the shared unit and period, then each scenario’s people and events', () => {
    const e = EXAMPLES.find((x) => x.policyFile === 'policies/window-staff-assessment.kp')!;
    const file = parseYaml(read('policies/window-staff-assessment.test.yaml')) as { data: Record<string, unknown[]>; scenarios: { data: Record<string, unknown[]> }[] };
    e.cases.forEach((c, n) => {
      const data = parseYaml(c.data) as Record<string, unknown[]>;
      for (const key of ['units', 'people', 'events'] as const) {
        const want = [...(file.data[key] ?? []), ...(file.scenarios[n]!.data?.[key] ?? [])];
        expect((data[key] ?? []).length, `${c.name} ${key}`).toBe(want.length);
      }
    });
  });
});
