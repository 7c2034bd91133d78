/**
 * The checker: a named, ordered list of passes over a parsed policy (see style.md, "OPA").
 *
 *   merge-base          `extends`: load the base policy, check it, merge overrides
 *   header              the policy header is present and its dates are in order
 *   declare             the symbol table; duplicate names
 *   resolve-and-type    names in context, types, units, weights, enum values, ladders
 *   bands               grade bands cover the score domain, no gap, no overlap
 *   strata              rules ordered into strata; cycles reported
 *   unused-and-params   unused declarations, parameters still without a value
 *
 * Diagnostics are returned as data; the checker never throws on any AST the parser produces.
 */
import type * as A from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { Decimal, round } from '../decimal.js';
import { parse } from '../parse.js';
import { bandInterval, example, gaps, intersect, isEmpty, showInterval, UNBOUNDED, type Interval } from './bands.js';
import { constValue, declKind, KIND_NAME, Resolver } from './resolve.js';
import { computeStrata } from './strata.js';
import { suggest } from './suggest.js';
import type { CheckOptions, CheckResult, SymbolKind } from './types.js';
export type { CheckOptions, CheckResult, SymbolInfo, SymbolKind, Reference, LoadedBase, RefusedBase } from './types.js';

export const PASSES = ['merge-base', 'header', 'declare', 'resolve-and-type', 'bands', 'strata', 'unused-and-params'] as const;
export type PassName = (typeof PASSES)[number];

interface Merged {
  readonly policy: A.PolicyFile;
  /** The file each declaration comes from (undefined = the checked file). */
  readonly declFile: Map<A.Decl, string | undefined>;
  readonly diagnostics: Diagnostic[];
}

export function check(ast: A.PolicyFile, options: CheckOptions = {}): CheckResult {
  return checkWith(ast, options, []);
}

