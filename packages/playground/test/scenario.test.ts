/** Scenario mode's pure parts (src/scenario.ts): events with their lines, record lines for traces, fresh ids. */
import { describe, expect, it } from 'vitest';
import type { EvalResult, PenaltyResult, SubjectResult } from '@kaoping/evaluator';
import { eventLines, nextEventId, recordLines, type EventLine } from '../src/scenario.js';

const DATA = [
  'period: { from: 2024-01-01, to: 2024-12-31 }', //                              1
  'units:', //                                                                     2
  '  - { id: W, name: 窗口 }', //                                                  3
  'people:', //                                                                    4
  '  - { id: E1, name: 与事件同号的人, unit: W }', //                              5
  '  - { id: A, name: 甲, unit: W }', //                                           6
  'events:', //                                                                    7
  '  - { id: E1, date: 2024-03-01, subject: A, type: 迟到 }', //                   8
  '  - id: E2', //                                                                 9
  '    date: 2024-03-08', //                                                      10
  '    subject: A', //                                                            11
  '    type: 投诉', //                                                            12
  '    属实: true', //                                                            13
  '', //                                                                          14
  '  - { id: "E10", date: 2024-04-01,', //                                        15
  '      subject: A, type: 迟到 }', //                                            16
  '  # 注释', //                                                                  17
  '  - { id: E11, date: 2024-05-01, subject: A, type: 迟到 }   # 行尾注释', //    18
  'votes:', //                                                                    19
  '  - { subject: W, survey: 满意度, choice: 满意, count: 3 }', //                20
  '',
].join('\n');

describe('eventLines', () => {
  it('every event with its id, fields and lines, one-line and multi-line records alike', () => {
    expect(eventLines(DATA)).toEqual([
      { id: 'E1', date: '2024-03-01', subject: 'A', type: '迟到', line: 8, endLine: 8 },
      { id: 'E2', date: '2024-03-08', subject: 'A', type: '投诉', line: 9, endLine: 13 },
      { id: 'E10', date: '2024-04-01', subject: 'A', type: '迟到', line: 15, endLine: 16 },
      { id: 'E11', date: '2024-05-01', subject: 'A', type: '迟到', line: 18, endLine: 18 },
    ]);
  });

  it('CRLF line ends count the same', () => {
    expect(eventLines(DATA.replace(/\n/g, '\r\n')).map((e) => [e.id, e.line, e.endLine])).toEqual([
      ['E1', 8, 8],
      ['E2', 9, 13],
      ['E10', 15, 16],
      ['E11', 18, 18],
    ]);
  });

  it('nothing for text that does not parse, has no events, or is not a mapping', () => {
    expect(eventLines('events:\n  - { id: E1, date: 2024-03-01\n')).toEqual([]);
    expect(eventLines('period: { from: 2024-01-01, to: 2024-12-31 }\n')).toEqual([]);
    expect(eventLines('- a\n- b\n')).toEqual([]);
    expect(eventLines('')).toEqual([]);
    expect(eventLines('events: 3\n')).toEqual([]);
  });
});

const penalty = (id: string, events: string[]): PenaltyResult => ({
  id,
  penalty: '待岗',
  kind: 'penalty',
  date: '2024-06-27',
  rule: id.split(':')[0]!,
  events,
  trace: { decl: id.split(':')[0]!, declKind: 'rule', span: { line: 1, column: 1, endLine: 1, endColumn: 2 }, records: events, why: { zh: '', en: '' } },
});
const resultWith = (penalties: PenaltyResult[]): EvalResult => ({ subjects: [{ id: 'A', penalties } as unknown as SubjectResult] }) as unknown as EvalResult;

describe('recordLines', () => {
  it('an event by its id: the events list, not a person with the same id', () => {
    expect(recordLines(DATA, ['E1'])).toEqual([8]);
  });

  it('every line of a multi-line record, block or flow', () => {
    expect(recordLines(DATA, ['E2'])).toEqual([9, 10, 11, 12, 13]);
    expect(recordLines(DATA, ['E10'])).toEqual([15, 16]);
  });

  it('an id is not a prefix of another (E1 is not E10 or E11); quotes and comments do not matter', () => {
    expect(recordLines(DATA, ['E11'])).toEqual([18]);
    expect(recordLines(DATA, ['E1', 'E11'])).toEqual([8, 18]);
  });

  it('a vote by its line', () => {
    expect(recordLines(DATA, ['vote:case.yaml:20'])).toEqual([20]);
  });

  it('a penalty stands for its events, even when its id looks like a vote reference', () => {
    const result = resultWith([penalty('三次待岗:A:1', ['E1', 'E2']), penalty('vote:A:1', ['E11'])]);
    expect(recordLines(DATA, ['三次待岗:A:1'], result)).toEqual([8, 9, 10, 11, 12, 13]);
    expect(recordLines(DATA, ['vote:A:1'], result)).toEqual([18]);
  });

  it('an unknown record gives no line; lines are sorted and unique', () => {
    expect(recordLines(DATA, ['E99'])).toEqual([]);
    expect(recordLines(DATA, ['E11', 'E1', 'E11', 'vote:case.yaml:3'])).toEqual([3, 8, 18]);
  });

  it('ids with regular-expression characters, and JSON-style keys', () => {
    const text = '{"events": [\n{"id": "E.1+", "date": "2024-01-01"},\n{"id": "E11", "date": "2024-01-02"}\n]}\n';
    expect(recordLines(text, ['E.1+'])).toEqual([2]);
    expect(recordLines(text, ['E11'])).toEqual([3]);
    expect(recordLines(text, ['E.11'])).toEqual([]);
  });

  it('without an events list, any record with the id', () => {
    expect(recordLines('people:\n  - { id: P1, name: 甲 }\n', ['P1'])).toEqual([2]);
  });
});

const ev = (...ids: string[]): EventLine[] => ids.map((id, n) => ({ id, date: '2024-01-01', subject: 'A', type: 't', line: n + 1, endLine: n + 1 }));

describe('nextEventId', () => {
  it('one more than the largest number, keeping the width', () => {
    expect(nextEventId(ev('E0001', 'E0009'))).toBe('E0010');
    expect(nextEventId(ev('E0009', 'E0002'))).toBe('E0010');
    expect(nextEventId(ev('E9'))).toBe('E10');
    expect(nextEventId(ev('E9999'))).toBe('E10000');
  });

  it('no events, or ids without a number: E1', () => {
    expect(nextEventId([])).toBe('E1');
    expect(nextEventId(ev('甲', '乙'))).toBe('E1');
  });

  it('mixed prefixes: the last numbered id’s prefix, counted among its own kind', () => {
    // street-office style: W1…W5, C1…C6, then N1: the next N is N2, not N7
    expect(nextEventId(ev('W1', 'W5', 'C1', 'C6', 'N1'))).toBe('N2');
    expect(nextEventId(ev('C12', 'E0003'))).toBe('E0004');
    expect(nextEventId(ev('E-2024-009', '甲'))).toBe('E-2024-010');
  });

  it('the order of the events does not matter for the number; widths differ: the widest', () => {
    expect(nextEventId(ev('E1', 'E3', 'E2'))).toBe('E4');
    expect(nextEventId(ev('E01', 'E2', 'E03'))).toBe('E04');
  });

  it('a long run of digits stays exact', () => {
    expect(nextEventId(ev('E12345678901234567890'))).toBe('E12345678901234567891');
  });
});
