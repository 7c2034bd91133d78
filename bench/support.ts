/**
 * What the benchmarks share: reading `--name N` options, telling a stale build from a fresh one,
 * and running node in a fresh process with its peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** `--name N` from the command line (a positive number), or `fallback`. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

/** The newest modification time of any file under `dir` (ms). */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Report the process's peak RSS on stderr at exit (loaded with `node --import`). */
const MAXRSS_HOOK = 'data:text/javascript,process.on("exit",()=>process.stderr.write(`\\nKAOPING_BENCH_MAXRSS=${process.resourceUsage().maxRSS}\\n`))';

export interface NodeRun {
  readonly ms: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak RSS in bytes (0 when the process died before it could say). */
  readonly maxRss: number;
  readonly timedOut: boolean;
}

/** Run `node ARGS` in a fresh process: its wall time, output and peak RSS. */
export function runNode(args: readonly string[], cwd: string, timeoutMs?: number): NodeRun {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, ['--import', MAXRSS_HOOK, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, ...(timeoutMs ? { timeout: timeoutMs, killSignal: 'SIGKILL' as const } : {}) });
  const elapsed = performance.now() - t0;
  const m = /KAOPING_BENCH_MAXRSS=(\d+)/.exec(p.stderr ?? '');
  return {
    ms: elapsed,
    status: p.status,
    stdout: p.stdout ?? '',
    stderr: (p.stderr ?? '').replace(/\n?KAOPING_BENCH_MAXRSS=\d+\n?/, ''),
    maxRss: m ? Number(m[1]) * 1024 : 0,
    timedOut: (p.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
  };
}
