// Mapper throughput of the csv, text, keyvalue, binary, avro and protobuf mappers, both ways
// (source: message → rows; sink: rows → message), beside the raw library or hand-written code
// doing the same work; built on `mapperBench` of mappers.bench.ts and listed in run.ts.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Extension, IoEvent, SinkMapper, SourceMapper } from '@tributary/engine/extension-api';
import avro from 'avsc';
import protobuf from 'protobufjs';
import { extensions as avroExtensions } from '../mappers/avro/src/index.js';
import { extensions as binaryExtensions } from '../mappers/binary/src/index.js';
import { extensions as protobufExtensions } from '../mappers/protobuf/src/index.js';
import { sinkMapperFor, sourceMapperFor } from '../mappers/text/src/mapper-harness.test-support.js';
import { extensions as textExtensions } from '../mappers/text/src/index.js';
import type { Bench } from './bench.js';
import { mapperBench, type MapperBenchCase, type MapperPass } from './mappers.bench.js';

const STREAM = 'define stream S (symbol string, price double, volume long, active bool);';
const SYMBOLS = ['WSO2', 'IBM', 'ORCL', 'MSFT', 'GOOG', 'AAPL', 'AMZN', 'NFLX'];
const EVENTS = 200_000;

type Row = [string, number, number, boolean];

function rows(count: number): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < count; i += 1) {
    out.push([
      SYMBOLS[i % SYMBOLS.length] ?? 'X',
      10 + ((i * 7919) % 10000) / 100,
      i * 13,
      i % 3 === 0,
    ]);
  }
  return out;
}

function groups(all: readonly Row[], size: number): IoEvent[][] {
  const out: IoEvent[][] = [];
  for (let i = 0; i < all.length; i += size) {
    out.push(all.slice(i, i + size).map((data) => ({ timestamp: i, data })));
  }
  return out;
}

function reportNothing(error: Error): void {
  throw error;
}

/** Every payload the sink mapper emits for the groups. */
function payloadsOf(sink: SinkMapper, batches: readonly IoEvent[][]): unknown[] {
  const out: unknown[] = [];
  for (const batch of batches) sink.map(batch, (payload) => out.push(payload));
  return out;
}

function sourcePass(source: SourceMapper, payloads: readonly unknown[]): MapperPass {
  return () => {
    let n = 0;
    for (const p of payloads) n += source.map(p, {}, reportNothing).length;
    return n;
  };
}

function sinkPass(sink: SinkMapper, batches: readonly IoEvent[][]): MapperPass {
  let sent = 0;
  const emit = (): void => {
    sent += 1;
  };
  return () => {
    let n = 0;
    sent = 0;
    for (const batch of batches) {
      sink.map(batch, emit);
      n += batch.length;
    }
    if (sent === 0) throw new Error('the sink mapper sent nothing');
    return n;
  };
}

interface Pair {
  readonly extensions: readonly Extension[];
  /** The `@map(...)` of the sink and of the source. */
  readonly sink: string;
  readonly source: string;
}

function both(pair: Pair): { readonly sink: SinkMapper; readonly source: SourceMapper } {
  return {
    sink: sinkMapperFor(
      pair.extensions,
      `@sink(type='inMemory', topic='t', ${pair.sink}) ${STREAM}`,
    ),
    source: sourceMapperFor(
      pair.extensions,
      `@source(type='inMemory', topic='t', ${pair.source}) ${STREAM}`,
    ),
  };
}

/** A source case: the payloads its own sink makes, mapped back; `raw` decodes the same payloads. */
function sourceCase(
  name: string,
  description: readonly string[],
  events: number,
  perMessage: number,
  pair: Pair,
  raw: (payloads: readonly unknown[]) => MapperPass,
): MapperBenchCase {
  return {
    name,
    description,
    events,
    create() {
      const { sink, source } = both(pair);
      const payloads = payloadsOf(sink, groups(rows(events), perMessage));
      return { mapper: sourcePass(source, payloads), raw: raw(payloads) };
    },
  };
}

