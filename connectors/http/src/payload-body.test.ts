import { describe, expect, it } from 'vitest';
import { bodyOf, headersWith, siddhiBodyText } from './payload-body.js';

describe('bodyOf', () => {
  it('sends text and bytes as they are', () => {
    expect(bodyOf('{"a":1}', 'application/json')).toBe('{"a":1}');
    const bytes = new Uint8Array([1, 2]);
    expect(bodyOf(bytes, 'application/octet-stream')).toBe(bytes);
  });

  it('encodes keyvalue maps as a form when the content type is form-urlencoded', () => {
    const form = 'application/x-www-form-urlencoded';
    expect(bodyOf({ symbol: 'A&B', price: 75.5, note: null }, form)).toBe(
      'symbol=A%26B&price=75.5&note=',
    );
    expect(bodyOf(new Map([['k', 'v w']]), form)).toBe('k=v+w');
  });

  it('writes other values as JSON', () => {
    expect(bodyOf({ timestamp: 1, data: ['x'] }, 'text/plain')).toBe(
      '{"timestamp":1,"data":["x"]}',
    );
    expect(bodyOf(42, 'text/plain')).toBe('42');
  });
});

describe('headersWith', () => {
  it("adds the mapper's content type unless the headers name one (any case)", () => {
    expect(headersWith([['X-A', '1']], 'application/xml')).toEqual({
      headers: { 'X-A': '1', 'content-type': 'application/xml' },
      contentType: 'application/xml',
    });
    expect(headersWith([['CONTENT-TYPE', 'text/csv']], 'application/json')).toEqual({
      headers: { 'CONTENT-TYPE': 'text/csv' },
      contentType: 'text/csv',
    });
  });
});

describe('siddhiBodyText', () => {
  it('joins lines with \\n and drops one trailing line break, as Java lines() does', () => {
    expect(siddhiBodyText('a')).toBe('a');
    expect(siddhiBodyText('a\r\nb\r\n')).toBe('a\nb');
    expect(siddhiBodyText('a\rb')).toBe('a\nb');
    expect(siddhiBodyText('a\n\n')).toBe('a\n');
    expect(siddhiBodyText('\n')).toBe('');
  });
});
