// A named window (`define window W (…) time(1 sec) output all events;`): one window shared by
// the app. Queries `insert into W` feed it; its output (filtered by the output event type, resets
// never leave it) goes to its junction, where reading queries and join sides subscribe; joins
// also search what it holds.

import type { OutputEventType } from '../../query-api/index.js';
import type { Lifecycle } from '../app/app-runtime.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import type { Processor } from '../processor/processor.js';
import { selectEvents } from '../query/query-output.js';
import type { StreamJunction } from '../stream/stream-junction.js';
import type { WindowProcessor } from '../window/window.js';

/** Forwards the window's output events of the kinds the definition lets out. */
class WindowPublisher implements Processor {
  private readonly current: boolean;
  private readonly expired: boolean;

  constructor(
    private readonly junction: StreamJunction,
    outputEventType: OutputEventType,
  ) {
    this.current = outputEventType !== 'expired';
    this.expired = outputEventType !== 'current';
  }

  process(chunk: EventChunk): void {
    let out: StreamEvent[] | undefined;
    let i = 0;
    for (const event of chunk) {
      const kept =
        (event.type === 'current' && this.current) || (event.type === 'expired' && this.expired);
      if (!kept) out ??= chunk.slice(0, i);
      else if (out !== undefined) out.push(event);
      i += 1;
    }
    const published = out ?? chunk;
    if (published.length > 0) this.junction.send(published);
  }
}

/**
 * The runtime of one named window.
 * @example
 * const w = new NamedWindow('W', window, junction, 'all', lifecycle);
 * w.add([streamEvent(now, ['IBM', 10])]); // readers subscribed to `junction` get the output
 */
export class NamedWindow implements Lifecycle {
  constructor(
    readonly id: string,
    private readonly window: WindowProcessor,
    /** Where the window's output goes: readers subscribe here. */
    readonly output: StreamJunction,
    outputEventType: OutputEventType,
    private readonly lifecycle: Lifecycle,
  ) {
    window.next = new WindowPublisher(output, outputEventType);
  }

  /** Sends events into the window (they must be current events). */
  add(chunk: EventChunk): void {
    if (chunk.length > 0) this.window.process(chunk);
  }

  /** The events the window holds now (see `WindowProcessor.contents`). */
  contents(): readonly StreamEvent[] {
    return this.window.contents();
  }

  start(): void {
    this.lifecycle.start();
  }

  stop(): void {
    this.lifecycle.stop();
  }
}

/**
 * `insert [current|expired|all] events into W` for a named window: the chosen events enter the
 * window as current events.
 */
export class InsertIntoWindow implements Processor {
  constructor(
    private readonly window: NamedWindow,
    private readonly eventType: OutputEventType,
  ) {}

  process(chunk: EventChunk): void {
    this.window.add(selectEvents(chunk, this.eventType));
  }
}