/** A sink case over groups of `perMessage` events; `raw` encodes the same rows. */
function sinkCase(
  name: string,
  description: readonly string[],
  events: number,
  perMessage: number,
  pair: Pair,
  raw: (batches: readonly IoEvent[][]) => MapperPass,
): MapperBenchCase {
  return {
    name,
    description,
    events,
    create() {
      const batches = groups(rows(events), perMessage);
      return { mapper: sinkPass(both(pair).sink, batches), raw: raw(batches) };
    },
  };
}

/** Keeps a raw result alive, so the JIT cannot drop the work that made it. */
let kept: unknown;
function keep(value: unknown): void {
  kept = value;
}

function count(batches: readonly IoEvent[][], each: (data: readonly unknown[]) => void): number {
  let n = 0;
  for (const batch of batches) {
    for (const e of batch) each(e.data);
    n += batch.length;
  }
  return n;
}

// ---- csv -----------------------------------------------------------------------------------

const CSV: Pair = {
  extensions: textExtensions,
  sink: "@map(type='csv', event.grouping.enabled='true')",
  source: "@map(type='csv', event.grouping.enabled='true')",
};

const csvSource = sourceCase(
  'mapper-csv-source',
  [
    'csv source mapper, 100 records per payload, ' + STREAM,
    'raw: split lines and commas, Number()/=== "true"',
  ],
  EVENTS,
  100,
  CSV,
  (payloads) => () => {
    let n = 0;
    for (const p of payloads) {
      for (const line of String(p).split('\n')) {
        if (line === '') continue;
        const f = line.split(',');
        const row = [f[0], Number(f[1]), Number(f[2]), f[3] === 'true'];
        n += row.length > 0 ? 1 : 0;
      }
    }
    return n;
  },
);

const csvSink = sinkCase(
  'mapper-csv-sink',
  ['csv sink mapper, 100 events per payload', 'raw: template literals joined by line breaks'],
  EVENTS,
  100,
  CSV,
  (batches) => () => {
    let n = 0;
    for (const batch of batches) {
      let text = '';
      for (const e of batch)
        text += `${String(e.data[0])},${String(e.data[1])},${String(e.data[2])},${String(e.data[3])}\n`;
      n += text.length > 0 ? batch.length : 0;
    }
    return n;
  },
);

// ---- text ----------------------------------------------------------------------------------

const TEXT: Pair = {
  extensions: textExtensions,
  sink: "@map(type='text')",
  source: "@map(type='text')",
};

const textSource = sourceCase(
  'mapper-text-source',
  [
    'text source mapper, default format, one event per payload',
    'raw: split on ",\\n" and ":", unquote, Number()',
  ],
  EVENTS,
  1,
  TEXT,
  (payloads) => () => {
    let n = 0;
    for (const p of payloads) {
      const row: unknown[] = [];
      for (const piece of String(p).split(',\n')) {
        const value = piece.slice(piece.indexOf(':') + 1).trim();
        row.push(value.startsWith('"') ? value.slice(1, -1) : Number(value));
      }
      n += row.length === 4 ? 1 : 0;
    }
    return n;
  },
);

const textSink = sinkCase(
  'mapper-text-sink',
  [
    'text sink mapper, default format, one payload per event',
    'raw: one template literal per event',
  ],
  EVENTS,
  100,
  TEXT,
  (batches) => () =>
    count(batches, (d) => {
      keep(
        `symbol:"${String(d[0])}",\nprice:${String(d[1])},\nvolume:${String(d[2])},\nactive:${String(d[3])}`,
      );
    }),
);

// ---- keyvalue ------------------------------------------------------------------------------

const KEYVALUE: Pair = {
  extensions: textExtensions,
  sink: "@map(type='keyvalue')",
  source: "@map(type='keyvalue')",
};

