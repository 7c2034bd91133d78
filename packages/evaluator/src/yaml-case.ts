/**
 * YAML and JSON case files, from their text (JSON is read as YAML: the same structure, the same positions).
 * Numbers are passed on as their source text; every record and field keeps its line and column.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type ParsedNode } from 'yaml';
import { JsonLineError, parseJsonLine } from './json-line.js';
import { structureProblem } from './yaml-structure.js';
import type { DataError, Origin } from './data.js';
import { feedCase, type CaseValidator, type OriginOf } from './validate.js';

const YAML_PROBLEMS: Record<string, string> = {
  BAD_INDENT: '缩进不正确',
  DUPLICATE_KEY: '同一映射中有重复的键',
  MISSING_CHAR: '缺少字符（如闭合的括号、引号，或冒号后的空格）',
  UNEXPECTED_TOKEN: '出现了不应在此处的符号',
  BLOCK_AS_IMPLICIT_KEY: '键的写法不正确',
  MULTILINE_IMPLICIT_KEY: '键不能跨行（冒号后可能缺少空格）',
  TAB_AS_INDENT: '不能用制表符缩进，请用空格',
  BAD_DQ_ESCAPE: '双引号字符串中的转义无效',
  BAD_SCALAR_START: '值的开头字符不合法（如需以 @ 或 ` 开头，请加引号）',
  BLOCK_IN_FLOW: '花括号或方括号中不能使用块写法',
  MULTIPLE_DOCS: '一个文件只能有一个文档',
  BAD_ALIAS: '引用（*别名）无效',
  TAG_RESOLVE_FAILED: '标签无法解析',
  KEY_OVER_1024_CHARS: '键过长',
  RESOURCE_EXHAUSTION: '别名展开过多',
};

/** Plain values from YAML nodes; numbers as their source text. */
export function plain(node: unknown, doc: Document, depth = 0): unknown {
  if (depth > 200) return null;
  if (isAlias(node)) return plain(node.resolve(doc), doc, depth + 1);
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number' || typeof v === 'bigint') return node.source ?? String(v);
    return v;
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const p of node.items) {
      const k = isScalar(p.key) ? (typeof p.key.value === 'number' ? (p.key.source ?? String(p.key.value)) : String(p.key.value)) : String(plain(p.key, doc, depth + 1));
      const v = plain(p.value, doc, depth + 1);
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((x) => plain(x, doc, depth + 1));
  return null;
}

function keyText(k: unknown): string | undefined {
  if (!isScalar(k)) return undefined;
  return typeof k.value === 'number' ? (k.source ?? String(k.value)) : String(k.value);
}

/** The node at a path, and the node to point at when a value is missing (the key). */
export function nodeAt(root: unknown, path: readonly (string | number)[]): Node | undefined {
  let node: unknown = root;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) return undefined;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return undefined;
    }
  }
  return node as Node | undefined;
}

/**
 * Line and column of an offset, as an editor shows them: `\n`, `\r\n` and a lone `\r` end a
 * line (the readers of the other formats count the same way). Not the yaml library's
 * LineCounter: it learns the line breaks from the tokens, and misses those inside a malformed
 * token (an error after such a token was placed on an earlier line, past its end).
 */
