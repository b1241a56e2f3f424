// Reading an aggregation with `within … per …`: the bounds and the duration are evaluated for
// each read (they may come from the triggering event of a join), then the matching buckets'
// rows become events, filtered by the join's `on` condition when there is one.

import type { TimeUnit } from '../../query-api/index.js';
import type { StreamEvent } from '../event/event.js';
import type { Evaluator } from '../expression/types.js';
import type { JoinEvent, JoinSlot } from '../join/join-event.js';
import type { JoinFindable } from '../join/join-findable.js';
import { runtimeMessages } from '../../errors/messages.js';
import { parsePer, withinRange } from './aggregation-time.js';
import type { IncrementalAggregation } from './incremental-aggregation.js';

/** The compiled `within start[, end] per duration` of one read. */
export interface AggregationRead<C> {
  /** Absent without `within`: every bucket. */
  readonly start?: Evaluator<C>;
  readonly end?: Evaluator<C>;
  readonly per: Evaluator<C>;
}

/**
 * The rows of `aggregation` that `read` selects in context `c`; throws a RangeError when the
 * bounds or the duration are not valid.
 * @example
 * readAggregation(aggregation, { start: () => '2017-06-** **:**:**', per: () => 'days' }, null);
 */
export function readAggregation<C>(
  aggregation: IncrementalAggregation,
  read: AggregationRead<C>,
  c: C,
): unknown[][] {
  const range =
    read.start === undefined
      ? { start: -Infinity, end: Infinity }
      : withinRange(read.start(c), read.end?.(c));
  if (typeof range === 'string') {
    throw new RangeError(runtimeMessages.E_AGGREGATION(aggregation.id, range));
  }
  const perValue = read.per(c);
  const per: TimeUnit | undefined = parsePer(perValue);
  if (per === undefined) {
    throw new RangeError(
      runtimeMessages.E_AGGREGATION(aggregation.id, `'${String(perValue)}' is not a per duration`),
    );
  }
  return aggregation.find(range, per);
}

/**
 * The join side of an aggregation (held in `slot`): the rows the probe's `within`/`per` select,
 * as current events stamped with the probe's time, filtered by `condition`.
 * @example
 * const right = aggregationFindable(aggregation, read, 'right', on.evaluate);
 */
export function aggregationFindable(
  aggregation: IncrementalAggregation,
  read: AggregationRead<JoinEvent>,
  slot: JoinSlot,
  condition: ((c: JoinEvent) => unknown) | undefined,
): JoinFindable {
  return {
    find(probe) {
      const rows = readAggregation(aggregation, read, probe);
      const found: StreamEvent[] = [];
      const timestamp = probe.timestamp;
      try {
        for (const data of rows) {
          const candidate: StreamEvent = { timestamp, type: 'current', data };
          if (condition !== undefined) {
            probe[slot] = candidate;
            if (condition(probe) !== true) continue;
          }
          found.push(candidate);
        }
      } finally {
        probe[slot] = null;
      }
      return found;
    },
  };
}
