// End to end: an app deployed through createEngine with the built-ins, the websocket
// extensions and the json mapper: quotes arrive on a websocket-server source, the expensive
// ones go out through a websocket sink to a peer server.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as jsonMappers } from '@tributary/mapper-json';
import { describe, expect, it } from 'vitest';
import {
  connectPeer,
  freePort,
  startPeerServer,
  waitFor,
} from './websocket-harness.test-support.js';
import { extensions } from './index.js';

describe('websocket apps end to end', () => {
  it('websocket-server source → filter → websocket sink', async () => {
    const peer = await startPeerServer();
    const port = await freePort();
    const engine = createEngine({
      extensions: createRegistry(
        builtinExtensions,
        { package: '@tributary/connector-websocket', version: '0.1.0', extensions },
        { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMappers },
      ),
    });
    const created = engine.createApp(`
      @app:name('Quotes')
      @source(type='websocket-server', host='127.0.0.1', port='${String(port)}', @map(type='json'))
      define stream QuoteStream (symbol string, price double);

      @sink(type='websocket', url='${peer.url}', @map(type='json'))
      define stream Expensive (symbol string, price double);

      from QuoteStream[price > 100] select symbol, price insert into Expensive;`);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
    const app = created.app;
    const client = await (async () => {
      app.start();
      await app.whenConnected();
      return connectPeer(`ws://127.0.0.1:${String(port)}/quotes`);
    })();
    try {
      client.socket.send('{"event":{"symbol":"CHEAP","price":1.5}}');
      client.socket.send('{"event":{"symbol":"GOOG","price":120.5}}');
      await waitFor(
        () => peer.received.length === 1,
        () => JSON.stringify(peer.received),
      );
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(peer.received).toEqual(['{"event":{"symbol":"GOOG","price":120.5}}']);
    } finally {
      client.close();
      await app.shutdown();
      await peer.close();
    }
  });
});
