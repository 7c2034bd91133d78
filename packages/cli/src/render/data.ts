/**
 * Case-data problems and record counts as the CLI prints them:
 *
 *   case.yaml:15:9: 错误 KD0124: 事件 E7 的属性 情节 应为 一般、严重 之一，实际为 特别严重。请改为其中之一……
 *   记录（读取/采用/拒绝）：单位 2/2/0，人员 4/4/0，事件 8/7/1，输入 2/2/0，测评票 0/0/0
 */
import type { Lang } from '@kaoping/dsl';
import type { DataError, RecordCounts } from '@kaoping/evaluator';
import { thousands } from './width.js';

export type Counts = Readonly<Record<'units' | 'people' | 'events' | 'inputs' | 'votes', RecordCounts>> & { readonly history?: RecordCounts };

const KINDS = ['units', 'people', 'events', 'inputs', 'votes'] as const;
const KIND_WORDS: Record<(typeof KINDS)[number], { zh: string; en: string }> = {
  units: { zh: '单位', en: 'units' },
  people: { zh: '人员', en: 'people' },
  events: { zh: '事件', en: 'events' },
  inputs: { zh: '输入', en: 'inputs' },
  votes: { zh: '测评票', en: 'votes' },
};

/** One problem: `file:line:column: 错误 CODE: message` (like a policy diagnostic), or without a position. */
export function formatDataError(e: DataError, lang: Lang): string {
  const sev = lang === 'zh' ? '错误' : 'error';
  const where = e.origin ? `${e.origin.file}:${e.origin.line}:${e.origin.column}: ` : '';
  return `${where}${sev} ${e.code}: ${e.message[lang]}`;
}

/** `记录（读取/采用/拒绝）：单位 2/2/0，人员 4/4/0，…`; the history before the period (往期) when there is any. */
export function countsLine(counts: Counts, lang: Lang): string {
  const parts = KINDS.map((k) => {
    const c = counts[k];
    return `${KIND_WORDS[k][lang]} ${thousands(c.read)}/${thousands(c.used)}/${thousands(c.rejected)}`;
  });
  const h = counts.history;
  if (h && h.read > 0) parts.push(`${lang === 'zh' ? '往期记录' : 'history records'} ${thousands(h.read)}/${thousands(h.used)}/${thousands(h.rejected)}`);
  return lang === 'zh' ? `记录（读取/采用/拒绝）：${parts.join('，')}` : `records (read/used/rejected): ${parts.join(', ')}`;
}

/** All records read, over every kind. */
export function totalRead(counts: Counts): number {
  return KINDS.reduce((n, k) => n + counts[k].read, counts.history?.read ?? 0);
}
