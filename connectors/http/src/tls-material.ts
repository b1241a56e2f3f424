// Key stores, trust stores and protocol settings for https: read from PEM or PKCS#12 files
// (Node cannot read Java's JKS; the error says how to convert one) and turned into the options
// node:tls takes, for the listeners (sources) and the clients (sinks, sse, polling).

import { readFileSync } from 'node:fs';
import type { SecureContextOptions, SecureVersion } from 'node:tls';
import { parseKeyValueList } from './key-value-list.js';

/** The TLS options of a listener or client, as node:tls takes them. */
export type TlsOptions = SecureContextOptions & {
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
};

/** A key store or trust store that cannot be used. */
export class TlsMaterialError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'TlsMaterialError';
  }
}

const JKS_MAGIC = 0xfeedfeed;
const PEM_START = '-----BEGIN';

function read(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new TlsMaterialError(`cannot read the ${what} '${file}'`, { cause: error });
  }
}

function isPem(bytes: Buffer): boolean {
  return bytes.subarray(0, 4096).toString('latin1').includes(PEM_START);
}

function refuseJks(bytes: Buffer, file: string, what: string): void {
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === JKS_MAGIC) {
    throw new TlsMaterialError(
      `the ${what} '${file}' is a Java key store (JKS), which Node cannot read; convert it with ` +
        `'keytool -importkeystore -srckeystore ${file} -destkeystore store.p12 -deststoretype PKCS12' ` +
        'and name the .p12 file instead',
    );
  }
}

/**
 * The private key and certificate of a key store: a PEM file holding both (or a key and a
 * certificate chain), or a PKCS#12 (.p12/.pfx) file opened with `password`.
 * @example
 * keyStoreOptions('/etc/tributary/server.p12', 'secret') // { pfx: <bytes>, passphrase: 'secret' }
 */
export function keyStoreOptions(file: string, password: string | undefined): TlsOptions {
  const bytes = read(file, 'key store');
  refuseJks(bytes, file, 'key store');
  if (isPem(bytes)) {
    const text = bytes.toString('utf8');
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
      throw new TlsMaterialError(`the PEM key store '${file}' holds no private key`);
    }
    return password === undefined || password === ''
      ? { key: text, cert: text }
      : { key: text, cert: text, passphrase: password };
  }
  return password === undefined ? { pfx: bytes } : { pfx: bytes, passphrase: password };
}

/**
 * The certificates to trust, from a PEM file of one or more certificates. PKCS#12 trust stores
 * are refused with a hint (Node takes trusted certificates as PEM only).
 * @example
 * trustStoreOptions('/etc/tributary/ca.pem') // { ca: '-----BEGIN CERTIFICATE-----…' }
 */
export function trustStoreOptions(file: string): TlsOptions {
  const bytes = read(file, 'trust store');
  refuseJks(bytes, file, 'trust store');
  if (!isPem(bytes)) {
    throw new TlsMaterialError(
      `the trust store '${file}' is not a PEM file; export its certificates with ` +
        `'openssl pkcs12 -in ${file} -nokeys -out ca.pem' and name the .pem file instead`,
    );
  }
  return { ca: bytes.toString('utf8') };
}

const VERSIONS: Readonly<Record<string, SecureVersion>> = {
  tlsv1: 'TLSv1',
  'tlsv1.1': 'TLSv1.1',
  'tlsv1.2': 'TLSv1.2',
  'tlsv1.3': 'TLSv1.3',
};

function version(name: string, where: string): SecureVersion {
  const found = VERSIONS[name.trim().toLowerCase()];
  if (found === undefined) {
    throw new TlsMaterialError(
      `${where}: unknown TLS protocol '${name}' (expected TLS, TLSv1.2 or TLSv1.3…)`,
    );
  }
  return found;
}

const ORDER: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/**
 * `ssl.protocol` (`TLS` = any version Node allows, or one version such as `TLSv1.2`) and the
 * `ssl.configurations` entries Node can honour: `sslEnabledProtocols` (a comma list of
 * versions) and `ciphers` (OpenSSL cipher names). Other entries are reported in `ignored`.
 * @example
 * protocolOptions('TLS', "'sslEnabledProtocols:TLSv1.2,TLSv1.3'") // { options: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }, ignored: [] }
 */
export function protocolOptions(
  protocol: string,
  configurations: string | undefined,
): { readonly options: TlsOptions; readonly ignored: readonly string[] } {
  const options: TlsOptions = {};
  const ignored: string[] = [];
  const named = protocol.trim();
  if (named !== '' && named.toUpperCase() !== 'TLS' && named.toUpperCase() !== 'SSL') {
    const v = version(named, 'ssl.protocol');
    options.minVersion = v;
    options.maxVersion = v;
  }
  for (const [key, value] of parseKeyValueList(configurations ?? '')) {
    if (key === 'sslEnabledProtocols') {
      const versions = value
        .split(',')
        .filter((p) => p.trim() !== '')
        .map((p) => version(p, 'sslEnabledProtocols'))
        .sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
      const first = versions[0];
      const last = versions[versions.length - 1];
      if (first !== undefined && last !== undefined) {
        options.minVersion = first;
        options.maxVersion = last;
      }
    } else if (key === 'ciphers') {
      options.ciphers = value.split(',').join(':');
    } else {
      ignored.push(key);
    }
  }
  return { options, ignored };
}
