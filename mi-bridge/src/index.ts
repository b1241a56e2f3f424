// Micro Integrator bridge: the `mi` sink (sequences over gRPC, APIs and proxies over HTTP, with
// timeouts, retries, a circuit breaker and correlated replies) and its `mi-reply` source — the
// extension list this plugin package registers — plus the management API client behind flow
// discovery (`tributary mi flows`).

import type { Extension } from '@tributary/engine/extension-api';
import { miReplySource } from './mi-reply-source.js';
import { miSink, type MiSinkSettings } from './mi-sink.js';
import { ReplyStreams } from './reply-streams.js';

export { CircuitBreaker, type CircuitSettings, type CircuitState } from './circuit-breaker.js';
export { apiOf, missingFlow } from './flow-check.js';
export {
  MiManagementClient,
  type MiApi,
  type MiApiResource,
  type MiFlows,
  type MiInboundEndpoint,
  type MiManagementSettings,
} from './mi-management.js';
export { REPLY_FLOW, REPLY_STATUS } from './mi-reply-source.js';
export {
  describeFlow,
  resolveTarget,
  type MiFlow,
  type MiMode,
  type MiTarget,
} from './mi-target.js';

export type { MiSinkSettings } from './mi-sink.js';

/**
 * A fresh set of the MI extensions: its sinks deliver replies to its `mi-reply` sources.
 * @example
 * createRegistry(builtinExtensions, { package: '@tributary/mi-bridge', version: '0.1.0', extensions: miExtensions() });
 */
export function miExtensions(settings: Partial<MiSinkSettings> = {}): readonly Extension[] {
  const replies = new ReplyStreams();
  return [miSink(replies, { stopGraceMs: settings.stopGraceMs ?? 5_000 }), miReplySource(replies)];
}

/** Every extension of this package, for the registry. */
export const extensions: readonly Extension[] = miExtensions();
