/**
 * Pass `strata`: order rules so that each only depends on rules of earlier strata, and report
 * every cycle with the declarations on it. Totality: with no cycles and no loops in the language,
 * every policy terminates on every input.
 *
 * Nodes: rules, quotas and deadlines (rule-like), scores, parameters (a parameter's value is an
 * expression and may read a score), grade scales (`scale:`) and final grades (`final:`, after
 * caps, sets, downgrades and vetoes). Reads of `sym:P` depend on every producer of P. A cycle
 * need not pass through a rule: a score whose formula, base, weighted part, amount, cap, filter or
 * exemption reads the score itself (directly, through other scores and parameters, through
 * `ranking(s)`, or through `grade(g)` of a scale over it) would be computed from itself.
 */
import type { NodeDeps } from './resolve.js';

export interface StrataResult {
  readonly strata: string[][];
  /**
   * Each cycle as the labels of its nodes in order, first repeated at the end; `nodes` are its
   * declarations, rules first, each group in file order (the first is where to report it).
   */
  readonly cycles: { readonly path: string[]; readonly nodes: NodeDeps[] }[];
}

export function computeStrata(nodes: readonly NodeDeps[]): StrataResult {
  const byId = new Map<string, NodeDeps>();
  for (const n of nodes) if (!byId.has(n.node)) byId.set(n.node, n);
  const producers = new Map<string, string[]>();
  for (const n of nodes) {
    for (const p of n.produces) {
      const list = producers.get(p) ?? [];
      list.push(n.node);
      producers.set(p, list);
    }
  }
  // final:G depends on scale:G and on every rule that transforms grade G.
  const finals = new Set<string>();
  for (const n of nodes) for (const r of n.reads) if (r.startsWith('final:')) finals.add(r.slice(6));
  const edges = new Map<string, string[]>();
  const depsOf = (n: NodeDeps): string[] => {
    const out: string[] = [];
    for (const r of n.reads) {
      if (r.startsWith('sym:') || r.startsWith('elig:')) out.push(...(producers.get(r) ?? []));
      else if (r.startsWith('score:') || r.startsWith('param:')) out.push(r);
      else if (r.startsWith('final:')) out.push(r);
    }
    return out.filter((x) => byId.has(x) || x.startsWith('final:'));
  };
  for (const n of byId.values()) edges.set(n.node, depsOf(n));
  for (const g of finals) {
    edges.set(`final:${g}`, [`scale:${g}`, ...(producers.get(`grade:${g}`) ?? [])].filter((x) => byId.has(x)));
  }

  // Tarjan's strongly connected components (iterative, so deep graphs cannot overflow the stack).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const sccs: string[][] = [];
  let counter = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1]!;
      const succ = edges.get(top.v) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
      } else {
        work.pop();
        if (work.length) {
          const parent = work[work.length - 1]!.v;
          low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
        }
        if (low.get(top.v) === index.get(top.v)) {
          const comp: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            comp.push(w);
          } while (w !== top.v);
          sccs.push(comp);
        }
      }
    }
  }

  const cycles: StrataResult['cycles'] = [];
  const inCycle = new Set<string>();
  for (const comp of sccs) {
    const self = comp.length === 1 && (edges.get(comp[0]!) ?? []).includes(comp[0]!);
    if (comp.length < 2 && !self) continue;
    const declNodes = comp.map((c) => byId.get(c)).filter((n): n is NodeDeps => !!n);
    for (const c of comp) inCycle.add(c);
    const nodes = declNodes.sort((a, b) => Number(b.isRule) - Number(a.isRule) || a.order - b.order);
    cycles.push({ path: cyclePath(comp, edges, byId), nodes });
  }

  // Levels: Tarjan emits components in reverse topological order (dependencies first).
  const level = new Map<string, number>();
  for (const comp of sccs) {
    let lv = 0;
    for (const v of comp) {
      for (const w of edges.get(v) ?? []) {
        if (comp.includes(w)) continue;
        const base = level.get(w) ?? 0;
        const n = byId.get(w);
        lv = Math.max(lv, n?.isRule ? base + 1 : base);
      }
    }
    for (const v of comp) level.set(v, lv);
  }
  const strata: string[][] = [];
  const rules = [...byId.values()].filter((n) => n.isRule && !inCycle.has(n.node)).sort((a, b) => a.order - b.order);
  for (const r of rules) {
    const lv = level.get(r.node) ?? 0;
    while (strata.length <= lv) strata.push([]);
    strata[lv]!.push(r.label);
  }
  return { strata: strata.filter((s) => s.length > 0), cycles };
}

/** A concrete cycle through a strongly connected component, as labels. */
function cyclePath(comp: string[], edges: Map<string, string[]>, byId: Map<string, NodeDeps>): string[] {
  const inComp = new Set(comp);
  const start = [...comp].sort((a, b) => (byId.get(a)?.order ?? 1e9) - (byId.get(b)?.order ?? 1e9))[0]!;
  // BFS from start back to start within the component.
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set<string>();
  let found = false;
  while (queue.length && !found) {
    const v = queue.shift()!;
    for (const w of edges.get(v) ?? []) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        prev.set('#end', v);
        found = true;
        break;
      }
      if (!seen.has(w)) {
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  const path: string[] = [];
  let cur = prev.get('#end');
  while (cur && cur !== start) {
    path.push(cur);
    cur = prev.get(cur);
  }
  path.push(start);
  // Edges point from a node to what it depends on; read the cycle in dependency order.
  const label = (id: string): string => byId.get(id)?.label ?? id.replace(/^final:/, '等次/grade ');
  const labels = path.map(label);
  return [...labels, labels[0]!];
}
