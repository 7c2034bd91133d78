/**
 * Where the CLI writes, and in which language. Commands get an `Io` instead of touching
 * `process` directly, so `main` can be called from tests and its output captured.
 */
import type { Lang } from '@kaoping/dsl';

export interface Io {
  /** Normal output (diagnostics, JSON, lists of files). One call = one line. */
  out(line: string): void;
  /** Problems with the command itself (usage, unreadable paths, summaries in JSON mode). */
  err(line: string): void;
  /** Raw normal output, for large results written in pieces (no line end added). */
  write?(chunk: string): void;
  /** The directory paths are shown relative to. */
  readonly cwd: string;
}

export function processIo(): Io {
  return {
    out: (line) => void process.stdout.write(line + '\n'),
    write: (chunk) => void process.stdout.write(chunk),
    err: (line) => void process.stderr.write(line + '\n'),
    cwd: process.cwd(),
  };
}

/** A message in both languages; `t(lang, …)` picks one. */
export interface Text {
  readonly zh: string;
  readonly en: string;
}

export const t = (lang: Lang, text: Text): string => text[lang];

/** Exit codes: 0 fine, 1 the policies have problems, 2 the command could not do its job. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;
