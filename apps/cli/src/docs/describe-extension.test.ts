// Tests of describing specs for the docs: Siddhi's syntax shapes per kind, the parameter
// table's columns, computed return types and appended attributes.

import { describe, expect, it } from 'vitest';
import {
  createRegistry,
  defineAggregator,
  defineDistributionStrategy,
  defineFunction,
  defineScript,
  defineSink,
  defineSinkMapper,
  defineSource,
  defineSourceMapper,
  defineStore,
  defineStreamProcessor,
  defineWindow,
  param,
  type Extension,
} from '@tributary/engine/extension-api';
import { describeExtension, extensionAnchor, type ExtensionDoc } from './describe-extension.js';

const notCreated = (): never => {
  throw new Error('docs never create extensions');
};
const common = {
  status: 'stable' as const,
  summary: 'S.',
  examples: [{ description: 'E.', siddhi: 'define stream S (a int);' }],
};

function doc(extension: Extension): ExtensionDoc {
  const registry = createRegistry({ package: 'p', version: '1.0.0', extensions: [extension] });
  const [entry] = registry.extensions;
  if (entry === undefined) throw new Error('not registered');
  return describeExtension(entry);
}

describe('describeExtension: annotation kinds', () => {
  it('describes a source: syntax, option types, defaults, flags and notes', () => {
    const d = doc(
      defineSource({
        ...common,
        name: 'memo',
        description: 'Longer.',
        parameters: {
          topic: param.string({ description: 'Topic.' }),
          'poll.interval': param.time({ description: 'Poll.', optional: true, default: '1 sec' }),
          mode: param.enum(['FAST', 'SAFE'], {
            description: 'Mode.',
            optional: true,
            default: 'SAFE',
          }),
          ports: param.list(param.int({ description: 'A port.' }), {
            description: 'Ports.',
            optional: true,
            separator: ';',
          }),
          password: param.string({ description: 'Secret.', optional: true, secret: true }),
        },
        transportProperties: [{ name: 'topic', description: 'The topic.' }],
        defaultMapper: 'passThrough',
        systemParameters: [
          { name: 'threads', description: 'T.', defaultValue: '1', possibleValues: ['1', '2'] },
        ],
        create: notCreated,
      }),
    );
    expect(d).toMatchObject({
      kind: 'source',
      kindLabel: 'Source',
      qualifiedName: 'memo',
      anchor: 'source-memo',
      package: 'p',
      description: 'Longer.',
      defaultMapper: 'passThrough',
      transportProperties: [{ name: 'topic', description: 'The topic.' }],
      systemParameters: [
        { name: 'threads', description: 'T.', defaultValue: '1', possibleValues: ['1', '2'] },
      ],
    });
    expect(d.syntax).toEqual([
      '@source(\n    type="memo",\n    topic="<STRING>",\n    poll.interval="<TIME>",\n    mode="<STRING>",\n' +
        '    ports="<STRING>",\n    password="<STRING>",\n    @map(...)\n)',
    ]);
    expect(d.parameters).toEqual([
      {
        name: 'topic',
        description: 'Topic.',
        types: ['STRING'],
        optional: false,
        dynamic: false,
        notes: [],
      },
      {
        name: 'poll.interval',
        description: 'Poll.',
        types: ['TIME'],
        default: '1 sec',
        optional: true,
        dynamic: false,
        notes: ["A time such as `'1 sec'`, or milliseconds."],
      },
      {
        name: 'mode',
        description: 'Mode.',
        types: ['STRING'],
        default: 'SAFE',
        optional: true,
        dynamic: false,
        notes: ['One of: `FAST`, `SAFE`.'],
      },
      {
        name: 'ports',
        description: 'Ports.',
        types: ['STRING'],
        optional: true,
        dynamic: false,
        notes: ['A list of INT separated by `;`.'],
      },
      {
        name: 'password',
        description: 'Secret.',
        types: ['STRING'],
        optional: true,
        dynamic: false,
        notes: ['Secret: never logged.'],
      },
    ]);
  });

  it('gives sinks, mappers, stores and distribution strategies their annotation shapes', () => {
    const key = { 'k.v': param.string({ description: 'K.', optional: true, dynamic: true }) };
    const shapes = [
      defineSink({ ...common, name: 'out', parameters: key, create: notCreated }),
      defineSourceMapper({ ...common, name: 'fmt', parameters: key, create: notCreated }),
      defineSinkMapper({
        ...common,
        name: 'fmt',
        parameters: key,
        contentType: 'text/plain',
        create: notCreated,
      }),
      defineStore({ ...common, name: 'kv', parameters: key, create: notCreated }),
      defineDistributionStrategy({ ...common, name: 'spread', parameters: {}, create: notCreated }),
    ].map(doc);
    expect(shapes.map((d) => d.syntax[0])).toEqual([
      '@sink(type="out", k.v="<STRING>", @map(...))',
      '@source(..., @map(type="fmt", k.v="<STRING>"))',
      '@sink(..., @map(type="fmt", k.v="<STRING>"))',
      '@store(type="kv", k.v="<STRING>")\n@PrimaryKey("PRIMARY_KEY")\n@Index("INDEX")',
      '@sink(..., @distribution(strategy="spread", @destination(...)))',
    ]);
    expect(shapes[0]?.parameters[0]?.dynamic).toBe(true);
    expect(shapes[2]?.contentType).toBe('text/plain');
  });

  it('shows a script as a function definition in its language', () => {
    const d = doc(
      defineScript({ ...common, name: 'js', language: 'javascript', create: notCreated }),
    );
    expect(d.qualifiedName).toBe('javascript');
    expect(d.syntax).toEqual([
      'define function <FunctionName>[javascript] return <type> {\n    <function body>\n};',
    ]);
  });
});

