// TLS material for gRPC channels and servers from PEM files. Siddhi names Java key stores
// (JKS) in `keystore.file`/`truststore.file`; Node's gRPC takes PEM only, so a JKS or PKCS#12
// file is refused with the command that converts it.

import { readFileSync } from 'node:fs';
import { credentials, ServerCredentials, type ChannelCredentials } from '@grpc/grpc-js';

/** The TLS options shared by the gRPC extensions (Siddhi's names). */
export interface GrpcTlsOptions {
  readonly 'enable.ssl': boolean;
  readonly 'mutual.auth.enabled': boolean;
  readonly 'truststore.file': string | undefined;
  readonly 'keystore.file': string | undefined;
}

/**
 * A key or trust store that cannot be used.
 * @example
 * throw new GrpcTlsError("the trust store 'ca.jks' is a Java key store (JKS)");
 */
export class GrpcTlsError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'GrpcTlsError';
  }
}

const JKS_MAGIC = 0xfeedfeed;

function readPem(file: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new GrpcTlsError(`cannot read the ${what} '${file}'`, { cause: error });
  }
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === JKS_MAGIC) {
    throw new GrpcTlsError(
      `the ${what} '${file}' is a Java key store (JKS), which Node's gRPC cannot read; export ` +
        `it as PEM (keytool -importkeystore -srckeystore ${file} -destkeystore s.p12 ` +
        `-deststoretype PKCS12; openssl pkcs12 -in s.p12 -nodes -out s.pem) and name the .pem file`,
    );
  }
  const text = bytes.toString('utf8');
  if (!text.includes('-----BEGIN')) {
    throw new GrpcTlsError(`the ${what} '${file}' is not a PEM file`);
  }
  return text;
}

function block(text: string, pattern: RegExp): string | undefined {
  const found = text.match(pattern);
  return found === null ? undefined : found.join('\n');
}

const CERTIFICATES = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/;

function keyPair(file: string): { key: Buffer; chain: Buffer } {
  const text = readPem(file, 'key store');
  const key = block(text, PRIVATE_KEY);
  const chain = block(text, CERTIFICATES);
  if (key === undefined || chain === undefined) {
    throw new GrpcTlsError(`the PEM key store '${file}' must hold a private key and a certificate`);
  }
  if (key.includes('ENCRYPTED')) {
    throw new GrpcTlsError(`the private key in '${file}' is encrypted; gRPC needs it unencrypted`);
  }
  return { key: Buffer.from(key), chain: Buffer.from(chain) };
}

function rootCerts(file: string | undefined): Buffer | null {
  if (file === undefined) return null;
  const certs = block(readPem(file, 'trust store'), CERTIFICATES);
  if (certs === undefined) {
    throw new GrpcTlsError(`the trust store '${file}' holds no certificate`);
  }
  return Buffer.from(certs);
}

function wantsTls(options: GrpcTlsOptions): boolean {
  return (
    options['enable.ssl'] ||
    options['mutual.auth.enabled'] ||
    options['truststore.file'] !== undefined ||
    options['keystore.file'] !== undefined
  );
}

/**
 * Client credentials: plaintext unless TLS is asked for; the trust store (else the system's
 * roots) checks the server, the key store (mutual auth) identifies the client.
 * @example
 * channelCredentials({ 'enable.ssl': true, 'mutual.auth.enabled': false, 'truststore.file': 'ca.pem', 'keystore.file': undefined });
 */
export function channelCredentials(options: GrpcTlsOptions): ChannelCredentials {
  if (!wantsTls(options)) return credentials.createInsecure();
  const roots = rootCerts(options['truststore.file']);
  const keystore = options['keystore.file'];
  if (keystore === undefined) {
    if (options['mutual.auth.enabled']) {
      throw new GrpcTlsError('mutual.auth.enabled needs keystore.file (the client key pair)');
    }
    return credentials.createSsl(roots);
  }
  const { key, chain } = keyPair(keystore);
  return credentials.createSsl(roots, key, chain);
}

/**
 * Server credentials: plaintext unless TLS is asked for; TLS needs the key store, mutual auth
 * also the trust store the clients' certificates are checked against.
 * @example
 * serverCredentials({ 'enable.ssl': true, 'mutual.auth.enabled': false, 'truststore.file': undefined, 'keystore.file': 'server.pem' });
 */
export function serverCredentials(options: GrpcTlsOptions): ServerCredentials {
  if (!wantsTls(options)) return ServerCredentials.createInsecure();
  const keystore = options['keystore.file'];
  if (keystore === undefined) {
    throw new GrpcTlsError('a TLS gRPC server needs keystore.file (a PEM key and certificate)');
  }
  const { key, chain } = keyPair(keystore);
  const mutual = options['mutual.auth.enabled'];
  const roots = rootCerts(options['truststore.file']);
  if (mutual && roots === null) {
    throw new GrpcTlsError(
      'mutual.auth.enabled needs truststore.file to check client certificates',
    );
  }
  return ServerCredentials.createSsl(roots, [{ private_key: key, cert_chain: chain }], mutual);
}
