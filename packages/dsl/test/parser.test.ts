import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as A from '../src/ast.js';
import { parse } from '../src/index.js';

const policiesDir = new URL('../../../policies/', import.meta.url);
const policies = readdirSync(policiesDir).filter((f) => f.endsWith('.kp'));

/** Every node object in the AST (anything with a `kind` and a `span`). */
function nodes(x: unknown, out: A.Node[] = []): A.Node[] {
  if (Array.isArray(x)) for (const y of x) nodes(y, out);
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o.kind === 'string' && o.span) out.push(o as unknown as A.Node);
    for (const [k, v] of Object.entries(o)) if (k !== 'span') nodes(v, out);
  }
  return out;
}

describe('parser', () => {
  it.each(policies)('parses %s without diagnostics, with a span on every node inside the file', (f) => {
    const text = readFileSync(new URL(f, policiesDir), 'utf8');
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const all = nodes(r.ast);
    expect(all.length).toBeGreaterThan(50); // the smallest policy (P07) has about 80 nodes
    for (const n of all) {
      expect(n.span.start, n.kind).toBeGreaterThanOrEqual(0);
      expect(n.span.end, n.kind).toBeLessThanOrEqual(text.length);
      expect(n.span.start, n.kind).toBeLessThanOrEqual(n.span.end);
      expect(n.span.line, n.kind).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives a node the span of its source text', () => {
    const text = '制度 p "t"\n规则 r "x" { 当 次数(投诉 在 自然月) 3次以上 则 待岗 }\n';
    const r = parse(text);
    const rule = r.ast.decls[0] as A.RuleDecl;
    const when = rule.clauses[0] as A.WhenClause;
    expect(text.slice(when.span.start, when.span.end)).toBe('当 次数(投诉 在 自然月) 3次以上 则 待岗');
    expect(text.slice(when.condition!.span.start, when.condition!.span.end)).toBe('次数(投诉 在 自然月) 3次以上');
    // 规则=1-2, r=4, "x"=6-8, {=10, 当=12 … 岗=35 (end exclusive 36)
    expect([when.span.line, when.span.column, when.span.endLine, when.span.endColumn]).toEqual([2, 12, 2, 36]);
  });

  it('reads Chinese comparators with the statutory meaning', () => {
    const cmp = (s: string): string => {
      const r = parse(`制度 p "t"\n参数 x = 1\n规则 r { 当 x ${s} 则 y }`);
      expect(r.diagnostics).toEqual([]);
      return ((r.ast.decls[1] as A.RuleDecl).clauses[0] as A.WhenClause).condition!.kind === 'Compare'
        ? (((r.ast.decls[1] as A.RuleDecl).clauses[0] as A.WhenClause).condition as A.Compare).op
        : '?';
    };
    expect(cmp('3次以上')).toBe('>=');
    expect(cmp('59 以下')).toBe('<=');
    expect(cmp('30 天以内')).toBe('<=');
    expect(cmp('超过 15')).toBe('>');
    expect(cmp('不满 3')).toBe('<');
    expect(cmp('低于 70')).toBe('<');
    expect(cmp('不低于 95')).toBe('>=');
    expect(cmp('不超过 20')).toBe('<=');
    expect(cmp('≥ 2')).toBe('>=');
  });

  it('reports every syntax error of a file in one run, each on its own line', () => {
    const text = [
      '制度 p "t"',
      '事件 投诉 "投诉" { 情节: 一般 | }', // 2: a value missing after |
      '处罚 待岗 "待岗" { 轻重 }', // 3: rank without a number
      '规则 r "r" { 当 次数(投诉 在 自然月) >= 则 待岗 }', // 4: nothing after >=
      '评分 s { 基础分 100 扣 2 每 }', // 5: event missing after 每
      '事件 迟到 "迟到"',
    ].join('\n');
    const r = parse(text);
    const lines = [...new Set(r.diagnostics.map((d) => d.span.line))];
    expect(lines).toEqual([2, 3, 4, 5]);
    expect(r.diagnostics.every((d) => d.code === 'KP0002')).toBe(true);
    // the declarations around the errors are still there
    expect(r.ast.decls.map((d) => d.name?.text)).toContain('迟到');
  });

  it('hints at a keyword glued to a name', () => {
    const r = parse('制度 p "t"\n规则 r { 当 x >= 1 则待岗 }');
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('KP0002');
    expect(d.hint?.zh).toContain('`则待岗` 被读作一个名称');
  });

  it('hints where 以上 is written before the number', () => {
    const r = parse('制度 p "t"\n规则 r { 当 x 以上 3 则 y }');
    expect(r.diagnostics[0]!.hint?.en).toContain('follows the number');
  });

  // The default hint named "the line above" whatever the line: an error in the middle of a line
  // sent the reader to the wrong line (issue 9).
  it('an error in the middle of a line points at that line, before the token', () => {
    const r = parse('制度 p "t"\n处罚 待岗 "待岗" { 轻重 }'); // `}` where the rank's number belongs, on line 2
    const d = r.diagnostics[0]!;
    expect(d.span.line).toBe(2);
    expect(d.hint?.zh).toBe('检查本行 `}` 之前是否缺少括号、冒号或关键字');
    expect(d.hint?.en).toBe('check this line, before `}`, for a missing bracket, colon or keyword');
  });

  it('an error at the start of a line points at the line before it, by number', () => {
    // line 2 ends after `>=`; the error is at `则` on line 3, the first token there
    const r = parse('制度 p "t"\n规则 r "r" { 当 次数(投诉 在 自然月) >=\n  则 待岗 }');
    const d = r.diagnostics[0]!;
    expect(d.span.line).toBe(3);
    expect(d.hint?.zh).toBe('检查上一行（第 2 行）末尾是否缺少括号、冒号或关键字');
    expect(d.hint?.en).toBe('check the end of the line above (line 2) for a missing bracket, colon or keyword');
  });

  it('with comment lines in between, the line named is the one the previous token is on', () => {
    const r = parse('制度 p "t"\n规则 r "r" { 当 次数(投诉 在 自然月) >=\n  # 说明\n\n  则 待岗 }');
    const d = r.diagnostics[0]!;
    expect(d.span.line).toBe(5);
    expect(d.hint?.zh).toBe('检查第 2 行末尾是否缺少括号、冒号或关键字');
    expect(d.hint?.en).toBe('check the end of line 2 for a missing bracket, colon or keyword');
  });

  // A full-width digit or letter has an ASCII form: the hint says to write it, not to delete it.
  it('a full-width digit: write the ASCII digit', () => {
    const d = parse('制度 p "t"\n参数 x : 分 = ３分').diagnostics[0]!;
    expect([d.code, d.span.line, d.span.column]).toEqual(['KP0001', 2, 12]);
    expect(d.hint?.zh).toBe('全角数字：请写成半角（ASCII）数字 `3`');
    expect(d.hint?.en).toBe('a full-width digit: write the ASCII digit `3`');
    const two = parse('制度 p "t"\n参数 x : 分 = １５').diagnostics[0]!;
    expect(two.hint?.en).toBe('a full-width number: write the ASCII digits `15`');
  });

  it('a full-width letter or other character with an ASCII form: write that form', () => {
    const letter = parse('制度 p "t"\n事件 Ｅ "e"').diagnostics[0]!;
    expect(letter.hint?.zh).toBe('全角字母：请写成半角（ASCII）字母 `E`');
    expect(letter.hint?.en).toBe('a full-width letter: write the ASCII letter `E`');
    const dot = parse('制度 p "t"\n评分 s 针对 人员 { 基础分 100  限定 0．．100 }').diagnostics[0]!;
    expect(dot.code).toBe('KP0001');
    expect(dot.hint?.zh).toBe('全角字符：请写成半角（ASCII）字符 `..`');
    expect(dot.hint?.en).toBe('full-width characters: write the ASCII `..`');
    // without an ASCII form the character is removed, as before
    expect(parse('制度 p "t"。').diagnostics[0]!.hint?.zh).toBe('删除该字符；名称只能由字母、数字、下划线和汉字组成');
  });

  it('reports brackets nested too deep instead of overflowing the stack', () => {
    const r = parse(`制度 p "t"\n参数 x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KP0003']);
  });

  it('names the end of file when a block is not closed', () => {
    const text = '制度 p "t"\n规则 r { 发生 x 则 y\n';
    const r = parse(text);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message.en).toContain('found the end of the file');
    expect(r.diagnostics[0]!.span.line).toBe(3);
  });
});

describe('ladders', () => {
  it('`1 -> downgrade` does not swallow the number of the next step', () => {
    const r = parse('制度 p "t"\n规则 r 针对 单位 { 发生 e\n  阶梯 { 1 -> 降档\n  2 -> 降档 2\n  3 及以上 -> 一票否决 } }');
    expect(r.diagnostics).toEqual([]);
    const ladder = (r.ast.decls[0] as A.RuleDecl).clauses[1] as A.LadderClause;
    expect(ladder.steps.map((s) => [s.occurrence?.text, s.then.map((c) => (c.kind === 'Downgrade' ? `降${c.steps?.text ?? ''}` : c.kind))])).toEqual([
      ['1', ['降']],
      ['2', ['降2']],
      ['3', ['Veto']],
    ]);
  });
});

describe('recovery inserts no empty dates', () => {
  it('a header whose effective date is missing reports the syntax error only, with real positions', () => {
    const text = '制度 p "t" {\n  生效 \n  考核期 年度\n}\n';
    const r = parse(text);
    expect(r.ast.header?.effectiveFrom).toBeUndefined();
    for (const d of r.diagnostics) {
      expect(Number.isInteger(d.span.start)).toBe(true);
      expect(d.span.line).toBeGreaterThanOrEqual(1);
    }
  });
});
