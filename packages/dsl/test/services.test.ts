/**
 * Language services, tested with a cursor marker `<|>` in the text (the Langium style): the
 * marker is removed and its position passed to the service.
 */
import { describe, expect, it } from 'vitest';
import { completion, definition, documentSymbols, hover, references } from '../src/index.js';

const POLICY = `制度 示例 "服务测试" { 考核期 年度 }
事件 投诉 "投诉" {
  情节: 一般 "一般" | 严重 "情节严重"
  属实: 是否
}
事件 迟到 "迟到"
处罚 待岗 "待岗" { 轻重 3  持续 15天  停发奖金 }
处罚 告诫 "效能告诫" { 轻重 2 }
资格 评先 "评先资格"
规则 被诉待岗 "被诉待岗" {
  当 次数(投诉 其中 属实 在 自然月) 3次以上 则 待岗
}
评分 得分 "考核得分" 针对 人员 {
  基础分 100分
  扣 2分 每 迟到
}
等次划分 等次表 "考核等次" 按 得分 {
  优秀 "优秀" 90 以上
  其他 "其他" 不满 90
}
`;

/** Split `<|>` out of a text: the text and the 1-based position of the marker. */
function at(marked: string): { text: string; pos: { line: number; column: number } } {
  const i = marked.indexOf('<|>');
  if (i < 0) throw new Error('no cursor marker');
  const before = marked.slice(0, i);
  const line = before.split('\n').length;
  const column = i - before.lastIndexOf('\n');
  return { text: before + marked.slice(i + 3), pos: { line, column } };
}

const mark = (needle: string, replacement: string): string => {
  if (!POLICY.includes(needle)) throw new Error(`not in policy: ${needle}`);
  return POLICY.replace(needle, replacement);
};

describe('go-to-definition', () => {
  it('jumps from a penalty used in a rule to its declaration', () => {
    const { text, pos } = at(mark('则 待岗\n}', '则 待<|>岗\n}'));
    const def = definition(text, pos);
    // `处罚 待岗` is line 7; the name starts at column 4
    expect(def?.span.line).toBe(7);
    expect(def?.span.column).toBe(4);
    expect(def?.file).toBeUndefined();
  });

  it('jumps from an attribute in a filter to the attribute of that event', () => {
    const { text, pos } = at(mark('其中 属实', '其中 <|>属实'));
    const def = definition(text, pos);
    expect(def?.span.line).toBe(4);
    expect(def?.span.column).toBe(3);
  });

  it('finds nothing on a keyword or in a comment', () => {
    const { text, pos } = at(mark('当 次数', '<|>当 次数'));
    expect(definition(text, pos)).toBeUndefined();
  });
});

describe('references', () => {
  it('lists the declaration and every use of a name', () => {
    const { text, pos } = at(mark('处罚 待岗', '处罚 <|>待岗'));
    const spans = references(text, pos);
    expect(spans.map((s) => s.line)).toEqual([7, 11]);
  });
});

