/**
 * The sample township year: 青石镇, 2024, under policies/county/qingshi-town.kp.
 *
 *   npx tsx examples/generate.ts            # rewrites examples/qingshi-2024/
 *   npx tsx examples/generate.ts --check    # exit 1 if the committed files differ from what it writes
 *
 * Seven stations and offices (站办所), 60 people, a year of attendance records, efficiency
 * problems and daily-check findings (about three hundred events), the quarterly target-task
 * scores of each unit, the dual-appraisal ballots of each unit and the democratic-appraisal
 * ballots of each person. Deterministic: a fixed seed drives mulberry32 (bench/generate-policy.ts);
 * no clock, no Math.random. Random numbers only choose records; every score in the files is an
 * integer or a decimal written as text, so nothing depends on binary floating point.
 *
 * The year is made to show what the policy does, so besides the random part it holds a few
 * deliberate stories (see STORIES below): two efficiency warnings (基本称职), three (不称职 and
 * reassignment), a leader's admonitory education, a client's falsification that exempts, a
 * self-corrected finding that is not deducted, and a unit vetoed for a serious case.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from '../bench/generate-policy.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'qingshi-2024');
const SEED = 2024;

/**
 * Each unit's "quality" centres its target-task scores and its appraisal ballots. 党政办 and 财政所
 * are the strong ones: with the county base's A30 reading (i) — each daily-check finding takes 2
 * points off the final score — they end just above 90 (好), so the 先进站办所 quota has candidates.
 * (Raising a quality changes only values, never how many random numbers are drawn, so the people's
 * records stay as they are.)
 */
const UNITS: Array<[id: string, name: string, size: number, quality: number]> = [
  ['DZB', '党政综合办公室', 10, 96],
  ['NYZX', '农业农村服务中心', 9, 86],
  ['SHSW', '社会事务办公室', 9, 84],
  ['CJHB', '城建环保办公室', 8, 80],
  ['ZZXF', '综治信访办公室', 8, 83],
  ['CZS', '财政所', 7, 96],
  ['BMFW', '便民服务中心', 9, 88],
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红梅鑫波斌宇浩凯健俊帆帅旭宁琳晨欣雪婷慧颖佳悦瑶怡琪涵博文志海峰建国晓东丹丹春燕'.split('');

type Row = Record<string, string | number | boolean | undefined>;

function csv(header: string[], rows: Row[]): string {
  const cell = (v: Row[string]): string => {
    if (v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h])).join(','))].join('\n') + '\n';
}

const pad = (n: number): string => String(n).padStart(2, '0');
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]; // 2024 is a leap year

/** 2024's public holidays on weekdays (国务院办公厅 2023 年 10 月通知): nobody is late on these. */
const HOLIDAYS = new Set([
  '01-01', '02-12', '02-13', '02-14', '02-15', '02-16', '04-04', '04-05', '05-01', '05-02', '05-03',
  '06-10', '09-16', '09-17', '10-01', '10-02', '10-03', '10-04', '10-07',
]);

/** A working weekday of 2024 (Monday to Friday, not a holiday), uniformly. 2024-01-01 was a Monday. */
function workday(r: () => number): string {
  for (;;) {
    const doy = Math.floor(r() * 366); // 0-based day of the year
    if (doy % 7 >= 5) continue; // Saturday (5) and Sunday (6), counting from Monday 1 January
    let m = 0;
    let d = doy;
    while (d >= DAYS_IN_MONTH[m]!) d -= DAYS_IN_MONTH[m++]!;
    const md = `${pad(m + 1)}-${pad(d + 1)}`;
    if (!HOLIDAYS.has(md)) return `2024-${md}`;
  }
}

export interface SampleYear {
  files: Record<string, string>;
}

