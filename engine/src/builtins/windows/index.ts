// The built-in windows, as a plain list and a lookup by (namespace, name). Each window lives in
// its own module; add new ones to `builtinWindows`.

import { createWindowLookup, type WindowImplementation } from '../../runtime/window/window.js';
import { batchWindow } from './batch-window.js';
import { cronWindow } from './cron-window.js';
import { delayWindow } from './delay-window.js';
import { expressionBatchWindow } from './expression-batch-window.js';
import { expressionWindow } from './expression-window.js';
import { externalTimeBatchWindow } from './external-time-batch-window.js';
import { externalTimeWindow } from './external-time-window.js';
import { frequentWindow } from './frequent-window.js';
import { lengthBatchWindow } from './length-batch-window.js';
import { lengthWindow } from './length-window.js';
import { lossyFrequentWindow } from './lossy-frequent-window.js';
import { sessionWindow } from './session-window.js';
import { sortWindow } from './sort-window.js';
import { timeBatchWindow } from './time-batch-window.js';
import { timeLengthWindow } from './time-length-window.js';
import { timeWindow } from './time-window.js';

/** Every built-in window implementation. */
export const builtinWindows: readonly WindowImplementation[] = [
  lengthWindow,
  lengthBatchWindow,
  timeWindow,
  timeBatchWindow,
  timeLengthWindow,
  externalTimeWindow,
  externalTimeBatchWindow,
  batchWindow,
  cronWindow,
  delayWindow,
  sessionWindow,
  sortWindow,
  frequentWindow,
  lossyFrequentWindow,
  expressionWindow,
  expressionBatchWindow,
];

/** `builtinWindows` by (namespace, name). */
export const builtinWindowLookup = createWindowLookup(builtinWindows);
