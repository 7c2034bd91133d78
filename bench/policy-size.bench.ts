/**
 * Benchmark: the cost of setting up an evaluation as a policy grows — policies with 1,000, 4,000
 * and 8,000 score items and one of about 6.7 MiB (bench/generate-wide-policy.ts), each under a
 * small case (two people, three events).
 *
 *   npx --yes pnpm@10 bench:policy-size          (= tsx bench/policy-size.bench.ts)
 *   npx tsx bench/policy-size.bench.ts --items 1000,2000 --mb 0 --timeout 120
 *
 * Each policy is measured in two fresh processes, so that each peak RSS is its own:
 * 1. the phases, in process: `analyze` (parse + check), `compile`, the validator's set-up and the
 *    case's records (`createValidator`, then each record: this is where the JSON Schema
 *    validators are compiled), `finish`, `evaluate`;
 * 2. the command itself, `kaoping eval POLICY --data case.yaml --format json --out result.json`:
 *    wall time and peak RSS.
 * A process that fails (V8 out of memory, `--timeout` seconds passed) is reported as such.
 *
 * What is timed is the built code (packages/*\/dist, what the CLI runs), rebuilt first with
 * `tsc -b` when a source file is newer than the build. This is a measurement, not a test: it
 * never fails on time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { widePolicy, widePolicyOfSize } from './generate-wide-policy.js';
import { arg, newestMtime, runNode } from './support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = '/tmp/kaoping-policy-size-bench';

const builtAt = (pkg: string): number => {
  try {
    return statSync(join(ROOT, 'packages', pkg, 'tsconfig.tsbuildinfo')).mtimeMs;
  } catch {
    return 0;
  }
};
if (['dsl', 'evaluator', 'cli'].some((p) => newestMtime(join(ROOT, 'packages', p, 'src')) > builtAt(p))) {
  console.error('a source file is newer than its build: running tsc -b …');
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-b', ...['dsl', 'evaluator', 'cli'].map((p) => join(ROOT, 'packages', p))], { stdio: 'inherit' });
}

const itemsArg = process.argv.indexOf('--items');
const ITEMS = (itemsArg >= 0 ? process.argv[itemsArg + 1]! : '1000,4000,8000').split(',').map(Number);
const mbArg = process.argv.indexOf('--mb');
const MB = mbArg >= 0 ? Number(process.argv[mbArg + 1]) : 6.7;
const TIMEOUT_S = arg('timeout', 300);

mkdirSync(DIR, { recursive: true });
/** Two people, three events of items 0, 1 and the last. */
const caseFile = (items: number): string => {
  const last = items - 1;
  const lastAttrs = last % 2 === 0 ? `情节${last}: 严重${last}, 属实${last}: true` : `分值${last}: 1.5`;
  const text = [
    'period: { from: 2024-01-01, to: 2024-12-31 }',
    'units:',
    '  - { id: U1, name: 综合办 }',
    'people:',
    '  - { id: P1, name: 张三, unit: U1 }',
    '  - { id: P2, name: 李四, unit: U1 }',
    'events:',
    '  - { id: E1, date: 2024-03-05, subject: P1, type: 违规0, 情节0: 严重0, 属实0: true }',
    '  - { id: E2, date: 2024-04-10, subject: P2, type: 违规1, 分值1: 0.5 }',
    `  - { id: E3, date: 2024-05-20, subject: P1, type: 违规${last}, ${lastAttrs} }`,
    '',
  ].join('\n');
  const path = join(DIR, `case-${items}.yaml`);
  writeFileSync(path, text);
  return path;
};

