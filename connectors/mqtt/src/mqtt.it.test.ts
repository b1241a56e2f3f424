// The mqtt source and sink options against the Mosquitto broker on loopback: QoS 2, retained
// messages, persistent sessions, acknowledgement after processing, MQTT 5 properties, dynamic
// topics and QoS, and an app from source to sink.

import { FaultInjector, faultySink } from '@tributary/engine/testing';
import type { IPublishPacket } from 'mqtt';
import { describe, expect, it } from 'vitest';
import {
  client,
  collectTopic,
  createApp,
  jsonMessages,
  MQTT_URL,
  startApp,
  uniqueName,
  until,
} from './mqtt-harness.test-support.js';

const NAMES = ['symbol', 'price'];
const STREAM = 'define stream S (symbol string, price double);';

function rows(count: number, from = 0): unknown[][] {
  return Array.from({ length: count }, (_, i) => [`S${String(from + i)}`, from + i + 0.5]);
}

async function publish(
  topic: string,
  data: readonly (readonly unknown[])[],
  options: { qos?: 0 | 1 | 2; retain?: boolean } = {},
): Promise<void> {
  const c = await client();
  for (const message of jsonMessages(NAMES, data)) {
    await c.publishAsync(topic, message, {
      qos: options.qos ?? 1,
      retain: options.retain ?? false,
    });
  }
  await c.endAsync();
}

function source(topic: string, options: string): string {
  return `@source(type='mqtt', url='${MQTT_URL}', topic='${topic}', ${options} @map(type='json'))\n${STREAM}`;
}

/** Removes a kept session (connecting with a clean session ends it). */
async function dropSession(clientId: string): Promise<void> {
  const c = await client({ clientId, clean: true });
  await c.endAsync();
}

