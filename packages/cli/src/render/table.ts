/**
 * `kaoping eval --format table` (the default): the result as a reader wants it on a terminal.
 *
 *   制度：演示「命令行演示制度」，版本 1；考核期 2024-01-01 至 2024-12-31
 *   记录（读取/采用/拒绝）：单位 2/2/0，人员 4/4/0，……
 *
 *   人员（4）
 *   编号  姓名  单位    得分  等次  处罚                                   取消的资格
 *   P1    张三  综合办   106  优秀  先进个人@12-31
 *   ……
 *
 * then the grade distribution of each scale, the quotas and the problems found while evaluating.
 * Columns are aligned by display width (a Chinese character is two columns).
 */
import type { Lang } from '@kaoping/dsl';
import type { EvalResult, PenaltyResult, SubjectResult } from '@kaoping/evaluator';
import type { PolicyContext } from './context.js';
import { countsLine } from './data.js';
import { percent, table, type Align } from './width.js';

const NONE = '-';

const words = {
  zh: {
    policy: '制度',
    version: '版本',
    period: (from: string, to: string) => `考核期 ${from} 至 ${to}`,
    people: '人员',
    units: '单位',
    personHeader: ['编号', '姓名', '单位', '得分', '名次', '等次', '处罚与后果', '取消的资格'],
    unitHeader: ['编号', '名称', '类别', '得分', '名次', '等次', '处罚与后果', '取消的资格'],
    distribution: '等次分布',
    bandHeader: ['等次', '人数', '占比'],
    unitBandHeader: ['等次', '个数', '占比'],
    ungraded: '未定等次',
    total: '合计',
    quotas: '名额',
    quota: (size: number, population: number, pool: number) => `名额 ${size}（共 ${population} 个对象，候选 ${pool} 个）`,
    chosen: '选定',
    nobody: '无',
    errors: '评估中发现的问题',
    was: (b: string) => `（原 ${b}）`,
    vetoed: '（一票否决）',
    sep: '、',
    colon: '：',
  },
  en: {
    policy: 'policy',
    version: 'version',
    period: (from: string, to: string) => `period ${from} to ${to}`,
    people: 'People',
    units: 'Units',
    personHeader: ['id', 'name', 'unit', 'score', 'rank', 'grade', 'penalties', 'revoked'],
    unitHeader: ['id', 'name', 'kind', 'score', 'rank', 'grade', 'penalties', 'revoked'],
    distribution: 'Grade distribution',
    bandHeader: ['grade', 'count', 'share'],
    unitBandHeader: ['grade', 'count', 'share'],
    ungraded: 'no grade',
    total: 'total',
    quotas: 'Quotas',
    quota: (size: number, population: number, pool: number) => `${size} place(s) (of ${population} subjects, ${pool} candidate(s))`,
    chosen: 'chosen',
    nobody: 'none',
    errors: 'Problems found while evaluating',
    was: (b: string) => ` (was ${b})`,
    vetoed: ' (vetoed)',
    sep: ', ',
    colon: ': ',
  },
} as const;

/** `待岗@03-18`: a penalty and its date, the year left out when the period lies in one year. */
export function shortPenalty(p: PenaltyResult, sameYear: boolean): string {
  return `${p.penalty}@${sameYear ? p.date.slice(5) : p.date}`;
}

/** The grade cell: the band's label; `良好（原 优秀）` when a rule changed it; `（一票否决）` for a veto. */
export function gradeCell(s: SubjectResult, ctx: PolicyContext, lang: Lang): string {
  const g = s.grades[0];
  if (!g || g.band === null) return NONE;
  const label = (band: string): string => ctx.scale(g.scale)?.bands.find((b) => b.name === band)?.label ?? band;
  let cell = label(g.band);
  if (g.vetoed) cell += words[lang].vetoed;
  else if (g.baseBand !== null && g.baseBand !== g.band) cell += words[lang].was(label(g.baseBand));
  return cell;
}

export function revokedFlags(s: SubjectResult): string[] {
  return s.flagDetails.filter((f) => !f.eligible).map((f) => f.eligibility);
}

/** The subject's place in the ranking of its main score (the score its first grade scale is by). */
function mainRank(s: SubjectResult, ctx: PolicyContext): string {
  const g = s.grades[0];
  const by = g ? ctx.scale(g.scale)?.score : undefined;
  const r = by !== undefined ? s.ranks[by] : undefined;
  return r === undefined ? '' : String(r);
}

/** A bar of `█` for a share of the total: 30 cells for 100%, at least one for a non-zero count. */
export function bar(count: number, total: number): string {
  if (total === 0 || count === 0) return '';
  // 30 × count / total, rounded half up, in integers
  return '█'.repeat(Math.max(1, Math.floor((count * 60 + total) / (2 * total))));
}

