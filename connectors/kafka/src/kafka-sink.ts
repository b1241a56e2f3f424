// The `kafka` sink: each mapped payload becomes one record of `topic` (partition, key and
// headers may come from the event), sent in batches; a publish resolves once the cluster
// acknowledged its batch, so sources commit only what reached Kafka. With `sequence.id` every
// record carries Siddhi's sequence header for `seq.enabled` sources.

import {
  defineSink,
  param,
  type DynamicOptions,
  type OptionsOf,
  type SinkConnection,
  type SinkContext,
  type SinkPublication,
} from '@tributary/engine/extension-api';
import type { IHeaders, Message } from 'kafkajs';
import { kafkaConfiguration } from './kafka-config.js';
import { KafkaOptionError, parseHeaders } from './kafka-transport.js';
import { KafkaWriter, type WriterRecord } from './kafka-writer.js';
import { SEQUENCE_DELIMITER, SEQUENCE_FIELD_SEPARATOR, withSequence } from './sequence.js';

/** Options every Kafka producer-side extension shares. */
export const producerParameters = {
  'bootstrap.servers': param.string({
    description: 'The Kafka servers to connect to, as `host:port` separated by commas.',
  }),
  'is.binary.message': param.bool({
    description:
      "The mapper's payloads are bytes (binary, avro… mappers); with `sequence.id` the " +
      'sequence header is framed as Siddhi frames binary messages.',
    optional: true,
    default: false,
  }),
  'sequence.id': param.string({
    description:
      'Prefix every record with the sequence header `<sequence.id>:<number>~` (numbers count ' +
      'from 0 and are kept in app snapshots), for sources with `seq.enabled` to drop duplicates.',
    optional: true,
  }),
  'optional.configuration': param.string({
    description:
      "Further producer properties, Kafka's names, as `'property:value,property:value'`: " +
      '`acks` (all by default, 1, 0), `compression.type` (none or gzip), `linger.ms`, ' +
      '`batch.size`, `max.request.size`, `request.timeout.ms`, `enable.idempotence`, ' +
      '`max.in.flight.requests.per.connection`, `retries`, `client.id`, and the TLS/SASL ' +
      'properties of the source. Others are ignored with a warning.',
    optional: true,
    secret: true,
  }),
} as const;

const sinkParameters = {
  ...producerParameters,
  topic: param.string({
    description: "The topic to write to; may name attributes: `'{{symbol}}'`.",
    dynamic: true,
  }),
  'partition.no': param.string({
    description:
      "The partition to write to (may name attributes: `'{{volume}}'`); by default the key's " +
      'hash picks it (records without a key are spread over the partitions).',
    optional: true,
    dynamic: true,
  }),
  key: param.string({
    description:
      'The record key (may name attributes); records with one key stay in order in one partition.',
    optional: true,
    dynamic: true,
  }),
  headers: param.string({
    description:
      "Record headers as `\"'name:value','name:value'\"` (the http sink's format); may name " +
      'attributes. Sources read them as `trp:<name>`.',
    optional: true,
    dynamic: true,
  }),
  'is.synchronous': param.bool({
    description:
      'Send each record in a request of its own instead of batching the records of a moment ' +
      '(every publish waits for its acknowledgement either way).',
    optional: true,
    default: false,
  }),
} as const;

type SinkOptions = OptionsOf<typeof sinkParameters>;

/** What a Kafka sink keeps in app snapshots. */
interface KafkaSinkState {
  readonly lastSentSequenceNo: number;
}

/**
 * A payload as a record value: text stays text, bytes are wrapped without copying.
 * @example
 * recordValue('{"a":1}') // '{"a":1}'
 */
export function recordValue(payload: unknown, what: string): string | Buffer {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload;
  if (payload instanceof Uint8Array) {
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  }
  throw new KafkaOptionError(
    `${what} publishes text or bytes; the payload is ${payload === null ? 'null' : typeof payload} (give the sink a @map such as json, text or binary)`,
  );
}

/**
 * Checks a `sequence.id` can be read back (Siddhi splits the header on `:` and ends it at `~`).
 * @example
 * checkSequenceId('sink-1'); // ok
 */
export function checkSequenceId(id: string): string {
  if (id === '' || id.includes(SEQUENCE_DELIMITER) || id.includes(SEQUENCE_FIELD_SEPARATOR)) {
    throw new KafkaOptionError(
      `'sequence.id' '${id}' must be non-empty without '${SEQUENCE_DELIMITER}' or '${SEQUENCE_FIELD_SEPARATOR}'`,
    );
  }
  return id;
}

/**
 * Numbers records for a `sequence.id`, as Siddhi's `lastSentSequenceNo` (starting at 0).
 * @example
 * const numbering = new SequenceNumbering('sink-1'); numbering.frame('x', false) // 'sink-1:0~x'
 */
export class SequenceNumbering {
  #next = 0;

  constructor(private readonly id: string) {}

  /** The value with the next sequence header. */
  frame(value: string | Buffer, binary: boolean): string | Buffer {
    const sequenceNo = this.#next;
    this.#next += 1;
    const bytes = binary && typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    const framed = withSequence(bytes, this.id, sequenceNo);
    return typeof framed === 'string'
      ? framed
      : Buffer.from(framed.buffer, framed.byteOffset, framed.byteLength);
  }

  snapshot(): KafkaSinkState {
    return { lastSentSequenceNo: this.#next };
  }

  restore(state: unknown): void {
    const value = (state as Partial<KafkaSinkState> | null)?.lastSentSequenceNo;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) this.#next = value;
  }
}

/**
 * The partition of `partition.no`, or undefined when not given.
 * @example
 * partitionOf({ 'partition.no': '2' }) // 2
 */
