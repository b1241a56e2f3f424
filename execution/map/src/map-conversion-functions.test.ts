// Tests of map:createFromJSON, map:createFromXML, map:toJSON and map:toXML.

import type { Extension } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import {
  createFromJSONFunction,
  createFromXMLFunction,
  toJSONFunction,
  toXMLFunction,
} from './map-conversion-functions.js';

const ctx = { clock: { now: () => 0 }, functions: { resolve: () => undefined } };

function call(extension: Extension, args: unknown[], constants: unknown[] = []): unknown {
  if (extension.kind !== 'function') throw new Error('not a function');
  const instance = extension.spec.create(
    args.map((_a, i) =>
      i < constants.length && constants[i] !== undefined
        ? { type: 'string' as const, constant: true, value: constants[i] }
        : { type: 'object' as const, constant: false },
    ),
    ctx,
  );
  if (instance.call === undefined) throw new Error('no call');
  return instance.call(args);
}

describe('map:createFromJSON', () => {
  it('creates nested maps from a (permissive) JSON object', () => {
    expect(
      call(createFromJSONFunction, ["{'symbol' : 'IBM', 'price' : 200, 'd': {'a': [1]}}"]),
    ).toEqual(
      new Map<unknown, unknown>([
        ['symbol', 'IBM'],
        ['price', 200],
        ['d', new Map([['a', [1]]])],
      ]),
    );
  });

  it('fails the event for text that is not a JSON object', () => {
    expect(() => call(createFromJSONFunction, ['[1, 2]'])).toThrow(/not a JSON object/);
    expect(() => call(createFromJSONFunction, ['{"a":'])).toThrow(/not valid JSON/);
    expect(() => call(createFromJSONFunction, [5])).toThrow(/should be a string/);
  });
});

describe('map:createFromXML', () => {
  it("maps the root element's children, typing their text", () => {
    const xml =
      '<?xml version="1.0"?><stock>\n  <symbol>IBM</symbol>\n  <price>200.5</price>\n' +
      '  <volume>100</volume><listed>true</listed><note/><d><a>1</a><a>2</a></d></stock>';
    expect(call(createFromXMLFunction, [xml])).toEqual(
      new Map<unknown, unknown>([
        ['symbol', 'IBM'],
        ['price', 200.5],
        ['volume', 100],
        ['listed', true],
        ['note', ''],
        ['d', new Map([['a', 2]])],
      ]),
    );
  });

  it('fails the event for malformed XML', () => {
    expect(() => call(createFromXMLFunction, ['<a><b></a>'])).toThrow(/cannot be parsed to xml/);
    expect(() => call(createFromXMLFunction, ['hello'])).toThrow(/cannot be parsed|no root/);
  });
});

describe('map:toJSON and map:toXML', () => {
  const company = new Map<unknown, unknown>([
    ['symbol', 'wso2'],
    ['volume', 100],
    ['info', new Map([['ceo', 'a & b']])],
  ]);

  it('writes JSON with nested maps as objects', () => {
    expect(call(toJSONFunction, [company])).toBe(
      '{"symbol":"wso2","volume":100,"info":{"ceo":"a & b"}}',
    );
  });

  it('writes XML elements, optionally in a root element', () => {
    expect(call(toXMLFunction, [company])).toBe(
      '<symbol>wso2</symbol><volume>100</volume><info><ceo>a &amp; b</ceo></info>',
    );
    expect(
      call(toXMLFunction, [new Map([['a', null]]), 'abcCompany'], [undefined, 'abcCompany']),
    ).toBe('<abcCompany><a></a></abcCompany>');
  });

  it('round-trips through createFromXML', () => {
    const xml = call(toXMLFunction, [company, 'root'], [undefined, 'root']) as string;
    expect(call(createFromXMLFunction, [xml])).toEqual(
      new Map<unknown, unknown>([
        ['symbol', 'wso2'],
        ['volume', 100],
        ['info', new Map([['ceo', 'a & b']])],
      ]),
    );
  });
});
