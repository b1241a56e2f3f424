// Unique windows (unique:length, unique:time, …) and the unique:deduplicate stream processor:
// the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { deduplicateProcessor } from './deduplicate.js';
import { uniqueEverWindow } from './ever-window.js';
import { uniqueExternalTimeBatchWindow } from './external-time-batch-window.js';
import { uniqueFirstWindow } from './first-window.js';
import { uniqueFirstLengthBatchWindow, uniqueLengthBatchWindow } from './length-batch-window.js';
import { uniqueLengthWindow } from './length-window.js';
import { uniqueFirstTimeBatchWindow, uniqueTimeBatchWindow } from './time-batch-window.js';
import { uniqueTimeLengthBatchWindow } from './time-length-batch-window.js';
import { uniqueTimeWindow } from './time-window.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * createRegistry(builtinExtensions, { package: '@tributary/execution-unique', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [
  deduplicateProcessor,
  uniqueEverWindow,
  uniqueExternalTimeBatchWindow,
  uniqueFirstWindow,
  uniqueFirstLengthBatchWindow,
  uniqueFirstTimeBatchWindow,
  uniqueLengthWindow,
  uniqueLengthBatchWindow,
  uniqueTimeWindow,
  uniqueTimeBatchWindow,
  uniqueTimeLengthBatchWindow,
];
