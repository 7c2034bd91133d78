/**
 * `kaoping explain`: why one subject has its score, its grade and each of its penalties, as an
 * auditor would check it — every score line with its amount, reason, input records and the
 * clause (`file:line` and the text of that line); the grade from the score and each change to
 * it; each penalty with the rule that imposed it and the events it rests on; each eligibility
 * lost; rankings and quotas; for a unit, its members.
 *
 * The section functions are also used by `kaoping test` to show the trace behind a failed
 * expectation.
 */
import type { Lang } from '@kaoping/dsl';
import type { EvalResult, ExemptionResult, GradeResult, PenaltyResult, ScoreResult, SubjectResult, SurveyResult, Trace } from '@kaoping/evaluator';
import { withRecordNames, type PolicyContext } from './context.js';
import { shortPenalty } from './table.js';
import { table } from './width.js';

/** At most this many record ids are listed on one line; the rest are counted. */
const MAX_RECORDS = 30;

const ITEM = {
  zh: { base: '基础分', weighted: '加权', value: '公式', deduct: '扣分', add: '加分', cap: '封顶', clamp: '限定范围', round: '舍入' },
  en: { base: 'base', weighted: 'weighted', value: 'value', deduct: 'deduct', add: 'add', cap: 'cap', clamp: 'clamp', round: 'round' },
} as const;

const CHANGE = {
  zh: { set: '定为', cap: '至多', downgrade: '降档', veto: '一票否决' },
  en: { set: 'set to', cap: 'at most', downgrade: 'downgrade', veto: 'veto' },
} as const;

const SANCTION = {
  zh: { penalty: '处罚', outcome: '后果', referral: '移送' },
  en: { penalty: 'penalty', outcome: 'outcome', referral: 'referral' },
} as const;

const DECL_KIND = {
  zh: { rule: '规则', score: '评分', grades: '等次划分', quota: '名额', deadline: '时限', survey: '测评', input: '案件数据' },
  en: { rule: 'rule', score: 'score', grades: 'grades', quota: 'quota', deadline: 'deadline', survey: 'survey', input: 'case data' },
} as const;

const sep = (lang: Lang): string => (lang === 'zh' ? '、' : ', ');

/** `E3、E4、E5`, or the first 30 and `等 120 条`; imposed penalties by name and date (`recordName`). */
export function recordList(records: readonly string[], lang: Lang, ctx?: PolicyContext): string {
  const named = ctx?.recordName ? records.map((r) => ctx.recordName!(r)) : records;
  if (named.length <= MAX_RECORDS) return named.join(sep(lang));
  const shown = named.slice(0, MAX_RECORDS).join(sep(lang));
  return lang === 'zh' ? `${shown} 等 ${records.length} 条` : `${shown} and ${records.length - MAX_RECORDS} more`;
}

/**
 * A trace's reason as the reader wants it: imposed penalties by name and date instead of their
 * ids, and a non-terminating decimal (shown by the evaluator to 20 places) cut to 8 places with
 * `…`, so that it is plainly not rounded. Scores and totals are never cut.
 */
export function readable(text: string, ctx?: PolicyContext): string {
  let t = text.replace(/(\d+\.\d{8})\d{4,}/g, '$1…');
  if (ctx?.recordName) t = t.replace(/[^\s（）()、,，:：]+:[^\s（）()、,，:：]+:\d+/g, (id) => ctx.recordName!(id));
  return t;
}

/** `demo.kp:31  扣 2分 每 投诉 其中 属实`: where a trace points, and the text of that line. */
export function clause(trace: Trace, ctx: PolicyContext): string {
  const text = ctx.text(trace.span);
  return text ? `${ctx.where(trace.span)}  ${text}` : ctx.where(trace.span);
}

/** `规则 投诉告诫「属实的投诉予以告诫」`, or `案件数据` for a sanction recorded in the data. */
export function source(trace: Trace, ctx: PolicyContext, lang: Lang): string {
  if (trace.declKind === 'input') return lang === 'zh' ? '案件数据' : 'case data';
  return `${DECL_KIND[lang][trace.declKind]} ${ctx.named(trace.decl)}`;
}

