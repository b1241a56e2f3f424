// Public surface of partitions at run time: the partition runtime, its keys and instance views.

export { PartitionInputJunction } from './partition-input-junction.js';
export { rangeKey, valueKey, type PartitionKeyFunction } from './partition-key.js';
export {
  PartitionRuntime,
  type PartitionInstance,
  type PartitionInstanceFactory,
  type PartitionRuntimeOptions,
  type PartitionSnapshot,
  type PurgeOptions,
} from './partition-runtime.js';
export { shareCallbacks } from './shared-callbacks.js';
