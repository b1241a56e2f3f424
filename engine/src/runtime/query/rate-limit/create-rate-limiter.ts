// Builds the output rate limiter of a query from its `output …` clause (or its absence),
// picking Siddhi 5.1's per-group variant when the query groups.

import type { OutputRate } from '../../../query-api/index.js';
import {
  AllPerEventRateLimiter,
  FirstGroupByPerEventRateLimiter,
  FirstPerEventRateLimiter,
  LastGroupByPerEventRateLimiter,
  LastPerEventRateLimiter,
} from './event-rate-limiters.js';
import {
  PassThroughRateLimiter,
  type EmitChunk,
  type LimiterTime,
  type OutputRateLimiter,
} from './output-rate-limiter.js';
import { createSnapshotRateLimiter } from './snapshot-rate-limiters.js';
import {
  AllPerTimeRateLimiter,
  FirstGroupByPerTimeRateLimiter,
  FirstPerTimeRateLimiter,
  LastGroupByPerTimeRateLimiter,
  LastPerTimeRateLimiter,
} from './time-rate-limiters.js';

/** What the limiter needs besides the clause; `groupBy`/`aggregatePositions`/`outputSize` come from the QuerySelector. */
export interface RateLimiterOptions {
  readonly emit: EmitChunk;
  readonly groupBy: boolean;
  /** Required for `every <time>` and `snapshot`. */
  readonly time?: LimiterTime;
  /** The input holds events (a window or a join); for `snapshot`. */
  readonly windowed?: boolean;
  readonly aggregatePositions?: readonly number[];
  readonly outputSize?: number;
}

/**
 * The limiter for `outputRate` (undefined: pass-through).
 * @example
 * const limiter = createOutputRateLimiter(query.outputRate, {
 *   emit: (chunk) => output.process(chunk), groupBy: selector.isGroupBy, time,
 *   windowed, aggregatePositions: selector.aggregatePositions, outputSize: selector.outputNames.length });
 */
export function createOutputRateLimiter(
  outputRate: OutputRate | undefined,
  options: RateLimiterOptions,
): OutputRateLimiter {
  const { emit, groupBy } = options;
  if (outputRate === undefined) return new PassThroughRateLimiter(emit);
  if (outputRate.kind === 'eventOutputRate') {
    const n = outputRate.events;
    if (!(n > 0)) throw new RangeError(`output every N events needs N > 0, got ${String(n)}`);
    switch (outputRate.type) {
      case 'all':
        return new AllPerEventRateLimiter(n, emit);
      case 'first':
        return groupBy
          ? new FirstGroupByPerEventRateLimiter(n, emit)
          : new FirstPerEventRateLimiter(n, emit);
      case 'last':
        return groupBy
          ? new LastGroupByPerEventRateLimiter(n, emit)
          : new LastPerEventRateLimiter(n, emit);
    }
  }
  const time = options.time;
  if (time === undefined) throw new Error('a time-based output rate needs a clock and scheduler');
  const interval = outputRate.interval.millis;
  if (outputRate.kind === 'snapshotOutputRate') {
    return createSnapshotRateLimiter(time, interval, emit, {
      groupBy,
      windowed: options.windowed ?? false,
      aggregatePositions: options.aggregatePositions ?? [],
      outputSize: options.outputSize ?? 0,
    });
  }
  switch (outputRate.type) {
    case 'all':
      return new AllPerTimeRateLimiter(time, interval, emit);
    case 'first':
      return groupBy
        ? new FirstGroupByPerTimeRateLimiter(time, interval, emit)
        : new FirstPerTimeRateLimiter(time, interval, emit);
    case 'last':
      return groupBy
        ? new LastGroupByPerTimeRateLimiter(time, interval, emit)
        : new LastPerTimeRateLimiter(time, interval, emit);
  }
}
