// Kafka JSON → filter → Kafka at zero lag: an app with a `kafka` source and sink (json mappers)
// beside raw kafkajs doing the same consume → parse → filter → produce work, both reading a
// topic filled beforehand. Prints messages/s (input records) and CPU ms per 100k messages of
// this process (the broker runs in its own). Needs Java and Maven (see test/support/kafka-broker.ts)
// or a broker at KAFKA_BROKERS.

import { randomUUID } from 'node:crypto';
import { builtinExtensions, createEngine, createRegistry, silentLogger } from '@tributary/engine';
import { Kafka, logLevel, Partitioners, CompressionTypes, type Admin } from 'kafkajs';
import { extensions as kafkaExtensions } from '../connectors/kafka/src/index.js';
import { extensions as jsonExtensions } from '../mappers/json/src/index.js';
import { startKafka } from '../test/support/kafka-broker.js';
import { median, rate, type Bench, type BenchOptions } from './bench.js';

const MESSAGES = Number(process.env.KAFKA_BENCH_MESSAGES ?? 200_000);
const SYMBOLS = ['IBM', 'WSO2', 'ORCL', 'MSFT', 'GOOG', 'AMZN', 'AAPL', 'TSLA'];
const TIMEOUT_MS = 180_000;

interface Run {
  readonly ms: number;
  readonly cpuMs: number;
  readonly outputs: number;
}

function quietClient(brokers: string): Kafka {
  return new Kafka({
    brokers: [brokers],
    clientId: 'kafka-bench',
    logLevel: logLevel.NOTHING,
  });
}

/** The input: `{"event":{…}}` records, half of them with price > 50. */
async function fill(kafka: Kafka, topic: string): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let passing = 0;
  const chunk = 10_000;
  for (let start = 0; start < MESSAGES; start += chunk) {
    const messages = [];
    for (let i = start; i < Math.min(MESSAGES, start + chunk); i += 1) {
      const price = (i % 100) + 0.5;
      if (price > 50) passing += 1;
      const symbol = SYMBOLS[i % SYMBOLS.length] ?? 'IBM';
      messages.push({
        value: JSON.stringify({ event: { symbol, price, volume: i } }),
      });
    }
    await producer.send({ topic, messages, acks: 1, compression: CompressionTypes.None });
  }
  await producer.disconnect();
  return passing;
}

/** Records in `topic` (the sum of its partitions' high watermarks). */
async function recordCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

async function waitForRecords(admin: Admin, topic: string, expected: number): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const count = await recordCount(admin, topic).catch(() => 0);
    if (count >= expected) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${topic}: ${String(count)} of ${String(expected)} records after ${String(TIMEOUT_MS)} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function timed(start: () => Promise<void>, done: () => Promise<void>): Promise<Run> {
  return (async () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await start();
    await done();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, outputs: 0 };
  })();
}