/** The lines of one score: each item with amount, reason, records and clause, then the value. */
export function scoreSection(score: ScoreResult, ctx: PolicyContext, lang: Lang, indent = '    '): string[] {
  const head = lang === 'zh' ? ['项目', '分值', '说明', '依据记录', '条款'] : ['item', 'amount', 'reason', 'records', 'clause'];
  const rows: string[][] = [head];
  for (const l of score.lines) {
    rows.push([ITEM[lang][l.item], readable(l.amount), readable(l.trace.why[lang], ctx), recordList(l.trace.records, lang, ctx), clause(l.trace, ctx)]);
  }
  const value = score.value ?? (lang === 'zh' ? '无法计算' : 'unknown');
  rows.push([lang === 'zh' ? '得分' : 'score', value, '', '', '']);
  return table(rows, { indent, align: ['left', 'right', 'left', 'left', 'left'] });
}

/** How the grade came about: the band from the score, then every change in order. */
export function gradeSection(s: SubjectResult, g: GradeResult, ctx: PolicyContext, lang: Lang, indent = '    '): string[] {
  const out: string[] = [];
  const scale = ctx.scale(g.scale);
  const band = (name: string | null): string => {
    if (name === null) return lang === 'zh' ? '无' : 'none';
    const l = scale?.bands.find((b) => b.name === name)?.label;
    return l && l !== name ? `${name}「${l}」` : name;
  };
  const scoreName = scale?.score;
  const value = scoreName ? s.scores.find((x) => x.name === scoreName)?.value : undefined;
  const info = scale?.bands.find((b) => b.name === g.baseBand);
  if (g.baseBand === null) {
    out.push(lang === 'zh' ? `${indent}${scoreName ?? '得分'} 无法计算，没有等次` : `${indent}${scoreName ?? 'the score'} is unknown: no grade`);
  } else {
    const by = lang === 'zh' ? `按 ${scoreName} ${value ?? ''} 定为 ${band(g.baseBand)}` : `${scoreName} ${value ?? ''} gives ${band(g.baseBand)}`;
    out.push(`${indent}${by.replace(/\s+/g, ' ')}${info ? `    ${info.where}  ${info.text ?? ''}`.trimEnd() : ''}`);
  }
  if (g.changes.length > 0) {
    out.push(`${indent}${lang === 'zh' ? '调整：' : 'changes:'}`);
    const c = lang === 'zh' ? '：' : ': ';
    g.changes.forEach((ch, i) => {
      const what = ch.kind === 'veto' ? CHANGE[lang].veto : `${CHANGE[lang][ch.kind]} ${band(ch.band)}`;
      out.push(`${indent}  ${i + 1}. ${ch.date}  ${what}`);
      const pad = `${indent}  ${' '.repeat(String(i + 1).length + 2)}`;
      out.push(`${pad}${lang === 'zh' ? '依据' : 'by'}${c}${source(ch.trace, ctx, lang)}  ${clause(ch.trace, ctx)}`);
      out.push(`${pad}${lang === 'zh' ? '原因' : 'why'}${c}${readable(ch.trace.why[lang], ctx)}`);
    });
  }
  out.push(`${indent}${lang === 'zh' ? '最终等次' : 'final grade'}${lang === 'zh' ? '：' : ': '}${band(g.band)}${g.vetoed ? (lang === 'zh' ? '（一票否决，排名最后）' : ' (vetoed, ranked last)') : ''}`);
  return out;
}

/**
 * Records as an auditor finds them: `votes.csv 第 12–16、40 行` (refs are `vote:FILE:LINE`, as the
 * evaluator names votes; inputs are passed the same way); records without a file are counted.
 */
export function voteLines(refs: readonly string[], lang: Lang): string {
  const byFile = new Map<string, number[]>();
  let other = 0;
  for (const r of refs) {
    const m = /^vote:(.*):(\d+)$/.exec(r);
    if (!m) {
      other++;
      continue;
    }
    const l = byFile.get(m[1]!) ?? [];
    l.push(Number(m[2]));
    byFile.set(m[1]!, l);
  }
  const parts: string[] = [];
  for (const [file, lines] of byFile) {
    const sorted = [...new Set(lines)].sort((a, b) => a - b);
    const ranges: string[] = [];
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
      ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
      i = j + 1;
    }
    parts.push(lang === 'zh' ? `${file} 第 ${ranges.join('、')} 行` : `${file} line${sorted.length > 1 ? 's' : ''} ${ranges.join(', ')}`);
  }
  if (other > 0) parts.push(lang === 'zh' ? `另 ${other} 条` : `${other} more`);
  return parts.join(sep(lang));
}

