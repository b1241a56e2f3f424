// Siddhi's key-value contract of a change event: an insert carries `<column>` = new values, an
// update `before_<column>` = old values and `<column>` = new values, a delete `before_<column>`
// = deleted values. With several operations captured, the side an event lacks holds defaults.

import type { ValueConverter } from './pg-values.js';

/** A captured change operation (`operation` parameter values). */
export type Operation = 'insert' | 'update' | 'delete';

export const OPERATIONS: readonly Operation[] = ['insert', 'update', 'delete'];

/** The prefix of old values' keys. */
export const BEFORE_PREFIX = 'before_';

/** One column of the captured table, as events need it. */
export interface EventColumn {
  readonly name: string;
  readonly convert: ValueConverter;
  /** The value of a side the event lacks (several operations captured). */
  readonly fallback: unknown;
}

/**
 * A row as the change stream gives it: column → text, `null` for SQL NULL, `undefined` when
 * not sent (an unchanged TOASTed value, or a non-key column of a key-only old row).
 */
export type RawRow = Readonly<Record<string, string | null | undefined>>;

/** Builds the key-value maps of one table's changes. */
export class ChangeEventBuilder {
  /** Each column with the key of its old value. */
  readonly #columns: readonly (readonly [EventColumn, string])[];

  /**
   * @param columns the table's columns
   * @param fillOtherSide put defaults into the side an event lacks (several operations)
   */
  constructor(
    private readonly columns: readonly EventColumn[],
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
  event(operation: Operation, row: RawRow | null, old: RawRow | null): Record<string, unknown> {
    const event: Record<string, unknown> = {};
    const columns = this.columns;
    if (operation !== 'insert' && old !== null) {
      for (const [column, beforeKey] of this.#columns) {
        const text = old[column.name];
        if (text === undefined) continue;
        event[beforeKey] = text === null ? null : column.convert(text);
      }
    } else if (operation === 'insert' && this.fillOtherSide) {
      for (const [column, beforeKey] of this.#columns) event[beforeKey] = column.fallback;
    }
    if (operation !== 'delete' && row !== null) {
      for (const column of columns) {
        // An unchanged TOASTed value is not sent again: the old row's value stands for it.
        const sent = row[column.name];
        const text = sent === undefined ? old?.[column.name] : sent;
        if (text === undefined) continue;
        event[column.name] = text === null ? null : column.convert(text);
      }
    } else if (operation === 'delete' && this.fillOtherSide) {
      for (const column of columns) event[column.name] = column.fallback;
    }
    return event;
  }
}
