// createRegistry: duplicates, spec validation, lookups and the catalog derived from the specs.

import { describe, expect, it } from 'vitest';
import { builtinExtensions } from '../builtins/extensions.js';
import { compile } from '../compiler/compile.js';
import { catalogOf } from '../builtins/catalog/index.js';
import {
  defineFunction,
  defineSource,
  defineWindow,
  type Extension,
  type FunctionSpec,
} from './define.js';
import { param } from './param.js';
import { createRegistry, DuplicateExtensionError, InvalidExtensionError } from './registry.js';
import type { ExtensionList } from './registry-types.js';

const example = [{ description: 'e', siddhi: 'define stream S (a string);' }];

const upper: FunctionSpec = {
  name: 'upper',
  namespace: 'str',
  status: 'stable',
  summary: 'Upper case.',
  parameters: [{ name: 'input.string', types: ['string'] }],
  returnType: 'string',
  examples: example,
  create: () => ({ type: 'string', call: (a) => String(a[0]).toUpperCase() }),
};

const sourceSpec = {
  name: 'kafka',
  status: 'stable' as const,
  summary: 'Kafka.',
  parameters: {
    'topic.list': param.string({ description: 'topics' }),
    'poll.interval': param.time({ description: 'poll', optional: true, default: '1 sec' }),
  },
  examples: example,
  create: () => ({ connect: () => Promise.resolve(), disconnect: () => Promise.resolve() }),
};
const source = defineSource(sourceSpec);

const list = (pkg: string, ...extensions: Extension[]): ExtensionList => ({
  package: pkg,
  version: '1.0.0',
  extensions,
});

describe('createRegistry', () => {
  it('finds extensions: names of call kinds by case, io names and namespaces without', () => {
    const r = createRegistry(list('p', defineFunction(upper), source));
    expect(r.find('function', 'STR', 'upper')?.summary).toBe('Upper case.');
    expect(r.find('function', 'str', 'Upper')).toBeUndefined();
    expect(r.find('source', '', 'Kafka')?.name).toBe('kafka');
    expect(r.entry('source', '', 'kafka')?.package).toBe('p');
    expect(
      r.functions
        .resolve('str', 'upper')
        ?.create([], { clock: { now: () => 0 }, functions: r.functions }).type,
    ).toBe('string');
  });

  it('rejects duplicates naming both packages, io names compared without case', () => {
    expect(() => createRegistry(list('a', source), list('b', { ...source }))).toThrow(
      DuplicateExtensionError,
    );
    const renamed = defineSource({ ...sourceSpec, name: 'KAFKA' });
    expect(() => createRegistry(list('a', source), list('b', renamed))).toThrow(
      "source 'kafka' is registered twice: by 'a' and by 'b'",
    );
    const clash = createRegistry(list('a', defineFunction(upper)));
    try {
      clash.with(list('b', defineFunction(upper)));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DuplicateExtensionError);
      expect((error as DuplicateExtensionError).code).toBe('E_DUPLICATE_EXTENSION');
    }
    // different kinds or different name case of a function do not clash
    expect(
      createRegistry(list('a', defineFunction(upper), defineFunction({ ...upper, name: 'Upper' })))
        .extensions,
    ).toHaveLength(2);
  });

  it('validates specs, naming the package and the extension', () => {
    const bad = defineFunction({
      ...upper,
      summary: ' ',
      examples: [],
      parameters: [{ name: 'Bad Name', types: [] }],
    });
    try {
      createRegistry(list('acme', bad));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidExtensionError);
      const message = (error as Error).message;
      expect(message).toContain("function 'str:upper' in 'acme'");
      expect(message).toContain('the summary is empty');
      expect(message).toContain('at least one example');
      expect(message).toContain("parameter 'Bad Name'");
      expect(message).toContain("parameter 'Bad Name' has no type");
    }
    const badOption = defineSource({
      ...sourceSpec,
      parameters: {
        Topic_List: param.string({ description: 'x' }),
        'poll.interval': param.time({ description: 'p', optional: true, default: 'soon' }),
      },
    });
    expect(() => createRegistry(list('acme', badOption))).toThrow(
      /option key 'Topic_List'.*default of option 'poll.interval'/,
    );
    const badOverload = defineFunction({ ...upper, overloads: [['...'], ['nope']] });
    expect(() => createRegistry(list('acme', badOverload))).toThrow(
      /starts with '\.\.\.'.*unknown parameter 'nope'/,
    );
    // camelCase option segments are allowed (partitionKey)
    expect(() =>
      createRegistry(
        list(
          'a',
          defineSource({
            ...sourceSpec,
            parameters: { partitionKey: param.string({ description: 'k' }) },
          }),
        ),
      ),
    ).not.toThrow();
  });

  it('derives catalog overloads from parameter names, ... repeating the previous one', () => {
    const concat = defineFunction({
      ...upper,
      name: 'concat',
      parameters: [
        { name: 'arg', types: ['string'] },
        { name: 'separator', types: ['string'], optional: true },
      ],
      overloads: [
        ['arg', '...'],
        ['separator', 'arg', '...'],
      ],
    });
    const r = createRegistry(list('p', concat, defineFunction(upper), source));
    const spec = r.catalog.resolve('function', 'str', 'concat');
    expect(
      spec?.overloads.map((o) =>
        o.parameters.map((p) => [p.name, p.repeatable === true, p.optional === true]),
      ),
    ).toEqual([
      [['arg', true, false]],
      [
        ['separator', false, false],
        ['arg', true, false],
      ],
    ]);
    expect(r.catalog.resolve('function', 'str', 'upper')?.overloads[0]?.parameters).toHaveLength(1);
    expect(
      r.catalog
        .resolve('source', '', 'KAFKA')
        ?.parameters?.map((p) => [p.name, p.optional === true]),
    ).toEqual([
      ['topic.list', false],
      ['poll.interval', true],
    ]);
    expect(r.catalog.list('source')).toHaveLength(1);
  });

  it('compiles apps calling plugin functions through its catalog', () => {
    const r = createRegistry(builtinExtensions, list('p', defineFunction(upper)));
    const ok = compile(
      'define stream S (a string); from S select str:upper(a) as b insert into O;',
      { catalog: catalogOf(r) },
    );
    expect(ok.diagnostics).toEqual([]);
    const bad = compile('define stream S (a int); from S select str:upper(a) as b insert into O;', {
      catalog: catalogOf(r),
    });
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['E_ARGUMENT_TYPE']);
  });

  it('offers windows and aggregators of the built-ins', () => {
    const r = createRegistry(builtinExtensions);
    expect(r.windows.find('', 'length')?.name).toBe('length');
    expect(r.aggregators.get('', 'sum')?.create(['int']).returnType).toBe('long');
    expect(r.find('streamFunction', '', 'pol2Cart')?.summary).toContain('Cartesian');
    expect(
      createRegistry(
        list(
          'w',
          defineWindow({
            name: 'w',
            status: 'beta',
            summary: 's',
            parameters: [],
            examples: example,
            create: () => {
              throw new Error('unused');
            },
          }),
        ),
      ).windows.find('', 'w'),
    ).toBeDefined();
  });

  it('compiles every example of every built-in', () => {
    const catalog = catalogOf(createRegistry(builtinExtensions));
    for (const extension of builtinExtensions.extensions) {
      for (const ex of extension.spec.examples) {
        const result = compile(ex.siddhi, { catalog });
        expect(result.diagnostics, `${extension.spec.name}: ${ex.siddhi}`).toEqual([]);
      }
    }
  });
});
