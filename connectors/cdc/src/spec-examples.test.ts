// Every example of the cdc spec is a valid app: it compiles, its options parse and its source
// is created (the app is not started, so nothing connects).

import { describe, expect, it } from 'vitest';
import { createApp } from './cdc-harness.test-support.js';
import { extensions } from './index.js';

const examples = extensions.flatMap((e) =>
  e.spec.examples.map((example, i) => ({
    name: `${e.kind} '${e.spec.name}' example ${String(i + 1)}`,
    siddhi: example.siddhi,
  })),
);

describe('spec examples', () => {
  it('the package holds the cdc source, with examples of both modes', () => {
    expect(extensions.map((e) => `${e.kind}:${e.spec.name}`)).toEqual(['source:cdc']);
    expect(examples.some((e) => e.siddhi.includes("mode='polling'"))).toBe(true);
    expect(examples.some((e) => !e.siddhi.includes("mode='polling'"))).toBe(true);
  });

  it.each(examples)('$name creates an app', async ({ siddhi }) => {
    const app = createApp(siddhi);
    expect(app.name).toBeTruthy();
    await app.shutdown();
  });
});
