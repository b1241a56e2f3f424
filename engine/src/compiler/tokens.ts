// Token types of SiddhiQL. Keywords are case-insensitive and may also be used as names
// (`name: id | keyword` in Siddhi's grammar), so every keyword belongs to the `Name` category.

import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Category matched wherever the grammar accepts a name: identifiers and every keyword. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
/** Category of the time-unit keywords (`sec`, `minutes`, `year`, …). */
export const TimeUnitKw = createToken({
  name: 'TimeUnitKw',
  pattern: Lexer.NA,
  categories: [Name],
});

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\v\f]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /--[^\r\n]*/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*(?:[^*]|\*(?!\/))*(?:\*\/)?/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const TripleString = createToken({
  name: 'TripleString',
  // Escapes are skipped whole, so `\"` before the closing quotes does not end the literal.
  pattern: /"""(?:\\[\s\S]|[^\\])*?"""/,
  line_breaks: true,
});
export const DoubleString = createToken({ name: 'DoubleString', pattern: /"[^"\r\n]*"/ });
export const SingleString = createToken({ name: 'SingleString', pattern: /'[^'\r\n]*'/ });
/** An opening quote with no closing quote on its line; reported as E_UNTERMINATED_STRING. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"""[\s\S]*|"[^"\r\n]*|'[^'\r\n]*/,
  line_breaks: true,
});

export const FloatLiteral = createToken({
  name: 'FloatLiteral',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?[fF]/,
});
export const DoubleLiteral = createToken({
  name: 'DoubleLiteral',
  pattern:
    /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?[dD]|\d+(?:\.\d*)?[eE][-+]?\d+|\d*\.\d+(?:[eE][-+]?\d+)?/,
});
export const LongLiteral = createToken({ name: 'LongLiteral', pattern: /\d+[lL]/ });
export const IntLiteral = createToken({ name: 'IntLiteral', pattern: /\d+/ });

