// Query callbacks of partitioned queries: the app registers them once, on the query's output;
// every partition instance's own output reads that same list, so callbacks added at any time
// reach the instances that exist and those created later.

import type { QueryOutput } from '../query/query-output.js';

/**
 * Makes `instanceOutput` (one instance's end of a query chain) use `shared`'s callbacks.
 * @example
 * shareCallbacks(planned.output, queryOutputs.get('query1'));
 */
export function shareCallbacks(instanceOutput: QueryOutput, shared: QueryOutput): void {
  Object.defineProperty(instanceOutput, 'callbacks', {
    get: () => shared.callbacks,
    configurable: true,
    enumerable: true,
  });
}
