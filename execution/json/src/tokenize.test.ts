// Tests of #json:tokenize and #json:tokenizeAsObject: one event per selected element, strings
// passed as they are, the fail.on.missing.attribute flag.

import { NO_SPAN, silentLogger, VirtualClock, type StreamEvent } from '@tributary/engine';
import type { Extension, WindowArgument } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { tokenizeAsObjectProcessor, tokenizeProcessor, tokensOf } from './tokenize.js';

const attribute = (index: number): WindowArgument => ({
  expression: { kind: 'variable', span: NO_SPAN, attribute: `a${String(index)}` },
  type: 'string',
  constant: false,
  evaluate: (e) => e.data[index] ?? null,
});

const constant = (value: boolean): WindowArgument => ({
  expression: { kind: 'constant', span: NO_SPAN, type: 'bool', value },
  type: 'bool',
  constant: true,
  value,
  evaluate: () => value,
});

/** Runs the processor over rows [json, path] and returns the appended values. */
function run(extension: Extension, rows: unknown[][], fail?: boolean): unknown[] {
  if (extension.kind !== 'streamFunction') throw new Error('not a stream function');
  const clock = new VirtualClock(0);
  const args = [attribute(0), attribute(1), ...(fail === undefined ? [] : [constant(fail)])];
  const instance = extension.spec.create(args, {
    clock,
    scheduler: clock,
    scheduleTimer: () => () => undefined,
    attributes: [],
    scope: {
      resolve: () => {
        throw new Error('no scope');
      },
      timestamp: (e) => e.timestamp,
    },
    functions: { clock, functions: { resolve: () => undefined } },
    expiredEventsWanted: false,
    logger: silentLogger,
    owner: 'test',
    span: NO_SPAN,
  });
  const out: unknown[] = [];
  instance.next = { process: (chunk: StreamEvent[]) => out.push(...chunk.map((e) => e.data[2])) };
  instance.process(rows.map((data) => ({ timestamp: 0, type: 'current' as const, data })));
  return out;
}

const EMP =
  '{emp:[{"name":"John", foo:{fooName:"fooName"}, bar:[{barName:"b1"},{barName:"b2"}]},' +
  '{"name":"Peter", foo:{fooName:"fooName2"}, bar:[{barName:"b3"}]}], age: 25}';

describe('#json:tokenize', () => {
  it('emits strings as they are, objects and array elements as JSON text', () => {
    expect(
      run(tokenizeProcessor, [
        [EMP, '$.emp[0].name'],
        [EMP, '$.emp[0].foo'],
        [EMP, '$.emp[0].bar'],
        [EMP, '$..bar'],
        [EMP, '$.age'],
      ]),
    ).toEqual([
      'John',
      '{"fooName":"fooName"}',
      '{"barName":"b1"}',
      '{"barName":"b2"}',
      '[{"barName":"b1"},{"barName":"b2"}]',
      '[{"barName":"b3"}]',
      '25',
    ]);
  });

  it('writes string elements of a list as JSON text', () => {
    expect(run(tokenizeProcessor, [['{"s": ["Maths", "Physics"]}', '$.s']])).toEqual([
      '"Maths"',
      '"Physics"',
    ]);
  });

  it('drops events whose path selects nothing unless told not to', () => {
    const rows = [
      [EMP, '$.name'],
      [EMP, '$..xyz'],
      [null, '$.a'],
    ];
    expect(run(tokenizeProcessor, rows)).toEqual([]);
    expect(run(tokenizeProcessor, rows, true)).toEqual([]);
    expect(run(tokenizeProcessor, rows, false)).toEqual([null, null, null]);
  });
});

describe('#json:tokenizeAsObject', () => {
  it('emits the elements as objects', () => {
    expect(
      run(tokenizeAsObjectProcessor, [
        [EMP, '$.emp[0].bar'],
        [EMP, '$.emp[1].foo'],
        [EMP, '$.age'],
      ]),
    ).toEqual([{ barName: 'b1' }, { barName: 'b2' }, { fooName: 'fooName2' }, 25]);
  });
});

describe('tokensOf', () => {
  it('treats an empty array as nothing selected', () => {
    expect(tokensOf({ a: [] }, '$.a')).toBeUndefined();
    expect(tokensOf({ a: 'x' }, '$.a')).toEqual({ elements: ['x'], single: true });
  });
});