function checkWith(ast: A.PolicyFile, options: CheckOptions, stack: string[]): CheckResult {
  const diagnostics: Diagnostic[] = [];
  // merge-base
  const merged = mergeBase(ast, options, stack);
  diagnostics.push(...merged.diagnostics);
  const policy = merged.policy;

  // header
  if (!ast.header) {
    // At the first declaration (the header belongs above it), or at the top of an empty file.
    const first = ast.decls[0]?.span;
    const at = first ? { ...first, end: first.start, endLine: first.line, endColumn: first.column } : { start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
    diagnostics.push(diag('KP0004', at));
  } else {
    if (ast.header.effectiveFrom && ast.header.effectiveTo && ast.header.effectiveTo.text < ast.header.effectiveFrom.text) {
      diagnostics.push(diag('KP0604', ast.header.effectiveTo.span, { from: ast.header.effectiveFrom.text, to: ast.header.effectiveTo.text }));
    }
    const h = ast.header;
    for (const d of [h.effectiveFrom, h.effectiveTo, ...(h.holidays ?? []), ...(h.workdays ?? [])]) {
      if (d && !isCalendarDate(d.text)) diagnostics.push(diag('KP0607', d.span, { date: d.text }));
    }
    const off = new Set((h.holidays ?? []).map((d) => d.text));
    for (const d of h.workdays ?? []) {
      if (off.has(d.text)) diagnostics.push(diag('KP0608', d.span, { date: d.text }));
    }
  }

  // declare, resolve-and-type
  const r = new Resolver(policy, merged.declFile);
  r.declare();
  r.resolveAll();
  diagnostics.push(...r.diagnostics);

  // bands
  for (const d of policy.decls) {
    if (d.kind === 'GradesDecl' && merged.declFile.get(d) === undefined) diagnostics.push(...checkBands(d, policy));
  }

  // strata
  const { strata, cycles } = computeStrata(r.nodes);
  for (const c of cycles) {
    const own = c.nodes.find((n) => merged.declFile.get(declByName(policy, n.label)!) === undefined);
    const at = own ? declByName(policy, own.label) : undefined;
    if (at) diagnostics.push(diag('KP0401', at.name?.span ?? at.span, { cycle: c.path.join(' → '), ...(c.nodes[0]?.isRule ? { rules: 1 } : {}) }));
  }

  // unused-and-params
  const UNUSED_KINDS: SymbolKind[] = ['kind', 'subjectAttribute', 'event', 'penalty', 'outcome', 'referral', 'eligibility', 'param', 'input', 'survey'];
  for (const d of policy.decls) {
    const file = merged.declFile.get(d);
    if (!d.name) continue;
    const kind = declKind(d);
    if (file === undefined && UNUSED_KINDS.includes(kind) && !r.used.has(d.name.text)) {
      diagnostics.push(diag('KP0107', d.name.span, { whatZh: KIND_NAME[kind].zh, whatEn: KIND_NAME[kind].en, name: d.name.text }));
    }
    if (d.kind === 'ParamDecl' && !d.value) {
      diagnostics.push({ ...diag('KP0501', d.name.span, { name: d.name.text }), ...(file ? { file } : {}) });
    }
  }

  return {
    diagnostics: diagnostics.map((d) => (d.file || !options.file ? d : { ...d, file: options.file })),
    symbols: r.symbols,
    references: r.references,
    strata,
    policy,
  };
}

const declIndex = new WeakMap<A.PolicyFile, Map<string, A.Decl>>();
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Is `YYYY-MM-DD` a day of the calendar (2024-02-29 yes, 2023-02-29 no)? */
function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  if (!(m >= 1 && m <= 12 && d >= 1)) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

function declByName(policy: A.PolicyFile, name: string): A.Decl | undefined {
  let index = declIndex.get(policy);
  if (!index) {
    index = new Map();
    for (const d of policy.decls) if (d.name && !index.has(d.name.text)) index.set(d.name.text, d);
    declIndex.set(policy, index);
  }
  return index.get(name);
}

// --- merge-base ---------------------------------------------------------------------------------

function mergeBase(ast: A.PolicyFile, options: CheckOptions, stack: string[]): Merged {
  const declFile = new Map<A.Decl, string | undefined>();
  const ext = ast.header?.extends;
  if (!ext) {
    const diagnostics: Diagnostic[] = [];
    for (const d of ast.decls) {
      declFile.set(d, undefined);
      if (d.override) diagnostics.push(diag('KP0104', d.name?.span ?? d.span, { name: d.name?.text ?? '', label: d.label?.value ?? '' }));
    }
    return { policy: ast, declFile, diagnostics };
  }
  const diagnostics: Diagnostic[] = [];
  const fail = (reasonZh: string, reasonEn: string, hint?: { zh: string; en: string }): Merged => {
    diagnostics.push(diag('KP0106', ext.span, { path: ext.value, reasonZh, reasonEn, ...(hint ? { hintZh: hint.zh, hintEn: hint.en } : {}) }));
    for (const d of ast.decls) declFile.set(d, undefined);
    return { policy: ast, declFile, diagnostics };
  };
  const loaded = options.loadBase?.(ext.value, options.file);
  if (!loaded) return fail('找不到该文件或无法读取', 'the file is missing or unreadable');
  if ('refused' in loaded) return fail(loaded.refused.zh, loaded.refused.en, loaded.hint);
  if (stack.includes(loaded.file) || loaded.file === options.file) {
    return fail(`继承形成循环（${[...stack, options.file ?? '', loaded.file].join(' → ')}）`, `extends forms a cycle (${[...stack, options.file ?? '', loaded.file].join(' → ')})`);
  }
  const baseParsed = parse(loaded.text);
  const baseChecked = checkWith(baseParsed.ast, { file: loaded.file, loadBase: options.loadBase }, [...stack, options.file ?? '']);
  const baseErrors = [...baseParsed.diagnostics, ...baseChecked.diagnostics].filter((d) => d.severity === 'error');
  if (baseErrors.length) {
    diagnostics.push(...baseErrors.map((d) => (d.file ? d : { ...d, file: loaded.file })));
  }
  // Base declarations keep the file of whichever policy declared them.
  const baseFileOf = new Map<string, string | undefined>();
  for (const s of baseChecked.symbols.values()) baseFileOf.set(s.name, s.file ?? loaded.file);
  const decls: A.Decl[] = [];
  const index = new Map<string, number>();
  for (const d of baseChecked.policy.decls) {
    if (d.name) index.set(d.name.text, decls.length);
    decls.push(d);
    declFile.set(d, (d.name && baseFileOf.get(d.name.text)) ?? loaded.file);
  }
  for (const d of ast.decls) {
    const name = d.name?.text;
    const at = name !== undefined ? index.get(name) : undefined;
    if (d.override) {
      if (at === undefined) {
        const s = name ? suggest(name, index.keys()) : undefined;
        diagnostics.push(diag('KP0104', d.name?.span ?? d.span, { name: name ?? '', label: d.label?.value ?? '', ...(s ? { suggestion: s } : {}) }));
        decls.push(d);
      } else {
        decls[at] = d;
      }
    } else if (at !== undefined && name !== undefined) {
      diagnostics.push(diag('KP0105', d.name!.span, { name }));
      continue;
    } else {
      if (name !== undefined) index.set(name, decls.length);
      decls.push(d);
    }
    declFile.set(d, undefined);
  }
  const bh = baseChecked.policy.header;
  const h = ast.header;
  const header: A.PolicyHeader | undefined = h
    ? {
        ...h,
        period: h.period ?? bh?.period,
        rounding: h.rounding ?? bh?.rounding,
        effectiveFrom: h.effectiveFrom ?? bh?.effectiveFrom,
        effectiveTo: h.effectiveTo ?? bh?.effectiveTo,
        // the township's calendar days add to the county's
        holidays: [...(bh?.holidays ?? []), ...(h.holidays ?? [])],
        workdays: [...(bh?.workdays ?? []), ...(h.workdays ?? [])],
      }
    : bh;
  return { policy: { ...ast, header, decls }, declFile, diagnostics };
}

// --- bands --------------------------------------------------------------------------------------

/** The score domain a grade scale must cover: the score's clamp, the input's range, the survey's scale. */
function domainOf(g: A.GradesDecl, policy: A.PolicyFile): Interval {
  const src = g.score ? declByName(policy, g.score.text) : undefined;
  const closed = (lo?: A.Expr, hi?: A.Expr): Interval => {
    const l = lo && constValue(lo);
    const h = hi && constValue(hi);
    return { low: { value: l, inclusive: !!l }, high: { value: h, inclusive: !!h } };
  };
  if (src?.kind === 'ScoreDecl') {
    const clamp = [...src.items].reverse().find((i): i is A.ClampItem => i.kind === 'ClampItem');
    if (clamp) return closed(clamp.low, clamp.high);
  }
  if (src?.kind === 'InputDecl' && src.range) return closed(src.range.low, src.range.high);
  if (src?.kind === 'SurveyDecl') {
    if (src.scale) return closed({ kind: 'Number', text: '0', span: src.span }, src.scale);
    if (src.rating) return closed(src.rating.low, src.rating.high);
  }
  return UNBOUNDED;
}

/** Decimal places of the score's final `round`, if it has one. */
function roundedPlaces(g: A.GradesDecl, policy: A.PolicyFile): number | undefined {
  const src = g.score ? declByName(policy, g.score.text) : undefined;
  if (src?.kind !== 'ScoreDecl') return undefined;
  // the score's own `round`, else the policy's default rounding from the header
  const r = [...src.items].reverse().find((i): i is A.RoundItem => i.kind === 'RoundItem') ?? policy.header?.rounding;
  const p = r?.places ? Number(r.places.text) : undefined;
  return p !== undefined && Number.isInteger(p) && p >= 0 && p <= 20 ? p : undefined;
}

/** Does the interval contain a multiple of 10^-places? */
function containsGridPoint(i: Interval, places: number): boolean {
  if (i.low.value === undefined || i.high.value === undefined) return true;
  // the smallest grid point >= low (or > low when low is open), exactly
  const step = new Decimal(1n, 10n ** BigInt(places));
  let p = round(i.low.value, places, 'ceiling');
  if (p.eq(i.low.value) && !i.low.inclusive) p = p.plus(step);
  return p.lt(i.high.value) || (p.eq(i.high.value) && i.high.inclusive);
}

function checkBands(g: A.GradesDecl, policy: A.PolicyFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (g.bands.length === 0) {
    out.push(diag('KP0606', g.name?.span ?? g.span, { whatZh: '等次划分', whatEn: 'grade scale', name: g.name?.text ?? '', missing: '等次 / bands' }));
    return out;
  }
  const intervals: { band: A.Band; i: Interval }[] = [];
  for (const b of g.bands) {
    const i = bandInterval(b.bounds);
    if (!i) {
      out.push(diag('KP0203', b.span, { expectedZh: '上下界（>=、<、以上、不满…）', expectedEn: 'bounds (>=, <, or above, less than, …)', actualZh: '`=` 或 `!=`', actualEn: '`=` or `!=`' }));
      continue;
    }
    if (b.bounds.length === 0) continue;
    if (isEmpty(i)) {
      out.push(diag('KP0303', b.name?.span ?? b.span, { name: b.name?.text ?? '', range: showInterval(i) }));
      continue;
    }
    intervals.push({ band: b, i });
  }
  for (let x = 0; x < intervals.length; x++) {
    for (let y = x + 1; y < intervals.length; y++) {
      const a = intervals[x]!;
      const b = intervals[y]!;
      const common = intersect(a.i, b.i);
      if (!isEmpty(common)) {
        out.push(diag('KP0302', b.band.name?.span ?? b.band.span, { a: a.band.name?.text ?? '', b: b.band.name?.text ?? '', overlap: showInterval(common) }));
      }
    }
  }
  const domain = domainOf(g, policy);
  // A score rounded to p places before banding only takes values on that grid: a gap that
  // holds no such value (e.g. (89, 90) for integers) is no gap (catalogue A03 reading a).
  const places = roundedPlaces(g, policy);
  for (const gap of gaps(domain, intervals.map((x) => x.i))) {
    if (places !== undefined && !containsGridPoint(gap, places)) continue;
    out.push(diag('KP0301', g.name?.span ?? g.span, { gap: showInterval(gap), example: example(gap) }));
  }
  return out;
}


