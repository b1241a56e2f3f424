// Builds query-api nodes for the parser's embedded actions: spans from tokens, literal
// conversion (int/long ranges, floats, strings, time constants) and the structural checks
// Siddhi's own visitor makes. Problems become diagnostics, never exceptions.

import type { IToken, TokenType } from 'chevrotain';
import type {
  AbsentState,
  Annotation,
  AttributeType,
  BinaryOperator,
  Constant,
  Expression,
  IsNull,
  IsNullStream,
  LogicalState,
  Span,
  StateElement,
  StreamIndex,
  StreamState,
  TimeConstant,
  TimePart,
  TimeUnit,
  Variable,
} from '../query-api/index.js';
import { NO_SPAN, TIME_UNIT_MILLIS } from '../query-api/index.js';
import { syntaxMessages } from '../errors/messages.js';
import type { Diagnostic } from './diagnostic.js';
import { tokenSpan } from './lexer.js';
import * as T from './tokens.js';

/** `#S`, `!S` or `S` as written in a source position. */
export interface SourceRef {
  readonly id: string;
  readonly inner: boolean;
  readonly fault: boolean;
  readonly span: Span;
}

/** `#S[0]`, `e1[last].price`, `price` before it is known to be a variable or a stream check. */
export interface RawReference {
  readonly span: Span;
  readonly inner: boolean;
  readonly fault: boolean;
  readonly name: string;
  readonly index?: StreamIndex;
  readonly attribute?: string;
}

const INT_MAX = 2147483647n;
const LONG_MAX = 9223372036854775807n;

const UNIT_BY_TOKEN = new Map<TokenType, TimeUnit>([
  [T.Years, 'year'],
  [T.Months, 'month'],
  [T.Weeks, 'week'],
  [T.Days, 'day'],
  [T.Hours, 'hour'],
  [T.Minutes, 'min'],
  [T.Seconds, 'sec'],
  [T.Milliseconds, 'millisec'],
]);
const UNIT_RANK: Readonly<Record<TimeUnit, number>> = {
  year: 8,
  month: 7,
  week: 6,
  day: 5,
  hour: 4,
  min: 3,
  sec: 2,
  millisec: 1,
};

const TYPE_BY_TOKEN = new Map<TokenType, AttributeType>([
  [T.StringKw, 'string'],
  [T.IntKw, 'int'],
  [T.LongKw, 'long'],
  [T.FloatKw, 'float'],
  [T.DoubleKw, 'double'],
  [T.BoolKw, 'bool'],
  [T.ObjectKw, 'object'],
]);

/** The name a token spells: backticks of quoted identifiers are removed. */
export function nameOf(token: IToken): string {
  return token.tokenType === T.QuotedIdentifier ? token.image.slice(1, -1) : token.image;
}

