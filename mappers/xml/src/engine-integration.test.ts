// The xml mappers inside a running app: inMemory messages in through the source mapper, out
// through the sink mapper; a malformed message (a billion-laughs one included) and a bad event
// of a batch land in the error store with their raw text, and the rest goes on.

import { inMemoryBroker } from '@tributary/engine';
import { startIoApp } from '@tributary/engine/testing';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';

const APP = `
@source(type='inMemory', topic='xml-it-in', @map(type='xml'))
define stream S (symbol string, price double, volume long);
@sink(type='inMemory', topic='xml-it-out', @map(type='xml', enclosing.element='<batch>'))
define stream O (symbol string, price double, volume long);
@source(type='inMemory', topic='xml-it-custom', @map(type='xml', namespaces='p=urn:p',
  enclosing.element='//p:stock', enclosing.element.as.event='true',
  @attributes(symbol='@symbol', price='p:price', volume='p:volume')))
define stream C (symbol string, price double, volume long);
from S select * insert into O;
`;

const LAUGHS =
  '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
  '<events><event><symbol>&b;</symbol></event></events>';

describe('xml mappers in an app', () => {
  it('maps messages in and out, and stores what cannot be mapped', async () => {
    const run = startIoApp(APP, { extensions });
    const received = run.collect('S');
    const custom = run.collect('C');
    const out: unknown[] = [];
    const unsubscribe = inMemoryBroker.subscribe('xml-it-out', (message) => {
      out.push(message);
    });
    await run.app.whenConnected();

    await inMemoryBroker.publish(
      'xml-it-in',
      '<events><event><symbol>IBM</symbol><price>75.5</price><volume>100</volume></event>' +
        '<event><symbol>X</symbol><price>bad</price><volume>1</volume></event></events>',
    );
    await inMemoryBroker.publish('xml-it-in', LAUGHS);
    await inMemoryBroker.publish(
      'xml-it-custom',
      '<m xmlns:p="urn:p"><p:stock symbol="WSO2"><p:price>55.5</p:price><p:volume>7</p:volume></p:stock></m>',
    );

    expect(received).toEqual([['IBM', 75.5, 100]]);
    expect(custom).toEqual([['WSO2', 55.5, 7]]);
    expect(out).toEqual([
      '<batch><event><symbol>IBM</symbol><price>75.5</price><volume>100</volume></event></batch>',
    ]);
    const entries = (await run.app.errors?.list()) ?? [];
    expect(entries.map((e) => [e.occurrence, e.errorType, e.payload])).toEqual([
      [
        'BEFORE_SOURCE_MAPPING',
        'MAPPING',
        '<event><symbol>X</symbol><price>bad</price><volume>1</volume></event>',
      ],
      ['BEFORE_SOURCE_MAPPING', 'MAPPING', LAUGHS],
    ]);
    expect(entries[0]?.cause).toContain("attribute 'price' expects double");
    expect(entries[1]?.cause).toContain('a DOCTYPE is not accepted');
    unsubscribe();
    await run.app.shutdown();
  });
});
