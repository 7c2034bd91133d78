/** The eval command writes JSON in pieces; joined, they must be exactly JSON.stringify(value, null, 2). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../packages/cli/src/render/output.js';

describe('jsonChunks', () => {
  it('joins to JSON.stringify(value, null, 2) for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
        expect([...jsonChunks(v)].join('')).toBe(JSON.stringify(v, null, 2));
      }),
      { numRuns: 500, seed: 20241122 },
    );
  });

  it('leaves out undefined members and writes undefined array elements as null, as JSON.stringify does', () => {
    const v = { a: undefined, b: [1, undefined, { c: undefined, d: 'x' }], e: { f: [] , g: {} } };
    expect([...jsonChunks(v)].join('')).toBe(JSON.stringify(v, null, 2));
  });

  it('writes each element of a top-level array as its own piece', () => {
    const v = { subjects: [{ id: 'A' }, { id: 'B' }] };
    const pieces = [...jsonChunks(v)];
    expect(pieces).toContain('{\n      "id": "A"\n    }');
  });
});
