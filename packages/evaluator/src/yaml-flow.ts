/**
 * A quick reader for the common, simple subset of one-line YAML flow collections, the way case
 * records are written: `{ id: E1, date: 2024-01-02, 属实: true, 停办: [{ from: …, to: … }] }` or
 * JSON (`{"id":"E1","n":1.50}`). It gives the value `plain` (yaml-case.ts) would give for the
 * `yaml` library's node — numbers as their source text, `~`/`null` as null, `true`/`false` as
 * booleans, every other scalar as its text — and the offset of every value, as the node's range
 * would.
 *
 * It is deliberately narrow and answers undefined for anything outside that subset, and then the
 * `yaml` library reads the line: plain scalars containing `:` or `#` or starting with an indicator,
 * keys that YAML would read as other than strings (numbers, null, booleans), duplicate keys, empty
 * values, trailing commas, escapes other than JSON's, tags, anchors, aliases, control characters,
 * deep nesting. The tests compare it with the `yaml` library on many generated lines.
 */

/** A value's offset in the line content, and its parts. */
export type FlowNode =
  | { readonly at: number; readonly kind: 'scalar' }
  | { readonly at: number; readonly kind: 'map'; readonly keys: readonly string[]; readonly values: readonly FlowNode[] }
  | { readonly at: number; readonly kind: 'seq'; readonly items: readonly FlowNode[] };

export interface FlowLine {
  readonly value: unknown;
  readonly node: FlowNode;
}

