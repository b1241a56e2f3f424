// The option parameters the gRPC extensions share (Siddhi's names and defaults), and how the
// channel and server settings among them become @grpc/grpc-js options.

import type { ChannelOptions, ServerOptions } from '@grpc/grpc-js';
import { param, type OptionsOf } from '@tributary/engine/extension-api';

const tlsParameters = {
  'truststore.file': param.string({
    description:
      'A PEM file of the CA certificates the peer is checked against (Siddhi names a JKS ' +
      'trust store; Node needs PEM). Giving it turns TLS on.',
    optional: true,
  }),
  'truststore.password': param.string({
    description: 'Accepted for Siddhi apps; PEM trust stores have no password.',
    optional: true,
    secret: true,
  }),
  'truststore.algorithm': param.string({
    description: 'Accepted for Siddhi apps; Node picks the algorithm from the certificates.',
    optional: true,
  }),
  'tls.store.type': param.string({
    description: 'Accepted for Siddhi apps; the stores are PEM files.',
    optional: true,
  }),
  'keystore.file': param.string({
    description:
      'A PEM file holding an unencrypted private key and its certificate chain (a client ' +
      'identity for mutual auth; the server identity of a source). Giving it turns TLS on.',
    optional: true,
  }),
  'keystore.password': param.string({
    description: 'Accepted for Siddhi apps; the PEM key must be unencrypted.',
    optional: true,
    secret: true,
  }),
  'keystore.algorithm': param.string({
    description: 'Accepted for Siddhi apps; Node picks the algorithm from the key.',
    optional: true,
  }),
  'enable.ssl': param.bool({
    description: 'Use TLS (with the system CAs when no truststore.file is given).',
    optional: true,
    default: false,
  }),
  'mutual.auth.enabled': param.bool({
    description: 'Mutual TLS: the client presents keystore.file, the server checks it.',
    optional: true,
    default: false,
  }),
};

/** Options of the `grpc` and `grpc-call` sinks (channel settings apply only when given). */
export const channelParameters = {
  'publisher.url': param.string({
    description:
      "grpc://<host>:<port>/<serviceName>/<methodName>[/<sequence>], e.g. 'grpc://mi:8888/" +
      "org.wso2.grpc.EventService/consume/inSeq'; the sequence goes out as the 'sequence' header " +
      '(Micro Integrator runs that sequence).',
  }),
  headers: param.string({
    description:
      "Event headers, \"'<key>:<value>','<key>:<value>'\" (MI needs 'Content-Type:json|xml|text'); " +
      'may name attributes.',
    optional: true,
    dynamic: true,
  }),
  metadata: param.string({
    description: "gRPC call metadata, \"'<key>:<value>','<key>:<value>'\"; may name attributes.",
    optional: true,
    dynamic: true,
  }),
  'idle.timeout': param.long({
    description: 'Seconds without calls before the channel goes idle.',
    optional: true,
  }),
  'keep.alive.time': param.long({
    description: 'Seconds without reads before a keep-alive ping (none unless given).',
    optional: true,
  }),
  'keep.alive.timeout': param.long({
    description: 'Seconds to wait for a keep-alive ping to be answered.',
    optional: true,
  }),
  'keep.alive.without.calls': param.bool({
    description: 'Send keep-alive pings while no call is running.',
    optional: true,
    default: false,
  }),
  'enable.retry': param.bool({
    description: 'Let the gRPC library retry calls that fail with UNAVAILABLE.',
    optional: true,
    default: false,
  }),
  'max.retry.attempts': param.int({
    description: 'Attempts per call when enable.retry is on.',
    optional: true,
    default: 5,
  }),
  'retry.buffer.size': param.long({
    description: 'Bytes buffered for retries over all calls.',
    optional: true,
    default: 16777216,
  }),
  'per.rpc.buffer.size': param.long({
    description: 'Bytes buffered for retries per call.',
    optional: true,
    default: 1048576,
  }),
  'channel.termination.waiting.time': param.long({
    description: 'Seconds a disconnect waits for calls in flight before closing the channel.',
    optional: true,
    default: 5,
  }),
  'max.inbound.message.size': param.long({
    description: 'Largest reply accepted, in bytes.',
    optional: true,
    default: 4194304,
  }),
  'max.inbound.metadata.size': param.long({
    description: 'Largest reply metadata accepted, in bytes.',
    optional: true,
    default: 8192,
  }),
  ...tlsParameters,
};

