// The `grpc-call` sink and its `grpc-call-response` source: the sink calls EventService
// `process` with each event and hands the reply to the source with the same `sink.id`, with
// the calling event's attributes and the reply's headers as `trp:` values. The event counts as
// published once the source processed the reply.

import {
  defineSink,
  defineSource,
  param,
  type Extension,
  type OptionsOf,
  type SinkConnection,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import { attributeTexts } from './attribute-text.js';
import { EventServicePublisher } from './event-service-publisher.js';
import type { GrpcEvent } from './event-service.js';
import { channelParameters } from './grpc-parameters.js';
import type { PairedEndpoints } from './paired-endpoints.js';

/** A connected `grpc-call-response` source. */
export interface CallResponseEndpoint {
  /** Maps and sends a reply; resolves once its events were processed. */
  deliver(reply: GrpcEvent, request: ReadonlyMap<string, string>): Promise<void>;
}

/** The `grpc-call-response` sources of an extension set, by app and `sink.id`. */
export type CallResponseEndpoints = PairedEndpoints<CallResponseEndpoint>;

const callParameters = {
  ...channelParameters,
  'sink.id': param.string({
    description: 'Names the `grpc-call-response` source that receives the replies (1:1).',
  }),
};

const responseParameters = {
  'sink.id': param.string({
    description: 'The `sink.id` of the `grpc-call` sink whose replies this source receives.',
  }),
};

type ResponseOptions = OptionsOf<typeof responseParameters>;

function responseSource(
  ctx: SourceContext<ResponseOptions>,
  endpoints: CallResponseEndpoints,
): SourceConnection {
  const names = ctx.requestedTransportProperties;
  const endpoint: CallResponseEndpoint = {
    deliver: (reply, request) => {
      // Siddhi's order: the request's attributes, then the reply's headers over them.
      const transport: Record<string, string | undefined> = {};
      for (const name of names) transport[name] = reply.headers[name] ?? request.get(name);
      return ctx.emit(reply.payload, transport);
    },
  };
  let remove: (() => void) | undefined;
  return {
    connect: () => {
      remove ??= endpoints.add(ctx.appName, ctx.options['sink.id'], endpoint);
      return Promise.resolve();
    },
    disconnect: () => {
      remove?.();
      remove = undefined;
      return Promise.resolve();
    },
  };
}

const EXAMPLE =
  "@sink(type='grpc-call', publisher.url='grpc://localhost:8888/org.wso2.grpc.EventService/process/inSeq',\n" +
  "      sink.id='1', headers=\"'Content-Type:json'\", @map(type='json'))\n" +
  'define stream FooStream (message string);\n\n' +
  "@source(type='grpc-call-response', sink.id='1', @map(type='json'))\n" +
  'define stream BarStream (message string);';

/**
 * The `grpc-call` sink and `grpc-call-response` source of an extension set, sharing `endpoints`.
 * @example
 * const [sink, source] = grpcCallExtensions(new PairedEndpoints('sink.id', 'grpc-call-response'));
 */
export function grpcCallExtensions(endpoints: CallResponseEndpoints): readonly Extension[] {
  return [
    defineSink({
      name: 'grpc-call',
      status: 'stable',
      summary:
        "Calls a gRPC EventService's `process` method with each event and feeds the reply to " +
        'the `grpc-call-response` source with the same `sink.id`.',
      description:
        "The request is built as by the `grpc` sink (payload, `headers`, the url's sequence as " +
        'the `sequence` header, `metadata`). The reply `Event` goes to the response source; the ' +
        'event counts as published once that source processed it. A reply with no response ' +
        'source connected, an unreachable server (a connection error) and any failed call are ' +
        'handled by `on.error`.',
      parameters: callParameters,
      examples: [
        {
          description:
            "Request/reply with Micro Integrator's sequence `inSeq`: replies go to BarStream.",
          siddhi: EXAMPLE,
        },
      ],
      create: (ctx): SinkConnection => {
        const publisher = new EventServicePublisher(ctx, 'grpc-call', 'process');
        const sinkId = ctx.options['sink.id'];
        return {
          connect: () => publisher.connect(),
          disconnect: () => publisher.disconnect(),
          publish: async (payload, options, _transport, event) => {
            const reply = await publisher.send(payload, options);
            const source = endpoints.find(ctx.appName, sinkId);
            if (source === undefined) {
              throw new Error(
                `${publisher.where}: for grpc-call sink to work a grpc-call-response source ` +
                  `should be available with the same sink.id '${sinkId}'; the reply is dropped`,
              );
            }
            await source.deliver(reply, attributeTexts(ctx.attributes, event));
          },
        };
      },
    }),
    defineSource({
      name: 'grpc-call-response',
      status: 'stable',
      summary: 'Receives the replies of the `grpc-call` sink with the same `sink.id`.',
      description:
        'Each reply `Event.payload` becomes events through the source mapper. The attributes ' +
        'of the event that made the call are transport properties by name (`trp:id`), as are ' +
        'the reply headers (which win over attributes of the same name).',
      parameters: responseParameters,
      transportProperties: [
        {
          name: '<attribute>',
          description: 'An attribute of the event that made the call (`trp:orderId`).',
        },
        { name: '<header>', description: 'A header of the reply `Event`.' },
      ],
      examples: [{ description: 'Receives the replies of sink.id 1.', siddhi: EXAMPLE }],
      create: (ctx) => responseSource(ctx, endpoints),
    }),
  ];
}