/** The subject's inputs: one row per input with its values (by quarter), and where the records are. */
export function inputSection(s: SubjectResult, ctx: PolicyContext, lang: Lang, indent = '    '): string[] {
  const zh = lang === 'zh';
  const byInput = new Map<string, SubjectResult['inputs'][number][]>();
  for (const i of s.inputs) byInput.set(i.input, [...(byInput.get(i.input) ?? []), i]);
  const rows: string[][] = [zh ? ['输入', '值', '记录'] : ['input', 'values', 'records']];
  for (const [input, list] of byInput) {
    const values = list.map((i) => (i.quarter !== undefined ? (zh ? `第${i.quarter}季度 ${i.value}` : `Q${i.quarter} ${i.value}`) : i.value)).join(sep(lang));
    rows.push([ctx.named(input), values, voteLines(list.flatMap((i) => (i.origin ? [`vote:${i.origin}`] : [])), lang)]);
  }
  return table(rows, { indent });
}

/** A survey: each rater group's ballots, tally and mean, and the result. */
export function surveySection(sv: SurveyResult, ctx: PolicyContext, lang: Lang, indent = '    '): string[] {
  const zh = lang === 'zh';
  const c = zh ? '：' : ': ';
  const head = zh ? ['评议组', '权重', '票数', '各选项票数', '平均分'] : ['group', 'weight', 'ballots', 'tally', 'mean'];
  const rows: string[][] = [head];
  for (const g of sv.groups) {
    const name = g.group ? (g.label && g.label !== g.group ? `${g.group}「${g.label}」` : g.group) : zh ? '全体' : 'all';
    const tally = Object.entries(g.tally)
      .map(([k, n]) => `${k} ${n}`)
      .join(sep(lang));
    rows.push([name, g.weight ?? '', String(g.ballots), tally, g.mean === null ? (zh ? '无有效票' : 'no valid votes') : readable(g.mean)]);
  }
  const out = table(rows, { indent, align: ['left', 'right', 'right', 'left', 'right'] });
  const weighted = sv.groups.filter((g) => g.weight && g.mean !== null).map((g) => `${readable(g.mean!)} × ${g.weight}`);
  let how = weighted.length > 1 ? weighted.join(' + ') : '';
  if (sv.scale) how += zh ? `${how ? '，' : ''}折算为 ${sv.scale} 分制` : `${how ? ', ' : ''}scaled to ${sv.scale}`;
  out.push(`${indent}${zh ? '结果' : 'result'}${c}${sv.value === null ? (zh ? '无法计算' : 'unknown') : readable(sv.value)}${how ? (zh ? `（${how}）` : ` (${how})`) : ''}`);
  out.push(`${indent}${zh ? '条款' : 'clause'}${c}${clause(sv.trace, ctx)}`);
  if (sv.trace.records.length > 0) out.push(`${indent}${zh ? '测评票' : 'votes'}${c}${voteLines(sv.trace.records, lang)}`);
  return out;
}

