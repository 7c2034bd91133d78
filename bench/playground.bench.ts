/**
 * Benchmark of the playground (packages/playground): the production build's size, and the time
 * from the last keystroke to updated results in a real browser.
 *
 *   npx --yes pnpm@10 bench:playground           (= tsx bench/playground.bench.ts)
 *   npx tsx bench/playground.bench.ts --edits 40 --events 5000 --no-build
 *
 * 1. Build: `npx vite build` in packages/playground (timed; --no-build uses dist/ as it is), then
 *    every file of packages/playground/dist with its raw and gzip size (zlib level 9).
 * 2. Latency: Debian's Chromium (/usr/bin/chromium, the e2e tests' flags) on the built site served
 *    over HTTP. First the sample year as the page opens it (policies/county/qingshi-town.kp with
 *    examples/qingshi-2024: 60 people; each edit types over the `2` of `迟到扣分 … = 2分`). Then two
 *    workloads, each a policy of ~300 lines with 5,000 events of case data:
 *    - "P01": the largest real policy, policies/street-office-accountability.kp (334 lines), with a
 *      synthetic year from bench/generate-year.ts (500 people, 20 units, 5,000 events, seed 1).
 *      Each edit types one digit over the `3` of `3次以上` in rule 被诉待岗 (3 ↔ 4 complaints a
 *      month), which changes who is suspended: a real edit, re-checked and re-evaluated.
 *    - "generated": bench/generate-policy.ts, 300 lines, seed 1 (scores, weighted composites,
 *      grade scales, ladders, windows, quotas), with a year from bench/generate-year.ts for it.
 *      Each edit types a character at the end of a comment line (the whole pipeline runs again:
 *      the worker caches by policy text).
 *    Plus, on P01, edits of the case data (one event's attribute), where the policy's compiled
 *    program is reused.
 *    The clock starts when the model changes (the keystroke, `keyboard.insertText` into the
 *    focused editor) and stops when the page has rendered the results (`body[data-analyses]`
 *    incremented, observed by a MutationObserver) and, second figure, at the next animation frame
 *    (just before the browser paints it). The page's `body[data-last-timings]` (src/main.ts)
 *    splits it: debounce, the worker's phases (analyze = parse + check, compile, data = read and
 *    validate the YAML, evaluate), the round trip to the worker beyond its own work (copying the
 *    messages), and the render.
 *
 * This is a measurement, not a test: it never fails on time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { serve } from '../test/e2e/static-server.js';
import { generatePolicy } from './generate-policy.js';
import { writeYear } from './generate-year.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLAYGROUND = join(ROOT, 'packages/playground');
const DIST = join(PLAYGROUND, 'dist');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update'];
const P01 = 'policies/street-office-accountability.kp';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} needs a positive whole number`);
  return v;
}
const EDITS = arg('edits', 20);
const WARMUP = arg('warmup', 3);
const EVENTS = arg('events', 5000);
const PEOPLE = arg('people', 500);
const UNITS = arg('units', 20);
const build = !process.argv.includes('--no-build');

const ms = (n: number): string => n.toFixed(1);
const kib = (n: number): string => (n / 1024).toFixed(1);
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  // nearest rank
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}
const median = (xs: readonly number[]): number => quantile(xs, 0.5);

// ---- machine ---------------------------------------------------------------------------------

const chromiumVersion = (() => {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
})();
console.log(`# Playground benchmark — ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${chromiumVersion}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

// ---- 1. build and sizes ------------------------------------------------------------------------

if (build) {
  const t0 = performance.now();
  const r = spawnSync('npx', ['vite', 'build'], { cwd: PLAYGROUND, encoding: 'utf8', env: { ...process.env, npm_config_yes: 'true' } });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  console.log(`\nbuild: \`npx vite build\` in packages/playground took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else if (!existsSync(DIST)) throw new Error('packages/playground/dist is missing: build it first, or drop --no-build');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}
// Copy the build (another build started meanwhile must not change what is measured).
const site = mkdtempSync(join(tmpdir(), 'kaoping-bench-site-'));
cpSync(DIST, site, { recursive: true });
const sizes = files(site)
  .map((f) => {
    const raw = readFileSync(f);
    return { file: relative(site, f), raw: statSync(f).size, gzip: gzipSync(raw, { level: 9 }).length };
  })
  .sort((a, b) => b.raw - a.raw);
console.log('\n## Production build (packages/playground/dist)\n');
console.log('| file | raw (KiB) | gzip -9 (KiB) |');
console.log('|---|---:|---:|');
for (const s of sizes) console.log(`| ${s.file} | ${kib(s.raw)} | ${kib(s.gzip)} |`);
const total = sizes.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
console.log(`| **total** (${sizes.length} files) | **${kib(total.raw)}** | **${kib(total.gzip)}** |`);

// ---- 2. latency --------------------------------------------------------------------------------

interface Timings {
  analyze: number;
  compile: number;
  data: number;
  evaluate: number;
  debounce: number;
  roundTrip: number;
  render: number;
}
interface Sample {
  /** keystroke → results in the DOM */
  done: number;
  /** keystroke → the next animation frame after that */
  frame: number;
  t: Timings;
}

