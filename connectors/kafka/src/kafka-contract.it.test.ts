// The engine's source and sink contract suites for the `kafka` source and sink, against a real
// Kafka broker (started for this file, or the one at KAFKA_BROKERS).

import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import { extensions as jsonMapper } from '@tributary/mapper-json';
import { extensions as kafka } from './index.js';
import { useKafka } from './kafka-harness.test-support.js';

const fixture = useKafka();
const extensions = [...kafka, ...jsonMapper];
const batch: Rows = [
  ['IBM', 75.5, 100],
  ['WSO2', 57.25, 20],
];
const sourceTopic = fixture.topic('contract-source');
const sinkTopic = fixture.topic('contract-sink');

function json(rows: Rows): { value: string }[] {
  return rows.map(([symbol, price, volume]) => ({
    value: JSON.stringify({ event: { symbol, price, volume } }),
  }));
}

describeSourceContract('kafka', {
  extensions,
  get app() {
    return (
      `@source(type='kafka', bootstrap.servers='${fixture.brokers}', topic.list='${sourceTopic}', ` +
      `group.id='contract-${sourceTopic}', threading.option='single.thread', @map(type='json')) ` +
      'define stream S (symbol string, price double, volume long);'
    );
  },
  batch,
  timeoutMs: 30_000,
  deliver: (rows) => fixture.produce(sourceTopic, json(rows)),
});

describeSinkContract('kafka', {
  extensions,
  get app() {
    return (
      `@sink(type='kafka', bootstrap.servers='${fixture.brokers}', topic='${sinkTopic}', @map(type='json')) ` +
      'define stream S (symbol string, price double, volume long);'
    );
  },
  batch,
  timeoutMs: 30_000,
  collect: async () => {
    const collector = await fixture.collect(sinkTopic);
    return {
      // A chunk of events may be one message holding a JSON array (event.grouping.enabled).
      received: () =>
        collector
          .json()
          .flat()
          .map((value) => {
            const { symbol, price, volume } = (value as { event: Record<string, unknown> }).event;
            return [symbol, price, volume];
          }),
      close: () => collector.close(),
    };
  },
});