const keyvalueSource = sourceCase(
  'mapper-keyvalue-source',
  ['keyvalue source mapper, one map per payload', 'raw: four property reads with typeof checks'],
  EVENTS,
  1,
  KEYVALUE,
  (payloads) => () => {
    let n = 0;
    for (const p of payloads) {
      const m = p as Record<string, unknown>;
      const row = [m.symbol, m.price, m.volume, m.active];
      if (typeof row[0] === 'string' && typeof row[1] === 'number') n += 1;
    }
    return n;
  },
);

const keyvalueSink = sinkCase(
  'mapper-keyvalue-sink',
  ['keyvalue sink mapper, one map per event', 'raw: an object literal per event'],
  EVENTS,
  100,
  KEYVALUE,
  (batches) => () =>
    count(batches, (d) => {
      keep({ symbol: d[0], price: d[1], volume: d[2], active: d[3] });
    }),
);

// ---- binary --------------------------------------------------------------------------------

const BINARY: Pair = {
  extensions: binaryExtensions,
  sink: "@map(type='binary')",
  source: "@map(type='binary')",
};
const UTF8 = new TextDecoder();

const binarySource = sourceCase(
  'mapper-binary-source',
  [
    'binary source mapper, 100 events per message (Siddhi binary format)',
    'raw: a hand-written DataView decoding loop',
  ],
  EVENTS,
  100,
  BINARY,
  (payloads) => () => {
    let n = 0;
    for (const p of payloads) {
      const b = p as Buffer;
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const events = view.getInt32(0);
      let at = 4;
      for (let i = 0; i < events; i += 1) {
        at += 8;
        const length = view.getInt32(at);
        at += 4;
        const symbol = UTF8.decode(b.subarray(at, at + length));
        at += length;
        const row = [
          symbol,
          view.getFloat64(at),
          Number(view.getBigInt64(at + 8)),
          view.getUint8(at + 16) === 1,
        ];
        at += 17;
        n += row.length > 0 ? 1 : 0;
      }
    }
    return n;
  },
);

const binarySink = sinkCase(
  'mapper-binary-sink',
  ['binary sink mapper, 100 events per message', 'raw: Buffer writes of the same layout'],
  EVENTS,
  100,
  BINARY,
  (batches) => () => {
    let n = 0;
    for (const batch of batches) {
      const strings = batch.map((e) => Buffer.from(String(e.data[0])));
      const size = 4 + strings.reduce((s, x) => s + 8 + 4 + x.length + 17, 0);
      const out = Buffer.allocUnsafe(size);
      let at = out.writeInt32BE(batch.length, 0);
      batch.forEach((e, i) => {
        const s = strings[i] ?? Buffer.alloc(0);
        at = out.writeBigInt64BE(BigInt(e.timestamp), at);
        at = out.writeInt32BE(s.length, at);
        at += s.copy(out, at);
        at = out.writeDoubleBE(e.data[1] as number, at);
        at = out.writeBigInt64BE(BigInt(e.data[2] as number), at);
        at = out.writeUInt8(e.data[3] === true ? 1 : 0, at);
      });
      n += batch.length;
    }
    return n;
  },
);

// ---- avro ----------------------------------------------------------------------------------

const AVRO_SCHEMA = {
  type: 'record',
  name: 'Stock',
  fields: [
    { name: 'symbol', type: 'string' },
    { name: 'price', type: 'double' },
    { name: 'volume', type: 'long' },
    { name: 'active', type: 'boolean' },
  ],
};
const AVRO: Pair = {
  extensions: avroExtensions,
  sink: `@map(type='avro', schema.def="""${JSON.stringify(AVRO_SCHEMA)}""")`,
  source: `@map(type='avro', schema.def="""${JSON.stringify(AVRO_SCHEMA)}""")`,
};
interface Stock {
  readonly symbol: string;
  readonly price: number;
  readonly volume: number;
  readonly active: boolean;
}

