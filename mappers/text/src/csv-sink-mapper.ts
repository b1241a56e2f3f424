// The `csv` sink mapper: events → CSV records ending in a line break, all attributes in stream
// order or the columns of `@payload(attr='index')`; an optional header record is published once,
// before the first events, as Siddhi does.

import {
  defineSinkMapper,
  param,
  type IoEvent,
  type OptionsOf,
  type SinkMapper,
  type SinkMapperContext,
} from '@tributary/engine/extension-api';
import { formatAttributeValue } from './attribute-values.js';
import { formatCsvField } from './csv-format.js';
import { csvDelimiter } from './csv-source-mapper.js';

const parameters = {
  delimiter: param.string({
    description: "The field separator (one or more characters); `'\\t'` means a tab.",
    optional: true,
    default: ',',
  }),
  header: param.bool({
    description:
      'Publish a header record (the attribute names, in column order) once, as its own ' +
      'payload, before the first events.',
    optional: true,
    default: false,
  }),
  'event.grouping.enabled': param.bool({
    description:
      'Publish the events that arrive together as one payload, one record per line; otherwise ' +
      'one payload per event.',
    optional: true,
    default: false,
  }),
};

const LINE = '\n';

interface Column {
  readonly name: string;
  readonly index: number;
  readonly isString: boolean;
  readonly type: Parameters<typeof formatAttributeValue>[1];
}

function columnsOf(ctx: SinkMapperContext<OptionsOf<typeof parameters>>): Column[] {
  const all = ctx.attributes.map((a, index) => ({
    name: a.name,
    index,
    isString: a.type === 'string',
    type: a.type,
  }));
  const payload = ctx.payload;
  if (payload === undefined) return all;
  const where = `csv mapper of stream '${ctx.streamId}'`;
  if (payload.kind === 'template') {
    throw new Error(
      `${where}: @payload must name the column of each attribute (symbol='0', price='1'), ` +
        'not hold a template',
    );
  }
  const entries = Object.entries(payload.entries);
  const columns = new Array<Column | undefined>(entries.length);
  for (const [name, value] of entries) {
    const attribute = all.find((a) => a.name === name);
    if (attribute === undefined) {
      throw new Error(`${where}: @payload names '${name}', which is not an attribute`);
    }
    const column = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(column) || column >= entries.length) {
      throw new Error(
        `${where}: the column of '${name}' must be an index from 0 to ` +
          `${String(entries.length - 1)}, found '${value}'`,
      );
    }
    if (columns[column] !== undefined) {
      throw new Error(`${where}: column ${String(column)} is given to two attributes`);
    }
    columns[column] = attribute;
  }
  return columns.filter((c): c is Column => c !== undefined);
}

class CsvSinkMapper implements SinkMapper {
  private readonly delimiter: string;
  private readonly columns: readonly Column[];
  private headerPending: boolean;

  constructor(private readonly ctx: SinkMapperContext<OptionsOf<typeof parameters>>) {
    this.delimiter = csvDelimiter(ctx.options.delimiter);
    if (this.delimiter === '' || this.delimiter.includes('"') || /[\r\n]/.test(this.delimiter)) {
      throw new Error(
        `csv mapper of stream '${ctx.streamId}': the delimiter cannot be empty, a quote or a line break`,
      );
    }
    this.columns = columnsOf(ctx);
    this.headerPending = ctx.options.header;
  }

  map(events: readonly IoEvent[], emit: (payload: unknown, event: IoEvent) => void): void {
    const first = events[0];
    if (first === undefined) return;
    if (this.headerPending) {
      this.headerPending = false;
      const names = this.columns.map((c) => formatCsvField(c.name, this.delimiter, true));
      emit(names.join(this.delimiter) + LINE, first);
    }
    if (this.ctx.options['event.grouping.enabled']) {
      let text = '';
      for (const event of events) text += this.record(event.data);
      emit(text, events[events.length - 1] ?? first);
    } else {
      for (const event of events) emit(this.record(event.data), event);
    }
  }

  private record(data: readonly unknown[]): string {
    let out = '';
    for (let i = 0; i < this.columns.length; i += 1) {
      const column = this.columns[i];
      if (column === undefined) continue;
      if (i > 0) out += this.delimiter;
      const value = data[column.index];
      out +=
        value === null || value === undefined
          ? 'null'
          : formatCsvField(
              formatAttributeValue(value, column.type),
              this.delimiter,
              column.isString,
            );
    }
    return out + LINE;
  }
}

/**
 * The `csv` sink mapper.
 * @example
 * // @sink(type='inMemory', topic='out', @map(type='csv')) define stream S (symbol string, price float);
 * // event ['WSO2', 55.6] → "WSO2,55.6\n"
 */
export const csvSinkMapper = defineSinkMapper({
  name: 'csv',
  status: 'stable',
  summary: 'Converts events to CSV records, one line each.',
  description:
    'Without `@payload`, a record holds every attribute in stream order; with ' +
    "`@payload(symbol='0', price='2', volume='1')` each attribute goes to the column it names " +
    '(attributes left out are not written). Fields holding the delimiter, a quote, a line ' +
    'break or edge blanks are quoted; null is written as `null` (a string spelling `null` is ' +
    'quoted, so the csv source mapper reads both back exactly). Floats are written in their ' +
    'shortest form (`55.6`). Each record ends with a line break.',
  contentType: 'text/csv',
  parameters,
  examples: [
    {
      description: 'Default mapping: the event (WSO2, 55.6, 100) is published as `WSO2,55.6,100`.',
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='csv'))\n" +
        'define stream BarStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Custom columns, `-` as the delimiter and a header: publishes `symbol-volume-price` ' +
        'once, then `WSO2-100-55.6` for (WSO2, 55.6, 100).',
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='csv', header='true', delimiter='-', " +
        "@payload(symbol='0', price='2', volume='1')))\n" +
        'define stream BarStream (symbol string, price float, volume long);',
    },
  ],
  create: (ctx) => new CsvSinkMapper(ctx),
});