/** One pass of the engine: a new app (new group, new output topic) over the filled topic. */
async function engineRun(
  brokers: string,
  admin: Admin,
  input: string,
  expected: number,
): Promise<Run> {
  const output = `bench-out-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic: output }], waitForLeaders: true });
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-kafka', version: '0.1.0', extensions: kafkaExtensions },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonExtensions },
    ),
    logger: silentLogger,
  });
  const created = engine.createApp(
    `@app:name('KafkaBench')
@source(type='kafka', bootstrap.servers='${brokers}', topic.list='${input}', group.id='bench-${randomUUID()}',
        threading.option='single.thread', @map(type='json'))
define stream In (symbol string, price double, volume long);
@sink(type='kafka', bootstrap.servers='${brokers}', topic='${output}',
      optional.configuration='acks:1', @map(type='json', event.grouping.enabled='false'))
define stream Out (symbol string, price double, volume long);
from In[price > 50] select symbol, price, volume insert into Out;`,
  );
  if (!created.ok) {
    throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  }
  const app = created.app;
  const run = await timed(
    async () => {
      app.start();
      await app.whenConnected();
    },
    () => waitForRecords(admin, output, expected),
  );
  await app.shutdown();
  await admin.deleteTopics({ topics: [output] }).catch(() => undefined);
  return { ...run, outputs: await Promise.resolve(expected) };
}

/** One pass of raw kafkajs doing the same work: eachBatch, parse, filter, produce, then the next batch. */
async function rawRun(kafka: Kafka, admin: Admin, input: string, expected: number): Promise<Run> {
  const output = `bench-out-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic: output }], waitForLeaders: true });
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}`, maxWaitTimeInMs: 500 });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const run = await timed(
    async () => {
      await Promise.all([consumer.connect(), producer.connect()]);
      await consumer.subscribe({ topics: [input], fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        eachBatch: async (payload) => {
          const batch = payload.batch;
          const out: { value: string }[] = [];
          for (const message of batch.messages) {
            if (message.value === null) continue;
            const { event } = JSON.parse(message.value.toString('utf8')) as {
              event: { symbol: string; price: number; volume: number };
            };
            if (event.price > 50) {
              out.push({
                value: JSON.stringify({
                  event: { symbol: event.symbol, price: event.price, volume: event.volume },
                }),
              });
            }
          }
          // Requests of 256 messages: kafkajs groups a request's messages by partition in
          // quadratic time, so one request per batch of thousands would be slower.
          const requests = [];
          for (let start = 0; start < out.length; start += 256) {
            requests.push(
              producer.sendBatch({
                topicMessages: [{ topic: output, messages: out.slice(start, start + 256) }],
                acks: 1,
                compression: CompressionTypes.None,
              }),
            );
          }
          await Promise.all(requests);
          payload.resolveOffset(batch.lastOffset());
        },
      });
    },
    () => waitForRecords(admin, output, expected),
  );
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [output] }).catch(() => undefined);
  return { ...run, outputs: expected };
}

function describeRuns(label: string, runs: readonly Run[]): string {
  const rates = runs.map((r) => (MESSAGES * 1000) / r.ms);
  const cpu = runs.map((r) => (r.cpuMs * 100_000) / MESSAGES);
  // What other processes on the machine cannot inflate: messages per cpu-second of this process.
  const perCpuSecond = (100_000 * 1000) / median(cpu);
  return (
    `${label}: ${rate(median(rates))} messages/s (min ${rate(Math.min(...rates))}, max ${rate(Math.max(...rates))}); ` +
    `CPU ${median(cpu).toFixed(0)} ms per 100k messages (${rate(perCpuSecond)} messages per cpu-second)`
  );
}

async function runKafkaBench(options: BenchOptions): Promise<readonly string[]> {
  // The bench runs pinned to core 1 (run.ts); the broker gets core 0.
  const broker = await startKafka({ cpus: '0' });
  const kafka = quietClient(broker.brokers);
  const admin = kafka.admin();
  await admin.connect();
  const input = `bench-in-${randomUUID()}`;
  try {
    await admin.createTopics({ topics: [{ topic: input }], waitForLeaders: true });
    const expected = await fill(kafka, input);
    const engineRuns: Run[] = [];
    const rawRuns: Run[] = [];
    const total = options.warmupRounds + options.rounds;
    for (let r = 0; r < total; r += 1) {
      const e = await engineRun(broker.brokers, admin, input, expected);
      const raw = await rawRun(kafka, admin, input, expected);
      if (r >= options.warmupRounds) {
        engineRuns.push(e);
        rawRuns.push(raw);
      }
    }
    const engineRate = median(engineRuns.map((r) => MESSAGES / r.ms));
    const rawRate = median(rawRuns.map((r) => MESSAGES / r.ms));
    return [
      `@source(type='kafka', @map(type='json')) In → from In[price > 50] → @sink(type='kafka', acks:1, @map(type='json')) Out`,
      `${rate(MESSAGES)} input records (${rate(expected)} pass the filter), one partition, topic filled before each run (zero lag); ` +
        `${String(options.warmupRounds)} warm-up + ${String(options.rounds)} timed runs, each from app start to the last output record in Kafka`,
      describeRuns('engine      ', engineRuns),
      describeRuns('raw kafkajs ', rawRuns),
      `ratio raw / engine: throughput ${(rawRate / engineRate).toFixed(2)}x`,
    ];
  } finally {
    await admin.deleteTopics({ topics: [input] }).catch(() => undefined);
    await admin.disconnect();
    await broker.stop();
  }
}

/** The Kafka bench (starts its own broker unless KAFKA_BROKERS names one). */
export const kafkaBench: Bench = {
  name: 'kafka-json-filter',
  run: runKafkaBench,
};
