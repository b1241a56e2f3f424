// Siddhi's default gRPC contract, `EventService`, as Micro Integrator's gRPC inbound endpoint
// and SI serve it: `process(Event) returns Event`, `consume(Event) returns Empty`, with
// `Event { string payload = 1; map<string,string> headers = 2; }`, both unary on the wire.

import { fromJSON } from '@grpc/proto-loader';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';

/** One `Event` message: the mapped text and its headers (`sequence`, `Content-Type`, …). */
export interface GrpcEvent {
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The two methods of the service. */
export type EventServiceMethod = 'process' | 'consume';

/**
 * The service name on the wire. MI's and SI's generated stubs both use
 * `eventservice.EventService`; apps name the service `org.wso2.grpc.EventService` in their URLs
 * (the name Siddhi recognises as "default mode"). Clients call the wire name; servers answer
 * under both names so either kind of client reaches them.
 */
export const EVENT_SERVICE_WIRE_NAME = 'eventservice.EventService';

/** The fully qualified name apps write in `publisher.url`/`receiver.url`. */
export const EVENT_SERVICE_URL_NAME = 'org.wso2.grpc.EventService';

type Descriptor = Parameters<typeof fromJSON>[0];

const eventMethods = (eventType: string) => ({
  methods: {
    process: { requestType: eventType, responseType: eventType },
    consume: { requestType: eventType, responseType: '.google.protobuf.Empty' },
  },
});

/** The proto as protobufjs JSON: no .proto file to ship or locate at run time. */
const DESCRIPTOR = {
  nested: {
    eventservice: {
      nested: {
        Event: {
          fields: {
            payload: { type: 'string', id: 1 },
            headers: { keyType: 'string', type: 'string', id: 2 },
          },
        },
        EventService: eventMethods('.eventservice.Event'),
      },
    },
    org: {
      nested: {
        wso2: {
          nested: { grpc: { nested: { EventService: eventMethods('.eventservice.Event') } } },
        },
      },
    },
    google: { nested: { protobuf: { nested: { Empty: { fields: {} } } } } },
  },
};

// protobufjs types nested entries as a union its own JSON (map fields, services) does not
// narrow to; the shape is protobufjs's documented JSON format.
const definition = fromJSON(DESCRIPTOR as unknown as Descriptor, {
  keepCase: true,
  defaults: true,
});

/** The method definitions of one service name (serializers included). */
export type EventServiceDefinition = ServiceDefinition & {
  readonly process: MethodDefinition<GrpcEvent, GrpcEvent>;
  readonly consume: MethodDefinition<GrpcEvent, Record<string, never>>;
};

function serviceDefinition(name: string): EventServiceDefinition {
  const found = definition[name];
  if (found === undefined || !('process' in found)) {
    throw new Error(`the EventService descriptor lacks the service '${name}'`);
  }
  return found as unknown as EventServiceDefinition;
}

/** `eventservice.EventService`: what clients call. */
export const eventServiceDefinition: EventServiceDefinition =
  serviceDefinition(EVENT_SERVICE_WIRE_NAME);

/** `org.wso2.grpc.EventService`: served too, for clients that take the URL's name literally. */
export const eventServiceAliasDefinition: EventServiceDefinition =
  serviceDefinition(EVENT_SERVICE_URL_NAME);

/**
 * The wire path of a method (`/eventservice.EventService/process`).
 * @example
 * eventServicePath('consume'); // '/eventservice.EventService/consume'
 */
export function eventServicePath(method: EventServiceMethod): string {
  return eventServiceDefinition[method].path;
}

/**
 * A decoded `Event` as plain data (proto-loader gives `headers` as an object; a missing map is
 * empty, a missing payload '').
 * @example
 * toGrpcEvent({ payload: 'x' }); // { payload: 'x', headers: {} }
 */
export function toGrpcEvent(message: unknown): GrpcEvent {
  const value = (typeof message === 'object' && message !== null ? message : {}) as {
    payload?: unknown;
    headers?: unknown;
  };
  const headers: Record<string, string> = {};
  if (typeof value.headers === 'object' && value.headers !== null) {
    for (const [k, v] of Object.entries(value.headers)) {
      if (typeof v === 'string') headers[k] = v;
    }
  }
  return { payload: typeof value.payload === 'string' ? value.payload : '', headers };
}