export type ChannelParameterOptions = OptionsOf<typeof channelParameters>;

/** Options of the `grpc` and `grpc-service` sources. */
export const serverParameters = {
  'receiver.url': param.string({
    description:
      'grpc://<host>:<port>/<serviceName>/<methodName>: where the server listens, e.g. ' +
      "'grpc://0.0.0.0:8888/org.wso2.grpc.EventService/consume'.",
  }),
  'max.inbound.message.size': param.int({
    description: 'Largest request accepted, in bytes.',
    optional: true,
    default: 4194304,
  }),
  'max.inbound.metadata.size': param.int({
    description: 'Largest request metadata accepted, in bytes.',
    optional: true,
    default: 8192,
  }),
  'server.shutdown.waiting.time': param.long({
    description: 'Seconds a disconnect waits for running calls before closing them.',
    optional: true,
    default: 5,
  }),
  'threadpool.size': param.int({
    description: 'Requests processed at once; more wait in the buffer.',
    optional: true,
    default: 100,
  }),
  'threadpool.buffer.size': param.int({
    description: 'Requests waiting beyond threadpool.size; more are refused (RESOURCE_EXHAUSTED).',
    optional: true,
    default: 100,
  }),
  ...tlsParameters,
};

export type ServerParameterOptions = OptionsOf<typeof serverParameters>;

const SECOND = 1000;

/**
 * The grpc-js channel options for the sink options (only the keys that were given).
 * @example
 * channelOptions({ ...defaults, 'keep.alive.time': 30 }); // { 'grpc.keepalive_time_ms': 30000, … }
 */
export function channelOptions(options: ChannelParameterOptions): ChannelOptions {
  const out: Record<string, string | number> = {
    'grpc.max_receive_message_length': options['max.inbound.message.size'],
    'grpc.max_metadata_size': options['max.inbound.metadata.size'],
  };
  if (options['idle.timeout'] !== undefined) {
    out['grpc.client_idle_timeout_ms'] = options['idle.timeout'] * SECOND;
  }
  if (options['keep.alive.time'] !== undefined) {
    out['grpc.keepalive_time_ms'] = options['keep.alive.time'] * SECOND;
  }
  if (options['keep.alive.timeout'] !== undefined) {
    out['grpc.keepalive_timeout_ms'] = options['keep.alive.timeout'] * SECOND;
  }
  if (options['keep.alive.without.calls']) out['grpc.keepalive_permit_without_calls'] = 1;
  if (options['enable.retry']) {
    out['grpc.enable_retries'] = 1;
    out['grpc.retry_buffer_size'] = options['retry.buffer.size'];
    out['grpc.per_rpc_retry_buffer_size'] = options['per.rpc.buffer.size'];
    out['grpc.service_config'] = JSON.stringify({
      methodConfig: [
        {
          name: [{ service: 'eventservice.EventService' }],
          retryPolicy: {
            maxAttempts: Math.max(2, Math.min(options['max.retry.attempts'], 5)),
            initialBackoff: '0.1s',
            maxBackoff: '1s',
            backoffMultiplier: 2,
            retryableStatusCodes: ['UNAVAILABLE'],
          },
        },
      ],
    });
  } else {
    out['grpc.enable_retries'] = 0;
  }
  return out;
}

/**
 * The grpc-js server options for the source options.
 * @example
 * serverOptions(options); // { 'grpc.max_receive_message_length': 4194304, … }
 */
export function serverOptions(options: ServerParameterOptions): ServerOptions {
  return {
    'grpc.max_receive_message_length': options['max.inbound.message.size'],
    'grpc.max_metadata_size': options['max.inbound.metadata.size'],
  };
}