const PHASES = (policy: string, data: string): string =>
  [
    `import { readFileSync } from 'node:fs';`,
    `import { performance } from 'node:perf_hooks';`,
    `import { createEnv } from '@kaoping/dsl';`,
    `import { compile } from '@kaoping/evaluator';`,
    `import { readCaseFiles } from ${JSON.stringify(join(ROOT, 'packages/cli/dist/data/index.js'))};`,
    `const out = {};`,
    `let t = performance.now();`,
    `const lap = (k) => { const n = performance.now(); out[k] = n - t; t = n; };`,
    `const text = readFileSync(${JSON.stringify(policy)}, 'utf8');`,
    `const analysis = createEnv().analyze(text, 'wide.kp'); lap('analyze');`,
    `out.diagnostics = analysis.diagnostics.length;`,
    `const { program } = compile(analysis.checked); lap('compile');`,
    `const read = await readCaseFiles([${JSON.stringify(data)}], analysis.checked.policy); lap('read');`,
    `out.dataErrors = read.errors.length;`,
    `const result = program.evaluate(read.data, { counts: read.counts }); lap('evaluate');`,
    `out.scores = result.subjects.filter((s) => s.kind === 'person').map((s) => s.id + '=' + s.scores[0]?.value).join(' ');`,
    `console.log(JSON.stringify(out));`,
  ].join('\n');

const MiB = 2 ** 20;
const ms = (x: number): string => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`);
const mib = (b: number): string => `${Math.round(b / MiB).toLocaleString('en-US')} MiB`;
/** Why a process failed, and after how long: V8 out of memory, the timeout, or its error's first line. */
const failed = (r: ReturnType<typeof runNode>): string => {
  if (r.timedOut) return `did not finish in ${TIMEOUT_S} s`;
  if (/heap out of memory|Allocation failed/.test(r.stderr)) return `V8 out of memory after ${ms(r.ms)}`;
  const line = r.stderr.split('\n').find((l) => /Error\b|错误/.test(l)) ?? r.stderr.trim().split('\n').slice(-1)[0] ?? '';
  return `exit ${r.status} after ${ms(r.ms)}: ${line.trim().slice(0, 120)}`;
};

const rows: string[] = [];
const cases: { label: string; items: number; text: string }[] = ITEMS.map((n) => ({ label: `${n.toLocaleString('en-US')} items`, items: n, text: widePolicy(n) }));
if (MB > 0) {
  const big = widePolicyOfSize(MB * MiB);
  cases.push({ label: `${MB} MiB (${big.items.toLocaleString('en-US')} items)`, items: big.items, text: big.text });
}
for (const c of cases) {
  const policy = join(DIR, `wide-${c.items}.kp`);
  writeFileSync(policy, c.text);
  const data = caseFile(c.items);
  const size = `${(Buffer.byteLength(c.text) / MiB).toFixed(2)} MiB, ${c.text.split('\n').length.toLocaleString('en-US')} lines`;
  const phases = runNode(['--input-type=module', '-e', PHASES(policy, data)], ROOT, TIMEOUT_S * 1000);
  let phaseCells: string;
  if (phases.status === 0) {
    const o = JSON.parse(phases.stdout.trim().split('\n').pop()!) as Record<string, number> & { scores: string };
    phaseCells = `${ms(o.analyze!)} | ${ms(o.compile!)} | ${ms(o.read!)} | ${ms(o.evaluate!)} | ${mib(phases.maxRss)}`;
    if (o.diagnostics || o.dataErrors) phaseCells += ` (${o.diagnostics} diagnostics, ${o.dataErrors} data errors)`;
    console.error(`${c.label}: ${o.scores}`);
  } else {
    phaseCells = `${failed(phases)} | | | | ${mib(phases.maxRss)}`;
  }
  const cli = runNode([join(ROOT, 'packages/cli/bin/kaoping.js'), 'eval', policy, '--data', data, '--format', 'json', '--out', join(DIR, 'result.json')], ROOT, TIMEOUT_S * 1000);
  const cliCells = cli.status === 0 ? `${ms(cli.ms)} | ${mib(cli.maxRss)}` : `${failed(cli)} | ${mib(cli.maxRss)}`;
  const row = `| ${c.label} | ${size} | ${phaseCells} | ${cliCells} |`;
  console.error(row);
  rows.push(row);
}

const out = [
  '## Policy size: evaluation set-up',
  '',
  `- input: bench/generate-wide-policy.ts; case: two people, three events (${DIR}/case-N.yaml)`,
  `- machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
  '- code timed: packages/*/dist (built by tsc)',
  '',
  '| policy | size | analyze | compile | read + validate | evaluate | peak RSS (phases) | `kaoping eval` | peak RSS (eval) |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
];
console.log(out.join('\n'));
