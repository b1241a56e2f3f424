// Unit tests of the regex:* functions with Siddhi's documented results and null handling,
// plus an end-to-end run through the engine with the package registered.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  VirtualClock,
  type AttributeType,
  type Engine,
} from '@tributary/engine';
import type { Extension, FunctionContext } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { extensions } from './index.js';
import { find, group, lookingAt, matches } from './regex-functions.js';

const ctx: FunctionContext = { clock: { now: () => 0 }, functions: { resolve: () => undefined } };

/** Instantiates a function; a string argument type with a value is a constant. */
function fn(
  extension: Extension,
  args: readonly { type: AttributeType | 'null'; value?: unknown }[],
): (...values: unknown[]) => unknown {
  if (extension.kind !== 'function') throw new Error('not a function');
  const instance = extension.spec.create(
    args.map((a) => ({ type: a.type, constant: 'value' in a, value: a.value })),
    ctx,
  );
  const call = instance.call;
  if (call === undefined) throw new Error('no call');
  return (...values) => call(values);
}

const str = { type: 'string' } as const;
const int = { type: 'int' } as const;
const regex = (value: string) => ({ type: 'string' as const, value });
const TEXT = '21 products are produced within 10 years by WSO2 currently by WSO2 employees';

describe('regex functions', () => {
  it('find, from the start or an index', () => {
    const f = fn(find, [regex('\\d\\d(.*)WSO2'), str]);
    expect(f('\\d\\d(.*)WSO2', '21 products are produced by WSO2 currently')).toBe(true);
    expect(f('\\d\\d(.*)WSO2', '21 products are produced currently')).toBe(false);
    const from = fn(find, [str, str, int]);
    expect(from('\\d\\d(.*)WSO2', TEXT, 30)).toBe(true);
    expect(from('\\d\\d(.*)WSO2', TEXT, 60)).toBe(false);
    expect(from('x', 'abc', null)).toBe(false);
    expect(() => from('x', 'abc', 4)).toThrow(RangeError);
  });

  it('find: a null regex fails, a null input is false', () => {
    const f = fn(find, [str, str]);
    expect(f('a', null)).toBe(false);
    expect(() => f(null, 'a')).toThrow(/First argument cannot be null/);
  });

  it('group returns the group of the first match, or null', () => {
    const g = fn(group, [regex('\\d\\d(.*)(WSO2.*)(WSO2.*)'), str, int]);
    expect(g('\\d\\d(.*)(WSO2.*)(WSO2.*)', TEXT, 3)).toBe('WSO2 employees');
    expect(g('\\d\\d(.*)(WSO2.*)(WSO2.*)', TEXT, 4)).toBeNull();
    expect(g('\\d\\d(.*)(WSO2.*)(WSO2.*)', 'no digits', 1)).toBeNull();
    expect(g('\\d\\d(.*)(WSO2.*)(WSO2.*)', TEXT, 0)).toBe(TEXT);
    expect(() => g('x', null, 1)).toThrow(/Second argument cannot be null/);
    expect(() => g('x', 'x', null)).toThrow(/Third argument cannot be null/);
    expect(() => fn(group, [str, str, int])(null, 'x', 1)).toThrow(/First argument/);
  });

  it('lookingAt matches a prefix, matches the whole input', () => {
    const looking = fn(lookingAt, [str, str]);
    const whole = fn(matches, [str, str]);
    const text = 'WSO2 is situated in trace and its a middleware company';
    expect(looking('WSO2(.*)middleware(.*)', text)).toBe(true);
    expect(looking('WSO2(.*)middleware', 'hi WSO2 middleware')).toBe(false);
    expect(whole('WSO2(.*)middleware', text)).toBe(false);
    expect(whole('WSO2(.*)middleware(.*)', text)).toBe(true);
    expect(whole('x', null)).toBe(false);
    expect(() => looking(null, 'x')).toThrow(/First argument cannot be null/);
  });

  it('rejects constant patterns that do not compile', () => {
    if (matches.kind !== 'function') throw new Error('kind');
    expect(
      matches.spec.check?.([
        { type: 'string', constant: true, value: '(unclosed', attribute: false },
        { type: 'string', constant: false, attribute: true },
      ]),
    ).toMatch(/Unclosed group/);
  });
});

describe('@tributary/execution-regex on the engine', () => {
  const engine = (): Engine =>
    createEngine({
      extensions: createRegistry(builtinExtensions, {
        package: packageJson.name,
        version: '0.1.0',
        extensions,
      }),
      timeService: new VirtualClock(0),
      logger: silentLogger,
    });

  it('compiles every example', () => {
    const e = engine();
    for (const extension of extensions) {
      for (const example of extension.spec.examples) {
        expect(e.createApp(example.siddhi).diagnostics, example.siddhi).toEqual([]);
      }
    }
  });

  it('filters and extracts with regexes', () => {
    const created = engine().createApp(`
      define stream In (text string);
      from In[regex:matches('[A-Z]+-\\d+', text)]
      select regex:group('([A-Z]+)-(\\d+)', text, 2) as num, regex:find('7', text) as seven
      insert into Out;`);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
    const rows: unknown[][] = [];
    created.app.onStream('Out', (events) => {
      for (const e of events) rows.push([...e.data]);
    });
    created.app.start();
    for (const text of ['AB-17', 'ab-1', 'XY-22']) created.app.input('In').send([text]);
    expect(rows).toEqual([
      ['17', true],
      ['22', false],
    ]);
  });
});
