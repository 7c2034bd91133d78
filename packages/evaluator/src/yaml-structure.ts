/**
 * What a YAML (or JSON) case file may hold beyond its syntax, checked on the yaml library's tree
 * before its values are read (yaml-case.ts `plain`): keys are names, not mappings or lists; the
 * nesting is bounded; an alias does not refer to the collection it is in, nor make the file
 * grow without bound when expanded ("billion laughs"). Each is a KD0107 at the node, and the
 * file is not read — instead of a key read as "[object Object]", a value nested too deeply
 * read as nothing, or an expansion that never ends.
 *
 * Browser-safe: no Node APIs.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

/** Case records nest a few levels (case → events → record → 停办 → interval); JSON lines allow 64. */
export const MAX_NESTING = 64;

export interface StructureProblem {
  /** The node to point at (its range gives the position). */
  readonly node: Node;
  readonly zh: string;
  readonly en: string;
}

const KIND = (n: unknown): { zh: string; en: string } =>
  isMap(n) ? { zh: '一个映射（{…}）', en: 'a mapping ({…})' } : isSeq(n) ? { zh: '一个列表（[…]）', en: 'a list ([…])' } : { zh: '一个别名（*…）', en: 'an alias (*…)' };

/**
 * The first structural problem of a document's tree, or undefined. `budget`: how many nodes the
 * tree may have with its aliases expanded (the readers pass the text's length plus a margin: an
 * alias used for a repeated value costs a little, an exponential expansion runs out). `rootDepth`:
 * the depth of `root` in its document (1 for the document's own mapping).
 */
export function structureProblem(root: unknown, doc: Document, budget: number, rootDepth = 1): StructureProblem | undefined {
  let left = budget;
  /** The collections on the path to a node, innermost first (an alias into one of them is a cycle). */
  interface Path {
    readonly node: unknown;
    readonly up?: Path;
  }
  const onPath = (path: Path | undefined, n: unknown): boolean => {
    for (let p = path; p; p = p.up) if (p.node === n) return true;
    return false;
  };
  // Depth-first, in the order written (children are pushed last first).
  /** `via`: the first alias on the path (what the file says where an expansion runs out). */
  const stack: { node: unknown; depth: number; path?: Path; via?: Node }[] = [{ node: root, depth: rootDepth }];
  while (stack.length > 0) {
    const { node, depth, path, via: viaBefore } = stack.pop()!;
    if (--left < 0) {
      return { node: viaBefore ?? (node as Node), zh: '别名展开后内容过多（别名层层引用）', en: 'the aliases expand to too much (aliases of aliases)' };
    }
    let n = node;
    const via = viaBefore ?? (isAlias(n) ? n : undefined);
    if (isAlias(n)) {
      const target = n.resolve(doc);
      if (target !== undefined && onPath(path, target)) {
        return { node: n, zh: '别名引用了它所在的映射或列表（循环引用）', en: 'an alias refers to the mapping or list it is in (a cycle)' };
      }
      n = target;
    }
    if (!isMap(n) && !isSeq(n)) continue;
    if (depth > MAX_NESTING) {
      return { node: n, zh: `嵌套过深（超过 ${MAX_NESTING} 层）；案件记录只有几层，请检查括号是否成对`, en: `nested more than ${MAX_NESTING} levels deep; case records nest only a few levels, check that the brackets pair up` };
    }
    const inner: Path = { node: n, ...(path ? { up: path } : {}) };
    if (isMap(n)) {
      for (const p of n.items) {
        const key = isAlias(p.key) ? p.key.resolve(doc) : p.key;
        if (key !== null && key !== undefined && !isScalar(key)) {
          const k = KIND(key);
          return { node: p.key as Node, zh: `键应为名称（文本或数字），此处是${k.zh}`, en: `a key should be a name (text or a number), but here it is ${k.en}` };
        }
      }
      for (let i = n.items.length - 1; i >= 0; i--) {
        const v = n.items[i]!.value;
        if (v !== null && v !== undefined) stack.push({ node: v, depth: depth + 1, path: inner, ...(via ? { via } : {}) });
      }
    } else {
      for (let i = n.items.length - 1; i >= 0; i--) {
        const x = n.items[i];
        if (x !== null && x !== undefined) stack.push({ node: x, depth: depth + 1, path: inner, ...(via ? { via } : {}) });
      }
    }
  }
  return undefined;
}
