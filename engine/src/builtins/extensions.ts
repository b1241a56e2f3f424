// The engine's own extensions as one plain list, written on the extension API like any plugin:
// each core function, aggregator, window and stream function/processor pairs its catalog
// description (signatures) with its implementation, a summary and a compiled example.

import type { ExtensionSpec, ParameterSpec } from '../compiler/extension-catalog.js';
import {
  defineAggregator,
  defineFunction,
  defineStreamFunction,
  defineStreamProcessor,
  defineWindow,
  type CallSpec,
  type Extension,
  type ExtensionExample,
  type ExtensionStatus,
} from '../extension-api/define.js';
import type { ExtensionList } from '../extension-api/registry-types.js';
import type { StreamProcessorImplementation } from '../extension-api/stream-processor.js';
import { builtinAggregators as aggregatorImplementations } from './aggregators/index.js';
import { builtinAggregators as aggregatorSpecs } from './catalog/aggregators.js';
import { builtinFunctions as functionSpecs } from './catalog/functions.js';
import { builtinStreamProcessors as streamProcessorSpecs } from './catalog/stream-processors.js';
import { builtinWindows as windowSpecs } from './catalog/windows.js';
import { builtinFunctionImplementations } from './functions/index.js';
import { builtinIoExtensions } from './io/index.js';
import { javascriptScript } from './script-javascript.js';
import { logStreamProcessor, pol2CartStreamFunction } from './stream-processors.js';
import { builtinWindows as windowImplementations } from './windows/index.js';

/**
 * The package name built-ins are registered under.
 * @example
 * builtinRegistry.entry('window', '', 'length')?.package === BUILTIN_PACKAGE // true
 */
export const BUILTIN_PACKAGE = '@tributary/engine';
const VERSION = '0.1.0';

/** The stream every example reads. */
const STREAM =
  'define stream StockStream (symbol string, price double, volume long, active bool, ts long, v object);';

const select = (expression: string, input = 'StockStream'): string =>
  `${STREAM}\nfrom ${input}\nselect ${expression} as result\ninsert into OutputStream;`;

const windowed = (window: string): string =>
  `${STREAM}\nfrom StockStream#window.${window}\nselect symbol, price\ninsert all events into OutputStream;`;