/** Characters YAML reads differently or not at all (control characters, NEL, line and paragraph separators, BOM, non-characters). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const NULL = /^(?:~|null|Null|NULL)$/;
const TRUE = /^(?:true|True|TRUE)$/;
const FALSE = /^(?:false|False|FALSE)$/;
/** A plain scalar's first character: not an indicator, except `-` before a digit or `.` (`-3`, `-.5`). */
const PLAIN_START = /^(?:[^-?:,[\]{}#&*!|>'"%@`\s]|-[0-9.])/;
/** Plain keys: strings only (a key YAML reads as a number, null or boolean is left to the `yaml` library). */
const KEY_NOT_STRING = /^(?:[-+.0-9<=]|~$|(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$)/;
/** YAML limits implicit keys to 1024 characters; longer keys are left to the `yaml` library. */
const MAX_KEY = 1000;
const MAX_DEPTH = 50;

class Fail extends Error {}
const FAIL = new Fail();

const fail = (): never => {
  throw FAIL;
};

/** One line's reader (a class, not closures: it runs for every record of a large file). */
class FlowReader {
  i = 0;
  constructor(readonly s: string) {}

  spaces(): void {
    while (this.s.charCodeAt(this.i) === 32) this.i++;
  }

  /** A plain scalar: up to the next `,:{}[]#`, without trailing spaces. */
  plainText(): string {
    const s = this.s;
    const start = this.i;
    let i = start;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      // , : { } [ ] #
      if (c === 44 || c === 58 || c === 123 || c === 125 || c === 91 || c === 93 || c === 35) break;
    }
    let end = i;
    while (end > start && s.charCodeAt(end - 1) === 32) end--;
    const raw = s.slice(start, end);
    if (raw === '' || !PLAIN_START.test(raw)) fail();
    this.i = end;
    return raw;
  }

  doubleQuoted(): string {
    const s = this.s;
    let i = this.i + 1; // after the opening quote
    let out = '';
    let from = i;
    for (;;) {
      if (i >= s.length) fail();
      const c = s.charCodeAt(i);
      if (c === 34) break; // "
      if (c === 92) {
        // \
        out += s.slice(from, i);
        const e = s[i + 1];
        if (e === '"' || e === '\\' || e === '/') out += e;
        else if (e === 'b') out += '\b';
        else if (e === 'f') out += '\f';
        else if (e === 'n') out += '\n';
        else if (e === 'r') out += '\r';
        else if (e === 't') out += '\t';
        else if (e === 'u') {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail();
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
        } else fail();
        i += 2;
        from = i;
        continue;
      }
      i++;
    }
    out += s.slice(from, i);
    this.i = i + 1; // after the closing quote
    return out;
  }

  singleQuoted(): string {
    const s = this.s;
    let i = this.i + 1;
    let out = '';
    for (;;) {
      const j = s.indexOf("'", i);
      if (j < 0) fail();
      out += s.slice(i, j);
      if (s.charCodeAt(j + 1) === 39) {
        out += "'";
        i = j + 2;
      } else {
        this.i = j + 1;
        return out;
      }
    }
  }

  /** A value in a collection; its node is left in `this.node`. */
  node: FlowNode = { at: 0, kind: 'scalar' };
  value(depth: number): unknown {
    const at = this.i;
    const c = this.s[at];
    if (c === '{') return this.map(depth + 1);
    if (c === '[') return this.seq(depth + 1);
    let v: unknown;
    if (c === '"') v = this.doubleQuoted();
    else if (c === "'") v = this.singleQuoted();
    else {
      const raw = this.plainText();
      v = NULL.test(raw) ? null : TRUE.test(raw) ? true : FALSE.test(raw) ? false : raw;
    }
    this.node = { at, kind: 'scalar' };
    return v;
  }

  map(depth: number): unknown {
    if (depth > MAX_DEPTH) fail();
    const s = this.s;
    const at = this.i;
    this.i++; // {
    const out: Record<string, unknown> = {};
    const keys: string[] = [];
    const values: FlowNode[] = [];
    this.spaces();
    if (s[this.i] !== '}') {
      for (;;) {
        let key: string;
        const keyAt = this.i;
        const q = s[this.i];
        if (q === '"' || q === "'") {
          key = q === '"' ? this.doubleQuoted() : this.singleQuoted();
          if (s[this.i] !== ':') fail();
          this.i++;
        } else {
          key = this.plainText();
          if (KEY_NOT_STRING.test(key)) fail();
          if (s[this.i] !== ':' || s[this.i + 1] !== ' ') fail();
          this.i++;
        }
        if (this.i - keyAt > MAX_KEY) fail();
        this.spaces();
        const c = s[this.i];
        if (c === undefined || c === ',' || c === '}' || c === ']' || c === '#') fail(); // an empty value: left to the yaml library
        const v = this.value(depth);
        if (keys.includes(key)) fail(); // a key written twice: an error, left to the yaml library
        if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        else out[key] = v;
        keys.push(key);
        values.push(this.node);
        this.spaces();
        if (s[this.i] === '}') break;
        if (s[this.i] !== ',') fail();
        this.i++;
        this.spaces();
        if (s[this.i] === '}') fail(); // a trailing comma
      }
    }
    this.i++; // }
    this.node = { at, kind: 'map', keys, values };
    return out;
  }

  seq(depth: number): unknown {
    if (depth > MAX_DEPTH) fail();
    const s = this.s;
    const at = this.i;
    this.i++; // [
    const out: unknown[] = [];
    const items: FlowNode[] = [];
    this.spaces();
    if (s[this.i] !== ']') {
      for (;;) {
        const c = s[this.i];
        if (c === undefined || c === ',' || c === ']' || c === '}' || c === '#') fail();
        out.push(this.value(depth));
        items.push(this.node);
        this.spaces();
        if (s[this.i] === ']') break;
        if (s[this.i] !== ',') fail(); // `:` here would make a single-pair mapping
        this.i++;
        this.spaces();
        if (s[this.i] === ']') fail();
      }
    }
    this.i++; // ]
    this.node = { at, kind: 'seq', items };
    return out;
  }
}

/** The value and positions of `text`, one flow collection and an optional comment; undefined when not in the subset. */
export function parseFlowLine(text: string): FlowLine | undefined {
  const c = text[0];
  if ((c !== '{' && c !== '[') || UNSAFE.test(text)) return undefined;
  const r = new FlowReader(text);
  try {
    const value = c === '{' ? r.map(1) : r.seq(1);
    const node = r.node;
    // after the collection: nothing, or spaces and an optional comment
    if (r.i < text.length) {
      if (text.charCodeAt(r.i) !== 32) return undefined;
      r.spaces();
      if (r.i < text.length && text[r.i] !== '#') return undefined;
    }
    return { value, node };
  } catch (e) {
    if (e === FAIL) return undefined;
    throw e;
  }
}

/** The offset of the value at a path, as `nodeAt` finds it in the `yaml` library's nodes. */
export function flowOffset(node: FlowNode, path: readonly (string | number)[]): number | undefined {
  let n: FlowNode | undefined = node;
  for (const seg of path) {
    if (!n) return undefined;
    if (n.kind === 'map') {
      const k = n.keys.indexOf(String(seg));
      if (k < 0) return undefined;
      n = n.values[k];
    } else if (n.kind === 'seq' && typeof seg === 'number') {
      n = n.items[seg];
    } else {
      return undefined;
    }
  }
  return n?.at;
}
