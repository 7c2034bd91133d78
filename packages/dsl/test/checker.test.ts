/** Checker semantics that the broken-policy fixtures do not show on their own. */
import { describe, expect, it } from 'vitest';
import { countPolarity, createEnv, type Expr, type RuleDecl } from '../src/index.js';

const codes = (text: string): string[] => createEnv().analyze(text).diagnostics.map((d) => d.code);
const header = '制度 p "t" { 考核期 年度 }\n';

describe('weights', () => {
  const score = (ws: string[]): string =>
    `${header}输入 a 针对 人员 : 分\n评分 s 针对 人员 { 加权 { ${ws.map((w) => `a: ${w}`).join('  ')} } }\n`;

  it('sum exactly: 33.3% + 33.3% + 33.4% is 100% (no binary floating point)', () => {
    expect(codes(score(['33.3%', '33.3%', '33.4%']))).toEqual([]);
  });

  it('0.1% short of 100% is reported, with the difference', () => {
    const d = createEnv().analyze(score(['33.3%', '33.3%', '33.3%'])).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['KP0205']);
    expect(d[0]!.message.zh).toBe('权重合计为 99.9%，应为 100%');
    expect(d[0]!.hint?.en).toContain('off by 0.1%');
  });

  // A weight is a constant percentage literal (KP0206), so a third is written with as many digits
  // as it takes. By hand: 33.333333333333333333335 × 2 = 66.66666666666666666667, and
  // 66.66666666666666666667 + 33.33333333333333333333 = 100 exactly. With 20 significant digits
  // (the old checker's decimal.js) the running sum was rounded at each step and came to
  // 99.999999999999999999: a false KP0205.
  it('three thirds written to 21 places that sum to exactly 100% are accepted', () => {
    expect(codes(score(['33.333333333333333333335%', '33.333333333333333333335%', '33.33333333333333333333%']))).toEqual([]);
  });

  // 50 + 49.9999999999999999999999999 (25 nines) = 99.9999999999999999999999999, 1/10^25 short;
  // rounded to 20 significant digits it was 100 and passed.
  it('a total off by 1/10^25 is reported, with the exact total and difference', () => {
    const d = createEnv().analyze(score(['50%', `49.${'9'.repeat(25)}%`])).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['KP0205']);
    expect(d[0]!.message.en).toBe(`weights sum to 99.${'9'.repeat(25)}%, not 100%`);
    expect(d[0]!.hint?.en).toContain(`off by 0.${'0'.repeat(24)}1%`);
  });

  it('a survey\'s group weights are summed exactly too', () => {
    const survey = (a: string, b: string): string =>
      `${header}测评 v 针对 人员 { 选项 好 = 1  选项 差 = 0  评议组 g1 "甲": ${a}  评议组 g2 "乙": ${b} }\n评分 s 针对 人员 { 公式 v }\n`;
    expect(codes(survey('50.000000000000000000000000001%', '49.999999999999999999999999999%'))).toEqual([]);
    expect(codes(survey('50.000000000000000000000000001%', '50%'))).toEqual(['KP0205']);
  });
});

