// Body decoding: transfer encodings and charsets of raw FETCHed parts.

import { describe, expect, it } from 'vitest';
import { decodeBody, decodeQuotedPrintable } from './body-decoding.js';

describe('decodeBody', () => {
  it('decodes quoted-printable with soft line breaks and literal equals signs', () => {
    const raw = Buffer.from('a=3Db caf=C3=A9 long =\r\nline =ZZ end', 'latin1');
    expect(decodeQuotedPrintable(raw).toString('utf8')).toBe('a=b café long line =ZZ end');
  });

  it('decodes base64, quoted-printable and plain parts in their charsets', () => {
    const utf8 = Buffer.from('Grüße – €', 'utf8').toString('base64');
    expect(
      decodeBody(Buffer.from(`${utf8.slice(0, 8)}\r\n${utf8.slice(8)}`), 'BASE64', 'UTF-8'),
    ).toBe('Grüße – €');
    expect(decodeBody(Buffer.from('caf=E9 cr=E8me'), 'quoted-printable', 'iso-8859-1')).toBe(
      'café crème',
    );
    expect(decodeBody(Buffer.from([0xa9, 0x20, 0x41]), '8bit', 'ISO-8859-2')).toBe('Š A');
    expect(decodeBody(Buffer.from('plain'), undefined, undefined)).toBe('plain');
  });

  it('reads an unknown charset as UTF-8', () => {
    expect(decodeBody(Buffer.from('héllo', 'utf8'), '8bit', 'x-no-such-charset')).toBe('héllo');
  });
});
