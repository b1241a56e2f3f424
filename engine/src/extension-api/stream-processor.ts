// The stream processor SPI (`#ns:name(args)` in a query's input): a processor in the query's
// chain that forwards events with its appended attributes — stateless stream functions
// (tokenize) or stateful processors with timers (reorder's K-slack).

import type { StreamEvent } from '../runtime/event/event.js';
import type { LinkedProcessor } from '../runtime/processor/processor.js';
import { DISCARD, type Processor } from '../runtime/processor/processor.js';
import type { WindowArgument, WindowContext } from '../runtime/window/window.js';

/**
 * A running stream processor. `process` gets chunks of current events (and the `timer`
 * events it scheduled through `ctx.scheduleTimer`) and forwards chunks whose events' `data`
 * is the input attributes followed by the appended ones. It never forwards `timer` events.
 */
export interface StreamProcessorInstance extends LinkedProcessor {
  start(): void;
  stop(): void;
  /** Plain data (structured-clone safe). Stateless processors return `null`. */
  snapshot(): unknown;
  restore(state: unknown): void;
}

/** The context is the window's: clock, timers, input attributes, scope, logger. */
export type StreamProcessorContext = WindowContext;

export interface StreamProcessorImplementation {
  /** Throws `WindowArgumentError` for arguments it cannot run with (reported at the call). */
  create(args: readonly WindowArgument[], ctx: StreamProcessorContext): StreamProcessorInstance;
}

/**
 * A stateless stream function from a per-event mapping: the values to append, one array per
 * output row (zero rows drops the event; several rows emit one event each, like tokenize).
 * @example
 * create: (args) => statelessStreamFunction((event) =>
 *   String(args[0]?.evaluate(event)).split(',').map((token) => [token]))
 */
export function statelessStreamFunction(
  rowsFor: (event: StreamEvent) => readonly (readonly unknown[])[],
): StreamProcessorInstance {
  return new StatelessStreamFunction(rowsFor);
}

class StatelessStreamFunction implements StreamProcessorInstance {
  next: Processor = DISCARD;

  constructor(private readonly rowsFor: (event: StreamEvent) => readonly (readonly unknown[])[]) {}

  process(chunk: StreamEvent[]): void {
    const out: StreamEvent[] = [];
    for (const event of chunk) {
      if (event.type === 'timer') continue;
      if (event.type !== 'current' && event.type !== 'expired') {
        out.push(event);
        continue;
      }
      for (const row of this.rowsFor(event)) {
        out.push({ timestamp: event.timestamp, type: event.type, data: [...event.data, ...row] });
      }
    }
    if (out.length > 0) this.next.process(out);
  }

  start(): void {
    // stateless: nothing to arm
  }

  stop(): void {
    // stateless: nothing to cancel
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {
    // stateless: nothing to restore
  }
}
