// TLS between the `grpc` sink and the `grpc` source with PEM stores, and the messages for
// stores Node's gRPC cannot use.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, until } from './grpc-harness.test-support.js';
import { channelCredentials, GrpcTlsError } from './grpc-tls.js';
import { grpcExtensions } from './index.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

const runs: IoAppRun[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) await run.app.shutdown();
});

describe('gRPC over TLS', () => {
  it('moves events from a sink trusting the CA to a source holding the key pair', async () => {
    const port = await freePort();
    const extensions = [...grpcExtensions(), ...jsonMapperList];
    const receiver = startIoApp(
      `@source(type='grpc', receiver.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/consume',
               keystore.file='${fixture('server.pem')}', @map(type='json'))
       define stream In (a string);`,
      { extensions },
    );
    runs.push(receiver);
    await receiver.app.whenConnected();
    const rows = receiver.collect('In');
    const sender = startIoApp(
      `@sink(type='grpc', publisher.url='grpc://127.0.0.1:${String(port)}/org.wso2.grpc.EventService/consume',
             truststore.file='${fixture('ca.pem')}', @map(type='json'))
       define stream Out (a string);`,
      { extensions },
    );
    runs.push(sender);
    await sender.app.whenConnected();
    sender.app.input('Out').send(['secret']);
    await until(() => rows.length === 1, 'the event over TLS');
    expect(rows).toEqual([['secret']]);
  });

  it('refuses a JKS store, a non-PEM file and mutual auth without a key store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grpc-tls-'));
    const jks = join(dir, 'store.jks');
    writeFileSync(jks, Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]));
    const text = join(dir, 'store.txt');
    writeFileSync(text, 'not a certificate');
    const base = {
      'enable.ssl': true,
      'mutual.auth.enabled': false,
      'keystore.file': undefined,
      'truststore.file': undefined,
    };
    expect(() => channelCredentials({ ...base, 'truststore.file': jks })).toThrow(GrpcTlsError);
    expect(() => channelCredentials({ ...base, 'truststore.file': jks })).toThrow(
      'is a Java key store (JKS)',
    );
    expect(() => channelCredentials({ ...base, 'truststore.file': text })).toThrow(
      'is not a PEM file',
    );
    expect(() => channelCredentials({ ...base, 'mutual.auth.enabled': true })).toThrow(
      'mutual.auth.enabled needs keystore.file',
    );
  });
});