/** `{ … }` body of `define function`; braces nest, strings and `//` comments are skipped. */
export const Script = createToken({
  name: 'Script',
  pattern: { exec: matchScript },
  line_breaks: true,
  start_chars_hint: ['{'],
});

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[a-zA-Z_][a-zA-Z_0-9]*/,
  categories: [Name],
});
export const QuotedIdentifier = createToken({
  name: 'QuotedIdentifier',
  pattern: /`[^`]*`/,
  categories: [Name],
});

export const TripleDot = createToken({ name: 'TripleDot', pattern: '...', label: "'...'" });
export const Dot = createToken({ name: 'Dot', pattern: '.', label: "'.'" });
export const Semicolon = createToken({ name: 'Semicolon', pattern: ';', label: "';'" });
export const Colon = createToken({ name: 'Colon', pattern: ':', label: "':'" });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','" });
export const Arrow = createToken({ name: 'Arrow', pattern: '->', label: "'->'" });
export const EqEq = createToken({ name: 'EqEq', pattern: '==', label: "'=='" });
export const NotEq = createToken({ name: 'NotEq', pattern: '!=', label: "'!='" });
export const GtEq = createToken({ name: 'GtEq', pattern: '>=', label: "'>='" });
export const LtEq = createToken({ name: 'LtEq', pattern: '<=', label: "'<='" });
export const Gt = createToken({ name: 'Gt', pattern: '>', label: "'>'" });
export const Lt = createToken({ name: 'Lt', pattern: '<', label: "'<'" });
export const Assign = createToken({ name: 'Assign', pattern: '=', label: "'='" });
export const Star = createToken({ name: 'Star', pattern: '*', label: "'*'" });
export const Plus = createToken({ name: 'Plus', pattern: '+', label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: '-', label: "'-'" });
export const Question = createToken({ name: 'Question', pattern: '?', label: "'?'" });
export const Div = createToken({ name: 'Div', pattern: '/', label: "'/'" });
export const Mod = createToken({ name: 'Mod', pattern: '%', label: "'%'" });
export const At = createToken({ name: 'At', pattern: '@', label: "'@'" });
export const Hash = createToken({ name: 'Hash', pattern: '#', label: "'#'" });
export const Bang = createToken({ name: 'Bang', pattern: '!', label: "'!'" });

/** Lowercase spelling → keyword token; filled by `keyword()`. */
export const KEYWORDS = new Map<string, TokenType>();
const keywordTypes: TokenType[] = [];

function keyword(word: string, ...alternatives: string[]): TokenType {
  const isUnit = word.endsWith('*');
  const text = isUnit ? word.slice(0, -1) : word;
  const type = createToken({
    name: `Kw_${text}`,
    pattern: Lexer.NA,
    categories: isUnit ? [TimeUnitKw] : [Name],
    label: `'${text}'`,
  });
  KEYWORDS.set(text, type);
  for (const alt of alternatives) KEYWORDS.set(alt, type);
  keywordTypes.push(type);
  return type;
}

export const App = keyword('app');
export const Stream = keyword('stream');
export const Define = keyword('define');
export const FunctionKw = keyword('function');
export const Trigger = keyword('trigger');
export const Table = keyword('table');
export const From = keyword('from');
export const Partition = keyword('partition');
export const Window = keyword('window');
export const Select = keyword('select');
export const Group = keyword('group');
export const By = keyword('by');
export const Order = keyword('order');
export const Limit = keyword('limit');
export const Offset = keyword('offset');
export const Asc = keyword('asc');
export const Desc = keyword('desc');
export const Having = keyword('having');
export const Insert = keyword('insert');
export const Delete = keyword('delete');
export const Update = keyword('update');
export const SetKw = keyword('set');
export const Return = keyword('return');
export const Events = keyword('events');
export const Into = keyword('into');
export const Output = keyword('output');
export const Expired = keyword('expired');
export const Current = keyword('current');
export const Snapshot = keyword('snapshot');
export const For = keyword('for');
export const Raw = keyword('raw');
export const Of = keyword('of');
export const As = keyword('as');
export const AtKw = keyword('at');
export const Or = keyword('or');
export const And = keyword('and');
export const In = keyword('in');
export const On = keyword('on');
export const Is = keyword('is');
export const Not = keyword('not');
export const Within = keyword('within');
export const With = keyword('with');
export const Begin = keyword('begin');
export const End = keyword('end');
export const Null = keyword('null');
export const Every = keyword('every');
export const Last = keyword('last');
export const All = keyword('all');
export const First = keyword('first');
export const Join = keyword('join');
export const Inner = keyword('inner');
export const Outer = keyword('outer');
export const Right = keyword('right');
export const Left = keyword('left');
export const Full = keyword('full');
export const Unidirectional = keyword('unidirectional');
export const Years = keyword('year*', 'years');
export const Months = keyword('month*', 'months');
export const Weeks = keyword('week*', 'weeks');
export const Days = keyword('day*', 'days');
export const Hours = keyword('hour*', 'hours');
export const Minutes = keyword('min*', 'minute', 'minutes');
export const Seconds = keyword('sec*', 'second', 'seconds');
export const Milliseconds = keyword('millisec*', 'millisecond', 'milliseconds');
export const False = keyword('false');
export const True = keyword('true');
export const StringKw = keyword('string');
export const IntKw = keyword('int');
export const LongKw = keyword('long');
export const FloatKw = keyword('float');
export const DoubleKw = keyword('double');
export const BoolKw = keyword('bool');
export const ObjectKw = keyword('object');
export const Aggregation = keyword('aggregation');
export const Aggregate = keyword('aggregate');
export const Per = keyword('per');

/** Token types the lexer tries, in priority order (keywords are assigned after lexing). */
export const LEXER_TOKENS: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  TripleString,
  DoubleString,
  SingleString,
  UnterminatedString,
  FloatLiteral,
  DoubleLiteral,
  LongLiteral,
  IntLiteral,
  Script,
  Identifier,
  QuotedIdentifier,
  TripleDot,
  Dot,
  Semicolon,
  Colon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Arrow,
  EqEq,
  NotEq,
  GtEq,
  LtEq,
  Gt,
  Lt,
  Assign,
  Star,
  Plus,
  Minus,
  Question,
  Div,
  Mod,
  At,
  Hash,
  Bang,
];

/** The keyword token types (for ranking "expected …" lists). */
export const KEYWORD_TYPES: ReadonlySet<TokenType> = new Set(keywordTypes);

/** Every token type the parser knows (lexed ones, keywords and categories). */
export const ALL_TOKENS: TokenType[] = [Name, TimeUnitKw, ...LEXER_TOKENS, ...keywordTypes];

/** Matches a balanced `{ … }` script body at `offset`, or returns null. */
function matchScript(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 123 /* { */) return null;
  let depth = 0;
  let i = offset;
  while (i < text.length) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        const result = [text.slice(offset, i + 1)] as unknown as RegExpExecArray;
        result.index = offset;
        return result;
      }
    } else if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return null;
      i = close;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return null;
      i = nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return null;
      i = close + 1;
    }
    i++;
  }
  return null;
}
