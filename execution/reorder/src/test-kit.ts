// A test harness for this package's windows and stream processors on a virtual clock: builds
// the context from the public API, routes timers back through `process`, records what is
// forwarded. Test-only: excluded from the build (see tsconfig.json).

import { NO_SPAN, silentLogger, VirtualClock, type StreamEvent } from '@tributary/engine';
import type {
  Extension,
  StreamProcessorInstance,
  WindowArgument,
  WindowContext,
  WindowProcessor,
} from '@tributary/engine/extension-api';

/** A compact view of a forwarded event: `['current', ...data]`, `['reset']`… */
export type EventView = [StreamEvent['type'], ...unknown[]];

/** A constant argument (`5`, `1 sec` → 1000, `true`). */
export function constantArgument(
  value: number | boolean | string,
  type?: WindowArgument['type'],
): WindowArgument {
  const t: WindowArgument['type'] =
    type ?? (typeof value === 'boolean' ? 'bool' : typeof value === 'string' ? 'string' : 'int');
  return {
    expression: { kind: 'constant', span: NO_SPAN, type: t === 'object' ? 'string' : t, value },
    type: t,
    constant: true,
    value,
    evaluate: () => value,
  };
}

/** An attribute argument reading `data[index]`. */
export function attributeArgument(
  name: string,
  index: number,
  type: WindowArgument['type'],
): WindowArgument {
  return {
    expression: { kind: 'variable', span: NO_SPAN, attribute: name },
    type,
    constant: false,
    attribute: { name, index },
    evaluate: (e) => e.data[index] ?? null,
  };
}

/** A window or stream processor under test, with its clock and what it forwarded. */
export interface Harness<P> {
  readonly processor: P;
  readonly clock: VirtualClock;
  /** Sends each row as its own chunk, stamped now. */
  send(...rows: unknown[][]): void;
  /** Sends rows as one chunk, stamped now. */
  sendChunk(rows: readonly unknown[][]): void;
  /** Sends one row stamped `timestamp`. */
  sendAt(timestamp: number, row: unknown[]): void;
  /** Advances the clock, firing due timers. */
  sleep(ms: number): void;
  /** Forwarded chunks since the last call, then clears them. */
  take(): EventView[][];
  /** Forwarded chunks since the last call as events (timestamps included), then clears them. */
  takeEvents(): StreamEvent[][];
  /** Stops the processor and cancels its pending timers. */
  stop(): void;
}

type Processor = WindowProcessor | StreamProcessorInstance;

/**
 * Creates `extension` (a window or stream processor) with `args` on a virtual clock.
 * @example
 * const h = harness(uniqueLengthWindow, [attributeArgument('symbol', 0, 'string'), constantArgument(2)]);
 * h.send(['IBM'], ['WSO2']); h.take();
 */
export function harness<P extends Processor = WindowProcessor>(
  extension: Extension,
  args: readonly WindowArgument[],
  options: { start?: number; expiredEventsWanted?: boolean } = {},
): Harness<P> {
  const clock = new VirtualClock(options.start ?? 0);
  const pending = new Set<() => void>();
  const chunks: StreamEvent[][] = [];
  const ctx: WindowContext = {
    clock,
    scheduler: clock,
    scheduleTimer: (at) => {
      const cancelInner = clock.schedule(at, (when) => {
        pending.delete(cancel);
        processor.process([{ timestamp: when, type: 'timer', data: [] }]);
      });
      const cancel = (): void => {
        if (pending.delete(cancel)) cancelInner();
      };
      pending.add(cancel);
      return cancel;
    },
    attributes: [],
    scope: {
      resolve: () => {
        throw new Error('no scope in the test harness');
      },
      timestamp: (e) => e.timestamp,
    },
    functions: { clock, functions: { resolve: () => undefined } },
    expiredEventsWanted: options.expiredEventsWanted ?? true,
    logger: silentLogger,
    owner: 'test',
    span: NO_SPAN,
  };
  let processor: Processor;
  if (extension.kind === 'window') processor = extension.spec.create(args, ctx);
  else if (extension.kind === 'streamProcessor' || extension.kind === 'streamFunction') {
    processor = extension.spec.create(args, ctx);
  } else throw new Error(`cannot run a ${extension.kind}`);
  processor.next = {
    process(chunk: StreamEvent[]) {
      chunks.push(chunk.map((e) => ({ ...e, data: [...e.data] })));
    },
  };
  processor.start();
  const toEvent = (row: unknown[], timestamp = clock.now()): StreamEvent => ({
    timestamp,
    type: 'current',
    data: row,
  });
  return {
    processor: processor as P,
    clock,
    send: (...rows) => {
      for (const row of rows) processor.process([toEvent(row)]);
    },
    sendChunk: (rows) => {
      processor.process(rows.map((r) => toEvent(r)));
    },
    sendAt: (timestamp, row) => {
      processor.process([toEvent(row, timestamp)]);
    },
    sleep: (ms) => {
      clock.advanceBy(ms);
    },
    take: () =>
      chunks.splice(0, chunks.length).map((c) => c.map((e) => [e.type, ...e.data] as EventView)),
    takeEvents: () => chunks.splice(0, chunks.length),
    stop: () => {
      processor.stop();
      for (const cancel of [...pending]) cancel();
    },
  };
}