function positions(text: string, display: string): (offset: number) => Origin {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: display, line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** One case file's text, parsed: its syntax errors, or its tree (numbers as source text) and where each value was written. */
export type ParsedYamlCase =
  /** Syntax errors (KD0102) or several documents (KD0107), with `display`, line and column: the file is not read. */
  | { readonly kind: 'errors'; readonly errors: readonly DataError[] }
  /** An empty file (or only comments): nothing to read. */
  | { readonly kind: 'empty' }
  /** The document as plain values, and the origin of the value at a path of keys and indexes. */
  | { readonly kind: 'tree'; readonly tree: unknown; readonly originOf: OriginOf };

/**
 * Parse one YAML or JSON case file, given as text (the first half of `readYamlText`). The result
 * depends only on the text and `display`, so it can be kept and fed to validators for other
 * policies: the playground parses the data once and feeds it again after a policy edit.
 */
export function parseYamlCase(text: string, display: string): ParsedYamlCase {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A lone \r ends a line (YAML 1.2 counts it as a line break; the yaml library reads it as a
  // space). One character for one, so every offset stays where it was.
  if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
  const pos = positions(text, display);
  if (display.toLowerCase().endsWith('.json') && text.trim() !== '') {
    // A .json file must be JSON: YAML, which reads it, would take some mistakes as something else
    // (`"a": 1⏎ x` as the text "1 x"). And JSON's own reading of a mistake is clearer than YAML's.
    try {
      parseJsonLine(text);
    } catch (e) {
      if (e instanceof JsonLineError) {
        return {
          kind: 'errors',
          errors: [
            {
              code: 'KD0102',
              message: {
                zh: `JSON 语法错误：${e.zh}。本文件未读取；请改正后重试。`,
                en: `JSON syntax error: ${e.en}. The file was not read; correct it and try again.`,
              },
              origin: pos(e.offset),
            },
          ],
        };
      }
      throw e;
    }
  }
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  // The first syntax error only: the yaml parser's later ones follow from it (one unclosed
  // bracket gives an error for every token after it).
  const errors: DataError[] = [];
  for (const doc of list) {
    for (const e of doc.errors.slice(0, errors.length === 0 ? 1 : 0)) {
      const detail = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      const zh = YAML_PROBLEMS[e.code] ?? '格式错误';
      errors.push({
        code: 'KD0102',
        message: {
          zh: `YAML/JSON 语法错误：${zh}（${detail}）。本文件未读取；请改正后重试。`,
          en: `YAML/JSON syntax error: ${detail}. The file was not read; correct it and try again.`,
        },
        origin: pos(e.pos[0]),
      });
    }
  }
  if (errors.length > 0) return { kind: 'errors', errors };
  if (list.length > 1) {
    const second = list[1]!;
    return {
      kind: 'errors',
      errors: [
        {
          code: 'KD0107',
          message: {
            zh: `${display} 中有多个 YAML 文档（以 --- 分隔）。一个案件文件只能有一个文档；请合并，或拆成多个文件。`,
            en: `${display} holds several YAML documents (separated by ---). A case file holds one; merge them, or split the file.`,
          },
          origin: pos(second.range[0]),
        },
      ],
    };
  }
  const doc = list[0];
  if (!doc || doc.contents === null) return { kind: 'empty' }; // an empty file: nothing to read
  const root = doc.contents as ParsedNode;
  const bad = structureProblem(root, doc, text.length + 100_000);
  if (bad) {
    const range = (bad.node as { range?: [number, number, number] }).range;
    return {
      kind: 'errors',
      errors: [
        {
          code: 'KD0107',
          message: { zh: `案件文件结构有误：${bad.zh}。本文件未读取；请改正后重试。`, en: `case file structure problem: ${bad.en}. The file was not read; correct it and try again.` },
          origin: pos(range ? range[0] : 0),
        },
      ],
    };
  }
  const originOf: OriginOf = (path) => {
    const n = nodeAt(root, path);
    const range = (n as { range?: [number, number, number] } | undefined)?.range;
    return range ? pos(range[0]) : undefined;
  };
  return { kind: 'tree', tree: plain(root, doc), originOf };
}

/** Feed a parsed case file to a validator (the second half of `readYamlText`): its syntax errors, or its records. */
export function feedYamlCase(parsed: ParsedYamlCase, v: CaseValidator): void {
  if (parsed.kind === 'errors') for (const e of parsed.errors) v.error(e);
  else if (parsed.kind === 'tree') feedCase(v, parsed.tree, parsed.originOf);
}

/**
 * Feed the records of one YAML or JSON case file, given as text, to a validator: syntax errors
 * (KD0102, KD0107) and every record's problems carry `display`, line and column. Browser-safe:
 * the CLI reads the file and calls this; the playground calls it on its editor's text.
 */
export function readYamlText(text: string, display: string, v: CaseValidator): void {
  feedYamlCase(parseYamlCase(text, display), v);
}
