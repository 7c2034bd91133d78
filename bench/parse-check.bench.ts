/**
 * Benchmark: lex, parse, check and parse+check (`analyze`) of a generated 10,000-line policy.
 *
 *   npx pnpm@10 bench                                  (= tsx bench/parse-check.bench.ts)
 *   npx tsx bench/parse-check.bench.ts --lines 20000 --runs 30 --seed 7
 *   npx tsx bench/parse-check.bench.ts --src           (time packages/dsl/src as tsx runs it)
 *
 * What is timed is the built package (`@kaoping/dsl` → packages/dsl/dist, what the CLI and the
 * playground run); it is rebuilt first (`tsc -b packages/dsl`) when a source file is newer than
 * the last build. `--src` times the TypeScript source as tsx transpiles it instead: tsx compiles
 * with esbuild's `keepNames`, which wraps every closure the parser creates in a `__name(…)`
 * call, and that makes the parser about 3 times slower than the same code built by tsc.
 *
 * The first parse builds the chevrotain parser (grammar self-analysis), so it is timed apart
 * ("cold") and followed by warm-up runs; then each phase is timed over `--runs` runs and
 * reported as min and median, with lines per second at the median. Target: parse+check of
 * 10,000 lines under 200 ms. This is a measurement, not a test: it never fails on time.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generatePolicy } from './generate-policy.js';
import { arg, newestMtime } from './support.js';

type Dsl = typeof import('../packages/dsl/src/index.js');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DSL = join(ROOT, 'packages/dsl');

/** The built package, rebuilt first if the source is newer; the source itself with `--src` or if the build fails. */
async function loadDsl(): Promise<{ dsl: Dsl; from: string }> {
  if (process.argv.includes('--src')) return { dsl: await import('../packages/dsl/src/index.js'), from: 'packages/dsl/src via tsx (esbuild keepNames)' };
  let built = 0;
  try {
    built = statSync(join(DSL, 'tsconfig.tsbuildinfo')).mtimeMs;
  } catch {
    built = 0;
  }
  if (newestMtime(join(DSL, 'src')) > built) {
    console.error('packages/dsl/src is newer than its build: running tsc -b packages/dsl …');
    try {
      execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-b', DSL], { stdio: 'inherit' });
    } catch {
      console.error('the build failed; timing the source through tsx instead');
      return { dsl: await import('../packages/dsl/src/index.js'), from: 'packages/dsl/src via tsx (the build failed)' };
    }
  }
  return { dsl: (await import('@kaoping/dsl')) as Dsl, from: 'packages/dsl/dist (built by tsc)' };
}

const { dsl, from } = await loadDsl();
const { check, createEnv, lex, parse } = dsl;

const LINES = arg('lines', 10_000);
const RUNS = arg('runs', 20);
const WARMUP = arg('warmup', 5);
const SEED = arg('seed', 1);
const TARGET_MS = 200;

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function stats(samples: number[]): { min: number; median: number } {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0]!, median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2 };
}

const text = generatePolicy({ lines: LINES, seed: SEED });
const lineCount = text.split('\n').length;
const env = createEnv();

// Cold: the first analyze builds the parser.
let cold = 0;
let first: ReturnType<typeof env.analyze> | undefined;
cold = time(() => {
  first = env.analyze(text);
});
const diagnostics = first!.diagnostics;
const tokens = first!.parsed.tokens.length;
const decls = first!.parsed.ast.decls.length;

for (let i = 0; i < WARMUP; i++) env.analyze(text);

const phases: { name: string; f: () => unknown }[] = [
  { name: 'lex', f: () => lex(text) },
  { name: 'parse (lex + parse)', f: () => parse(text) },
  { name: 'check (on a parsed AST)', f: (() => {
    const ast = parse(text).ast;
    return () => check(ast);
  })() },
  { name: 'parse + check (`analyze`)', f: () => env.analyze(text) },
];

const rows: { name: string; min: number; median: number }[] = [];
for (const p of phases) {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(time(p.f));
  rows.push({ name: p.name, ...stats(samples) });
}

const fmt = (ms: number): string => ms.toFixed(1);
const perSec = (ms: number): string => Math.round(lineCount / (ms / 1000)).toLocaleString('en-US');
const cpu = cpus()[0]?.model ?? 'unknown CPU';

const out: string[] = [];
out.push(`## Kaoping parse + check benchmark`);
out.push('');
out.push(`- input: generated policy, ${lineCount.toLocaleString('en-US')} lines, ${text.length.toLocaleString('en-US')} characters, ${tokens.toLocaleString('en-US')} tokens, ${decls.toLocaleString('en-US')} declarations (seed ${SEED})`);
out.push(`- diagnostics on the input: ${diagnostics.length}${diagnostics.length ? ` (first: ${diagnostics[0]!.code} line ${diagnostics[0]!.span.line}: ${diagnostics[0]!.message.en})` : ' (checker-clean)'}`);
out.push(`- machine: ${availableParallelism()} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`);
out.push(`- code timed: ${from}`);
out.push(`- runs: ${RUNS} timed after ${WARMUP} warm-up; cold first \`analyze\` (builds the parser): ${fmt(cold)} ms`);
out.push('');
out.push('| phase | min (ms) | median (ms) | lines/s (median) |');
out.push('|---|---:|---:|---:|');
for (const r of rows) out.push(`| ${r.name} | ${fmt(r.min)} | ${fmt(r.median)} | ${perSec(r.median)} |`);
out.push('');
const analyze = rows[rows.length - 1]!;
out.push(
  analyze.median < TARGET_MS
    ? `parse + check median ${fmt(analyze.median)} ms: under the ${TARGET_MS} ms target.`
    : `parse + check median ${fmt(analyze.median)} ms: OVER the ${TARGET_MS} ms target.`,
);
console.log(out.join('\n'));
