// What one side of a join offers the other: the events it holds that match a triggering event.
// A stream side searches its window's contents with the compiled `on` condition; a table side
// asks the table (which may use its primary key or indexes).

import type { StreamEvent } from '../event/event.js';
import type { CompiledCondition, Table } from '../table/table.js';
import type { JoinEvent, JoinSlot } from './join-event.js';

/**
 * The held events of one join side that match a probe. The probe's other slot holds the
 * triggering event, this side's slot is null; `find` may use the slot while it runs but
 * leaves it null. The returned array is the caller's.
 */
export interface JoinFindable {
  find(probe: JoinEvent): StreamEvent[];
}

/**
 * The events of a window (or named window) held in `slot`, filtered by `condition` (evaluated
 * with each candidate in `slot`); every held event when there is no condition.
 * @example
 * const right = windowFindable(() => window.contents(), 'right', on.evaluate);
 * right.find(joinEvent(ts, 'current', leftEvent, null));
 */
export function windowFindable(
  contents: () => readonly StreamEvent[],
  slot: JoinSlot,
  condition: ((c: JoinEvent) => unknown) | undefined,
): JoinFindable {
  if (condition === undefined) return { find: () => contents().slice() };
  return {
    find(probe) {
      const found: StreamEvent[] = [];
      try {
        for (const candidate of contents()) {
          probe[slot] = candidate;
          if (condition(probe) === true) found.push(candidate);
        }
      } finally {
        probe[slot] = null;
      }
      return found;
    },
  };
}

/**
 * The rows of `table` matching `condition` (compiled by the table with the other side's event
 * as the matching event), as current events stamped with the probe's time.
 * @example
 * const right = tableFindable(table, table.compileCondition(on, options), 'left');
 */
export function tableFindable(
  table: Table,
  condition: CompiledCondition<StreamEvent>,
  triggerSlot: JoinSlot,
): JoinFindable {
  return {
    find(probe) {
      const rows = table.find(condition, probe[triggerSlot]);
      const timestamp = probe.timestamp;
      return rows.map((row) => ({ timestamp, type: 'current', data: row as unknown[] }));
    },
  };
}