/** The table without the columns that are empty on every row below the header (kind, revoked, …). */
function aligned(rows: readonly (readonly string[])[], align: readonly Align[]): string[] {
  const keep = rows[0]!.map((_, c) => rows.slice(1).some((r) => r[c] !== ''));
  const pick = <T,>(xs: readonly T[]): T[] => xs.filter((_, c) => keep[c]);
  return table(rows.map((r) => pick(r)), { align: pick(align) });
}

export function renderTable(result: EvalResult, ctx: PolicyContext, lang: Lang): string[] {
  const w = words[lang];
  const out: string[] = [];
  const p = result.policy;
  const title = p.title ? `${p.id}「${p.title}」` : p.id;
  const version = p.version ? `${lang === 'zh' ? '，' : ', '}${w.version} ${p.version}` : '';
  out.push(`${w.policy}${w.colon}${title}${version}${lang === 'zh' ? '；' : '; '}${w.period(result.period.from, result.period.to)}`);
  out.push(countsLine(result.summary.records, lang));

  const sameYear = result.period.from.slice(0, 4) === result.period.to.slice(0, 4);
  const unitName = new Map(result.units.map((u) => [u.id, u.name]));
  const row = (s: SubjectResult, third: string): string[] => [
    s.id,
    s.name,
    third,
    s.score ?? NONE,
    mainRank(s, ctx),
    gradeCell(s, ctx, lang),
    s.penalties.map((x) => shortPenalty(x, sameYear)).join(w.sep),
    revokedFlags(s).join(w.sep),
  ];
  const align = ['left', 'left', 'left', 'right', 'right', 'left', 'left', 'left'] as const;
  const people = result.subjects.filter((s) => s.kind === 'person');
  const units = result.subjects.filter((s) => s.kind === 'unit');
  if (people.length > 0) {
    out.push('', lang === 'zh' ? `${w.people}（${people.length}）` : `${w.people} (${people.length})`);
    out.push(...aligned([[...w.personHeader], ...people.map((s) => row(s, s.unit ? (unitName.get(s.unit) ?? s.unit) : ''))], align));
  }
  if (units.length > 0) {
    out.push('', lang === 'zh' ? `${w.units}（${units.length}）` : `${w.units} (${units.length})`);
    out.push(...aligned([[...w.unitHeader], ...units.map((s) => row(s, s.unitKind ? (ctx.label(s.unitKind) ?? s.unitKind) : ''))], align));
  }

  const scales = Object.entries(result.summary.gradeDistribution);
  if (scales.length > 0) {
    out.push('', w.distribution);
    for (const [scale, dist] of scales) {
      const info = ctx.scale(scale);
      const graded = Object.values(dist).reduce((a, b) => a + b, 0);
      const applies = result.subjects.filter((s) => s.grades.some((g) => g.scale === scale));
      const ungraded = applies.filter((s) => s.grades.find((g) => g.scale === scale)?.band === null).length;
      out.push(`  ${ctx.named(scale)}`);
      const forUnits = applies.length > 0 && applies.every((s) => s.kind === 'unit');
      const rows: string[][] = [[...(forUnits ? w.unitBandHeader : w.bandHeader), '']];
      const all = graded + ungraded;
      for (const [band, n] of Object.entries(dist)) {
        const label = info?.bands.find((b) => b.name === band)?.label ?? band;
        rows.push([label, String(n), percent(n, all), bar(n, all)]);
      }
      if (ungraded > 0) rows.push([w.ungraded, String(ungraded), percent(ungraded, all), bar(ungraded, all)]);
      rows.push([w.total, String(all), all > 0 ? '100.0%' : '', '']);
      out.push(...table(rows, { indent: '    ', align: ['left', 'right', 'right', 'left'] }).map((l) => l.trimEnd()));
    }
  }

  if (result.quotas.length > 0) {
    out.push('', w.quotas);
    for (const q of result.quotas) {
      const chosen = q.chosen.length > 0 ? q.chosen.join(w.sep) : w.nobody;
      out.push(`  ${ctx.named(q.quota)}${w.colon}${w.quota(q.size, q.population, q.pool.length)}${lang === 'zh' ? '；' : '; '}${w.chosen} ${chosen}`);
      out.push(`    ${q.trace.why[lang]}${lang === 'zh' ? `（${ctx.where(q.trace.span)}）` : ` (${ctx.where(q.trace.span)})`}`);
    }
  }

  if (result.errors.length > 0) {
    out.push('', w.errors);
    for (const e of result.errors) out.push(`  ${e.code} ${e.message[lang]}`);
  }
  return out;
}
