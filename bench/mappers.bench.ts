// Mapper throughput: each payload mapper both ways (source: message → rows; sink: rows →
// message) beside the raw library doing the same work (JSON.parse / JSON.stringify,
// fast-xml-parser parse / build, plus building rows). `mapperBench` is the shared shape:
// benches of other mappers (bench/mappers-more.bench.ts) use it and are listed in run.ts.

import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { jsonSinkMapperSpec, jsonSourceMapperSpec } from '../mappers/json/src/index.js';
import {
  sinkHarness,
  sourceHarness,
  type SinkHarness,
  type SourceHarness,
} from '../mappers/json/src/mapper-harness.test-support.js';
import { xmlSinkMapperSpec, xmlSourceMapperSpec } from '../mappers/xml/src/index.js';
import { median, rate, type Bench, type BenchOptions } from './bench.js';

/** One side of a mapper bench: a timed pass over the prepared input; returns the event count. */
export type MapperPass = () => number;

/** A mapper and the raw library doing the same work, on the same input. */
export interface MapperBenchCase {
  readonly name: string;
  /** What is measured, printed first. */
  readonly description: readonly string[];
  /** Events per timed pass (both sides must map exactly these). */
  readonly events: number;
  /** Prepares the input and returns both passes. */
  create(): { readonly mapper: MapperPass; readonly raw: MapperPass };
}

interface Figures {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly cpu: number;
}

function measure(pass: MapperPass, events: number, options: BenchOptions, label: string): Figures {
  for (let r = 0; r < options.warmupRounds; r += 1) pass();
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < options.rounds; r += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const n = pass();
    rates.push((events * 1000) / (performance.now() - t0));
    const cpu = process.cpuUsage(c0);
    cpuRates.push((events * 1e6) / Math.max(1, cpu.user + cpu.system));
    if (n !== events) throw new Error(`${label} mapped ${String(n)} events, not ${String(events)}`);
  }
  return {
    median: median(rates),
    min: Math.min(...rates),
    max: Math.max(...rates),
    cpu: median(cpuRates),
  };
}

function describeFigures(label: string, f: Figures): string {
  return (
    `${label}: ${rate(f.median)} events/s (min ${rate(f.min)}, max ${rate(f.max)}); ` +
    `per cpu-second ${rate(f.cpu)}`
  );
}

/**
 * A bench comparing a mapper with the raw library: warm-up passes, then timed passes of each
 * (median and min–max events/s), then the mapper/raw ratio.
 * @example
 * export const csvSourceBench = mapperBench({ name: 'mapper-csv-source', … });
 */
export function mapperBench(c: MapperBenchCase): Bench {
  return {
    name: c.name,
    run: (options) => {
      const { mapper, raw } = c.create();
      const m = measure(mapper, c.events, options, 'the mapper');
      const r = measure(raw, c.events, options, 'the raw library');
      return [
        ...c.description,
        `${rate(c.events)} events per pass, ${String(options.warmupRounds)} warm-up + ` +
          `${String(options.rounds)} timed passes`,
        describeFigures('mapper', m),
        describeFigures('raw   ', r),
        `ratio mapper / raw: ${(m.median / r.median).toFixed(2)} ` +
          `(per cpu-second ${(m.cpu / r.cpu).toFixed(2)})`,
      ];
    },
  };
}

const ATTRIBUTES = 'symbol string, price double, volume long, active bool';
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

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The messages a sink mapper makes of `rows`, `perMessage` events each. */
function messages(sink: SinkHarness, all: readonly Row[], perMessage: number): string[] {
  return batches(all, perMessage).flatMap((b) => sink.map(b).map((o) => String(o.payload)));
}

const NO_TRANSPORT = {};

function failOnReport(error: Error): void {
  throw error;
}

function sourcePass(source: SourceHarness, payloads: readonly string[]): MapperPass {
  const { mapper } = source;
  return () => {
    let n = 0;
    for (const p of payloads) n += mapper.map(p, NO_TRANSPORT, failOnReport).length;
    return n;
  };
}

function sinkPass(sink: SinkHarness, groups: readonly Row[][]): MapperPass {
  const { mapper } = sink;
  const events = groups.map((g) => g.map((data) => ({ timestamp: 0, data })));
  let sent = 0;
  const emit = (): void => {
    sent += 1;
  };
  return () => {
    let n = 0;
    sent = 0;
    for (const group of events) {
      mapper.map(group, emit);
      n += group.length;
    }
    if (sent !== events.length) throw new Error(`the sink mapper sent ${String(sent)} messages`);
    return n;
  };
}

interface JsonEvent {
  readonly symbol: string;
  readonly price: number;
  readonly volume: number;
  readonly active: boolean;
}

