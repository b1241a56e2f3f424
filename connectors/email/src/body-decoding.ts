// A body part as an IMAP FETCH returns it (transfer-encoded bytes) turned into text: base64 and
// quoted-printable decoded, then the part's charset read (unknown charsets as UTF-8). Fetching
// the raw parts lets the source read every body in one FETCH instead of a download per mail.

import { TextDecoder } from 'node:util';

/**
 * Decodes quoted-printable bytes (soft line breaks removed, `=XX` as one byte).
 * @example
 * decodeQuotedPrintable(Buffer.from('caf=E9 =\r\nok')).toString('latin1') // 'café ok'
 */
export function decodeQuotedPrintable(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/=\r?\n/g, '');
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const hex = code === 0x3d ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      out[n] = Number.parseInt(hex, 16);
      i += 2;
    } else {
      out[n] = code;
    }
    n += 1;
  }
  return out.subarray(0, n);
}

/**
 * The text of a body part from its raw bytes, its `Content-Transfer-Encoding` and charset.
 * @example
 * decodeBody(Buffer.from('Z3LDvMOfZQ=='), 'base64', 'utf-8') // 'grüße'
 */
export function decodeBody(
  raw: Buffer,
  encoding: string | undefined,
  charset: string | undefined,
): string {
  const transfer = (encoding ?? '7bit').trim().toLowerCase();
  const bytes =
    transfer === 'base64'
      ? Buffer.from(raw.toString('latin1'), 'base64')
      : transfer === 'quoted-printable'
        ? decodeQuotedPrintable(raw)
        : raw;
  const label = (charset ?? 'utf-8').trim().toLowerCase();
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label === '' ? 'utf-8' : label);
  } catch {
    // A charset Node does not know: read it as UTF-8 rather than drop the mail.
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}