describe('hover', () => {
  it('describes a penalty with its rank, duration and bonus effect', () => {
    const { text, pos } = at(mark('则 待岗\n}', '则 待岗<|>\n}'));
    const h = hover(text, pos);
    expect(h?.contents).toContain('处罚 待岗');
    expect(h?.contents).toContain('轻重 3');
    expect(h?.contents).toContain('持续 15天');
    expect(h?.contents).toContain('停发奖金');
    const en = hover(text, pos, { lang: 'en' });
    expect(en?.contents).toContain('penalty 待岗');
    expect(en?.contents).toContain('lasts 15 days');
  });

  // Hover contents are Markdown: a label is user text and must show as written, never render.
  // `![](http://…)` made the playground's browser fetch the URL (issue 9). Every ASCII punctuation
  // character of user text is backslash-escaped (CommonMark: any ASCII punctuation may be).
  it('escapes a label: an image or link in it is shown as text, not rendered', () => {
    const text = '制度 p "t" { 考核期 年度 }\n事件 迟到 "![x](http://evil.example/a.png) <img src=x> *b* _i_ `c`"\n评分 s 针对 人员 { 基础分 100  扣 2 每 迟到 }\n';
    const { pos } = at(text.replace('每 迟到', '每 迟<|>到'));
    const h = hover(text, pos);
    expect(h?.contents).toBe(
      '**事件 迟到“\\!\\[x\\]\\(http\\:\\/\\/evil\\.example\\/a\\.png\\) \\<img src\\=x\\> \\*b\\* \\_i\\_ \\`c\\`”**',
    );
    expect(h?.contents).not.toMatch(/(^|[^\\])!\[/);
  });

  it('escapes names and the file of a base declaration too', () => {
    const base = '制度 b "b" { 考核期 年度 }\n处罚 警_告 "警告"\n';
    const text = '制度 t "t" { 考核期 年度  继承 "base_[1].kp" }\n事件 e "e"\n规则 r { 发生 e 则 警_告 }\n';
    const { pos } = at(text.replace('则 警_告', '则 警<|>_告'));
    const h = hover(text, pos, { file: 'town.kp', loadBase: (path) => (path === 'base_[1].kp' ? { file: 'dir/base_[1].kp', text: base } : undefined) });
    expect(h?.contents).toBe('**处罚 警\\_告“警告”**\n\n声明于 dir\\/base\\_\\[1\\]\\.kp:2');
  });

  it('describes a keyword with both spellings', () => {
    const { text, pos } = at(mark('3次以上', '3次以<|>上'));
    const h = hover(text, pos);
    expect(h?.contents).toContain('`or above`');
    expect(h?.contents).toContain('`以上`');
  });
});

describe('document symbols', () => {
  it('lists declarations in order with their members', () => {
    const syms = documentSymbols(POLICY);
    expect(syms.map((s) => `${s.kind}:${s.name}`)).toEqual([
      'event:投诉', 'event:迟到', 'penalty:待岗', 'penalty:告诫', 'eligibility:评先', 'rule:被诉待岗', 'score:得分', 'grades:等次表',
    ]);
    expect(syms[0]!.children.map((c) => c.name)).toEqual(['情节', '属实']);
    expect(syms[7]!.children.map((c) => c.name)).toEqual(['优秀', '其他']);
    expect(syms[0]!.label).toBe('投诉');
  });
});

describe('completion', () => {
  const labels = (marked: string): string[] => {
    const { text, pos } = at(marked);
    return completion(text, pos).map((c) => c.label);
  };

  it('after `则` offers penalties, outcomes and referrals, and consequence keywords', () => {
    const l = labels(mark('则 待岗\n}', '则 <|>\n}'));
    expect(l).toContain('待岗');
    expect(l).toContain('告诫');
    expect(l).toContain('取消');
    expect(l).not.toContain('迟到'); // an event is not imposed
    expect(l).not.toContain('评先'); // an eligibility is revoked with 取消, not imposed
  });

  it('after `取消` offers eligibilities only', () => {
    expect(labels(mark('则 待岗\n}', '则 取消 <|>\n}'))).toEqual(['评先']);
  });

  it('inside `次数(` offers events and penalties', () => {
    const l = labels(mark('次数(投诉', '次数(<|>投诉'));
    expect(l).toEqual(expect.arrayContaining(['投诉', '迟到', '待岗', '告诫']));
    expect(l).not.toContain('得分');
  });

  it('after `其中` offers the attributes of that event', () => {
    expect(labels(mark('其中 属实', '其中 <|>属实')).slice(0, 2)).toEqual(['情节', '属实']);
  });

  it('after `attr =` offers the values of that attribute', () => {
    const l = labels(mark('其中 属实', '其中 情节 = <|>'));
    expect(l.slice(0, 2)).toEqual(['一般', '严重']);
  });

  it('inside a score block offers score items, Chinese spellings first', () => {
    const l = labels(mark('  扣 2分 每 迟到\n', '  扣 2分 每 迟到\n  <|>\n'));
    expect(l).toEqual(expect.arrayContaining(['基础分', '加权', '扣', '加', '限定', 'deduct']));
    expect(l.indexOf('扣')).toBeLessThan(l.indexOf('deduct'));
    expect(l).not.toContain('当');
  });

  it('at the top level offers declaration keywords', () => {
    const l = labels(`${POLICY}<|>`);
    expect(l).toEqual(expect.arrayContaining(['规则', '事件', '评分', '等次划分', 'rule']));
    expect(l).not.toContain('扣');
  });

  it('after `至多` in a grade cap offers bands', () => {
    const l = labels(mark('则 待岗\n}', '则 等次 至多 <|>\n}'));
    expect(l).toEqual(['优秀', '其他']);
  });
});
