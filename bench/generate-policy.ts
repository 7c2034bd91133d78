/**
 * A seeded generator of large, valid, checker-clean Kaoping policies, for the benchmark.
 *
 *   generatePolicy({ lines: 10_000, seed: 1 })  → the policy text, exactly `lines` lines
 *   npx tsx bench/generate-policy.ts [lines] [seed] > big.kp
 *
 * Deterministic: a small seeded PRNG (mulberry32), no Math.random. The policy is a sequence of
 * self-contained modules, alternating Chinese and English keyword spellings. Each module
 * declares everything it uses before using it, every name carries the module number (Chinese
 * numerals in Chinese modules, `_N` in English ones) so all names are unique, and every
 * declaration is used — so the checker reports nothing. A module uses: events with enum, bool,
 * number, date and interval attributes; penalties with rank, duration and `stops bonus`;
 * outcomes, referrals, eligibilities, parameters, unit kinds, quarterly inputs, a survey with a
 * `mean` choice and weighted rater groups; rules with `on`/`when`/`then`/`otherwise`/`unless`,
 * ladders, counts and sums over calendar, rolling and anchored windows, members and heads;
 * scores with base, per-event deductions filtered by attribute, lookups, caps, clamp and
 * rounding; a weighted composite whose weights sum to exactly 100%; grade scales of half-open
 * bands covering 0..100; grade caps, sets, downgrades, vetoes; a ranking rule; a quota; a deadline.
 */
import { pathToFileURL } from 'node:url';

/** mulberry32: a tiny seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rand {
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  /** `n` positive weights in tenths of a percent summing to exactly 100%, as strings like `33.5`. */
  weights(n: number): string[];
}

function rand(seed: number): Rand {
  const r = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  return {
    int,
    pick: (xs) => xs[Math.floor(r() * xs.length)]!,
    weights(n) {
      // Cut 1000 tenths into n parts of at least 50 tenths (5%).
      const cuts = new Set<number>();
      while (cuts.size < n - 1) cuts.add(int(1, 19) * 50 + int(0, 1) * 5);
      const sorted = [0, ...[...cuts].sort((a, b) => a - b), 1000];
      const parts = sorted.slice(1).map((c, i) => c - sorted[i]!);
      if (parts.some((p) => p <= 0)) return this.weights(n);
      return parts.map((p) => (p % 10 === 0 ? String(p / 10) : (p / 10).toFixed(1)));
    },
  };
}

const DIGITS_ZH = '零一二三四五六七八九';
/** 105 → 一零五: a suffix no Chinese keyword contains, so every name stays one name. */
const zhNumber = (n: number): string => [...String(n)].map((d) => DIGITS_ZH[Number(d)]).join('');

// --- a module in Chinese spellings -----------------------------------------------------------

