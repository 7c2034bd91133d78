/**
 * Benchmark: evaluate a synthetic county-year (bench/generate-year.ts) under
 * policies/street-office-accountability.kp (P01).
 *
 *   npx tsx bench/eval.bench.ts                          (20,000 people, 400 units, 1,000,000 events, 3 runs)
 *   npx tsx bench/eval.bench.ts --events 100000 --runs 5 --seed 2
 *   npx tsx bench/eval.bench.ts --no-files               (skip writing the files, reading them and the CLI)
 *
 * What is timed is the built code (`@kaoping/dsl` and `@kaoping/evaluator` → packages/dsl/dist and packages/evaluator/dist, what
 * the CLI runs), rebuilt first with `tsc -b` when a source file is newer than the build. tsx would
 * otherwise compile the evaluator's closures with esbuild's keepNames (`__name(…)` around every
 * closure), which makes closure-heavy code several times slower.
 *
 * Reported: the time to generate the case in memory (the floor any reader must beat: it only
 * builds the records), `analyze` + `compile` of the policy (once), each `program.evaluate(data)`
 * (events per second), `JSON.stringify` of the result, and memory: the process's peak RSS
 * (`process.resourceUsage().maxRSS`) and the heap after each step (with a forced GC where noted).
 *
 * Then the same case is written as files (bench/generate-year.ts: header.yaml + events.ndjson in
 * /tmp/kaoping-eval-bench), and, when the CLI is built (packages/cli/dist), two fresh processes
 * are timed: one that only reads and validates the files (`readCaseFiles`, the read-only cost),
 * and `kaoping eval POLICY --data header.yaml events.ndjson --format json --out result.json`. Each
 * reports its own peak RSS. The CLI's penalties are compared with the in-memory run's, which
 * checks that the files say what the in-memory case says.
 *
 * This is a measurement, not a test: it never fails on time.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { arg, newestMtime, runNode as runNodeIn } from './support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// --- build --------------------------------------------------------------------------------------

function builtAt(pkg: string): number {
  try {
    return statSync(join(ROOT, 'packages', pkg, 'tsconfig.tsbuildinfo')).mtimeMs;
  } catch {
    return 0;
  }
}

if (['dsl', 'evaluator'].some((p) => newestMtime(join(ROOT, 'packages', p, 'src')) > builtAt(p))) {
  console.error('a source file is newer than its build: running tsc -b packages/dsl packages/evaluator …');
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-b', join(ROOT, 'packages/dsl'), join(ROOT, 'packages/evaluator')], { stdio: 'inherit' });
}

const { createEnv } = await import('@kaoping/dsl');
const { compile } = await import('@kaoping/evaluator');
const { generateYear, writeYear, DEFAULTS } = await import('./generate-year.js');

// --- options ------------------------------------------------------------------------------------

const PEOPLE = arg('people', DEFAULTS.people);
const UNITS = arg('units', DEFAULTS.units);
const EVENTS = arg('events', DEFAULTS.events);
const SEED = arg('seed', DEFAULTS.seed);
const RUNS = arg('runs', 3);
const FILES = !process.argv.includes('--no-files');
const DIR = '/tmp/kaoping-eval-bench';

v8.setFlagsFromString('--expose-gc');
const rawGc = vm.runInNewContext('gc') as () => void;
/** Two full collections: the second frees what the first only unlinked (weak maps, finalizers). */
const gc = (): void => {
  rawGc();
  rawGc();
};

// --- measuring ----------------------------------------------------------------------------------

const MiB = 2 ** 20;
const mib = (bytes: number): string => (bytes < MiB ? `${Math.round(bytes / 1024).toLocaleString('en-US')} KiB` : bytes < 10 * MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${Math.round(bytes / MiB).toLocaleString('en-US')} MiB`);
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;
const heap = (): number => process.memoryUsage().heapUsed;
const ms = (x: number): string => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`);
const perSec = (n: number, t: number): string => Math.round(n / (t / 1000)).toLocaleString('en-US');

function time<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

const rows: string[][] = [];
const row = (...cells: string[]): void => {
  rows.push(cells);
  console.error(cells.join(' | '));
};

gc();
const heap0 = heap();

// 1. the input, in memory
const gen = time(() => generateYear({ people: PEOPLE, units: UNITS, events: EVENTS, seed: SEED }));
let data: ReturnType<typeof generateYear> | undefined = gen.value;
gc();
const heapData = heap();
row('generate the case in memory', ms(gen.ms), `${perSec(EVENTS, gen.ms)} events/s`, `the case holds ${mib(heapData - heap0)} of heap; peak RSS so far ${mib(peakRss())}`);