/** The span covering two spans (or tokens). */
export function join(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

/** Java-style unescaping of triple-quoted strings (`\n`, `\t`, `\uXXXX`, octal, …). */
function unescapeJava(text: string): string {
  return text.replace(/\\(u+[0-9a-fA-F]{4}|[0-3]?[0-7]{1,2}|[btnfr"'\\])/g, (_m, esc: string) => {
    switch (esc[0]) {
      case 'b':
        return '\b';
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'f':
        return '\f';
      case 'r':
        return '\r';
      case 'u':
        return String.fromCharCode(parseInt(esc.replace(/^u+/, ''), 16));
      case '"':
      case "'":
      case '\\':
        return esc;
      default:
        return String.fromCharCode(parseInt(esc, 8));
    }
  });
}

/** Collects what the parser's actions produce: diagnostics and the streams in scope. */
export class AstBuilder {
  diagnostics: Diagnostic[] = [];
  /** Streams, aliases and event references of the query being parsed (`is null` resolution). */
  activeStreams = new Set<string>();

  reset(): void {
    this.diagnostics = [];
    this.activeStreams.clear();
  }

  error(code: keyof typeof syntaxMessages, message: string, span: Span): void {
    this.diagnostics.push({ severity: 'error', code, message, span });
  }

  span(first: IToken, last: IToken): Span {
    return tokenSpan(first, last);
  }

  /** A zero-width span just before `token` (for implied nodes such as a missing `select`). */
  before(token: IToken): Span {
    const at = {
      offset: token.startOffset,
      line: token.startLine ?? 1,
      column: token.startColumn ?? 1,
    };
    return { start: at, end: at };
  }

  string(token: IToken): string {
    if (token.tokenType === T.TripleString) return unescapeJava(token.image.slice(3, -3));
    return token.image.slice(1, -1);
  }

  attributeType(token: IToken): AttributeType {
    return TYPE_BY_TOKEN.get(token.tokenType) ?? 'object';
  }

  timeUnit(token: IToken): TimeUnit {
    return UNIT_BY_TOKEN.get(token.tokenType) ?? 'sec';
  }

  /** `1 min 30 sec`: units must descend, each at most once (as Siddhi's grammar orders them). */
  time(parts: readonly (readonly [IToken, IToken])[]): TimeConstant {
    const out: TimePart[] = [];
    let millis = 0;
    let lastRank = 99;
    for (const [valueToken, unitToken] of parts) {
      const unit = this.timeUnit(unitToken);
      const value = Number(valueToken.image);
      if (UNIT_RANK[unit] >= lastRank) {
        this.error(
          'E_TIME_UNIT_ORDER',
          syntaxMessages.E_TIME_UNIT_ORDER(unitToken.image),
          this.span(unitToken, unitToken),
        );
      }
      lastRank = UNIT_RANK[unit];
      out.push({ value, unit });
      millis += value * TIME_UNIT_MILLIS[unit];
    }
    const first = parts[0];
    const last = parts[parts.length - 1];
    const span = first !== undefined && last !== undefined ? this.span(first[0], last[1]) : NO_SPAN;
    return { kind: 'time', parts: out, millis, span };
  }

  /** A numeric literal, optionally preceded by a sign token. */
  number(sign: IToken | undefined, token: IToken): Constant {
    const span = this.span(sign ?? token, token);
    const negative = sign?.image === '-';
    const type = token.tokenType;
    const digits = token.image;
    if (type === T.IntLiteral || type === T.LongLiteral) {
      const isLong = type === T.LongLiteral;
      const body = isLong ? digits.slice(0, -1) : digits;
      const big = BigInt(body);
      const max = isLong ? LONG_MAX : INT_MAX;
      if (big > max + (negative ? 1n : 0n)) {
        const text = (negative ? '-' : '') + digits;
        if (isLong)
          this.error('E_LONG_OUT_OF_RANGE', syntaxMessages.E_LONG_OUT_OF_RANGE(text), span);
        else this.error('E_INT_OUT_OF_RANGE', syntaxMessages.E_INT_OUT_OF_RANGE(text), span);
      }
      const value = Number(body) * (negative ? -1 : 1);
      return { kind: 'constant', type: isLong ? 'long' : 'int', value, span };
    }
    const isFloat = type === T.FloatLiteral;
    const hasSuffix = /[fFdD]$/.test(digits);
    const parsed = Number(hasSuffix ? digits.slice(0, -1) : digits) * (negative ? -1 : 1);
    return {
      kind: 'constant',
      type: isFloat ? 'float' : 'double',
      value: isFloat ? Math.fround(parsed) : parsed,
      span,
    };
  }

  /** `e1[0].price` as a variable, or an error when the attribute name is missing. */
  variable(ref: RawReference): Variable {
    if (ref.attribute === undefined) {
      if (ref.inner || ref.fault || ref.index !== undefined) {
        this.error(
          'E_UNEXPECTED_TOKEN',
          syntaxMessages.E_UNEXPECTED_TOKEN(`'${ref.name}'`, [
            "'.' and an attribute name",
            "'is null'",
          ]),
          ref.span,
        );
      }
      return { kind: 'variable', attribute: ref.name, span: ref.span };
    }
    const variable: {
      -readonly [K in keyof Variable]: Variable[K];
    } = { kind: 'variable', stream: ref.name, attribute: ref.attribute, span: ref.span };
    if (ref.index !== undefined) variable.streamIndex = ref.index;
    if (ref.inner) variable.inner = true;
    if (ref.fault) variable.fault = true;
    return variable;
  }

  /**
   * `x is null`: a stream check when `x` is indexed or names a stream or event in scope (as
   * Siddhi decides); otherwise an attribute check.
   */
  isNull(ref: RawReference, span: Span): IsNull | IsNullStream {
    if (ref.attribute === undefined) {
      const key = (ref.inner ? '#' : ref.fault ? '!' : '') + ref.name;
      // An index (`e2[last] is null`) can only qualify a stream or event reference.
      if (ref.inner || ref.index !== undefined || this.activeStreams.has(key)) {
        const node: { -readonly [K in keyof IsNullStream]: IsNullStream[K] } = {
          kind: 'isNullStream',
          stream: ref.name,
          span,
        };
        if (ref.index !== undefined) node.streamIndex = ref.index;
        if (ref.inner) node.inner = true;
        if (ref.fault) node.fault = true;
        return node;
      }
      return {
        kind: 'isNull',
        operand: { kind: 'variable', attribute: ref.name, span: ref.span },
        span,
      };
    }
    return { kind: 'isNull', operand: this.variable(ref), span };
  }

  binary(op: BinaryOperator, left: Expression, right: Expression): Expression {
    return { kind: 'binary', op, left, right, span: join(left.span, right.span) };
  }

  /** `limit` / `offset` take constants only. */
  constant(clause: string, expression: Expression): Expression {
    if (expression.kind !== 'constant') {
      this.error('E_NOT_CONSTANT', syntaxMessages.E_NOT_CONSTANT(clause), expression.span);
    }
    return expression;
  }

  source(ref: SourceRef): void {
    this.activeStreams.add((ref.inner ? '#' : ref.fault ? '!' : '') + ref.id);
  }

  noInnerOrFault(ref: SourceRef, what: string): void {
    if (ref.inner || ref.fault) {
      this.error(
        'E_INNER_OR_FAULT_DEFINITION',
        syntaxMessages.E_INNER_OR_FAULT_DEFINITION(what),
        ref.span,
      );
    }
  }

  tableTarget(ref: SourceRef, action: string): void {
    if (ref.inner || ref.fault) {
      this.error(
        'E_INNER_OR_FAULT_TARGET',
        syntaxMessages.E_INNER_OR_FAULT_TARGET(action),
        ref.span,
      );
    }
  }

  noAnnotations(annotations: readonly Annotation[], what: string): void {
    const first = annotations[0];
    const last = annotations[annotations.length - 1];
    if (first !== undefined && last !== undefined) {
      this.error(
        'E_ANNOTATION_NOT_ALLOWED',
        syntaxMessages.E_ANNOTATION_NOT_ALLOWED(what),
        join(first.span, last.span),
      );
    }
  }

  /**
   * `a and b` / `a or b` in a pattern: an absent side needs `for <time>` unless it is the
   * only absent side of an `and` (Siddhi's logical_absent_stateful_source).
   */
  logical(
    op: 'and' | 'or',
    left: StreamState | AbsentState,
    right: StreamState | AbsentState,
  ): LogicalState {
    const bothAbsent = left.kind === 'absentState' && right.kind === 'absentState';
    for (const side of [left, right]) {
      if (
        side.kind === 'absentState' &&
        side.waitingTime === undefined &&
        (op === 'or' || bothAbsent)
      ) {
        this.error('E_ABSENT_NEEDS_FOR', syntaxMessages.E_ABSENT_NEEDS_FOR(), side.span);
      }
    }
    return { kind: 'logicalState', op, left, right, span: join(left.span, right.span) };
  }

  /** A lone `not S` must wait: `not S for 5 sec`. */
  loneAbsent(state: AbsentState): StateElement {
    if (state.waitingTime === undefined) {
      this.error('E_ABSENT_NEEDS_FOR', syntaxMessages.E_ABSENT_NEEDS_FOR(), state.span);
    }
    return state;
  }
}
