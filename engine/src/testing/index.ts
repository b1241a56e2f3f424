// Public entry of `@tributary/engine/testing`: what plugin packages and hosts test with — the
// io contract suites (vitest), fault injection, harnesses on a virtual clock, and helpers of
// live-server tests (plugin apps, loopback servers, polling waits).

export {
  describeMapperRoundTrip,
  describeSinkContract,
  describeSourceContract,
  type IoContractOptions,
  type MapperRoundTripOptions,
  type Rows,
  type SinkCollector,
  type SinkContractOptions,
  type SourceContractOptions,
} from './contracts.js';
export {
  FaultInjector,
  faultySink,
  faultySource,
  type PublishedPayload,
} from './fault-injection.js';
export { startIoApp, type IoAppOptions, type IoAppRun, type LoggedLine } from './io-app.js';
export { eventually, jsonMessages, rowsOf, uniqueName, until } from './live-helpers.js';
export { freePort, isAccepting, LocalServerProcess, waitForPort } from './local-server.js';
export {
  createPluginApp,
  recordingLogger,
  startPluginApp,
  type PluginAppOptions,
} from './plugin-app.js';
export { registryWith } from './io-registry.js';
export { runQuery, type QueryRun } from './run-query.js';
export { VirtualClock } from '../runtime/time/index.js';
