// Every example of the mqtt specs creates an app (options parsed, connections created; nothing
// connects), options that cannot work together are refused when the app is created, and the
// client options follow the app's.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import {
  connectionFailure,
  mqttClientOptions,
  openMqttClient,
  type MqttConnectionOptions,
} from './mqtt-connection.js';
import { parseQos, parseRetain } from './mqtt-sink.js';

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-mqtt', version: '0.1.0', extensions },
    { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
  ),
});

function problems(text: string): string[] {
  const created = engine.createApp(text);
  return created.ok ? [] : created.diagnostics.map((d) => `${d.code}: ${d.message}`);
}

describe('mqtt spec examples', () => {
  const examples = extensions.flatMap((e) =>
    e.spec.examples.map((x) => [`${e.kind} ${e.spec.name}: ${x.description}`, x.siddhi] as const),
  );
  it.each(examples)('%s', (_name, siddhi) => {
    expect(problems(siddhi)).toEqual([]);
  });
});

describe('mqtt options checked when the app is created', () => {
  const sink = (options: string): string =>
    `@sink(type='mqtt', url='tcp://localhost:1883', topic='t', ${options}, @map(type='json'))\n` +
    'define stream S (a int, q string);';
  const source = (options: string): string =>
    `@source(type='mqtt', url='tcp://localhost:1883', ${options}, @map(type='json'))\n` +
    'define stream S (a int);';

  it('refuses MQTT 5 properties without protocol.version 5', () => {
    expect(problems(sink("content.type='text/plain'"))).toEqual([
      expect.stringMatching(/content.type need MQTT 5: add protocol.version='5'/),
    ]);
    expect(problems(source("topic='t', session.expiry.interval='10'"))).toEqual([
      expect.stringMatching(/session.expiry.interval need MQTT 5/),
    ]);
    expect(problems(sink("protocol.version='5', content.type='text/plain'"))).toEqual([]);
  });

  it('refuses a QoS or retain flag that cannot be, unless an attribute gives it', () => {
    expect(problems(sink("quality.of.service='3'"))).toEqual([
      expect.stringMatching(/quality.of.service must be 0, 1 or 2, found '3'/),
    ]);
    expect(problems(sink("message.retain='maybe'"))).toEqual([
      expect.stringMatching(/message.retain must be true or false/),
    ]);
    expect(problems(sink("quality.of.service='{{q}}', message.retain='{{q}}'"))).toEqual([]);
    expect(problems(source("topic='t', quality.of.service='3'"))).toEqual([
      expect.stringMatching(/E_INVALID_OPTION/),
    ]);
  });

  it('refuses a URL that is not one and a missing topic', () => {
    expect(problems(source("topic='t', url2='x'"))).toEqual([
      expect.stringMatching(/E_UNKNOWN_OPTION/),
    ]);
    expect(
      problems(
        "@source(type='mqtt', url='not a url', topic='t', @map(type='json')) define stream S (a int);",
      ),
    ).toEqual([expect.stringMatching(/url 'not a url' is not a URL/)]);
    expect(
      problems(
        "@source(type='mqtt', url='tcp://h:1883', @map(type='json')) define stream S (a int);",
      ),
    ).toEqual([expect.stringMatching(/E_MISSING_OPTION/)]);
  });
});

const BASE: MqttConnectionOptions = {
  url: 'tcp://localhost:1883',
  username: undefined,
  password: undefined,
  'client.id': undefined,
  'clean.session': true,
  'keep.alive': 60,
  'connection.timeout': 30,
  'protocol.version': '3.1.1',
  'session.expiry.interval': undefined,
};

describe('mqttClientOptions', () => {
  it('maps the Siddhi options and never reconnects by itself', () => {
    const o = mqttClientOptions({
      ...BASE,
      'client.id': 'c1',
      username: 'u',
      password: 'p',
      'keep.alive': 5,
    });
    expect(o).toMatchObject({
      clientId: 'c1',
      username: 'u',
      password: 'p',
      keepalive: 5,
      connectTimeout: 30_000,
      clean: true,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    expect(mqttClientOptions(BASE).clientId).toMatch(/^tributary-/);
    expect(mqttClientOptions({ ...BASE, 'protocol.version': '3.1' })).toMatchObject({
      protocolVersion: 3,
      protocolId: 'MQIsdp',
    });
  });

  it('keeps an MQTT 5 session that is not clean unless told otherwise', () => {
    expect(
      mqttClientOptions({ ...BASE, 'protocol.version': '5', 'clean.session': false }).properties,
    ).toEqual({ sessionExpiryInterval: 0xffffffff });
    expect(
      mqttClientOptions({ ...BASE, 'protocol.version': '5', 'session.expiry.interval': 30 })
        .properties,
    ).toEqual({ sessionExpiryInterval: 30 });
    expect(mqttClientOptions({ ...BASE, 'protocol.version': '5' }).properties).toBeUndefined();
  });
});

describe('connection errors', () => {
  it('retries an unreachable or busy broker but not refused credentials', () => {
    expect(
      connectionFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'h'),
    ).toBeInstanceOf(ConnectionUnavailableError);
    expect(connectionFailure(Object.assign(new Error('busy'), { code: 0x89 }), 'h')).toBeInstanceOf(
      ConnectionUnavailableError,
    );
    const refused = connectionFailure(Object.assign(new Error('Not authorized'), { code: 5 }), 'h');
    expect(refused).not.toBeInstanceOf(ConnectionUnavailableError);
    expect(refused.message).toContain('the broker refused the connection');
  });

  it('reports a broker nobody runs as unavailable', async () => {
    await expect(
      openMqttClient({ ...BASE, url: 'tcp://127.0.0.1:1', 'connection.timeout': 2 }, 'here'),
    ).rejects.toBeInstanceOf(ConnectionUnavailableError);
  });

  it('reads QoS and retain texts', () => {
    expect([parseQos('0', 'h'), parseQos(' 2 ', 'h')]).toEqual([0, 2]);
    expect(() => parseQos('x', 'h')).toThrow(/found 'x'/);
    expect([parseRetain('TRUE', 'h'), parseRetain('false', 'h')]).toEqual([true, false]);
  });
});
