// A small harness for unit-testing window implementations on a virtual clock: builds the
// context, records every forwarded chunk and sends events (one per chunk or as one chunk).

import { NO_SPAN } from '../../query-api/index.js';
import { silentLogger } from '../app/logger.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import { VirtualClock } from '../time/virtual-clock.js';
import {
  WindowTimers,
  type WindowArgument,
  type WindowAttribute,
  type WindowImplementation,
  type WindowProcessor,
} from './window.js';

/** A compact view of a forwarded event: `['current', ...data]`, `['reset']`… */
export type EventView = [StreamEvent['type'], ...unknown[]];

/** A window under test with its clock and what it forwarded. */
export interface WindowHarness {
  readonly window: WindowProcessor;
  readonly clock: VirtualClock;
  /** Forwarded chunks, each as a list of event views. */
  readonly chunks: EventView[][];
  /** Sends each row as its own chunk, stamped now (or `timestamp`). */
  send(...rows: unknown[][]): void;
  /** Sends rows as one chunk. */
  sendChunk(rows: readonly unknown[][]): void;
  /** Advances the clock, firing due timers. */
  sleep(ms: number): void;
  /** Forwarded chunks since the last call, then clears them. */
  take(): EventView[][];
  /** Stops the window and cancels its pending timers (as the planner's lifecycle does). */
  stop(): void;
}

/** A constant window argument (`5`, `1 sec` → 1000, `true`). */
export function constantArgument(
  value: number | boolean | string,
  type?: WindowArgument['type'],
): WindowArgument {
  const t: WindowArgument['type'] =
    type ?? (typeof value === 'boolean' ? 'bool' : typeof value === 'string' ? 'string' : 'int');
  return {
    expression: { kind: 'time', span: NO_SPAN, parts: [], millis: 0 },
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

/**
 * Creates `impl` with `args` on a virtual clock starting at `start`.
 * @example
 * const h = windowHarness(lengthWindow, [constantArgument(2)]);
 * h.send(['a'], ['b'], ['c']); h.take(); // [[['current','a']], [['current','b']], [['expired','a'], ['current','c']]]
 */
export function windowHarness(
  impl: WindowImplementation,
  args: readonly WindowArgument[],
  options: {
    start?: number;
    attributes?: readonly WindowAttribute[];
    expiredEventsWanted?: boolean;
  } = {},
): WindowHarness {
  const clock = new VirtualClock(options.start ?? 0);
  const timers = new WindowTimers(clock);
  const chunks: EventView[][] = [];
  const window = impl.create(args, {
    clock,
    scheduler: clock,
    scheduleTimer: timers.schedule,
    attributes: options.attributes ?? [],
    scope: {
      resolve: () => {
        throw new Error('no scope in the window harness');
      },
      timestamp: (e) => e.timestamp,
    },
    functions: { clock, functions: { resolve: () => undefined } },
    expiredEventsWanted: options.expiredEventsWanted ?? true,
    logger: silentLogger,
    owner: 'test',
    span: NO_SPAN,
  });
  timers.route = window;
  window.next = {
    process(chunk: EventChunk) {
      chunks.push(chunk.map((e) => [e.type, ...e.data] as EventView));
    },
  };
  window.start();
  const toEvent = (row: unknown[]): StreamEvent => ({
    timestamp: clock.now(),
    type: 'current',
    data: row,
  });
  return {
    window,
    clock,
    chunks,
    send: (...rows) => {
      for (const row of rows) window.process([toEvent(row)]);
    },
    sendChunk: (rows) => {
      window.process(rows.map(toEvent));
    },
    sleep: (ms) => {
      clock.advanceBy(ms);
    },
    take: () => chunks.splice(0, chunks.length),
    stop: () => {
      window.stop();
      timers.cancelAll();
    },
  };
}
