/**
 * Global setup of the browser tests (the `e2e` project in vitest.config.ts): check that Chromium
 * is there, build the playground for production (packages/playground/dist, exactly what the
 * README tells a user to publish), copy the build to a private directory (so that another
 * build started while the tests run cannot pull files from under them), and serve the copy on
 * 127.0.0.1. The tests read the address with `inject('siteUrl')`.
 *
 * KAOPING_E2E_NO_BUILD=1 skips the build and serves packages/playground/dist as it is (for a
 * quick rerun after building by hand).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { serve } from './static-server.js';

export const CHROMIUM = '/usr/bin/chromium';
const PLAYGROUND = fileURLToPath(new URL('../../packages/playground/', import.meta.url));
const DIST = join(PLAYGROUND, 'dist');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built playground, served over HTTP: `http://127.0.0.1:PORT/`. */
    siteUrl: string;
  }
}

function build(): void {
  const started = Date.now();
  const run = spawnSync('npx', ['vite', 'build'], { cwd: PLAYGROUND, encoding: 'utf8', env: { ...process.env, npm_config_yes: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.error || run.status !== 0) {
    throw new Error(
      `The playground does not build (\`npx vite build\` in packages/playground exited with ${run.status ?? run.error?.message}), so the browser tests cannot run.\n` +
        `--- stdout\n${run.stdout ?? ''}\n--- stderr\n${run.stderr ?? ''}`,
    );
  }
  console.log(`[e2e] built packages/playground/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Every asset the build refers to is in the copy: the files index.html names, and the files
 * those name in turn (workers, lazy chunks, fonts). A copy taken while someone else rebuilds
 * would lack some.
 */
function complete(dir: string): boolean {
  if (!existsSync(join(dir, 'index.html'))) return false;
  const assets = join(dir, 'assets');
  const names = new Set<string>();
  for (const file of ['index.html', ...(existsSync(assets) ? readdirSync(assets).map((f) => `assets/${f}`) : [])]) {
    if (!/\.(html|js|css)$/.test(file)) continue;
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/[\w.-]+-[\w-]{8}\.(?:js|css|ttf)\b/g)) names.add(m[0]);
  }
  return names.size > 0 && [...names].every((n) => existsSync(join(assets, n)));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}, which is missing. Install it with:\n  apt-get install -y chromium fonts-noto-cjk\n(.ci/run does this on CI.)`);
  }
  const site = mkdtempSync(join(tmpdir(), 'kaoping-e2e-site-'));
  for (let attempt = 1; ; attempt++) {
    if (process.env.KAOPING_E2E_NO_BUILD !== '1' || !existsSync(DIST)) build();
    rmSync(site, { recursive: true, force: true });
    cpSync(DIST, site, { recursive: true });
    if (complete(site)) break;
    if (attempt >= 3) throw new Error(`packages/playground/dist is incomplete after building ${attempt} times (is another build running at the same time?)`);
  }
  const server = await serve(site);
  project.provide('siteUrl', server.url);
  return async () => {
    await server.close();
    rmSync(site, { recursive: true, force: true });
  };
}
