// Public entry of @tributary/engine: the embeddable library that compiles and runs SiddhiQL apps.
// Everything a host or plugin may use is re-exported from here (or a declared subpath export).

/**
 * Version of the engine package, following semver.
 *
 * @example
 * ```ts
 * import { version } from '@tributary/engine';
 * console.log(`tributary engine ${version}`);
 * ```
 */
export const version = '0.1.0';

export type * from './query-api/index.js';
export { NO_SPAN, ATTRIBUTE_TYPES, TIME_UNIT_MILLIS } from './query-api/index.js';

export { compile, compileOnDemandQuery } from './compiler/compile.js';
export type { CompileOptions, CompileQueryResult, CompileResult } from './compiler/compile.js';
export { hasErrors } from './compiler/diagnostic.js';
export type { Diagnostic, Severity } from './compiler/diagnostic.js';
export { parseApp, parseExpression, parseOnDemandQuery } from './compiler/parse.js';
export { printApp, printExpression, printOnDemandQuery } from './compiler/printer.js';
export { resolveSchemas } from './compiler/validation/index.js';
export type { AppSchemas, ElementSchema } from './compiler/validation/index.js';
export { composeCatalogs, createCatalog, qualifiedName } from './compiler/extension-catalog.js';
export type * from './compiler/extension-catalog.js';
export { builtinCatalog, builtinRegistry, catalogOf } from './builtins/catalog/index.js';
export { builtinExtensions } from './builtins/extensions.js';
export {
  createRegistry,
  DuplicateExtensionError,
  InvalidExtensionError,
} from './extension-api/registry.js';
export type { ExtensionList, Registry } from './extension-api/registry-types.js';
export {
  formatDiagnostic,
  formatDiagnostics,
  summarizeDiagnostics,
} from './errors/format-diagnostic.js';
export type { FormatOptions } from './errors/format-diagnostic.js';

// Runtime: the embeddable engine and what hosts need to drive running apps.
export { createEngine } from './engine.js';
export type { CreateAppResult, Engine, EngineOptions } from './engine.js';
export type { SystemParameters } from './planner/system-parameters.js';
export type { AppRuntime } from './runtime/app/app-runtime.js';
export type { StreamCallback } from './runtime/app/app-runtime.js';
export type { QueryCallback } from './runtime/query/query-output.js';
export type { InputEvent, InputHandler } from './runtime/stream/input-handler.js';
export { consoleLogger, silentLogger } from './runtime/app/logger.js';
export type { LogLevel, Logger } from './runtime/app/logger.js';
export { streamEvent } from './runtime/event/event.js';
export type { ComplexEvent, EventChunk, EventType, StreamEvent } from './runtime/event/event.js';
export { TributaryError } from './errors/tributary-error.js';
export { SystemTimeService, VirtualClock } from './runtime/time/index.js';
export type { Clock, Scheduler, TimeService } from './runtime/time/index.js';
export {
  OnDemandQueryError,
  type OnDemandAttribute,
  type OnDemandResult,
} from './runtime/on-demand/index.js';
export {
  FilePersistenceStore,
  InMemoryPersistenceStore,
  revisionsToPrune,
} from './runtime/state/index.js';
export type {
  AppSnapshot,
  PersistenceOptions,
  PersistenceStore,
  RevisionReader,
  RevisionWriter,
  SnapshotOptions,
  Snapshottable,
  StateHolder,
} from './runtime/state/index.js';
// Sources and sinks: the in-process broker of the `inMemory` connectors, the error store.
export { InMemoryBroker, inMemoryBroker, inMemoryExtensions } from './builtins/io/index.js';
export type { BrokerSubscriber } from './builtins/io/index.js';
export { InMemoryErrorStore, SIDDHI_BACKOFF_DELAYS_MS } from './runtime/io/index.js';
export type {
  BackoffOptions,
  IoConnection,
  IoConnectionState,
  ErroneousEventType,
  ErrorEntry,
  ErrorEntryInput,
  ErrorListOptions,
  ErrorOccurrence,
  ErrorOrigin,
  ErrorPurgeOptions,
  ErrorReplayer,
  ErrorStore,
  ErrorType,
  ReplayReport,
} from './runtime/io/index.js';
export { InMemoryTable, RecordTableAdapter, recordTableFactory } from './runtime/table/index.js';
export type {
  CompiledCondition,
  CompiledUpdateSet,
  MatchingOptions,
  AggregateFunction,
  RecordTable,
  Row,
  SelectionColumn,
  SelectionCondition,
  SelectionItem,
  SelectionOrder,
  SelectionValue,
  StructuredCondition,
  StructuredSelection,
  StructuredSet,
  StructuredValue,
  Table,
  TableAttribute,
  TableContext,
  TableFactory,
  TableSchema,
} from './runtime/table/index.js';