/** One example per built-in: [what it shows, SiddhiQL]. */
const EXAMPLES: Readonly<Record<string, readonly [string, string]>> = {
  // functions
  cast: ["Reads the object attribute 'v' as a string.", select("cast(v, 'string')")],
  convert: ['Converts the price to its string form.', select("convert(price, 'string')")],
  coalesce: ["The symbol, or 'none' when it is null.", select("coalesce(symbol, 'none')")],
  default: ['The price, or 0.0 when it is null.', select('default(price, 0.0)')],
  ifThenElse: [
    "'high' when the price exceeds 100, otherwise 'low'.",
    select("ifThenElse(price > 100.0, 'high', 'low')"),
  ],
  instanceOfBoolean: ["Whether 'v' holds a bool.", select('instanceOfBoolean(v)')],
  instanceOfDouble: ["Whether 'v' holds a double.", select('instanceOfDouble(v)')],
  instanceOfFloat: ["Whether 'v' holds a float.", select('instanceOfFloat(v)')],
  instanceOfInteger: ["Whether 'v' holds an int.", select('instanceOfInteger(v)')],
  instanceOfLong: ["Whether 'v' holds a long.", select('instanceOfLong(v)')],
  instanceOfString: ["Whether 'v' holds a string.", select('instanceOfString(v)')],
  maximum: ['The largest of the price, 10 and 20.', select('maximum(price, 10.0, 20.0)')],
  minimum: ['The smallest of the price, 10 and 20.', select('minimum(price, 10.0, 20.0)')],
  createSet: ['A set holding the symbol.', select('createSet(symbol)')],
  sizeOfSet: [
    'The number of distinct symbols of the last 10 events.',
    `${STREAM}\nfrom StockStream#window.length(10)\nselect unionSet(createSet(symbol)) as symbols\ninsert into SymbolSets;\nfrom SymbolSets\nselect sizeOfSet(symbols) as result\ninsert into OutputStream;`,
  ],
  currentTimeMillis: ["The app's current time.", select('currentTimeMillis()')],
  eventTimestamp: ["The event's timestamp.", select('eventTimestamp()')],
  UUID: ['A random id per event.', select('UUID()')],
  // aggregators
  sum: [
    'Total volume of the last 10 events.',
    select('sum(volume)', 'StockStream#window.length(10)'),
  ],
  count: [
    'Number of events in the last minute.',
    select('count()', 'StockStream#window.time(1 min)'),
  ],
  avg: [
    'Average price of the last 10 events.',
    select('avg(price)', 'StockStream#window.length(10)'),
  ],
  min: [
    'Lowest price of the last 10 events.',
    select('min(price)', 'StockStream#window.length(10)'),
  ],
  max: [
    'Highest price of the last 10 events.',
    select('max(price)', 'StockStream#window.length(10)'),
  ],
  minForever: ['Lowest price ever seen.', select('minForever(price)')],
  maxForever: ['Highest price ever seen.', select('maxForever(price)')],
  stdDev: [
    'Standard deviation of the price over the last 10 events.',
    select('stdDev(price)', 'StockStream#window.length(10)'),
  ],
  distinctCount: [
    'Number of distinct symbols in the last minute.',
    select('distinctCount(symbol)', 'StockStream#window.time(1 min)'),
  ],
  and: [
    'Whether all of the last 10 events were active.',
    select('and(active)', 'StockStream#window.length(10)'),
  ],
  or: [
    'Whether any of the last 10 events was active.',
    select('or(active)', 'StockStream#window.length(10)'),
  ],
  unionSet: [
    'The set of symbols of the last 10 events.',
    select('unionSet(createSet(symbol))', 'StockStream#window.length(10)'),
  ],
  // windows
  length: ['The last 10 events.', windowed('length(10)')],
  lengthBatch: ['Batches of 10 events.', windowed('lengthBatch(10)')],
  time: ['The events of the last minute.', windowed('time(1 min)')],
  timeBatch: ['Batches of one minute.', windowed('timeBatch(1 min)')],
  timeLength: ['At most 10 events of the last 2 seconds.', windowed('timeLength(2 sec, 10)')],
  externalTime: [
    "The events of the last minute by their 'ts' attribute.",
    windowed('externalTime(ts, 1 min)'),
  ],
  externalTimeBatch: [
    "Batches of one minute by the 'ts' attribute.",
    windowed('externalTimeBatch(ts, 1 min)'),
  ],
  batch: ['Each incoming chunk is one batch.', windowed('batch()')],
  cron: ['Batches flushed every 5 seconds.', windowed("cron('*/5 * * * * ?')")],
  delay: ['Each event, one minute late.', windowed('delay(1 min)')],
  session: ['Per-symbol sessions ending after 5 idle seconds.', windowed('session(5 sec, symbol)')],
  sort: ['The 2 cheapest events.', windowed("sort(2, price, 'asc')")],
  frequent: ['Events of the 2 most frequent symbols.', windowed('frequent(2, symbol)')],
  lossyFrequent: [
    'Events of symbols above 10% of the traffic.',
    windowed('lossyFrequent(0.1, 0.01, symbol)'),
  ],
  expression: ['Keeps at most 20 events.', windowed("expression('count() <= 20')")],
  expressionBatch: ['Batches of up to 20 events.', windowed("expressionBatch('count() <= 20')")],
  // stream functions and processors
  pol2Cart: [
    'Appends the Cartesian coordinates x and y of each polar point.',
    'define stream PolarStream (theta double, rho double);\nfrom PolarStream#pol2Cart(theta, rho)\nselect x, y\ninsert into CartesianStream;',
  ],
  log: [
    'Logs each event at INFO with a message.',
    `${STREAM}\nfrom StockStream#log('INFO', 'stock event', true)\nselect *\ninsert into OutputStream;`,
  ],
};

