// Unit tests of the extension catalog and the built-in descriptions.

import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../builtins/catalog/index.js';
import { composeCatalogs, createCatalog, type ExtensionSpec } from './extension-catalog.js';

const custom: ExtensionSpec = {
  kind: 'function',
  namespace: 'str',
  name: 'length',
  summary: 'String length.',
  overloads: [{ parameters: [{ name: 'input.string', types: ['string'] }] }],
  returnType: 'int',
};

describe('extension catalog', () => {
  it('resolves built-ins by kind, namespace and name', () => {
    expect(builtinCatalog.resolve('window', '', 'length')?.overloads).toHaveLength(1);
    expect(builtinCatalog.resolve('aggregator', '', 'sum')?.kind).toBe('aggregator');
    expect(builtinCatalog.resolve('function', '', 'sum')).toBeUndefined();
    expect(builtinCatalog.resolve('streamFunction', '', 'pol2Cart')?.name).toBe('pol2Cart');
  });
  it('computes return types from arguments', () => {
    const sum = builtinCatalog.resolve('aggregator', '', 'sum')?.returnType;
    if (typeof sum !== 'function') throw new Error('expected a computed return type');
    expect(sum([{ type: 'int', constant: false, attribute: true }])).toBe('long');
    expect(sum([{ type: 'float', constant: false, attribute: true }])).toBe('double');
  });
  it('composes catalogs, earlier ones first', () => {
    const plugin = createCatalog([custom]);
    const both = composeCatalogs(plugin, builtinCatalog);
    expect(both.resolve('function', 'STR', 'length')).toBe(custom);
    expect(both.resolve('window', '', 'time')).toBeDefined();
    expect(both.list('function').length).toBe(builtinCatalog.list('function').length + 1);
  });
  it('describes every Siddhi core window, function and aggregator', () => {
    const names = (kind: Parameters<typeof builtinCatalog.list>[0]): string[] =>
      builtinCatalog.list(kind).map((s) => s.name);
    expect(names('window')).toEqual(
      expect.arrayContaining([
        'length',
        'lengthBatch',
        'time',
        'timeBatch',
        'timeLength',
        'externalTime',
        'externalTimeBatch',
        'batch',
        'cron',
        'delay',
        'session',
        'sort',
        'frequent',
        'lossyFrequent',
        'expression',
        'expressionBatch',
      ]),
    );
    expect(names('aggregator')).toEqual(
      expect.arrayContaining([
        'sum',
        'count',
        'avg',
        'min',
        'max',
        'minForever',
        'maxForever',
        'stdDev',
        'distinctCount',
        'and',
        'or',
        'unionSet',
      ]),
    );
    expect(names('function')).toHaveLength(18);
  });
});
