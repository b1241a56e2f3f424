import { describe, expect, it } from 'vitest';
import { payloadBytes, PayloadTypeError } from './payload-bytes.js';

describe('payloadBytes', () => {
  it('sends text as UTF-8 and bytes as they are', () => {
    expect(new TextDecoder().decode(payloadBytes('{"a":"é"}', 'here'))).toBe('{"a":"é"}');
    const bytes = new Uint8Array([1, 2, 3]);
    expect(payloadBytes(bytes, 'here')).toBe(bytes);
    expect([...payloadBytes(new Uint8Array([4, 5]).buffer, 'here')]).toEqual([4, 5]);
  });

  it('refuses values without a wire form, saying where and what to do', () => {
    expect(() => payloadBytes({ data: [1] }, "sink 'nats'")).toThrow(PayloadTypeError);
    expect(() => payloadBytes({ data: [1] }, "sink 'nats'")).toThrow(
      /sink 'nats': cannot send an object .*@map\(type='json'\)/,
    );
    expect(() => payloadBytes(7, 'x')).toThrow(/a number/);
  });
});
