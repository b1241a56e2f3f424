// Every example of the tcp specs is a valid app (created, not started), and bad URLs and
// option values are rejected at creation.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as binaryMappers } from '@tributary/mapper-binary';
import { extensions as jsonMappers } from '@tributary/mapper-json';
import { describe, expect, it } from 'vitest';
import { extensions, parseTcpUrl } from './index.js';

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-tcp', version: '0.1.0', extensions },
    { package: '@tributary/mapper-binary', version: '0.1.0', extensions: binaryMappers },
    { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMappers },
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

const examples = extensions.flatMap((e) =>
  e.spec.examples.map((example, i) => ({
    name: `${e.kind} '${e.spec.name}' example ${String(i + 1)}`,
    siddhi: example.siddhi,
  })),
);

describe('tcp specs', () => {
  it.each(examples)('$name creates an app', ({ siddhi }) => {
    expect(problems(siddhi)).toEqual([]);
  });

  it('reads sink URLs as siddhi-io-tcp does', () => {
    expect(parseTcpUrl('tcp://localhost:9892/App/Stream')).toEqual({
      host: 'localhost',
      port: 9892,
      context: 'App/Stream',
    });
    expect(() => parseTcpUrl('http://h:1/c')).toThrow(/scheme is not tcp/);
    expect(() => parseTcpUrl('tcp://h:1')).toThrow(/no context/);
    expect(() => parseTcpUrl('tcp://h/c')).toThrow(/no port/);
  });

  it.each([
    ["@sink(type='tcp', url='tcp://h/c')", /no port/],
    ["@sink(type='tcp', url='tcp://h:1/c', sync='maybe')", /E_INVALID_OPTION/],
    ["@source(type='tcp', port='70000')", /port must be/],
    [
      "@source(type='tcp', context='c', @map(type='json', @attributes(symbol='$.s', price='trp:x')))",
      /offers no transport properties/,
    ],
  ])('%s is rejected', (annotation, expected) => {
    expect(
      problems(`${annotation}\ndefine stream S (symbol string, price double);`).join('\n'),
    ).toMatch(expected);
  });

  it('without the binary mapper registered, the default mapping names the missing plugin', () => {
    const bare = createEngine({
      extensions: createRegistry(builtinExtensions, {
        package: '@tributary/connector-tcp',
        version: '0.1.0',
        extensions,
      }),
    });
    const created = bare.createApp("@source(type='tcp') define stream S (a string);");
    expect(created.ok).toBe(false);
    if (!created.ok) expect(created.diagnostics[0]?.message).toMatch(/binary/);
  });
});