function zhModule(k: number, r: Rand): string[] {
  const s = zhNumber(k);
  const n = (base: string): string => base + s;
  const [w1, w2, w3] = r.weights(3);
  const [g1, g2] = r.weights(2);
  const late = r.int(1, 3);
  const light = r.int(1, 3);
  const serious = r.int(4, 8);
  const cap = r.int(10, 30);
  const bands = r.pick([
    [`>= 90`, `80 ..< 90`, `60 ..< 80`, `< 60`],
    [`不低于 90`, `不低于 80 且 不满 90`, `不低于 60 且 不满 80`, `低于 60`],
    [`90 以上`, `≥ 80 且 < 90`, `60 ..< 80`, `不满 60`],
  ]);
  return [
    `# ---------------------------------------------------------------------------------------`,
    `# 第 ${k} 组：窗口人员效能（生成的测试制度，条文编号 ${k}）`,
    `# ---------------------------------------------------------------------------------------`,
    `单位类别 ${n('一类单位')} "第一类单位（第${k}组）"`,
    `事件 ${n('迟到')} "无故迟到、早退、离岗" 针对 人员 {`,
    `  ${n('迟到分钟')} "迟到分钟数": 整数 分钟`,
    `  ${n('有正当理由')}: 是否`,
    `}`,
    `事件 ${n('群众投诉')} "因服务态度被群众投诉" 针对 人员 {`,
    `  ${n('情节')}: ${n('一般')} "一般" | ${n('严重')} "情节严重"`,
    `  ${n('事实清楚')}: 是否`,
    `}`,
    `事件 ${n('争得荣誉')} "为中心争得荣誉" 针对 人员 {`,
    `  ${n('级别')}: ${n('县级')} "县级" | ${n('州级')} "州级" | ${n('省级')} "省级"`,
    `}`,
    `处罚 ${n('效能告诫')} "效能告诫" { 轻重 1 }`,
    `处罚 ${n('待岗')} "被诉待岗" { 轻重 2  持续 15天  停发奖金 }`,
    `处罚 ${n('调整岗位')} "调整工作岗位" { 轻重 3 }`,
    `处罚 ${n('负责人告诫')} "对负责人告诫" { 轻重 1  持续 5 个工作日 }`,
    `后果 ${n('通报表彰')} "通报表彰"`,
    `后果 ${n('重点整改')} "列为重点整改对象"`,
    `移送 ${n('移送纪检')} "移送纪检监察机关"`,
    `资格 ${n('评优资格')} "当年度评先评优资格"`,
    `参数 ${n('扣分上限')} "扣分上限" ： 分 = ${cap}分`,
    `# “一月内被投诉三次以上的，一律待岗”`,
    `规则 ${n('被诉待岗')} "一月内被投诉三次以上的待岗" 针对 人员 {`,
    `  当 次数(${n('群众投诉')} 其中 ${n('事实清楚')} 在 自然月 内) ${r.int(2, 4)}次以上 则 ${n('待岗')}`,
    `  除非 次数(${n('争得荣誉')} 在 自然年 内) 3次以上`,
    `  出处 "generated:${k}"`,
    `}`,
    `规则 ${n('迟到递进')} "迟到：第一次告诫，第二次调整岗位" 针对 人员 {`,
    `  发生 ${n('迟到')} 其中 非 ${n('有正当理由')}`,
    `  阶梯 在 自然年 内 {`,
    `    第 1 次 -> ${n('效能告诫')}`,
    `    第 2 次 -> ${n('调整岗位')}`,
    `    第 3 次及以上 -> ${n('移送纪检')}，取消 ${n('评优资格')}`,
    `  }`,
    `}`,
    `规则 ${n('严重投诉')} "情节严重的投诉" 针对 人员 {`,
    `  发生 ${n('群众投诉')}`,
    `  当 ${n('情节')} = ${n('严重')} 且 ${n('事实清楚')} 则 ${n('效能告诫')}，取消 ${n('评优资格')}`,
    `  否则 ${n('通报表彰')}`,
    `}`,
    `规则 ${n('迟到累计')} "一月内迟到累计超过120分钟" 针对 人员 {`,
    `  当 合计(${n('迟到分钟')} 来自 ${n('迟到')} 在 自然月 内) 超过 120分钟 或 次数(${n('迟到')} 在 滚动 30 天 内) 不少于 ${r.int(4, 6)}次`,
    `  则 ${n('效能告诫')}`,
    `  重复触发`,
    `}`,
    `规则 ${n('调岗后再犯')} "调整岗位后一年内再次迟到两次以上" 针对 人员 {`,
    `  当 次数(${n('迟到')} 在 365 天 之后 ${n('调整岗位')} 内) 2次以上 或 次数(${n('群众投诉')} 在 自 ${n('调整岗位')} 起 180 天 内) 1次以上`,
    `  则 ${n('待岗')}`,
    `}`,
    `规则 ${n('荣誉表彰')} "一年内两次争得荣誉的通报表彰" 针对 人员 {`,
    `  当 次数(${n('争得荣誉')} 其中 ${n('级别')} 属于 (${n('州级')}, ${n('省级')}) 在 自然年 内) >= 2次 则 ${n('通报表彰')}`,
    `}`,
    `评分 ${n('考核得分')} "窗口工作人员年度考核得分" 针对 人员 {`,
    `  基础分 100分`,
    `  扣 ${late}分 每 ${n('迟到')} 除非 ${n('有正当理由')}`,
    `  扣 按 ${n('情节')} { ${n('一般')}: ${light}分, ${n('严重')}: ${serious}分 } 每 ${n('群众投诉')} 其中 ${n('事实清楚')}`,
    `  扣 2分 每 ${n('群众投诉')} 其中 非 ${n('事实清楚')} 在 自然季度 内 封顶 6分`,
    `  加 按 ${n('级别')} { ${n('县级')}: 2分, ${n('州级')}: 4分, ${n('省级')}: 6分 } 每 ${n('争得荣誉')}`,
    `  扣分 封顶 ${n('扣分上限')}`,
    `  加分 封顶 10分`,
    `  限定 0..100`,
    `  舍入 四舍五入 2`,
    `}`,
    `等次划分 ${n('年度等次')} "年度考核等次" 按 ${n('考核得分')} {`,
    `  ${n('优秀')} "优秀" ${bands[0]}`,
    `  ${n('良好')} "良好" ${bands[1]}`,
    `  ${n('合格')} "合格" ${bands[2]}`,
    `  ${n('不合格')} "不合格" ${bands[3]}`,
    `}`,
    `规则 ${n('受处理降档')} "受到待岗处理的降低一个等次" 针对 人员 {`,
    `  当 次数(${n('待岗')} 在 考核期 内) 1次以上 则 降档 1 ${n('年度等次')}`,
    `}`,
    `规则 ${n('告诫限等')} "受到效能告诫的，等次不高于良好" 针对 人员 {`,
    `  发生 ${n('效能告诫')}`,
    `  则 等次 至多 ${n('年度等次')}.${n('良好')}`,
    `}`,
    `规则 ${n('移送定等')} "移送纪检的定为不合格并一票否决" 针对 人员 {`,
    `  发生 ${n('移送纪检')}`,
    `  则 等次 定为 ${n('年度等次')}.${n('不合格')}，一票否决 ${n('年度等次')}`,
    `}`,
    `规则 ${n('列为整改')} "不合格的列为重点整改对象" 针对 人员 {`,
    `  当 等次(${n('年度等次')}) = ${n('不合格')} 则 ${n('重点整改')}`,
    `}`,
    `规则 ${n('负责人连带')} "所辖人员受效能告诫达到人次，对负责人告诫" 针对 单位类别 ${n('一类单位')} {`,
    `  当 次数(${n('效能告诫')} 来自 成员 在 自然月 内) 2人次以上 则 ${n('负责人告诫')} 发生 负责人`,
    `  当 次数(${n('效能告诫')} 来自 成员 在 自然年 内) 5人次以上 则 取消 ${n('评优资格')} 发生 成员`,
    `}`,
    `# 单位综合考核：指标 ${w1}%、督查 ${w2}%、满意度 ${w3}%`,
    `输入 ${n('指标得分')} "指标考核季度得分" 针对 单位 ：分 范围 0..100 按季度`,
    `输入 ${n('督查得分')} "察访核验得分" 针对 单位 ：分 范围 0..100`,
    `测评 ${n('满意度')} "群众满意度测评" 针对 单位 {`,
    `  选项 ${n('满意')} "满意" = 5`,
    `  选项 ${n('基本满意')} "基本满意" = 3`,
    `  选项 ${n('不满意')} "不满意" = 0`,
    `  选项 ${n('不了解')} "不了解" = 平均`,
    `  折算 100分`,
    `  评议组 ${n('服务对象')} "服务对象": ${g1}%`,
    `  评议组 ${n('干部职工')} "干部职工": ${g2}%`,
    `}`,
    `评分 ${n('督查折算')} "察访核验折算分" 针对 单位 {`,
    `  公式 最小(${n('督查得分')} × 120%, 100分)`,
    `  限定 0..100`,
    `}`,
    `评分 ${n('综合得分')} "单位综合考核得分" 针对 单位 {`,
    `  加权 {`,
    `    平均(${n('指标得分')}): ${w1}%`,
    `    ${n('督查折算')}: ${w2}%`,
    `    ${n('满意度')}: ${w3}%`,
    `  }`,
    `  限定 0..100`,
    `}`,
    `等次划分 ${n('单位等次')} "单位综合考核等次" 按 ${n('综合得分')} {`,
    `  ${n('好')} "好" 不低于 85`,
    `  ${n('较好')} "较好" 70 ..< 85`,
    `  ${n('一般等')} "一般" 不满 70`,
    `}`,
    `后果 ${n('先进单位')} "评为先进单位"`,
    `名额 ${n('先进名额')} "先进单位名额" 针对 单位 {`,
    `  候选 等次(${n('单位等次')}) = ${n('好')}`,
    `  比例 30%`,
    `  按 ${n('综合得分')}`,
    `  舍入 向下取整`,
    `  则 ${n('先进单位')}`,
    `}`,
    `后果 ${n('末位黄牌')} "末位单位亮黄牌"`,
    `规则 ${n('末位规则')} "综合得分末位的亮黄牌" 针对 单位 {`,
    `  当 排名(${n('综合得分')}) = 末位 则 ${n('末位黄牌')}`,
    `}`,
    `事件 ${n('办理申请')} "行政许可申请" 针对 人员 {`,
    `  ${n('受理日')}: 日期`,
    `  ${n('送达日')}: 日期`,
    `  ${n('专家评审')}: 期间`,
    `  ${n('延长天数')}: 整数 工作日`,
    `  ${n('延期申请日')}: 日期`,
    `  ${n('无故拒办')}: 是否`,
    `}`,
    `后果 ${n('超时办结')} "超时办结"`,
    `时限 ${n('限时办结')} "行政许可限时办结" {`,
    `  发生 ${n('办理申请')}`,
    `  起算 ${n('受理日')}`,
    `  期限 ${r.int(5, 20)} 个工作日`,
    `  首日 不计入`,
    `  暂停 ${n('专家评审')}`,
    `  延期 ${n('延长天数')} 申请于 ${n('延期申请日')}`,
    `  办结 ${n('送达日')}`,
    `  视为超时 ${n('无故拒办')}`,
    `  则 ${n('超时办结')}`,
    `}`,
    ``,
  ];
}

