// End to end: two apps deployed through createEngine with the built-ins, the tcp extensions and
// the binary mapper — one forwards the expensive quotes over TCP to the other.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as binaryMappers } from '@tributary/mapper-binary';
import { describe, expect, it } from 'vitest';
import { freePort, waitFor } from './tcp-harness.test-support.js';
import { extensions } from './index.js';

describe('tcp apps end to end', () => {
  it('Forwarder[price > 100] → tcp → Receiver', async () => {
    const port = await freePort();
    const engine = createEngine({
      extensions: createRegistry(
        builtinExtensions,
        { package: '@tributary/connector-tcp', version: '0.1.0', extensions },
        { package: '@tributary/mapper-binary', version: '0.1.0', extensions: binaryMappers },
      ),
    });
    const receiver = engine.createApp(`
      @app:name('Receiver')
      @source(type='tcp', host='127.0.0.1', port='${String(port)}', context='quotes')
      define stream Quotes (symbol string, price double, volume long);`);
    const forwarder = engine.createApp(`
      @app:name('Forwarder')
      define stream In (symbol string, price double, volume long);
      @sink(type='tcp', url='tcp://127.0.0.1:${String(port)}/quotes', sync='true')
      define stream Expensive (symbol string, price double, volume long);
      from In[price > 100] select * insert into Expensive;`);
    if (!receiver.ok || !forwarder.ok) throw new Error('the apps cannot be created');
    const rows: unknown[][] = [];
    receiver.app.onStream('Quotes', (events) => {
      for (const e of events) rows.push(e.data);
    });
    try {
      receiver.app.start();
      await receiver.app.whenConnected();
      forwarder.app.start();
      await forwarder.app.whenConnected();
      forwarder.app.input('In').sendBatch([
        ['CHEAP', 1.5, 10],
        ['GOOG', 120.5, 20],
        ['AMZN', 150.25, 30],
      ]);
      await forwarder.app.idle();
      await waitFor(
        () => rows.length === 2,
        () => JSON.stringify(rows),
      );
      expect(rows).toEqual([
        ['GOOG', 120.5, 20],
        ['AMZN', 150.25, 30],
      ]);
    } finally {
      await forwarder.app.shutdown();
      await receiver.app.shutdown();
    }
  });
});
