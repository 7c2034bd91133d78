/**
 * A small JSON parser for NDJSON lines that keeps every number as its source text ("92.50"
 * stays "92.50"; JSON.parse would turn it into a binary float) and knows where each value
 * starts. It parses one line (or a whole .json file, to explain a syntax error); a malformed
 * line gives an error with its offset.
 */

export type JsonValue = string | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface JsonLine {
  readonly value: JsonValue;
  /** 0-based offset of each top-level member's value (for an object). */
  readonly memberAt: ReadonlyMap<string, number>;
  /** 0-based offset of the value at a path (parses again, with positions). */
  offsetOf(path: readonly (string | number)[]): number | undefined;
}

export class JsonLineError extends Error {
  constructor(
    readonly offset: number,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

// eslint-disable-next-line no-control-regex
const PLAIN_BREAK = /[\\\u0000-\u001f]/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Parser {
  i = 0;
  readonly memberAt = new Map<string, number>();
  constructor(
    readonly s: string,
    /** Record the offset of every value under this key (`\u0000`-joined path). */
    readonly positions?: Map<string, number>,
  ) {}

  fail(zh: string, en: string, at = this.i): never {
    throw new JsonLineError(at, zh, en);
  }

  ws(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 13 || c === 10) this.i++;
      else return;
    }
  }

  /** The path key of a member or item; only built when positions are wanted. */
  sub(path: string, key: string | number): string {
    return this.positions ? (path === '' ? String(key) : `${path}\u0000${key}`) : '';
  }

  found(): { zh: string; en: string } {
    if (this.i >= this.s.length) return { zh: '行尾', en: 'the end of the line' };
    const c = this.s[this.i]!;
    return { zh: `“${c}”`, en: `"${c}"` };
  }

  value(path: string, depth: number): JsonValue {
    if (depth > 64) this.fail('嵌套过深（超过 64 层）', 'nested more than 64 levels deep');
    this.ws();
    if (this.positions) this.positions.set(path, this.i);
    const c = this.s[this.i];
    if (c === '{') return this.object(path, depth);
    if (c === '[') return this.array(path, depth);
    if (c === '"') return this.string();
    if (c === 't' && this.s.startsWith('true', this.i)) {
      this.i += 4;
      return true;
    }
    if (c === 'f' && this.s.startsWith('false', this.i)) {
      this.i += 5;
      return false;
    }
    if (c === 'n' && this.s.startsWith('null', this.i)) {
      this.i += 4;
      return null;
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (m && m[0].length > 0) {
      this.i += m[0].length;
      return m[0];
    }
    const f = this.found();
    return this.fail(`此处应为一个值（对象、列表、字符串、数字、true、false 或 null），实际为 ${f.zh}`, `expected a value (object, list, string, number, true, false or null), found ${f.en}`);
  }

  object(path: string, depth: number): JsonValue {
    const out: { [k: string]: JsonValue } = {};
    const seen: Record<string, true> = Object.create(null) as Record<string, true>;
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') {
        const f = this.found();
        this.fail(`此处应为用双引号括起的键，实际为 ${f.zh}`, `expected a key in double quotes, found ${f.en}`);
      }
      const keyAt = this.i;
      const key = this.string();
      if (key in seen) this.fail(`键 ${key} 在同一对象中出现了两次`, `the key ${key} appears twice in the same object`, keyAt);
      this.ws();
      if (this.s[this.i] !== ':') {
        const f = this.found();
        this.fail(`键 ${key} 后应为冒号，实际为 ${f.zh}`, `expected a colon after the key ${key}, found ${f.en}`);
      }
      this.i++;
      this.ws();
      seen[key] = true;
      if (depth === 0) this.memberAt.set(key, this.i);
      const v = this.value(this.sub(path, key), depth + 1);
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return out;
      }
      const f = this.found();
      this.fail(`此处应为逗号或 }，实际为 ${f.zh}`, `expected a comma or }, found ${f.en}`);
    }
  }

  array(path: string, depth: number): JsonValue {
    const out: JsonValue[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(this.sub(path, out.length), depth + 1));
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return out;
      }
      const f = this.found();
      this.fail(`此处应为逗号或 ]，实际为 ${f.zh}`, `expected a comma or ], found ${f.en}`);
    }
  }

  string(): string {
    const start = this.i;
    // Fast path: no escapes or control characters before the closing quote.
    const end = this.s.indexOf('"', start + 1);
    if (end > 0) {
      const chunk = this.s.slice(start + 1, end);
      if (!PLAIN_BREAK.test(chunk)) {
        this.i = end + 1;
        return chunk;
      }
    }
    this.i++;
    let out = '';
    let run = this.i;
    for (;;) {
      if (this.i >= this.s.length) this.fail('字符串没有闭合的双引号', 'the string has no closing double quote', start);
      const c = this.s.charCodeAt(this.i);
      if (c === 0x22) {
        out += this.s.slice(run, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail('字符串中有控制字符（如制表符），请写成转义形式', 'a control character (such as a tab) inside a string; write it escaped');
      if (c === 0x5c) {
        out += this.s.slice(run, this.i);
        const e = this.s[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          this.fail('字符串中的转义无效', 'an invalid escape in a string');
        }
        run = this.i;
        continue;
      }
      this.i++;
    }
  }
}

/** Parse one NDJSON line. Throws JsonLineError with the offset of the problem. */
export function parseJsonLine(line: string): JsonLine {
  const p = new Parser(line);
  const value = p.value('', 0);
  p.ws();
  if (p.i < line.length) {
    const f = p.found();
    p.fail(`只能有一个 JSON 值；此处多出 ${f.zh}`, `one JSON value only; found ${f.en} after it`);
  }
  let positions: Map<string, number> | undefined;
  return {
    value,
    memberAt: p.memberAt,
    offsetOf(path) {
      if (path.length === 1 && typeof path[0] === 'string') return p.memberAt.get(path[0]);
      if (!positions) {
        positions = new Map();
        new Parser(line, positions).value('', 0);
      }
      return positions.get(path.map(String).join('\u0000'));
    },
  };
}