// 2. the policy, once
const policyFile = DEFAULTS.policy;
const text = readFileSync(policyFile, 'utf8');
const analyzed = time(() => createEnv().analyze(text, 'policies/street-office-accountability.kp'));
const compiled = time(() => compile(analyzed.value.checked));
const program = compiled.value.program;
if (!program) throw new Error('the policy does not compile');
row('analyze the policy (parse + check; the first call builds the parser)', ms(analyzed.ms), '', '');
row('compile', ms(compiled.ms), '', '');

// 3. evaluation: the previous result is dropped and the heap collected before each run. Each run
// is a function call, so that no stale register of this module's frame keeps an old result alive.
const evalTimes: number[] = [];
const held: { result?: ReturnType<typeof program.evaluate> } = {};
function evaluateOnce(i: number): void {
  held.result = undefined;
  gc();
  const before = heap();
  const t0 = performance.now();
  const res = program!.evaluate(data!);
  const elapsed = performance.now() - t0;
  const atEnd = heap();
  held.result = res;
  gc();
  const retained = heap();
  evalTimes.push(elapsed);
  row(
    `evaluate, run ${i + 1}`,
    ms(elapsed),
    `${perSec(EVENTS, elapsed)} events/s`,
    `heap ${mib(before)} before, ${mib(atEnd)} at the end (garbage included), ${mib(retained)} after GC with the result held; peak RSS so far ${mib(peakRss())}`,
  );
}
for (let i = 0; i < RUNS; i++) evaluateOnce(i);
let result = held.result;
const sorted = [...evalTimes].sort((a, b) => a - b);
const median = sorted[sorted.length >> 1]!;

const json = time(() => JSON.stringify(result));
const jsonBytes = Buffer.byteLength(json.value);
row('JSON.stringify(result)', ms(json.ms), `${mib(jsonBytes)} of JSON`, `peak RSS so far ${mib(peakRss())}`);