const avroSource = sourceCase(
  'mapper-avro-source',
  [
    'avro source mapper, one record per message, inline schema',
    'raw: avsc fromBuffer + a row of its fields',
  ],
  EVENTS / 2,
  1,
  AVRO,
  (payloads) => {
    const type = avro.Type.forSchema(AVRO_SCHEMA as avro.Schema);
    return () => {
      let n = 0;
      for (const p of payloads) {
        const r = type.fromBuffer(p as Buffer) as Stock;
        n += [r.symbol, r.price, r.volume, r.active].length > 0 ? 1 : 0;
      }
      return n;
    };
  },
);

const avroSink = sinkCase(
  'mapper-avro-sink',
  [
    'avro sink mapper, one message per event, inline schema',
    'raw: avsc toBuffer of an object built from the row',
  ],
  EVENTS / 2,
  100,
  AVRO,
  (batches) => {
    const type = avro.Type.forSchema(AVRO_SCHEMA as avro.Schema);
    return () =>
      count(batches, (d) => {
        type.toBuffer({ symbol: d[0], price: d[1], volume: d[2], active: d[3] });
      });
  },
);

// ---- protobuf ------------------------------------------------------------------------------

const PROTO_FILE = join(
  fileURLToPath(new URL('.', import.meta.url)),
  '..',
  'mappers',
  'protobuf',
  'src',
  '__fixtures__',
  'protobuf',
  'sample.proto',
);
const PROTO_TYPE = `file='${PROTO_FILE}', class='tributary.test.Request'`;
const PROTOBUF: Pair = {
  extensions: protobufExtensions,
  sink: `@map(type='protobuf', ${PROTO_TYPE}, @payload(stringValue='symbol', doubleValue='price', longValue='volume', booleanValue='active'))`,
  source: `@map(type='protobuf', ${PROTO_TYPE}, @attributes(symbol='stringValue', price='doubleValue', volume='longValue', active='booleanValue'))`,
};

function requestType(): protobuf.Type {
  const root = new protobuf.Root();
  root.loadSync(PROTO_FILE, { keepCase: true });
  return root.lookupType('tributary.test.Request');
}

const protobufSource = sourceCase(
  'mapper-protobuf-source',
  [
    'protobuf source mapper, one message per payload (sample.proto Request)',
    'raw: protobufjs decode + field reads',
  ],
  EVENTS / 2,
  1,
  PROTOBUF,
  (payloads) => {
    const type = requestType();
    return () => {
      let n = 0;
      for (const p of payloads) {
        const m = type.decode(p as Uint8Array) as unknown as Record<string, unknown>;
        n += [m.stringValue, m.doubleValue, Number(m.longValue), m.booleanValue].length > 0 ? 1 : 0;
      }
      return n;
    };
  },
);

const protobufSink = sinkCase(
  'mapper-protobuf-sink',
  ['protobuf sink mapper, one message per event', 'raw: protobufjs fromObject + encode'],
  EVENTS / 2,
  100,
  PROTOBUF,
  (batches) => {
    const type = requestType();
    return () =>
      count(batches, (d) => {
        type
          .encode(
            type.fromObject({
              stringValue: d[0],
              doubleValue: d[1],
              longValue: d[2],
              booleanValue: d[3],
            }),
          )
          .finish();
      });
  },
);

/** The benches of this file, in the order they run (listed in run.ts). */
export const MORE_MAPPER_BENCHES: readonly Bench[] = [
  csvSource,
  csvSink,
  textSource,
  textSink,
  keyvalueSource,
  keyvalueSink,
  binarySource,
  binarySink,
  avroSource,
  avroSink,
  protobufSource,
  protobufSink,
].map(mapperBench);

/** The last raw result (read so `kept` is not dead code). */
export function lastKept(): unknown {
  return kept;
}
