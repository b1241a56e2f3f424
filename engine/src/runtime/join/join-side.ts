// One input of a join, placed after that input's window: each event the window emits (current
// or expired) is matched against the other side's held events; each triggering event's matches
// go to the selector as one chunk, and a chunk's results leave the query together.

import type { EventChunk, StreamEvent } from '../event/event.js';
import type { Processor } from '../processor/processor.js';
import { joinEvent, type JoinEvent, type JoinSlot } from './join-event.js';
import type { JoinFindable } from './join-findable.js';

/** Where a join side sends its results: one chunk of join events per triggering event. */
export interface JoinSink {
  process(chunks: readonly JoinEvent[][]): void;
}

/** How a join side behaves. */
export interface JoinSideOptions {
  readonly slot: JoinSlot;
  /** False for the passive side of a `unidirectional` join (and for tables). */
  readonly triggers: boolean;
  /** Outer on this side: an event without matches still yields a row (other side null). */
  readonly outer: boolean;
  /** The other side's held events. */
  readonly other: JoinFindable;
  readonly sink: JoinSink;
}

/**
 * The join step of one side.
 * @example
 * window.next = new JoinSide({ slot: 'left', triggers: true, outer: false, other: rightFindable, sink });
 */
export class JoinSide implements Processor {
  private readonly probe: JoinEvent = joinEvent(0, 'current', null, null);

  constructor(private readonly options: JoinSideOptions) {}

  process(chunk: EventChunk): void {
    const { slot, triggers, outer, other, sink } = this.options;
    if (!triggers) return;
    const left = slot === 'left';
    const probe = this.probe;
    const out: JoinEvent[][] = [];
    for (const event of chunk) {
      const type = event.type;
      if (type === 'timer') continue;
      const ts = event.timestamp;
      if (type === 'reset') {
        out.push([left ? joinEvent(ts, type, event, null) : joinEvent(ts, type, null, event)]);
        continue;
      }
      probe.timestamp = ts;
      probe.type = type;
      probe[slot] = event;
      let found: StreamEvent[];
      try {
        found = other.find(probe);
      } finally {
        probe[slot] = null;
      }
      if (found.length === 0) {
        if (outer) {
          out.push([left ? joinEvent(ts, type, event, null) : joinEvent(ts, type, null, event)]);
        }
        continue;
      }
      const rows: JoinEvent[] = new Array<JoinEvent>(found.length);
      let i = 0;
      for (const match of found) {
        rows[i++] = left ? joinEvent(ts, type, event, match) : joinEvent(ts, type, match, event);
      }
      out.push(rows);
    }
    if (out.length > 0) sink.process(out);
  }
}
