// Tests of stripSpans: spans go at every depth, everything else is copied.

import { describe, expect, it } from 'vitest';
import { NO_SPAN } from '../query-api/index.js';
import { stripSpans } from './strip-spans.js';

describe('stripSpans', () => {
  it('removes spans at every depth and keeps the rest', () => {
    const node = {
      kind: 'binary',
      span: NO_SPAN,
      op: '+',
      left: { kind: 'constant', span: NO_SPAN, type: 'int', value: 1 },
      right: {
        kind: 'function',
        span: NO_SPAN,
        name: 'f',
        args: [{ kind: 'constant', span: NO_SPAN, value: null }],
      },
      extra: undefined,
    };
    expect(stripSpans(node)).toStrictEqual({
      kind: 'binary',
      op: '+',
      left: { kind: 'constant', type: 'int', value: 1 },
      right: { kind: 'function', name: 'f', args: [{ kind: 'constant', value: null }] },
    });
  });

  it('copies rather than mutates', () => {
    const node = { kind: 'x', span: NO_SPAN, list: [1, 2] };
    const copy = stripSpans(node) as { list: number[] };
    expect(copy.list).not.toBe(node.list);
    expect(node.span).toBe(NO_SPAN);
  });

  it('passes primitives through', () => {
    expect(stripSpans('a')).toBe('a');
    expect(stripSpans(null)).toBe(null);
  });
});
