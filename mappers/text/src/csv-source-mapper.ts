// The `csv` source mapper: CSV records → events, by column position (the stream's attribute
// order, or `@attributes(attr='index')`), with Siddhi's delimiter, header and
// fail.on.unknown.attribute options.

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  defineSourceMapper,
  param,
  type OptionsOf,
  type SourceMapper,
  type SourceMapperContext,
} from '@tributary/engine/extension-api';
import { parseAttributeValue } from './attribute-values.js';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv-format.js';
import { payloadText } from './payload-text.js';

/** `delimiter='\t'` written with a backslash means a tab (as in Siddhi). */
export function csvDelimiter(option: string): string {
  return option === '\\t' ? '\t' : option;
}

const parameters = {
  delimiter: param.string({
    description: "The field separator (one or more characters); `'\\t'` means a tab.",
    optional: true,
    default: ',',
  }),
  'header.present': param.bool({
    description:
      'The input starts with a header record, which is skipped: the first record the mapper ' +
      'receives, or with `event.grouping.enabled` the first record of every payload.',
    optional: true,
    default: false,
  }),
  header: param.bool({
    description: 'Same as `header.present` (the key Siddhi reads in its code).',
    optional: true,
    default: false,
  }),
  'fail.on.unknown.attribute': param.bool({
    description:
      'When true, a record with a missing column or a value that is not of its attribute’s ' +
      'type is an error (routed to `@OnError`/the error store); when false that attribute ' +
      'becomes null and the event is kept.',
    optional: true,
    default: true,
  }),
  'event.grouping.enabled': param.bool({
    description:
      'Each payload holds a group of records, one per line (a header, when present, heads ' +
      'every payload). A bad record of a group is reported alone; the others go on.',
    optional: true,
    default: false,
  }),
};

interface Slot {
  readonly attribute: string;
  readonly type: AttributeType;
  readonly index: number;
  readonly column: number;
}

class CsvSourceMapper implements SourceMapper {
  private readonly delimiter: string;
  private readonly header: boolean;
  private readonly fail: boolean;
  private readonly grouping: boolean;
  private readonly slots: readonly Slot[];
  private readonly width: number;
  private headerSkipped = false;

  constructor(private readonly ctx: SourceMapperContext<OptionsOf<typeof parameters>>) {
    const o = ctx.options;
    this.delimiter = csvDelimiter(o.delimiter);
    if (this.delimiter === '' || this.delimiter.includes('"') || /[\r\n]/.test(this.delimiter)) {
      throw new Error(
        `csv mapper of stream '${ctx.streamId}': the delimiter cannot be empty, a quote or a line break`,
      );
    }
    this.header = o['header.present'] || o.header;
    this.fail = o['fail.on.unknown.attribute'];
    this.grouping = o['event.grouping.enabled'];
    this.width = ctx.attributes.length;
    this.slots =
      ctx.mappings === undefined
        ? ctx.attributes.map((a, i) => ({ attribute: a.name, type: a.type, index: i, column: i }))
        : ctx.mappings.flatMap((m) => {
            if (m.path === undefined) return [];
            const column = /^\s*\d+\s*$/.test(m.path) ? Number(m.path) : Number.NaN;
            if (!Number.isSafeInteger(column)) {
              throw new Error(
                `csv mapper of stream '${ctx.streamId}': attribute '${m.attribute}' is mapped ` +
                  `to '${m.path}', which is not a column index (0, 1, 2…)`,
              );
            }
            return [{ attribute: m.attribute, type: m.type, index: m.index, column }];
          });
  }

  map(
    payload: unknown,
    _transport: unknown,
    reportError: (error: MappingError, rawEvent: unknown) => void,
  ): (readonly unknown[])[] {
    const text = payloadText(payload, 'csv');
    let records: CsvRecord[];
    try {
      records = parseCsv(text, this.delimiter);
    } catch (error) {
      if (error instanceof CsvSyntaxError) {
        throw new MappingError(
          `malformed CSV for stream '${this.ctx.streamId}': ${error.message}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    if (this.header && (this.grouping || !this.headerSkipped) && records.length > 0) {
      records = records.slice(1);
      this.headerSkipped = true;
    }
    const rows: (readonly unknown[])[] = [];
    for (const record of records) {
      const row = this.convert(record);
      if (row instanceof MappingError) {
        if (records.length === 1) throw row;
        reportError(row, record.text);
      } else {
        rows.push(row);
      }
    }
    return rows;
  }

  private convert(record: CsvRecord): unknown[] | MappingError {
    const row = new Array<unknown>(this.width).fill(null);
    for (const slot of this.slots) {
      const field = record.fields[slot.column];
      if (field === undefined) {
        if (this.fail) {
          return this.error(
            record,
            `has ${String(record.fields.length)} field(s), so column ${String(slot.column)} ` +
              `(attribute '${slot.attribute}') is missing`,
          );
        }
        continue;
      }
      if (field === 'null' && record.quoted[slot.column] !== true) continue;
      const parsed = parseAttributeValue(field, slot.type);
      if (parsed.ok) row[slot.index] = parsed.value;
      else if (this.fail) {
        return this.error(
          record,
          `column ${String(slot.column)} (attribute '${slot.attribute}'): ${parsed.reason}`,
        );
      }
    }
    return row;
  }

  private error(record: CsvRecord, detail: string): MappingError {
    return new MappingError(
      `CSV record on line ${String(record.line)} for stream '${this.ctx.streamId}' ${detail}`,
    );
  }
}

/**
 * The `csv` source mapper.
 * @example
 * // @source(type='inMemory', topic='stock', @map(type='csv')) define stream S (symbol string, price float);
 * // payload "WSO2,55.6" → event ['WSO2', 55.6]
 */
export const csvSourceMapper = defineSourceMapper({
  name: 'csv',
  status: 'stable',
  summary: 'Converts CSV records to events, by column position.',
  description:
    'Without `@attributes`, the fields of a record are the attributes in stream order; with ' +
    "`@attributes(symbol='2', price='0')` each attribute names its column (0-based). Fields " +
    'may be quoted with `"` (a quote inside is doubled); an unquoted `null` is a null value. ' +
    'Numbers and booleans are read like Java does (`55.6`, `1e3`, `true`); strings are kept ' +
    'exactly. A payload may hold several records, one per line: each becomes an event. The ' +
    'payload is a string or UTF-8 bytes.',
  parameters,
  examples: [
    {
      description:
        'Default mapping: `WSO2,55.6,100` becomes the event (WSO2, 55.6, 100); ' +
        '`"WSO2, Inc",55.6,100` keeps the comma inside the quotes.',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='csv'))\n" +
        'define stream FooStream (symbol string, price float, volume int);',
    },
    {
      description:
        'Custom mapping with a header line and `-` as the delimiter: the input ' +
        '`price-volume-symbol` then `55.6-100-WSO2` gives (WSO2, 55.6, 100).',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='csv', delimiter='-', header.present='true', " +
        "@attributes(symbol='2', price='0', volume='1')))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Grouped records, nulls instead of errors: `IBM,x,1` (a bad price) gives (IBM, null, 1).',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='csv', event.grouping.enabled='true', " +
        "fail.on.unknown.attribute='false'))\n" +
        'define stream FooStream (symbol string, price double, volume long);',
    },
  ],
  create: (ctx) => new CsvSourceMapper(ctx),
});
