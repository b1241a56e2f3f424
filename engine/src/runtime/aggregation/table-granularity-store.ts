// The buckets of one duration kept in a table (`@store(type=…) define aggregation`), as Siddhi
// keeps them: the running buckets (the latest start seen) live in memory and are written once a
// later bucket starts; an out-of-order event reads its finished bucket back, updates it and
// writes it again at the end of the chunk. Reads combine the table's rows with the running ones.

import {
  NO_SPAN,
  type Expression,
  type SetAssignment,
  type Variable,
} from '../../query-api/index.js';
import type { ExpressionScope, FunctionContext } from '../expression/types.js';
import type { CompiledCondition, CompiledUpdateSet, Row, Table } from '../table/table.js';
import type { BucketColumns } from './bucket-columns.js';
import type { AggregationBucket, GranularityStore, StoredBucket } from './granularity-store.js';

/** The bounds of a range read; infinite bounds become the widest dates (stores want numbers). */
interface Bounds {
  from: number;
  to: number;
}

const EDGE = 8.64e15;
const clamp = (t: number): number => Math.max(-EDGE, Math.min(EDGE, t));

/** The matching-event name of the store's conditions (the table is named by its id). */
const MATCH = '_bucket';

const variable = (stream: string, attribute: string): Variable => ({
  kind: 'variable',
  span: NO_SPAN,
  stream,
  attribute,
});

const binary = (
  op: '==' | '>=' | '<' | 'and' | 'or',
  left: Expression,
  right: Expression,
): Expression => ({
  kind: 'binary',
  span: NO_SPAN,
  op,
  left,
  right,
});

const isNull = (operand: Expression): Expression => ({ kind: 'isNull', span: NO_SPAN, operand });

/**
 * One duration's buckets in `table`, laid out by `columns`; `keyOf` gives a bucket's group key.
 * @example
 * const store = new TableGranularityStore(table, columns, (b) => groupKeyOfLatest(b), functions);
 * store.entry(start, key, newBucket); store.flush();
 */
export class TableGranularityStore implements GranularityStore {
  private running = new Map<string, AggregationBucket>();
  private runningStart = -Infinity;
  /** Finished buckets changed in this chunk, by start then key (written by `flush`). */
  private readonly dirty = new Map<number, Map<string, AggregationBucket>>();
  /** The latest start the table may hold a row for; undefined until the table was read. */
  private tableMax: number | undefined;
  private readonly range: CompiledCondition<Bounds>;
  private readonly identity: CompiledCondition<Row>;
  private readonly set: CompiledUpdateSet<Row>;

  constructor(
    private readonly table: Table,
    private readonly columns: BucketColumns,
    private readonly keyOf: (bucket: AggregationBucket) => string,
    functions: FunctionContext,
  ) {
    const id = table.schema.id;
    const names = columns.attributes.map((a) => a.name);
    const bounds: ExpressionScope<Bounds> = {
      resolve(v) {
        if (v.stream !== MATCH || (v.attribute !== 'from' && v.attribute !== 'to')) {
          throw new Error(`unknown attribute '${v.attribute}'`);
        }
        const read = v.attribute === 'from' ? (b: Bounds) => b.from : (b: Bounds) => b.to;
        return { type: 'long', read };
      },
      timestamp: () => 0,
    };
    const rowScope: ExpressionScope<Row> = {
      resolve(v) {
        const index = v.stream === MATCH ? names.indexOf(v.attribute) : -1;
        const attribute = columns.attributes[index];
        if (attribute === undefined) throw new Error(`unknown attribute '${v.attribute}'`);
        return { type: attribute.type, read: (row) => row[index] ?? null };
      },
      timestamp: () => 0,
    };
    const timestamp = variable(id, 'AGG_TIMESTAMP');
    this.range = table.compileCondition(
      binary(
        'and',
        binary('>=', timestamp, variable(MATCH, 'from')),
        binary('<', timestamp, variable(MATCH, 'to')),
      ),
      { tableNames: [id], matching: bounds, functions },
    );
    let identity: Expression = binary('==', timestamp, variable(MATCH, 'AGG_TIMESTAMP'));
    for (const position of columns.primaryKey.slice(1)) {
      const name = names[position] ?? '';
      const column = variable(id, name);
      const value = variable(MATCH, name);
      const same = binary(
        'or',
        binary('==', column, value),
        binary('and', isNull(column), isNull(value)),
      );
      identity = binary('and', identity, same);
    }
    const matching = { tableNames: [id], matching: rowScope, functions };
    this.identity = table.compileCondition(identity, matching);
    const keyed = new Set(columns.primaryKey);
    const assignments: SetAssignment[] = names.flatMap((name, position) =>
      keyed.has(position)
        ? []
        : [
            {
              kind: 'set',
              span: NO_SPAN,
              target: variable(id, name),
              value: variable(MATCH, name),
            },
          ],
    );
    this.set = table.compileUpdateSet(assignments, { ...matching, matchingAttributes: names });
  }

