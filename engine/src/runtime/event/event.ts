// Runtime events: plain objects whose attribute values sit in an array, in the order of the
// stream's definition. Chunks are arrays of events processed together (Siddhi's batches).

/** `current` and `expired` carry data; `timer` ticks windows and rate limiters; `reset` clears aggregates. */
export type EventType = 'current' | 'expired' | 'timer' | 'reset';

/** What every event flowing through a processor chain has. */
export interface ComplexEvent {
  timestamp: number;
  type: EventType;
}

/** One event of one stream: `data[i]` is the value of the stream's i-th attribute. */
export interface StreamEvent extends ComplexEvent {
  data: unknown[];
}

/** Events processed together; a query that aggregates emits once per chunk. */
export type EventChunk<E extends ComplexEvent = StreamEvent> = E[];

/** Makes a current event. */
export function streamEvent(
  timestamp: number,
  data: unknown[],
  type: EventType = 'current',
): StreamEvent {
  return { timestamp, data, type };
}
