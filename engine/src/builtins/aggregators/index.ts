// Siddhi 5.1's built-in attribute aggregators, as one list the selector looks calls up in, and
// the aggregator contract (AggregatorImplementation / AggregatorState).

import type { AggregatorImplementation } from './aggregator.js';
import { and } from './and.js';
import { avg } from './avg.js';
import { count } from './count.js';
import { distinctCount } from './distinct-count.js';
import { maxForever } from './max-forever.js';
import { max } from './max.js';
import { minForever } from './min-forever.js';
import { min } from './min.js';
import { or } from './or.js';
import { stdDev } from './std-dev.js';
import { sum } from './sum.js';
import { unionSet } from './union-set.js';

export type {
  AggregatorImplementation,
  AggregatorInstance,
  AggregatorOptions,
  AggregatorState,
} from './aggregator.js';
export {
  and,
  avg,
  count,
  distinctCount,
  max,
  maxForever,
  min,
  minForever,
  or,
  stdDev,
  sum,
  unionSet,
};

/** Every built-in aggregator (namespace `''`). */
export const builtinAggregators: readonly AggregatorImplementation[] = [
  sum,
  count,
  avg,
  min,
  max,
  minForever,
  maxForever,
  stdDev,
  distinctCount,
  and,
  or,
  unionSet,
];

/** Finds aggregators by namespace (case-insensitive, `''` for built-ins) and name (case-sensitive). */
export interface AggregatorLookup {
  get(namespace: string, name: string): AggregatorImplementation | undefined;
}

/**
 * A lookup over lists of aggregators; earlier lists win on a clash.
 * @example
 * const lookup = createAggregatorLookup(pluginAggregators, builtinAggregators);
 * lookup.get('', 'sum')?.create(['int']);
 */
export function createAggregatorLookup(
  ...lists: readonly (readonly AggregatorImplementation[])[]
): AggregatorLookup {
  const byKey = new Map<string, AggregatorImplementation>();
  for (const list of [...lists].reverse()) {
    for (const impl of list) byKey.set(`${impl.namespace.toLowerCase()}:${impl.name}`, impl);
  }
  return { get: (namespace, name) => byKey.get(`${namespace.toLowerCase()}:${name}`) };
}
