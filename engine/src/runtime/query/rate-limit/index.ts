// Output rate limiting (`output … every …`): the limiter contract, the factory and the limiters.

export {
  PassThroughRateLimiter,
  PeriodicTick,
  type EmitChunk,
  type LimiterTime,
  type OutputRateLimiter,
} from './output-rate-limiter.js';
export { createOutputRateLimiter, type RateLimiterOptions } from './create-rate-limiter.js';
export {
  AllPerEventRateLimiter,
  FirstGroupByPerEventRateLimiter,
  FirstPerEventRateLimiter,
  LastGroupByPerEventRateLimiter,
  LastPerEventRateLimiter,
} from './event-rate-limiters.js';
export {
  AllPerTimeRateLimiter,
  FirstGroupByPerTimeRateLimiter,
  FirstPerTimeRateLimiter,
  LastGroupByPerTimeRateLimiter,
  LastPerTimeRateLimiter,
} from './time-rate-limiters.js';
export { createSnapshotRateLimiter, type SnapshotShape } from './snapshot-rate-limiters.js';
