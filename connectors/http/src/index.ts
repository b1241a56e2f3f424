// HTTP family (http, http-call, http-service, sse, http-poll, and Siddhi's deprecated names): the
// extension list this plugin package registers, and a factory for hosts with an authenticator.

import type { Extension } from '@tributary/engine/extension-api';
import { CorrelationRegistry } from './correlation-registry.js';
import { httpCallExtensions, type CallResponseEndpoint } from './http-call.js';
import { HttpListeners } from './http-listeners.js';
import { httpPollSourceSpec } from './http-poll-source.js';
import type { Authenticator } from './http-receiver.js';
import { httpSinkSpec } from './http-sink.js';
import { httpServiceExtensions, type ServiceEndpoint } from './http-service.js';
import { httpSource } from './http-source.js';
import { sseSourceSpec } from './sse-source.js';

export type { Authenticator } from './http-receiver.js';
export { HttpListeners } from './http-listeners.js';
export { parseKeyValueList } from './key-value-list.js';

/** Settings of a set of http extensions. */
export interface HttpExtensionSettings {
  /**
   * Checks basic-auth credentials for sources with `basic.auth.enabled='true'` (the host's
   * user store). Without one, such sources refuse every request with 401.
   */
  readonly authenticate?: Authenticator;
  /** The listeners the sources share (one set per call by default). */
  readonly listeners?: HttpListeners;
}

/**
 * The http extensions with host settings: listeners, correlation registries and the
 * authenticator are shared by the extensions of one call.
 * @example
 * const engine = createEngine({ extensions: createRegistry(builtinExtensions, {
 *   package: '@tributary/connector-http', version: '0.1.0',
 *   extensions: httpExtensions({ authenticate: (user, password) => users.check(user, password) }) }) });
 */
export function httpExtensions(settings: HttpExtensionSettings = {}): readonly Extension[] {
  const listeners = settings.listeners ?? new HttpListeners();
  const receivers = { listeners, authenticate: settings.authenticate };
  const [callSink, callResponseSource] = httpCallExtensions(
    new CorrelationRegistry<CallResponseEndpoint>('sink.id'),
  );
  const [serviceSource, serviceResponseSink] = httpServiceExtensions(
    receivers,
    new CorrelationRegistry<ServiceEndpoint>('source.id', true),
  );
  return [
    httpSource(receivers),
    httpSinkSpec,
    callSink,
    callResponseSource,
    serviceSource,
    serviceResponseSink,
    sseSourceSpec,
    httpPollSourceSpec,
    // Siddhi's deprecated names, kept so older apps deploy unchanged.
    deprecatedAlias(callSink, 'http-request', 'http-call'),
    deprecatedAlias(callResponseSource, 'http-response', 'http-call-response'),
    deprecatedAlias(serviceSource, 'http-request', 'http-service'),
    deprecatedAlias(serviceResponseSink, 'http-response', 'http-service-response'),
  ];
}

/** The same extension under a deprecated name (its examples use that name). */
function deprecatedAlias(extension: Extension, name: string, replacement: string): Extension {
  const spec = {
    ...extension.spec,
    name,
    status: 'deprecated' as const,
    summary: `Deprecated name of \`${replacement}\`. ${extension.spec.summary}`,
    examples: extension.spec.examples.map((example) => ({
      description: example.description,
      siddhi: example.siddhi.replaceAll(`type='${replacement}'`, `type='${name}'`),
    })),
  };
  // The spec keeps its kind: only the name, status, summary and examples change.
  return { kind: extension.kind, spec } as Extension;
}

/** Every extension of this package, for the registry (no basic-auth authenticator). */
export const extensions: readonly Extension[] = httpExtensions();