/** Install the clock in the page: model change → data-analyses change → next frame. */
async function installClock(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { editAt: number; doneAt: number; frameAt: number }; kaoping: { policyModel: { onDidChangeContent(f: () => void): void }; dataModel: { onDidChangeContent(f: () => void): void } } };
    w.__bench = { editAt: 0, doneAt: 0, frameAt: 0 };
    const edited = (): void => {
      w.__bench.editAt = performance.now();
    };
    w.kaoping.policyModel.onDidChangeContent(edited);
    w.kaoping.dataModel.onDidChangeContent(edited);
    new MutationObserver(() => {
      w.__bench.doneAt = performance.now();
      requestAnimationFrame(() => {
        w.__bench.frameAt = performance.now();
      });
    }).observe(document.body, { attributes: true, attributeFilter: ['data-analyses'] });
  });
}

async function analyses(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.body.dataset.analyses ?? 0));
}

/** Select a range in an editor, type `text` over it (or delete it: ''), and time until the results are rendered. */
async function timedEdit(page: Page, which: 'policy' | 'data', range: [number, number, number, number], text: string): Promise<Sample> {
  const before = await analyses(page);
  await page.evaluate(
    ([w, r]) => {
      const win = window as unknown as { __bench: { frameAt: number; doneAt: number }; kaoping: Record<string, { setSelection(r: object): void; focus(): void }> };
      win.__bench.frameAt = 0;
      win.__bench.doneAt = 0;
      const editor = win.kaoping[w === 'policy' ? 'policyEditor' : 'dataEditor']!;
      editor.setSelection({ startLineNumber: r[0], startColumn: r[1], endLineNumber: r[2], endColumn: r[3] });
      editor.focus();
    },
    [which, range] as const,
  );
  if (text === '') await page.keyboard.press('Delete');
  else await page.keyboard.insertText(text);
  await page.waitForFunction((n) => Number(document.body.dataset.analyses ?? 0) > n && (window as unknown as { __bench: { frameAt: number } }).__bench.frameAt > 0, before, { timeout: 120_000, polling: 20 });
  const r = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { editAt: number; doneAt: number; frameAt: number } }).__bench;
    return { done: b.doneAt - b.editAt, frame: b.frameAt - b.editAt, t: JSON.parse(document.body.dataset.lastTimings ?? '{}') as Timings, state: document.body.dataset.state };
  });
  if (r.state !== 'ok') throw new Error(`the edit left the page in state ${r.state}`);
  await page.waitForTimeout(250); // the next edit is a separate one
  return r;
}