/** Each penalty, outcome and referral: what, when, until, which rule, why, on which events. */
export function penaltySection(s: SubjectResult, ctx: PolicyContext, lang: Lang, indent = '    ', only?: readonly PenaltyResult[]): string[] {
  const out: string[] = [];
  const list = only ?? s.penalties;
  list.forEach((p, i) => {
    const kind = p.kind === 'penalty' ? '' : `[${SANCTION[lang][p.kind]}] `;
    const name = p.label && p.label !== p.penalty ? `${p.penalty}「${p.label}」` : p.penalty;
    const running = p.ended?.by === 'running' ? (lang === 'zh' ? '（仍在持续）' : ' (still running)') : '';
    const until = p.until ? (lang === 'zh' ? ` 至 ${p.until}${running}` : ` to ${p.until}${running}`) : '';
    const stops = s.bonusStopped.some((b) => b.penalty === p.penalty && b.from === p.date) ? (lang === 'zh' ? '（停发奖金）' : ' (bonus stopped)') : '';
    out.push(`${indent}${i + 1}. ${kind}${name}  ${p.date}${until}${stops}`);
    const pad = indent + ' '.repeat(String(i + 1).length + 2);
    const c = lang === 'zh' ? '：' : ': ';
    out.push(`${pad}${lang === 'zh' ? '依据' : 'by'}${c}${source(p.trace, ctx, lang)}  ${clause(p.trace, ctx)}`);
    if (p.trace.source) out.push(`${pad}${lang === 'zh' ? '出处' : 'source'}${c}${p.trace.source}`);
    out.push(`${pad}${lang === 'zh' ? '原因' : 'why'}${c}${readable(p.trace.why[lang], ctx)}`);
    if (p.events.length > 0) out.push(`${pad}${lang === 'zh' ? '依据记录' : 'records'}${c}${recordList(p.events, lang, ctx)}`);
    // a penalty lasting until an event: what ended it (or that it is still running)
    if (p.ended) out.push(`${pad}${lang === 'zh' ? '终止' : 'ends'}${c}${readable(p.ended.why[lang], ctx)}`);
  });
  return out;
}

const EXEMPTION = {
  zh: { exempt: '不予处理（除外情形）', 'not-started': '时限未起算' },
  en: { exempt: 'not penalised (exempt)', 'not-started': 'deadline not started' },
} as const;

/** What a rule, score line or deadline did not act on: each exemption with its clause, 出处 and records. */
export function exemptionSection(s: SubjectResult, ctx: PolicyContext, lang: Lang, indent = '    ', only?: readonly ExemptionResult[]): string[] {
  const out: string[] = [];
  const c = lang === 'zh' ? '：' : ': ';
  (only ?? s.exemptions).forEach((e, i) => {
    out.push(`${indent}${i + 1}. ${EXEMPTION[lang][e.kind]}  ${e.date}`);
    const pad = indent + ' '.repeat(String(i + 1).length + 2);
    out.push(`${pad}${lang === 'zh' ? '依据' : 'by'}${c}${source(e.trace, ctx, lang)}  ${clause(e.trace, ctx)}`);
    if (e.trace.source) out.push(`${pad}${lang === 'zh' ? '出处' : 'source'}${c}${e.trace.source}`);
    out.push(`${pad}${lang === 'zh' ? '原因' : 'why'}${c}${readable(e.trace.why[lang], ctx)}`);
    if (e.trace.records.length > 0) out.push(`${pad}${lang === 'zh' ? '依据记录' : 'records'}${c}${recordList(e.trace.records, lang, ctx)}`);
  });
  return out;
}

/** Every eligibility: held, or lost with each reason. */
export function flagSection(s: SubjectResult, ctx: PolicyContext, lang: Lang, indent = '    ', only?: readonly string[]): string[] {
  const out: string[] = [];
  const c = lang === 'zh' ? '：' : ': ';
  for (const f of s.flagDetails) {
    if (only && !only.includes(f.eligibility)) continue;
    const name = f.label && f.label !== f.eligibility ? `${f.eligibility}「${f.label}」` : f.eligibility;
    out.push(`${indent}${name}${c}${f.eligible ? (lang === 'zh' ? '保留' : 'held') : lang === 'zh' ? '已取消' : 'revoked'}`);
    for (const t of f.traces) {
      out.push(`${indent}  ${lang === 'zh' ? '依据' : 'by'}${c}${source(t, ctx, lang)}  ${clause(t, ctx)}`);
      if (t.source) out.push(`${indent}  ${lang === 'zh' ? '出处' : 'source'}${c}${t.source}`);
      out.push(`${indent}  ${lang === 'zh' ? '原因' : 'why'}${c}${t.why[lang]}`);
    }
  }
  return out;
}

