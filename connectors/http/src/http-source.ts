// The `http` source: listens on `receiver.url` and turns each POST body into events through
// the source mapper, answering 200 only once the events were processed and the sinks they
// reached acknowledged (at-least-once for callers that retry on failure).

import {
  defineSource,
  type Extension,
  type SourceConnection,
  type SourceContext,
} from '@tributary/engine/extension-api';
import type { HttpListeners } from './http-listeners.js';
import {
  answer,
  HttpReceiver,
  receiverParameters,
  type Authenticator,
  type ReceiverOptions,
} from './http-receiver.js';
import { REQUEST_PROPERTIES } from './request-transport.js';

/** What the listening sources of one extension set share. */
export interface ReceiverDeps {
  readonly listeners: HttpListeners;
  readonly authenticate: Authenticator | undefined;
}

/** `source 'http' of stream 'S' in app 'A'`. */
export function describeSource(ctx: SourceContext<unknown>, type: string): string {
  return `source '${type}' of stream '${ctx.streamId}' in app '${ctx.appName}'`;
}

function httpSourceConnection(
  ctx: SourceContext<ReceiverOptions>,
  deps: ReceiverDeps,
): SourceConnection {
  const receiver = new HttpReceiver({
    ctx,
    where: describeSource(ctx, 'http'),
    listeners: deps.listeners,
    authenticate: deps.authenticate,
    process: async ({ payload, transport, res }) => {
      await ctx.emit(payload, transport);
      answer(res, 200);
    },
  });
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
}

/**
 * The `http` source of an extension set.
 * @example
 * const source = httpSource({ listeners: new HttpListeners(), authenticate: undefined });
 */
export function httpSource(deps: ReceiverDeps): Extension {
  return defineSource({
    name: 'http',
    status: 'stable',
    summary: 'Receives events as HTTP POST requests on `receiver.url`.',
    description:
      'Each POST body becomes events through the source mapper (`json`, `xml`, `text`…). ' +
      'The caller gets 200 once the events were processed and every sink they reached ' +
      'acknowledged, 405 for other methods and empty bodies, 401 when `basic.auth.enabled` ' +
      'and the credentials are missing or wrong, 503 when the app stopped, and 404 for paths ' +
      'no source listens on. Request headers are transport properties (`trp:Content-Type`), ' +
      'as are `HTTP_METHOD`, `TO`, `REMOTE_ADDRESS` and query parameters (`trp:_id`). While ' +
      'the app is paused, requests wait.',
    parameters: receiverParameters,
    transportProperties: REQUEST_PROPERTIES,
    examples: [
      {
        description:
          'Listens on http://0.0.0.0:9763/StockProcessor/StockStream (the default URL) for JSON like {"event":{"symbol":"FB","price":24.5,"volume":5000}}.',
        siddhi:
          "@app:name('StockProcessor')\n" +
          "@source(type='http', @map(type='json'))\n" +
          'define stream StockStream (symbol string, price float, volume long);',
      },
      {
        description:
          'Listens on port 8006 with basic authentication, reading the caller from a header.',
        siddhi:
          "@source(type='http', receiver.url='http://0.0.0.0:8006/orders', basic.auth.enabled='true',\n" +
          "        @map(type='json', @attributes(id='$.id', amount='$.amount', client='trp:X-Client')))\n" +
          'define stream OrderStream (id string, amount double, client string);',
      },
    ],
    create: (ctx) => httpSourceConnection(ctx, deps),
  });
}