function examplesOf(name: string): readonly ExtensionExample[] {
  const example = EXAMPLES[name];
  if (example === undefined) throw new Error(`built-in '${name}' has no example`);
  return [{ description: example[0], siddhi: example[1] }];
}

/**
 * A catalog description's signature as a call spec: every parameter once (in first-use
 * order) and each overload by parameter names.
 */
function callShape(spec: ExtensionSpec): Pick<CallSpec, 'parameters' | 'overloads' | 'check'> {
  const byName = new Map<string, ParameterSpec>();
  for (const overload of spec.overloads) {
    for (const p of overload.parameters) {
      const seen = byName.get(p.name);
      if (seen === undefined) byName.set(p.name, p);
      else if (JSON.stringify(seen) !== JSON.stringify(p)) {
        throw new Error(`built-in '${spec.name}' describes parameter '${p.name}' in two ways`);
      }
    }
  }
  return {
    parameters: [...byName.values()],
    overloads: spec.overloads.map((o) => o.parameters.map((p) => p.name)),
    ...(spec.check === undefined ? {} : { check: spec.check }),
  };
}

function common(spec: ExtensionSpec): {
  name: string;
  status: ExtensionStatus;
  summary: string;
  examples: readonly ExtensionExample[];
} {
  return {
    name: spec.name,
    status: spec.deprecated === true ? 'deprecated' : 'stable',
    summary: spec.summary,
    examples: examplesOf(spec.name),
  };
}

function implementationOf<T extends { readonly name: string }>(
  list: readonly T[],
  name: string,
): T {
  const found = list.find((i) => i.name === name);
  if (found === undefined) throw new Error(`built-in '${name}' has no implementation`);
  return found;
}

const STREAM_PROCESSORS: Readonly<Record<string, StreamProcessorImplementation>> = {
  pol2Cart: pol2CartStreamFunction,
  log: logStreamProcessor,
};

function functionExtension(spec: ExtensionSpec): Extension {
  const impl = implementationOf(builtinFunctionImplementations, spec.name);
  return defineFunction({
    ...common(spec),
    ...callShape(spec),
    returnType: spec.returnType ?? 'object',
    create: (args, ctx) => impl.create(args, ctx),
  });
}

function aggregatorExtension(spec: ExtensionSpec): Extension {
  const impl = implementationOf(aggregatorImplementations, spec.name);
  return defineAggregator({
    ...common(spec),
    ...callShape(spec),
    returnType: spec.returnType ?? 'object',
    create: (types, options) => impl.create(types, options),
  });
}

function windowExtension(spec: ExtensionSpec): Extension {
  const impl = implementationOf(windowImplementations, spec.name);
  return defineWindow({
    ...common(spec),
    ...callShape(spec),
    create: (args, ctx) => impl.create(args, ctx),
  });
}

function streamProcessorExtension(spec: ExtensionSpec): Extension {
  const impl = STREAM_PROCESSORS[spec.name];
  if (impl === undefined) throw new Error(`built-in '${spec.name}' has no implementation`);
  const described = {
    ...common(spec),
    ...callShape(spec),
    appends: spec.appends ?? [],
    create: impl.create.bind(impl),
  };
  return spec.kind === 'streamFunction'
    ? defineStreamFunction(described)
    : defineStreamProcessor(described);
}

/**
 * Siddhi 5.1's core functions, aggregators, windows and stream functions/processors, as the
 * extension list every registry starts from.
 * @example
 * const registry = createRegistry(builtinExtensions, strExtensions);
 */
export const builtinExtensions: ExtensionList = {
  package: BUILTIN_PACKAGE,
  version: VERSION,
  extensions: [
    ...functionSpecs.map(functionExtension),
    ...aggregatorSpecs.map(aggregatorExtension),
    ...windowSpecs.map(windowExtension),
    ...streamProcessorSpecs.map(streamProcessorExtension),
    javascriptScript,
    ...builtinIoExtensions,
  ],
};
