/**
 * The parser: tokens → typed AST, with chevrotain's error recovery so that one run reports
 * every syntax error it can. Nodes are built by embedded actions; every constructor goes
 * through `span*` helpers that tolerate the recording phase and recovered (missing) children.
 */
import { EmbeddedActionsParser, EOF, type IToken, type TokenType, type IParserErrorMessageProvider } from 'chevrotain';
import * as T from './lexer.js';
import { KW } from './lexer.js';
import type * as A from './ast.js';

const UNIT_OF_TOKEN: Record<string, A.Unit> = {
  Points: 'points',
  WorkingDays: 'working_days',
  Days: 'days',
  Times: 'times',
  Minutes: 'minutes',
  Places: 'places',
  Percent: 'percent',
  Years: 'years',
  Months: 'months',
  // `1 year`, `1 month`: the header's period words after a number
  Year: 'years',
  Month: 'months',
};
const ROUNDING_OF_TOKEN: Record<string, A.RoundingMode> = {
  HalfUp: 'half_up',
  HalfEven: 'half_even',
  Down: 'down',
  Up: 'up',
  Floor: 'floor',
  Ceiling: 'ceiling',
};
const COMPARE_OF_TOKEN: Record<string, A.CompareOp> = {
  Ge: '>=', Le: '<=', Ne: '!=', Eq: '=', Gt: '>', Lt: '<',
  AtLeast: '>=', AtMost: '<=', MoreThan: '>', LessThan: '<',
  OrAbove: '>=', OrBelow: '<=', OrWithin: '<=',
};

const DUMMY_SPAN: A.Span = { start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };

function isRealToken(t: IToken | undefined): t is IToken {
  return !!t && typeof t.startOffset === 'number' && t.startOffset >= 0 && !Number.isNaN(t.startOffset) && t.tokenType !== EOF;
}

export function tokenSpan(t: IToken): A.Span {
  return {
    start: t.startOffset,
    end: (t.endOffset ?? t.startOffset) + 1,
    line: t.startLine ?? 1,
    column: t.startColumn ?? 1,
    endLine: t.endLine ?? t.startLine ?? 1,
    endColumn: (t.endColumn ?? t.startColumn ?? 0) + 1,
  };
}

/**
 * Error messages are structured: the provider returns JSON that `parse()` turns into a
 * bilingual diagnostic with a hint.
 */
export interface SyntaxErrorInfo {
  readonly expected: string[];
  readonly found: string;
  readonly rule: string;
  readonly reason: 'mismatch' | 'noViableAlt' | 'earlyExit' | 'notAllInput';
}

function tokenTypeNames(paths: TokenType[][][] | TokenType[][]): string[] {
  const names = new Set<string>();
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      // A path: take only its first token, which is what was expected here.
      if (x.length > 0 && !Array.isArray(x[0])) {
        names.add((x[0] as TokenType).name);
        return;
      }
      for (const y of x) visit(y);
    }
  };
  visit(paths);
  return [...names];
}

/** At most this many syntax errors are reported; then parsing stops (an error storm on garbage). */
export const MAX_SYNTAX_ERRORS = 100;

/** Thrown from the message provider to stop chevrotain once enough errors are reported. */
export class TooManySyntaxErrors extends Error {
  constructor() {
    super('too many syntax errors');
  }
}

let errorsThisParse = 0;
/** Called by `parse()` before each parser run. */
export function resetErrorCount(): void {
  errorsThisParse = 0;
}
function countError(): void {
  if (++errorsThisParse > MAX_SYNTAX_ERRORS) throw new TooManySyntaxErrors();
}

const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    countError();
    return JSON.stringify({ expected: [expected.name], found: actual.image, rule: ruleName, reason: 'mismatch' } satisfies SyntaxErrorInfo);
  },
  buildNotAllInputParsedMessage({ firstRedundant, ruleName }) {
    return JSON.stringify({ expected: [], found: firstRedundant.image, rule: ruleName, reason: 'notAllInput' } satisfies SyntaxErrorInfo);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    countError();
    return JSON.stringify({
      expected: tokenTypeNames(expectedPathsPerAlt),
      found: actual[0]?.image ?? '',
      rule: ruleName,
      reason: 'noViableAlt',
    } satisfies SyntaxErrorInfo);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    countError();
    return JSON.stringify({
      expected: tokenTypeNames(expectedIterationPaths),
      found: actual[0]?.image ?? '',
      rule: ruleName,
      reason: 'earlyExit',
    } satisfies SyntaxErrorInfo);
  },
};

type Mutable<N> = { -readonly [K in keyof N]: N[K] };

