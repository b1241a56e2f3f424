// Every example of the nats specs creates an app (options parsed, connections created; nothing
// connects), and options that cannot work together are refused when the app is created.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import { startTime, usesJetStream } from './nats-source.js';

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-nats', version: '0.1.0', extensions },
    { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
  ),
});

function problems(text: string): string[] {
  const created = engine.createApp(text);
  return created.ok ? [] : created.diagnostics.map((d) => `${d.code}: ${d.message}`);
}

describe('nats spec examples', () => {
  const examples = extensions.flatMap((e) =>
    e.spec.examples.map((x) => [`${e.kind} ${e.spec.name}: ${x.description}`, x.siddhi] as const),
  );
  it.each(examples)('%s', (_name, siddhi) => {
    expect(problems(siddhi)).toEqual([]);
  });
});

describe('nats options checked when the app is created', () => {
  const source = (options: string): string =>
    `@source(type='nats', destination='d', ${options}, @map(type='json'))\ndefine stream S (a int);`;
  const sink = (options: string): string =>
    `@sink(type='nats', destination='d', ${options}, @map(type='json'))\ndefine stream S (a int);`;

  it('refuses a start position given twice, and bad values', () => {
    expect(problems(source("subscription.sequence='3', subscription.time='0'"))).toEqual([
      expect.stringMatching(/E_IO_CREATE: .*subscription.sequence or subscription.time, not both/),
    ]);
    expect(problems(source("subscription.sequence='0'"))).toEqual([
      expect.stringMatching(/subscription.sequence must be 1 or more/),
    ]);
    expect(problems(source("subscription.time='yesterday'"))).toEqual([
      expect.stringMatching(/neither an ISO-8601 time nor epoch ms/),
    ]);
    expect(problems(source("ack.wait='0'"))).toEqual([expect.stringMatching(/ack.wait must be/)]);
    expect(problems(source("max.ack.pending='0'"))).toEqual([
      expect.stringMatching(/max.ack.pending must be/),
    ]);
  });

  it('refuses unknown keys and values of the wrong type', () => {
    expect(problems(source("queue.group='g'"))).toEqual([
      expect.stringMatching(/E_UNKNOWN_OPTION: .*queue.group/),
    ]);
    expect(problems(source("auth.type='kerberos'"))).toEqual([
      expect.stringMatching(/E_INVALID_OPTION/),
    ]);
  });

  it('refuses a message id without JetStream and malformed static headers', () => {
    expect(problems(sink("message.id='{{a}}'"))).toEqual([
      expect.stringMatching(/message.id needs JetStream/),
    ]);
    expect(problems(sink("headers='nocolon'"))).toEqual([expect.stringMatching(/key:value/)]);
    expect(
      problems(sink("headers=\"'id:{{a}}'\", jetstream.enabled='true', message.id='{{a}}'")),
    ).toEqual([]);
  });

  it('allows only the sink subject, headers and message id to name attributes', () => {
    expect(problems(source("queue.group.name='{{a}}'"))).toEqual([
      expect.stringMatching(/E_OPTION_NOT_DYNAMIC/),
    ]);
  });
});

describe('usesJetStream and startTime', () => {
  it("turns JetStream on with jetstream.enabled or any of Siddhi's streaming keys", () => {
    const off = { 'jetstream.enabled': false };
    expect(usesJetStream(off)).toBe(false);
    expect(usesJetStream({ ...off, 'jetstream.enabled': true })).toBe(true);
    for (const key of ['cluster.id', 'streaming.cluster.id', 'durable.name', 'stream.name']) {
      expect(usesJetStream({ ...off, [key]: 'x' })).toBe(true);
    }
    expect(usesJetStream({ ...off, 'queue.group.name': 'g' })).toBe(false);
  });

  it('reads ISO-8601 times and epoch milliseconds', () => {
    expect(startTime('1000')).toBe('1970-01-01T00:00:01.000Z');
    expect(startTime('2024-05-01T10:00:00+02:00')).toBe('2024-05-01T08:00:00.000Z');
  });
});
