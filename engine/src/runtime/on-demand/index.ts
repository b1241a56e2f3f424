// Public surface of on-demand queries: the compiled query, the per-app cache and the error.

export { OnDemandQueryError } from './on-demand-error.js';
export {
  OnDemandQueries,
  OnDemandRuntime,
  type OnDemandAttribute,
  type OnDemandInput,
  type OnDemandOptions,
  type OnDemandPreparer,
  type OnDemandResult,
} from './on-demand-runtime.js';
