// `bootstrap.servers` and `optional.configuration` into kafkajs settings: defaults, TLS, SASL,
// producer and consumer properties, and the properties that cannot be honoured.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  kafkaConfiguration,
  KafkaConfigurationError,
  parseBootstrapServers,
  parseOptionalConfiguration,
} from './kafka-config.js';

const dir = mkdtempSync(join(tmpdir(), 'kafka-config-'));
const pem = join(dir, 'ca.pem');
writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const jks = join(dir, 'truststore.jks');
writeFileSync(jks, Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]));

describe('parseBootstrapServers', () => {
  it('splits and trims host:port entries', () => {
    expect(parseBootstrapServers(' a:9092, b:9093 ,')).toEqual(['a:9092', 'b:9093']);
  });

  it('refuses entries without a port', () => {
    expect(() => parseBootstrapServers('localhost')).toThrow(/'localhost' is not 'host:port'/);
    expect(() => parseBootstrapServers(' , ')).toThrow(KafkaConfigurationError);
  });
});

describe('parseOptionalConfiguration', () => {
  it("splits on ',' then on the first ':' as Siddhi does", () => {
    const entries = parseOptionalConfiguration(
      'acks:1, ssl.endpoint.identification.algorithm:,x:a:b',
    );
    expect([...entries]).toEqual([
      ['acks', '1'],
      ['ssl.endpoint.identification.algorithm', ''],
      ['x', 'a:b'],
    ]);
  });

  it('refuses an entry without a value separator', () => {
    expect(() => parseOptionalConfiguration('acks')).toThrow(/'acks' is not 'property:value'/);
  });
});

describe('kafkaConfiguration', () => {
  it('has Siddhi-compatible defaults', () => {
    const config = kafkaConfiguration('localhost:9092', undefined);
    expect(config.client).toMatchObject({
      brokers: ['localhost:9092'],
      ssl: undefined,
      sasl: undefined,
    });
    expect(config.consumer).toMatchObject({ sessionTimeout: 30_000, fromBeginning: true });
    expect(config.producer).toMatchObject({ acks: -1, gzip: false, lingerMs: 0 });
    expect(config.ignored).toEqual([]);
  });

  it('reads SASL credentials from sasl.jaas.config', () => {
    const config = kafkaConfiguration(
      'b:9093',
      'security.protocol:SASL_SSL,sasl.mechanism:SCRAM-SHA-512,' +
        'sasl.jaas.config:org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3\\"cr";',
    );
    expect(config.client.sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'alice',
      password: 's3"cr',
    });
    expect(config.client.ssl).toEqual({});
  });

  it('reads PEM trust stores and host-name checking', () => {
    const config = kafkaConfiguration(
      'b:9093',
      `security.protocol:SSL,ssl.truststore.type:PEM,ssl.truststore.location:${pem},ssl.endpoint.identification.algorithm:`,
    );
    expect(config.client.ssl?.ca).toContain('BEGIN CERTIFICATE');
    expect(config.client.ssl?.checkServerIdentity?.('other-host', {} as never)).toBeUndefined();
  });

  it('refuses JKS stores and codecs kafkajs lacks, saying what to use', () => {
    expect(() =>
      kafkaConfiguration('b:9093', `security.protocol:SSL,ssl.truststore.location:${jks}`),
    ).toThrow(/must be PEM/);
    expect(() =>
      kafkaConfiguration('b:9093', `security.protocol:SSL,ssl.keystore.location:${jks}`),
    ).toThrow(/PKCS12 or PEM/);
    expect(() => kafkaConfiguration('b:9093', 'compression.type:snappy')).toThrow(
      /use none or gzip/,
    );
    expect(() => kafkaConfiguration('b:9093', 'security.protocol:SASL_PLAINTEXT')).toThrow(
      /needs a user name and password/,
    );
    expect(() =>
      kafkaConfiguration(
        'b:9093',
        'security.protocol:SASL_PLAINTEXT,sasl.mechanism:GSSAPI,sasl.username:u,sasl.password:p',
      ),
    ).toThrow(/'GSSAPI' is not supported/);
  });

  it('maps producer and consumer properties', () => {
    const config = kafkaConfiguration(
      'b:9092',
      'acks:1,compression.type:gzip,linger.ms:5,batch.size:65536,enable.idempotence:true,' +
        'auto.offset.reset:latest,fetch.max.wait.ms:100,session.timeout.ms:10000,isolation.level:read_committed',
    );
    expect(config.producer).toMatchObject({
      acks: 1,
      gzip: true,
      lingerMs: 5,
      batchBytes: 65_536,
      idempotent: true,
    });
    expect(config.consumer).toMatchObject({
      fromBeginning: false,
      maxWaitTimeInMs: 100,
      sessionTimeout: 10_000,
      readUncommitted: false,
    });
  });

  it('reports properties without a kafkajs counterpart, but not the serializers Siddhi sets', () => {
    const config = kafkaConfiguration(
      'b:9092',
      'max.poll.records:10,value.deserializer:org.apache.kafka.common.serialization.StringDeserializer',
    );
    expect(config.ignored).toEqual(['max.poll.records']);
  });

  it('refuses malformed numbers', () => {
    expect(() => kafkaConfiguration('b:9092', 'linger.ms:soon')).toThrow(
      /'linger.ms' must be a whole number/,
    );
  });
});
