/**
 * A generator of *wide* policies: one score with thousands of items, each item deducting for
 * its own event type. The policy-size benchmark (bench/policy-size.bench.ts) uses it to see how
 * the cost of setting up an evaluation grows with the number of declarations, and the tests use
 * a small one to see that a wide policy validates records as a narrow one does.
 *
 *   widePolicy(1000)                           → the text of a policy with 1,000 score items
 *   widePolicyOfSize(6.7 * 2 ** 20)            → as many items as fit in 6.7 MiB
 *   npx tsx bench/generate-wide-policy.ts 1000 > wide.kp
 *
 * Item k (0-based) has the event type 违规k with three attributes — an enum 情节k (一般k | 严重k), a
 * decimal 分值k and a boolean 属实k — and deducts by a lookup on 情节k where 属实k holds (even k)
 * or the value of 分值k (odd k). Everything declared is used, so the checker reports nothing.
 * Deterministic and dependency-free: the text depends only on the number of items.
 */
import { pathToFileURL } from 'node:url';

/** The declarations and the score line of item k. */
function item(k: number): { decl: string[]; line: string } {
  const decl = [
    `事件 违规${k} "第 ${k} 项所扣的事件" 针对 人员 {`,
    `  情节${k} "情节": 一般${k} "一般" | 严重${k} "严重"`,
    `  分值${k} "扣分值": 小数 分`,
    `  属实${k} "属实": 是否`,
    `}`,
  ];
  const line = k % 2 === 0 ? `  扣 按 情节${k} { 一般${k}: 1分, 严重${k}: 2分 } 每 违规${k} 其中 属实${k}` : `  扣 分值${k} 每 违规${k}`;
  return { decl, line };
}

const HEAD = (items: number): string[] => [
  `# 生成的宽制度：一个评分有 ${items} 个扣分项，每项对应一种事件（bench/generate-wide-policy.ts）`,
  `制度 宽制度 "有 ${items} 个评分项的生成制度" {`,
  `  版本 "1"`,
  `  考核期 年度`,
  `}`,
  ``,
];
const SCORE_OPEN = [`评分 得分 "个人得分" 针对 人员 {`, `  基础分 100分`];
const SCORE_CLOSE = [`  限定 0..100`, `}`, ``];

/** The text of a policy with `items` score items (at least 1). */
export function widePolicy(items: number): string {
  if (!Number.isInteger(items) || items < 1) throw new RangeError(`items must be a whole number ≥ 1, got ${items}`);
  const decls: string[] = [];
  const lines: string[] = [];
  for (let k = 0; k < items; k++) {
    const it = item(k);
    decls.push(...it.decl);
    lines.push(it.line);
  }
  return [...HEAD(items), ...decls, '', ...SCORE_OPEN, ...lines, ...SCORE_CLOSE].join('\n');
}

/** The number of items whose policy is about `bytes` long (UTF-8), and its text. */
export function widePolicyOfSize(bytes: number): { items: number; text: string } {
  // Bytes per item grow slowly with the number of digits in k: estimate, then correct once.
  const per = (n: number): number => Buffer.byteLength(widePolicy(n)) / n;
  let items = Math.max(1, Math.round(bytes / per(1000)));
  items = Math.max(1, Math.round(bytes / per(items)));
  return { items, text: widePolicy(items) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(widePolicy(Number(process.argv[2] ?? 1000)));
}
