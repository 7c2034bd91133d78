/**
 * The `kaoping` command line. `main(argv)` never throws and never prints a stack trace:
 *   0  no errors (warnings allowed)
 *   1  the policies have errors (check), or need formatting / have syntax errors (fmt); the policy
 *      or the case data has errors (eval, explain, schema); a scenario fails (test)
 *   2  the command could not do its job: usage errors, unreadable paths, a failed write
 *      (stdout or --out: a full disk …), internal errors
 * A closed pipe on stdout (`kaoping check … | head`) ends the command quietly with its own code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { Lang } from '@kaoping/dsl';
import { EXIT_OK, EXIT_USAGE, escapingIo, processIo, t, type Io, type IoInput } from './io.js';

export type { Io, IoInput } from './io.js';

export async function main(argv: readonly string[], given: IoInput = processIo()): Promise<number> {
  const lang = langFromArgv(argv);
  // Every line printed for a reader shows its control characters as escapes (render/visible.ts).
  const io = escapingIo(given);
  const code = await run(argv, lang, io);
  // Whatever the command did (help included), its output must have reached stdout.
  const failure = await io.flush?.();
  if (failure && failure.code !== 'EPIPE') {
    const { writeReason } = await import('./write.js');
    const r = writeReason(failure.code ?? String(failure));
    io.err(t(lang, {
      zh: `kaoping：无法写出到标准输出：${r.zh}。输出不完整。`,
      en: `kaoping: cannot write to standard output: ${r.en}. The output is incomplete.`,
    }));
    return EXIT_USAGE;
  }
  return code;
}

async function run(argv: readonly string[], lang: Lang, io: Io): Promise<number> {
  try {
    let code = EXIT_OK;
    const program = buildProgram(io, (c) => (code = c));
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return usageError(err, lang, io);
    const message = String(err instanceof Error ? err.message : err).replace(/\s+/g, ' ').trim();
    io.err(t(lang, {
      zh: `kaoping 内部错误：${message}。这是程序缺陷，请把这条消息和所用的命令报告给维护者。`,
      en: `kaoping internal error: ${message}. This is a bug; please report this message and the command you ran.`,
    }));
    return EXIT_USAGE;
  }
}

function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('kaoping');
  const withoutNewline = (s: string): string => s.replace(/\n$/, '');
  program
    .description('考评（Kaoping）制度语言的命令行工具 / command line for the Kaoping policy language')
    .version(version(), '-V, --version', '显示版本 / show the version')
    .helpOption('-h, --help', '显示帮助 / show help')
    .helpCommand('help [command]', '显示某个命令的帮助 / show help for a command')
    .addOption(
      new Option('--lang <lang>', '消息语言 / language of messages').choices(['zh', 'en']).default('zh'),
    )
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => withoutNewline(s).split('\n').forEach((line) => io.out(line)),
      writeErr: (s) => withoutNewline(s).split('\n').forEach((line) => io.err(line)),
      // Errors are reported by `usageError`, in the user's language.
      outputError: () => {},
    })
    .addHelpText(
      'after',
      [
        '',
        '示例 / Examples:',
        '  kaoping check policies/              检查目录下所有 .kp 文件 / check every .kp file under policies/',
        '  kaoping check a.kp --format json     以 JSON 输出诊断 / diagnostics as JSON',
        '  kaoping fmt policies/ --check        只列出需要格式化的文件 / list files that need formatting',
        '  kaoping eval a.kp --data case.yaml   评估案件数据 / evaluate case data',
        '  kaoping eval a.kp --data case.yaml events.ndjson --format csv --out result.csv',
        '  kaoping explain a.kp P1 --data case.yaml   说明 P1 的结果 / explain the result of P1',
        '  kaoping schema a.kp > case.schema.json     案件数据的 JSON Schema / JSON Schema of the case data',
        '  kaoping test policies/               运行场景文件 / run scenario files (*.test.yaml)',
        '',
        '退出码 / Exit codes: 0 无错误 / no errors；1 有错误 / errors found；2 用法或文件错误 / usage or file problem',
      ].join('\n'),
    );

  const lang = (): Lang => program.opts<{ lang: Lang }>().lang;
  /** `--root DIR`, repeatable: folders base policies may also be read from (bases.ts). */
  const rootOption = (): Option =>
    new Option(
      '--root <dir>',
      '继承的基础制度也可来自该目录（默认仅限所给制度的目录；可多次给出）/ base policies (extends) may also come from under this folder (default: only the given policy\'s; repeatable)',
    ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  /** The `--root` folders, checked; undefined (after printing why) when one is not a folder. */
  const roots = async (given: string[] | undefined): Promise<string[] | undefined> => {
    const { rootsFromOptions } = await import('./bases.js');
    return rootsFromOptions(given, lang(), io);
  };

  program
    .command('check')
    .description('检查制度文件并报告问题 / check policies and report problems')
    .argument('<paths...>', '文件或目录（递归查找 *.kp）/ files or directories (searched for *.kp)')
    .addOption(
      new Option('--format <format>', '输出格式 / output format').choices(['text', 'json']).default('text'),
    )
    .addOption(rootOption())
    .action(async (paths: string[], opts: { format: 'text' | 'json'; root?: string[] }) => {
      // Loaded on use: the language (and its parser) is only needed when there is work to do,
      // so `--help` and usage errors answer at once.
      const extra = await roots(opts.root);
      if (!extra) return setCode(EXIT_USAGE);
      const { runCheck } = await import('./commands/check.js');
      setCode(runCheck(paths, { lang: lang(), format: opts.format, roots: extra }, io));
    });

  program
    .command('fmt')
    .description('按统一格式改写制度文件 / rewrite policies in the canonical layout')
    .argument('<paths...>', '文件或目录（递归查找 *.kp）/ files or directories (searched for *.kp)')
    .option('--check', '不写文件，只列出需要格式化的文件 / write nothing, list files that would change')
    .action(async (paths: string[], opts: { check?: boolean }) => {
      const { runFmt } = await import('./commands/fmt.js');
      setCode(await runFmt(paths, { lang: lang(), check: opts.check === true }, io));
    });

  program
    .command('eval')
    .description('按制度评估案件数据，输出得分、等次与处罚 / evaluate case data under a policy: scores, grades, penalties')
    .argument('[policy]', '制度文件（.kp）/ the policy file (.kp)')
    .option('--data <files...>', '案件文件（YAML、JSON、NDJSON、CSV，可多个）/ case files (YAML, JSON, NDJSON, CSV; several allowed)')
    .addOption(
      new Option('--format <format>', '输出格式 / output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .option('--out <file>', '写入文件（原子写入；出错时不写）/ write to a file (atomically; nothing on failure)')
    .addOption(rootOption())
    .action(async (policy: string | undefined, opts: { data?: string[]; format: 'table' | 'json' | 'csv'; out?: string; root?: string[] }) => {
      const args = evalArgs(policy, [], opts.data, false, io.cwd);
      if (typeof args === 'string') return setCode(missing(args, lang(), io));
      const extra = await roots(opts.root);
      if (!extra) return setCode(EXIT_USAGE);
      const { runEval } = await import('./commands/eval.js');
      setCode(await runEval(args.policy, { lang: lang(), data: args.data, format: opts.format, roots: extra, ...(opts.out !== undefined ? { out: opts.out } : {}) }, io));
    });

  program
    .command('explain')
    .description('说明人员或单位的得分、等次和每项处罚从何而来 / why a person or unit has its score, grade and penalties')
    .argument('[policy]', '制度文件（.kp）/ the policy file (.kp)')
    .argument('[subjects...]', '人员或单位的编号（可多个）/ the ids of persons or units (one or more)')
    .option('--data <files...>', '案件文件 / case files')
    .addOption(rootOption())
    .action(async (policy: string | undefined, subjects: string[], opts: { data?: string[]; root?: string[] }) => {
      const args = evalArgs(policy, subjects, opts.data, true, io.cwd);
      if (typeof args === 'string') return setCode(missing(args, lang(), io));
      const extra = await roots(opts.root);
      if (!extra) return setCode(EXIT_USAGE);
      const { runExplain } = await import('./commands/explain.js');
      setCode(await runExplain(args.policy, args.subjects, { lang: lang(), data: args.data, roots: extra }, io));
    });

  program
    .command('schema')
    .description('输出制度对应的案件数据 JSON Schema / print the JSON Schema of the case data for a policy')
    .argument('<policy>', '制度文件（.kp）/ the policy file (.kp)')
    .addOption(rootOption())
    .action(async (policy: string, opts: { root?: string[] }) => {
      const extra = await roots(opts.root);
      if (!extra) return setCode(EXIT_USAGE);
      const { runSchema } = await import('./commands/schema.js');
      setCode(runSchema(policy, { lang: lang(), roots: extra }, io));
    });

  program
    .command('test')
    .description('运行场景文件，核对手算的期望结果 / run scenario files against hand-worked expectations')
    .argument('<paths...>', '场景文件或目录（递归查找 *.test.yaml）/ scenario files or directories (searched for *.test.yaml)')
    .addOption(rootOption())
    .action(async (paths: string[], opts: { root?: string[] }) => {
      const extra = await roots(opts.root);
      if (!extra) return setCode(EXIT_USAGE);
      const { runTest } = await import('./commands/test.js');
      setCode(await runTest(paths, { lang: lang(), roots: extra }, io));
    });

  for (const cmd of program.commands) {
    cmd.helpOption('-h, --help', '显示帮助 / show help');
  }
  return program;
}

/**
 * `--data` takes every word after it, so `eval --data case.yaml policy.kp` or `explain p.kp --data
 * case.yaml P2` leave the policy or the subjects among the data files: a `.kp` word is the
 * policy, and for `explain` a word that cannot be a case file — no case-file extension
 * (.yaml/.yml/.json/.ndjson/.jsonl/.csv), no `/`, and no file or folder of that name — is a
 * subject. Returns what is still missing otherwise.
 */
function evalArgs(
  policy: string | undefined,
  subjects: readonly string[],
  data: readonly string[] | undefined,
  wantSubject: boolean,
  cwd: string,
): { policy: string; subjects: string[]; data: string[] } | 'policy' | 'subject' {
  let rest = [...(data ?? [])];
  if (policy === undefined) {
    const i = rest.findIndex((x) => x.toLowerCase().endsWith('.kp'));
    if (i < 0) return 'policy';
    policy = rest.splice(i, 1)[0]!;
  }
  const ids = [...subjects];
  if (wantSubject) {
    const isSubject = (w: string): boolean => !/\.(ya?ml|json|ndjson|jsonl|csv)$/i.test(w) && !/[\\/]/.test(w) && !existsSync(resolve(cwd, w));
    ids.push(...rest.filter(isSubject));
    rest = rest.filter((w) => !isSubject(w));
    if (ids.length === 0) return 'subject';
  }
  return { policy, subjects: ids, data: rest };
}

function missing(what: 'policy' | 'subject', lang: Lang, io: Io): number {
  io.err(t(lang, what === 'policy'
    ? { zh: 'kaoping：缺少制度文件（.kp）。运行 `kaoping --help` 查看用法。', en: 'kaoping: no policy file (.kp) given. Run `kaoping --help` for usage.' }
    : {
        zh: 'kaoping：缺少要说明的人员或单位编号。用法：kaoping explain 制度.kp --data 案件文件… 编号…，例如 kaoping explain 制度.kp --data case.yaml P1。运行 `kaoping help explain` 查看说明。',
        en: 'kaoping: give the id of the person or unit to explain. Usage: kaoping explain policy.kp --data case-files… id…, e.g. kaoping explain policy.kp --data case.yaml P1. Run `kaoping help explain` for more.',
      }));
  return EXIT_USAGE;
}

/** The language for messages printed before (or instead of) parsing: `--lang en` / `--lang=en`. */
function langFromArgv(argv: readonly string[]): Lang {
  let lang: Lang = 'zh';
  argv.forEach((arg, i) => {
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
    if (value === 'en' || value === 'zh') lang = value;
  });
  return lang;
}

function usageError(err: CommanderError, lang: Lang, io: Io): number {
  // Help and version requested on purpose.
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
  // `kaoping` without a command: commander has already printed the help to stderr.
  if (err.code === 'commander.help' || err.code === 'commander.executeSubCommandAsync') return EXIT_USAGE;

  const en = err.message.replace(/^error:\s*/, '').replace(/\s+/g, ' ').trim();
  const quoted = /'([^']*)'/.exec(en)?.[1] ?? '';
  const didYouMean = /\(Did you mean ([^?]+)\?\)/.exec(en)?.[1];
  const suggestZh = didYouMean ? `（是否指 ${didYouMean}？）` : '';
  const zhByCode: Record<string, string> = {
    'commander.unknownOption': `未知选项 ${quoted}${suggestZh}`,
    'commander.unknownCommand': `未知命令 ${quoted}${suggestZh}`,
    'commander.missingArgument': '缺少要处理的文件或目录',
    'commander.optionMissingArgument': `选项 ${quoted.split(' ')[0]} 缺少取值`,
    'commander.excessArguments': '参数过多',
    'commander.invalidArgument': invalidChoiceZh(en),
  };
  const zh = zhByCode[err.code] ?? en;
  io.err(t(lang, {
    zh: `kaoping：${zh}。运行 \`kaoping --help\` 查看用法。`,
    en: `kaoping: ${en.replace(/\.$/, '')}. Run \`kaoping --help\` for usage.`,
  }));
  return EXIT_USAGE;
}

/** `option '--lang <lang>' argument 'fr' is invalid. Allowed choices are zh, en.` in Chinese. */
function invalidChoiceZh(en: string): string {
  const m = /option '(\S+)[^']*' argument '([^']*)' is invalid\. Allowed choices are (.*)\.$/.exec(en);
  return m ? `选项 ${m[1]} 的取值 ${m[2]} 无效，可选：${m[3]}` : `参数无效：${en}`;
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
