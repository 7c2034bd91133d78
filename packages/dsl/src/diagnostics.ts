/**
 * Diagnostics are data, never exceptions. Every code has a Chinese and an English message and
 * a hint saying what to do. Chinese is the default language of messages a policy writer reads.
 */
import type { Span } from './ast.js';

export type Severity = 'error' | 'warning' | 'info';
export type Lang = 'zh' | 'en';

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly span: Span;
  readonly message: Bilingual;
  readonly hint?: Bilingual;
  /** The file the span belongs to (set by the environment; a base policy's file for its own problems). */
  readonly file?: string;
}

type Args = Record<string, string | number>;
interface CodeDef {
  readonly severity: Severity;
  readonly zh: (a: Args) => string;
  readonly en: (a: Args) => string;
  readonly hintZh?: (a: Args) => string;
  readonly hintEn?: (a: Args) => string;
}

const q = (s: string | number | undefined): string => `\`${s ?? ''}\``;

/** KP0001 on full-width characters that have an ASCII form. */
const ASCII_KIND_ZH: Record<string, string> = { digit: '数字', letter: '字母', other: '字符' };
const asciiHintZh = (a: Args): string => `全角${ASCII_KIND_ZH[a.asciiKind!] ?? '字符'}：请写成半角（ASCII）${ASCII_KIND_ZH[a.asciiKind!] ?? '字符'} ${q(a.ascii)}`;
const asciiHintEn = (a: Args): string => {
  const many = String(a.ascii).length > 1;
  if (a.asciiKind === 'digit') return many ? `a full-width number: write the ASCII digits ${q(a.ascii)}` : `a full-width digit: write the ASCII digit ${q(a.ascii)}`;
  if (a.asciiKind === 'letter') return many ? `full-width letters: write the ASCII letters ${q(a.ascii)}` : `a full-width letter: write the ASCII letter ${q(a.ascii)}`;
  return many ? `full-width characters: write the ASCII ${q(a.ascii)}` : `a full-width character: write the ASCII ${q(a.ascii)}`;
};

/** KP0002: the line to look at, from the error's line and the previous token's. */
const whereZh = (a: Args): string =>
  !a.prevLine ? '此处' : a.prevLine === a.line ? `本行 ${q(a.found)} 之前` : Number(a.prevLine) === Number(a.line) - 1 ? `上一行（第 ${a.prevLine} 行）末尾` : `第 ${a.prevLine} 行末尾`;
const whereEn = (a: Args): string =>
  !a.prevLine ? 'here' : a.prevLine === a.line ? `this line, before ${q(a.found)},` : Number(a.prevLine) === Number(a.line) - 1 ? `the end of the line above (line ${a.prevLine})` : `the end of line ${a.prevLine}`;

/**
 * A declaration's name in a message. One without a name (its syntax error is reported too) is
 * named by its label, `（未命名）「label」`, or `（未命名）` — never an empty \`\`.
 */
const named = (a: Args, lang: Lang): string => {
  if (a.name !== undefined && a.name !== '') return q(a.name);
  const none = lang === 'zh' ? '（未命名）' : '(unnamed)';
  return a.label ? `${none}${lang === 'zh' ? `「${a.label}」` : ` "${a.label}"`}` : none;
};

