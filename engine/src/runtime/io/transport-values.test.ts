import { describe, expect, it } from 'vitest';
import { transportConverter } from './transport-values.js';

describe('transportConverter', () => {
  it("parses numbers as Java's parse methods do", () => {
    expect(transportConverter('int')('42')).toEqual({ ok: true, value: 42 });
    expect(transportConverter('int')('-7')).toEqual({ ok: true, value: -7 });
    expect(transportConverter('long')('9007199254740991')).toEqual({
      ok: true,
      value: 9007199254740991,
    });
    expect(transportConverter('double')(' 2.5e3 ')).toEqual({ ok: true, value: 2500 });
    expect(transportConverter('double')('1d')).toEqual({ ok: true, value: 1 });
    expect(transportConverter('float')('1.1')).toEqual({ ok: true, value: Math.fround(1.1) });
  });

  it('refuses text that is not a value of the type', () => {
    expect(transportConverter('int')('4.2')).toEqual({ ok: false, detail: "'4.2' is not an int" });
    expect(transportConverter('int')('2147483648').ok).toBe(false);
    expect(transportConverter('long')('12L').ok).toBe(false);
    expect(transportConverter('double')('abc')).toEqual({
      ok: false,
      detail: "'abc' is not a double",
    });
    expect(transportConverter('bool')('yes').ok).toBe(false);
  });

  it('reads booleans case-insensitively and keeps strings and objects as text', () => {
    expect(transportConverter('bool')('TRUE')).toEqual({ ok: true, value: true });
    expect(transportConverter('bool')('false')).toEqual({ ok: true, value: false });
    expect(transportConverter('string')(' 42 ')).toEqual({ ok: true, value: ' 42 ' });
    expect(transportConverter('object')('x')).toEqual({ ok: true, value: 'x' });
  });
});
