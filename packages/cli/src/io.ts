/**
 * Where the CLI writes, and in which language. Commands get an `Io` instead of touching
 * `process` directly, so `main` can be called from tests and its output captured.
 *
 * Writing can fail (a full disk, a closed pipe): `processIo` remembers the first failure of
 * stdout, the commands stop writing once it is known (`outError`), and `main` waits for the
 * output to be handed over (`flush`) and reports a failure with exit code 2 (EPIPE — the reader
 * went away, as with `| head` — ends quietly).
 */
import type { Lang } from '@kaoping/dsl';
import { visible } from './render/visible.js';

export interface Io {
  /**
   * One line for a reader (diagnostics, tables, lists of files); the line end is added. Through
   * `escapingIo`, its control characters are shown as escapes: one call is one line on screen.
   */
  out(line: string): void;
  /** Problems with the command itself (usage, unreadable paths, summaries in JSON mode). One call = one line. */
  err(line: string): void;
  /** Output for programs (JSON, CSV), written as it is, in pieces (no line end added). */
  write(chunk: string): void;
  /** The directory paths are shown relative to. */
  readonly cwd: string;
  /** The first error writing the normal output, once it is known. */
  outError?(): NodeJS.ErrnoException | undefined;
  /** Resolves once everything written has been handed to the system, with the first write error. */
  flush?(): Promise<NodeJS.ErrnoException | undefined>;
}

export function processIo(): Io {
  let failure: NodeJS.ErrnoException | undefined;
  const note = (err: Error | null | undefined): void => {
    if (err && !failure) failure = err as NodeJS.ErrnoException;
  };
  const write = (chunk: string): void => {
    // Once a write has failed, the rest would fail too.
    if (failure || process.stdout.errored) return note(process.stdout.errored);
    process.stdout.write(chunk, note);
  };
  return {
    out: (line) => write(line + '\n'),
    write,
    err: (line) => void process.stderr.write(line + '\n'),
    cwd: process.cwd(),
    // A failed write to a file or a pipe is known at once (`errored`); the callback says it later.
    outError: () => failure ?? (process.stdout.errored as NodeJS.ErrnoException | null) ?? undefined,
    flush: () =>
      new Promise((done) => {
        if (failure || process.stdout.errored) return done(failure ?? (process.stdout.errored as NodeJS.ErrnoException));
        process.stdout.write('', (err) => {
          note(err);
          done(failure);
        });
      }),
  };
}

/**
 * `io` with every line for a reader (`out`, `err`) passed through `visible`: control characters
 * from policies and case data are shown as escapes (render/visible.ts). `write` stays as it is.
 */
export function escapingIo(io: IoInput): Io {
  return {
    ...io,
    out: (line) => io.out(visible(line)),
    err: (line) => io.err(visible(line)),
    // Without `write`, a piece of output (JSON ending in a line break) is handed to `out` unescaped.
    write: io.write ? (chunk) => io.write!(chunk) : (chunk) => io.out(chunk.replace(/\n$/, '')),
  };
}

/** What `main` can be given: an `Io` whose `write` may be left out (tests that capture lines). */
export type IoInput = Omit<Io, 'write'> & { write?(chunk: string): void };

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
