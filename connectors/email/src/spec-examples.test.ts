// Every example of the email specs is a valid app (created, not started).

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as textMappers } from '@tributary/mapper-text';
import { extensions as xmlMappers } from '@tributary/mapper-xml';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-email', version: '0.1.0', extensions },
    { package: '@tributary/mapper-text', version: '0.1.0', extensions: textMappers },
    { package: '@tributary/mapper-xml', version: '0.1.0', extensions: xmlMappers },
  ),
});

const examples = extensions.flatMap((e) =>
  e.spec.examples.map((example, i) => ({
    name: `${e.kind} '${e.spec.name}' example ${String(i + 1)}`,
    siddhi: example.siddhi,
  })),
);

describe('email specs', () => {
  it('every extension has examples', () => {
    expect(extensions.map((e) => `${e.kind}:${e.spec.name}`)).toEqual([
      'sink:email',
      'source:email',
    ]);
  });

  it.each(examples)('$name creates an app', async ({ siddhi }) => {
    const created = engine.createApp(siddhi);
    expect(created.ok ? [] : created.diagnostics.map((d) => d.message)).toEqual([]);
    if (created.ok) await created.app.shutdown();
  });

  it('rejects bad option values', () => {
    const created = engine.createApp(
      "@sink(type='email', username='u', address='a', password='p', subject='s', to='t', content.type='text/rtf', @map(type='text')) define stream S (v string);",
    );
    expect(created.ok).toBe(false);
    if (!created.ok) expect(created.diagnostics[0]?.code).toBe('E_INVALID_OPTION');
  });
});