/** The catalogue of every diagnostic code. docs/language.md lists them; a test checks the list. */
export const CODES: Record<string, CodeDef> = {
  // --- syntax ------------------------------------------------------------------------------
  KP0001: {
    severity: 'error',
    zh: (a) => `无法识别的字符 ${q(a.text)}`,
    en: (a) => `unexpected character ${q(a.text)}`,
    // `ascii`: the ASCII form of full-width characters (`３` → `3`); `asciiKind`: digit, letter or other
    hintZh: (a) => (a.quote ? '字符串须在同一行内用引号闭合' : a.ascii !== undefined ? asciiHintZh(a) : '删除该字符；名称只能由字母、数字、下划线和汉字组成'),
    hintEn: (a) => (a.quote ? 'close the string with a quote on the same line' : a.ascii !== undefined ? asciiHintEn(a) : 'remove it; names consist of letters, digits, `_` and Chinese characters'),
  },
  KP0002: {
    severity: 'error',
    zh: (a) => `语法错误：此处应为 ${a.expectedZh}，实际为 ${a.found === 'EOF' ? '文件结尾' : q(a.found)}`,
    en: (a) => `syntax error: expected ${a.expectedEn}, found ${a.found === 'EOF' ? 'the end of the file' : q(a.found)}`,
    // Without a specific hint: where the missing piece most likely is. `prevLine` is the line of the
    // token before the error (0: none); on the error's own line the gap is before the token.
    hintZh: (a) => String(a.hintZh ?? `检查${whereZh(a)}是否缺少括号、冒号或关键字`),
    hintEn: (a) => String(a.hintEn ?? `check ${whereEn(a)} for a missing bracket, colon or keyword`),
  },
  KP0003: {
    severity: 'error',
    zh: (a) => `嵌套过深或表达式过长（超过 ${a.max} 层），${a.scopeZh}`,
    en: (a) => `nesting deeper than ${a.max} levels (brackets, prefix operators, or an expression chained that long); ${a.scopeEn}`,
    hintZh: () => '拆分表达式，或把中间结果声明为单独的评分',
    hintEn: () => 'split the expression, or declare the intermediate result as a score of its own',
  },
  KP0005: {
    severity: 'error',
    zh: (a) => `语法错误超过 ${a.max} 处，已停止解析`,
    en: (a) => `more than ${a.max} syntax errors; parsing stopped here`,
    hintZh: () => '先改正前面的错误；这个文件可能不是考评制度文件',
    hintEn: () => 'fix the errors above first; this may not be a Kaoping policy file',
  },
  KP0004: {
    severity: 'error',
    zh: () => '缺少制度头：文件应以 `制度 名称 "标题" { … }` 开始',
    en: () => 'missing policy header: a file starts with `policy name "title" { … }`',
    hintZh: () => '在文件开头加上制度头',
    hintEn: () => 'add a policy header at the top of the file',
  },
  // Reported by the command line, which reads the file's bytes (the language itself gets text).
  KP0006: {
    severity: 'error',
    zh: (a) => `文件不是有效的 UTF-8 编码：此处的字节 ${a.byte} 无法解码`,
    en: (a) => `the file is not valid UTF-8: the byte ${a.byte} here cannot be decoded`,
    hintZh: () => '在编辑器中把文件另存为 UTF-8 编码（不要用 GBK/GB18030）',
    hintEn: () => 'save the file as UTF-8 in your editor (not GBK/GB18030)',
  },

  // --- names -------------------------------------------------------------------------------
  KP0101: {
    severity: 'error',
    zh: (a) => `未定义的${a.whatZh} ${q(a.name)}${a.suggestion ? `；是否指 ${q(a.suggestion)}？` : ''}`,
    en: (a) => `undefined ${a.whatEn} ${q(a.name)}${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''}`,
    hintZh: (a) => (a.glued ? `${q(a.name)} 被读作一个名称，因为关键字 ${q(a.glued)} 后面没有空格；请在 ${q(a.glued)} 后加空格` : a.suggestion ? `改为 ${q(a.suggestion)}，或先声明它` : '先声明它，或检查拼写'),
    hintEn: (a) => (a.glued ? `${q(a.name)} is read as one name because the keyword ${q(a.glued)} is not followed by a space; add a space after ${q(a.glued)}` : a.suggestion ? `write ${q(a.suggestion)}, or declare it first` : 'declare it first, or check the spelling'),
  },
  KP0102: {
    severity: 'error',
    zh: (a) => `重复声明 ${q(a.name)}（第 ${a.firstLine} 行已声明）`,
    en: (a) => `duplicate declaration of ${q(a.name)} (first declared on line ${a.firstLine})`,
    hintZh: () => '改用另一个名称，或删除其中一个',
    hintEn: () => 'rename one of them, or remove one',
  },
  KP0103: {
    severity: 'error',
    zh: (a) => `${q(a.name)} 是${a.actualZh}，此处需要${a.expectedZh}`,
    en: (a) => `${q(a.name)} is ${a.actualEn}, but ${a.expectedEn} is expected here`,
    hintZh: (a) => `此处只能使用${a.expectedZh}`,
    hintEn: (a) => `use ${a.expectedEn} here`,
  },
  KP0104: {
    severity: 'error',
    zh: (a) => `覆盖了基础制度中不存在的 ${named(a, 'zh')}${a.suggestion ? `；是否指 ${q(a.suggestion)}？` : ''}`,
    en: (a) => `override of ${named(a, 'en')}, which the base policy does not have${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''}`,
    hintZh: () => '删除 `覆盖`（这是新声明），或改为基础制度中的名称',
    hintEn: () => 'drop `override` (this is a new declaration), or use a name the base declares',
  },
  KP0105: {
    severity: 'error',
    zh: (a) => `${q(a.name)} 已在基础制度中声明`,
    en: (a) => `${q(a.name)} is already declared in the base policy`,
    hintZh: () => '若要替换它，请在声明前加 `覆盖`',
    hintEn: () => 'to replace it, write `override` before the declaration',
  },
  KP0106: {
    severity: 'error',
    zh: (a) => `无法读取基础制度 ${q(a.path)}：${a.reasonZh}`,
    en: (a) => `cannot read the base policy ${q(a.path)}: ${a.reasonEn}`,
    hintZh: (a) => String(a.hintZh ?? '检查 `继承` 的路径（相对于本文件）'),
    hintEn: (a) => String(a.hintEn ?? 'check the `extends` path (relative to this file)'),
  },
  KP0107: {
    severity: 'warning',
    zh: (a) => `${a.whatZh} ${q(a.name)} 已声明但未使用`,
    en: (a) => `${a.whatEn} ${q(a.name)} is declared but never used`,
    hintZh: () => '删除它，或在规则、评分中使用它',
    hintEn: () => 'remove it, or use it in a rule or score',
  },

  // --- types and units -----------------------------------------------------------------------
  KP0201: {
    severity: 'error',
    zh: (a) => `事件 ${q(a.event)} 没有属性 ${q(a.name)}${a.suggestion ? `；是否指 ${q(a.suggestion)}？` : ''}`,
    en: (a) => `event ${q(a.event)} has no attribute ${q(a.name)}${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''}`,
    hintZh: (a) => `${q(a.event)} 的属性有：${a.available || '（无）'}`,
    hintEn: (a) => `the attributes of ${q(a.event)} are: ${a.available || '(none)'}`,
  },
  KP0202: {
    severity: 'error',
    zh: (a) => `${q(a.value)} 不是属性 ${q(a.attr)} 的取值${a.suggestion ? `；是否指 ${q(a.suggestion)}？` : ''}`,
    en: (a) => `${q(a.value)} is not a value of attribute ${q(a.attr)}${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''}`,
    hintZh: (a) => `可用取值：${a.available}`,
    hintEn: (a) => `allowed values: ${a.available}`,
  },
  KP0203: {
    severity: 'error',
    zh: (a) => `类型不符：此处需要${a.expectedZh}，实际为${a.actualZh}`,
    en: (a) => `type mismatch: expected ${a.expectedEn}, found ${a.actualEn}`,
    hintZh: (a) => String(a.hintZh ?? '检查比较或运算两边的类型'),
    hintEn: (a) => String(a.hintEn ?? 'check the types on both sides'),
  },
  KP0204: {
    severity: 'error',
    zh: (a) => `单位不符：${a.leftZh} 与 ${a.rightZh} 不能${a.opZh}`,
    en: (a) => `unit mismatch: ${a.leftEn} and ${a.rightEn} cannot be ${a.opEn}`,
    hintZh: () => '分值、天数、次数和百分比不能混用；检查数字后的单位',
    hintEn: () => 'points, days, counts and percentages do not mix; check the unit after each number',
  },
  KP0205: {
    severity: 'error',
    zh: (a) => `权重合计为 ${a.total}%，应为 100%`,
    en: (a) => `weights sum to ${a.total}%, not 100%`,
    hintZh: (a) => `调整权重，使其合计为 100%（相差 ${a.diff}%）`,
    hintEn: (a) => `adjust the weights so they sum to 100% (off by ${a.diff}%)`,
  },
  KP0206: {
    severity: 'error',
    zh: () => '权重必须是百分数常量，如 `30%`',
    en: () => 'a weight must be a constant percentage such as `30%`',
    hintZh: () => '在数字后加 `%`',
    hintEn: () => 'write `%` after the number',
  },
  KP0207: {
    severity: 'warning',
    zh: (a) => `按 ${q(a.attr)} 取值的对照表缺少 ${a.missing}`,
    en: (a) => `the lookup by ${q(a.attr)} has no entry for ${a.missing}`,
    hintZh: () => '补全对照表，否则这些取值按 0 计',
    hintEn: () => 'complete the table; missing values count as 0',
  },
  KP0208: {
    severity: 'error',
    zh: (a) => `决定选项 ${q(a.name)} 不是处罚、后果或移送`,
    en: (a) => `decision option ${q(a.name)} is not a penalty, outcome or referral`,
    hintZh: () => '决定的选项必须是已声明的处罚、后果或移送',
    hintEn: () => 'the options of a decision must be declared penalties, outcomes or referrals',
  },
  KP0209: {
    severity: 'error',
    zh: (a) => `重复的${a.whatZh} ${q(a.name)}`,
    en: (a) => `duplicate ${a.whatEn} ${q(a.name)}`,
    hintZh: () => '删除重复项',
    hintEn: () => 'remove the duplicate',
  },
  KP0210: {
    severity: 'error',
    zh: (a) => `${q(a.whatZh)} 只能用于针对单位的规则`,
    en: (a) => `${q(a.whatEn)} can only be used in a rule for units`,
    hintZh: () => '在规则名后写 `针对 单位`',
    hintEn: () => 'write `for unit` after the rule name',
  },
  KP0211: {
    severity: 'error',
    zh: (a) => `测评 ${q(a.name)}：${a.problemZh}`,
    en: (a) => `survey ${q(a.name)}: ${a.problemEn}`,
    hintZh: (a) => String(a.hintZh ?? '检查测评的选项'),
    hintEn: (a) => String(a.hintEn ?? 'check the survey choices'),
  },

  // --- attributes of people and units (属性 … 针对 人员 | 单位) ------------------------------------
  KP0221: {
    severity: 'error',
    zh: (a) => `${q(a.name)} 既是事件 ${q(a.event)} 的属性，又是${a.ownerZh}属性：此处指哪一个不清楚`,
    en: (a) => `${q(a.name)} is both an attribute of event ${q(a.event)} and ${a.ownerEn} attribute: it is unclear which one is meant here`,
    hintZh: (a) => `写 ${q(`${a.event}.${a.name}`)} 指事件的属性，写 ${q(`${a.qualifierZh}.${a.name}`)} 指${a.ownerZh}的属性（或给其中一个改名）`,
    hintEn: (a) => `write ${q(`${a.event}.${a.name}`)} for the event's attribute, or ${q(`${a.qualifierEn}.${a.name}`)} for the ${a.ownerWordEn}'s (or rename one of them)`,
  },
  KP0222: {
    severity: 'error',
    zh: (a) => `${q(a.name)} 是${a.ownerZh}属性，而此处${a.hereZh}`,
    en: (a) => `${q(a.name)} is ${a.ownerEn} attribute, but ${a.hereEn}`,
    hintZh: (a) => String(a.hintZh),
    hintEn: (a) => String(a.hintEn),
  },
  KP0223: {
    severity: 'error',
    zh: (a) => `对象条件有误：${a.problemZh}`,
    en: (a) => `subject condition: ${a.problemEn}`,
    hintZh: (a) => String(a.hintZh),
    hintEn: (a) => String(a.hintEn),
  },
  KP0224: {
    severity: 'error',
    zh: (a) => (a.proto ? `属性名 ${q(a.name)} 不能用：案件数据的读取器不能记录这个名称` : `属性名 ${q(a.name)} 是案件数据中${a.ownerZh}记录的固定字段，不能作属性名`),
    en: (a) => (a.proto ? `${q(a.name)} cannot name an attribute: the case-data readers cannot hold that name` : `${q(a.name)} is a fixed field of ${a.ownerEn} records in the case data and cannot name an attribute`),
    hintZh: (a) => `换一个名称；${a.ownerZh}记录的固定字段是 ${a.fields}`,
    hintEn: (a) => `choose another name; the fixed fields of ${a.ownerEn} records are ${a.fields}`,
  },

  // --- bands and ladders ---------------------------------------------------------------------
  KP0301: {
    severity: 'error',
    zh: (a) => `等次划分有空档：${a.gap} 不属于任何等次（例如 ${a.example} 分）`,
    en: (a) => `grade bands leave a gap: ${a.gap} is in no band (e.g. a score of ${a.example})`,
    hintZh: () => '用半开区间衔接相邻等次，如 `80 ..< 90`；或在评分中先舍入（如 `舍入 四舍五入 0`）再划分等次',
    hintEn: () => 'join neighbouring bands with half-open ranges such as `80 ..< 90`; or round the score first (e.g. `round half_up 0`) so that it only takes values the bands cover',
  },
  KP0302: {
    severity: 'error',
    zh: (a) => `等次 ${q(a.a)} 与 ${q(a.b)} 重叠：${a.overlap}`,
    en: (a) => `bands ${q(a.a)} and ${q(a.b)} overlap: ${a.overlap}`,
    hintZh: () => '边界值只能属于一个等次：一侧用 `>=`（以上），另一侧用 `<`（不满）',
    hintEn: () => 'a boundary belongs to one band only: use `>=` on one side and `<` on the other',
  },
  KP0303: {
    severity: 'error',
    zh: (a) => `等次 ${q(a.name)} 的范围为空（${a.range}）`,
    en: (a) => `band ${q(a.name)} is empty (${a.range})`,
    hintZh: () => '检查上下界',
    hintEn: () => 'check its bounds',
  },
  KP0304: {
    severity: 'error',
    zh: (a) => `递进处理缺少第 ${a.missing} 次`,
    en: (a) => `the ladder has no step for occurrence ${a.missing}`,
    hintZh: () => '补上缺少的一级，使各次连续',
    hintEn: () => 'add the missing step so the occurrences are consecutive',
  },
  KP0305: {
    severity: 'error',
    zh: (a) => `递进处理中第 ${a.n} 次重复出现`,
    en: (a) => `the ladder has occurrence ${a.n} twice`,
    hintZh: () => '删除重复的一级',
    hintEn: () => 'remove the duplicate step',
  },
  KP0306: {
    severity: 'warning',
    zh: (a) => `递进处理止于第 ${a.last} 次：第 ${a.next} 次及以后没有处理`,
    en: (a) => `the ladder ends at occurrence ${a.last}: occurrence ${a.next} and later have no consequence`,
    hintZh: (a) => `若原文如此，可保留；否则写 \`${a.last} 及以上 -> …\``,
    hintEn: (a) => `keep it if the text says so; otherwise write \`${a.last} or more -> …\``,
  },
  KP0307: {
    severity: 'error',
    zh: (a) => `等次 ${q(a.band)} 在多个等次划分中出现（${a.scales}）`,
    en: (a) => `band ${q(a.band)} occurs in several grade scales (${a.scales})`,
    hintZh: (a) => `写明等次划分，如 \`${a.example}\``,
    hintEn: (a) => `name the scale, e.g. \`${a.example}\``,
  },
  KP0308: {
    severity: 'error',
    zh: (a) => `第 ${a.n} 次永远不会用到：前面已有 \`${a.prev} 及以上\``,
    en: (a) => `step ${a.n} is unreachable: an earlier step already covers \`${a.prev} or more\``,
    hintZh: () => '删除该级，或去掉前一级的“及以上”',
    hintEn: () => 'remove the step, or drop `or more` from the earlier one',
  },

  // --- strata ------------------------------------------------------------------------------
  KP0401: {
    severity: 'error',
    // `rules`: whether a rule (quota, deadline) is on the cycle, or only scores, parameters and scales
    zh: (a) => (a.rules ? `规则之间存在循环：${a.cycle}` : `评分或参数由它自己算出（循环）：${a.cycle}`),
    en: (a) => (a.rules ? `rules form a cycle: ${a.cycle}` : `a score or parameter is computed from itself (a cycle): ${a.cycle}`),
    hintZh: (a) =>
      a.rules
        ? '一条规则不能（直接或间接）依赖它自己产生的结果；拆分规则或改用输入事件'
        : '评分或参数不能（直接或间接）依赖它自己，无论是公式、基础分、权重、扣加分值、封顶、筛选、除非、排名还是等次；改用输入、事件或其他评分',
    hintEn: (a) =>
      a.rules
        ? 'a rule cannot depend, directly or through others, on what it produces; split the rule or use an input event'
        : 'a score or parameter cannot depend, directly or through others, on itself — by formula, base, weight, amount, cap, filter, exemption, ranking or grade; use inputs, events or other scores',
  },

  // --- parameters ----------------------------------------------------------------------------
  KP0501: {
    severity: 'warning',
    zh: (a) => `参数 ${q(a.name)} 没有取值，须由继承它的制度或案件数据提供`,
    en: (a) => `parameter ${q(a.name)} has no value; an extending policy or the case data must supply it`,
    hintZh: () => '若原文引用的附件未提供，可保留此警告；否则写 `= 值`',
    hintEn: () => 'keep this warning if the text cites an attachment that is not supplied; otherwise write `= value`',
  },

  // --- structure -------------------------------------------------------------------------------
  KP0601: {
    severity: 'error',
    zh: (a) => `规则 ${named(a, 'zh')} 没有触发条件`,
    en: (a) => `rule ${named(a, 'en')} has no trigger`,
    hintZh: () => '加上 `发生 事件`（每次发生）或 `当 条件 则 …`',
    hintEn: () => 'add `on event` (each occurrence) or `when condition then …`',
  },
  KP0602: {
    severity: 'error',
    zh: (a) => `评分 ${named(a, 'zh')} ${a.problemZh}`,
    en: (a) => `score ${named(a, 'en')} ${a.problemEn}`,
    hintZh: () => '每个评分恰好有一个 `基础分`、`加权` 或 `公式`',
    hintEn: () => 'each score has exactly one `base`, `weighted` or `value`',
  },
  KP0603: {
    severity: 'error',
    zh: (a) => `范围下界 ${a.low} 大于上界 ${a.high}`,
    en: (a) => `range low ${a.low} is above its high ${a.high}`,
    hintZh: () => '交换上下界',
    hintEn: () => 'swap the bounds',
  },
  KP0604: {
    severity: 'error',
    zh: (a) => `生效截止日 ${a.to} 早于起始日 ${a.from}`,
    en: (a) => `effective end ${a.to} is before its start ${a.from}`,
    hintZh: () => '检查日期',
    hintEn: () => 'check the dates',
  },
  KP0607: {
    severity: 'error',
    zh: (a) => `${a.date} 不是日历上的日期`,
    en: (a) => `${a.date} is not a day of the calendar`,
    hintZh: () => '检查月份与日（如 2 月没有 30 日，平年 2 月只有 28 日）',
    hintEn: () => 'check the month and day (February has no 30th; 28 days outside leap years)',
  },
  KP0608: {
    severity: 'error',
    zh: (a) => `${a.date} 既列为节假日又列为调休上班日`,
    en: (a) => `${a.date} is listed both as a holiday and as an adjusted working day`,
    hintZh: () => '删除其中一处',
    hintEn: () => 'remove it from one of the two lists',
  },
  KP0609: {
    severity: 'warning',
    zh: () => '累计条件既有“次数多则成立”的部分，又有“次数少则成立”的部分：它按旧规则只在所计事件发生的日子评估，不按最低频次在时间窗结束时评估',
    en: () => 'this threshold mixes counts that make it true when there are many items with counts that make it true when there are few: it is evaluated only on the days a counted item occurs, not at the end of each window as a minimum frequency',
    hintZh: () => '把“至少 N 次”（`低于`、`不满`）与“超过 N 次”（`以上`、`超过`）分成两条 `当` 子句或两条规则',
    hintEn: () => 'write the minimum (`less than`, `<`) and the maximum (`or above`, `>=`) as two `when` clauses or two rules',
  },
  KP0620: {
    severity: 'warning',
    zh: (a) => `时限 ${q(a.name)} 按工作日计，到期日本身就是工作日：\`到期日 ${a.choiceZh}\` 不起作用`,
    en: (a) => `deadline ${q(a.name)} counts working days, so its due date is a working day already: \`due date ${a.choiceEn}\` changes nothing`,
    hintZh: () => '删除这一行；顺延只对按自然日计的期限有意义（民法典第二百零三条）',
    hintEn: () => 'remove the line; rolling over only matters for a limit in calendar days (Civil Code art. 203)',
  },
  KP0621: {
    severity: 'error',
    zh: () => '`到期日` 只能用在时限的 `视为超时`、`除非` 和 `当` 条件中：那里才有算出的到期日',
    en: () => '`due date` can only be used in a deadline\'s `deemed overdue`, `unless` and `when` conditions, where a computed due date exists',
    hintZh: () => '把条件写进时限；在其他地方请使用事件的日期属性',
    hintEn: () => "move the condition into the deadline; elsewhere use the event's date attributes",
  },
  KP0230: {
    severity: 'error',
    zh: (a) => `时间窗长度 ${a.length} 不是整月数：按年、月计算的期间要落在某月的对应日上`,
    en: (a) => `the window length ${a.length} is not a whole number of months: a period counted in years or months ends on the corresponding day of a month`,
    hintZh: () => '写整月数或整年数（`6个月`、`半年`、`1年`、`1.5年` 即 18 个月），或改用天数（`183天`）',
    hintEn: () => 'write whole months or years (`6 months`, `half a year`, `1 year`, `1.5 years` is 18 months), or a number of days (`183 days`)',
  },
  KP0605: {
    severity: 'error',
    zh: () => '递进处理需要 `发生 事件` 触发',
    en: () => 'a ladder needs an `on event` trigger',
    hintZh: () => '在规则中加上 `发生 事件`，阶梯按该事件的发生次数递进',
    hintEn: () => 'add `on event` to the rule; the ladder counts its occurrences',
  },
  KP0606: {
    severity: 'error',
    zh: (a) => `${a.whatZh}${a.name ? ` ${q(a.name)}` : ''} 缺少${a.missingZh ?? q(a.missing)}`,
    en: (a) => `${a.whatEn}${a.name ? ` ${q(a.name)}` : ''} is missing ${a.missingEn ?? q(a.missing)}`,
    hintZh: (a) => `加上${a.missingZh ?? q(a.missing)}`,
    hintEn: (a) => `add ${a.missingEn ?? q(a.missing)}`,
  },
};

export function diag(code: string, span: Span, args: Args = {}, severity?: Severity): Diagnostic {
  const def = CODES[code];
  if (!def) throw new Error(`unknown diagnostic code ${code}`);
  return {
    code,
    severity: severity ?? def.severity,
    span,
    message: { zh: def.zh(args), en: def.en(args) },
    hint: def.hintZh && def.hintEn ? { zh: def.hintZh(args), en: def.hintEn(args) } : undefined,
  };
}

/** `file:line:col: 错误 KP0101: message` and an indented hint line. */
export function formatDiagnostic(d: Diagnostic, lang: Lang = 'zh', file = d.file): string {
  const sev = lang === 'zh' ? { error: '错误', warning: '警告', info: '提示' }[d.severity] : d.severity;
  const where = `${file ?? '<input>'}:${d.span.line}:${d.span.column}`;
  const hint = d.hint ? `\n    ${lang === 'zh' ? '建议' : 'hint'}: ${d.hint[lang]}` : '';
  return `${where}: ${sev} ${d.code}: ${d.message[lang]}${hint}`;
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.span.start - b.span.start || a.code.localeCompare(b.code));
}