// --- a module in English spellings ------------------------------------------------------------

function enModule(k: number, r: Rand): string[] {
  const n = (ascii: string, zh: string): string => `${ascii}_${zh}_${k}`;
  const N = {
    kind: n('type_one', '一类'),
    late: n('late', '迟到'),
    minutes: n('minutes', '分钟'),
    excused: n('excused', '有理由'),
    complaint: n('complaint', '投诉'),
    severity: n('severity', '情节'),
    light: n('light', '一般'),
    serious: n('serious', '严重'),
    substantiated: n('substantiated', '属实'),
    honour: n('honour', '荣誉'),
    level: n('level', '级别'),
    county: n('county', '县'),
    prefecture: n('prefecture', '州'),
    province: n('province', '省'),
    warning: n('warning', '告诫'),
    standby: n('standby', '待岗'),
    reassign: n('reassign', '调岗'),
    headWarning: n('head_warning', '负责人告诫'),
    praise: n('praise', '表彰'),
    rectify: n('rectify', '整改'),
    discipline: n('discipline', '纪检'),
    merit: n('merit', '评优'),
    cap: n('cap', '上限'),
    conduct: n('conduct', '得分'),
    scale: n('annual', '等次'),
    excellent: n('excellent', '优秀'),
    good: n('good', '良好'),
    pass: n('pass', '合格'),
    fail: n('fail', '不合格'),
    indicator: n('indicator', '指标'),
    inspection: n('inspection', '督查'),
    survey: n('survey', '满意度'),
    satisfied: n('satisfied', '满意'),
    fair: n('fair', '基本满意'),
    unsatisfied: n('unsatisfied', '不满意'),
    unknown: n('unknown', '不了解'),
    clients: n('clients', '服务对象'),
    staff: n('staff', '干部职工'),
    inspectionScaled: n('inspection_scaled', '督查折算'),
    total: n('total', '综合'),
    unitScale: n('unit_grade', '单位等次'),
    top: n('top', '好'),
    mid: n('mid', '较好'),
    low: n('low', '一般'),
    advanced: n('advanced', '先进'),
    advancedQuota: n('advanced_quota', '先进名额'),
    yellow: n('yellow_card', '黄牌'),
    application: n('application', '申请'),
    received: n('received', '受理日'),
    delivered: n('delivered', '送达日'),
    reviews: n('reviews', '评审'),
    extra: n('extra_days', '延长'),
    extFiled: n('extension_filed', '延期申请'),
    refused: n('refused', '拒办'),
    overdue: n('overdue', '超时'),
    reply: n('reply', '限时办结'),
  };
  const rule = (base: string): string => n(base, '规则');
  const [w1, w2, w3] = r.weights(3);
  const [g1, g2] = r.weights(2);
  const bands = r.pick([
    [`>= 90`, `80 ..< 90`, `60 ..< 80`, `< 60`],
    [`at least 90`, `at least 80 and less than 90`, `at least 60 and less than 80`, `less than 60`],
    [`90 or above`, `>= 80 and < 90`, `60 ..< 80`, `less than 60`],
  ]);
  return [
    `# ---------------------------------------------------------------------------------------`,
    `# Module ${k}: window staff efficiency (generated test policy, clause ${k})`,
    `# ---------------------------------------------------------------------------------------`,
    `kind ${N.kind} "第一类单位（第${k}组）"`,
    `event ${N.late} "无故迟到、早退、离岗" for person {`,
    `  ${N.minutes} "迟到分钟数": integer minutes`,
    `  ${N.excused}: bool`,
    `}`,
    `event ${N.complaint} "因服务态度被群众投诉" for person {`,
    `  ${N.severity}: ${N.light} "一般" | ${N.serious} "情节严重"`,
    `  ${N.substantiated}: bool`,
    `}`,
    `event ${N.honour} "为中心争得荣誉" for person {`,
    `  ${N.level}: ${N.county} "县级" | ${N.prefecture} "州级" | ${N.province} "省级"`,
    `}`,
    `penalty ${N.warning} "效能告诫" { rank 1 }`,
    `penalty ${N.standby} "被诉待岗" { rank 2; lasts 15 days; stops bonus }`,
    `penalty ${N.reassign} "调整工作岗位" { rank 3 }`,
    `penalty ${N.headWarning} "对负责人告诫" { rank 1, lasts 5 working days }`,
    `outcome ${N.praise} "通报表彰"`,
    `outcome ${N.rectify} "列为重点整改对象"`,
    `referral ${N.discipline} "移送纪检监察机关"`,
    `eligibility ${N.merit} "当年度评先评优资格"`,
    `param ${N.cap} "扣分上限": points = ${r.int(10, 30)} points`,
    `# "three substantiated complaints in a calendar month: standby"`,
    `rule ${rule('standby')} "一月内被投诉三次以上的待岗" for person {`,
    `  when count(${N.complaint} where ${N.substantiated} within calendar month) >= ${r.int(2, 4)} times then ${N.standby}`,
    `  unless count(${N.honour} within calendar year) at least 3`,
    `  source "generated:${k}"`,
    `}`,
    `rule ${rule('late_ladder')} "迟到：第一次告诫，第二次调整岗位" for person {`,
    `  on ${N.late} where not ${N.excused}`,
    `  ladder within calendar year {`,
    `    nth 1 -> ${N.warning}`,
    `    2 -> ${N.reassign}`,
    `    3 or more -> ${N.discipline}, ineligible ${N.merit}`,
    `  }`,
    `}`,
    `rule ${rule('serious_complaint')} "情节严重的投诉" for person {`,
    `  on ${N.complaint}`,
    `  when ${N.severity} = ${N.serious} and ${N.substantiated} then ${N.warning}, ineligible ${N.merit}`,
    `  otherwise ${N.praise}`,
    `}`,
    `rule ${rule('late_minutes')} "一月内迟到累计超过120分钟" for person {`,
    `  when sum(${N.minutes} of ${N.late} within calendar month) more than 120 minutes or count(${N.late} within rolling 30 days) >= ${r.int(4, 6)}`,
    `  then ${N.warning}`,
    `  retrigger`,
    `}`,
    `rule ${rule('after_reassign')} "调整岗位后一年内再次迟到两次以上" for person {`,
    `  when count(${N.late} within 365 days after ${N.reassign}) >= 2 or count(${N.complaint} within since ${N.reassign} onwards 180 days inside) >= 1`,
    `  then ${N.standby}`,
    `}`,
    `rule ${rule('praise')} "一年内两次争得荣誉的通报表彰" for person {`,
    `  when count(${N.honour} where ${N.level} in (${N.prefecture}, ${N.province}) within calendar year) >= 2 times then ${N.praise}`,
    `}`,
    `score ${N.conduct} "窗口工作人员年度考核得分" for person {`,
    `  base 100 points`,
    `  deduct ${r.int(1, 3)} points per ${N.late} unless ${N.excused}`,
    `  deduct by ${N.severity} { ${N.light}: ${r.int(1, 3)} points, ${N.serious}: ${r.int(4, 8)} points } per ${N.complaint} where ${N.substantiated}`,
    `  deduct 2 points per ${N.complaint} where not ${N.substantiated} within calendar quarter cap 6 points`,
    `  add by ${N.level} { ${N.county}: 2 points, ${N.prefecture}: 4 points, ${N.province}: 6 points } per ${N.honour}`,
    `  deductions cap ${N.cap}`,
    `  additions cap 10 points`,
    `  clamp 0..100`,
    `  round half_up 2`,
    `}`,
    `grades ${N.scale} "年度考核等次" by ${N.conduct} {`,
    `  ${N.excellent} "优秀" ${bands[0]}`,
    `  ${N.good} "良好" ${bands[1]}`,
    `  ${N.pass} "合格" ${bands[2]}`,
    `  ${N.fail} "不合格" ${bands[3]}`,
    `}`,
    `rule ${rule('downgrade')} "受到待岗处理的降低一个等次" for person {`,
    `  when count(${N.standby} within period) >= 1 then downgrade 1 ${N.scale}`,
    `}`,
    `rule ${rule('cap_grade')} "受到效能告诫的，等次不高于良好" for person {`,
    `  on ${N.warning}`,
    `  then grade at most ${N.scale}.${N.good}`,
    `}`,
    `rule ${rule('referral_grade')} "移送纪检的定为不合格并一票否决" for person {`,
    `  on ${N.discipline}`,
    `  then grade set to ${N.scale}.${N.fail}, veto ${N.scale}`,
    `}`,
    `rule ${rule('rectify')} "不合格的列为重点整改对象" for person {`,
    `  when grade(${N.scale}) = ${N.fail} then ${N.rectify}`,
    `}`,
    `rule ${rule('head')} "所辖人员受效能告诫达到人次，对负责人告诫" for unit kind ${N.kind} {`,
    `  when count(${N.warning} of members within calendar month) >= 2 times then ${N.headWarning} on head`,
    `  when count(${N.warning} of members within calendar year) >= 5 times then ineligible ${N.merit} on members`,
    `}`,
    `# unit composite: indicators ${w1}%, inspection ${w2}%, survey ${w3}%`,
    `input ${N.indicator} "指标考核季度得分" for unit : points range 0..100 quarterly`,
    `input ${N.inspection} "察访核验得分" for unit : points range 0..100`,
    `survey ${N.survey} "群众满意度测评" for unit {`,
    `  choice ${N.satisfied} "满意" = 5`,
    `  choice ${N.fair} "基本满意" = 3`,
    `  choice ${N.unsatisfied} "不满意" = 0`,
    `  choice ${N.unknown} "不了解" = mean`,
    `  scale 100 points`,
    `  group ${N.clients} "服务对象": ${g1}%`,
    `  group ${N.staff} "干部职工": ${g2}%`,
    `}`,
    `score ${N.inspectionScaled} "察访核验折算分" for unit {`,
    `  value min(${N.inspection} * 120%, 100 points)`,
    `  clamp 0..100`,
    `}`,
    `score ${N.total} "单位综合考核得分" for unit {`,
    `  weighted {`,
    `    mean(${N.indicator}): ${w1}%`,
    `    ${N.inspectionScaled}: ${w2}%`,
    `    ${N.survey}: ${w3}%`,
    `  }`,
    `  clamp 0..100`,
    `}`,
    `grades ${N.unitScale} "单位综合考核等次" by ${N.total} {`,
    `  ${N.top} "好" at least 85`,
    `  ${N.mid} "较好" 70 ..< 85`,
    `  ${N.low} "一般" less than 70`,
    `}`,
    `outcome ${N.advanced} "评为先进单位"`,
    `quota ${N.advancedQuota} "先进单位名额" for unit {`,
    `  pool grade(${N.unitScale}) = ${N.top}`,
    `  share 30%`,
    `  by ${N.total}`,
    `  round floor`,
    `  then ${N.advanced}`,
    `}`,
    `outcome ${N.yellow} "末位单位亮黄牌"`,
    `rule ${rule('last_place')} "综合得分末位的亮黄牌" for unit {`,
    `  when ranking(${N.total}) = last then ${N.yellow}`,
    `}`,
    `event ${N.application} "行政许可申请" for person {`,
    `  ${N.received}: date`,
    `  ${N.delivered}: date`,
    `  ${N.reviews}: intervals`,
    `  ${N.extra}: integer working days`,
    `  ${N.extFiled}: date`,
    `  ${N.refused}: bool`,
    `}`,
    `outcome ${N.overdue} "超时办结"`,
    `deadline ${N.reply} "行政许可限时办结" {`,
    `  on ${N.application}`,
    `  from ${N.received}`,
    `  limit ${r.int(5, 20)} working days`,
    `  start day excluded`,
    `  pause ${N.reviews}`,
    `  extend ${N.extra} filed ${N.extFiled}`,
    `  done ${N.delivered}`,
    `  deemed overdue ${N.refused}`,
    `  then ${N.overdue}`,
    `}`,
    ``,
  ];
}

