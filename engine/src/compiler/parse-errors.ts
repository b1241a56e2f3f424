// Human wording for Chevrotain's syntax errors: "unexpected 'selct' — expected 'select',
// 'output', 'insert', …", with short expected lists and readable token names.

import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { EOF } from 'chevrotain';
import { syntaxMessages } from '../errors/messages.js';
import * as T from './tokens.js';

const MAX_EXPECTED = 4;

const DESCRIPTIONS = new Map<TokenType, string>([
  [T.Name, 'a name'],
  [T.Identifier, 'a stream name'],
  [T.QuotedIdentifier, 'a name'],
  [T.TimeUnitKw, 'a time unit'],
  [T.IntLiteral, 'an integer'],
  [T.LongLiteral, 'a long'],
  [T.FloatLiteral, 'a float'],
  [T.DoubleLiteral, 'a double'],
  [T.SingleString, 'a string'],
  [T.DoubleString, 'a string'],
  [T.TripleString, 'a string'],
  [T.Script, "a '{ … }' body"],
  [EOF, 'end of input'],
]);

/** How a token type is named in messages: `'select'`, `';'`, `a name`, `a string`. */
export function describeTokenType(type: TokenType): string {
  return DESCRIPTIONS.get(type) ?? type.LABEL ?? type.name;
}

/** How an offending token is named: `'selct'` or `end of input`. */
export function describeToken(token: IToken): string {
  return token.tokenType === EOF ? 'end of input' : `'${token.image}'`;
}

/** Short, de-duplicated list of what could come next. */
export function expectedList(types: readonly TokenType[]): string[] {
  const out: string[] = [];
  for (const type of types) {
    const text = describeTokenType(type);
    if (!out.includes(text)) out.push(text);
  }
  if (out.length > MAX_EXPECTED) return [...out.slice(0, MAX_EXPECTED - 1), '…'];
  return out;
}

/** What the last error said was expected (read right after a failed parse). */
export let lastExpected: readonly TokenType[] = [];

/** Records (or, with `[]`, clears) what the next error expects. */
export function setLastExpected(types: readonly TokenType[]): void {
  lastExpected = types;
}

function message(actual: IToken, expected: readonly TokenType[]): string {
  lastExpected = expected;
  const list = expectedList(expected);
  return actual.tokenType === EOF
    ? syntaxMessages.E_UNEXPECTED_END(list)
    : syntaxMessages.E_UNEXPECTED_TOKEN(describeToken(actual), list);
}

function firstTokens(paths: readonly (readonly (readonly TokenType[])[])[]): TokenType[] {
  const out: TokenType[] = [];
  for (const alt of paths) {
    for (const path of alt) {
      const first = path[0];
      if (first !== undefined && !out.includes(first)) out.push(first);
    }
  }
  return out;
}

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return message(actual, [expected]);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return message(firstRedundant, [T.Semicolon]);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    return message(
      actual[0] ?? actual[actual.length - 1] ?? ({ tokenType: EOF, image: '' } as IToken),
      firstTokens(expectedPathsPerAlt),
    );
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    return message(
      actual[0] ?? ({ tokenType: EOF, image: '' } as IToken),
      firstTokens([expectedIterationPaths]),
    );
  },
};
