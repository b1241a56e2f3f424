// Property test of the compiler's robustness: thousands of mutated corpus apps must never make
// `compile` throw or stall, and every failure must come back as an error with a valid span.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/src/compiler/compile.js';
import type { Diagnostic } from '../../engine/src/compiler/diagnostic.js';
import { DEFAULT_CORPUS, loadSuites } from '../conformance/suite.js';

/** Longest a single compile may take. */
const MAX_COMPILE_MS = 2000;

const SEEDS = [...new Set(loadSuites([DEFAULT_CORPUS]).flatMap((s) => s.cases.map((c) => c.app)))];

// prettier-ignore
const KEYWORDS = [
  'define', 'stream', 'table', 'window', 'trigger', 'function', 'aggregation', 'from', 'select',
  'insert', 'into', 'delete', 'update', 'or', 'and', 'not', 'on', 'join', 'left', 'right', 'full',
  'outer', 'inner', 'unidirectional', 'every', 'within', 'as', 'group', 'by', 'having', 'order',
  'limit', 'offset', 'output', 'snapshot', 'all', 'first', 'last', 'events', 'current', 'expired',
  'partition', 'with', 'begin', 'end', 'return', 'is', 'null', 'in', 'for', 'set', 'of', 'at',
  'per', 'aggregate', 'asc', 'desc', 'true', 'false', 'sec', 'min', 'hour', 'day', 'week', 'month',
  'year', 'millisec', 'int', 'long', 'float', 'double', 'bool', 'string', 'object', '@app:name',
  '@info', '@source', '@sink', '@map', '@async', '@PrimaryKey', '#window.', '#window.length', 'e1',
  'e2[last]', 'count()', 'sum(', 'str:concat', '->', '<2:5>',
];
// prettier-ignore
const PUNCTUATION = [
  ';', ',', '.', ':', '(', ')', '[', ']', '{', '}', '<', '>', '<=', '>=', '==', '!=', '=', '+',
  '-', '*', '/', '%', '#', '!', '@', '?', "'", '"', '"""', '--', '/*', '*/', '\\', '`', '$', '|',
  '&', '^', '~', '\n', '\t', '\r', '\r\n', ' ', '\u0000',
];
// prettier-ignore
const HUGE_NUMBERS = [
  '99999999999999999999', '99999999999999999999L', '1e999', '1.7976931348623157e309',
  '-9223372036854775809L', '340282366920938463463374607431768211456F',
  '0.00000000000000000000000000000001', '2147483648', '9'.repeat(400), '1'.repeat(5000),
  '0x7fffffff', '1__0', '007', '1.2.3', '1e', '.5', '5.',
];

/** Splits text into tokens and the whitespace between them, so joining gives it back. */
function tokenize(text: string): string[] {
  return (
    text.match(/\s+|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?[LlFfDd]?|'[^']*'|"[^"]*"|[\s\S]/g) ?? []
  );
}

type Mutation =
  | { readonly op: 'delete' | 'duplicate' | 'truncate' | 'flipQuote'; readonly at: number }
  | { readonly op: 'swap'; readonly at: number; readonly other: number }
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'nest'; readonly at: number; readonly depth: number; readonly closed: boolean };

function apply(text: string, m: Mutation): string {
  const tokens = tokenize(text);
  const n = tokens.length;
  if (n === 0) return m.op === 'insert' ? m.text : text;
  const i = m.at % n;
  switch (m.op) {
    case 'delete':
      tokens.splice(i, 1);
      break;
    case 'duplicate':
      tokens.splice(i, 0, tokens[i] ?? '');
      break;
    case 'swap': {
      const j = m.other % n;
      [tokens[i], tokens[j]] = [tokens[j] ?? '', tokens[i] ?? ''];
      break;
    }
    case 'insert':
      tokens.splice(i, 0, m.text);
      break;
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'flipQuote': {
      const quotes = [...text.matchAll(/['"]/g)].map((q) => q.index);
      if (quotes.length === 0) return text;
      const at = quotes[m.at % quotes.length] ?? 0;
      return text.slice(0, at) + (text[at] === "'" ? '"' : "'") + text.slice(at + 1);
    }
    case 'nest': {
      // Wrap the token in `depth` parentheses (possibly unclosed): stresses recursion.
      tokens[i] = `${'('.repeat(m.depth)}${tokens[i] ?? ''}${m.closed ? ')'.repeat(m.depth) : ''}`;
      break;
    }
  }
  return tokens.join('');
}

const at = fc.nat({ max: 1_000_000 });
const tokenMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), at }),
  fc.record({ op: fc.constant('swap' as const), at, other: at }),
);
const insertion: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constant('insert' as const),
  at,
  text: fc.oneof(
    fc.constantFrom(...KEYWORDS).map((k) => ` ${k} `),
    fc.constantFrom(...PUNCTUATION),
    fc.constantFrom(...HUGE_NUMBERS),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
  ),
});
const structural: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('truncate' as const, 'flipQuote' as const), at }),
  // Nesting stays within ~60 levels: a syntax error inside n levels of parentheses costs the
  // parser's error recovery about n² (0.25 s at 150 levels, seconds at 300 when the stack allows
  // it; see the report), which would make this property slow and flaky. Deeper nesting is
  // covered by the 'extreme inputs' tests below.
  fc.record({
    op: fc.constant('nest' as const),
    at,
    depth: fc.integer({ min: 1, max: 60 }),
    closed: fc.constant(true),
  }),
  fc.record({
    op: fc.constant('nest' as const),
    at,
    depth: fc.integer({ min: 1, max: 12 }),
    closed: fc.constant(false),
  }),
);

