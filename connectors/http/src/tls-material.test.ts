import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CERT_FILE, P12_FILE, PEM_STORE_FILE } from './http-harness.test-support.js';
import {
  keyStoreOptions,
  protocolOptions,
  TlsMaterialError,
  trustStoreOptions,
} from './tls-material.js';

const dir = mkdtempSync(join(tmpdir(), 'tributary-tls-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('key and trust stores', () => {
  it('reads a PKCS#12 key store and a PEM key store', () => {
    const p12 = keyStoreOptions(P12_FILE, 'tributary');
    expect(p12.passphrase).toBe('tributary');
    expect(Buffer.isBuffer(p12.pfx)).toBe(true);
    const pem = keyStoreOptions(PEM_STORE_FILE, undefined);
    expect(pem.key).toContain('PRIVATE KEY');
    expect(pem.cert).toContain('BEGIN CERTIFICATE');
  });

  it('refuses a PEM key store without a private key', () => {
    expect(() => keyStoreOptions(CERT_FILE, undefined)).toThrow(/holds no private key/);
  });

  it('refuses Java key stores with the keytool command that converts them', () => {
    const jks = join(dir, 'store.jks');
    writeFileSync(jks, Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]));
    expect(() => keyStoreOptions(jks, 'x')).toThrow(TlsMaterialError);
    expect(() => keyStoreOptions(jks, 'x')).toThrow(/keytool -importkeystore/);
    expect(() => trustStoreOptions(jks)).toThrow(/Java key store/);
  });

  it('takes PEM trust stores and explains how to export other ones', () => {
    expect(String(trustStoreOptions(CERT_FILE).ca)).toContain('BEGIN CERTIFICATE');
    expect(() => trustStoreOptions(P12_FILE)).toThrow(/openssl pkcs12 .* -nokeys/);
    expect(() => trustStoreOptions(join(dir, 'missing.pem'))).toThrow(
      /cannot read the trust store/,
    );
  });
});

describe('protocolOptions', () => {
  it('maps ssl.protocol and sslEnabledProtocols to TLS versions, ciphers to OpenSSL lists', () => {
    expect(protocolOptions('TLS', undefined)).toEqual({ options: {}, ignored: [] });
    expect(protocolOptions('TLSv1.2', undefined).options).toEqual({
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
    });
    expect(
      protocolOptions(
        'TLS',
        "'sslEnabledProtocols:TLSv1.3,TLSv1.2','ciphers:AES128-SHA,AES256-SHA','client.enable.session.creation:true'",
      ),
    ).toEqual({
      options: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ciphers: 'AES128-SHA:AES256-SHA' },
      ignored: ['client.enable.session.creation'],
    });
    expect(() => protocolOptions('SSLv3', undefined)).toThrow(/unknown TLS protocol 'SSLv3'/);
  });
});
