// String functions (str:concat, str:substr, …), the str:groupConcat aggregator and the
// #str:tokenize stream function: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { fillTemplate } from './fill-template.js';
import { groupConcat } from './group-concat.js';
import { hex, unhex } from './hex-functions.js';
import { regexp, replaceAll, replaceFirst, split, substr } from './regex-functions.js';
import {
  charAt,
  charFrequency,
  contains,
  equalsIgnoreCase,
  locate,
  strcmp,
} from './search-functions.js';
import { coalesce, concat, length, lower, repeat, reverse, trim, upper } from './text-functions.js';
import { tokenize } from './tokenize.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * createEngine({ extensions: createRegistry(builtinExtensions,
 *   { package: '@tributary/execution-str', version: '0.1.0', extensions }) });
 */
export const extensions: readonly Extension[] = [
  groupConcat,
  charAt,
  charFrequency,
  coalesce,
  concat,
  contains,
  equalsIgnoreCase,
  fillTemplate,
  hex,
  length,
  locate,
  lower,
  regexp,
  repeat,
  replaceAll,
  replaceFirst,
  reverse,
  split,
  strcmp,
  substr,
  trim,
  unhex,
  upper,
  tokenize,
];