export interface GenerateOptions {
  /** Exact number of lines of the result (default 10,000). */
  readonly lines?: number;
  readonly seed?: number;
}

export function generatePolicy(options: GenerateOptions = {}): string {
  const target = options.lines ?? 10_000;
  const r = rand(options.seed ?? 1);
  const out: string[] = [
    `# 生成的基准测试制度（bench/generate-policy.ts，seed ${options.seed ?? 1}）`,
    `制度 基准测试制度 "生成的基准测试制度" {`,
    `  版本 "2024.1"`,
    `  生效 2024-01-01 至 2024-12-31`,
    `  考核期 年度`,
    `  出处 "bench/generate-policy.ts"`,
    `  舍入 四舍五入 2`,
    `}`,
    ``,
  ];
  for (let k = 1; ; k++) {
    const module = k % 2 === 1 ? zhModule(k, r) : enModule(k, r);
    if (out.length + module.length > target) break;
    out.push(...module);
  }
  // Fill up to the exact line count with comment lines.
  while (out.length < target) out.push(`# 填充行 ${out.length + 1}`);
  return out.slice(0, target).join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lines = Number(process.argv[2] ?? 10_000);
  const seed = Number(process.argv[3] ?? 1);
  process.stdout.write(generatePolicy({ lines, seed }) + '\n');
}
