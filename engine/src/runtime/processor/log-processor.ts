// `#log([priority,] [message,] [is.event.logged])`: logs each event passing through (Siddhi's
// log stream processor) and forwards the chunk unchanged.

import type { Logger, LogLevel } from '../app/logger.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import { DISCARD, type LinkedProcessor, type Processor } from './processor.js';

/** The log level of a Siddhi priority name; `undefined` for `OFF`. */
export function logLevelOf(priority: string): LogLevel | undefined {
  switch (priority.toUpperCase()) {
    case 'TRACE':
      return 'trace';
    case 'DEBUG':
      return 'debug';
    case 'WARN':
      return 'warn';
    case 'ERROR':
      return 'error';
    case 'FATAL':
      return 'fatal';
    case 'OFF':
      return undefined;
    default:
      return 'info';
  }
}

/** The parts of a `#log` call, evaluated per event where needed. */
export interface LogOptions {
  readonly level: LogLevel | undefined;
  /** The message of an event; defaults to `<query> : `. */
  readonly message: (event: StreamEvent) => unknown;
  readonly logEvent: boolean;
}

/**
 * Logs, then forwards.
 * @example
 * new LogProcessor(logger, { level: 'info', message: () => 'price', logEvent: true });
 */
export class LogProcessor implements LinkedProcessor {
  next: Processor = DISCARD;

  constructor(
    private readonly logger: Logger,
    private readonly options: LogOptions,
  ) {}

  process(chunk: EventChunk): void {
    const { level, message, logEvent } = this.options;
    if (level !== undefined) {
      for (const event of chunk) {
        if (event.type !== 'current' && event.type !== 'expired') continue;
        const text = String(message(event));
        this.logger.log(level, logEvent ? `${text}, ${describeEvent(event)}` : text, event);
      }
    }
    this.next.process(chunk);
  }
}

function describeEvent(event: StreamEvent): string {
  return `StreamEvent{timestamp=${String(event.timestamp)}, data=${JSON.stringify(event.data)}, type=${event.type}}`;
}