export class KaopingParser extends EmbeddedActionsParser {
  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: messageProvider });
    this.performSelfAnalysis();
  }

  // --- span helpers -------------------------------------------------------------------------

  /** The span from `start` to the last consumed token. */
  private spanFrom(start: IToken): A.Span {
    if (this.RECORDING_PHASE) return DUMMY_SPAN;
    const last = this.LA(0);
    const s = isRealToken(start) ? tokenSpan(start) : isRealToken(last) ? tokenSpan(last) : DUMMY_SPAN;
    const e = isRealToken(last) && last.startOffset >= s.start ? tokenSpan(last) : s;
    return { start: s.start, line: s.line, column: s.column, end: e.end, endLine: e.endLine, endColumn: e.endColumn };
  }

  private nameOf(t: IToken): A.Name {
    return { kind: 'Name', text: t.image ?? '', span: this.RECORDING_PHASE || !isRealToken(t) ? DUMMY_SPAN : tokenSpan(t) };
  }

  private optName(t: IToken | undefined): A.Name | undefined {
    if (this.RECORDING_PHASE) return undefined;
    return isRealToken(t) && t.tokenType === T.Identifier ? this.nameOf(t) : undefined;
  }

  private str(t: IToken | undefined): A.StringLit | undefined {
    if (this.RECORDING_PHASE || !isRealToken(t) || t.tokenType !== T.StringLit) return undefined;
    return { kind: 'String', value: t.image.slice(1, -1), span: tokenSpan(t) };
  }

  private sep(): void {
    this.OPTION9(() => this.OR9([{ ALT: () => this.CONSUME9(T.Semicolon) }, { ALT: () => this.CONSUME9(T.Comma) }]));
  }

  // --- file --------------------------------------------------------------------------------

  /**
   * What `policyFile` has built so far. When recovery fails the top rule itself (the only
   * resync point was the end of the file), the rule returns nothing and `parse()` uses this.
   */
  public collected: { header?: A.PolicyHeader; decls: A.Decl[] } = { decls: [] };

  public policyFile = this.RULE('policyFile', (): A.PolicyFile => {
    const start = this.LA(1);
    const decls: A.Decl[] = [];
    let header: A.PolicyHeader | undefined;
    this.ACTION(() => {
      this.collected = { decls };
    });
    this.OPTION(() => {
      header = this.SUBRULE(this.policyHeader);
      this.ACTION(() => {
        this.collected.header = header;
      });
    });
    this.MANY(() => {
      const d = this.SUBRULE(this.decl);
      this.ACTION(() => {
        if (d) decls.push(d);
      });
    });
    return { kind: 'PolicyFile', header, decls, span: this.spanFrom(start) };
  });

  private policyHeader = this.RULE('policyHeader', (): A.PolicyHeader => {
    const start = this.CONSUME(KW.Policy!);
    const name = this.CONSUME(T.Identifier);
    let titleTok: IToken | undefined;
    this.OPTION(() => {
      titleTok = this.CONSUME(T.StringLit);
    });
    const h: Mutable<A.PolicyHeader> = { kind: 'PolicyHeader', span: DUMMY_SPAN };
    this.OPTION2(() => {
      this.CONSUME(T.LBrace);
      this.MANY(() => {
        this.OR([
          {
            ALT: () => {
              const kw = this.CONSUME(KW.Version!);
              const v = this.OR2([{ ALT: () => this.CONSUME2(T.StringLit) }, { ALT: () => this.CONSUME(T.NumberLit) }]);
              this.ACTION(() => {
                h.version = { text: v.tokenType === T.StringLit ? v.image.slice(1, -1) : v.image, span: this.spanFrom(kw) };
              });
            },
          },
          {
            ALT: () => {
              this.CONSUME(KW.Effective!);
              const from = this.CONSUME(T.DateLit);
              this.ACTION(() => {
                // a date inserted by error recovery is missing, not an empty date
                if (isRealToken(from)) h.effectiveFrom = { kind: 'Date', text: from.image, span: tokenSpan(from) };
              });
              this.OPTION3(() => {
                this.CONSUME(KW.To!);
                const to = this.CONSUME2(T.DateLit);
                this.ACTION(() => {
                  if (isRealToken(to)) h.effectiveTo = { kind: 'Date', text: to.image, span: tokenSpan(to) };
                });
              });
            },
          },
          {
            ALT: () => {
              const kw = this.CONSUME(KW.Period!);
              const p = this.CONSUME(T.PeriodKw);
              this.ACTION(() => {
                const value = p.tokenType === KW.Year ? 'year' : p.tokenType === KW.Quarter ? 'quarter' : 'month';
                h.period = { value, span: this.spanFrom(kw) };
              });
            },
          },
          {
            ALT: () => {
              this.CONSUME(KW.Extends!);
              const s = this.CONSUME3(T.StringLit);
              this.ACTION(() => {
                h.extends = this.str(s);
              });
            },
          },
          {
            ALT: () => {
              this.CONSUME(KW.Source!);
              const s = this.CONSUME4(T.StringLit);
              this.ACTION(() => {
                h.source = this.str(s);
              });
            },
          },
          {
            ALT: () => {
              const r = this.SUBRULE(this.roundItem);
              this.ACTION(() => {
                h.rounding = r;
              });
            },
          },
          {
            ALT: () => {
              const kw = this.OR3([{ ALT: () => this.CONSUME(KW.Holidays!) }, { ALT: () => this.CONSUME(KW.Workdays!) }]);
              const days: A.DateLit[] = [];
              this.AT_LEAST_ONE_SEP({
                SEP: T.Comma,
                DEF: () => {
                  const d = this.CONSUME3(T.DateLit);
                  this.ACTION(() => {
                    if (isRealToken(d)) days.push({ kind: 'Date', text: d.image, span: tokenSpan(d) });
                  });
                },
              });
              this.ACTION(() => {
                if (kw.tokenType === KW.Holidays) h.holidays = [...(h.holidays ?? []), ...days];
                else h.workdays = [...(h.workdays ?? []), ...days];
              });
            },
          },
        ]);
        this.sep();
      });
      this.CONSUME(T.RBrace);
    });
    h.name = this.optName(name);
    h.title = this.str(titleTok);
    h.span = this.spanFrom(start);
    return h;
  });

  // --- declarations --------------------------------------------------------------------------

  private decl = this.RULE('decl', (): A.Decl => {
    let override = false;
    const start = this.LA(1);
    this.OPTION(() => {
      this.CONSUME(KW.Override!);
      override = true;
    });
    const d = this.OR([
      { ALT: () => this.SUBRULE(this.simpleDecl) },
      { ALT: () => this.SUBRULE(this.attributeDecl) },
      { ALT: () => this.SUBRULE(this.eventDecl) },
      { ALT: () => this.SUBRULE(this.penaltyDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.surveyDecl) },
      { ALT: () => this.SUBRULE(this.ruleDecl) },
      { ALT: () => this.SUBRULE(this.scoreDecl) },
      { ALT: () => this.SUBRULE(this.gradesDecl) },
      { ALT: () => this.SUBRULE(this.quotaDecl) },
      { ALT: () => this.SUBRULE(this.deadlineDecl) },
    ]);
    if (this.RECORDING_PHASE || !d) return d;
    const m = d as Mutable<A.Decl>;
    m.override = override;
    m.span = this.spanFrom(start);
    return d;
  });

  /** `kind`, `outcome`, `referral`, `eligibility`: a keyword, a name and a label. */
  private simpleDecl = this.RULE('simpleDecl', (): A.Decl => {
    const start = this.LA(1);
    const kw = this.OR([
      { ALT: () => this.CONSUME(KW.Kind!) },
      { ALT: () => this.CONSUME(KW.Outcome!) },
      { ALT: () => this.CONSUME(KW.Referral!) },
      { ALT: () => this.CONSUME(KW.Eligibility!) },
    ]);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    this.OPTION(() => {
      label = this.CONSUME(T.StringLit);
    });
    this.sep();
    const kind =
      kw.tokenType === KW.Kind ? 'KindDecl' : kw.tokenType === KW.Outcome ? 'OutcomeDecl' : kw.tokenType === KW.Referral ? 'ReferralDecl' : 'EligibilityDecl';
    return { kind, name: this.optName(name), label: this.str(label), override: false, span: this.spanFrom(start) } as A.Decl;
  });

  private subjectSpec = this.RULE('subjectSpec', (): A.SubjectSpec => {
    const start = this.CONSUME(KW.For!);
    let subject: A.SubjectKind = 'person';
    let unitKind: IToken | undefined;
    this.OR([
      { ALT: () => { this.CONSUME(KW.Person!); subject = 'person'; } },
      {
        ALT: () => {
          this.CONSUME2(KW.Kind!);
          subject = 'unit';
          unitKind = this.CONSUME2(T.Identifier);
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Unit!);
          subject = 'unit';
          this.OPTION(() => {
            this.CONSUME(KW.Kind!);
            unitKind = this.CONSUME(T.Identifier);
          });
        },
      },
    ]);
    // `针对 人员 其中 窗口工作人员`: only the subjects whose attributes satisfy the condition
    let where: A.Expr | undefined;
    this.OPTION2(() => {
      this.CONSUME(KW.Where!);
      where = this.SUBRULE(this.expr);
    });
    return { kind: 'SubjectSpec', subject, unitKind: this.optName(unitKind), ...(where ? { where } : {}), span: this.spanFrom(start) };
  });

  /** `属性 名称 "标签" [针对 人员|单位] : 类型` — an attribute of people or units, given in the case data. */
  private attributeDecl = this.RULE('attributeDecl', (): A.AttributeDecl => {
    const start = this.CONSUME(KW.Attribute!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    let subject: A.SubjectSpec | undefined;
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.OPTION2(() => { subject = this.SUBRULE(this.subjectSpec); });
    this.CONSUME(T.Colon);
    const type = this.SUBRULE(this.typeRef);
    this.sep();
    return { kind: 'AttributeDecl', name: this.optName(name), label: this.str(label), subject, type, override: false, span: this.spanFrom(start) };
  });

  private eventDecl = this.RULE('eventDecl', (): A.EventDecl => {
    const start = this.CONSUME(KW.Event!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    let subject: A.SubjectSpec | undefined;
    const attrs: A.AttrDecl[] = [];
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.OPTION2(() => { subject = this.SUBRULE(this.subjectSpec); });
    this.OPTION3(() => {
      this.CONSUME(T.LBrace);
      this.MANY(() => {
        const a = this.SUBRULE(this.attrDecl);
        this.ACTION(() => { if (a) attrs.push(a); });
      });
      this.CONSUME(T.RBrace);
    });
    return { kind: 'EventDecl', name: this.optName(name), label: this.str(label), subject, attrs, override: false, span: this.spanFrom(start) };
  });

  private attrDecl = this.RULE('attrDecl', (): A.AttrDecl => {
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.CONSUME(T.Colon);
    const type = this.SUBRULE(this.typeRef);
    this.sep();
    return { kind: 'AttrDecl', name: this.optName(name), label: this.str(label), type, span: this.spanFrom(name) };
  });

  private unitRef = this.RULE('unitRef', (): A.Unit => {
    const t = this.OR([
      { ALT: () => this.CONSUME(T.UnitKw) },
      { ALT: () => this.CONSUME(T.Percent) },
      { ALT: () => this.CONSUME(KW.Year!) },
      { ALT: () => this.CONSUME(KW.Month!) },
    ]);
    return UNIT_OF_TOKEN[t.tokenType?.name ?? ''] ?? 'points';
  });

  private typeRef = this.RULE('typeRef', (): A.TypeRef => {
    const start = this.LA(1);
    return this.OR([
      { ALT: () => { this.CONSUME(KW.Bool!); return { kind: 'BoolType', span: this.spanFrom(start) } as A.TypeRef; } },
      {
        ALT: () => {
          const t = this.OR2([{ ALT: () => this.CONSUME(KW.Integer!) }, { ALT: () => this.CONSUME(KW.Decimal!) }]);
          let unit: A.Unit | undefined;
          this.OPTION(() => { unit = this.SUBRULE(this.unitRef); });
          return { kind: 'NumberType', integer: t.tokenType === KW.Integer, unit, span: this.spanFrom(start) } as A.TypeRef;
        },
      },
      { ALT: () => { this.CONSUME(KW.DateType!); return { kind: 'DateType', span: this.spanFrom(start) } as A.TypeRef; } },
      { ALT: () => { this.CONSUME(KW.Text!); return { kind: 'TextType', span: this.spanFrom(start) } as A.TypeRef; } },
      { ALT: () => { this.CONSUME(KW.Intervals!); return { kind: 'IntervalsType', span: this.spanFrom(start) } as A.TypeRef; } },
      {
        ALT: () => {
          this.CONSUME(KW.Decision!);
          this.CONSUME(T.LParen);
          const options: A.Name[] = [];
          this.AT_LEAST_ONE_SEP({
            SEP: T.Pipe,
            DEF: () => {
              const o = this.CONSUME(T.Identifier);
              this.ACTION(() => { options.push(this.nameOf(o)); });
            },
          });
          this.CONSUME(T.RParen);
          return { kind: 'DecisionType', options, span: this.spanFrom(start) } as A.TypeRef;
        },
      },
      {
        ALT: () => {
          const values: A.EnumValue[] = [];
          this.AT_LEAST_ONE_SEP2({
            SEP: T.Pipe,
            DEF: () => {
              const v = this.CONSUME2(T.Identifier);
              let label: IToken | undefined;
              this.OPTION2(() => { label = this.CONSUME(T.StringLit); });
              this.ACTION(() => {
                values.push({ kind: 'EnumValue', name: this.nameOf(v), label: this.str(label), span: this.spanFrom(v) });
              });
            },
          });
          return { kind: 'EnumType', values, span: this.spanFrom(start) } as A.TypeRef;
        },
      },
    ]);
  });

  private penaltyDecl = this.RULE('penaltyDecl', (): A.PenaltyDecl => {
    const start = this.CONSUME(KW.Penalty!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    const d: Mutable<A.PenaltyDecl> = { kind: 'PenaltyDecl', override: false, stopsBonus: false, span: DUMMY_SPAN };
    this.OPTION2(() => {
      this.CONSUME(T.LBrace);
      this.MANY(() => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(KW.Rank!);
              const n = this.SUBRULE(this.numberLit);
              this.ACTION(() => { d.rank = n; });
            },
          },
          {
            ALT: () => {
              this.CONSUME(KW.Lasts!);
              this.OR2([
                {
                  ALT: () => {
                    const n = this.SUBRULE2(this.numberLit);
                    this.ACTION(() => { d.lasts = n; });
                  },
                },
                {
                  // `lasts until EVENT [minimum N] [maximum M]` (持续 直至 事件 [最短 N] [最长 M])
                  ALT: () => {
                    const u = this.CONSUME(KW.Until!);
                    const event = this.SUBRULE(this.eventFilter);
                    let minimum: A.NumberLit | undefined;
                    let maximum: A.NumberLit | undefined;
                    this.OPTION3(() => {
                      this.CONSUME(KW.Minimum!);
                      minimum = this.SUBRULE3(this.numberLit);
                    });
                    this.OPTION4(() => {
                      this.CONSUME(KW.Maximum!);
                      maximum = this.SUBRULE4(this.numberLit);
                    });
                    this.ACTION(() => { d.until = { kind: 'PenaltyUntil', event, minimum, maximum, span: this.spanFrom(u) }; });
                  },
                },
              ]);
            },
          },
          { ALT: () => { this.CONSUME(KW.StopsBonus!); d.stopsBonus = true; } },
        ]);
        this.sep();
      });
      this.CONSUME(T.RBrace);
    });
    d.name = this.optName(name);
    d.label = this.str(label);
    d.span = this.spanFrom(start);
    return d;
  });

  private paramDecl = this.RULE('paramDecl', (): A.ParamDecl => {
    const start = this.CONSUME(KW.Param!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    let unit: A.Unit | undefined;
    let value: A.Expr | undefined;
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      unit = this.SUBRULE(this.unitRef);
    });
    this.OPTION3(() => {
      this.CONSUME(T.Eq);
      value = this.SUBRULE(this.expr);
    });
    this.sep();
    return { kind: 'ParamDecl', name: this.optName(name), label: this.str(label), unit, value, override: false, span: this.spanFrom(start) };
  });

  private inputDecl = this.RULE('inputDecl', (): A.InputDecl => {
    const start = this.CONSUME(KW.Input!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    const d: Mutable<A.InputDecl> = { kind: 'InputDecl', override: false, quarterly: false, skipMissing: false, span: DUMMY_SPAN };
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.MANY(() => {
      this.OR([
        { ALT: () => { const s = this.SUBRULE(this.subjectSpec); this.ACTION(() => { d.subject = s; }); } },
        {
          ALT: () => {
            this.CONSUME(T.Colon);
            const u = this.SUBRULE(this.unitRef);
            this.ACTION(() => { d.unit = u; });
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.Range!);
            const r = this.SUBRULE(this.rangeLit);
            this.ACTION(() => { d.range = r; });
          },
        },
        { ALT: () => { this.CONSUME(KW.Quarterly!); d.quarterly = true; } },
        { ALT: () => { this.CONSUME(KW.SkipMissing!); d.skipMissing = true; } },
      ]);
    });
    this.sep();
    d.name = this.optName(name);
    d.label = this.str(label);
    d.span = this.spanFrom(start);
    return d;
  });

  private rangeLit = this.RULE('rangeLit', (): A.RangeLit => {
    const start = this.LA(1);
    const low = this.SUBRULE(this.signedNumber);
    this.CONSUME(T.DotDot);
    const high = this.SUBRULE2(this.signedNumber);
    return { kind: 'Range', low, high, span: this.spanFrom(start) };
  });

  private surveyDecl = this.RULE('surveyDecl', (): A.SurveyDecl => {
    const start = this.CONSUME(KW.Survey!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    const d: Mutable<A.SurveyDecl> = { kind: 'SurveyDecl', override: false, choices: [], groups: [], span: DUMMY_SPAN };
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.OPTION2(() => { const s = this.SUBRULE(this.subjectSpec); this.ACTION(() => { d.subject = s; }); });
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const cs = this.CONSUME(KW.Choice!);
            const cn = this.CONSUME2(T.Identifier);
            let cl: IToken | undefined;
            this.OPTION3(() => { cl = this.CONSUME2(T.StringLit); });
            this.OR2([{ ALT: () => this.CONSUME(T.Eq) }, { ALT: () => this.CONSUME(T.Colon) }]);
            const value = this.OR3([
              {
                ALT: () => {
                  const m = this.CONSUME(KW.Mean!);
                  return { kind: 'MeanOfOthers', span: this.RECORDING_PHASE ? DUMMY_SPAN : tokenSpan(m) } as A.MeanOfOthers;
                },
              },
              { ALT: () => this.SUBRULE(this.signedNumber) as A.Expr },
            ]);
            this.ACTION(() => {
              d.choices.push({ kind: 'SurveyChoice', name: this.optName(cn), label: this.str(cl), value, span: this.spanFrom(cs) });
            });
          },
        },
        {
          ALT: () => {
            const gs = this.CONSUME(KW.Group!);
            const gn = this.CONSUME3(T.Identifier);
            let gl: IToken | undefined;
            this.OPTION4(() => { gl = this.CONSUME3(T.StringLit); });
            this.CONSUME2(T.Colon);
            const weight = this.SUBRULE(this.expr);
            this.ACTION(() => {
              d.groups.push({ kind: 'SurveyGroup', name: this.optName(gn), label: this.str(gl), weight, span: this.spanFrom(gs) });
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.Rating!);
            const r = this.SUBRULE(this.rangeLit);
            this.ACTION(() => { d.rating = r; });
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.Scale!);
            const s = this.SUBRULE2(this.expr);
            this.ACTION(() => { d.scale = s; });
          },
        },
      ]);
      this.sep();
    });
    this.CONSUME(T.RBrace);
    d.name = this.optName(name);
    d.label = this.str(label);
    d.span = this.spanFrom(start);
    return d;
  });

  // --- rules --------------------------------------------------------------------------------

  private ruleDecl = this.RULE('ruleDecl', (): A.RuleDecl => {
    const start = this.CONSUME(KW.Rule!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    let subject: A.SubjectSpec | undefined;
    const clauses: A.RuleClause[] = [];
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.OPTION2(() => { subject = this.SUBRULE(this.subjectSpec); });
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const c = this.SUBRULE(this.ruleClause);
      this.ACTION(() => { if (c) clauses.push(c); });
      this.sep();
    });
    this.CONSUME(T.RBrace);
    return { kind: 'RuleDecl', name: this.optName(name), label: this.str(label), subject, clauses, override: false, span: this.spanFrom(start) };
  });

  private ruleClause = this.RULE('ruleClause', (): A.RuleClause => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.On!);
          const filter = this.SUBRULE(this.eventFilter);
          return { kind: 'OnClause', filter, span: this.spanFrom(start) } as A.RuleClause;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.When!);
          const condition = this.SUBRULE(this.expr);
          this.CONSUME(KW.Then!);
          const then = this.SUBRULE(this.consequences);
          return { kind: 'WhenClause', condition, then, span: this.spanFrom(start) } as A.RuleClause;
        },
      },
      {
        ALT: () => {
          this.CONSUME2(KW.Then!);
          const then = this.SUBRULE2(this.consequences);
          return { kind: 'ThenClause', then, span: this.spanFrom(start) } as A.RuleClause;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Otherwise!);
          const then = this.SUBRULE3(this.consequences);
          return { kind: 'OtherwiseClause', then, span: this.spanFrom(start) } as A.RuleClause;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Unless!);
          const condition = this.SUBRULE2(this.expr);
          return { kind: 'UnlessClause', condition, span: this.spanFrom(start) } as A.RuleClause;
        },
      },
      { ALT: () => this.SUBRULE(this.ladderClause) as A.RuleClause },
      { ALT: () => { this.CONSUME(KW.Retrigger!); return { kind: 'RetriggerClause', span: this.spanFrom(start) } as A.RuleClause; } },
      {
        ALT: () => {
          this.CONSUME(KW.Source!);
          const s = this.CONSUME(T.StringLit);
          return { kind: 'SourceClause', text: this.str(s), span: this.spanFrom(start) } as A.RuleClause;
        },
      },
    ]);
  });

  private ladderClause = this.RULE('ladderClause', (): A.LadderClause => {
    const start = this.CONSUME(KW.Ladder!);
    let window: A.Window | undefined;
    const steps: A.LadderStep[] = [];
    this.OPTION(() => {
      this.CONSUME(KW.Within!);
      window = this.SUBRULE(this.window);
    });
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const s = this.SUBRULE(this.ladderStep);
      this.ACTION(() => { if (s) steps.push(s); });
    });
    this.CONSUME(T.RBrace);
    return { kind: 'LadderClause', window, steps, span: this.spanFrom(start) };
  });

  private ladderStep = this.RULE('ladderStep', (): A.LadderStep => {
    const start = this.LA(1);
    let orMore = false;
    this.OPTION(() => this.CONSUME(KW.Ordinal!));
    const occurrence = this.SUBRULE(this.numberLit);
    this.OPTION2(() => {
      this.OR([{ ALT: () => this.CONSUME(KW.OrMore!) }, { ALT: () => this.CONSUME(KW.OrAbove!) }]);
      orMore = true;
    });
    this.CONSUME(T.Arrow);
    const then = this.SUBRULE(this.consequences);
    this.OPTION3(() => this.CONSUME(T.Semicolon));
    return { kind: 'LadderStep', occurrence, orMore, then, span: this.spanFrom(start) };
  });

  private consequences = this.RULE('consequences', (): A.Consequence[] => {
    const out: A.Consequence[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const c = this.SUBRULE(this.consequence);
        this.ACTION(() => { if (c) out.push(c); });
      },
    });
    return out;
  });

  /** Does the number at LA(k) begin a ladder step (`2 ->`, `2次 ->`, `3 及以上 ->`)? */
  private startsLadderStep(k: number): boolean {
    let t = this.LA(k + 1).tokenType;
    if (t === KW.Times) t = this.LA(k + 2).tokenType;
    return t === T.Arrow || t === KW.OrMore || t === KW.OrAbove;
  }

  /** `on head` / `on members` / `on all staff` / `on unit` (and not a following `on complaint` clause). */
  private targetAhead(): boolean {
    const t = this.LA(2).tokenType;
    return t === KW.Head || t === KW.Members || t === KW.AllStaff || t === KW.Unit;
  }

  private target = this.RULE('target', (): A.Target => {
    this.OR2([{ ALT: () => this.CONSUME(KW.On!) }, { ALT: () => this.CONSUME(KW.Upon!) }]);
    return this.OR([
      { ALT: () => this.SUBRULE(this.scope) },
      { ALT: () => { this.CONSUME(KW.Unit!); return 'unit' as A.Target; } },
    ]);
  });

  /** `head` / `members` / `all staff` (负责人 / 成员 / 全体人员). */
  private scope = this.RULE('scope', (): A.Scope =>
    this.OR([
      { ALT: () => { this.CONSUME(KW.Head!); return 'head' as A.Scope; } },
      { ALT: () => { this.CONSUME(KW.Members!); return 'members' as A.Scope; } },
      { ALT: () => { this.CONSUME(KW.AllStaff!); return 'staff' as A.Scope; } },
    ]),
  );

  private consequence = this.RULE('consequence', (): A.Consequence => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          const what = this.CONSUME(T.Identifier);
          let target: A.Target | undefined;
          this.OPTION({ GATE: () => this.targetAhead(), DEF: () => { target = this.SUBRULE(this.target); } });
          return { kind: 'Impose', what: this.optName(what), target, span: this.spanFrom(start) } as A.Consequence;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Ineligible!);
          const e = this.CONSUME2(T.Identifier);
          let target: A.Target | undefined;
          this.OPTION2({ GATE: () => this.targetAhead(), DEF: () => { target = this.SUBRULE2(this.target); } });
          return { kind: 'Ineligible', eligibility: this.optName(e), target, span: this.spanFrom(start) } as A.Consequence;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Grade!);
          return this.OR2([
            {
              ALT: () => {
                this.CONSUME(KW.AtMost!);
                const band = this.SUBRULE(this.bandRef);
                return { kind: 'GradeCap', band, span: this.spanFrom(start) } as A.Consequence;
              },
            },
            {
              ALT: () => {
                this.OR3([{ ALT: () => this.CONSUME(KW.SetTo!) }, { ALT: () => this.CONSUME(T.Eq) }]);
                const band = this.SUBRULE2(this.bandRef);
                return { kind: 'GradeSet', band, span: this.spanFrom(start) } as A.Consequence;
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(KW.SetTo!);
          const band = this.SUBRULE3(this.bandRef);
          return { kind: 'GradeSet', band, span: this.spanFrom(start) } as A.Consequence;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Downgrade!);
          let steps: A.NumberLit | undefined;
          let scale: IToken | undefined;
          // In a ladder, `1 -> downgrade` followed by `2 -> …`: the 2 starts the next step.
          this.OPTION3({ GATE: () => !this.startsLadderStep(1), DEF: () => { steps = this.SUBRULE(this.numberLit); } });
          this.OPTION4(() => { scale = this.CONSUME3(T.Identifier); });
          return { kind: 'Downgrade', steps, scale: this.optName(scale), span: this.spanFrom(start) } as A.Consequence;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Veto!);
          let scale: IToken | undefined;
          this.OPTION5(() => { scale = this.CONSUME4(T.Identifier); });
          return { kind: 'Veto', scale: this.optName(scale), span: this.spanFrom(start) } as A.Consequence;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Decide!);
          const attr = this.CONSUME5(T.Identifier);
          return { kind: 'Decide', attr: this.optName(attr), span: this.spanFrom(start) } as A.Consequence;
        },
      },
    ]);
  });

  private bandRef = this.RULE('bandRef', (): A.BandRef => {
    const first = this.CONSUME(T.Identifier);
    let second: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      second = this.CONSUME2(T.Identifier);
    });
    const span = this.spanFrom(first);
    if (second) return { kind: 'BandRef', scale: this.optName(first), band: this.optName(second), span };
    return { kind: 'BandRef', band: this.optName(first), span };
  });

  private eventFilter = this.RULE('eventFilter', (): A.EventFilter => {
    const event = this.CONSUME(T.Identifier);
    let of: A.Scope | undefined;
    let where: A.Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(KW.Of!);
      of = this.SUBRULE(this.scope);
    });
    this.OPTION2(() => {
      this.CONSUME(KW.Where!);
      where = this.SUBRULE(this.expr);
    });
    return { kind: 'EventFilter', event: this.optName(event), ...(of ? { of } : {}), where, span: this.spanFrom(event) };
  });

  private window = this.RULE('window', (): A.Window => {
    const start = this.LA(1);
    const w = this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.CalendarWindowKw);
          const unit = t.tokenType === KW.CalendarMonth ? 'month' : t.tokenType === KW.CalendarQuarter ? 'quarter' : t.tokenType === KW.CalendarHalfYear ? 'half' : 'year';
          return { kind: 'CalendarWindow', unit, span: DUMMY_SPAN } as A.Window;
        },
      },
      { ALT: () => { this.CONSUME(KW.Period!); return { kind: 'PeriodWindow', span: DUMMY_SPAN } as A.Window; } },
      { ALT: () => { this.CONSUME(KW.AllRecords!); return { kind: 'AllRecordsWindow', span: DUMMY_SPAN } as A.Window; } },
      {
        ALT: () => {
          this.CONSUME(KW.Rolling!);
          const length = this.SUBRULE(this.windowLength);
          return { kind: 'RollingWindow', length, span: DUMMY_SPAN } as A.Window;
        },
      },
      {
        ALT: () => {
          const length = this.SUBRULE2(this.windowLength);
          this.CONSUME(KW.After!);
          const anchor = this.CONSUME(T.Identifier);
          return { kind: 'AnchoredWindow', length, anchor: this.optName(anchor), span: DUMMY_SPAN } as A.Window;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Since!);
          const anchor = this.CONSUME2(T.Identifier);
          this.OPTION(() => this.CONSUME(KW.Onwards!));
          const length = this.SUBRULE3(this.windowLength);
          return { kind: 'AnchoredWindow', length, anchor: this.optName(anchor), span: DUMMY_SPAN } as A.Window;
        },
      },
    ]);
    this.OPTION2(() => this.CONSUME(KW.Inside!));
    if (this.RECORDING_PHASE || !w) return w;
    return { ...w, span: this.spanFrom(start) };
  });

  // --- scores -------------------------------------------------------------------------------

  private scoreDecl = this.RULE('scoreDecl', (): A.ScoreDecl => {
    const start = this.CONSUME(KW.Score!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    let subject: A.SubjectSpec | undefined;
    const items: A.ScoreItem[] = [];
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.OPTION2(() => { subject = this.SUBRULE(this.subjectSpec); });
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const it = this.SUBRULE(this.scoreItem);
      this.ACTION(() => { if (it) items.push(it); });
      this.sep();
    });
    this.CONSUME(T.RBrace);
    return { kind: 'ScoreDecl', name: this.optName(name), label: this.str(label), subject, items, override: false, span: this.spanFrom(start) };
  });

  private roundItem = this.RULE('roundItem', (): A.RoundItem => {
    const start = this.CONSUME(KW.Round!);
    const m = this.CONSUME(T.RoundingKw);
    const places = this.SUBRULE(this.numberLit);
    return { kind: 'RoundItem', mode: ROUNDING_OF_TOKEN[m.tokenType?.name ?? ''], places, span: this.spanFrom(start) };
  });

  private scoreItem = this.RULE('scoreItem', (): A.ScoreItem => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.Base!);
          const value = this.SUBRULE(this.expr);
          return { kind: 'BaseItem', value, span: this.spanFrom(start) } as A.ScoreItem;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Value!);
          const value = this.SUBRULE2(this.expr);
          return { kind: 'ValueItem', value, span: this.spanFrom(start) } as A.ScoreItem;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Weighted!);
          this.CONSUME(T.LBrace);
          const entries: A.WeightEntry[] = [];
          this.MANY(() => {
            const es = this.LA(1);
            const value = this.SUBRULE3(this.expr);
            this.CONSUME(T.Colon);
            const weight = this.SUBRULE4(this.expr);
            this.ACTION(() => { entries.push({ kind: 'WeightEntry', value, weight, span: this.spanFrom(es) }); });
            this.sep();
          });
          this.CONSUME(T.RBrace);
          return { kind: 'WeightedItem', entries, span: this.spanFrom(start) } as A.ScoreItem;
        },
      },
      {
        ALT: () => {
          const t = this.OR2([{ ALT: () => this.CONSUME(KW.Deduct!) }, { ALT: () => this.CONSUME(KW.Add!) }]);
          const item: Mutable<A.AdjustItem> = { kind: 'AdjustItem', sign: 'deduct', span: DUMMY_SPAN };
          item.amount = this.SUBRULE5(this.expr);
          this.OPTION(() => {
            this.CONSUME(KW.Per!);
            item.per = this.SUBRULE(this.eventFilter);
            this.OPTION2(() => {
              this.CONSUME(KW.Within!);
              item.window = this.SUBRULE(this.window);
            });
          });
          this.OPTION3(() => {
            this.CONSUME(KW.Cap!);
            item.cap = this.SUBRULE6(this.expr);
          });
          this.OPTION4(() => {
            this.CONSUME(KW.Unless!);
            item.unless = this.SUBRULE7(this.expr);
          });
          item.sign = t.tokenType === KW.Add ? 'add' : 'deduct';
          item.span = this.spanFrom(start);
          return item;
        },
      },
      {
        ALT: () => {
          const t = this.OR3([{ ALT: () => this.CONSUME(KW.Deductions!) }, { ALT: () => this.CONSUME(KW.Additions!) }]);
          this.CONSUME2(KW.Cap!);
          const cap = this.SUBRULE8(this.expr);
          return { kind: 'TotalCapItem', which: t.tokenType === KW.Additions ? 'additions' : 'deductions', cap, span: this.spanFrom(start) } as A.ScoreItem;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Clamp!);
          const low = this.SUBRULE(this.signedNumber);
          this.CONSUME(T.DotDot);
          const high = this.SUBRULE2(this.signedNumber);
          return { kind: 'ClampItem', low, high, span: this.spanFrom(start) } as A.ScoreItem;
        },
      },
      { ALT: () => this.SUBRULE(this.roundItem) as A.ScoreItem },
    ]);
  });

  // --- grades, quotas, deadlines ---------------------------------------------------------------

  private gradesDecl = this.RULE('gradesDecl', (): A.GradesDecl => {
    const start = this.CONSUME(KW.Grades!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.CONSUME(KW.By!);
    const score = this.CONSUME2(T.Identifier);
    const bands: A.Band[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const b = this.SUBRULE(this.band);
      this.ACTION(() => { if (b) bands.push(b); });
    });
    this.CONSUME(T.RBrace);
    return { kind: 'GradesDecl', name: this.optName(name), label: this.str(label), score: this.optName(score), bands, override: false, span: this.spanFrom(start) };
  });

  private band = this.RULE('band', (): A.Band => {
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    const bounds: A.Bound[] = [];
    const push = (b: A.Bound): void => {
      this.ACTION(() => bounds.push(b));
    };
    this.AT_LEAST_ONE_SEP({
      SEP: KW.And!,
      DEF: () => {
        const bs = this.LA(1);
        this.OR([
          {
            ALT: () => {
              const op = this.CONSUME(T.InfixCmp);
              const v = this.SUBRULE(this.numberLit);
              push({ kind: 'Bound', op: COMPARE_OF_TOKEN[op.tokenType?.name ?? ''] ?? '>=', value: v, span: this.spanFrom(bs) });
            },
          },
          {
            // `76 .. 89`, `76 至 89` (closed), `80 ..< 90` (half-open), or `90 以上` (postfix)
            ALT: () => {
              const low = this.SUBRULE2(this.numberLit);
              this.OR2([
                {
                  ALT: () => {
                    const op = this.OR3([{ ALT: () => this.CONSUME(T.DotDot) }, { ALT: () => this.CONSUME(KW.To!) }, { ALT: () => this.CONSUME(T.DotDotLt) }]);
                    const high = this.SUBRULE3(this.numberLit);
                    push({ kind: 'Bound', op: '>=', value: low, span: low?.span ?? DUMMY_SPAN });
                    push({ kind: 'Bound', op: op.tokenType === T.DotDotLt ? '<' : '<=', value: high, span: high?.span ?? DUMMY_SPAN });
                  },
                },
                {
                  ALT: () => {
                    const p = this.CONSUME(T.PostfixCmp);
                    push({ kind: 'Bound', op: COMPARE_OF_TOKEN[p.tokenType?.name ?? ''] ?? '>=', value: low, span: this.spanFrom(bs) });
                  },
                },
              ]);
            },
          },
        ]);
      },
    });
    this.sep();
    return { kind: 'Band', name: this.optName(name), label: this.str(label), bounds, span: this.spanFrom(name) };
  });

  private quotaDecl = this.RULE('quotaDecl', (): A.QuotaDecl => {
    const start = this.CONSUME(KW.Quota!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    const d: Mutable<A.QuotaDecl> = { kind: 'QuotaDecl', override: false, then: [], span: DUMMY_SPAN };
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.OPTION2(() => { const s = this.SUBRULE(this.subjectSpec); this.ACTION(() => { d.subject = s; }); });
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(KW.Pool!); const e = this.SUBRULE(this.expr); this.ACTION(() => { d.pool = e; }); } },
        { ALT: () => { this.CONSUME(KW.Share!); const e = this.SUBRULE2(this.expr); this.ACTION(() => { d.share = e; }); } },
        { ALT: () => { this.CONSUME(KW.By!); const b = this.CONSUME2(T.Identifier); this.ACTION(() => { d.by = this.optName(b); }); } },
        {
          ALT: () => {
            const t = this.CONSUME(KW.Ties!);
            const ties = this.OR2([
              { ALT: () => { this.CONSUME(KW.AllIn!); return { rule: 'allIn' as const, by: undefined }; } },
              { ALT: () => { this.CONSUME(KW.AllOut!); return { rule: 'allOut' as const, by: undefined }; } },
              { ALT: () => { this.CONSUME2(KW.By!); const b = this.CONSUME3(T.Identifier); return { rule: 'by' as const, by: this.optName(b) }; } },
            ]);
            this.ACTION(() => { d.ties = { kind: 'QuotaTies', rule: ties.rule, ...(ties.by ? { by: ties.by } : {}), span: this.spanFrom(t) }; });
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.Round!);
            const m = this.CONSUME(T.RoundingKw);
            this.ACTION(() => { d.rounding = ROUNDING_OF_TOKEN[m.tokenType?.name ?? '']; });
          },
        },
        { ALT: () => { this.CONSUME(KW.Then!); const c = this.SUBRULE(this.consequences); this.ACTION(() => { d.then.push(...(c ?? [])); }); } },
      ]);
      this.sep();
    });
    this.CONSUME(T.RBrace);
    d.name = this.optName(name);
    d.label = this.str(label);
    d.span = this.spanFrom(start);
    return d;
  });

  private deadlineDecl = this.RULE('deadlineDecl', (): A.DeadlineDecl => {
    const start = this.CONSUME(KW.Deadline!);
    const name = this.CONSUME(T.Identifier);
    let label: IToken | undefined;
    const d: Mutable<A.DeadlineDecl> = { kind: 'DeadlineDecl', override: false, ifMissing: [], deemedOverdue: [], unless: [], then: [], when: [], span: DUMMY_SPAN };
    this.OPTION(() => { label = this.CONSUME(T.StringLit); });
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(KW.On!); const f = this.SUBRULE(this.eventFilter); this.ACTION(() => { d.on = f; }); } },
        {
          ALT: () => {
            this.CONSUME(KW.From!);
            const t = this.CONSUME2(T.Identifier);
            this.ACTION(() => { d.from = this.optName(t); });
            // `缺失时 X 缺失时 事件日期 | 未起算`: what a missing start means, in order
            this.MANY2(() => {
              const m = this.CONSUME(KW.IfMissing!);
              const fb = this.OR3([
                { ALT: () => { const a = this.CONSUME6(T.Identifier); return { kind: 'attr', name: this.optName(a)!, span: this.spanFrom(m) } as A.DeadlineFallback; } },
                { ALT: () => { this.CONSUME(KW.EventDate!); return { kind: 'eventDate', span: this.spanFrom(m) } as A.DeadlineFallback; } },
                { ALT: () => { this.CONSUME(KW.NotStarted!); return { kind: 'notStarted', span: this.spanFrom(m) } as A.DeadlineFallback; } },
              ]);
              this.ACTION(() => { if (fb) d.ifMissing.push(fb); });
            });
          },
        },
        { ALT: () => { this.CONSUME(KW.Limit!); const e = this.SUBRULE(this.expr); this.ACTION(() => { d.limit = e; }); } },
        {
          ALT: () => {
            this.CONSUME(KW.StartDay!);
            this.OR2([
              { ALT: () => { this.CONSUME(KW.Counted!); d.startDay = 'counted'; } },
              { ALT: () => { this.CONSUME(KW.Excluded!); d.startDay = 'excluded'; } },
            ]);
          },
        },
        { ALT: () => { this.CONSUME(KW.Pause!); const t = this.CONSUME3(T.Identifier); this.ACTION(() => { d.pause = this.optName(t); }); } },
        {
          ALT: () => {
            const es = this.CONSUME(KW.Extend!);
            const by = this.SUBRULE2(this.expr);
            this.CONSUME(KW.Filed!);
            const filed = this.CONSUME4(T.Identifier);
            this.ACTION(() => { d.extend = { by, filed: this.optName(filed), span: this.spanFrom(es) }; });
          },
        },
        { ALT: () => { this.CONSUME(KW.Done!); const t = this.CONSUME5(T.Identifier); this.ACTION(() => { d.done = this.optName(t); }); } },
        { ALT: () => { this.CONSUME(KW.DeemedOverdue!); const e = this.SUBRULE3(this.expr); this.ACTION(() => { if (e) d.deemedOverdue.push(e); }); } },
        {
          // `due date rolls over` / `due date does not roll` (到期日 顺延 / 到期日 不顺延)
          ALT: () => {
            const r = this.CONSUME(KW.DueDate!);
            const value = this.OR4([
              { ALT: () => { this.CONSUME(KW.RollsOver!); return 'rolls' as const; } },
              { ALT: () => { this.CONSUME(KW.NoRollover!); return 'fixed' as const; } },
            ]);
            this.ACTION(() => { d.rollover = { value, span: this.spanFrom(r) }; });
          },
        },
        { ALT: () => { this.CONSUME(KW.Unless!); const e = this.SUBRULE4(this.expr); this.ACTION(() => { if (e) d.unless.push(e); }); } },
        {
          ALT: () => {
            const w = this.CONSUME(KW.When!);
            const condition = this.SUBRULE5(this.expr);
            this.CONSUME2(KW.Then!);
            const then = this.SUBRULE2(this.consequences);
            this.ACTION(() => { d.when.push({ kind: 'WhenClause', condition, then: then ?? [], span: this.spanFrom(w) }); });
          },
        },
        { ALT: () => { this.CONSUME(KW.Then!); const c = this.SUBRULE(this.consequences); this.ACTION(() => { d.then.push(...(c ?? [])); }); } },
      ]);
      this.sep();
    });
    this.CONSUME(T.RBrace);
    d.name = this.optName(name);
    d.label = this.str(label);
    d.span = this.spanFrom(start);
    return d;
  });

  // --- expressions -------------------------------------------------------------------------

  public expr = this.RULE('expr', (): A.Expr => this.SUBRULE(this.orExpr));

  private binaryChain(
    start: IToken,
    first: A.Expr,
    rest: { op: A.Binary['op']; right: A.Expr }[],
  ): A.Expr {
    let left = first;
    if (this.RECORDING_PHASE) return left;
    for (const r of rest) {
      left = { kind: 'Binary', op: r.op, left, right: r.right, span: this.spanFrom(start) };
    }
    return left;
  }

  private orExpr = this.RULE('orExpr', (): A.Expr => {
    const start = this.LA(1);
    const first = this.SUBRULE(this.andExpr);
    const rest: { op: A.Binary['op']; right: A.Expr }[] = [];
    this.MANY(() => {
      this.CONSUME(KW.Or!);
      const right = this.SUBRULE2(this.andExpr);
      this.ACTION(() => rest.push({ op: 'or', right }));
    });
    return this.binaryChain(start, first, rest);
  });

  private andExpr = this.RULE('andExpr', (): A.Expr => {
    const start = this.LA(1);
    const first = this.SUBRULE(this.notExpr);
    const rest: { op: A.Binary['op']; right: A.Expr }[] = [];
    this.MANY(() => {
      this.CONSUME(KW.And!);
      const right = this.SUBRULE2(this.notExpr);
      this.ACTION(() => rest.push({ op: 'and', right }));
    });
    return this.binaryChain(start, first, rest);
  });

  private notExpr = this.RULE('notExpr', (): A.Expr => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.Not!);
          const operand = this.SUBRULE(this.notExpr);
          return { kind: 'Not', operand, span: this.spanFrom(start) } as A.Expr;
        },
      },
      { ALT: () => this.SUBRULE(this.cmpExpr) },
    ]);
  });

  private cmpExpr = this.RULE('cmpExpr', (): A.Expr => {
    const start = this.LA(1);
    const left = this.SUBRULE(this.addExpr);
    let result: A.Expr = left;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            const op = this.CONSUME(T.InfixCmp);
            const right = this.SUBRULE2(this.addExpr);
            this.ACTION(() => {
              result = { kind: 'Compare', op: COMPARE_OF_TOKEN[op.tokenType.name] ?? '=', left, right, span: this.spanFrom(start) };
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.In!);
            this.CONSUME(T.LParen);
            const set: A.Name[] = [];
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => {
                const n = this.CONSUME(T.Identifier);
                this.ACTION(() => set.push(this.nameOf(n)));
              },
            });
            this.CONSUME(T.RParen);
            this.ACTION(() => {
              result = { kind: 'InSet', value: left, set, span: this.spanFrom(start) };
            });
          },
        },
        {
          // Chinese order: `count(投诉) 3次以上` (the number comes before 以上/以下/以内); `半年以上`
          ALT: () => {
            const right = this.SUBRULE(this.windowLength);
            const op = this.CONSUME(T.PostfixCmp);
            this.ACTION(() => {
              result = { kind: 'Compare', op: COMPARE_OF_TOKEN[op.tokenType.name] ?? '>=', left, right, span: this.spanFrom(start) };
            });
          },
        },
      ]);
    });
    return result;
  });

  private addExpr = this.RULE('addExpr', (): A.Expr => {
    const start = this.LA(1);
    const first = this.SUBRULE(this.mulExpr);
    const rest: { op: A.Binary['op']; right: A.Expr }[] = [];
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      const right = this.SUBRULE2(this.mulExpr);
      this.ACTION(() => rest.push({ op: op.tokenType === T.Plus ? '+' : '-', right }));
    });
    return this.binaryChain(start, first, rest);
  });

  private mulExpr = this.RULE('mulExpr', (): A.Expr => {
    const start = this.LA(1);
    const first = this.SUBRULE(this.unaryExpr);
    const rest: { op: A.Binary['op']; right: A.Expr }[] = [];
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      const right = this.SUBRULE2(this.unaryExpr);
      this.ACTION(() => rest.push({ op: op.tokenType === T.Star ? '*' : '/', right }));
    });
    return this.binaryChain(start, first, rest);
  });

  private unaryExpr = this.RULE('unaryExpr', (): A.Expr => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          const operand = this.SUBRULE(this.unaryExpr);
          return { kind: 'Neg', operand, span: this.spanFrom(start) } as A.Expr;
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  /** A number with an optional unit: `15 days`, `3次`, `50%`. */
  private numberLit = this.RULE('numberLit', (): A.NumberLit => {
    const n = this.CONSUME(T.NumberLit);
    let unit: A.Unit | undefined;
    this.OPTION(() => { unit = this.SUBRULE(this.unitRef); });
    // A number inserted by error recovery has no digits: it is missing, not zero.
    if (!this.RECORDING_PHASE && (!isRealToken(n) || !/^\d/.test(n.image ?? ''))) return undefined as unknown as A.NumberLit;
    return { kind: 'Number', text: n.image, unit, span: this.spanFrom(n) };
  });

  /** A window's length: a number with its unit, or `半年` / `half a year` (six calendar months). */
  private windowLength = this.RULE('windowLength', (): A.NumberLit => {
    return this.OR([{ ALT: () => this.SUBRULE(this.numberLit) }, { ALT: () => this.SUBRULE(this.halfYear) }]);
  });

  /** `半年` / `half a year`: six calendar months, spanning the word. */
  private halfYear = this.RULE('halfYear', (): A.NumberLit => {
    const t = this.CONSUME(KW.HalfYear!);
    if (!this.RECORDING_PHASE && !isRealToken(t)) return undefined as unknown as A.NumberLit;
    return { kind: 'Number', text: '6', unit: 'months', span: this.spanFrom(t) };
  });

  private signedNumber = this.RULE('signedNumber', (): A.Expr => {
    const start = this.LA(1);
    let neg = false;
    this.OPTION(() => { this.CONSUME(T.Minus); neg = true; });
    const n = this.SUBRULE(this.numberLit);
    if (!neg || this.RECORDING_PHASE) return n;
    return { kind: 'Neg', operand: n, span: this.spanFrom(start) };
  });

  private primary = this.RULE('primary', (): A.Expr => {
    const start = this.LA(1);
    return this.OR([
      { ALT: () => this.SUBRULE(this.numberLit) as A.Expr },
      { ALT: () => this.SUBRULE2(this.halfYear) as A.Expr },
      {
        ALT: () => {
          const t = this.CONSUME(T.DateLit);
          if (!this.RECORDING_PHASE && !isRealToken(t)) return undefined as unknown as A.Expr;
          return { kind: 'Date', text: t.image, span: this.spanFrom(start) } as A.Expr;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.StringLit);
          return { kind: 'StringExpr', value: this.RECORDING_PHASE ? '' : t.image.slice(1, -1), span: this.spanFrom(start) } as A.Expr;
        },
      },
      { ALT: () => { this.CONSUME(KW.True!); return { kind: 'Bool', value: true, span: this.spanFrom(start) } as A.Expr; } },
      { ALT: () => { this.CONSUME(KW.False!); return { kind: 'Bool', value: false, span: this.spanFrom(start) } as A.Expr; } },
      { ALT: () => { this.CONSUME(KW.Last!); return { kind: 'Last', span: this.spanFrom(start) } as A.Expr; } },
      { ALT: () => { this.CONSUME(KW.DueDate!); return { kind: 'DueDate', span: this.spanFrom(start) } as A.Expr; } },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const e = this.SUBRULE(this.expr);
          this.CONSUME(T.RParen);
          if (this.RECORDING_PHASE || !e) return e;
          return { ...e, span: this.spanFrom(start) };
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Count!);
          this.CONSUME2(T.LParen);
          const filter = this.SUBRULE(this.eventFilter);
          let window: A.Window | undefined;
          this.OPTION(() => {
            this.CONSUME(KW.Within!);
            window = this.SUBRULE(this.window);
          });
          this.CONSUME2(T.RParen);
          return { kind: 'Count', filter, window, span: this.spanFrom(start) } as A.Expr;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.Sum!);
          this.CONSUME3(T.LParen);
          const attr = this.CONSUME(T.Identifier);
          this.CONSUME(KW.Of!);
          const filter = this.SUBRULE2(this.eventFilter);
          let window: A.Window | undefined;
          this.OPTION2(() => {
            this.CONSUME2(KW.Within!);
            window = this.SUBRULE2(this.window);
          });
          this.CONSUME3(T.RParen);
          return { kind: 'Sum', attr: this.optName(attr), filter, window, span: this.spanFrom(start) } as A.Expr;
        },
      },
      {
        ALT: () => {
          const fnTok = this.OR2([
            { ALT: () => this.CONSUME(KW.Min!) },
            { ALT: () => this.CONSUME(KW.Max!) },
            { ALT: () => this.CONSUME(KW.Mean!) },
            { ALT: () => this.CONSUME(KW.Grade!) },
            { ALT: () => this.CONSUME(KW.RankOf!) },
            { ALT: () => this.CONSUME(KW.Eligible!) },
          ]);
          this.CONSUME4(T.LParen);
          const args: A.Expr[] = [];
          this.MANY_SEP({
            SEP: T.Comma,
            DEF: () => {
              const a = this.SUBRULE2(this.expr);
              this.ACTION(() => { if (a) args.push(a); });
            },
          });
          this.CONSUME4(T.RParen);
          const fn = (
            { Min: 'min', Max: 'max', Mean: 'mean', Grade: 'grade', RankOf: 'ranking', Eligible: 'eligible' } as Record<string, A.Call['fn']>
          )[fnTok.tokenType?.name ?? ''] ?? 'min';
          return { kind: 'Call', fn, args, span: this.spanFrom(start) } as A.Expr;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.By!);
          const attr = this.CONSUME2(T.Identifier);
          this.CONSUME(T.LBrace);
          const entries: { key?: A.Name; value?: A.Expr; span: A.Span }[] = [];
          this.MANY2(() => {
            const k = this.CONSUME3(T.Identifier);
            this.CONSUME(T.Colon);
            const v = this.SUBRULE3(this.expr);
            this.ACTION(() => entries.push({ key: this.optName(k), value: v, span: this.spanFrom(k) }));
            this.sep();
          });
          this.CONSUME(T.RBrace);
          return { kind: 'Lookup', attr: this.optName(attr), entries, span: this.spanFrom(start) } as A.Expr;
        },
      },
      {
        // `人员.窗口工作人员`, `单位.下属单位`: the subject's attribute, named explicitly
        ALT: () => {
          const k = this.OR3([{ ALT: () => this.CONSUME2(KW.Person!) }, { ALT: () => this.CONSUME2(KW.Unit!) }]);
          this.CONSUME2(T.Dot);
          const n = this.CONSUME6(T.Identifier);
          const subject: A.SubjectKind = k.tokenType === KW.Unit ? 'unit' : 'person';
          return { kind: 'NameRef', name: this.nameOf(n), subject, span: this.spanFrom(start) } as A.Expr;
        },
      },
      {
        ALT: () => {
          const n = this.CONSUME4(T.Identifier);
          let member: IToken | undefined;
          this.OPTION3(() => {
            this.CONSUME(T.Dot);
            member = this.CONSUME5(T.Identifier);
          });
          return { kind: 'NameRef', name: this.nameOf(n), member: this.optName(member), span: this.spanFrom(start) } as A.Expr;
        },
      },
    ]);
  });
}

let shared: KaopingParser | undefined;
/** The one parser instance, reused (`parser.input = tokens`). */
export function sharedParser(): KaopingParser {
  shared ??= new KaopingParser();
  return shared;
}