/** Place in each ranking, and each quota's decision about the subject. */
export function rankSection(result: EvalResult, s: SubjectResult, ctx: PolicyContext, lang: Lang, indent = '    '): string[] {
  const out: string[] = [];
  for (const [score, place] of Object.entries(s.ranks)) {
    const of = result.subjects.filter((x) => x.ranks[score] !== undefined).length;
    out.push(lang === 'zh' ? `${indent}${ctx.named(score)}：第 ${place} 名（共 ${of} 名）` : `${indent}${ctx.named(score)}: place ${place} of ${of}`);
  }
  for (const q of result.quotas) {
    const chosen = q.chosen.includes(s.id);
    const inPool = q.pool.includes(s.id);
    const state =
      lang === 'zh' ? (chosen ? '入选' : inPool ? '在候选中，未入选' : '不在候选中')
      : chosen ? 'chosen' : inPool ? 'a candidate, not chosen' : 'not a candidate';
    if (!chosen && !inPool && !ctx.appliesTo(q.quota, s)) continue;
    out.push(`${indent}${lang === 'zh' ? '名额' : 'quota'} ${ctx.named(q.quota)}${lang === 'zh' ? '：' : ': '}${state}${lang === 'zh' ? `（${q.trace.why.zh}）` : ` (${q.trace.why.en})`}`);
  }
  return out;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function renderExplain(result: EvalResult, s: SubjectResult, policyCtx: PolicyContext, lang: Lang): string[] {
  const ctx = withRecordNames(policyCtx, result.subjects, s.id);
  const zh = lang === 'zh';
  const c = zh ? '：' : ': ';
  const out: string[] = [];
  const name = (id: string): string => {
    const x = result.subjects.find((y) => y.id === id);
    return x ? (zh ? `${x.name}（${x.id}）` : `${x.name} (${x.id})`) : id;
  };
  const unit = s.kind === 'unit' ? result.units.find((u) => u.id === s.id) : undefined;
  const head: string[] = [zh ? `${s.name}（${s.id}）` : `${s.name} (${s.id})`, zh ? (s.kind === 'person' ? '人员' : '单位') : s.kind];
  if (s.kind === 'person' && s.unit) head.push(`${zh ? '单位' : 'unit'}${c}${name(s.unit)}`);
  if (s.unitKind) head.push(`${zh ? '类别' : 'kind'}${c}${ctx.named(s.unitKind)}`);
  if (unit?.head) head.push(`${zh ? '负责人' : 'head'}${c}${name(unit.head)}`);
  out.push(head.join(zh ? ' · ' : ' · '));
  // its attributes (`属性 … 针对 人员 | 单位`), as the case data gives them: who the rules are for
  const attrs = Object.entries(s.attributes ?? {}).map(([k, v]) => `${ctx.named(k)} ${v === true ? (zh ? '是' : 'yes') : v === false ? (zh ? '否' : 'no') : String(v)}`);
  if (attrs.length > 0) out.push(`${zh ? '属性' : 'attributes'}${c}${attrs.join(sep(lang))}`);
  const p = result.policy;
  out.push(
    zh
      ? `制度 ${p.title ? `${p.id}「${p.title}」` : p.id}${p.version ? `，版本 ${p.version}` : ''}；考核期 ${result.period.from} 至 ${result.period.to}`
      : `policy ${p.title ? `${p.id} "${p.title}"` : p.id}${p.version ? `, version ${p.version}` : ''}; period ${result.period.from} to ${result.period.to}`,
  );
  const summary = [`${zh ? '得分' : 'score'} ${s.score ?? (zh ? '无法计算' : 'unknown')}`];
  if (s.grades.length > 0) summary.push(`${zh ? '等次' : 'grade'} ${s.gradeLabel ?? s.grade ?? (zh ? '无' : 'none')}`);
  summary.push(zh ? `处罚与后果 ${s.penalties.length} 项` : `${s.penalties.length} penalties and outcomes`);
  const revoked = s.flagDetails.filter((f) => !f.eligible).map((f) => f.eligibility);
  if (revoked.length > 0) summary.push(`${zh ? '取消' : 'revoked'} ${revoked.join(sep(lang))}`);
  out.push(summary.join(zh ? '，' : ', '));

  let n = 0;
  const section = (title: string): void => {
    n++;
    out.push('', zh ? `${NUMERALS[n - 1] ?? n}、${title}` : `${n}. ${title}`);
  };

  const mainScale = s.grades[0] ? ctx.scale(s.grades[0].scale)?.score : undefined;
  for (const score of s.scores) {
    const main = score.name === mainScale || (mainScale === undefined && score === s.scores[0]);
    section(`${zh ? '得分' : 'score'} ${ctx.named(score.name)}${c}${score.value ?? (zh ? '无法计算' : 'unknown')}${main && s.scores.length > 1 ? (zh ? '（主得分）' : ' (main score)') : ''}`);
    out.push(...scoreSection(score, ctx, lang));
  }
  if (s.inputs.length > 0) {
    section(zh ? '输入（案件数据给出的得分）' : 'Inputs (scores given in the case data)');
    out.push(...inputSection(s, ctx, lang));
  }
  for (const sv of s.surveys) {
    section(`${zh ? '测评' : 'survey'} ${ctx.named(sv.survey)}${c}${sv.value === null ? (zh ? '无法计算' : 'unknown') : readable(sv.value)}`);
    out.push(...surveySection(sv, ctx, lang));
  }
  for (const g of s.grades) {
    section(`${zh ? '等次' : 'grade'} ${ctx.named(g.scale)}${c}${g.bandLabel ?? g.band ?? (zh ? '无' : 'none')}`);
    out.push(...gradeSection(s, g, ctx, lang));
  }
  section(zh ? `处罚与后果（${s.penalties.length} 项）` : `Penalties and outcomes (${s.penalties.length})`);
  out.push(...(s.penalties.length > 0 ? penaltySection(s, ctx, lang) : [`    ${zh ? '无' : 'none'}`]));
  if (s.exemptions.length > 0) {
    section(zh ? `不予处理（${s.exemptions.length} 项）` : `Not penalised (${s.exemptions.length})`);
    out.push(...exemptionSection(s, ctx, lang));
  }
  if (s.history && s.history.length > 0) {
    section(zh ? `往期记录（考核期以前，${s.history.length} 条；只供时间窗、阶梯与起算事件参照，本期不据以处理）` : `History before the period (${s.history.length}; seen by windows, ladders and anchors, not acted on in this period)`);
    for (const h of s.history) out.push(`    ${h.date}  ${ctx.named(h.type)}  ${h.id}${h.origin ? `  ${h.origin}` : ''}`);
  }
  if (s.flagDetails.length > 0) {
    section(zh ? '资格' : 'Eligibility');
    out.push(...flagSection(s, ctx, lang));
  }
  const ranks = rankSection(result, s, ctx, lang);
  if (ranks.length > 0) {
    section(zh ? '排名与名额' : 'Rankings and quotas');
    out.push(...ranks);
  }
  if (unit) {
    const members = result.subjects.filter((x) => x.kind === 'person' && x.unit === s.id);
    section(zh ? `成员（${members.length} 人）` : `Members (${members.length})`);
    const sameYear = result.period.from.slice(0, 4) === result.period.to.slice(0, 4);
    const rows: string[][] = [zh ? ['编号', '姓名', '得分', '等次', '处罚'] : ['id', 'name', 'score', 'grade', 'penalties']];
    for (const m of members) {
      const isHead = unit.head === m.id ? (zh ? '（负责人）' : ' (head)') : '';
      rows.push([m.id, m.name + isHead, m.score ?? '-', m.gradeLabel ?? m.grade ?? '-', m.penalties.map((x) => shortPenalty(x, sameYear)).join(sep(lang))]);
    }
    if (members.length > 0) out.push(...table(rows, { indent: '    ', align: ['left', 'left', 'right', 'left', 'left'] }));
    const counts = (r: Readonly<Record<string, number>>): string =>
      Object.entries(r)
        .map(([k, v]) => `${k} ${v}`)
        .join(zh ? '，' : ', ') || (zh ? '无' : 'none');
    out.push(`    ${zh ? '成员所受处罚与后果' : "members' penalties and outcomes"}${c}${counts(unit.memberPenalties)}`);
    out.push(`    ${zh ? '成员等次' : "members' grades"}${c}${counts(unit.memberGrades)}`);
  }
  const errors = result.errors.filter((e) => e.record === s.id);
  if (errors.length > 0) {
    section(zh ? '评估中发现的问题' : 'Problems found while evaluating');
    for (const e of errors) out.push(`    ${e.code} ${e.message[lang]}`);
  }
  return out;
}
