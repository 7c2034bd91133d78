/**
 * Share links: the policy (its file name and text) and the case data, compressed into the URL's
 * fragment (`#s=…`), so a link opens the same policy and data with no server involved.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

export interface Shared {
  readonly policyFile: string;
  readonly policy: string;
  readonly data: string;
}

export function encodeShare(s: Shared): string {
  return `s=${compressToEncodedURIComponent(JSON.stringify([1, s.policyFile, s.policy, s.data]))}`;
}

/** The shared state in a fragment (`#s=…` or `s=…`), or undefined when there is none or it is damaged. */
export function decodeShare(fragment: string): Shared | undefined {
  const m = /(?:^#?|&)s=([^&]+)/.exec(fragment);
  if (!m) return undefined;
  try {
    const json = decompressFromEncodedURIComponent(m[1]!);
    const v = json ? (JSON.parse(json) as unknown) : undefined;
    if (!Array.isArray(v) || v[0] !== 1 || v.length !== 4 || !v.slice(1).every((x) => typeof x === 'string')) return undefined;
    return { policyFile: v[1], policy: v[2], data: v[3] };
  } catch {
    return undefined;
  }
}
