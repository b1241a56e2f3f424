// The selector step of a join query: runs the query's selector once per triggering event's
// chunk of join events (so aggregates see each trigger as a batch) and releases the results of
// one input chunk together, to the output or the output rate limiter.

import type { StreamEvent } from '../event/event.js';
import type { QuerySelector } from '../query/selector/index.js';
import type { JoinEvent } from './join-event.js';
import type { JoinSink } from './join-side.js';

/** Receives the selected events of one input chunk and their group keys (same indexes). */
export type SelectedSink = (events: StreamEvent[], groupKeys: readonly string[]) => void;

const NO_KEYS: readonly string[] = [];

/**
 * Selects join events.
 * @example
 * const selection = new JoinSelection(selector, (events) => output.process(events));
 * new JoinSide({ …, sink: selection });
 */
export class JoinSelection implements JoinSink {
  constructor(
    private readonly selector: QuerySelector<JoinEvent>,
    private readonly emit: SelectedSink,
  ) {}

  process(chunks: readonly JoinEvent[][]): void {
    const selector = this.selector;
    let out: StreamEvent[] | undefined;
    let keys: string[] | undefined;
    for (const chunk of chunks) {
      const selected = selector.process(chunk);
      if (selected.length === 0) continue;
      if (out === undefined) {
        out = selected;
        if (selector.isGroupBy) keys = [...selector.groupKeys];
      } else {
        for (const event of selected) out.push(event);
        if (keys !== undefined) for (const key of selector.groupKeys) keys.push(key);
      }
    }
    if (out !== undefined) this.emit(out, keys ?? NO_KEYS);
  }
}
