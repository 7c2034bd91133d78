/**
 * CSV case files: one record kind per file, named by the file (events.csv, units.csv,
 * people.csv, inputs.csv, votes.csv, history.csv, or a name containing one of these words; see
 * kindFromName). The first row names the columns; an empty cell is an absent field; cells are
 * trimmed. Parsed by csv-parse as a stream, behind a check that the bytes are UTF-8 (utf8.ts: the
 * rows before the first line that is not are read); the position of every cell is worked out
 * from the raw text of its row.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { CaseValidator, DataError, OriginOf, RecordKind } from '@kaoping/evaluator';
import { at, checkReadable, unreadable } from './files.js';
import { kindFromName } from './ndjson.js';
import { notUtf8ErrorIn, Utf8Guard } from './utf8.js';

const METHOD_OF: Record<RecordKind, 'unit' | 'person' | 'event' | 'input' | 'vote' | 'history'> = {
  history: 'history',
  units: 'unit',
  people: 'person',
  events: 'event',
  inputs: 'input',
  votes: 'vote',
};

const CSV_PROBLEMS: Record<string, { zh: string; en: string }> = {
  CSV_QUOTE_NOT_CLOSED: { zh: '引号没有闭合', en: 'a quote is not closed' },
  CSV_INVALID_CLOSING_QUOTE: { zh: '闭合引号后应紧跟逗号或换行', en: 'a closing quote must be followed by a comma or a line break' },
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: { zh: '闭合引号后应紧跟逗号或换行', en: 'a closing quote must be followed by a comma or a line break' },
  INVALID_OPENING_QUOTE: { zh: '引号只能出现在单元格开头（单元格内的引号请写成两个 ""）', en: 'a quote may only open a cell (write a quote inside a cell as "")' },
  CSV_INVALID_OPENING_QUOTE: { zh: '引号只能出现在单元格开头（单元格内的引号请写成两个 ""）', en: 'a quote may only open a cell (write a quote inside a cell as "")' },
};

/** Line breaks in raw text: `\r\n`, `\n` and `\r` each count once. */
function breaks(raw: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (raw.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/** Where each cell of a row starts (1-based line offset from the row's first line, and column). */
function cellStarts(raw: string): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  let line = 0;
  let col = 1;
  let i = 0;
  const step = (): void => {
    const c = raw.charCodeAt(i);
    if (c === 10 || (c === 13 && raw.charCodeAt(i + 1) !== 10)) {
      line++;
      col = 1;
    } else if (c !== 13) {
      col++;
    }
    i++;
  };
  for (;;) {
    out.push({ line, column: col });
    if (raw[i] === '"') {
      step();
      while (i < raw.length) {
        if (raw[i] === '"') {
          if (raw[i + 1] === '"') {
            step();
            step();
            continue;
          }
          step();
          break;
        }
        step();
      }
    }
    while (i < raw.length && raw[i] !== ',' && raw[i] !== '\n' && raw[i] !== '\r') step();
    if (raw[i] === ',') {
      step();
      continue;
    }
    return out;
  }
}

/** The position of the quote that opened the last, unclosed cell of a raw row. */
function openQuote(raw: string): { line: number; column: number } | undefined {
  let line = 0;
  let col = 1;
  let inQuote = false;
  let opened: { line: number; column: number } | undefined;
  let cellStart = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (inQuote) {
      if (c === '"') {
        if (raw[i + 1] === '"') {
          i++;
          col += 2;
          continue;
        }
        inQuote = false;
      }
    } else if (c === '"' && cellStart) {
      inQuote = true;
      opened = { line, column: col };
    }
    cellStart = !inQuote && c === ',';
    if (c === '\n' || (c === '\r' && raw[i + 1] !== '\n')) {
      line++;
      col = 1;
      if (!inQuote) cellStart = true;
    } else if (c !== '\r') {
      col++;
    }
  }
  return inQuote ? opened : undefined;
}

