import { describe, expect, it } from 'vitest';
import { ConnectionUnavailableError } from '../../extension-api/io-contracts.js';
import { compileTemplate, isTemplate, templateValue } from './template.js';

const attributes = [
  { name: 'symbol', type: 'string' as const },
  { name: 'price', type: 'double' as const },
];

describe('compileTemplate', () => {
  it('fills {{attr}} placeholders from the event, keeping the literal parts', () => {
    const t = compileTemplate('stocks/{{symbol}}/{{ price }}.csv', attributes);
    if (!t.ok) throw new Error('expected a template');
    expect(t.render(['IBM', 75.5])).toBe('stocks/IBM/75.5.csv');
    expect(t.render([null, 1])).toBe('stocks/null/1.csv');
  });

  it('names the placeholders that are not attributes', () => {
    expect(compileTemplate('{{sym}}-{{price}}-{{x}}', attributes)).toEqual({
      ok: false,
      unknown: ['sym', 'x'],
    });
  });

  it('recognises templates', () => {
    expect(isTemplate('{{symbol}}')).toBe(true);
    expect(isTemplate('a { b } c')).toBe(false);
  });

  it('renders errors as Siddhi renders exceptions', () => {
    expect(templateValue(new ConnectionUnavailableError('down'))).toBe(
      'io.siddhi.core.exception.ConnectionUnavailableException: down',
    );
    expect(templateValue({ a: 1 })).toBe('{"a":1}');
  });
});
