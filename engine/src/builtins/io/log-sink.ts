// The `log` sink: writes each event through the engine's logger with a priority and a prefix
// (Siddhi's default prefix is `<app> : <stream>`), rendered as Siddhi renders an Event.

import { defineSink } from '../../extension-api/define.js';
import type { IoEvent } from '../../extension-api/io-contracts.js';
import { param } from '../../extension-api/param.js';
import type { LogLevel } from '../../runtime/app/logger.js';
import { templateValue } from '../../runtime/io/template.js';

const PRIORITIES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'OFF'] as const;

const parameters = {
  priority: param.enum(PRIORITIES, {
    description: 'The level the events are logged at (OFF logs nothing).',
    optional: true,
    default: 'INFO',
  }),
  prefix: param.string({
    description: "Text before each event; by default '<app name> : <stream id>'.",
    optional: true,
  }),
};

function isIoEvent(value: unknown): value is IoEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { data?: unknown }).data) &&
    typeof (value as { timestamp?: unknown }).timestamp === 'number'
  );
}

/**
 * Siddhi's `Event.toString()`; other payloads as text.
 * @example
 * renderLogPayload({ timestamp: 5, data: ['IBM', 1] }); // 'Event{timestamp=5, data=[IBM, 1], isExpired=false}'
 */
export function renderLogPayload(payload: unknown): string {
  const one = (e: IoEvent): string =>
    `Event{timestamp=${String(e.timestamp)}, data=[${e.data.map(templateValue).join(', ')}], isExpired=false}`;
  if (isIoEvent(payload)) return one(payload);
  if (Array.isArray(payload) && payload.every(isIoEvent)) {
    return `[${payload.map(one).join(', ')}]`;
  }
  return templateValue(payload);
}

/**
 * The `log` sink.
 * @example
 * createRegistry({ package: 'x', version: '1', extensions: [logSink] });
 */
export const logSink = defineSink({
  name: 'log',
  status: 'stable',
  summary: 'Logs each event with a priority and a prefix.',
  description: "Writes through the engine's logger; handy to watch a stream while developing.",
  parameters,
  defaultMapper: 'passThrough',
  examples: [
    {
      description: "Logs the alerts at INFO, prefixed with 'Alert'.",
      siddhi:
        "@sink(type='log', prefix='Alert', priority='INFO')\n" +
        'define stream AlertStream (symbol string, price double);',
    },
    {
      description: "Logs with the default prefix '<app> : AlertStream' at INFO.",
      siddhi: "@sink(type='log')\ndefine stream AlertStream (symbol string, price double);",
    },
  ],
  create: (ctx) => {
    const priority = ctx.options.priority;
    const level = priority === 'OFF' ? undefined : (priority.toLowerCase() as LogLevel);
    const prefix = ctx.options.prefix ?? `${ctx.appName} : ${ctx.streamId}`;
    return {
      connect: () => Promise.resolve(),
      disconnect: () => Promise.resolve(),
      publish: (payload) => {
        if (level !== undefined) ctx.logger.log(level, `${prefix} : ${renderLogPayload(payload)}`);
      },
    };
  },
});
