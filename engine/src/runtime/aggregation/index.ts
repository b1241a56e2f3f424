// Incremental aggregations: bucketing, the aggregation runtime, its stores and its readers.

export {
  aggregationFindable,
  readAggregation,
  type AggregationRead,
} from './aggregation-reader.js';
export {
  parseAggregationDate,
  parsePer,
  parseWithinPattern,
  withinRange,
  type TimeRange,
} from './aggregation-time.js';
export {
  BucketColumns,
  DURATION_TABLE_SUFFIX,
  type BucketColumnsOptions,
} from './bucket-columns.js';
export { AGGREGATION_DURATIONS, bucketStart, nextBucketStart } from './duration-buckets.js';
export {
  InMemoryGranularityStore,
  type AggregationBucket,
  type GranularityStore,
  type StoredBucket,
} from './granularity-store.js';
export {
  IncrementalAggregation,
  type AggregationSnapshot,
  type IncrementalAggregate,
  type IncrementalAggregationOptions,
  type PurgeSettings,
} from './incremental-aggregation.js';
export { TableGranularityStore } from './table-granularity-store.js';
