// Every example of the prometheus specs is a valid app (created, not started).

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as textMappers } from '@tributary/mapper-text';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-prometheus', version: '0.1.0', extensions },
    { package: '@tributary/mapper-text', version: '0.1.0', extensions: textMappers },
  ),
});

const examples = extensions.flatMap((e) =>
  e.spec.examples.map((example, i) => ({
    name: `${e.kind} '${e.spec.name}' example ${String(i + 1)}`,
    siddhi: example.siddhi,
  })),
);

describe('prometheus specs', () => {
  it('every extension has examples', () => {
    expect(extensions.map((e) => `${e.kind}:${e.spec.name}`)).toEqual([
      'sink:prometheus',
      'source:prometheus',
    ]);
  });

  it.each(examples)('$name creates an app', async ({ siddhi }) => {
    const created = engine.createApp(siddhi);
    expect(created.ok ? [] : created.diagnostics.map((d) => d.message)).toEqual([]);
    if (created.ok) await created.app.shutdown();
  });
});