describe('grade bands', () => {
  const bands = (round: string, b: string): string =>
    `${header}输入 a 针对 人员 : 分\n评分 s 针对 人员 { 基础分 a ${round} }\n等次划分 g 按 s { ${b} }\n`;
  const nanping = '优 90 以上  良 76 至 89  一般 60 至 75  差 59 以下';

  it('the seeds\' integer bands leave 89.5 ungraded (and 59.5, 75.5)', () => {
    const d = createEnv().analyze(bands('', nanping)).diagnostics;
    expect(d.map((x) => x.message.en)).toEqual([
      'grade bands leave a gap: (59, 60) is in no band (e.g. a score of 59.5)',
      'grade bands leave a gap: (75, 76) is in no band (e.g. a score of 75.5)',
      'grade bands leave a gap: (89, 90) is in no band (e.g. a score of 89.5)',
    ]);
  });

  it('the same bands are complete for a score rounded to whole points first', () => {
    expect(codes(bands('舍入 四舍五入 0', nanping))).toEqual([]);
  });

  it('but not for a score rounded to one decimal place', () => {
    expect(codes(bands('舍入 四舍五入 1', nanping))).toEqual(['KP0301', 'KP0301', 'KP0301']);
  });

  it('a single missing point between two open ends is a gap', () => {
    const d = createEnv().analyze(bands('', '高 超过 90  低 不满 90')).diagnostics;
    expect(d.map((x) => x.message.en)).toEqual(['grade bands leave a gap: 90 is in no band (e.g. a score of 90)']);
  });

  it('overlap at a shared closed end is reported', () => {
    const d = createEnv().analyze(bands('', '优秀 90 以上  优良 80 至 90  合格 不满 80')).diagnostics;
    expect(d.map((x) => x.message.en)).toEqual(['bands `优秀` and `优良` overlap: 90']);
  });

  // Rounded to whole points, the score is an integer. The bands leave (89.0000000000000000000001, 90)
  // open: no integer lies in it (89 is below its low end, 90 is in 好), so there is no gap. The old
  // checker divided the low end by the grid step in 20 significant digits, got 89, took 89 for a
  // grid point inside the gap and reported KP0301.
  it('a gap that holds no value of the rounded score is none, however many digits its end has', () => {
    expect(codes(bands('舍入 四舍五入 0', `好 >= 90  差 <= 89.${'0'.repeat(21)}1`))).toEqual([]);
    // and to one place, 89.1 lies in it
    expect(codes(bands('舍入 四舍五入 1', `好 >= 90  差 <= 89.${'0'.repeat(21)}1`))).toEqual(['KP0301']);
  });

  it('the domain is the clamp range: bands need only cover 0..100', () => {
    expect(codes(`${header}评分 s 针对 人员 { 基础分 100 限定 0..100 }\n等次划分 g 按 s { 好 >= 60 且 <= 100  差 >= 0 且 < 60 }\n`)).toEqual([]);
    expect(codes(`${header}评分 s 针对 人员 { 基础分 100 }\n等次划分 g 按 s { 好 >= 60 且 <= 100  差 >= 0 且 < 60 }\n`)).toEqual(['KP0301', 'KP0301']);
  });
});

describe('units of measure', () => {
  const rule = (cond: string): string =>
    `${header}事件 e "e" { m: 整数 分钟 }\n处罚 y "y"\n规则 r { 发生 e 其中 ${cond} 则 y }\n`;
  it('minutes compare with minutes or plain numbers, not with days or points', () => {
    expect(codes(rule('m 超过 30'))).toEqual([]);
    expect(codes(rule('m 超过 30分钟'))).toEqual([]);
    expect(codes(rule('m 超过 1天'))).toEqual(['KP0204']);
    expect(codes(rule('m 超过 30分'))).toEqual(['KP0204']);
  });
  it('a percentage scales points; two measured quantities do not multiply', () => {
    const s = (v: string): string[] => codes(`${header}输入 a 针对 人员 : 分\n评分 s 针对 人员 { 公式 ${v} }\n`);
    expect(s('a * 50%')).toEqual([]);
    expect(s('a * 2天')).toEqual(['KP0204']);
  });
});

describe('strata and cycles', () => {
  it('a chain of three rules gives three strata', () => {
    const a = createEnv().analyze(
      `${header}事件 e "e"\n处罚 p1 "1"\n处罚 p2 "2"\n处罚 p3 "3"\n` +
        `规则 c { 当 次数(p2 在 自然年) >= 1 则 p3 }\n规则 b { 当 次数(p1 在 自然年) >= 1 则 p2 }\n规则 a { 发生 e 则 p1 }\n`,
    );
    expect(a.diagnostics).toEqual([]);
    expect(a.checked.strata).toEqual([['a'], ['b'], ['c']]);
  });

  it('a rule that caps the grade it reads is a cycle', () => {
    const d = createEnv().analyze(
      `${header}评分 s 针对 人员 { 基础分 100 }\n等次划分 g 按 s { 好 >= 60  差 < 60 }\n规则 r { 当 等次(g) = 好 则 等次 至多 差 }\n`,
    ).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['KP0401']);
    expect(d[0]!.message.zh).toContain('r');
  });
});

