import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  framePayload,
  idleTimeoutOf,
  keyStore,
  messagePayload,
  parseHeaders,
  parseSubProtocols,
  trustStore,
} from './websocket-options.js';

describe('websocket options', () => {
  it("reads Siddhi's headers format", () => {
    expect(parseHeaders("'Authorization:Bearer a:b', 'X-Id:1'")).toEqual({
      Authorization: 'Bearer a:b',
      'X-Id': '1',
    });
    expect(parseHeaders('"a:1,2"')).toEqual({ a: '1,2' });
    expect(() => parseHeaders("'novalue'")).toThrow(/not 'name:value'/);
    expect(() => parseHeaders("'a:1")).toThrow(/unbalanced quote/);
  });

  it('reads sub-protocol lists and idle timeouts', () => {
    expect(parseSubProtocols('chat, superchat')).toEqual(['chat', 'superchat']);
    expect(() => parseSubProtocols('bad protocol')).toThrow(/not a valid protocol token/);
    expect(idleTimeoutOf(-1)).toBeUndefined();
    expect(idleTimeoutOf(500)).toBe(500);
    expect(() => idleTimeoutOf(0)).toThrow(/-1 \(none\) or 1 ms or more/);
  });

  it('sends text and bytes, and says which mapper to use otherwise', () => {
    expect(framePayload('x', 'sink')).toBe('x');
    expect(framePayload(new Uint8Array([1, 2]), 'sink')).toEqual(Buffer.from([1, 2]));
    expect(() => framePayload({ data: [1] }, "sink 'websocket'")).toThrow(/sends text or bytes/);
    expect(messagePayload(Buffer.from('hi'), false)).toBe('hi');
    expect(messagePayload([Buffer.from('a'), Buffer.from('b')], true)).toEqual(Buffer.from('ab'));
  });

  it('reads PEM and PKCS#12 stores and refuses Java key stores', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tributary-ws-opt-'));
    try {
      const jks = path.join(dir, 'store.jks');
      writeFileSync(jks, Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]));
      expect(() => keyStore(jks, 'x')).toThrow(/Java key store.*keytool -importkeystore/);
      const pem = path.join(dir, 'ca.pem');
      writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
      expect(trustStore(pem, undefined)).toEqual({
        ca: expect.stringContaining('BEGIN') as string,
      });
      expect(() => keyStore(pem, undefined)).toThrow(/holds no private key/);
      const p12 = path.join(dir, 'store.p12');
      writeFileSync(p12, Buffer.from([0x30, 0x82, 0x01]));
      expect(keyStore(p12, 'pw')).toEqual({
        pfx: Buffer.from([0x30, 0x82, 0x01]),
        passphrase: 'pw',
      });
      expect(() => trustStore(path.join(dir, 'missing.pem'), undefined)).toThrow(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
