// gRPC family on Siddhi's EventService contract (`grpc`, `grpc-call`, `grpc-call-response`,
// `grpc-service`, `grpc-service-response`): the extension list this plugin package registers,
// and the EventService client and contract the Micro Integrator bridge builds on.

import type { Extension } from '@tributary/engine/extension-api';
import { grpcCallExtensions, type CallResponseEndpoint } from './grpc-call.js';
import { GrpcServers } from './grpc-servers.js';
import { grpcServiceExtensions, type ServiceEndpoint } from './grpc-service.js';
import { grpcSinkSpec } from './grpc-sink.js';
import { grpcSource } from './grpc-source.js';
import { PairedEndpoints } from './paired-endpoints.js';

export {
  EVENT_SERVICE_URL_NAME,
  EVENT_SERVICE_WIRE_NAME,
  eventServiceAliasDefinition,
  eventServiceDefinition,
  eventServicePath,
  toGrpcEvent,
  type EventServiceDefinition,
  type EventServiceMethod,
  type GrpcEvent,
} from './event-service.js';
export {
  EventServiceCallError,
  EventServiceClient,
  grpcStatusName,
  type EventServiceCallOptions,
} from './event-service-client.js';
export { CONNECT_TIMEOUT_MS, SEQUENCE_HEADER } from './event-service-publisher.js';
export { channelCredentials, GrpcTlsError, type GrpcTlsOptions } from './grpc-tls.js';
export { GrpcUrlError, parseGrpcUrl, type GrpcUrl } from './grpc-url.js';
export { HeaderListError, parseHeaderList } from './header-list.js';
export { attributeText, attributeTexts } from './attribute-text.js';
export { payloadText } from './payload-text.js';

/**
 * A fresh set of the gRPC extensions: its sources share servers per port, and its call and
 * service pairs find each other by `sink.id`/`source.id`, within the set.
 * @example
 * createRegistry(builtinExtensions, { package: '@tributary/connector-grpc', version: '0.1.0', extensions: grpcExtensions() });
 */
export function grpcExtensions(): readonly Extension[] {
  const servers = new GrpcServers();
  return [
    grpcSource(servers),
    grpcSinkSpec,
    ...grpcCallExtensions(
      new PairedEndpoints<CallResponseEndpoint>('sink.id', 'grpc-call-response'),
    ),
    ...grpcServiceExtensions(
      servers,
      new PairedEndpoints<ServiceEndpoint>('source.id', 'grpc-service'),
    ),
  ];
}

/** Every extension of this package, for the registry. */
export const extensions: readonly Extension[] = grpcExtensions();
