// Descriptions of Siddhi 5.1's attribute aggregators (sum, count, avg, min, max, …), used
// in selectors of queries and incremental aggregation definitions.

import type {
  ArgumentInfo,
  ExtensionSpec,
  ParameterSpec,
} from '../../compiler/extension-catalog.js';
import { ANY_TYPE, NUMERIC_TYPES } from '../../compiler/extension-catalog.js';
import type { AttributeType } from '../../query-api/index.js';

function agg(
  name: string,
  summary: string,
  overloads: readonly (readonly ParameterSpec[])[],
  returnType: ExtensionSpec['returnType'],
): ExtensionSpec {
  return {
    kind: 'aggregator',
    namespace: '',
    name,
    summary,
    overloads: overloads.map((parameters) => ({ parameters })),
    returnType,
  };
}

const numeric: ParameterSpec = { name: 'arg', types: NUMERIC_TYPES };

function sameAsArg(args: readonly ArgumentInfo[]): AttributeType {
  const t = args[0]?.type;
  return t === undefined || t === 'null' ? 'object' : t;
}

export const builtinAggregators: readonly ExtensionSpec[] = [
  agg(
    'sum',
    'Sum of the values: long for int/long, double for float/double.',
    [[numeric]],
    (args) => (args[0]?.type === 'float' || args[0]?.type === 'double' ? 'double' : 'long'),
  ),
  agg(
    'count',
    'Number of events (or of non-null values).',
    [[], [{ name: 'arg', types: ANY_TYPE }]],
    'long',
  ),
  agg('avg', 'Average of the values.', [[numeric]], 'double'),
  agg('min', 'Minimum over the window.', [[numeric]], sameAsArg),
  agg('max', 'Maximum over the window.', [[numeric]], sameAsArg),
  agg('minForever', 'Minimum ever seen.', [[numeric]], sameAsArg),
  agg('maxForever', 'Maximum ever seen.', [[numeric]], sameAsArg),
  agg('stdDev', 'Population standard deviation.', [[numeric]], 'double'),
  agg('distinctCount', 'Number of distinct values.', [[{ name: 'arg', types: ANY_TYPE }]], 'long'),
  agg('and', 'Logical AND over the values.', [[{ name: 'arg', types: ['bool'] }]], 'bool'),
  agg('or', 'Logical OR over the values.', [[{ name: 'arg', types: ['bool'] }]], 'bool'),
  agg('unionSet', 'Union of sets.', [[{ name: 'set', types: ['object'] }]], 'object'),
];