describe('describeExtension: call kinds', () => {
  it('computes a rule-typed function result over its parameter types, one line per form', () => {
    const d = doc(
      defineFunction({
        ...common,
        name: 'pick',
        namespace: 'my',
        parameters: [
          { name: 'value', types: ['int', 'double'], description: 'V.' },
          { name: 'scale', types: ['int'], constant: true, optional: true, min: 1 },
        ],
        returnType: (args) => (args[0]?.type === 'int' ? 'long' : 'double'),
        returnDescription: 'The pick.',
        create: notCreated,
      }),
    );
    expect(d.syntax).toEqual([
      '<LONG|DOUBLE> my:pick(<INT|DOUBLE> value)',
      '<LONG|DOUBLE> my:pick(<INT|DOUBLE> value, <INT> scale)',
    ]);
    expect(d.returns).toEqual({ types: ['LONG', 'DOUBLE'], description: 'The pick.' });
    expect(d.parameters).toEqual([
      {
        name: 'value',
        description: 'V.',
        types: ['INT', 'DOUBLE'],
        optional: false,
        dynamic: true,
        notes: [],
      },
      {
        name: 'scale',
        description: '',
        types: ['INT'],
        optional: true,
        dynamic: false,
        notes: ['At least 1.'],
      },
    ]);
  });

  it('reads constants with listed values when a rule depends on them', () => {
    const d = doc(
      defineFunction({
        ...common,
        name: 'as',
        parameters: [
          { name: 'v', types: ['object'] },
          { name: 'to', types: ['string'], constant: true, allowedValues: ['int', 'string'] },
        ],
        returnType: (args) =>
          args[1]?.value === 'int'
            ? 'int'
            : args[1]?.value === 'string'
              ? 'string'
              : { error: '?' },
        create: notCreated,
      }),
    );
    expect(d.syntax).toEqual(['<STRING|INT> as(<OBJECT> v, <STRING> to)']);
    expect(d.parameters[1]?.notes).toEqual(['One of: `int`, `string`.']);
  });

  it('writes overloads with repetition and marks parameters not in every overload optional', () => {
    const d = doc(
      defineAggregator({
        ...common,
        name: 'top',
        parameters: [
          { name: 'arg', types: ['int'] },
          { name: 'k', types: ['int'], constant: true },
        ],
        overloads: [['arg'], ['k', 'arg', '...']],
        returnType: 'int',
        create: notCreated,
      }),
    );
    expect(d.syntax).toEqual(['<INT> top(<INT> arg)', '<INT> top(<INT> k, <INT> arg, <INT> ...)']);
    expect(d.parameters.map((p) => [p.name, p.optional, p.notes])).toEqual([
      ['arg', false, ['May repeat.']],
      ['k', true, []],
    ]);
  });

  it('prefixes windows and stream processors; lists appended attributes', () => {
    const window = doc(
      defineWindow({
        ...common,
        name: 'last',
        namespace: 'my',
        parameters: [{ name: 'n', types: ['int'], constant: true }],
        create: notCreated,
      }),
    );
    expect(window.syntax).toEqual(['#window.my:last(<INT> n)']);
    expect(window.appends).toBeUndefined();
    const fixed = doc(
      defineStreamProcessor({
        ...common,
        name: 'mark',
        parameters: [],
        appends: [{ name: 'seen', type: 'bool' }],
        create: notCreated,
      }),
    );
    expect(fixed.syntax).toEqual(['#mark()']);
    expect(fixed.appends).toEqual([{ name: 'seen', type: 'BOOL' }]);
    const dynamic = doc(
      defineStreamProcessor({
        ...common,
        name: 'spread',
        parameters: [],
        appends: () => [],
        create: notCreated,
      }),
    );
    expect(dynamic.appends).toBe('dynamic');
  });
});

describe('extensionAnchor', () => {
  it('is lower case and safe for ids', () => {
    expect(extensionAnchor('function', 'str', 'concat')).toBe('function-str-concat');
    expect(extensionAnchor('sink', '', 'http-call')).toBe('sink-http-call');
    expect(extensionAnchor('streamProcessor', '', 'UUID')).toBe('streamprocessor-uuid');
  });
});
