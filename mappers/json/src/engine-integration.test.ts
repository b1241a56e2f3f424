// The json mappers inside a running app: inMemory messages in through the source mapper, out
// through the sink mapper; a bad message and a bad event of a batch land in the error store
// with their raw text, and the rest of the batch goes on.

import { inMemoryBroker } from '@tributary/engine';
import { startIoApp } from '@tributary/engine/testing';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';

const APP = `
@source(type='inMemory', topic='json-it-in', @map(type='json'))
define stream S (symbol string, price double, volume long);
@sink(type='inMemory', topic='json-it-out', @map(type='json', enclosing.element='$.batch'))
define stream O (symbol string, price double, volume long);
@source(type='inMemory', topic='json-it-custom', @map(type='json', enclosing.element='$.portfolio',
  @attributes(symbol='stock.symbol', price='stock.price', volume='volume')))
define stream C (symbol string, price double, volume long);
from S select * insert into O;
`;

describe('json mappers in an app', () => {
  it('maps messages in and out, and stores what cannot be mapped', async () => {
    const run = startIoApp(APP, { extensions });
    const received = run.collect('S');
    const custom = run.collect('C');
    const out: unknown[] = [];
    const unsubscribe = inMemoryBroker.subscribe('json-it-out', (message) => {
      out.push(message);
    });
    await run.app.whenConnected();

    await inMemoryBroker.publish(
      'json-it-in',
      '[{"event":{"symbol":"IBM","price":75.5,"volume":100}},{"symbol":"X","price":"bad","volume":1}]',
    );
    await inMemoryBroker.publish('json-it-in', '{"event":');
    await inMemoryBroker.publish(
      'json-it-custom',
      '{"portfolio":[{"stock":{"symbol":"WSO2","price":55.5},"volume":7}]}',
    );

    expect(received).toEqual([['IBM', 75.5, 100]]);
    expect(custom).toEqual([['WSO2', 55.5, 7]]);
    expect(out).toEqual(['{"batch":{"event":{"symbol":"IBM","price":75.5,"volume":100}}}']);
    const entries = (await run.app.errors?.list()) ?? [];
    expect(entries.map((e) => [e.occurrence, e.errorType, e.payload])).toEqual([
      ['BEFORE_SOURCE_MAPPING', 'MAPPING', '{"symbol":"X","price":"bad","volume":1}'],
      ['BEFORE_SOURCE_MAPPING', 'MAPPING', '{"event":'],
    ]);
    expect(entries[0]?.cause).toContain("attribute 'price' expects double");
    expect(entries[1]?.cause).toContain('malformed JSON');
    unsubscribe();
    await run.app.shutdown();
  });
});
