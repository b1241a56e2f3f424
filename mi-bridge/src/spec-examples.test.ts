// Every example of every MI bridge spec is a valid app: it compiles, its options parse, and its
// sources and sinks are created (the app is not started, so nothing connects).

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { extensions as xmlMapperList } from '@tributary/mapper-xml';
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
      'sink:mi',
      'source:mi-reply',
    ]);
    expect(examples.length).toBeGreaterThanOrEqual(extensions.length);
  });

  it.each(examples)('$name creates an app', async ({ siddhi }) => {
    const engine = createEngine({
      extensions: createRegistry(
        builtinExtensions,
        { package: '@tributary/mi-bridge', version: '0.1.0', extensions },
        { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
        { package: '@tributary/mapper-xml', version: '0.1.0', extensions: xmlMapperList },
      ),
    });
    const created = engine.createApp(siddhi);
    const problems = created.ok ? [] : created.diagnostics.map((d) => `${d.code}: ${d.message}`);
    expect(problems).toEqual([]);
    if (created.ok) await created.app.shutdown();
  });
});
