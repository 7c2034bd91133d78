/** An analysis environment that reads base policies (`extends`) from disk, relative to the extending file. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createEnv, type Env } from '../../packages/dsl/src/index.js';

/** `dir` is where a policy analysed without a file name is taken to live. */
export function fileEnv(dir: string): Env {
  return createEnv({
    loadBase: (path, from) => {
      const file = resolve(dirname(from ?? join(dir, 'x')), path);
      try {
        return { text: readFileSync(file, 'utf8'), file };
      } catch {
        return undefined;
      }
    },
  });
}
