// Descriptions of Siddhi 5.1's windows with all their overloads (`#window.length(5)`,
// `define window W (…) timeBatch(1 sec)`).

import type {
  ArgumentInfo,
  ExtensionSpec,
  ParameterSpec,
} from '../../compiler/extension-catalog.js';
import { ANY_TYPE } from '../../compiler/extension-catalog.js';

function win(
  name: string,
  summary: string,
  overloads: readonly (readonly ParameterSpec[])[],
  extra: Partial<ExtensionSpec> = {},
): ExtensionSpec {
  return {
    kind: 'window',
    namespace: '',
    name,
    summary,
    overloads: overloads.map((parameters) => ({ parameters })),
    ...extra,
  };
}

const length = (name = 'window.length'): ParameterSpec => ({
  name,
  types: ['int'],
  constant: true,
});
const time = (name = 'window.time'): ParameterSpec => ({
  name,
  types: ['int', 'long'],
  constant: true,
});
const flag = (name: string): ParameterSpec => ({ name, types: ['bool'], constant: true });
const includeTriggering: ParameterSpec = { name: 'include.triggering.event', types: ['bool'] };
const timestamp: ParameterSpec = { name: 'timestamp', types: ['long'], attribute: true };
const startTime: ParameterSpec = {
  name: 'start.time',
  types: ['int', 'long'],
  constant: true,
  attribute: true,
};

/** `sort(n, attr ['asc'|'desc'], attr ['asc'|'desc'], …)`. */
function checkSortArgs(args: readonly ArgumentInfo[]): string | undefined {
  let previousWasAttribute = false;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) continue;
    if (a.attribute) {
      previousWasAttribute = true;
      continue;
    }
    if (!a.constant || a.type !== 'string' || !previousWasAttribute) {
      return "sort() expects attributes, each optionally followed by 'asc' or 'desc'";
    }
    const v = typeof a.value === 'string' ? a.value.toLowerCase() : '';
    if (v !== 'asc' && v !== 'desc') {
      return `sort() order must be 'asc' or 'desc', found '${String(a.value)}'`;
    }
    previousWasAttribute = false;
  }
  return undefined;
}

export const builtinWindows: readonly ExtensionSpec[] = [
  win('length', 'Sliding window of the last N events.', [[length()]]),
  win('lengthBatch', 'Tumbling batches of N events.', [
    [length()],
    [length(), flag('stream.current.event')],
  ]),
  win('time', 'Sliding window of the events of the last T.', [[time()]]),
  win('timeBatch', 'Tumbling batches every T, optionally aligned to a start time.', [
    [time()],
    [time(), { name: 'start.time', types: ['int', 'long'], constant: true }],
    [time(), flag('stream.current.event')],
    [
      time(),
      { name: 'start.time', types: ['int', 'long'], constant: true },
      flag('stream.current.event'),
    ],
  ]),
  win('timeLength', 'Sliding window bounded by both time and count.', [[time(), length()]]),
  win('externalTime', 'Sliding window over an event-time attribute.', [[timestamp, time()]]),
  win('externalTimeBatch', 'Tumbling batches over an event-time attribute.', [
    [timestamp, time()],
    [timestamp, time(), startTime],
    [timestamp, time(), startTime, time('timeout')],
    [timestamp, time(), startTime, time('timeout'), flag('replace.with.batchtime')],
  ]),
  win('batch', 'Each incoming chunk (split at N events) is a batch.', [
    [],
    [{ ...length(), min: 0 }],
  ]),
  win('cron', 'Batches flushed on a cron schedule.', [
    [{ name: 'cron.expression', types: ['string'], constant: true }],
  ]),
  win('delay', 'Holds each event for the given time.', [[time('window.delay')]]),
  win('session', 'Per-key sessions closed after a gap.', [
    [time('session.gap')],
    [time('session.gap'), { name: 'session.key', types: ['string'], attribute: true }],
    [
      time('session.gap'),
      { name: 'session.key', types: ['string'], attribute: true },
      time('allowed.latency'),
    ],
  ]),
  win(
    'sort',
    'Keeps the N events first in sort order.',
    [[length()], [length(), { name: 'attribute', types: ANY_TYPE, repeatable: true }]],
    { check: checkSortArgs },
  ),
  win(
    'frequent',
    'Keeps the most frequent events (deprecated).',
    [
      [{ name: 'event.count', types: ['int'], constant: true }],
      [
        { name: 'event.count', types: ['int'], constant: true },
        { name: 'attribute', types: ANY_TYPE, attribute: true, repeatable: true },
      ],
    ],
    { deprecated: true },
  ),
  win(
    'lossyFrequent',
    'Keeps events whose frequency exceeds a threshold (deprecated).',
    [
      [{ name: 'support.threshold', types: ['double'], constant: true }],
      [
        { name: 'support.threshold', types: ['double'], constant: true },
        { name: 'error.bound', types: ['double'], constant: true },
      ],
      [
        { name: 'support.threshold', types: ['double'], constant: true },
        { name: 'error.bound', types: ['double'], constant: true },
        { name: 'attribute', types: ANY_TYPE, attribute: true, repeatable: true },
      ],
    ],
    { deprecated: true },
  ),
  win('expression', 'Keeps events while the expression holds.', [
    [{ name: 'expression', types: ['string'] }],
  ]),
  // include.triggering.event may be read from each event (Siddhi marks it dynamic).
  win('expressionBatch', 'Batches flushed when the expression turns false.', [
    [{ name: 'expression', types: ['string'] }],
    [{ name: 'expression', types: ['string'] }, includeTriggering],
    [{ name: 'expression', types: ['string'] }, includeTriggering, flag('stream.current.event')],
  ]),
];
