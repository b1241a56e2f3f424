// The SiddhiQL lexer: one Chevrotain lexer built once, plus a keyword pass that retypes
// identifiers such as `SELECT` or `sec` into their (case-insensitive) keyword tokens.

import { Lexer, type IToken } from 'chevrotain';
import { NO_SPAN, type Span } from '../query-api/index.js';
import { syntaxMessages } from '../errors/messages.js';
import type { Diagnostic } from './diagnostic.js';
import { Identifier, KEYWORDS, LEXER_TOKENS, UnterminatedString } from './tokens.js';

const lexer = new Lexer(LEXER_TOKENS, {
  positionTracking: 'full',
  ensureOptimizations: true,
});

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** Splits `text` into tokens; bad characters and unterminated strings become diagnostics. */
export function tokenize(text: string): LexResult {
  const result = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const error of result.errors) {
    const start = { offset: error.offset, line: error.line ?? 1, column: error.column ?? 1 };
    diagnostics.push({
      severity: 'error',
      code: 'E_UNEXPECTED_CHARACTER',
      message: syntaxMessages.E_UNEXPECTED_CHARACTER(text.slice(error.offset, error.offset + 1)),
      span: {
        start,
        end: {
          offset: error.offset + error.length,
          line: start.line,
          column: start.column + error.length,
        },
      },
    });
  }
  const tokens: IToken[] = [];
  for (const token of result.tokens) {
    const type = token.tokenType;
    if (type === Identifier) {
      const keyword = KEYWORDS.get(token.image.toLowerCase());
      if (keyword !== undefined) {
        token.tokenType = keyword;
        token.tokenTypeIdx = keyword.tokenTypeIdx ?? token.tokenTypeIdx;
      }
    } else if (type === UnterminatedString) {
      diagnostics.push({
        severity: 'error',
        code: 'E_UNTERMINATED_STRING',
        message: syntaxMessages.E_UNTERMINATED_STRING(),
        span: tokenSpan(token, token),
      });
      continue;
    }
    tokens.push(token);
  }
  if (diagnostics.length > 1) diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { tokens, diagnostics };
}

/** The span from the start of `first` to the end of `last` (end exclusive). */
export function tokenSpan(first: IToken, last: IToken): Span {
  if (Number.isNaN(first.startOffset) || Number.isNaN(last.startOffset)) {
    const at = Number.isNaN(first.startOffset) ? last : first;
    if (Number.isNaN(at.startOffset)) return NO_SPAN;
    const pos = { offset: at.startOffset, line: at.startLine ?? 1, column: at.startColumn ?? 1 };
    return { start: pos, end: pos };
  }
  return {
    start: {
      offset: first.startOffset,
      line: first.startLine ?? 1,
      column: first.startColumn ?? 1,
    },
    end: {
      offset: (last.endOffset ?? last.startOffset) + 1,
      line: last.endLine ?? 1,
      column: (last.endColumn ?? 0) + 1,
    },
  };
}
