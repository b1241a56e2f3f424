// What the websocket family shares: Siddhi's `headers` ("'k1:v1','k2:v2'") and `sub.protocol`
// ("p1, p2") formats, `idle.timeout`, and TLS material from PEM or PKCS#12 files (Node cannot
// read Java key stores; the error says how to convert one).

import { readFileSync } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';

/** Option values that cannot be used (reported when the app is created). */
export class WebSocketOptionError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'WebSocketOptionError';
  }
}

/** Splits on commas outside single or double quotes. */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let current = '';
  for (const c of text) {
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === ',') {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (quote !== undefined) throw new WebSocketOptionError(`unbalanced quote in '${text}'`);
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Siddhi's `headers` value as name → value.
 * @example
 * parseHeaders("'Authorization:Bearer x', 'X-Id:1'") // { Authorization: 'Bearer x', 'X-Id': '1' }
 */
export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const part of splitOutsideQuotes(text)) {
    const colon = part.indexOf(':');
    if (colon <= 0) {
      throw new WebSocketOptionError(
        `headers entry '${part}' is not 'name:value' (write headers="'name:value','name:value'")`,
      );
    }
    headers[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Siddhi's `sub.protocol` value as a list.
 * @example
 * parseSubProtocols('chat, superchat') // ['chat', 'superchat']
 */
export function parseSubProtocols(text: string): string[] {
  const protocols = splitOutsideQuotes(text);
  for (const p of protocols) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(p)) {
      throw new WebSocketOptionError(`sub.protocol '${p}' is not a valid protocol token`);
    }
  }
  return protocols;
}

/** `idle.timeout` in ms, undefined for -1 (never). */
export function idleTimeoutOf(value: number): number | undefined {
  if (value === -1) return undefined;
  if (value < 1) {
    throw new WebSocketOptionError(
      `idle.timeout must be -1 (none) or 1 ms or more, found ${String(value)}`,
    );
  }
  return value;
}

const JKS_MAGIC = 0xfeedfeed;

function readStore(file: string, what: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new WebSocketOptionError(`cannot read the ${what} '${file}'`, { cause: error });
  }
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === JKS_MAGIC) {
    throw new WebSocketOptionError(
      `the ${what} '${file}' is a Java key store (JKS), which Node cannot read; convert it with ` +
        `'keytool -importkeystore -srckeystore ${file} -destkeystore store.p12 -deststoretype PKCS12'`,
    );
  }
  return bytes;
}

function isPem(bytes: Buffer): boolean {
  return bytes.subarray(0, 4096).toString('latin1').includes('-----BEGIN');
}

/**
 * A server's key and certificate: a PEM file with both, or PKCS#12 opened with `password`.
 * @example
 * keyStore('/etc/tributary/ws.p12', 'secret') // { pfx: <bytes>, passphrase: 'secret' }
 */
export function keyStore(file: string, password: string | undefined): SecureContextOptions {
  const bytes = readStore(file, 'key store');
  if (!isPem(bytes)) {
    return password === undefined ? { pfx: bytes } : { pfx: bytes, passphrase: password };
  }
  const text = bytes.toString('utf8');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new WebSocketOptionError(`the PEM key store '${file}' holds no private key`);
  }
  return password === undefined
    ? { key: text, cert: text }
    : { key: text, cert: text, passphrase: password };
}

/**
 * Trusted certificates of a client: a PEM file of CA certificates, or PKCS#12.
 * @example
 * trustStore('/etc/tributary/ca.pem', undefined) // { ca: '-----BEGIN CERTIFICATE-----…' }
 */
export function trustStore(file: string, password: string | undefined): SecureContextOptions {
  const bytes = readStore(file, 'trust store');
  if (isPem(bytes)) return { ca: bytes.toString('utf8') };
  return password === undefined ? { pfx: bytes } : { pfx: bytes, passphrase: password };
}

/** The bytes or text a payload is sent as; other payloads need a text mapper. */
export function framePayload(payload: unknown, where: string): string | Buffer {
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) {
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  }
  throw new Error(
    `${where} sends text or bytes, but the mapper made ${payload === null ? 'null' : typeof payload}; ` +
      "use @map(type='json'), 'xml', 'text' or another text or binary mapper",
  );
}

/** A received message as the source mapper gets it: text as a string, binary as bytes. */
export function messagePayload(data: unknown, isBinary: boolean): string | Buffer {
  const bytes = Array.isArray(data)
    ? Buffer.concat(data as Buffer[])
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : (data as Buffer);
  return isBinary ? bytes : bytes.toString('utf8');
}
