// Every example of every websocket spec is a valid app: it compiles, its options parse, and its
// sources and sinks are created (the app is not started, so nothing listens or connects).

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as jsonMappers } from '@tributary/mapper-json';
import { extensions as xmlMappers } from '@tributary/mapper-xml';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';

const examples = extensions.flatMap((e) =>
  e.spec.examples.map((example, i) => ({
    name: `${e.kind} '${e.spec.name}' example ${String(i + 1)}`,
    siddhi: example.siddhi,
  })),
);

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-websocket', version: '0.1.0', extensions },
    { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMappers },
    { package: '@tributary/mapper-xml', version: '0.1.0', extensions: xmlMappers },
  ),
});

function problems(text: string): string[] {
  const created = engine.createApp(text);
  if (created.ok) {
    void created.app.shutdown();
    return [];
  }
  return created.diagnostics.map((d) => `${d.code}: ${d.message}`);
}

describe('spec examples', () => {
  it('every extension of the package has examples', () => {
    expect(extensions.map((e) => `${e.kind}:${e.spec.name}`)).toEqual([
      'source:websocket',
      'sink:websocket',
      'source:websocket-server',
      'sink:websocket-server',
    ]);
    expect(extensions.every((e) => e.spec.examples.length > 0)).toBe(true);
  });

  it.each(examples)('$name creates an app', ({ siddhi }) => {
    expect(problems(siddhi)).toEqual([]);
  });
});

describe('option checks at app creation', () => {
  it.each([
    ["@source(type='websocket', url='http://x/y', @map(type='json'))", /ws or wss scheme/],
    ["@source(type='websocket', url='not a url', @map(type='json'))", /is not a URL/],
    ["@sink(type='websocket', url='ws://x/y', headers='broken', @map(type='json'))", /name:value/],
    [
      "@sink(type='websocket', url='ws://x/y', idle.timeout='0', @map(type='json'))",
      /idle.timeout/,
    ],
    [
      "@source(type='websocket-server', host='0.0.0.0', port='9025', tls.enabled='true', @map(type='json'))",
      /needs keystore.path/,
    ],
    [
      "@sink(type='websocket-server', host='0.0.0.0', port='70000', @map(type='json'))",
      /port must be/,
    ],
    ["@sink(type='websocket-server', port='9025', @map(type='json'))", /E_MISSING_OPTION/],
  ])('%s is rejected', (source, expected) => {
    expect(
      problems(`${source}\ndefine stream S (symbol string, price double);`).join('\n'),
    ).toMatch(expected);
  });
});