function report(name: string, samples: readonly Sample[]): void {
  const row = (label: string, xs: number[]): string => `| ${label} | ${ms(median(xs))} | ${ms(quantile(xs, 0.95))} | ${ms(Math.min(...xs))} | ${ms(Math.max(...xs))} |`;
  console.log(`\n### ${name} (${samples.length} edits)\n`);
  console.log('| from the keystroke to … / phase | median (ms) | p95 (ms) | min | max |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(row('**results rendered** (body[data-analyses])', samples.map((s) => s.done)));
  console.log(row('**next animation frame** (painted)', samples.map((s) => s.frame)));
  console.log(row('debounce (keystroke → request sent)', samples.map((s) => s.t.debounce)));
  console.log(row('worker: analyze (parse + check)', samples.map((s) => s.t.analyze)));
  console.log(row('worker: compile', samples.map((s) => s.t.compile)));
  console.log(row('worker: data (read + validate YAML)', samples.map((s) => s.t.data)));
  console.log(row('worker: evaluate', samples.map((s) => s.t.evaluate)));
  console.log(row('messages (round trip − worker work)', samples.map((s) => s.t.roundTrip - s.t.analyze - s.t.compile - s.t.data - s.t.evaluate)));
  console.log(row('render (markers, table, chart)', samples.map((s) => s.t.render)));
  console.log(row('after debounce (results − debounce)', samples.map((s) => s.done - s.t.debounce)));
}

/** The case data as the playground's editor holds it: YAML, one event a line (JSON flow maps are YAML). */
async function caseText(policyFile: string, seed: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kaoping-bench-year-'));
  try {
    const w = await writeYear({ policy: policyFile, people: PEOPLE, units: UNITS, events: EVENTS, seed }, dir);
    const header = readFileSync(w.header, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
    const events = readFileSync(w.events, 'utf8').trimEnd().split('\n').map((l) => `  - ${l}`);
    return `# bench/generate-year.ts: seed ${seed}, ${UNITS} units, ${PEOPLE} people, ${EVENTS} events\n${header.trimEnd()}\nevents:\n${events.join('\n')}\n`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const server = await serve(site);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e));
  // tsx compiles this file with esbuild's keepNames: functions passed to page.evaluate may call
  // its `__name` helper, which the page does not have.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  const t0 = performance.now();
  await page.goto(server.url);
  await page.waitForFunction(() => Number(document.body.dataset.analyses ?? 0) >= 1, null, { timeout: 120_000 });
  console.log(`\n## Latency in Chromium\n\nfirst load (navigation → first results of the sample year, 60 people, cold worker): ${ms(performance.now() - t0)} ms`);
  await installClock(page);

  async function load(policy: string, data: string, label: string): Promise<void> {
    const before = await analyses(page);
    const t = performance.now();
    await page.evaluate(
      ([p, d]) => {
        const k = (window as unknown as { kaoping: { policyModel: { setValue(s: string): void }; dataModel: { setValue(s: string): void } } }).kaoping;
        k.policyModel.setValue(p);
        k.dataModel.setValue(d);
      },
      [policy, data] as const,
    );
    await page.waitForFunction((n) => Number(document.body.dataset.analyses ?? 0) > n, before, { timeout: 120_000 });
    const info = await page.evaluate(() => ({
      state: document.body.dataset.state,
      subjects: (window as unknown as { kaoping: { lastResult(): { subjects: unknown[] } | undefined } }).kaoping.lastResult()?.subjects.length,
      rows: document.querySelectorAll('table.subjects tbody tr').length,
      penalties: document.querySelectorAll('a.chip').length,
    }));
    if (info.state !== 'ok') throw new Error(`${label}: the page is in state ${info.state} (markers?)`);
    console.log(`\n${label}: ${policy.split('\n').length} policy lines, ${data.split('\n').length} data lines (${kib(Buffer.byteLength(data))} KiB), ${info.subjects} subjects, ${info.rows} table rows, ${info.penalties} penalty chips; loading it (setValue → results) took ${ms(performance.now() - t)} ms`);
  }

  // -- workload 0: the sample year as it opens (qingshi-town.kp, 58 lines + its 175-line base; 60 people)
  {
    const line = await page.evaluate(() => (window as unknown as { kaoping: { policyModel: { getLineContent(n: number): string } } }).kaoping.policyModel.getLineContent(18));
    if (!/: 分 = 2分$/.test(line)) throw new Error(`qingshi-town.kp line 18 is not the 迟到扣分 override: ${line}`);
    const c = line.length - 1; // the `2` of `2分`
    const samples: Sample[] = [];
    for (let i = 0; i < WARMUP + EDITS; i++) {
      const s = await timedEdit(page, 'policy', [18, c, 18, c + 1], i % 2 === 0 ? '3' : '2');
      if (i >= WARMUP) samples.push(s);
    }
    const events = await page.evaluate(() => (window as unknown as { kaoping: { lastResult(): { subjects: unknown[] } } }).kaoping.lastResult().subjects.length);
    report(`sample year (policies/county/qingshi-town.kp on examples/qingshi-2024, ${events} subjects) — policy edits (迟到扣分 2分 ↔ 3分)`, samples);
  }

  // -- workload 1: P01, the largest real policy
  await page.selectOption('#example', await page.$eval('#example', (s, f) => [...(s as HTMLSelectElement).querySelectorAll('optgroup')].find((g) => g.label.startsWith(f))!.querySelector('option')!.value, P01.replace(/^policies\//, '')));
  const p01 = readFileSync(join(ROOT, P01), 'utf8');
  await load(p01, await caseText(join(ROOT, P01), 1), `P01 (${P01})`);
  const lines = p01.split('\n');
  const ruleLine = lines.findIndex((l) => /次数\(群众投诉 其中 事实清楚 在 自然月 内\) 3次以上 则 待岗/.test(l)) + 1;
  if (ruleLine === 0) throw new Error('rule 被诉待岗 not found in P01');
  const col = lines[ruleLine - 1]!.indexOf(') 3次以上') + 3; // 1-based column of the `3`
  const p01Samples: Sample[] = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const s = await timedEdit(page, 'policy', [ruleLine, col, ruleLine, col + 1], i % 2 === 0 ? '4' : '3');
    if (i >= WARMUP) p01Samples.push(s);
  }
  report(`P01 (${P01}, ${lines.length} lines), ${EVENTS} events — policy edits (3 ↔ 4 in rule 被诉待岗)`, p01Samples);

  // -- P01, data edits: flip one event's 事实清楚 (true ↔ false)
  const dataLine = await page.evaluate(() => {
    const m = (window as unknown as { kaoping: { dataModel: { getLinesContent(): string[] } } }).kaoping.dataModel.getLinesContent();
    return m.findIndex((l) => /"type":"群众投诉".*"事实清楚":true/.test(l)) + 1;
  });
  const dataSamples: Sample[] = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const line = await page.evaluate((l) => (window as unknown as { kaoping: { dataModel: { getLineContent(n: number): string } } }).kaoping.dataModel.getLineContent(l), dataLine);
    const from = line.includes('"事实清楚":true') ? 'true' : 'false';
    const c = line.indexOf(`"事实清楚":${from}`) + '"事实清楚":'.length + 1;
    const s = await timedEdit(page, 'data', [dataLine, c, dataLine, c + from.length], from === 'true' ? 'false' : 'true');
    if (i >= WARMUP) dataSamples.push(s);
  }
  report(`P01, ${EVENTS} events — data edits (one event's 事实清楚 true ↔ false; the compiled policy is reused)`, dataSamples);

  // -- workload 2: the generated 300-line policy
  const genFile = join(mkdtempSync(join(tmpdir(), 'kaoping-bench-policy-')), 'generated-300.kp');
  const gen = generatePolicy({ lines: 300, seed: 1 });
  writeFileSync(genFile, gen);
  await load(gen, await caseText(genFile, 1), 'generated (bench/generate-policy.ts, 300 lines, seed 1)');
  const genLines = gen.split('\n');
  const commentLine = genLines.findIndex((l) => /^\s*#/.test(l)) + 1;
  if (commentLine === 0) throw new Error('no comment line in the generated policy');
  const end = genLines[commentLine - 1]!.length + 1;
  const genSamples: Sample[] = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    // type `x` at the end of the comment, then delete it again: two separate edits
    const s = i % 2 === 0 ? await timedEdit(page, 'policy', [commentLine, end, commentLine, end], 'x') : await timedEdit(page, 'policy', [commentLine, end, commentLine, end + 1], '');
    if (i >= WARMUP) genSamples.push(s);
  }
  report(`generated policy (300 lines), ${EVENTS} events — policy edits (a character typed in a comment)`, genSamples);
  console.log(`\nload average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(site, { recursive: true, force: true });
}
