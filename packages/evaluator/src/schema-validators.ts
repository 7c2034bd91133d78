/**
 * The JSON Schema validators the record checks use (ajv): one per `$defs` entry of the case
 * schema (`period`, `unit`, `event.投诉`, `input.指标` …), compiled the first time a record needs
 * it.
 *
 * Each entry is compiled as a schema of its own that carries only the `$defs` it refers to
 * (`date`, `decimal`, `id` …) — never the whole case schema. The whole schema holds the
 * dispatchers `event`, `input` and `vote`, whose `type`/`input`/`survey` enums and `if`/`then`
 * branches name every event type, input and survey of the policy, and ajv compiles all of a
 * schema's references before it hands out one entry. With a whole-schema compile the first record
 * of a case cost time and memory that grew faster than the policy (4,000 score items: 12 s and
 * 800 MiB; 8,000: ajv's code generator overflowed the stack; bench/RESULTS.md, "Policy size").
 * The validators never use the dispatchers (they look the event type up themselves), so an
 * entry's own compile is all a record costs: the set-up grows with the event types the data
 * uses, each compiled once.
 *
 * Compiled validators are kept by the text of their schema, for the last few thousand entries:
 * an edited policy is a new object, but most of its entries are unchanged (the playground
 * re-checks the policy on every keystroke, and compiling again would cost more than validating
 * 5,000 records).
 *
 * Browser-safe: no Node APIs.
 */
import * as ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

// ajv ships CommonJS; its class is `default` both under Node ESM and bundlers.
type Ajv2020Class = typeof import('ajv/dist/2020.js').Ajv2020;
const Ajv2020 = ((ajv2020 as unknown as { default: { default?: unknown } }).default.default ??
  (ajv2020 as unknown as { default: unknown }).default) as Ajv2020Class;

type Json = Record<string, unknown>;

/** The case schema's entries are generated, and the tests check them against the meta-schema. */
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateSchema: false });

/** Compiled validators by the text of their standalone schema, least recently used first. */
const BY_TEXT = new Map<string, ValidateFunction>();
const BY_TEXT_SIZE = 4096;

const LOCAL_REF = /^#\/\$defs\/(.+)$/;

/** The names of the `$defs` entries a schema refers to (`#/$defs/NAME`), directly. */
function refsOf(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const x of node) refsOf(x, out);
  } else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      const m = k === '$ref' && typeof v === 'string' ? LOCAL_REF.exec(v) : null;
      if (m) out.add(m[1]!);
      else refsOf(v, out);
    }
  }
}

/** The entry `name` as a schema of its own: the entry, with the `$defs` it refers to (transitively). */
export function standaloneDef(defs: Readonly<Record<string, Json>>, name: string): Json {
  const def = defs[name];
  if (!def) throw new Error(`case schema has no definition ${name}`);
  const needed = new Set<string>();
  const todo = [name];
  while (todo.length > 0) {
    const refs = new Set<string>();
    refsOf(defs[todo.pop()!], refs);
    for (const r of refs) {
      if (needed.has(r)) continue;
      if (!defs[r]) throw new Error(`case schema definition ${name} refers to a missing ${r}`);
      needed.add(r);
      todo.push(r);
    }
  }
  return needed.size > 0 ? { ...def, $defs: Object.fromEntries([...needed].sort().map((r) => [r, defs[r]!])) } : { ...def };
}

/** The compiled validator of one entry of a case schema's `$defs`. */
export function compileDef(defs: Readonly<Record<string, Json>>, name: string): ValidateFunction {
  const schema = standaloneDef(defs, name);
  const key = JSON.stringify(schema);
  let v = BY_TEXT.get(key);
  if (v) {
    BY_TEXT.delete(key); // most recently used last
  } else {
    v = ajv.compile(schema);
    ajv.removeSchema(schema); // the function is kept here, by text; ajv need not keep the object too
    if (BY_TEXT.size >= BY_TEXT_SIZE) BY_TEXT.delete(BY_TEXT.keys().next().value!);
  }
  BY_TEXT.set(key, v);
  return v;
}
