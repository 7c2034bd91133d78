/**
 * NDJSON case files (`*.ndjson`, `*.jsonl`): one JSON object per line, streamed line by line.
 * A line is an event unless it says otherwise with a `record` member (`"record": "unit"`), or the
 * file's name says otherwise (`units.ndjson`; see kindFromName). Blank lines are skipped.
 */
import { basename } from 'node:path';
import type { CaseValidator, DataError, OriginOf, RecordKind } from '@kaoping/evaluator';
import { at, checkReadable, lines, unreadable } from './files.js';
import { JsonLineError, parseJsonLine } from '@kaoping/evaluator';
import { NotUtf8, notUtf8ErrorIn } from './utf8.js';

type Method = 'header' | 'unit' | 'person' | 'event' | 'input' | 'vote' | 'history';

const RECORD_NAMES: Record<string, Method> = {
  header: 'header',
  case: 'header',
  unit: 'unit',
  units: 'unit',
  person: 'person',
  people: 'person',
  event: 'event',
  events: 'event',
  input: 'input',
  inputs: 'input',
  vote: 'vote',
  votes: 'vote',
  history: 'history',
};

/**
 * The record kind a file's name gives: `units.csv`, `2024.units.csv`, `units-2024.ndjson`,
 * `单位.csv` … (events, units, people, inputs, votes, history; Chinese 事件, 单位, 人员, 输入, 测评票, 往期).
 */
export function kindFromName(path: string): RecordKind | undefined {
  const stem = basename(path).toLowerCase().replace(/\.(csv|ndjson|jsonl)$/, '');
  const words = stem.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  const names: Record<string, RecordKind> = {
    events: 'events', event: 'events', 事件: 'events',
    units: 'units', unit: 'units', 单位: 'units',
    people: 'people', persons: 'people', person: 'people', 人员: 'people',
    inputs: 'inputs', input: 'inputs', 输入: 'inputs',
    votes: 'votes', vote: 'votes', 测评票: 'votes', 投票: 'votes',
    history: 'history', 往期: 'history', 往期记录: 'history', 历史: 'history',
  };
  for (const w of words) if (Object.hasOwn(names, w)) return names[w];
  return undefined;
}

const METHOD_OF: Record<RecordKind, Exclude<Method, 'header'>> = { units: 'unit', people: 'person', events: 'event', inputs: 'input', votes: 'vote', history: 'history' };

export async function readNdjson(path: string, display: string, v: CaseValidator): Promise<void> {
  const fileKind: RecordKind = kindFromName(path) ?? 'events';
  try {
    await checkReadable(path);
    for await (const { text, line } of lines(path)) {
      if (text.trim() === '') continue;
      let parsed;
      try {
        parsed = parseJsonLine(text);
      } catch (e) {
        if (!(e instanceof JsonLineError)) throw e;
        v.reject(fileKind, lineError(display, line, e.offset + 1, e.zh, e.en));
        continue;
      }
      const value = parsed.value;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        v.reject(
          fileKind,
          lineError(display, line, 1, `此行应为一个 JSON 对象（{…}），实际为 ${Array.isArray(value) ? '列表' : String(value)}`, `this line should be a JSON object ({…}), but is ${Array.isArray(value) ? 'a list' : String(value)}`),
        );
        continue;
      }
      const origin = at(display, line, firstNonSpace(text) + 1);
      const originOf: OriginOf = (p) => {
        const off = parsed.offsetOf(p);
        return off === undefined ? undefined : at(display, line, off + 1);
      };
      let method: Method = METHOD_OF[fileKind];
      if ('record' in value) {
        const r = value.record;
        // own names only: `"record": "constructor"` is no kind of record
        const m = typeof r === 'string' && Object.hasOwn(RECORD_NAMES, r) ? RECORD_NAMES[r] : undefined;
        if (!m) {
          v.reject(fileKind, {
            code: 'KD0108',
            message: {
              zh: `record 应为 header、unit、person、event、input、vote、history 之一，实际为 ${JSON.stringify(r)}。请改正。`,
              en: `record should be one of header, unit, person, event, input, vote, history, but is ${JSON.stringify(r)}. Correct it.`,
            },
            origin: originOf(['record']) ?? origin,
          });
          continue;
        }
        method = m;
        const { record: _drop, ...rest } = value;
        void _drop;
        if (method === 'header') v.header(rest, originOf);
        else v[method](rest, origin, originOf);
        continue;
      }
      v[method](value, origin, originOf);
    }
  } catch (e) {
    v.error(e instanceof NotUtf8 ? await notUtf8ErrorIn(path, display, e.offset, 'from its line') : unreadable(display, e));
  }
}

function firstNonSpace(s: string): number {
  const m = /\S/.exec(s);
  return m ? m.index : 0;
}

function lineError(file: string, line: number, column: number, zh: string, en: string): DataError {
  return {
    code: 'KD0104',
    message: { zh: `此行不是合法的 JSON：${zh}。此行未读取；请改正。`, en: `this line is not valid JSON: ${en}. The line was not read; correct it.` },
    origin: at(file, line, column),
  };
}