describe('mqtt source', () => {
  it('receives QoS 2 messages from several topics and reads transport properties', async () => {
    const a = uniqueName('qos2/a');
    const b = uniqueName('qos2/b');
    const app = await startApp(
      `@source(type='mqtt', url='${MQTT_URL}', topic='${a},${b}', quality.of.service='2', ` +
        "@map(type='json', @attributes(symbol='$.event.symbol', topic='trp:topic', qos='trp:qos', " +
        "retain='trp:retain')))\ndefine stream S (symbol string, topic string, qos string, retain string);",
    );
    try {
      const got: unknown[][] = [];
      app.onStream('S', (events) => {
        for (const e of events) got.push([...e.data]);
      });
      await publish(a, rows(1), { qos: 2 });
      await publish(b, rows(1, 1), { qos: 2 });
      await until(
        () => got.length === 2,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([
        ['S0', a, '2', 'false'],
        ['S1', b, '2', 'false'],
      ]);
    } finally {
      await app.shutdown();
    }
  });

  it('receives the retained message of a topic when it subscribes', async () => {
    const topic = uniqueName('retained');
    await publish(topic, rows(1), { retain: true });
    const app = await startApp(
      `@source(type='mqtt', url='${MQTT_URL}', topic='${topic}', ` +
        "@map(type='json', @attributes(symbol='$.event.symbol', retain='trp:retain')))\n" +
        'define stream S (symbol string, retain string);',
    );
    try {
      const got: unknown[][] = [];
      app.onStream('S', (events) => {
        for (const e of events) got.push([...e.data]);
      });
      await until(
        () => got.length === 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([['S0', 'true']]);
    } finally {
      await app.shutdown();
      const c = await client();
      await c.publishAsync(topic, '', { retain: true, qos: 1 });
      await c.endAsync();
    }
  });

  it('with clean.session=false receives what was published while it was away', async () => {
    const topic = uniqueName('session');
    const clientId = uniqueName('persistent');
    const text = source(
      topic,
      `client.id='${clientId}', clean.session='false', quality.of.service='1',`,
    );
    try {
      const first = await startApp(text);
      await first.shutdown();
      await publish(topic, rows(3));
      // Listen before starting: the kept messages come as soon as it connects.
      const second = createApp(text);
      const got: unknown[][] = [];
      second.onStream('S', (events) => {
        for (const e of events) got.push([...e.data]);
      });
      second.start();
      try {
        await until(
          () => got.length === 3,
          () => JSON.stringify(got),
        );
        expect(got).toEqual(rows(3));
      } finally {
        await second.shutdown();
      }
    } finally {
      await dropSession(clientId);
    }
  });

  it('acknowledges a QoS 1 message only after its sink acknowledged the events', async () => {
    const topic = uniqueName('acks');
    const clientId = uniqueName('held');
    const faults = new FaultInjector().holdPublishes();
    const app = await startApp(
      `${source(topic, `client.id='${clientId}', clean.session='false', quality.of.service='1',`)}\n` +
        "@sink(type='faulty')\ndefine stream O (symbol string, price double);\n" +
        'from S select * insert into O;',
      { extensions: [faultySink(faults)], delays: [60_000] },
    );
    let thief: Awaited<ReturnType<typeof client>> | undefined;
    try {
      await publish(topic, rows(3));
      await until(
        () => faults.published.length === 1,
        () => `published ${String(faults.published.length)}`,
      );
      // Messages are processed in order: the second waits for the first's acknowledgement.
      expect(faults.published).toHaveLength(1);
      // Take the session over (same client id): the broker hands the unacknowledged messages,
      // the first one again (dup), to the new client.
      const taken: IPublishPacket[] = [];
      thief = await client({ clientId, clean: false }, (_topic, _payload, packet) => {
        taken.push(packet);
      });
      await until(
        () => taken.length === 3,
        () => `the new session got ${String(taken.length)} messages`,
      );
      expect(taken.map((p) => JSON.parse(p.payload.toString()) as unknown)).toEqual(
        jsonMessages(NAMES, rows(3)).map((m) => JSON.parse(m) as unknown),
      );
      expect(taken[0]?.dup).toBe(true);
    } finally {
      faults.releasePublishes();
      await thief?.endAsync();
      await app.shutdown();
      await dropSession(clientId);
    }
  });

  it('reads MQTT 5 properties and user properties', async () => {
    const topic = uniqueName('mqtt5');
    const app = await startApp(
      `@source(type='mqtt', url='${MQTT_URL}', topic='${topic}', protocol.version='5', ` +
        "@map(type='json', @attributes(symbol='$.event.symbol', type='trp:content.type', " +
        "reply='trp:response.topic', correlation='trp:correlation.data', region='trp:region')))\n" +
        'define stream S (symbol string, type string, reply string, correlation string, region string);',
    );
    try {
      const got: unknown[][] = [];
      app.onStream('S', (events) => {
        for (const e of events) got.push([...e.data]);
      });
      const c = await client({ protocolVersion: 5 });
      await c.publishAsync(topic, JSON.stringify({ event: { symbol: 'IBM' } }), {
        qos: 1,
        properties: {
          contentType: 'application/json',
          responseTopic: 'answers',
          correlationData: Buffer.from('c-1'),
          userProperties: { region: 'eu' },
        },
      });
      await c.endAsync();
      await until(
        () => got.length === 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([['IBM', 'application/json', 'answers', 'c-1', 'eu']]);
    } finally {
      await app.shutdown();
    }
  });
});

describe('mqtt sink', () => {
  it('publishes to the topic and with the QoS an event names, and retains when asked', async () => {
    const prefix = uniqueName('dynamic');
    const seen: [string, number, boolean][] = [];
    const c = await client();
    c.on('message', (topic, _payload, packet) => {
      seen.push([topic, packet.qos, packet.retain]);
    });
    await c.subscribeAsync(`${prefix}/#`, { qos: 2 });
    const app = await startApp(
      `@sink(type='mqtt', url='${MQTT_URL}', topic='${prefix}/{{symbol}}', ` +
        "quality.of.service='{{qos}}', @map(type='json'))\n" +
        'define stream S (symbol string, qos int);',
    );
    try {
      app.input('S').send(['A', 0]);
      app.input('S').send(['B', 2]);
      await until(
        () => seen.length === 2,
        () => JSON.stringify(seen),
      );
      expect(seen.sort()).toEqual([
        [`${prefix}/A`, 0, false],
        [`${prefix}/B`, 2, false],
      ]);
    } finally {
      await app.shutdown();
      await c.endAsync();
    }
    const retainApp = await startApp(
      `@sink(type='mqtt', url='${MQTT_URL}', topic='${prefix}/kept', message.retain='true', ` +
        `@map(type='json'))\n${STREAM}`,
    );
    try {
      retainApp.input('S').send(['KEPT', 1.5]);
      await retainApp.idle();
      const late = await collectTopic(`${prefix}/kept`, NAMES);
      await until(
        () => late.received().length === 1,
        () => 'no retained message',
      );
      expect(late.received()).toEqual([['KEPT', 1.5]]);
      await late.close();
    } finally {
      await retainApp.shutdown();
      const cleaner = await client();
      await cleaner.publishAsync(`${prefix}/kept`, '', { retain: true, qos: 1 });
      await cleaner.endAsync();
    }
  });

  it('sends MQTT 5 properties', async () => {
    const topic = uniqueName('props');
    const packets: IPublishPacket[] = [];
    const c = await client({ protocolVersion: 5 });
    c.on('message', (_topic, _payload, packet) => {
      packets.push(packet);
    });
    await c.subscribeAsync(topic, { qos: 1 });
    const app = await startApp(
      `@sink(type='mqtt', url='${MQTT_URL}', topic='${topic}', protocol.version='5', ` +
        "content.type='application/json', response.topic='replies/{{symbol}}', " +
        "correlation.data='{{symbol}}-1', user.properties=\"'region:eu','symbol:{{symbol}}'\", " +
        `message.expiry.interval='60', @map(type='json'))\n${STREAM}`,
    );
    try {
      app.input('S').send(['IBM', 1.5]);
      await until(
        () => packets.length === 1,
        () => 'nothing received',
      );
      const properties = packets[0]?.properties;
      expect(properties?.contentType).toBe('application/json');
      expect(properties?.responseTopic).toBe('replies/IBM');
      expect(properties?.correlationData?.toString()).toBe('IBM-1');
      expect(properties?.userProperties).toEqual({ region: 'eu', symbol: 'IBM' });
      expect(properties?.messageExpiryInterval).toBeGreaterThan(50);
    } finally {
      await app.shutdown();
      await c.endAsync();
    }
  });

  it('routes an event whose QoS is not 0, 1 or 2 by on.error', async () => {
    const topic = uniqueName('badqos');
    const logs: string[] = [];
    const app = await startApp(
      `@sink(type='mqtt', url='${MQTT_URL}', topic='${topic}', quality.of.service='{{qos}}', ` +
        "@map(type='json'))\ndefine stream S (qos int);",
      { logs },
    );
    try {
      app.input('S').send([7]);
      await app.idle();
      expect(logs.join('\n')).toContain("quality.of.service must be 0, 1 or 2, found '7'");
    } finally {
      await app.shutdown();
    }
  });
});

describe('an app from an mqtt source to an mqtt sink', () => {
  it('filters QoS 1 events into another topic', async () => {
    const input = uniqueName('e2e/in');
    const output = uniqueName('e2e/out');
    const out = await collectTopic(output, NAMES);
    const app = await startApp(
      `@App:name('MqttFilter')\n${source(input, "quality.of.service='1',")}\n` +
        `@sink(type='mqtt', url='${MQTT_URL}', topic='${output}', @map(type='json'))\n` +
        'define stream Expensive (symbol string, price double);\n' +
        'from S[price > 10.0] select symbol, price insert into Expensive;',
    );
    try {
      await publish(input, [
        ['IBM', 75.5],
        ['CHEAP', 1.5],
        ['WSO2', 57.25],
      ]);
      await until(
        () => out.received().length === 2,
        () => JSON.stringify(out.received()),
      );
      expect(out.received()).toEqual([
        ['IBM', 75.5],
        ['WSO2', 57.25],
      ]);
    } finally {
      await app.shutdown();
      await out.close();
    }
  });
});