  entry(start: number, key: string, create: () => AggregationBucket): AggregationBucket {
    if (start > this.runningStart) {
      // a later bucket starts: the running ones are finished and get written
      if (this.running.size > 0) this.dirtyAt(this.runningStart, this.running);
      this.running = new Map();
      this.runningStart = start;
    }
    if (start === this.runningStart) {
      let bucket = this.running.get(key);
      if (bucket === undefined) {
        bucket = (this.mayHold(start) ? this.load(start, key) : undefined) ?? create();
        this.running.set(key, bucket);
      }
      return bucket;
    }
    let groups = this.dirty.get(start);
    if (groups === undefined) {
      groups = new Map();
      this.dirty.set(start, groups);
    }
    let bucket = groups.get(key);
    if (bucket === undefined) {
      bucket = this.load(start, key) ?? create();
      groups.set(key, bucket);
    }
    return bucket;
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    const rows: unknown[][] = [];
    for (const [start, groups] of this.dirty) {
      for (const bucket of groups.values()) rows.push(this.columns.toRow(start, bucket));
      if (this.tableMax !== undefined) this.tableMax = Math.max(this.tableMax, start);
    }
    this.dirty.clear();
    this.table.updateOrAdd(this.identity, rows, this.set, (row) => row);
  }

  find(from: number, to: number): StoredBucket[] {
    this.flush();
    const running = this.runningStart;
    const found: StoredBucket[] = [];
    const taken = new Set<string>();
    for (const row of this.rows(from, to)) {
      const { start, bucket } = this.columns.fromRow(row);
      const key = this.keyOf(bucket);
      // a running bucket read back from the table is newer in memory; it keeps the row's place
      const newer = start === running ? this.running.get(key) : undefined;
      if (newer !== undefined) taken.add(key);
      found.push({ start, key, bucket: newer ?? bucket });
    }
    if (running >= from && running < to) {
      for (const [key, bucket] of this.running) {
        if (!taken.has(key)) found.push({ start: running, key, bucket });
      }
    }
    // stable: the table's order within a start, new running buckets after the stored ones
    return found.sort((a, b) => a.start - b.start);
  }

  purgeBefore(before: number): number {
    this.flush();
    const bounds: Bounds = { from: -EDGE, to: clamp(before) };
    let removed = this.table.find(this.range, bounds).length;
    if (removed > 0) this.table.delete(this.range, [bounds]);
    if (this.runningStart < before) {
      removed += this.running.size;
      this.running = new Map();
    }
    return removed;
  }

  held(): StoredBucket[] {
    this.flush();
    const held: StoredBucket[] = [];
    for (const [key, bucket] of this.running) held.push({ start: this.runningStart, key, bucket });
    return held;
  }

  hold(buckets: readonly StoredBucket[]): void {
    this.running = new Map();
    this.runningStart = -Infinity;
    this.dirty.clear();
    this.tableMax = undefined;
    const latest = buckets.reduce((max, b) => Math.max(max, b.start), -Infinity);
    for (const { start, key, bucket } of buckets) {
      if (start === latest) {
        this.runningStart = start;
        this.running.set(key, bucket);
      } else {
        // only a snapshot of another layout holds older buckets: they are written with the next chunk
        this.dirtyAt(start, new Map([[key, bucket]]));
      }
    }
  }

  private dirtyAt(start: number, buckets: ReadonlyMap<string, AggregationBucket>): void {
    let groups = this.dirty.get(start);
    if (groups === undefined) {
      groups = new Map();
      this.dirty.set(start, groups);
    }
    for (const [key, bucket] of buckets) groups.set(key, bucket);
  }

  private rows(from: number, to: number): readonly Row[] {
    return this.table.find(this.range, { from: clamp(from), to: clamp(to) });
  }

  /**
   * Whether the table may hold a row starting at `start` (at or after the first start this store
   * was asked for): read once, so new buckets do not each cost a lookup.
   */
  private mayHold(start: number): boolean {
    if (this.tableMax === undefined) {
      let max = -Infinity;
      for (const row of this.rows(start, EDGE)) max = Math.max(max, Number(row[0]));
      this.tableMax = max;
    }
    return start <= this.tableMax;
  }

  /** The stored bucket of `key` starting at `start`, when the table has it. */
  private load(start: number, key: string): AggregationBucket | undefined {
    for (const row of this.rows(start, start + 1)) {
      const { bucket } = this.columns.fromRow(row);
      if (this.keyOf(bucket) === key) return bucket;
    }
    return undefined;
  }
}
