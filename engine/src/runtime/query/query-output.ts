// The end of a query's chain: hands the selected (and rate-limited) events to the query's
// callbacks (current as `in`, expired as `remove`) and to its output, e.g. `insert into`.

import type { EventChunk, StreamEvent } from '../event/event.js';
import type { Processor } from '../processor/processor.js';
import type { OutputEventType } from '../../query-api/index.js';
import type { StreamJunction } from '../stream/stream-junction.js';

/**
 * A query callback: the current events of one output chunk and its expired events. Called only
 * when at least one of them is non-empty.
 */
export type QueryCallback = (
  inEvents: readonly StreamEvent[],
  removeEvents: readonly StreamEvent[],
) => void;

/**
 * Delivers a query's output.
 * @example
 * const output = new QueryOutput(new InsertIntoStream(junction, 'current'));
 * output.callbacks.push((inEvents) => console.log(inEvents));
 */
export class QueryOutput implements Processor {
  callbacks: readonly QueryCallback[] = [];

  constructor(private readonly target: Processor | undefined) {}

  process(chunk: EventChunk): void {
    const callbacks = this.callbacks;
    if (callbacks.length > 0) notify(callbacks, chunk);
    this.target?.process(chunk);
  }
}

const NO_EVENTS: readonly StreamEvent[] = Object.freeze([]);

// The common case, a chunk of current events only, is handed over as is (no copies).
function notify(callbacks: readonly QueryCallback[], chunk: EventChunk): void {
  let current = 0;
  let expired = 0;
  for (const event of chunk) {
    if (event.type === 'current') current += 1;
    else if (event.type === 'expired') expired += 1;
  }
  if (current === 0 && expired === 0) return;
  let inEvents: readonly StreamEvent[] = NO_EVENTS;
  let removeEvents: readonly StreamEvent[] = NO_EVENTS;
  if (current === chunk.length) inEvents = chunk;
  else if (expired === chunk.length) removeEvents = chunk;
  else {
    inEvents = chunk.filter((e) => e.type === 'current');
    removeEvents = chunk.filter((e) => e.type === 'expired');
  }
  for (const callback of callbacks) callback(inEvents, removeEvents);
}

/**
 * `insert [current|expired|all] events into S`: sends the chosen events into the target
 * stream; expired events become current events of that stream (as in Siddhi).
 */
export class InsertIntoStream implements Processor {
  constructor(
    private readonly junction: StreamJunction,
    private readonly eventType: OutputEventType,
  ) {}

  process(chunk: EventChunk): void {
    const out = selectEvents(chunk, this.eventType);
    if (out.length > 0) this.junction.send(out);
  }
}

/** The events of `chunk` that `eventType` keeps, all typed current; `chunk` itself if it can. */
export function selectEvents(chunk: EventChunk, eventType: OutputEventType): EventChunk {
  let out: StreamEvent[] | undefined;
  let i = -1;
  for (const event of chunk) {
    i += 1;
    const kept =
      event.type === 'current'
        ? eventType !== 'expired'
        : event.type === 'expired' && eventType !== 'current';
    if (kept && event.type === 'current') {
      if (out !== undefined) out.push(event);
    } else {
      out ??= chunk.slice(0, i);
      if (kept) out.push({ timestamp: event.timestamp, type: 'current', data: event.data });
    }
  }
  return out ?? chunk;
}
