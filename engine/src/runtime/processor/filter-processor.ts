// `S[condition]`: passes on the events for which the compiled condition is true. Events that
// are not data (timer, reset) pass untouched so windows and selectors downstream see them.

import type { EventChunk, StreamEvent } from '../event/event.js';
import { DISCARD, type LinkedProcessor, type Processor } from './processor.js';

/** A compiled condition over one event; only the value `true` passes. */
export type EventPredicate = (event: StreamEvent) => unknown;

/**
 * Filters a chunk; a single-event chunk that passes is forwarded as is (no allocation).
 * @example
 * const filter = new FilterProcessor((e) => (e.data[1] as number) > 10);
 * filter.next = nextProcessor;
 */
export class FilterProcessor implements LinkedProcessor {
  next: Processor = DISCARD;

  constructor(private readonly condition: EventPredicate) {}

  process(chunk: EventChunk): void {
    if (chunk.length === 1) {
      const event = chunk[0];
      if (event !== undefined && (!isData(event) || this.condition(event) === true)) {
        this.next.process(chunk);
      }
      return;
    }
    let kept: StreamEvent[] | undefined;
    let i = 0;
    for (const event of chunk) {
      const pass = !isData(event) || this.condition(event) === true;
      if (pass) {
        if (kept !== undefined) kept.push(event);
      } else {
        kept ??= chunk.slice(0, i);
      }
      i += 1;
    }
    const out = kept ?? chunk;
    if (out.length > 0) this.next.process(out);
  }
}

function isData(event: StreamEvent): boolean {
  return event.type === 'current' || event.type === 'expired';
}
