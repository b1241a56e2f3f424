// Every example of the rabbitmq specs creates an app (options parsed, connections created;
// nothing connects), options that cannot work together are refused when the app is created,
// and the connection helpers read URIs and errors as they should.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import {
  connectionFailure,
  connectionUrl,
  openConnection,
  redact,
  type RabbitmqConnectionOptions,
} from './rabbitmq-connection.js';
import { timestampSeconds } from './rabbitmq-sink.js';
import { bindingArguments } from './rabbitmq-source.js';

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-rabbitmq', version: '0.1.0', extensions },
    { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
  ),
});

function problems(text: string): string[] {
  const created = engine.createApp(text);
  return created.ok ? [] : created.diagnostics.map((d) => `${d.code}: ${d.message}`);
}

describe('rabbitmq spec examples', () => {
  const examples = extensions.flatMap((e) =>
    e.spec.examples.map((x) => [`${e.kind} ${e.spec.name}: ${x.description}`, x.siddhi] as const),
  );
  it.each(examples)('%s', (_name, siddhi) => {
    expect(problems(siddhi)).toEqual([]);
  });
});

describe('rabbitmq options checked when the app is created', () => {
  const sink = (options: string): string =>
    `@sink(type='rabbitmq', uri='amqp://guest:guest@localhost:5672', exchange.name='x', ${options}, ` +
    "@map(type='json'))\ndefine stream S (a int, b string);";
  const source = (options: string): string =>
    `@source(type='rabbitmq', uri='amqp://guest:guest@localhost:5672', exchange.name='x', ${options}, ` +
    "@map(type='json'))\ndefine stream S (a int);";

  it('refuses values that cannot be, unless an attribute gives them', () => {
    expect(problems(sink("delivery.mode='3'"))).toEqual([
      expect.stringMatching(/delivery.mode must be 1 or 2/),
    ]);
    expect(problems(sink("priority='high'"))).toEqual([expect.stringMatching(/priority must be/)]);
    expect(problems(sink("exchange.type='funny'"))).toEqual([
      expect.stringMatching(/exchange.type must be direct, fanout, topic, headers/),
    ]);
    expect(problems(sink("exchange.durable.enabled='yes'"))).toEqual([
      expect.stringMatching(/exchange.durable.enabled must be true or false/),
    ]);
    expect(problems(sink("timestamp='soon'"))).toEqual([
      expect.stringMatching(/neither epoch milliseconds nor an ISO-8601 time/),
    ]);
    expect(problems(sink("headers='nocolon'"))).toEqual([expect.stringMatching(/key:value/)]);
    expect(
      problems(sink("priority='{{a}}', exchange.type='{{b}}', exchange.durable.enabled='{{b}}'")),
    ).toEqual([]);
  });

  it('refuses a bad URI, a bad exchange type and dynamic source options', () => {
    expect(
      problems(
        "@source(type='rabbitmq', uri='http://x', exchange.name='x', @map(type='json')) define stream S (a int);",
      ),
    ).toEqual([expect.stringMatching(/must start with amqp:\/\/ or amqps:\/\//)]);
    expect(problems(source("exchange.type='funny'"))).toEqual([
      expect.stringMatching(/E_INVALID_OPTION/),
    ]);
    expect(problems(source("routing.key='{{a}}'"))).toEqual([
      expect.stringMatching(/E_OPTION_NOT_DYNAMIC/),
    ]);
    expect(problems(source("prefetch.count='0'"))).toEqual([
      expect.stringMatching(/prefetch.count must be 1 or more/),
    ]);
  });
});

const BASE: RabbitmqConnectionOptions = {
  uri: 'amqp://guest:secret@localhost:5672/vh',
  heartbeat: 60,
  'tls.enabled': false,
  'tls.truststore.path': undefined,
  'tls.truststore.password': undefined,
  'tls.truststore.type': 'JKS',
  'tls.version': 'SSL',
};

describe('rabbitmq connection helpers', () => {
  it('adds the heartbeat and the TLS scheme to the URI, keeping a heartbeat it has', () => {
    expect(connectionUrl(BASE)).toBe('amqp://guest:secret@localhost:5672/vh?heartbeat=60');
    expect(connectionUrl({ ...BASE, 'tls.enabled': true, heartbeat: 5 })).toBe(
      'amqps://guest:secret@localhost:5672/vh?heartbeat=5',
    );
    expect(connectionUrl({ ...BASE, uri: 'amqp://h/?heartbeat=9' })).toBe('amqp://h/?heartbeat=9');
  });

  it('never shows the password', () => {
    expect(redact('amqp://guest:secret@localhost:5672')).toBe('amqp://guest:***@localhost:5672');
    expect(() => connectionUrl({ ...BASE, uri: 'amqp://u:pw@' })).toThrow(/u:\*\*\*@/);
  });

  it('retries unreachable brokers and closed connections, not refused operations', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(connectionFailure(refused, 'h')).toBeInstanceOf(ConnectionUnavailableError);
    expect(connectionFailure(new Error('Channel closed'), 'h')).toBeInstanceOf(
      ConnectionUnavailableError,
    );
    const forbidden = Object.assign(new Error('ACCESS_REFUSED'), { code: 403 });
    expect(connectionFailure(forbidden, 'h')).not.toBeInstanceOf(ConnectionUnavailableError);
  });

  it('reports a broker nobody runs as unavailable', async () => {
    await expect(
      openConnection({ ...BASE, uri: 'amqp://guest:guest@127.0.0.1:1' }, 'test', 'here'),
    ).rejects.toBeInstanceOf(ConnectionUnavailableError);
  });

  it('reads binding arguments and timestamps', () => {
    expect(bindingArguments("'region:eu','x-match:any'")).toEqual({
      region: 'eu',
      'x-match': 'any',
    });
    expect(bindingArguments(undefined)).toBeUndefined();
    expect(bindingArguments("''")).toBeUndefined();
    expect(timestampSeconds('1700000000999')).toBe(1_700_000_000);
    expect(timestampSeconds('2024-01-01T00:00:00Z')).toBe(1_704_067_200);
    expect(timestampSeconds(undefined)).toBeUndefined();
  });
});
