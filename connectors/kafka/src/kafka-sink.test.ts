// The pieces of the Kafka sinks that need no broker: payload values, partitions, sequence
// numbering, the static assigner, kafkajs error sorting, and option checks at app creation.

import { AssignerProtocol, KafkaJSConnectionError, KafkaJSNonRetriableError } from 'kafkajs';
import { builtinExtensions, createEngine, createRegistry, silentLogger } from '@tributary/engine';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import { extensions as jsonMapper } from '@tributary/mapper-json';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import { asConnectionError, isUnavailable } from './kafka-connection.js';
import { replayRange, ReplayRegistry } from './kafka-replay.js';
import { checkSequenceId, partitionOf, recordValue, SequenceNumbering } from './kafka-sink.js';
import { readSequence } from './sequence.js';
import { staticAssigner } from './static-assigner.js';

describe('recordValue / partitionOf', () => {
  it('publishes text and bytes, and refuses other payloads', () => {
    expect(recordValue('{"a":1}', 'sink')).toBe('{"a":1}');
    const bytes = new Uint8Array([1, 2]);
    expect([...(recordValue(bytes, 'sink') as Buffer)]).toEqual([1, 2]);
    expect(() => recordValue({ data: [] }, 'sink')).toThrow(/give the sink a @map/);
  });

  it('reads partition.no, leaving partitioning to the key when absent', () => {
    expect(partitionOf({ 'partition.no': '3' })).toBe(3);
    expect(partitionOf({})).toBeUndefined();
    expect(() => partitionOf({ 'partition.no': 'IBM' })).toThrow(/'IBM' is not a partition number/);
  });
});

describe('SequenceNumbering', () => {
  it('numbers from 0, framing text or bytes, and keeps the count in snapshots', () => {
    const numbering = new SequenceNumbering('s1');
    expect(numbering.frame('a', false)).toBe('s1:0~a');
    const framed = numbering.frame('b', true) as Buffer;
    expect(readSequence(framed)).toMatchObject({ sequenceId: 's1', sequenceNo: 1 });
    const restored = new SequenceNumbering('s1');
    restored.restore(numbering.snapshot());
    expect(restored.frame('c', false)).toBe('s1:2~c');
  });

  it('refuses ids that cannot be read back', () => {
    expect(checkSequenceId('ok-1')).toBe('ok-1');
    expect(() => checkSequenceId('a:b')).toThrow(/without '~' or ':'/);
  });
});

describe('staticAssigner', () => {
  it('gives every member the partitions it asked for', async () => {
    const assigner = (wanted: Record<string, number[]>) =>
      staticAssigner(wanted)({ cluster: {} as never, groupId: 'g', logger: {} as never });
    const a = assigner({ t: [0, 1] }).protocol({ topics: ['t'] });
    const b = assigner({ t: [2] }).protocol({ topics: ['t'] });
    const assignments = await assigner({}).assign({
      members: [
        { memberId: 'a', memberMetadata: a.metadata },
        { memberId: 'b', memberMetadata: b.metadata },
      ],
      topics: ['t'],
    });
    const decoded = assignments.map((m) => [
      m.memberId,
      AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment,
    ]);
    expect(decoded).toEqual([
      ['a', { t: [0, 1] }],
      ['b', { t: [2] }],
    ]);
  });
});

describe('isUnavailable / asConnectionError', () => {
  it('treats refused, dropped and timed-out connections as unavailable', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED');
    expect(isUnavailable(refused)).toBe(true);
    expect(isUnavailable(new Error('the consumer crashed', { cause: refused }))).toBe(true);
    expect(asConnectionError(refused, 'Kafka at x:1')).toBeInstanceOf(ConnectionUnavailableError);
  });

  it('leaves other errors alone', () => {
    const error = new KafkaJSNonRetriableError('SASL authentication failed');
    expect(isUnavailable(error)).toBe(false);
    expect(asConnectionError(error, 'Kafka at x:1')).toBe(error);
  });
});

describe('replay requests', () => {
  it("read Siddhi's (topic, partition, start, end) from the event", () => {
    expect(replayRange(['stocks', '1', '10', 20])).toEqual({
      topic: 'stocks',
      partition: 1,
      start: 10n,
      end: 20n,
    });
    expect(() => replayRange(['stocks', '0', '5', '4'])).toThrow(/before the start offset/);
    expect(() => replayRange(['stocks', 'x', '1', '2'])).toThrow(/not a partition number/);
  });

  it('pair sinks and sources by sink.id only while the source is registered', () => {
    const registry = new ReplayRegistry();
    const responder = { replay: () => Promise.resolve() };
    registry.register('1', responder);
    expect(registry.find('1')).toBe(responder);
    registry.unregister('1', { replay: () => Promise.resolve() });
    expect(registry.find('1')).toBe(responder);
    registry.unregister('1', responder);
    expect(registry.find('1')).toBeUndefined();
  });
});

describe('option checks at app creation', () => {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-kafka', version: '0.1.0', extensions },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapper },
    ),
    logger: silentLogger,
  });
  const problems = (app: string): string[] => {
    const created = engine.createApp(app);
    return created.ok ? [] : created.diagnostics.map((d) => `${d.code}: ${d.message}`);
  };
  const source = (options: string): string =>
    `@source(type='kafka', bootstrap.servers='localhost:9092', topic.list='t', group.id='g', ${options}, @map(type='json')) define stream S (a string);`;

  it('accepts a valid source and sink', () => {
    expect(problems(source("threading.option='single.thread'"))).toEqual([]);
    expect(
      problems(
        "@sink(type='kafka', bootstrap.servers='localhost:9092', topic='{{a}}', key='{{a}}', @map(type='json')) define stream S (a string);",
      ),
    ).toEqual([]);
  });

  it('reports impossible combinations with the option named', () => {
    expect(problems(source("threading.option='partition.wise'")).join()).toMatch(
      /'partition.wise' but 'partition.no.list' gives no partitions/,
    );
    expect(
      problems(source("threading.option='single.thread', topic.offsets.map='x=1'")).join(),
    ).toMatch(/names topic 'x', which is not in 'topic.list'/);
    expect(problems(source("threading.option='threads'")).join()).toMatch(/E_INVALID_OPTION/);
    expect(
      problems(
        "@source(type='kafkaMultiDC', bootstrap.servers='a:9092', topic='t', @map(type='json')) define stream S (a string);",
      ).join(),
    ).toMatch(/exactly two servers/);
    expect(
      problems(
        "@sink(type='kafka', bootstrap.servers='localhost:9092', topic='t', sequence.id='a:b', @map(type='json')) define stream S (a string);",
      ).join(),
    ).toMatch(/'sequence.id' 'a:b'/);
  });
});