export function generateSample(seed = SEED): SampleYear {
  const r = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

  // --- units and people ---------------------------------------------------------------------
  const usedNames = new Set<string>();
  const people: Array<{ id: string; name: string; unit: string }> = [];
  let n = 0;
  for (const [uid, , size] of UNITS) {
    for (let i = 0; i < size; i++) {
      let name: string;
      do name = pick(SURNAMES) + pick(GIVEN) + (r() < 0.6 ? pick(GIVEN) : '');
      while (usedNames.has(name));
      usedNames.add(name);
      people.push({ id: `Q${String(++n).padStart(3, '0')}`, name, unit: uid });
    }
  }
  const headOf = new Map(UNITS.map(([uid]) => [uid, people.find((p) => p.unit === uid)!.id]));

  // --- events -------------------------------------------------------------------------------
  const events: Row[] = [];
  const add = (e: Row): void => {
    events.push({ id: `E${String(events.length + 1).padStart(4, '0')}`, ...e });
  };
  // Attendance: most people are rarely late; one in eight is often late. Minutes late: half are
  // 15 or less (not counted, A04), most of the rest 16–30, a few over 30 (absenteeism).
  for (const p of people) {
    const often = r() < 0.125;
    const k = often ? int(7, 12) : int(0, 5);
    for (let i = 0; i < k; i++) {
      const x = r();
      const minutes = x < 0.5 ? int(3, 15) : x < 0.9 ? int(16, 30) : int(31, 120);
      add({ date: workday(r), subject: p.id, type: '迟到早退', 时长: minutes });
    }
  }
  // Daily-check findings of the town discipline commission (P14): 2 to 5 per unit.
  const kinds = ['承诺', '态度', '依法', '公开', '推诿', '民生', '廉洁'];
  for (const [uid, , , quality] of UNITS) {
    const k = int(2, quality >= 88 ? 3 : 5);
    for (let i = 0; i < k; i++) add({ date: workday(r), subject: uid, type: '日常检查问题', 类别: pick(kinds) });
  }
  // Efficiency problems at random: six, each on a different person, directly responsible.
  const spare = people.filter((p) => !STORY_PEOPLE.includes(p.id));
  for (let i = 0; i < 6; i++) {
    const p = spare.splice(Math.floor(r() * spare.length), 1)[0]!;
    add({ date: workday(r), subject: p.id, type: '效能问题', 责任: '直接' });
  }
  for (const e of STORIES) add(e);
  events.sort((a, b) => String(a.date).localeCompare(String(b.date)) || String(a.id).localeCompare(String(b.id)));
  events.forEach((e, i) => (e.id = `E${String(i + 1).padStart(4, '0')}`));

  // --- inputs: quarterly target-task scores, around each unit's quality ---------------------
  const inputs: Row[] = [];
  for (const [uid, , , quality] of UNITS) {
    for (let q = 1; q <= 4; q++) {
      const v = Math.min(100, quality + int(-4, 5)) + (r() < 0.5 ? 0.5 : 0);
      inputs.push({ subject: uid, input: '目标任务', quarter: q, value: v > 100 ? '100' : String(v) });
    }
  }

  // --- votes ----------------------------------------------------------------------------------
  const votes: Row[] = [];
  // Dual appraisal of each unit: 30–40 client ballots, 9 ballots of the Party committee and
  // government (one per member), each a rating 0–100 around the unit's quality.
  for (const [uid, , , quality] of UNITS) {
    const tally = (group: string, ballots: number, spread: number): void => {
      const counts = new Map<number, number>();
      for (let i = 0; i < ballots; i++) {
        const v = Math.max(40, Math.min(100, quality + int(-spread, spread)));
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      for (const [v, c] of [...counts].sort((a, b) => b[0] - a[0])) votes.push({ subject: uid, survey: '双评问卷', group, choice: v, count: c });
    };
    tally('服务对象', int(30, 40), 12);
    tally('党委政府', 9, 6);
  }
  // Democratic appraisal of each person: 5 ballots of the town's leading group, 20–30 of the
  // cadres; most ballots say 优秀 or 称职.
  const choices = ['优秀', '称职', '基本称职', '不称职'] as const;
  for (const p of people) {
    const strong = r() * 0.5; // share of 优秀 ballots for this person
    const tally = (group: string, ballots: number): void => {
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < ballots; i++) {
        const x = r();
        counts[x < strong ? 0 : x < 0.91 ? 1 : x < 0.99 ? 2 : 3]!++;
      }
      counts.forEach((c, i) => c > 0 && votes.push({ subject: p.id, survey: '个人民主测评', group, choice: choices[i], count: c }));
    };
    tally('领导班子', 5);
    tally('干部职工', int(20, 30));
  }

  const header = [
    '# 青石镇 2024 年度机关效能考评样例数据（由 examples/generate.ts 按固定种子生成，勿手改）',
    '# 制度：policies/county/qingshi-town.kp',
    'period: { from: 2024-01-01, to: 2024-12-31 }',
    'units:',
    ...UNITS.map(([id, name]) => `  - { id: ${id}, name: ${name}, head: ${headOf.get(id)} }`),
    '',
  ].join('\n');
  return {
    files: {
      'case.yaml': header,
      'people.csv': csv(['id', 'name', 'unit'], people),
      'events.csv': csv(['id', 'date', 'subject', 'type', '时长', '责任', '诫勉后仍未改正', '对象过错或不可抗力', '类别', '自查自纠', '挽回重大损失'], events),
      'inputs.csv': csv(['subject', 'input', 'quarter', 'value'], inputs),
      'votes.csv': csv(['subject', 'survey', 'group', 'choice', 'count'], votes),
    },
  };
}