export async function readCsv(path: string, display: string, v: CaseValidator): Promise<void> {
  try {
    await checkReadable(path);
  } catch (e) {
    v.error(unreadable(display, e));
    return;
  }
  const kind = kindFromName(path);
  if (!kind) {
    v.error({
      code: 'KD0106',
      message: {
        zh: `${display}：无法从文件名看出记录种类。CSV 文件名应包含 events、units、people、inputs、votes 之一（如 events.csv、2024-events.csv），或 事件、单位、人员、输入、测评票。请重命名该文件。`,
        en: `${display}: the file name does not say which records it holds. A CSV file name contains one of events, units, people, inputs, votes (e.g. events.csv, 2024-events.csv), or 事件, 单位, 人员, 输入, 测评票. Rename the file.`,
      },
      record: display,
    });
    return;
  }
  const method = METHOD_OF[kind];
  const input = createReadStream(path);
  const guard = new Utf8Guard();
  const parser = parse({ bom: true, raw: true, relax_column_count: true, skip_empty_lines: false });

  let nextLine = 1;
  let columns: { name: string; column: number }[] | undefined;
  let stopped = false;
  let headerRejected = false;

  /** One row; returns false to stop reading the file. */
  const row = ({ record, raw }: { record: string[]; raw: string }): boolean => {
    const line = nextLine;
    nextLine += breaks(raw);
    const cells = record.map((c) => c.trim());
    if (cells.every((c) => c === '')) return true;
    const starts = cellStarts(raw);
    const posOf = (i: number) => {
      const s = starts[i] ?? starts[starts.length - 1]!;
      return at(display, line + s.line, s.column);
    };
    if (!columns) {
      const problems: DataError[] = [];
      const seen = new Map<string, number>();
      cells.forEach((name, i) => {
        if (name === '') {
          problems.push(headerError(`第 ${i + 1} 列没有列名`, `column ${i + 1} has no name`, posOf(i)));
        } else if (seen.has(name)) {
          problems.push(headerError(`列名 ${name} 出现了两次（第 ${seen.get(name)! + 1} 列和第 ${i + 1} 列）`, `the column ${name} appears twice (columns ${seen.get(name)! + 1} and ${i + 1})`, posOf(i)));
        } else {
          seen.set(name, i);
        }
      });
      if (problems.length > 0) {
        for (const p of problems) v.error(p);
        headerRejected = true;
        return false;
      }
      columns = cells.map((name, i) => ({ name, column: i }));
      return true;
    }
    const cols = columns;
    const origin = at(display, line, 1);
    if (cells.length > cols.length && cells.slice(cols.length).some((c) => c !== '')) {
      const extra = cells.findIndex((c, i) => i >= cols.length && c !== '');
      v.reject(kind, {
        code: 'KD0109',
        message: {
          zh: `此行有 ${cells.length} 个单元格，但表头只有 ${cols.length} 列；第 ${extra + 1} 个单元格（${cells[extra]}）没有列名。此行未读取；请检查是否多了逗号（含逗号的值请用双引号括起）。`,
          en: `this row has ${cells.length} cells but the header has ${cols.length} columns; cell ${extra + 1} (${cells[extra]}) has no column. The row was not read; check for an extra comma (quote values that contain commas).`,
        },
        origin: posOf(extra),
      });
      return true;
    }
    const obj: Record<string, string> = {};
    for (const c of cols) {
      const val = cells[c.column];
      if (val === undefined || val === '') continue;
      // a column named __proto__ is a field like any other (an assignment would set the prototype)
      if (c.name === '__proto__') Object.defineProperty(obj, c.name, { value: val, enumerable: true, writable: true, configurable: true });
      else obj[c.name] = val;
    }
    const originOf: OriginOf = (p) => {
      const c = cols.find((x) => x.name === p[0]);
      return c ? posOf(c.column) : undefined;
    };
    v[method](obj, origin, originOf);
    return true;
  };

  const syntaxError = (e: unknown): void => {
    const code = (e as { code?: string }).code ?? '';
    // The guard ended the input before a line that is not UTF-8; a quoted cell open there is not
    // the writer's mistake (it may close further on): KD0100 below says from which line nothing was read.
    if (guard.invalidAt !== undefined && code === 'CSV_QUOTE_NOT_CLOSED') return;
    if (!code.startsWith('CSV_') && !code.startsWith('INVALID_')) {
      v.error(unreadable(display, e));
      return;
    }
    const raw = (e as { raw?: string }).raw ?? '';
    const quote = code === 'CSV_QUOTE_NOT_CLOSED' ? openQuote(raw) : undefined;
    const rawLines = raw.split(/\r\n|\r|\n/);
    const origin = quote
      ? at(display, nextLine + quote.line, quote.column)
      : at(display, nextLine + Math.max(0, rawLines.length - 1), (rawLines[rawLines.length - 1]?.length ?? 0) + 1);
    const p = CSV_PROBLEMS[code] ?? { zh: '格式错误', en: 'malformed CSV' };
    v.error({
      code: 'KD0103',
      message: {
        zh: `CSV 语法错误：${p.zh}。从第 ${nextLine} 行起本文件未读取；请改正后重试。`,
        en: `CSV syntax error: ${p.en}. The file was not read from line ${nextLine} on; correct it and try again.`,
      },
      origin,
    });
  };

  // Rows are handled as 'data' events: the rows before a syntax error are all delivered before
  // the error (an async iterator would drop the rows still buffered when the error comes).
  await new Promise<void>((resolveDone) => {
    const done = (): void => {
      if (stopped) return;
      stopped = true;
      input.destroy();
      resolveDone();
    };
    parser.on('data', (r: { record: string[]; raw: string }) => {
      if (stopped) return;
      if (!row(r)) {
        done();
        parser.destroy();
      }
    });
    parser.on('error', (e) => {
      if (!stopped) syntaxError(e);
      done();
    });
    parser.on('end', done);
    parser.on('close', done);
    input.on('error', (e) => {
      if (!stopped) v.error(unreadable(display, e));
      done();
      parser.destroy();
    });
    input.pipe(guard).pipe(parser);
  });
  if (guard.invalidAt !== undefined && !headerRejected) v.error(await notUtf8ErrorIn(path, display, guard.invalidAt, nextLine));
}

function headerError(zh: string, en: string, origin: DataError['origin']): DataError {
  return {
    code: 'KD0106',
    message: { zh: `CSV 表头有误：${zh}。本文件未读取；请改正表头。`, en: `CSV header problem: ${en}. The file was not read; correct the header row.` },
    ...(origin ? { origin } : {}),
  };
}
