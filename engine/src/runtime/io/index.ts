// The io runtime: sources, sinks, mappers' pipelines, reconnect with backoff, `on.error`
// routing, back-pressure and the error store with replay.

export { collectAcks, inAckScope, trackAck } from './ack-scope.js';
export { attributeMappingsOf, type AttributeMappingsResult } from './attribute-mappings.js';
export { Backoff, SIDDHI_BACKOFF_DELAYS_MS, type BackoffOptions } from './backoff.js';
export {
  ConnectionKeeper,
  type ConnectionKeeperOptions,
  type ConnectionState,
  type IoConnectionHealth,
  type IoConnectionState,
} from './connection-keeper.js';
export { ErrorReplayer, type ReplayReport, type ReplayTargets } from './error-replayer.js';
export {
  InMemoryErrorStore,
  errorDetails,
  type ErroneousEventType,
  type ErrorEntry,
  type ErrorEntryInput,
  type ErrorListOptions,
  type ErrorOccurrence,
  type ErrorOrigin,
  type ErrorPurgeOptions,
  type ErrorStore,
  type ErrorType,
} from './error-store.js';
export { saveErrorEntry, type IoEnvironment, type IoHost } from './io-environment.js';
export { IoRuntime, type IoConnection } from './io-runtime.js';
export { SinkDestination, type PendingPublish, type SinkOnError } from './sink-destination.js';
export { SinkRuntime, type SinkDestinationConfig, type SinkRuntimeParts } from './sink-runtime.js';
export { SourceRuntime, type SourceRuntimeParts } from './source-runtime.js';
export { compileTemplate, isTemplate, templateValue, type TemplateResult } from './template.js';
