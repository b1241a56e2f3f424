// What sources and sinks share about Kafka records: payload decoding, the `trp:` properties a
// record offers, the `'name:value','name:value'` header lists, and plain helpers for lists.

import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { TransportProperties } from '@tributary/engine/extension-api';

/** Transport properties every Kafka source offers (Siddhi's names), besides record headers. */
export const RECORD_PROPERTIES = [
  { name: 'topic', description: 'The topic the record was read from.' },
  { name: 'partition', description: 'Its partition number.' },
  {
    name: 'key',
    description: "Its key as UTF-8 text ('null' when it has none, as in Siddhi).",
  },
  { name: 'offset', description: 'Its offset in the partition.' },
  { name: 'record.timestamp', description: 'Its timestamp (ms since the epoch).' },
  { name: 'event.timestamp', description: 'When the source received it (ms since the epoch).' },
  {
    name: 'headers',
    description: "All its headers as `'name:value','name:value'` (the http connector's format).",
  },
] as const;

const RECORD_PROPERTY_NAMES: ReadonlySet<string> = new Set(RECORD_PROPERTIES.map((p) => p.name));

const NO_PROPERTIES: TransportProperties = Object.freeze({});

function headerText(value: IHeaders[string]): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => v.toString()).join(',');
  return value.toString();
}

/**
 * The record's headers as `'name:value','name:value'` (repeated names joined with `,`).
 * @example
 * headerList({ a: Buffer.from('1') }) // "'a:1'"
 */
export function headerList(headers: IHeaders | undefined): string {
  if (headers === undefined) return '';
  return Object.entries(headers)
    .flatMap(([name, value]) => {
      const text = headerText(value);
      return text === undefined ? [] : [`'${name}:${text}'`];
    })
    .join(',');
}

/**
 * Builds the `trp:` values sources hand to the engine, computing only those the
 * `@map(@attributes(...))` asks for; any name that is not a record property is read from the
 * record's headers.
 * @example
 * const properties = transportReader(['topic', 'traceId'], () => Date.now());
 * properties('stocks', 0, message) // { topic: 'stocks', traceId: '…' }
 */
export function transportReader(
  requested: readonly string[],
  now: () => number,
): (topic: string, partition: number, message: KafkaMessage) => TransportProperties {
  if (requested.length === 0) return () => NO_PROPERTIES;
  const names = [...new Set(requested)];
  return (topic, partition, message) => {
    const out: Record<string, string | undefined> = {};
    for (const name of names) {
      switch (name) {
        case 'topic':
          out[name] = topic;
          break;
        case 'partition':
          out[name] = String(partition);
          break;
        case 'key':
          out[name] = message.key === null ? 'null' : message.key.toString('utf8');
          break;
        case 'offset':
          out[name] = message.offset;
          break;
        case 'record.timestamp':
          out[name] = message.timestamp;
          break;
        case 'event.timestamp':
          out[name] = String(now());
          break;
        case 'headers':
          out[name] = headerList(message.headers);
          break;
        default:
          if (!RECORD_PROPERTY_NAMES.has(name)) out[name] = headerText(message.headers?.[name]);
      }
    }
    return out;
  };
}

/**
 * A record's value as sources hand it to mappers: UTF-8 text, or the bytes with
 * `is.binary.message`; null for a record without a value (a tombstone).
 * @example
 * recordPayload(message, false) // '{"event":{…}}'
 */
export function recordPayload(message: KafkaMessage, binary: boolean): string | Buffer | null {
  const value = message.value;
  if (value === null) return null;
  return binary ? value : value.toString('utf8');
}

/** A value of a list option that is not usable. */
export class KafkaOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaOptionError';
  }
}

/**
 * The non-empty, trimmed entries of a comma-separated option (Siddhi's examples end lists with
 * a comma: `'0,1,2,'`).
 * @example
 * nonEmpty(['a', ' b ', '']) // ['a', 'b']
 */
export function nonEmpty(values: readonly string[]): string[] {
  return values.map((v) => v.trim()).filter((v) => v !== '');
}

/**
 * Partition numbers of `partition.no.list`.
 * @example
 * partitionNumbers(['0', '1', '']) // [0, 1]
 */
export function partitionNumbers(values: readonly string[]): number[] {
  return nonEmpty(values).map((text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) {
      throw new KafkaOptionError(`'partition.no.list' entry '${text}' is not a partition number`);
    }
    return n;
  });
}

/**
 * Parses `topic.offsets.map` (`<topic>=<offset>,<topic>=<offset>`): the offset of the last
 * record to skip per topic, each a topic of `topics`.
 * @example
 * topicOffsets('stocks=100,trades=50', ['stocks', 'trades']) // Map { 'stocks' => 100, 'trades' => 50 }
 */
export function topicOffsets(text: string, topics: readonly string[]): Map<string, number> {
  const offsets = new Map<string, number>();
  for (const entry of nonEmpty(text.split(','))) {
    const parts = entry.split('=');
    const topic = parts[0]?.trim() ?? '';
    const offset = Number(parts[1]?.trim());
    if (parts.length !== 2 || topic === '' || !Number.isInteger(offset) || offset < -1) {
      throw new KafkaOptionError(
        `'topic.offsets.map' entry '${entry}' is not '<topic>=<offset>' (e.g. 'stocks=100,trades=50')`,
      );
    }
    if (!topics.includes(topic)) {
      throw new KafkaOptionError(
        `'topic.offsets.map' names topic '${topic}', which is not in 'topic.list'`,
      );
    }
    offsets.set(topic, offset);
  }
  return offsets;
}

/**
 * Parses a sink's `headers` option (`'name:value','name:value'`) into kafkajs headers.
 * @example
 * parseHeaders("'trace:1','source:tributary'") // { trace: '1', source: 'tributary' }
 */
export function parseHeaders(text: string): IHeaders {
  let body = text.trim();
  if (body.startsWith("'") || body.startsWith('"')) body = body.slice(1);
  if (body.endsWith("'") || body.endsWith('"')) body = body.slice(0, -1);
  const headers: IHeaders = {};
  if (body.trim() === '') return headers;
  for (const entry of body.split(/['"]\s*,\s*['"]/)) {
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      throw new KafkaOptionError(
        `'headers' entry '${entry}' is not 'name:value' (expected "'name:value','name2:value2'")`,
      );
    }
    headers[entry.slice(0, colon).trim()] = entry.slice(colon + 1).trim();
  }
  return headers;
}
