// Prometheus sink and source: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { prometheusSink } from './prometheus-sink.js';
import { prometheusSource } from './prometheus-source.js';

export { parseExposition, type MetricFamily, type MetricKind, type Sample } from './exposition.js';
export { prometheusSink } from './prometheus-sink.js';
export {
  prometheusSource,
  samplesToMaps,
  type PrometheusSourceState,
} from './prometheus-source.js';

/**
 * Every extension of this package, for the registry. The source maps with `keyvalue` by
 * default: register @tributary/mapper-text too.
 * @example
 * import { extensions } from '@tributary/connector-prometheus';
 * createRegistry(builtinExtensions, { package: '@tributary/connector-prometheus', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [prometheusSink, prometheusSource];