function jsonSourceCase(name: string, perMessage: number): MapperBenchCase {
  return {
    name,
    description: [
      `json source mapper, default format, ${ATTRIBUTES}; ` +
        (perMessage === 1
          ? 'one {"event":{…}} per message'
          : `arrays of ${String(perMessage)} {"event":{…}} per message`),
      'raw: JSON.parse + a row array built from known keys',
    ],
    events: EVENTS,
    create() {
      const payloads = messages(
        sinkHarness(jsonSinkMapperSpec, ATTRIBUTES),
        rows(EVENTS),
        perMessage,
      );
      const rowOf = (wrapper: { event: JsonEvent }): unknown[] => {
        const e = wrapper.event;
        return [e.symbol, e.price, e.volume, e.active];
      };
      return {
        mapper: sourcePass(sourceHarness(jsonSourceMapperSpec, ATTRIBUTES), payloads),
        raw: () => {
          let n = 0;
          for (const p of payloads) {
            const parsed = JSON.parse(p) as { event: JsonEvent } | { event: JsonEvent }[];
            const out = Array.isArray(parsed) ? parsed.map(rowOf) : [rowOf(parsed)];
            n += out.length;
          }
          return n;
        },
      };
    },
  };
}

const jsonSourceCustomBench = mapperBench({
  name: 'mapper-json-source-jsonpath',
  description: [
    `json source mapper, @attributes JSON Paths (jsonpath-plus), ${ATTRIBUTES}; arrays of 100 events`,
    'raw: JSON.parse + a row array built from known keys',
  ],
  events: EVENTS / 10,
  create() {
    const all = rows(EVENTS / 10);
    const template = '{"s":{"n":"{{symbol}}"},"p":{{price}},"v":{{volume}},"a":{{active}}}';
    const payloads = messages(sinkHarness(jsonSinkMapperSpec, ATTRIBUTES, {}, template), all, 100);
    return {
      mapper: sourcePass(
        sourceHarness(
          jsonSourceMapperSpec,
          ATTRIBUTES,
          {},
          {
            symbol: '$.s.n',
            price: '$.p',
            volume: 'v',
            active: '$.a',
          },
        ),
        payloads,
      ),
      raw: () => {
        let n = 0;
        for (const p of payloads) {
          const parsed = JSON.parse(p) as { s: { n: string }; p: number; v: number; a: boolean }[];
          n += parsed.map((e) => [e.s.n, e.p, e.v, e.a]).length;
        }
        return n;
      },
    };
  },
});

const jsonSinkBench = mapperBench({
  name: 'mapper-json-sink',
  description: [
    `json sink mapper, default format, ${ATTRIBUTES}; groups of 100 events → one JSON array`,
    'raw: JSON.stringify of [{event:{…}}] objects built from the rows',
  ],
  events: EVENTS,
  create() {
    const groups = batches(rows(EVENTS), 100);
    return {
      mapper: sinkPass(sinkHarness(jsonSinkMapperSpec, ATTRIBUTES), groups),
      raw: () => {
        let n = 0;
        for (const g of groups) {
          JSON.stringify(
            g.map((r) => ({ event: { symbol: r[0], price: r[1], volume: r[2], active: r[3] } })),
          );
          n += g.length;
        }
        return n;
      },
    };
  },
});

interface XmlEvent {
  readonly symbol: string;
  readonly price: string;
  readonly volume: string;
  readonly active: string;
}

const xmlSourceBench = mapperBench({
  name: 'mapper-xml-source',
  description: [
    `xml source mapper, default format, ${ATTRIBUTES}; <events> of 100 <event> per message`,
    'raw: fast-xml-parser parse (plain objects) + rows converted from the element texts',
  ],
  events: EVENTS / 4,
  create() {
    const payloads = messages(sinkHarness(xmlSinkMapperSpec, ATTRIBUTES), rows(EVENTS / 4), 100);
    const parser = new XMLParser({
      parseTagValue: false,
      isArray: (name) => name === 'event',
    });
    return {
      mapper: sourcePass(sourceHarness(xmlSourceMapperSpec, ATTRIBUTES), payloads),
      raw: () => {
        let n = 0;
        for (const p of payloads) {
          const doc = parser.parse(p) as { events: { event: XmlEvent[] } };
          const out = doc.events.event.map((e) => [
            e.symbol,
            Number(e.price),
            Number(e.volume),
            e.active === 'true',
          ]);
          n += out.length;
        }
        return n;
      },
    };
  },
});

const xmlSinkBench = mapperBench({
  name: 'mapper-xml-sink',
  description: [
    `xml sink mapper, default format, ${ATTRIBUTES}; groups of 100 events → one <events>`,
    'raw: fast-xml-parser XMLBuilder of {events:{event:[…]}} built from the rows',
  ],
  events: EVENTS / 4,
  create() {
    const groups = batches(rows(EVENTS / 4), 100);
    // fast-xml-parser's own builder (it points to fast-xml-builder, not a dependency here)
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const builder = new XMLBuilder({});
    return {
      mapper: sinkPass(sinkHarness(xmlSinkMapperSpec, ATTRIBUTES), groups),
      raw: () => {
        let n = 0;
        for (const g of groups) {
          builder.build({
            events: {
              event: g.map((r) => ({ symbol: r[0], price: r[1], volume: r[2], active: r[3] })),
            },
          });
          n += g.length;
        }
        return n;
      },
    };
  },
});

/** The mapper benches, in the order they run (listed in run.ts). */
export const MAPPER_BENCHES: readonly Bench[] = [
  mapperBench(jsonSourceCase('mapper-json-source', 100)),
  mapperBench(jsonSourceCase('mapper-json-source-single', 1)),
  jsonSourceCustomBench,
  jsonSinkBench,
  xmlSourceBench,
  xmlSinkBench,
];