function mutatedApp(mutation: fc.Arbitrary<Mutation>): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([seed, mutations]) => mutations.reduce(apply, seed));
}

/** The input for a failure message: whole when short, else its start and its length. */
function shown(text: string): string {
  return text.length <= 400
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, 300))}… (${String(text.length)} chars)`;
}

/** Why `d`'s span is not a valid place in `text`, or undefined when it is. */
function spanProblem(d: Diagnostic, text: string): string | undefined {
  const lines = text.split(/\r\n|\r|\n/).length;
  const { start, end } = d.span;
  if (start.line < 1 || start.column < 1)
    return `start ${String(start.line)}:${String(start.column)} is before 1:1`;
  if (start.line > lines)
    return `start line ${String(start.line)} is past the last line ${String(lines)}`;
  if (start.offset < 0 || start.offset > text.length || end.offset > text.length) {
    return `offsets ${String(start.offset)}..${String(end.offset)} are outside 0..${String(text.length)}`;
  }
  if (end.offset < start.offset)
    return `end offset ${String(end.offset)} is before start ${String(start.offset)}`;
  return undefined;
}

/** Compiles `text` and checks the robustness contract; throws a descriptive error otherwise. */
function checkCompile(text: string): void {
  const t0 = performance.now();
  let result;
  try {
    result = compile(text);
  } catch (error) {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new Error(`compile threw on ${shown(text)}\n${stack}`);
  }
  const elapsed = performance.now() - t0;
  if (elapsed > MAX_COMPILE_MS) {
    throw new Error(`compile took ${elapsed.toFixed(0)} ms on ${shown(text)}`);
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.app === undefined && errors.length === 0) {
    throw new Error(`no model and no error diagnostic for ${shown(text)}`);
  }
  if (!result.ok && errors.length === 0) {
    throw new Error(`not ok but no error diagnostic for ${shown(text)}`);
  }
  for (const d of result.diagnostics) {
    const problem = spanProblem(d, text);
    if (problem !== undefined) {
      throw new Error(`${d.code} "${d.message}" has a bad span (${problem}) for ${shown(text)}`);
    }
  }
}

const check = (text: string): boolean => {
  checkCompile(text);
  return true;
};

describe('compile on mutated corpus apps', () => {
  it('has seeds', () => {
    expect(SEEDS.length).toBeGreaterThan(100);
  });

  it('survives deleted, duplicated and swapped tokens', () => {
    fc.assert(fc.property(mutatedApp(tokenMutation), check), { numRuns: 1200 });
  }, 60_000);

  it('survives inserted keywords, punctuation, unicode and huge numbers', () => {
    fc.assert(fc.property(mutatedApp(insertion), check), { numRuns: 1200 });
  }, 60_000);

  it('survives truncation, flipped quotes and deep nesting', () => {
    fc.assert(fc.property(mutatedApp(structural), check), { numRuns: 800 });
  }, 60_000);

  it('survives arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), check), { numRuns: 300 });
  }, 60_000);
});

describe('compile on extreme inputs', () => {
  const filterApp = (condition: string): string =>
    `define stream S (a int, b string);\nfrom S[${condition}]\nselect a\ninsert into O;\n`;
  const chain = (n: number): string =>
    Array.from({ length: n }, (_, i) => `b == 'v${String(i)}'`).join(' or ');

  it('compiles 100 nested parentheses without an internal error', () => {
    const result = compile(filterApp(`${'('.repeat(100)}a > 1${')'.repeat(100)}`));
    expect(result.diagnostics).toEqual([]);
  });

  it('compiles a 1,000-term or-chain', () => {
    checkCompile(filterApp(chain(1000)));
    expect(compile(filterApp(chain(1000))).ok).toBe(true);
  }, 30_000);

  // Known issue: validation/expressions.ts `typeOf` recurses once per operator and overflows
  // the stack, so `compile` throws a RangeError on a long generated filter (e.g. an allow-list
  // of symbols; 5,000 terms already throw under plain node). Drop `.fails` once fixed.
  it.fails(
    'compiles a 50,000-term or-chain without throwing',
    () => {
      checkCompile(filterApp(chain(50_000)));
    },
    30_000,
  );

  // Known issue: a few hundred nested parentheses overflow the parser's stack and come back as
  // E_INTERNAL at 1:1 instead of a positioned "nested too deeply" error. Drop `.fails` once fixed.
  it.fails('reports 500 nested parentheses as a positioned user error, not E_INTERNAL', () => {
    const result = compile(filterApp(`${'('.repeat(500)}a > 1${')'.repeat(500)}`));
    expect(result.diagnostics.map((d) => d.code)).not.toContain('E_INTERNAL');
    expect(result.diagnostics[0]?.span.start.line).toBe(2);
  });
});
