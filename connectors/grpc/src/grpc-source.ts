// The `grpc` source: a gRPC server whose EventService `consume` calls become events. The
// call is answered once its events were processed (and the sinks they reached acknowledged),
// so a client that got Empty back knows the event was taken.

import { defineSource, type Extension } from '@tributary/engine/extension-api';
import { EventServiceReceiver } from './event-service-receiver.js';
import { serverParameters } from './grpc-parameters.js';
import type { GrpcServers } from './grpc-servers.js';

/**
 * The `grpc` source of an extension set, on its shared servers.
 * @example
 * const source = grpcSource(new GrpcServers());
 */
export function grpcSource(servers: GrpcServers): Extension {
  return defineSource({
    name: 'grpc',
    status: 'stable',
    summary: 'Hosts a gRPC server; each EventService `consume` call becomes events via @map.',
    description:
      "The server listens on the receiver url's host and port (sources on the same port share " +
      'it) and answers EventService under both `eventservice.EventService` (the name SI and MI ' +
      'stubs call) and `org.wso2.grpc.EventService`. `Event.payload` is mapped; `Event.headers` ' +
      'and the call metadata are transport properties (`trp:name`); a requested one that is ' +
      'missing fails the call (DATA_LOSS). The call is answered once the events were processed.',
    parameters: serverParameters,
    transportProperties: [
      { name: '<header>', description: 'An `Event.headers` entry or a call metadata entry.' },
    ],
    examples: [
      {
        description: 'Receives JSON events on port 8888.',
        siddhi:
          "@source(type='grpc', receiver.url='grpc://localhost:8888/org.wso2.grpc.EventService/consume',\n" +
          "        @map(type='json'))\n" +
          'define stream BarStream (message string);',
      },
      {
        description: 'Headers sent with each request as attributes.',
        siddhi:
          "@source(type='grpc', receiver.url='grpc://localhost:8888/org.wso2.grpc.EventService/consume',\n" +
          "        @map(type='json', @attributes(name='trp:name', age='trp:age', message='message')))\n" +
          'define stream BarStream (message string, name string, age int);',
      },
    ],
    create: (ctx) => {
      const receiver: EventServiceReceiver = new EventServiceReceiver(
        ctx,
        servers,
        'grpc',
        'consume',
        async (event, metadata) => {
          await ctx.emit(event.payload, receiver.transport(event, metadata));
          return undefined;
        },
      );
      return {
        connect: () => receiver.connect(),
        disconnect: () => receiver.disconnect(),
        pause: () => {
          receiver.pause();
        },
        resume: () => {
          receiver.resume();
        },
      };
    },
  });
}