const r = result!;
const byKind = new Map<string, number>();
for (const s of r.subjects) for (const p of s.penalties) byKind.set(p.penalty, (byKind.get(p.penalty) ?? 0) + 1);
/** Penalties per imposing rule (`input` for sanctions recorded in the data): what the CLI's result must also say. */
const byRule = new Map<string, number>();
for (const s of r.subjects) for (const p of s.penalties) byRule.set(p.rule, (byRule.get(p.rule) ?? 0) + 1);
const ruleCounts = (m: Map<string, number>): string => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k}=${n}`).join(',');
const expectedPenalties = ruleCounts(byRule);

/**
 * The same counts from the CLI's JSON file, read line by line: a million events give a result
 * larger than the longest string V8 can hold (0x1fffffe8 characters), so it cannot be read whole.
 * Only penalties have a `"rule"` member.
 */
async function ruleCountsOfFile(path: string): Promise<string> {
  const m = new Map<string, number>();
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    const x = /^\s*"rule":\s*"((?:[^"\\]|\\.)*)"/.exec(line);
    if (x) {
      const rule = JSON.parse(`"${x[1]}"`) as string;
      m.set(rule, (m.get(rule) ?? 0) + 1);
    }
  }
  return ruleCounts(m);
}
const summary = r.summary;
result = undefined;
held.result = undefined;
data = undefined;
gc();

// 4. the files, the readers and the CLI (fresh processes, each with its own peak RSS)
const fileRows: string[] = [];
const cliMain = join(ROOT, 'packages/cli/dist/main.js');
const readersJs = join(ROOT, 'packages/cli/dist/data/index.js');
const hasEval = existsSync(cliMain) && /command\(\s*['"]eval['"]/.test(readFileSync(cliMain, 'utf8'));
const runNode = (args: string[]) => runNodeIn(args, ROOT);

if (FILES) {
  const w = performance.now();
  const written = await writeYear({ people: PEOPLE, units: UNITS, events: EVENTS, seed: SEED }, DIR);
  const wms = performance.now() - w;
  row('write header.yaml + events.ndjson (generate and stream)', ms(wms), `${perSec(EVENTS, wms)} events/s`, `${mib(written.bytes.header)} + ${mib(written.bytes.events)} on disk; peak RSS so far ${mib(peakRss())}`);
  fileRows.push(`- files: \`${written.header}\` (${mib(written.bytes.header)}), \`${written.events}\` (${mib(written.bytes.events)}, ${written.eventCount.toLocaleString('en-US')} lines)`);

  if (existsSync(readersJs)) {
    // Read-only: parse and validate both files into a CaseData, in a fresh process.
    const script = [
      `import { readFileSync } from 'node:fs';`,
      `import { createEnv } from '@kaoping/dsl';`,
      `import { readCaseFiles } from ${JSON.stringify(readersJs)};`,
      `const policy = createEnv().analyze(readFileSync(${JSON.stringify(policyFile)}, 'utf8'), 'p.kp').checked.policy;`,
      `const t0 = performance.now();`,
      `const res = await readCaseFiles([${JSON.stringify(written.header)}, ${JSON.stringify(written.events)}], policy);`,
      `const t = performance.now() - t0;`,
      `console.log(JSON.stringify({ ms: t, errors: res.errors.length, firstError: res.errors[0]?.message?.en, events: res.data?.events.length, people: res.data?.people.length, units: res.data?.units.length }));`,
    ].join('\n');
    const read = runNode(['--input-type=module', '-e', script]);
    if (read.status === 0) {
      const o = JSON.parse(read.stdout.trim().split('\n').pop()!) as { ms: number; errors: number; firstError?: string; events: number; people: number; units: number };
      row('read + validate the files (`readCaseFiles`, fresh process)', ms(o.ms), `${perSec(EVENTS, o.ms)} events/s`, `peak RSS ${mib(read.maxRss)}; ${o.events.toLocaleString('en-US')} events, ${o.people.toLocaleString('en-US')} people, ${o.units} units, ${o.errors} errors${o.errors ? ` (first: ${o.firstError})` : ''}`);
      fileRows.push(`- read + validate: ${ms(read.ms)} for the whole process (imports, policy, reading), ${ms(o.ms)} in \`readCaseFiles\``);
    } else fileRows.push(`- read + validate: the reader process failed (exit ${read.status}): ${read.stderr.slice(0, 300)}`);
  } else fileRows.push('- read + validate: packages/cli/dist/data is not built; not timed');

  if (hasEval) {
    const out = join(DIR, 'result.json');
    const cli = runNode([join(ROOT, 'packages/cli/bin/kaoping.js'), 'eval', policyFile, '--data', written.header, written.events, '--format', 'json', '--out', out]);
    if (cli.status === 0) {
      const same = (await ruleCountsOfFile(out)) === expectedPenalties;
      const outBytes = statSync(out).size;
      row('`kaoping eval … --format json --out result.json` (fresh process)', ms(cli.ms), `${perSec(EVENTS, cli.ms)} events/s`, `peak RSS ${mib(cli.maxRss)}; ${mib(outBytes)} written; penalties per rule ${same ? 'the same as' : 'DIFFERENT from'} the in-memory run`);
      fileRows.push(`- \`node packages/cli/bin/kaoping.js eval ${policyFile.replace(ROOT, '')} --data ${written.header} ${written.events} --format json --out ${out}\`: ${ms(cli.ms)}, exit 0`);
    } else fileRows.push(`- \`kaoping eval\` failed (exit ${cli.status}): ${cli.stderr.slice(0, 500)}`);
  } else fileRows.push('- `kaoping eval`: packages/cli/dist/main.js has no eval command; not timed');
}

// --- report -------------------------------------------------------------------------------------

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const out: string[] = [];
out.push('## Kaoping evaluation benchmark');
out.push('');
out.push(`- input: bench/generate-year.ts seed ${SEED}: ${UNITS.toLocaleString('en-US')} units, ${PEOPLE.toLocaleString('en-US')} people, ${EVENTS.toLocaleString('en-US')} events; policy policies/street-office-accountability.kp`);
out.push(`- machine: ${availableParallelism()} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform}/${process.arch}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
out.push('- code timed: packages/dsl/dist, packages/evaluator/dist (built by tsc), packages/cli/dist');
out.push('');
out.push('| step | time | rate | memory |');
out.push('|---|---:|---:|---|');
for (const c of rows) out.push(`| ${c.join(' | ')} |`);
out.push('');
out.push(`evaluate: median ${ms(median)} over ${RUNS} run${RUNS === 1 ? '' : 's'} = **${perSec(EVENTS, median)} events/s**; ${summary.penalties.toLocaleString('en-US')} penalties, outcomes and referrals imposed; result ${mib(jsonBytes)} as JSON.`);
out.push(`imposed: ${[...byKind.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ')}`);
if (fileRows.length) out.push('', ...fileRows);
console.log(out.join('\n'));
