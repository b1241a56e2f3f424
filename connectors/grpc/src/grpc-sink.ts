// The `grpc` sink: fire-and-forget EventService `consume` calls, e.g. into a Micro Integrator
// sequence through its gRPC inbound endpoint. An event counts as published once the server
// acknowledged the call (google.protobuf.Empty).

import { defineSink, type Extension } from '@tributary/engine/extension-api';
import { EventServicePublisher } from './event-service-publisher.js';
import { channelParameters } from './grpc-parameters.js';

/** The `grpc` sink spec. */
export const grpcSinkSpec: Extension = defineSink({
  name: 'grpc',
  status: 'stable',
  summary:
    "Sends each event to a gRPC EventService's `consume` method (fire and forget), e.g. to run " +
    'a Micro Integrator sequence.',
  description:
    'The mapped payload (json, xml or text) becomes `Event.payload`; `headers` entries and the ' +
    "url's sequence name (as the `sequence` header) become `Event.headers`; `metadata` goes out " +
    "as gRPC call metadata. Micro Integrator's gRPC inbound endpoint needs a `Content-Type` " +
    'header of json, xml or text. An unreachable server is a connection error handled by ' +
    '`on.error`; any other failed call is routed by `on.error` too. Only the default ' +
    '`org.wso2.grpc.EventService` is supported (custom services need generated stubs); ' +
    'TLS key and trust stores are PEM files.',
  parameters: channelParameters,
  examples: [
    {
      description:
        "Runs MI's sequence `inSeq` for every order, as JSON (the sink adds `sequence: inSeq`).",
      siddhi:
        "@sink(type='grpc', publisher.url='grpc://localhost:8888/org.wso2.grpc.EventService/consume/inSeq',\n" +
        "      headers=\"'Content-Type:json'\", @map(type='json'))\n" +
        'define stream OrderStream (orderId string, amount double);',
    },
    {
      description: 'Headers taken from the event (the Siddhi way of passing them per event).',
      siddhi:
        "@sink(type='grpc', publisher.url='grpc://localhost:8888/org.wso2.grpc.EventService/consume',\n" +
        "      headers='{{headers}}', @map(type='json', @payload('{{message}}')))\n" +
        'define stream FooStream (message string, headers string);',
    },
  ],
  create: (ctx) => {
    const publisher = new EventServicePublisher(ctx, 'grpc', 'consume');
    return {
      connect: () => publisher.connect(),
      disconnect: () => publisher.disconnect(),
      publish: async (payload, options) => {
        await publisher.send(payload, options);
      },
    };
  },
});
