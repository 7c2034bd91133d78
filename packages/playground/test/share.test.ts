/** Share links (src/share.ts): the policy and the data in the URL fragment, and back. */
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, type Shared } from '../src/share.js';

const shared: Shared = {
  policyFile: 'policies/county/qingshi-town.kp',
  policy: '制度 测试 「三种引号」 {\n  版本 “2024.1”\n}\n# 注释：全角＃、emoji 🙂、引号 "x" & = # ? %\n',
  data: 'period: { from: 2024-01-01, to: 2024-12-31 }\npeople:\n  - { id: A, name: 张三, unit: W }\n',
};

describe('share links', () => {
  it('round trip, with Chinese text and URL-special characters', () => {
    const fragment = encodeShare(shared);
    expect(fragment.startsWith('s=')).toBe(true);
    // nothing in it that a URL would change: no space, #, & or %
    expect(fragment).toMatch(/^s=[A-Za-z0-9+$-]+$/);
    expect(decodeShare(fragment)).toEqual(shared);
    expect(decodeShare(`#${fragment}`)).toEqual(shared);
    expect(decodeShare(`#lang=en&${fragment}`)).toEqual(shared);
  });

  it('empty texts survive too', () => {
    const empty = { policyFile: 'x.kp', policy: '', data: '' };
    expect(decodeShare(encodeShare(empty))).toEqual(empty);
  });

  it('no share in the fragment: undefined', () => {
    expect(decodeShare('')).toBeUndefined();
    expect(decodeShare('#')).toBeUndefined();
    expect(decodeShare('#lang=en')).toBeUndefined();
    expect(decodeShare('#xs=abc')).toBeUndefined();
  });

  it('a damaged fragment: undefined, never an exception', () => {
    const fragment = encodeShare(shared);
    const damaged = [
      fragment.slice(0, Math.floor(fragment.length / 2)), // cut short
      `s=${fragment.slice(2).split('').reverse().join('')}`, // scrambled
      `${fragment.slice(0, 10)}!!!${fragment.slice(13)}`, // characters lz-string never writes
      's=',
      's=AAAA',
      's=%E4%B8%AD',
    ];
    for (const f of damaged) expect(decodeShare(f), f.slice(0, 20)).toBeUndefined();
  });

  it('a fragment of another shape or version: undefined', async () => {
    const { compressToEncodedURIComponent } = await import('lz-string');
    const enc = (v: unknown) => `s=${compressToEncodedURIComponent(JSON.stringify(v))}`;
    expect(decodeShare(enc([2, 'a.kp', 'p', 'd']))).toBeUndefined();
    expect(decodeShare(enc([1, 'a.kp', 'p']))).toBeUndefined();
    expect(decodeShare(enc([1, 'a.kp', 'p', 5]))).toBeUndefined();
    expect(decodeShare(enc({ policy: 'p' }))).toBeUndefined();
    expect(decodeShare(enc([1, 'a.kp', 'p', 'd']))).toEqual({ policyFile: 'a.kp', policy: 'p', data: 'd' });
  });
});
