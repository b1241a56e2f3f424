// The `grpc-service` source and its `grpc-service-response` sink: EventService `process` calls
// become events carrying a message id (`trp:messageId`); the response sink with the same
// `source.id` answers the call whose `message.id` the event names. Calls not answered within
// `service.timeout` fail with DEADLINE_EXCEEDED.

import { randomUUID } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import {
  defineSink,
  defineSource,
  param,
  type Extension,
  type OptionsOf,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import { EventServiceReceiver } from './event-service-receiver.js';
import type { GrpcEvent } from './event-service.js';
import { serverParameters } from './grpc-parameters.js';
import { GrpcCallFailure, type GrpcServers } from './grpc-servers.js';
import type { PairedEndpoints } from './paired-endpoints.js';
import { payloadText } from './payload-text.js';

/** A connected `grpc-service` source, as its response sink sees it. */
export interface ServiceEndpoint {
  /** Answers the call `messageId`; false when none waits (answered already, or timed out). */
  respond(messageId: string, payload: string): boolean;
}

/** The `grpc-service` sources of an extension set, by app and `source.id`. */
export type ServiceEndpoints = PairedEndpoints<ServiceEndpoint>;

const serviceParameters = {
  ...serverParameters,
  'source.id': param.string({
    description: 'Names this source for its `grpc-service-response` sink (1:1).',
  }),
  'service.timeout': param.long({
    description:
      'Milliseconds a call waits for its response; then it fails with DEADLINE_EXCEEDED.',
    optional: true,
    default: 10000,
  }),
};

type ServiceOptions = OptionsOf<typeof serviceParameters>;

const responseParameters = {
  'source.id': param.string({
    description: 'The `source.id` of the `grpc-service` source whose calls this sink answers.',
  }),
  'message.id': param.string({
    description: "The id of the call to answer, usually '{{messageId}}'.",
    dynamic: true,
  }),
};

interface Waiting {
  readonly resolve: (reply: GrpcEvent) => void;
  readonly reject: (failure: GrpcCallFailure) => void;
  readonly cancel: () => void;
}

/** The message id under both names Siddhi's docs use. */
const MESSAGE_ID_NAMES = ['messageId', 'message.id'] as const;

function serviceSource(
  ctx: SourceContext<ServiceOptions>,
  servers: GrpcServers,
  endpoints: ServiceEndpoints,
): SourceConnection {
  const waiting = new Map<string, Waiting>();
  const timeoutMs = ctx.options['service.timeout'];
  const receiver: EventServiceReceiver = new EventServiceReceiver(
    ctx,
    servers,
    'grpc-service',
    'process',
    (event, metadata) => {
      const messageId = randomUUID();
      const extra = Object.fromEntries(MESSAGE_ID_NAMES.map((name) => [name, messageId]));
      const transport = receiver.transport(event, metadata, extra);
      const reply = new Promise<GrpcEvent>((resolve, reject) => {
        const cancel = ctx.scheduler.schedule(ctx.clock.now() + timeoutMs, () => {
          if (!waiting.delete(messageId)) return;
          reject(
            new GrpcCallFailure(
              grpcStatus.DEADLINE_EXCEEDED,
              `${receiver.where}: no response within ${String(timeoutMs)} ms`,
            ),
          );
        });
        waiting.set(messageId, { resolve, reject, cancel });
      });
      void ctx.emit(event.payload, transport);
      return reply;
    },
  );
  const endpoint: ServiceEndpoint = {
    respond: (messageId, payload) => {
      const found = waiting.get(messageId);
      if (found === undefined) return false;
      waiting.delete(messageId);
      found.cancel();
      found.resolve({ payload, headers: {} });
      return true;
    },
  };
  let remove: (() => void) | undefined;
  return {
    connect: async () => {
      remove ??= endpoints.add(ctx.appName, ctx.options['source.id'], endpoint);
      try {
        await receiver.connect();
      } catch (error) {
        remove();
        remove = undefined;
        throw error;
      }
    },
    disconnect: async () => {
      remove?.();
      remove = undefined;
      // Calls still waiting would hold the server's shutdown: they fail now.
      for (const w of waiting.values()) {
        w.cancel();
        w.reject(new GrpcCallFailure(grpcStatus.UNAVAILABLE, `${receiver.where} is disconnecting`));
      }
      waiting.clear();
      await receiver.disconnect();
    },
    pause: () => {
      receiver.pause();
    },
    resume: () => {
      receiver.resume();
    },
  };
}

const EXAMPLE =
  "@source(type='grpc-service', receiver.url='grpc://localhost:8888/org.wso2.grpc.EventService/process',\n" +
  "        source.id='1', @map(type='json', @attributes(messageId='trp:messageId', message='message')))\n" +
  'define stream FooStream (messageId string, message string);\n\n' +
  "@sink(type='grpc-service-response', source.id='1', message.id='{{messageId}}', @map(type='json'))\n" +
  'define stream BarStream (messageId string, message string);\n\n' +
  'from FooStream select * insert into BarStream;';

/**
 * The `grpc-service` source and `grpc-service-response` sink of an extension set.
 * @example
 * const [source, sink] = grpcServiceExtensions(new GrpcServers(), new PairedEndpoints('source.id', 'grpc-service'));
 */
export function grpcServiceExtensions(
  servers: GrpcServers,
  endpoints: ServiceEndpoints,
): readonly Extension[] {
  return [
    defineSource({
      name: 'grpc-service',
      status: 'stable',
      summary:
        'Hosts a gRPC server for request/reply: each EventService `process` call becomes ' +
        'events, answered by the `grpc-service-response` sink with the same `source.id`.',
      description:
        'As the `grpc` source (shared servers, headers and metadata as transport properties), ' +
        'plus a message id per call (`trp:messageId`, also `trp:message.id`) that the response ' +
        'sink names in `message.id`. A call gets the response payload as its reply `Event`, or ' +
        'DEADLINE_EXCEEDED after `service.timeout`.',
      parameters: serviceParameters,
      transportProperties: [
        { name: 'messageId', description: 'The id of the call (also `message.id`).' },
        { name: '<header>', description: 'An `Event.headers` entry or a call metadata entry.' },
      ],
      examples: [{ description: 'Echoes every request back through Siddhi.', siddhi: EXAMPLE }],
      create: (ctx) => serviceSource(ctx, servers, endpoints),
    }),
    defineSink({
      name: 'grpc-service-response',
      status: 'stable',
      summary: 'Answers the calls of the `grpc-service` source with the same `source.id`.',
      description:
        'Each payload answers the call whose id `message.id` names. A response for a call ' +
        'that was answered or timed out already is logged and dropped.',
      parameters: responseParameters,
      examples: [{ description: 'Answers calls with the processed events.', siddhi: EXAMPLE }],
      create: (ctx) => {
        const where = `sink 'grpc-service-response' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
        const sourceId = ctx.options['source.id'];
        return {
          connect: () => Promise.resolve(),
          disconnect: () => Promise.resolve(),
          publish: (payload, options) => {
            const source = endpoints.find(ctx.appName, sourceId);
            if (source === undefined) {
              throw new Error(
                `${where}: no 'grpc-service' source with source.id '${sourceId}' is connected`,
              );
            }
            const messageId = options['message.id'] ?? ctx.options['message.id'];
            if (!source.respond(messageId, payloadText(payload))) {
              ctx.logger.log(
                'warn',
                `${where}: no call with message.id '${messageId}' is waiting (answered or timed out); the response is dropped`,
              );
            }
          },
        };
      },
    }),
  ];
}
