// The row layout of an aggregation's granularity table (`@store` on `define aggregation`): a
// bucket becomes one record `[AGG_TIMESTAMP, AGG_EVENT_TIMESTAMP, …latest input values,
// …per aggregate: its value and its base values]`, and a record becomes a bucket again.

import type { AggregatorInstance } from '../../builtins/aggregators/index.js';
import type { AttributeType, TimeUnit } from '../../query-api/index.js';
import type { Row, TableAttribute } from '../table/table.js';
import type { AggregationBucket } from './granularity-store.js';

/** Siddhi's table name suffixes, one per duration: `StockAggregation_SECONDS`, … */
export const DURATION_TABLE_SUFFIX: Readonly<Partial<Record<TimeUnit, string>>> = {
  sec: 'SECONDS',
  min: 'MINUTES',
  hour: 'HOURS',
  day: 'DAYS',
  month: 'MONTHS',
  year: 'YEARS',
};

/** What the layout is built from (known when the aggregation is planned). */
export interface BucketColumnsOptions {
  /** The aggregation's input attributes: the layout of a bucket's `latest` event data. */
  readonly input: readonly TableAttribute[];
  /** Input positions the selected values or the group key read from the latest event. */
  readonly kept: readonly number[];
  /** Input positions of the `group by` attributes: with AGG_TIMESTAMP, the primary key. */
  readonly groupBy: readonly number[];
  /** Each aggregate call with its function name (names its columns). */
  readonly aggregates: readonly { readonly name: string; readonly instance: AggregatorInstance }[];
}

/** How one aggregate's state is laid out: a column per field of its snapshot, or one column. */
interface AggregateLayout {
  readonly value: number;
  /** Snapshot record fields and their columns; undefined: the whole snapshot in `whole`. */
  readonly fields: readonly (readonly [string, number])[] | undefined;
  readonly whole: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldType(value: unknown, fallback: AttributeType): AttributeType {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'number') return 'double';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return 'object';
}

/**
 * Encodes buckets as records and back.
 * @example
 * const columns = new BucketColumns({ input, kept: [0], groupBy: [0], aggregates: [{ name: 'sum', instance }] });
 * columns.attributes.map((a) => a.name) // ['AGG_TIMESTAMP', 'AGG_EVENT_TIMESTAMP', 'symbol', 'AGG_SUM_0', 'AGG_SUM_0_sum', 'AGG_SUM_0_count']
 */
export class BucketColumns {
  readonly attributes: readonly TableAttribute[];
  /** AGG_TIMESTAMP then the group-by columns. */
  readonly primaryKey: readonly number[];
  private readonly kept: readonly (readonly [input: number, column: number])[];
  private readonly layouts: readonly AggregateLayout[];

  constructor(private readonly options: BucketColumnsOptions) {
    const attributes: TableAttribute[] = [
      { name: 'AGG_TIMESTAMP', type: 'long' },
      { name: 'AGG_EVENT_TIMESTAMP', type: 'long' },
    ];
    const kept = [...new Set([...options.groupBy, ...options.kept])].sort((a, b) => a - b);
    this.kept = kept.map((p) => {
      const attribute = options.input[p];
      if (attribute === undefined) throw new RangeError(`no input attribute at ${String(p)}`);
      attributes.push({ name: attribute.name, type: attribute.type });
      return [p, attributes.length - 1] as const;
    });
    const columnOf = new Map(this.kept);
    this.primaryKey = [0, ...options.groupBy.map((p) => columnOf.get(p) ?? -1)];
    this.layouts = options.aggregates.map(({ name, instance }, i) => {
      const prefix = `AGG_${name.toUpperCase()}_${String(i)}`;
      attributes.push({ name: prefix, type: instance.returnType });
      const value = attributes.length - 1;
      const probe = instance.newState().snapshot();
      if (!isRecord(probe)) {
        attributes.push({ name: `${prefix}_STATE`, type: 'object' });
        return { value, fields: undefined, whole: attributes.length - 1 };
      }
      const fields = Object.entries(probe).map(([field, initial]) => {
        attributes.push({
          name: `${prefix}_${field}`,
          type: fieldType(initial, instance.returnType),
        });
        return [field, attributes.length - 1] as const;
      });
      return { value, fields, whole: -1 };
    });
    this.attributes = attributes;
  }

  /** The record of `bucket`, starting at `start`. */
  toRow(start: number, bucket: AggregationBucket): unknown[] {
    const row = new Array<unknown>(this.attributes.length).fill(null);
    row[0] = start;
    row[1] = bucket.latestTimestamp;
    for (const [input, column] of this.kept) row[column] = bucket.latest[input] ?? null;
    this.layouts.forEach((layout, i) => {
      row[layout.value] = bucket.values[i] ?? null;
      const snapshot = bucket.states[i]?.snapshot();
      if (layout.fields === undefined) {
        row[layout.whole] = snapshot ?? null;
        return;
      }
      const record = isRecord(snapshot) ? snapshot : {};
      for (const [field, column] of layout.fields) row[column] = record[field] ?? null;
    });
    return row;
  }

  /** The bucket a record holds, with its start. */
  fromRow(row: Row): { start: number; bucket: AggregationBucket } {
    const latest = new Array<unknown>(this.options.input.length).fill(null);
    for (const [input, column] of this.kept) latest[input] = row[column] ?? null;
    const states = this.options.aggregates.map((a) => a.instance.newState());
    const values = this.layouts.map((layout, i) => {
      const state = states[i];
      if (layout.fields === undefined) state?.restore(row[layout.whole]);
      else {
        const record: Record<string, unknown> = {};
        for (const [field, column] of layout.fields) record[field] = row[column] ?? null;
        state?.restore(record);
      }
      return row[layout.value] ?? null;
    });
    return {
      start: Number(row[0]),
      bucket: { latestTimestamp: Number(row[1]), latest, states, values },
    };
  }
}