export function partitionOf(options: DynamicOptions): number | undefined {
  const text = options['partition.no'];
  if (text === undefined || text.trim() === '' || text === 'null') return undefined;
  const partition = Number(text);
  if (!Number.isInteger(partition) || partition < 0) {
    throw new KafkaOptionError(`'partition.no' '${text}' is not a partition number`);
  }
  return partition;
}

class KafkaSinkConnection implements SinkConnection {
  readonly #what: string;
  readonly #writer: KafkaWriter;
  readonly #binary: boolean;
  readonly #numbering: SequenceNumbering | undefined;
  #headersText: string | undefined;
  #headers: IHeaders | undefined;

  constructor(ctx: SinkContext<SinkOptions>) {
    const options = ctx.options;
    this.#what = `sink 'kafka' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
    const config = kafkaConfiguration(
      options['bootstrap.servers'],
      options['optional.configuration'],
    );
    if (config.ignored.length > 0) {
      ctx.logger.log(
        'warn',
        `${this.#what}: 'optional.configuration' properties ${config.ignored.map((k) => `'${k}'`).join(', ')} have no effect here (kafkajs client)`,
      );
    }
    this.#binary = options['is.binary.message'];
    const sequenceId = options['sequence.id'];
    this.#numbering =
      sequenceId === undefined ? undefined : new SequenceNumbering(checkSequenceId(sequenceId));
    this.#writer = new KafkaWriter({
      client: config.client,
      producer: config.producer,
      logger: ctx.logger,
      what: this.#what,
      where: `Kafka at ${options['bootstrap.servers']}`,
      synchronous: options['is.synchronous'],
    });
  }

  connect(): Promise<void> {
    return this.#writer.connect();
  }

  disconnect(): Promise<void> {
    return this.#writer.disconnect();
  }

  publish(payload: unknown, options: DynamicOptions): Promise<void> {
    return this.#writer.write(this.#topicOf(options), this.#message(payload, options));
  }

  /** A chunk's records go into the pending request(s) at once; one promise for them all. */
  publishBatch(publications: readonly SinkPublication[]): Promise<void> {
    const records: WriterRecord[] = [];
    for (const { payload, options } of publications) {
      records.push({ topic: this.#topicOf(options), message: this.#message(payload, options) });
    }
    return this.#writer.writeAll(records);
  }

  #topicOf(options: DynamicOptions): string {
    const topic = options.topic;
    if (topic === undefined || topic === '') {
      throw new KafkaOptionError(`${this.#what}: the event gives no 'topic'`);
    }
    return topic;
  }

  #message(payload: unknown, options: DynamicOptions): Message {
    let value = recordValue(payload, this.#what);
    if (this.#numbering !== undefined) value = this.#numbering.frame(value, this.#binary);
    const message: Message = { value };
    const key = options.key;
    if (key !== undefined) message.key = key;
    const partition = partitionOf(options);
    if (partition !== undefined) message.partition = partition;
    const headers = options.headers;
    if (headers !== undefined) message.headers = this.#parsedHeaders(headers);
    return message;
  }

  /** Parses `headers` once per distinct text (dynamic headers usually repeat). */
  #parsedHeaders(text: string): IHeaders {
    if (text !== this.#headersText || this.#headers === undefined) {
      this.#headers = parseHeaders(text);
      this.#headersText = text;
    }
    return this.#headers;
  }

  snapshot(): KafkaSinkState | undefined {
    return this.#numbering?.snapshot();
  }

  restore(state: unknown): void {
    this.#numbering?.restore(state);
  }
}

/**
 * The `kafka` sink.
 * @example
 * // @sink(type='kafka', bootstrap.servers='localhost:9092', topic='{{symbol}}', @map(type='json'))
 * // define stream StockStream (symbol string, price double);
 */
export const kafkaSinkSpec = defineSink({
  name: 'kafka',
  status: 'stable',
  summary:
    'Writes each mapped payload as a record of a Kafka topic (topic, partition, key dynamic).',
  description:
    'Records published while the app handles one batch of events go to Kafka in one request; ' +
    'a publish is acknowledged once Kafka acknowledged its request (`acks` all by default), ' +
    "so a source's offsets are committed only for events that reached Kafka. An unreachable " +
    'cluster is a connection error: the engine reconnects and applies `on.error` ' +
    '(`WAIT` keeps the events until Kafka is back).',
  parameters: sinkParameters,
  examples: [
    {
      description: 'Writes each event as JSON to the topic named by its symbol.',
      siddhi:
        "@sink(type='kafka', bootstrap.servers='localhost:9092', topic='{{symbol}}',\n" +
        "      @map(type='json'))\n" +
        'define stream StockStream (symbol string, price double, volume long);',
    },
    {
      description:
        'Writes to partition 0 of `stocks` keyed by symbol with a header, waiting while Kafka ' +
        'is down.',
      siddhi:
        "@sink(type='kafka', bootstrap.servers='localhost:9092', topic='stocks', partition.no='0',\n" +
        "      key='{{symbol}}', headers=\"'source:tributary','symbol:{{symbol}}'\", on.error='WAIT',\n" +
        "      @map(type='json'))\n" +
        'define stream StockStream (symbol string, price double, volume long);',
    },
    {
      description:
        'Numbers records for `seq.enabled` sources and lets only the leader acknowledge.',
      siddhi:
        "@sink(type='kafka', bootstrap.servers='localhost:9092', topic='stocks', sequence.id='stocks-sink',\n" +
        "      optional.configuration='acks:1,linger.ms:5', @map(type='json'))\n" +
        'define stream StockStream (symbol string, price double, volume long);',
    },
  ],
  create: (ctx) => new KafkaSinkConnection(ctx),
});
