// Public entry points of the SiddhiQL front end: text in, query-api model and diagnostics
// out. Never throws; the model is absent whenever any error was found.

import { EOF, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import type { Expression, OnDemandQuery, SiddhiApp, Span } from '../query-api/index.js';
import { syntaxMessages } from '../errors/messages.js';
import type { Diagnostic } from './diagnostic.js';
import {
  describeToken,
  describeTokenType,
  expectedList,
  lastExpected,
  setLastExpected,
} from './parse-errors.js';
import { tokenize, tokenSpan } from './lexer.js';
import { siddhiParser, type SiddhiQLParser } from './parser.js';
import * as T from './tokens.js';

type EntryRule = 'siddhi_app' | 'store_query' | 'expression_final';
type Entry<R> = readonly [EntryRule, (parser: SiddhiQLParser) => R];

const APP: Entry<SiddhiApp> = ['siddhi_app', (p) => p.siddhi_app()];

interface RunResult<R> {
  readonly value: R | undefined;
  readonly syntax: Diagnostic[];
  readonly builder: Diagnostic[];
}

/**
 * Parses a whole app.
 * @example parseApp("define stream S (a int); from S select a insert into T;").app?.elements.length // 1
 */
export function parseApp(text: string): { app?: SiddhiApp; diagnostics: readonly Diagnostic[] } {
  const result = parseWith(text, APP, true);
  return result.value === undefined
    ? { diagnostics: result.diagnostics }
    : { app: result.value, diagnostics: [] };
}

/**
 * Parses an on-demand (store) query such as `from T on price > 10 select *`.
 * @example parseOnDemandQuery('delete T on T.a == 1').query?.type // 'delete'
 */
export function parseOnDemandQuery(text: string): {
  query?: OnDemandQuery;
  diagnostics: readonly Diagnostic[];
} {
  const result = parseWith(text, ['store_query', (p) => p.store_query()], false);
  return result.value === undefined
    ? { diagnostics: result.diagnostics }
    : { query: result.value, diagnostics: [] };
}

/**
 * Parses one expression such as `price > 10 and symbol == 'IBM'`.
 * @example parseExpression('1 + 2').expression?.kind // 'binary'
 */
export function parseExpression(text: string): {
  expression?: Expression;
  diagnostics: readonly Diagnostic[];
} {
  const result = parseWith(text, ['expression_final', (p) => p.expression_final()], false);
  return result.value === undefined
    ? { diagnostics: result.diagnostics }
    : { expression: result.value, diagnostics: [] };
}

function parseWith<R>(
  text: string,
  rule: Entry<R>,
  isApp: boolean,
): { value: R | undefined; diagnostics: readonly Diagnostic[] } {
  try {
    const lexed = tokenize(text);
    const parser = siddhiParser();
    const whole = run(parser, lexed.tokens, rule, text);
    if (lexed.diagnostics.length === 0 && whole.syntax.length === 0) {
      if (whole.builder.length === 0 && whole.value !== undefined)
        return { value: whole.value, diagnostics: [] };
      return { value: undefined, diagnostics: whole.builder };
    }
    const diagnostics: Diagnostic[] = [...lexed.diagnostics];
    if (isApp) {
      diagnostics.push(...statementErrors(parser, lexed.tokens, text, lexed.diagnostics));
    } else {
      diagnostics.push(...whole.syntax, ...whole.builder);
    }
    return { value: undefined, diagnostics: dedupe(diagnostics) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const at = { offset: 0, line: 1, column: 1 };
    return {
      value: undefined,
      diagnostics: [
        {
          severity: 'error',
          code: 'E_INTERNAL',
          message: syntaxMessages.E_INTERNAL(detail),
          span: { start: at, end: at },
        },
      ],
    };
  }
}

function run<R>(
  parser: SiddhiQLParser,
  tokens: IToken[],
  rule: Entry<R>,
  text: string,
): RunResult<R> {
  parser.input = tokens;
  parser.b.reset();
  parser.entryRule = rule[0];
  setLastExpected([]);
  const value = rule[1](parser);
  const expected = lastExpected;
  const syntax = parser.errors.map((e) => toDiagnostic(parser, e, tokens, text, expected));
  return { value, syntax, builder: parser.b.diagnostics };
}

/**
 * After a failed parse, parses each top-level statement (split at `;`, keeping partitions
 * whole) on its own, so every broken statement reports its first error.
 */
function statementErrors(
  parser: SiddhiQLParser,
  tokens: IToken[],
  text: string,
  lexErrors: readonly Diagnostic[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const chunk of splitStatements(tokens)) {
    const first = chunk[0];
    const last = chunk[chunk.length - 1];
    if (first === undefined || last === undefined) continue;
    const from = first.startOffset;
    const to = (last.endOffset ?? last.startOffset) + 1;
    if (lexErrors.some((d) => d.span.start.offset >= from && d.span.start.offset <= to)) continue;
    const result = run(parser, chunk, APP, text);
    out.push(...result.syntax, ...result.builder);
  }
  return out;
}

/** Token runs between top-level `;`; a partition's `begin … end` stays in one run. */
function splitStatements(tokens: IToken[]): IToken[][] {
  const chunks: IToken[][] = [];
  let current: IToken[] = [];
  let depth = 0;
  let sawPartition = false;
  let inPartition = false;
  let atStatementStart = true;
  for (const token of tokens) {
    const type = token.tokenType;
    current.push(token);
    if (type === T.LParen || type === T.LBracket) depth++;
    else if (type === T.RParen || type === T.RBracket) depth--;
    if (depth > 0) {
      atStatementStart = false;
      continue;
    }
    if (type === T.Partition && !inPartition) sawPartition = true;
    else if (type === T.Begin && sawPartition && !inPartition) {
      inPartition = true;
      atStatementStart = true;
      continue;
    } else if (type === T.End && inPartition && atStatementStart) {
      inPartition = false;
      sawPartition = false;
    } else if (type === T.Semicolon) {
      if (inPartition) {
        atStatementStart = true;
        continue;
      }
      chunks.push(current);
      current = [];
      sawPartition = false;
      atStatementStart = true;
      continue;
    }
    atStatementStart = false;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function toDiagnostic(
  parser: SiddhiQLParser,
  error: IRecognitionException,
  tokens: IToken[],
  text: string,
  expected: readonly TokenType[],
): Diagnostic {
  const token = error.token;
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
  const message =
    error.name === 'NotAllInputParsedException'
      ? error.message
      : betterMessage(parser, error, tokens, atEnd, expected);
  let span: Span;
  if (!atEnd) span = tokenSpan(token, token);
  else {
    const last = tokens[tokens.length - 1];
    span = last === undefined ? endOf(text) : collapse(tokenSpan(last, last));
  }
  return {
    severity: 'error',
    code: atEnd ? 'E_UNEXPECTED_END' : 'E_UNEXPECTED_TOKEN',
    message,
    span,
  };
}

/**
 * Rewords an error with everything that may follow the tokens before it (Chevrotain's own
 * message only knows the failing alternative): keywords first, in `KEYWORD_PRIORITY` order.
 */
function betterMessage(
  parser: SiddhiQLParser,
  error: IRecognitionException,
  tokens: IToken[],
  atEnd: boolean,
  chevrotainExpected: readonly TokenType[],
): string {
  if (chevrotainExpected.length === 1 && chevrotainExpected[0] === T.Identifier)
    return error.message;
  const index = atEnd ? tokens.length : tokens.indexOf(error.token);
  if (index < 0) return error.message;
  const preceding = tokens.slice(0, index);
  let suggestions: readonly { nextTokenType: TokenType }[];
  try {
    suggestions = parser.computeContentAssist(parser.entryRule, preceding);
  } catch {
    return error.message;
  }
  const keywords: TokenType[] = [];
  const others: TokenType[] = [];
  const rank = (type: TokenType): number => {
    const p = KEYWORD_PRIORITY.indexOf(type);
    if (p >= 0) return p;
    if (chevrotainExpected.includes(type)) return KEYWORD_PRIORITY.length;
    return KEYWORD_PRIORITY.length + (T.KEYWORD_TYPES.has(type) ? 1 : 2);
  };
  for (const { nextTokenType } of suggestions) {
    const list = T.KEYWORD_TYPES.has(nextTokenType) ? keywords : others;
    if (!list.includes(nextTokenType)) list.push(nextTokenType);
  }
  if (keywords.length === 0 && others.length === 0) return error.message;
  if (others.includes(T.IntLiteral) && others.includes(T.Name) && others.includes(T.LParen)) {
    const list = [
      EXPRESSION,
      ...keywords.filter((k) => KEYWORD_PRIORITY.includes(k)).map(describeTokenType),
    ];
    return atEnd
      ? syntaxMessages.E_UNEXPECTED_END(list)
      : syntaxMessages.E_UNEXPECTED_TOKEN(describeToken(error.token), list);
  }
  const ranked = [...keywords, ...others].sort((a, b) => rank(a) - rank(b));
  const expected = expectedList(ranked);
  return atEnd
    ? syntaxMessages.E_UNEXPECTED_END(expected)
    : syntaxMessages.E_UNEXPECTED_TOKEN(describeToken(error.token), expected);
}

const EXPRESSION = 'an expression';

/** Keywords most likely meant come first in "expected …" lists. */
const KEYWORD_PRIORITY = [
  T.Select,
  T.Output,
  T.Insert,
  T.Delete,
  T.Update,
  T.Return,
  T.Into,
  T.From,
  T.Define,
];

function collapse(span: Span): Span {
  return { start: span.end, end: span.end };
}

function endOf(text: string): Span {
  const lines = text.split('\n');
  const pos = {
    offset: text.length,
    line: lines.length,
    column: (lines[lines.length - 1]?.length ?? 0) + 1,
  };
  return { start: pos, end: pos };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${String(d.span.start.offset)}:${d.code}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => a.span.start.offset - b.span.start.offset);
}
