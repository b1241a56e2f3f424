// Tests of the structural check of a plugin's exported extension list.

import { describe, expect, it } from 'vitest';
import { defineSink, param } from '@tributary/engine/extension-api';
import { checkExtensionList, kindsOf } from './check-extensions.js';
import { greetFunction } from './test-plugins.js';

function problems(value: unknown): readonly string[] {
  const checked = checkExtensionList(value);
  return checked.ok ? [] : checked.problems;
}

describe('checkExtensionList', () => {
  it('accepts lists made with the define* functions', () => {
    const sink = defineSink({
      name: 'memo',
      status: 'beta',
      summary: 'Keeps events.',
      parameters: { topic: param.string({ description: 'Where.' }) },
      examples: [
        { description: 'x', siddhi: "@sink(type='memo', topic='t') define stream S (a int);" },
      ],
      create: () => ({
        connect: () => Promise.resolve(),
        disconnect: () => Promise.resolve(),
        publish: () => undefined,
      }),
    });
    const list = [greetFunction(), sink];
    expect(checkExtensionList(list)).toEqual({ ok: true, extensions: list });
    expect(kindsOf(list)).toEqual(['sink', 'function']);
  });

  it('refuses what is not a list', () => {
    expect(problems({ greet: greetFunction() })).toEqual([
      'the export is not a list of extensions',
    ]);
  });

  it('reports every problem with the extension it belongs to', () => {
    const good = greetFunction();
    const bad = {
      kind: 'function',
      spec: {
        ...good.spec,
        namespace: 'x',
        summary: ' ',
        examples: [],
        returnType: 'text',
        create: 1,
      },
    };
    expect(problems([{ kind: 'gadget', spec: {} }, bad, good, good])).toEqual([
      "entry 1 is not an extension (kind 'gadget')",
      "function 'x:greet': summary is empty",
      "function 'x:greet': create is not a function",
      "function 'x:greet': has no examples",
      "function 'x:greet': returnType must be an attribute type or a rule, found 'text'",
      "function 'hello:greet' is listed twice",
    ]);
  });

  it('checks option parameters and call parameters by shape', () => {
    const base = {
      name: 'n',
      status: 'stable',
      summary: 's',
      create: () => undefined,
      examples: [{ description: '', siddhi: 'x' }],
    };
    expect(
      problems([
        {
          kind: 'source',
          spec: {
            ...base,
            parameters: {
              a: { type: 'uuid', description: 'd', optional: false, dynamic: false },
              b: 'str',
            },
          },
        },
        {
          kind: 'window',
          spec: {
            ...base,
            parameters: [{ name: 'w', types: ['int', 'decimal'] }],
            overloads: [['w', 'z']],
          },
        },
        { kind: 'streamProcessor', spec: { ...base, parameters: [] } },
        { kind: 'script', spec: { ...base } },
      ]),
    ).toEqual([
      "source 'n': option 'a' has an unknown type 'uuid'",
      "source 'n': option 'b' is not a parameter (use param.string(…) and the like)",
      "window 'n': parameter 'w' has an unknown type 'decimal'",
      "window 'n': an overload names an unknown parameter 'z'",
      "streamProcessor 'n': appends must list the attributes it adds (or compute them)",
      "script 'n': a script spec names its language",
    ]);
  });
});
