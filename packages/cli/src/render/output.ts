/**
 * `kaoping eval --format json`: the result as JSON text in pieces, for stdout or `--out`
 * (written by write.ts: atomically, never over a device or a link).
 */

/**
 * JSON text identical to `JSON.stringify(value, null, 2)`, as a sequence of pieces: the top two
 * levels are written element by element, so a result for a million events (half a gigabyte of
 * text, near V8's largest string) is never one string.
 */
export function* jsonChunks(value: unknown, indent = '', depth = 0): Generator<string> {
  if (depth >= 2 || value === null || typeof value !== 'object') {
    yield (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield inner;
      const x = value[i];
      yield* jsonChunks(x === undefined || typeof x === 'function' ? null : x, inner, depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== 'function');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, x] = entries[i]!;
    yield `${inner}${JSON.stringify(k)}: `;
    yield* jsonChunks(x, inner, depth + 1);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
}
