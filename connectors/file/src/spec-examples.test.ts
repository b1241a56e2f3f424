// Every example of every file spec is a valid app: it compiles, its options parse, and its
// sources and sinks are created (the app is not started, so nothing is read or written).

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as jsonMappers } from '@tributary/mapper-json';
import { extensions as textMappers } from '@tributary/mapper-text';
import { extensions as xmlMappers } from '@tributary/mapper-xml';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';

const examples = extensions.flatMap((e) =>
  e.spec.examples.map((example, i) => ({
    name: `${e.kind} '${e.spec.name}' example ${String(i + 1)}`,
    siddhi: example.siddhi,
  })),
);

describe('spec examples', () => {
  it('every extension of the package has examples', () => {
    expect(extensions.map((e) => `${e.kind}:${e.spec.name}`)).toEqual([
      'source:file',
      'sink:file',
      'source:fileeventlistener',
    ]);
    expect(extensions.every((e) => e.spec.examples.length > 0)).toBe(true);
  });

  it.each(examples)('$name creates an app', async ({ siddhi }) => {
    const engine = createEngine({
      extensions: createRegistry(
        builtinExtensions,
        { package: '@tributary/connector-file', version: '0.1.0', extensions },
        { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMappers },
        { package: '@tributary/mapper-text', version: '0.1.0', extensions: textMappers },
        { package: '@tributary/mapper-xml', version: '0.1.0', extensions: xmlMappers },
      ),
    });
    const created = engine.createApp(siddhi);
    const found = created.ok ? [] : created.diagnostics.map((d) => `${d.code}: ${d.message}`);
    expect(found).toEqual([]);
    if (created.ok) await created.app.shutdown();
  });
});