describe('names', () => {
  it('suggests the closest declared name of the right kind', () => {
    const d = createEnv().analyze(`${header}事件 投诉 "t"\n处罚 待岗 "s"\n规则 r { 发生 投述 则 待岗 }\n`).diagnostics.filter((x) => x.code === 'KP0101');
    expect(d[0]!.message.zh).toBe('未定义的事件、处罚、后果或移送 `投述`；是否指 `投诉`？');
  });
  it('explains a name that begins with a keyword', () => {
    const d = createEnv().analyze(`${header}事件 e "e"\n规则 r { 发生 e 则 取消评先 }\n`).diagnostics;
    expect(d[0]!.code).toBe('KP0101');
    expect(d[0]!.hint?.zh).toContain('关键字 `取消` 后面没有空格');
  });
});

describe('grade caps by subject', () => {
  it('a band name shared by a person scale and a unit scale resolves by the rule\'s subject', () => {
    const a = createEnv().analyze(
      `${header}事件 e "e"\n评分 个人分 针对 人员 { 基础分 100 }\n评分 单位分 针对 单位 { 基础分 100 }\n` +
        `等次划分 个人等次 按 个人分 { 优秀 >= 90  一般 < 90 }\n等次划分 单位等次 按 单位分 { 优秀 >= 90  一般 < 90 }\n` +
        `规则 个人封顶 { 发生 e 则 等次 至多 一般 }\n规则 单位封顶 针对 单位 { 当 次数(e 来自 成员 在 自然年) >= 1 则 等次 至多 一般 }\n`,
    );
    expect(a.diagnostics).toEqual([]);
    const refs = a.checked.references.filter((r) => !r.isDeclaration && r.symbol.kind === 'band');
    expect(refs.map((r) => r.symbol.parent?.name)).toEqual(['个人等次', '单位等次']);
  });

  it('the header\'s default rounding counts for band coverage', () => {
    const text = '制度 p "t" { 舍入 四舍五入 0 }\n输入 a 针对 人员 : 分\n评分 s 针对 人员 { 基础分 a }\n等次划分 g 按 s { 优 90 以上  良 76 至 89  差 75 以下 }\n';
    expect(codes(text)).toEqual([]);
  });
});

describe('analysis of a file with syntax errors', () => {
  it('leaves out "declared but never used" until the syntax is fixed', () => {
    const broken = `${header}事件 投诉 "投诉"\n规则 r { 当 次数(投诉 在 自然月) 3次以上 则待岗 }\n`;
    // recovery inserts the missing `则` and reports `则待岗` as an undefined name as well
    expect(codes(broken)).toEqual(['KP0002', 'KP0101']);
    const unused = `${header}事件 投诉 "投诉"\n事件 迟到 "迟到"\n处罚 待岗 "待岗"\n规则 r { 当 次数(投诉 在 自然月) 3次以上 则 待岗 }\n`;
    expect(codes(unused)).toEqual(['KP0107']);
  });
});

describe('count polarity reads numbers exactly', () => {
  const conditionOf = (cond: string): Expr => {
    const a = createEnv().analyze(`${header}事件 e "e"\n处罚 y "y"\n规则 r { 当 ${cond} 则 y }\n`);
    const rule = a.checked.policy.decls.find((d): d is RuleDecl => d.kind === 'RuleDecl')!;
    return (rule.clauses.find((c) => c.kind === 'WhenClause') as { condition: Expr }).condition;
  };
  // `count = 0` is a minimum (`count <= 0`); `count = 0.000…01` (400 zeros) is not a test for zero.
  // As a binary float that literal underflowed to 0 and the condition was taken for a minimum.
  it('`count = 0.<400 zeros>1` is not `count = 0`', () => {
    expect(countPolarity(conditionOf('次数(e 在 自然月) = 0'))).toBe('fewer');
    expect(countPolarity(conditionOf(`次数(e 在 自然月) = 0.${'0'.repeat(400)}1`))).toBe('undetermined');
  });
});
