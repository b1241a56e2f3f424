// Siddhi's key-value contract of a change event: an insert carries `<column>` = new values, an
// update `before_<column>` = old values and `<column>` = new values, a delete `before_<column>`
// = deleted values. With several operations captured, the side an event lacks holds defaults.

/** A captured change operation (`operation` parameter values). */
export type Operation = 'insert' | 'update' | 'delete';

export const OPERATIONS: readonly Operation[] = ['insert', 'update', 'delete'];

/** The prefix of old values' keys. */
export const BEFORE_PREFIX = 'before_';

/**
 * One column of the captured table, as events need it; `V` is how the change stream gives a
 * value (PostgreSQL: its text; MySQL/MariaDB: the binlog client's decoded value).
 */
export interface EventColumn<V = string> {
  readonly name: string;
  readonly convert: (value: V) => unknown;
  /** The value of a side the event lacks (several operations captured). */
  readonly fallback: unknown;
}

/**
 * A row as the change stream gives it: column → value, `null` for SQL NULL, `undefined` when
 * not sent (an unchanged TOASTed value, or a non-key column of a key-only old row).
 */
export type RawRow<V = string> = Readonly<Record<string, V | null | undefined>>;

/** Builds the key-value maps of one table's changes. */
export class ChangeEventBuilder<V = string> {
  /** Each column with the key of its old value. */
  readonly #columns: readonly (readonly [EventColumn<V>, string])[];

  /**
   * @param columns the table's columns
   * @param fillOtherSide put defaults into the side an event lacks (several operations)
   */
  constructor(
    private readonly columns: readonly EventColumn<V>[],
    private readonly fillOtherSide: boolean,
  ) {
    this.#columns = columns.map((c) => [c, BEFORE_PREFIX + c.name] as const);
  }

  /**
   * The event of a change; `old` is the old row the server sent (full with REPLICA IDENTITY
   * FULL, key columns only by default, none for an update that kept its key).
   * @example
   * builder.event('update', { id: '1', name: 'b' }, { id: '1', name: 'a' })
   * // { before_id: 1, before_name: 'a', id: 1, name: 'b' }
   */
  event(
    operation: Operation,
    row: RawRow<V> | null,
    old: RawRow<V> | null,
  ): Record<string, unknown> {
    const event: Record<string, unknown> = {};
    const columns = this.columns;
    if (operation !== 'insert' && old !== null) {
      for (const [column, beforeKey] of this.#columns) {
        const value = old[column.name];
        if (value === undefined) continue;
        event[beforeKey] = value === null ? null : column.convert(value);
      }
    } else if (operation === 'insert' && this.fillOtherSide) {
      for (const [column, beforeKey] of this.#columns) event[beforeKey] = column.fallback;
    }
    if (operation !== 'delete' && row !== null) {
      for (const column of columns) {
        // An unchanged TOASTed value is not sent again: the old row's value stands for it.
        const sent = row[column.name];
        const value = sent === undefined ? old?.[column.name] : sent;
        if (value === undefined) continue;
        event[column.name] = value === null ? null : column.convert(value);
      }
    } else if (operation === 'delete' && this.fillOtherSide) {
      for (const column of columns) event[column.name] = column.fallback;
    }
    return event;
  }
}
