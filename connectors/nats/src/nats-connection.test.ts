import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import { ErrorCode, NatsError } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import {
  connectionFailure,
  DEFAULT_SERVER_URL,
  natsConnectOptions,
  openNatsConnection,
  optionalConfiguration,
  serverUrls,
  type NatsConnectionOptions,
} from './nats-connection.js';
import { freePort } from './nats-harness.test-support.js';

const BASE: NatsConnectionOptions = {
  'server.urls': undefined,
  'bootstrap.servers': undefined,
  'client.id': undefined,
  'optional.configuration': undefined,
  'auth.type': undefined,
  username: undefined,
  password: undefined,
  token: undefined,
  'truststore.file': undefined,
  'tls.store.type': 'JKS',
  'truststore.password': undefined,
  'truststore.algorithm': 'SunX509',
  'client.verify': false,
  'keystore.file': undefined,
  'keystore.algorithm': 'SunX509',
  'keystore.password': undefined,
};

const dir = mkdtempSync(join(tmpdir(), 'tributary-nats-unit-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

function logged(): { lines: string[]; logger: { log: (l: string, m: string) => void } } {
  const lines: string[] = [];
  return { lines, logger: { log: (_level, message) => lines.push(message) } };
}

describe('serverUrls', () => {
  it('prefers server.urls, then the deprecated bootstrap.servers, then the default', () => {
    expect(serverUrls(BASE)).toEqual([DEFAULT_SERVER_URL]);
    expect(serverUrls({ ...BASE, 'bootstrap.servers': ['nats://b:1'] })).toEqual(['nats://b:1']);
    expect(
      serverUrls({
        ...BASE,
        'bootstrap.servers': ['nats://b:1'],
        'server.urls': ['nats://a:1', 'nats://a:2'],
      }),
    ).toEqual(['nats://a:1', 'nats://a:2']);
  });
});

describe('natsConnectOptions', () => {
  it('never lets the client reconnect by itself, and names the client', () => {
    const { logger } = logged();
    const o = natsConnectOptions({ ...BASE, 'client.id': 'app-1' }, 'here', logger);
    expect(o.reconnect).toBe(false);
    expect(o.name).toBe('app-1');
    expect(o.servers).toEqual([DEFAULT_SERVER_URL]);
  });

  it('authenticates as auth.type says', () => {
    const { logger } = logged();
    const user = natsConnectOptions(
      { ...BASE, 'auth.type': 'user', username: 'u', password: 'p', token: 't' },
      'here',
      logger,
    );
    expect([user.user, user.pass, user.token]).toEqual(['u', 'p', undefined]);
    const token = natsConnectOptions(
      { ...BASE, 'auth.type': 'token', username: 'u', token: 't' },
      'here',
      logger,
    );
    expect([token.user, token.token]).toEqual([undefined, 't']);
  });

  it('maps optional.configuration settings by their jnats names and warns about the rest', () => {
    const { lines, logger } = logged();
    const o = natsConnectOptions(
      {
        ...BASE,
        'optional.configuration':
          'io.nats.client.timeout:1500, io.nats.client.pinginterval:2000, ' +
          'io.nats.client.maxpings:3, io.nats.client.noecho:true, io.nats.client.reconnect.max:8',
      },
      'here',
      logger,
    );
    expect([o.timeout, o.pingInterval, o.maxPingOut, o.noEcho]).toEqual([1500, 2000, 3, true]);
    expect(lines).toEqual([
      "here: optional.configuration 'io.nats.client.reconnect.max' is not supported; ignored",
    ]);
    expect(() =>
      natsConnectOptions(
        { ...BASE, 'optional.configuration': 'io.nats.client.timeout:soon' },
        'here',
        logger,
      ),
    ).toThrow("here: optional.configuration 'io.nats.client.timeout' cannot be 'soon'");
    expect(() => optionalConfiguration('nocolon')).toThrow(/key:value/);
  });

  it('trusts a PEM trust store and presents a PEM or PKCS#12 key store', () => {
    const { logger } = logged();
    const trust = file('ca.pem', PEM_CERT);
    const both = file('client.pem', PEM_KEY + PEM_CERT);
    const pem = natsConnectOptions(
      { ...BASE, 'auth.type': 'tls', 'truststore.file': trust, 'keystore.file': both },
      'here',
      logger,
    );
    expect(pem.tls).toMatchObject({
      ca: PEM_CERT,
      cert: PEM_KEY + PEM_CERT,
      key: PEM_KEY + PEM_CERT,
    });
    const p12 = file('client.p12', Buffer.from([0x30, 0x82, 0x01, 0x02]));
    const pkcs = natsConnectOptions(
      { ...BASE, 'keystore.file': p12, 'keystore.password': 'secret' },
      'here',
      logger,
    );
    expect(pkcs.tls).toMatchObject({ passphrase: 'secret' });
    expect(natsConnectOptions(BASE, 'here', logger).tls).toBeUndefined();
  });

  it('refuses Java key stores, trust files without certificates and tls without a key store', () => {
    const { logger } = logged();
    const jks = file('store.jks', Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]));
    expect(() => natsConnectOptions({ ...BASE, 'truststore.file': jks }, 'here', logger)).toThrow(
      /Java key store \(JKS\)/,
    );
    const empty = file('empty.pem', 'nothing');
    expect(() => natsConnectOptions({ ...BASE, 'truststore.file': empty }, 'here', logger)).toThrow(
      /holds no PEM certificate/,
    );
    expect(() => natsConnectOptions({ ...BASE, 'auth.type': 'tls' }, 'here', logger)).toThrow(
      /keystore.file/,
    );
    expect(() =>
      natsConnectOptions({ ...BASE, 'truststore.file': join(dir, 'missing.pem') }, 'here', logger),
    ).toThrow(/cannot read the trust store/);
  });
});

describe('connectionFailure', () => {
  it('makes unreachable servers retriable and keeps other errors as they are', () => {
    const refused = connectionFailure(NatsError.errorForCode(ErrorCode.ConnectionRefused), 'here');
    expect(refused).toBeInstanceOf(ConnectionUnavailableError);
    expect(refused.message).toMatch(/^here: /);
    const wrapped = connectionFailure(
      new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) }),
      'here',
    );
    expect(wrapped).toBeInstanceOf(ConnectionUnavailableError);
    const auth = NatsError.errorForCode(ErrorCode.AuthorizationViolation);
    expect(connectionFailure(auth, 'here')).toBe(auth);
    expect(connectionFailure('text', 'here').message).toBe('here: text');
  });

  it('reports a server nobody runs as unavailable', async () => {
    const port = await freePort();
    const { logger } = logged();
    await expect(
      openNatsConnection(
        { ...BASE, 'server.urls': [`nats://127.0.0.1:${String(port)}`] },
        'here',
        logger,
      ),
    ).rejects.toBeInstanceOf(ConnectionUnavailableError);
  });
});