/** People the stories below are about (chosen once, by id, so the random part leaves them alone). */
const STORY_PEOPLE = ['Q004', 'Q015', 'Q023', 'Q031', 'Q040', 'Q052', 'Q001'];

/** The deliberate part of the year: what an auditor will want to see explained. */
const STORIES: Row[] = [
  // Q004 is warned twice in the year → 基本称职 whatever the score (P03 第 344 行).
  { date: '2024-03-12', subject: 'Q004', type: '效能问题', 责任: '直接' },
  { date: '2024-09-24', subject: 'Q004', type: '效能问题', 责任: '直接' },
  // Q015 is warned three times → 不称职 and reassigned; a fourth warning within a year of the
  // reassignment → reported to the county.
  { date: '2024-02-20', subject: 'Q015', type: '效能问题', 责任: '直接' },
  { date: '2024-05-14', subject: 'Q015', type: '效能问题', 责任: '直接' },
  { date: '2024-07-09', subject: 'Q015', type: '效能问题', 责任: '直接' },
  { date: '2024-11-05', subject: 'Q015', type: '效能问题', 责任: '直接' },
  // Q023, a leader: admonitory education, then (not corrected) an efficiency warning.
  { date: '2024-04-16', subject: 'Q023', type: '效能问题', 责任: '主要领导' },
  { date: '2024-10-22', subject: 'Q023', type: '效能问题', 责任: '主要领导', 诫勉后仍未改正: true },
  // Q031: the client falsified documents → no efficiency liability (第 342 行).
  { date: '2024-06-18', subject: 'Q031', type: '效能问题', 责任: '直接', 对象过错或不可抗力: true },
  // Q040: a leader's first admonitory education only.
  { date: '2024-08-27', subject: 'Q040', type: '效能问题', 责任: '主要领导' },
  // 财政所 corrected a problem itself and recovered the loss → not deducted (P14 第 286 行).
  { date: '2024-05-28', subject: 'CZS', type: '日常检查问题', 类别: '廉洁', 自查自纠: true, 挽回重大损失: true },
  // 城建环保办 self-corrected but recovered nothing → still deducted.
  { date: '2024-07-16', subject: 'CJHB', type: '日常检查问题', 类别: '依法', 自查自纠: true },
  // 综治信访办: a serious case harming the public → one-vote veto, listed as the worst unit.
  { date: '2024-09-10', subject: 'ZZXF', type: '否决事项' },
];

function main(): void {
  const check = process.argv.includes('--check');
  const { files } = generateSample();
  let differ = false;
  if (!check) mkdirSync(OUT, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const path = join(OUT, name);
    if (check) {
      let old = '';
      try {
        old = readFileSync(path, 'utf8');
      } catch {
        /* missing counts as different */
      }
      if (old !== text) {
        differ = true;
        console.error(`${path} 与生成结果不同 / differs from the generated file`);
      }
    } else writeFileSync(path, text);
  }
  if (differ) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
